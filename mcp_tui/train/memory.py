"""Peak GPU memory of a training run, predicted before it starts.

Used by the new-run wizard and `mcp-tui train --dry-run`: from the model's config.json
and the run config it adds up, in bytes, what lives on the GPU at the worst moment of a
step, which is the backward pass of one decoder layer:
- weights: the 4-bit (or 8-bit, or plain) linears, plus embeddings, norms and output layer
  in the weights dtype (fp32 when peft's prepare_model_for_kbit_training upcasts them; the
  input embedding not at all under `train.embedding_offload`);
- adapters: LoRA weights and their gradients, fp32;
- optimizer: its state (paged 8-bit state lives outside PyTorch's allocator);
- activations: the checkpointed layer inputs (layers x tokens x hidden, unless offloaded),
  everything one layer saves for its backward, and the gradient transients of that backward;
  plus, for each layer that skips recomputation (`train.unchecked_layers`), all it saves;
- logits: Liger's fused loss keeps one chunk of logits; the model's own loss keeps the
  whole (tokens x vocabulary) logits in low precision and fp32, plus their gradient;
- workspace: the dequantized copy of the largest 4-bit weight during its matmul, autocast's
  low-precision copies of fp32 weights, library workspaces.
Each saved tensor is counted from the architecture (see `_layer_saved`), not fitted; the
benchmark (bench/qlora_bench.py) compares the total with measured peaks.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcp_tui.config import lora_targets

if TYPE_CHECKING:
    from mcp_tui.config import RunConfig

GIB = 1024**3
_DTYPE_BYTES = {"float32": 4, "bfloat16": 2, "float16": 2}
_WORKSPACE_FIXED = 64 * 1024**2  # cuBLAS/cuDNN workspaces, RNG state, small buffers
FIT_MARGIN = 0.05  # allocator fragmentation on top of the estimate

# config.json size fields of the presets' models, for estimates before a download.
KNOWN_SHAPES: dict[str, dict[str, Any]] = {
    "mistralai/Devstral-Small-2507": {
        "model_type": "mistral", "hidden_size": 5120, "intermediate_size": 32768, "num_hidden_layers": 40,
        "num_attention_heads": 32, "num_key_value_heads": 8, "head_dim": 128, "vocab_size": 131072,
        "tie_word_embeddings": False},
    "Qwen/Qwen2.5-Coder-7B-Instruct": {
        "model_type": "qwen2", "hidden_size": 3584, "intermediate_size": 18944, "num_hidden_layers": 28,
        "num_attention_heads": 28, "num_key_value_heads": 4, "head_dim": 128, "vocab_size": 152064,
        "tie_word_embeddings": False},
}
KNOWN_SHAPES["mistralai/Devstral-Small-2505"] = KNOWN_SHAPES["mistralai/Devstral-Small-2507"]
# Devstral Small 2: a Mistral3ForConditionalGeneration whose text_config is 2507's layer shape
# as a ministral3 model (bench/shapes/devstral-small-2.json has the whole config and its
# sources). Only its language model is ever on the GPU (train/stream_load.py), so the
# ~0.4B-parameter vision tower is not counted.
KNOWN_SHAPES["mistralai/Devstral-Small-2-24B-Instruct-2512"] = {
    "model_type": "mistral3", "tie_word_embeddings": False,
    "text_config": {**KNOWN_SHAPES["mistralai/Devstral-Small-2507"], "model_type": "ministral3"}}


@dataclass(frozen=True)
class Shape:
    """The sizes of a decoder-only transformer that set its memory."""

    hidden: int
    intermediate: int
    layers: int
    heads: int
    kv_heads: int
    head_dim: int
    vocab: int
    tied: bool
    model_type: str = ""

    @classmethod
    def from_config(cls, config: dict[str, Any]) -> Shape:
        """From a config.json dict (text models; a multimodal config's `text_config` is used:
        the vision tower is never loaded onto the GPU)."""
        c = config.get("text_config") or config
        try:
            heads = int(c["num_attention_heads"])
            return cls(hidden=int(c["hidden_size"]), intermediate=int(c["intermediate_size"]),
                       layers=int(c["num_hidden_layers"]), heads=heads,
                       kv_heads=int(c.get("num_key_value_heads") or heads),
                       head_dim=int(c.get("head_dim") or c["hidden_size"] // heads),
                       vocab=int(c["vocab_size"]), tied=bool(config.get("tie_word_embeddings", False)),
                       model_type=str(c.get("model_type") or config.get("model_type") or ""))
        except KeyError as exc:
            raise ValueError(f"config.json has no '{exc.args[0]}': not a decoder-only transformer config") from None

    @property
    def q_width(self) -> int:
        return self.heads * self.head_dim

    @property
    def kv_width(self) -> int:
        return self.kv_heads * self.head_dim

    def proj_dims(self) -> dict[str, tuple[int, int]]:
        """(in, out) of each projection of a layer."""
        h, i, q, kv = self.hidden, self.intermediate, self.q_width, self.kv_width
        return {"q_proj": (h, q), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (q, h),
                "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}

    def linear_params(self) -> int:
        return self.layers * sum(a * b for a, b in self.proj_dims().values())

    def unquantized_params(self) -> int:
        """Embeddings, output layer (unless tied) and norms: never quantized."""
        return self.vocab * self.hidden * (1 if self.tied else 2) + (2 * self.layers + 1) * self.hidden


@dataclass
class Estimate:
    """Predicted peak GPU memory of a step, in bytes, by component."""

    weights: float
    adapters: float
    optimizer: float
    activations: float
    logits: float
    workspace: float
    optimizer_paged: bool = False
    tokens: int = 0
    unchecked_layers: int = 0
    layers: int = 0

    @property
    def total(self) -> float:
        return self.weights + self.adapters + self.optimizer + self.activations + self.logits + self.workspace

    @property
    def allocator_peak(self) -> float:
        """What torch.cuda.max_memory_allocated will show: paged optimizer state lives in
        CUDA managed memory, outside PyTorch's allocator."""
        return self.total - (self.optimizer if self.optimizer_paged else 0.0)

    def gib(self) -> dict[str, float]:
        parts = {f.name: getattr(self, f.name) / GIB for f in fields(self)
                 if f.name not in ("optimizer_paged", "tokens", "unchecked_layers", "layers")}
        return {**{k: round(v, 3) for k, v in parts.items()}, "total": round(self.total / GIB, 3)}

    def fits(self, budget_gib: float, margin: float = FIT_MARGIN) -> bool:
        """True when the total plus an allocator-fragmentation margin fits the budget."""
        return self.total * (1 + margin) <= budget_gib * GIB

    def lines(self) -> list[str]:
        """Human-readable breakdown, one component per line (for --dry-run and the wizard)."""
        notes = {"optimizer": " (paged: may spill to host memory)" if self.optimizer_paged else ""}
        if self.unchecked_layers:
            notes["activations"] = (f" ({self.unchecked_layers} of {self.layers} layers keep theirs: "
                                    "no recomputation there)")
        rows = [f"  {name:<12} {value:7.2f} GiB{notes.get(name, '')}" for name, value in self.gib().items()
                if name != "total"]
        return rows + [f"  {'total':<12} {self.total / GIB:7.2f} GiB for {self.tokens} tokens per micro-batch"]


def _quantized_bytes(n: int, cfg: RunConfig) -> float:
    """Bytes of n weights under bitsandbytes: 4-bit codes plus per-64 block scales (fp32,
    or 8-bit with fp32 scales per 256 blocks under double quantization); int8 plus a
    per-row scale; or the plain weights dtype."""
    if cfg.quant.mode == "4bit":
        scales = (1 / 64 + 4 / (64 * 256)) if cfg.quant.double_quant else 4 / 64
        return n * (0.5 + scales)
    if cfg.quant.mode == "8bit":
        return n * 1.0
    return n * _DTYPE_BYTES[_weights_dtype(cfg)]


def _weights_dtype(cfg: RunConfig) -> str:
    """The weights dtype the estimate is made for (train/dtype.py's plan; a GPU run's on an
    Ampere or newer card)."""
    from mcp_tui.train.dtype import planned_dtype

    return planned_dtype(cfg.model.dtype, cfg.train.device, gpu_here=False).name


def _layer_saved(shape: Shape, cfg: RunConfig, targets: tuple[str, ...], act: int, resid: int, liger: bool
                 ) -> tuple[float, float]:
    """Bytes per token that one decoder layer saves for its backward: (attention half,
    MLP half), not counting the layer input (the checkpoint keeps that)."""
    h, i, q, kv = shape.hidden, shape.intermediate, shape.q_width, shape.kv_width
    dropout = cfg.lora.dropout > 0
    # Inputs of the projections; LoRA's lora_A saves its input (after dropout: a new
    # tensor plus a one-byte mask per module), the 4-bit base matmul saves none.
    groups = {"x_attn": (h, ("q_proj", "k_proj", "v_proj")), "attn_out": (q, ("o_proj",)),
              "x_mlp": (h, ("gate_proj", "up_proj")), "mlp_mid": (i, ("down_proj",))}
    lora = {}
    for name, (width, mods) in groups.items():
        n = sum(m in targets for m in mods)
        lora[name] = n * (act + 1) * width if dropout else (act * width if n else 0)
    norm = resid * h + 4 if liger else 2 * 4 * h + act * h  # Liger: input + rstd; HF: fp32 copies
    attention = (lora["x_attn"] + lora["attn_out"] + act * (2 * q + 2 * kv) + 4 * shape.heads)
    mlp = norm + lora["x_mlp"] + lora["mlp_mid"] + act * (2 if liger else 3) * i
    return attention, mlp


def unchecked_layers_allowed(cfg: RunConfig) -> bool:
    """Skipping recomputation on some layers applies to plain gradient checkpointing only:
    offloaded or tiled activations exist to save memory that kept layers would spend."""
    t = cfg.train
    return t.gradient_checkpointing and not t.activation_offload and not t.tiled_mlp


def estimate(config: dict[str, Any], cfg: RunConfig, *, seq_len: int | None = None, batch_size: int | None = None,
             upcast_fp32: bool = False, budget_gib: float | None = None, ranks: int = 1) -> Estimate:
    """Peak memory of one GPU training `cfg` on the model described by `config`
    (config.json), for micro-batches of `batch_size` rows of `seq_len` tokens (defaults: the
    config's), with `ranks` GPUs sharing the run (see `_spread`).
    `upcast_fp32` models peft's prepare_model_for_kbit_training (our path never upcasts).
    With `train.unchecked_layers = -1` the layers that keep their activations are as many
    as fit `budget_gib` with the FIT_MARGIN (none without a budget)."""
    args = (config, cfg, seq_len, batch_size, upcast_fp32, ranks)
    base = _estimate(*args, unchecked=0)
    wanted = cfg.train.unchecked_layers
    if not unchecked_layers_allowed(cfg) or wanted == 0 or (wanted < 0 and budget_gib is None):
        return base
    per_layer = _estimate(*args, unchecked=1).total - base.total
    if wanted < 0:
        room = budget_gib * GIB / (1 + FIT_MARGIN) - base.total
        wanted = max(0, int(room // per_layer)) if per_layer > 0 else 0
    return _estimate(*args, unchecked=min(wanted, base.layers))


def _spread(ranks: int, weights: float, adapters: float, optimizer: float, lora_params: int
            ) -> tuple[float, float, float]:
    """(weights, adapters, optimizer) on one GPU of `ranks` (DDP; config.validate refuses
    FSDP): a whole copy on each, plus DDP's gradient buckets (a flat fp32 copy of the
    adapter gradients)."""
    if ranks <= 1:
        return weights, adapters, optimizer
    return weights, adapters + lora_params * 4, optimizer


def _estimate(config: dict[str, Any], cfg: RunConfig, seq_len: int | None, batch_size: int | None,
              upcast_fp32: bool, ranks: int, unchecked: int) -> Estimate:
    shape = Shape.from_config(config)
    seq = seq_len or cfg.data.max_seq_len
    tokens = (batch_size or cfg.train.batch_size) * seq
    wdtype = "float32" if upcast_fp32 else _weights_dtype(cfg)
    act = 4 if _weights_dtype(cfg) == "float32" and cfg.quant.mode == "none" else 2
    resid = 4 if upcast_fp32 or wdtype == "float32" else act
    liger = cfg.train.liger_kernel and cfg.train.device != "cpu"
    targets = lora_targets(cfg.lora)

    unquantized = shape.unquantized_params()
    if cfg.train.embedding_offload and not shape.tied and cfg.train.device != "cpu":
        unquantized -= shape.vocab * shape.hidden  # the input embedding stays in host memory
    weights = _quantized_bytes(shape.linear_params(), cfg) + unquantized * _DTYPE_BYTES[wdtype]
    adapted = min(cfg.lora.last_layers or shape.layers, shape.layers)
    lora_params = adapted * sum(cfg.lora.r * (a + b) for m, (a, b) in shape.proj_dims().items() if m in targets)
    adapters = lora_params * 4 * 2
    optim_bytes = {"adamw_torch": 8, "adamw_torch_fused": 8, "paged_adamw_8bit": 2, "adamw_8bit": 2, "sgd": 0}
    optimizer = lora_params * optim_bytes.get(cfg.train.optim, 8)
    weights, adapters, optimizer = _spread(ranks, weights, adapters, optimizer, lora_params)

    attention, mlp = _layer_saved(shape, cfg, targets, act, resid, liger)
    transient = act * (shape.intermediate + shape.hidden)  # gradient of the MLP's middle, of the layer output
    if cfg.train.gradient_checkpointing:
        kept = resid * shape.hidden * (1 if cfg.train.activation_offload else shape.layers)
        if cfg.train.tiled_mlp:
            slice_tokens = math.ceil(seq / max(1, math.ceil(seq / shape.hidden)))
            per_token = kept + attention + 2 * act * shape.hidden
            activations = tokens * per_token + slice_tokens * (tokens // seq) * (mlp + transient)
        else:
            activations = tokens * (kept + (1 + unchecked) * (attention + mlp) + transient)
    else:
        activations = tokens * (shape.layers * (resid * shape.hidden + attention + mlp) + transient)

    if liger:  # one chunk of logits; the loss's input gradient and the final norm's input, per token
        per_chunk = math.ceil(tokens / math.ceil(shape.vocab / shape.hidden))  # Liger's own chunking rule
        chunk = min(tokens, 2 ** math.ceil(math.log2(max(1, per_chunk))))
        logits = chunk * shape.vocab * act + tokens * shape.hidden * (act + resid)
    else:  # low-precision logits, their fp32 upcast, and the fp32 gradient
        logits = tokens * shape.vocab * (act + 4 + 4) + tokens * shape.hidden * (2 * 4 + act)

    workspace = _WORKSPACE_FIXED
    if cfg.quant.mode in ("4bit", "8bit"):
        workspace += act * max(a * b for a, b in shape.proj_dims().values())
    if upcast_fp32:  # autocast keeps a low-precision copy of the fp32 output layer
        workspace += act * shape.vocab * shape.hidden
    return Estimate(weights=weights, adapters=adapters, optimizer=optimizer, activations=activations,
                    logits=logits, workspace=workspace,
                    optimizer_paged=cfg.train.optim.startswith("paged_"), tokens=tokens,
                    unchecked_layers=unchecked, layers=shape.layers)


def model_config_for(cfg: RunConfig) -> dict[str, Any]:
    """The model's config.json as a dict: from the local model (the demo model, a folder, a
    GGUF or a cached hub id), else from KNOWN_SHAPES for the presets' models."""
    if cfg.model.source in KNOWN_SHAPES:
        return dict(KNOWN_SHAPES[cfg.model.source])
    from mcp_tui.train.model import resolve_model

    folder = resolve_model(cfg.model)
    return json.loads((Path(folder) / "config.json").read_text(encoding="utf-8"))


def dry_run_report(cfg: RunConfig, budget_gib: float | None = None, ranks: int | None = None) -> str:
    """What `mcp-tui train --dry-run` prints: the breakdown for one GPU, the weights' dtype and
    why, and whether it fits `budget_gib` (default: this machine's GPU less 1 GiB for the CUDA
    context; else a 24 GB card's 23 GiB), with the run spread over `ranks` GPUs (default: as
    `train.gpus` plans it here; without a GPU here, the number it names, auto counting as one)."""
    import torch

    from mcp_tui.train.dtype import planned_dtype

    dtype_line = planned_dtype(cfg.model.dtype, cfg.train.device, torch.cuda.is_available()).describe()
    config = model_config_for(cfg)
    if cfg.train.device == "cpu":
        head = (f"{cfg.model.source}: peak host memory of training tensors for {cfg.train.batch_size} x "
                f"{cfg.data.max_seq_len} tokens (estimate; within 10% of every peak measured on GPU)")
        return "\n".join([head, dtype_line, *estimate(config, cfg).lines()])
    where, ranks_why = "an RTX 3090 / 4090 (24 GB; ~23 GiB usable)", ""
    if ranks is None and torch.cuda.is_available():
        from mcp_tui.train.torchrun import plan_ranks

        plan = plan_ranks(cfg)
        ranks, ranks_why = plan.count, f" ({plan.why})"
    ranks = ranks or (cfg.train.gpus if isinstance(cfg.train.gpus, int) else 1)
    if budget_gib is None and torch.cuda.is_available():
        total = torch.cuda.mem_get_info()[1]
        budget_gib, where = total / GIB - 1.0, f"this GPU ({torch.cuda.get_device_name(0)}, {total / GIB:.0f} GiB)"
    budget_gib = 23.0 if budget_gib is None else budget_gib
    spread = "" if ranks == 1 else f", on each of {ranks} GPUs ({cfg.train.strategy}){ranks_why}"
    head = (f"{cfg.model.source}: peak GPU memory of training tensors for {cfg.train.batch_size} x "
            f"{cfg.data.max_seq_len} tokens, per GPU{spread} (estimate; within 10% of every peak measured on GPU)")
    e = estimate(config, cfg, budget_gib=budget_gib, ranks=ranks)
    verdict = "fits" if e.fits(budget_gib) else "does NOT fit"
    return "\n".join([head, dtype_line, *e.lines(), f"{verdict} {where}: {e.total / GIB:.1f} GiB + {FIT_MARGIN:.0%} margin = "
                       f"{(1 + FIT_MARGIN) * e.total / GIB:.1f} GiB against {budget_gib:.1f} GiB"])
