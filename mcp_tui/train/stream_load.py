"""Streamed loading: the text model built empty, then filled one checkpoint tensor at a time.

Used for the layouts transformers cannot quantize as it loads (model_kind.py): the language
model of a Mistral3 checkpoint, and FP8 checkpoints. The model is created on the meta device
(no memory), bitsandbytes' linear layers are swapped in by transformers' own quantizer, then
each shard is opened in turn and each tensor read, dequantized when it is FP8 (on the target
device), cast, and placed: a linear weight is quantized to NF4 (or int8) on the GPU at once
and its bf16 copy freed. Neither the GPU nor host memory ever holds the bf16 model: the GPU
holds the quantized model so far plus one weight, the host one shard's pages plus one tensor
(bench/fp8_load.py measures both).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcp_tui.train.model_kind import ModelKind, ModelKindError

if TYPE_CHECKING:
    import torch
    from transformers import PreTrainedModel


class StreamLoadError(ValueError):
    """A checkpoint that does not fit the model built from its config; says which tensor."""


def load_streamed(folder: Path, kind: ModelKind, *, device: torch.device, dtype: torch.dtype,
                  quantization: Any = None, attn_implementation: str = "sdpa") -> PreTrainedModel:
    """The text model of `folder` on `device`, its linear layers quantized by `quantization`
    (a BitsAndBytesConfig) or kept in `dtype` when it is None."""
    from safetensors import safe_open

    from mcp_tui.train.weights import CheckpointError, open_checkpoint

    try:
        checkpoint = open_checkpoint(folder)
    except CheckpointError as exc:
        raise StreamLoadError(str(exc)) from None
    model = _empty_model(kind, dtype, attn_implementation)
    quantizer = _quantizer(quantization, model, device)
    loaded: set[str] = set()
    for shard in checkpoint.shards:
        with safe_open(str(shard), framework="pt") as handle:
            for key in checkpoint.shard_tensors(shard):
                try:
                    name = kind.text_name(key)
                except ModelKindError as exc:
                    raise StreamLoadError(f"{shard}: {exc}") from None
                if name is None:
                    continue
                tensor = checkpoint.read(handle, key, device)
                _place(model, name, tensor, dtype, quantizer, f"{shard}: {key}")
                loaded.add(name)
    _finish(model, folder, loaded, device, quantizer)
    return model


def _empty_model(kind: ModelKind, dtype: torch.dtype, attn_implementation: str) -> PreTrainedModel:
    """The text model with parameters on the meta device; buffers (RoPE frequencies) are
    real, computed from the config as a normal load computes them."""
    from accelerate import init_empty_weights
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = {k: v for k, v in kind.text_config.items() if k not in ("model_type", "quantization_config")}
    config = AutoConfig.for_model(kind.text_config["model_type"], **fields)
    with init_empty_weights(include_buffers=False):
        return AutoModelForCausalLM.from_config(config, dtype=dtype, attn_implementation=attn_implementation)


def _quantizer(quantization: Any, model: PreTrainedModel, device: torch.device) -> Any:
    """transformers' bitsandbytes quantizer, with the model's linear layers already swapped
    for bitsandbytes ones (still empty), exactly as from_pretrained prepares them."""
    if quantization is None:
        return None
    from transformers.quantizers import AutoHfQuantizer

    quantizer = AutoHfQuantizer.from_config(quantization, pre_quantized=False)
    device_map = {"": device}
    quantizer.validate_environment(device_map=device_map)
    quantizer.preprocess_model(model, device_map=device_map)
    return quantizer


def _place(model: PreTrainedModel, name: str, tensor: torch.Tensor, dtype: torch.dtype, quantizer: Any,
           where: str) -> None:
    """Put one checkpoint tensor into the empty model: quantized when the quantizer wants it,
    else as a frozen parameter in `dtype`."""
    import torch

    module_name, _, attr = name.rpartition(".")
    try:
        module = model.get_submodule(module_name)
        expected = module._parameters[attr]
    except (AttributeError, KeyError):
        raise StreamLoadError(f"{where}: the {type(model).__name__} built from config.json has no {name}") from None
    if tuple(expected.shape) != tuple(tensor.shape):
        raise StreamLoadError(f"{where}: shape {tuple(tensor.shape)} but config.json makes {name} "
                              f"{tuple(expected.shape)}; the config does not describe these weights")
    if tensor.is_floating_point():
        tensor = tensor.to(dtype)
    if quantizer is not None and quantizer.param_needs_quantization(model, name):
        value = quantizer.get_quantize_ops().convert({name: tensor}, full_layer_name=name, model=model)[name]
    else:
        value = torch.nn.Parameter(tensor, requires_grad=False)
    module._parameters[attr] = value


def _finish(model: PreTrainedModel, folder: Path, loaded: set[str], device: torch.device, quantizer: Any) -> None:
    """Tie the output layer where the config says so, refuse a checkpoint that left any
    parameter empty, move the buffers, and leave the model as from_pretrained would."""
    from transformers import GenerationConfig

    if getattr(model.config, "tie_word_embeddings", False) and "lm_head.weight" not in loaded:
        model.tie_weights()
    missing = [name for name, param in model.named_parameters() if param.device.type == "meta"]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise StreamLoadError(f"{folder}: the checkpoint has no {missing[0]}{more}; it is incomplete or another model")
    for module in model.modules():
        for key, buffer in module._buffers.items():
            if buffer is not None:
                module._buffers[key] = buffer.to(device)
    if quantizer is not None:
        quantizer.postprocess_model(model)
        model.hf_quantizer = quantizer
    if (folder / "generation_config.json").is_file():
        model.generation_config = GenerationConfig.from_pretrained(folder)
    model.config._name_or_path = str(folder)
    model.eval()
