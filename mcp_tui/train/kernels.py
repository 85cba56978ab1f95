"""Memory and speed switches for a loaded base model, one config switch each.

The engine calls three hooks: `prepare_model(model, cfg)` after loading and before LoRA is
attached, `prepare_adapters(model, cfg)` after, and `training_context(cfg)` around each
training forward. What each switch saves is measured in bench/ (see the README's table);
in short, for Devstral Small:
- train.liger_kernel: Liger's fused linear cross-entropy never materializes the
  (sequence x 131072) logits; its RMSNorm, SwiGLU and RoPE kernels save a little more.
- train.gradient_checkpointing: non-reentrant, so the inputs need no requires_grad hack
  and the frozen 4-bit base never gets an fp32 upcast (no prepare_model_for_kbit_training).
  Recomputation is a third of a QLoRA step's matmuls (the frozen base has no weight
  gradients, so forward, recompute and backward cost the same): train.unchecked_layers
  lets the last layers keep their activations, and -1 spends whatever memory the VRAM
  estimate leaves free on the GPU that way.
- train.activation_offload: the checkpointed layer inputs (layers x sequence x hidden)
  go to pinned host memory during the forward and come back for the backward.
- train.tiled_mlp: the MLP runs in sequence slices (see tiled_mlp.py).
- train.embedding_offload: the frozen input embedding stays in host memory (host_embedding.py).
- data.packing: packed rows use padding-free variable-length attention (varlen_attention.py).
- train.optim = paged_adamw_8bit: 8-bit optimizer state in paged (host-backed) memory.
- train.fused_lora: each LoRA linear as one autograd function (fused_lora.py).

Every switch falls back cleanly: a missing package, no CUDA or an unsupported architecture
leaves the plain PyTorch path in place and says so in the returned notes.
"""

from __future__ import annotations

import contextlib
import importlib.util
from typing import TYPE_CHECKING, Any, ContextManager

from mcp_tui.train import distributed, fused_lora, host_embedding, memory, tiled_mlp, varlen_attention

if TYPE_CHECKING:
    from mcp_tui.config import RunConfig

# Model types Liger does not list whose modules are those of one it does: transformers'
# ministral3 (Devstral Small 2) is Mistral's layer with the same names, RMSNorm, SwiGLU MLP,
# RoPE function and causal-LM forward; its YaRN frequencies come in through cos/sin and its
# attention-temperature term multiplies the query after RoPE, neither of which Liger touches.
LIGER_AS = {"ministral3": "mistral"}


def liger_status(model_type: str) -> str | None:
    """None when Liger kernels can patch this architecture here, else why not (one line)."""
    import torch

    if importlib.util.find_spec("liger_kernel") is None:
        return "liger-kernel is not installed (pip install liger-kernel)"
    if not torch.cuda.is_available():
        return "Liger kernels are Triton GPU kernels and this machine has no CUDA GPU"
    from liger_kernel.transformers.monkey_patch import MODEL_TYPE_TO_APPLY_LIGER_FN

    if LIGER_AS.get(model_type, model_type) not in MODEL_TYPE_TO_APPLY_LIGER_FN:
        return f"Liger has no kernels for model type '{model_type}'"
    return None


def _apply_liger(model: Any) -> str:
    """Patch the model instance: fused linear cross-entropy, RMSNorm, SwiGLU, RoPE."""
    from liger_kernel.transformers import _apply_liger_kernel_to_instance

    kinds = {"fused_linear_cross_entropy": True, "cross_entropy": False, "rms_norm": True, "swiglu": True}
    model_type = model.config.model_type
    if model_type not in LIGER_AS:
        _apply_liger_kernel_to_instance(model=model, rope=True, **kinds)
        return "liger: fused linear cross-entropy, RMSNorm, SwiGLU, RoPE"
    import sys

    from liger_kernel.transformers.monkey_patch import MODEL_TYPE_TO_APPLY_LIGER_FN
    from liger_kernel.transformers.rope import liger_rotary_pos_emb

    # Liger patches RoPE by replacing the modeling module's function, as it does for Mistral.
    MODEL_TYPE_TO_APPLY_LIGER_FN[LIGER_AS[model_type]](model=model, rope=False, **kinds)
    sys.modules[type(model).__module__].apply_rotary_pos_emb = liger_rotary_pos_emb
    return f"liger ({LIGER_AS[model_type]} kernels on {model_type}): fused linear cross-entropy, RMSNorm, SwiGLU, RoPE"


def decoder_layers(model: Any) -> list[Any]:
    """The transformer blocks of a causal LM (Llama/Mistral/Qwen layout: model.model.layers)."""
    base = getattr(model, model.base_model_prefix, model)
    layers = getattr(base, "layers", None)
    if layers is None:
        raise ValueError(f"{type(model).__name__}: no decoder layers found at .{model.base_model_prefix}.layers")
    return list(layers)


def recomputed_layers(model: Any) -> list[bool]:
    """Per decoder layer, whether its forward is recomputed in the backward: checkpointing
    is on for it and it is in training mode (transformers skips checkpointing in eval mode)."""
    return [bool(getattr(layer, "gradient_checkpointing", False)) and layer.training for layer in decoder_layers(model)]


def _keep_base_in_compute_dtype(model: Any, cfg: RunConfig) -> int:
    """Cast floating base parameters that are not quantized (embeddings, norms, output
    layer) to the compute dtype if anything left them in fp32: on a 131k vocabulary the
    fp32 embedding and output layers alone cost 5 GiB. Returns how many were cast."""
    import torch

    if cfg.quant.mode == "none":
        return 0
    dtype = getattr(torch, cfg.quant.compute_dtype)
    cast = 0
    for param in model.parameters():
        if param.dtype == torch.float32 and param.__class__.__name__ not in ("Params4bit", "Int8Params"):
            param.data = param.data.to(dtype)
            cast += 1
    return cast


def prepare_model(model: Any, cfg: RunConfig) -> list[str]:
    """Apply the memory/speed switches of `cfg` to a freshly loaded model, before LoRA.
    Returns one note per switch (applied, or why it fell back) for the run's event log."""
    import torch

    notes: list[str] = []
    # from_pretrained and the streamed loader return a model in eval mode, where transformers
    # skips gradient checkpointing and Liger's forward materializes the whole logits; the
    # Trainer switches to training mode at each step, and so must anything else that trains
    # this model (bench/qlora_bench.py's Stepper does): without it an 8192-token step of
    # Devstral Small 2 ran out of 23 GiB instead of peaking at 19.6 GiB.
    model.train()
    model.config.use_cache = False
    for param in model.parameters():
        param.requires_grad_(False)
    cast = _keep_base_in_compute_dtype(model, cfg)
    if cast:
        notes.append(f"cast {cast} unquantized fp32 base tensors to {cfg.quant.compute_dtype}")
    if cfg.train.liger_kernel:
        reason = liger_status(model.config.model_type)
        notes.append(f"liger_kernel off: {reason}" if reason else _apply_liger(model))
    if cfg.train.tiled_mlp:
        hidden = model.config.hidden_size
        for layer in decoder_layers(model):
            tiled_mlp.tile_mlp(layer.mlp, hidden)
        notes.append(f"tiled MLP: one slice per {hidden} tokens")
    if cfg.train.gradient_checkpointing:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        notes.append("gradient checkpointing: non-reentrant" + _keep_activations(model, cfg))
    if cfg.data.packing and cfg.train.attn_implementation == "sdpa":
        model.set_attn_implementation(varlen_attention.register())
        varlen_ok = varlen_attention.available() and torch.cuda.is_available()
        notes.append("packing: padding-free varlen flash attention" if varlen_ok else
                     "packing: this PyTorch/device has no varlen flash attention; SDPA with a block mask")
    if cfg.train.activation_offload and not torch.cuda.is_available():
        notes.append("activation_offload off: no CUDA GPU (activations already live in host memory)")
    if cfg.train.embedding_offload:
        on_gpu = model.get_input_embeddings().weight.is_cuda
        notes.append(host_embedding.offload_input_embedding(model) if on_gpu else
                     "embedding_offload off: the input embedding is not on a CUDA GPU")
    return notes


def gpu_budget_gib() -> float:
    """GPU memory this process may use in all: what it holds plus what is free, within
    any per-process cap (torch.cuda.set_per_process_memory_fraction)."""
    import torch

    free, total = torch.cuda.mem_get_info()
    fraction = getattr(torch.cuda, "get_per_process_memory_fraction", lambda: 1.0)()
    return min(total * fraction, free + torch.cuda.memory_reserved()) / memory.GIB


def _keep_activations(model: Any, cfg: RunConfig) -> str:
    """Turn checkpointing off on the last layers that train.unchecked_layers asks for
    (-1: as many as the estimate fits in this GPU's free memory); the note's suffix."""
    import torch

    wanted = cfg.train.unchecked_layers
    if wanted == 0:
        return ""
    if not memory.unchecked_layers_allowed(cfg):
        return "; unchecked_layers off: activation offload and tiled MLP need every layer recomputed"
    layers = decoder_layers(model)
    how = ""
    if wanted < 0:
        if not torch.cuda.is_available():
            return "; unchecked_layers = -1 needs a CUDA GPU to size: every layer recomputes"
        budget = gpu_budget_gib()
        # A DDP rank also holds its gradient buckets: sized as a rank of this run.
        wanted = memory.estimate(model.config.to_dict(), cfg, budget_gib=budget,
                                 ranks=distributed.world_size()).unchecked_layers
        how = f" (auto: what the estimate fits in {budget:.1f} GiB)"
    kept = min(wanted, len(layers))
    for layer in layers[len(layers) - kept:]:
        layer.gradient_checkpointing = False
    return f"; the last {kept} of {len(layers)} layers keep their activations{how}"


def prepare_adapters(model: Any, cfg: RunConfig) -> list[str]:
    """Apply the switches that act on the attached LoRA layers; one note each, as above."""
    if not cfg.train.fused_lora:
        return []
    fused, kept = fused_lora.fuse_lora_layers(model)
    note = f"fused LoRA: {fused} linear layers"
    return [note + (f" ({kept} left on PEFT's forward: LoRA variant or layer kind it does not cover)" if kept else "")]


def training_context(cfg: RunConfig) -> ContextManager[Any]:
    """Context for a training forward: with `train.activation_offload`, every tensor saved
    for the backward (chiefly the checkpointed layer inputs) lives in pinned host memory."""
    import torch

    if cfg.train.activation_offload and torch.cuda.is_available():
        return torch.autograd.graph.save_on_cpu(pin_memory=True)
    return contextlib.nullcontext()


def optimizer_name(cfg: RunConfig) -> str:
    """The Trainer `optim` to use: the configured one, except that bitsandbytes' 8-bit
    optimizers need CUDA and fall back to AdamW (fused on GPU) where it is missing."""
    import torch

    if cfg.train.optim in ("paged_adamw_8bit", "adamw_8bit"):
        if not torch.cuda.is_available() or importlib.util.find_spec("bitsandbytes") is None:
            return "adamw_torch"
    return cfg.train.optim
