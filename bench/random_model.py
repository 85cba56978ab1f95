"""Random-weight models of real architectures, built directly in 4-bit on the GPU.

No download and no full-precision copy: the model is created with no decoder layers, then
each layer is built on the device in the weights dtype, its linear layers are quantized to
bitsandbytes 4-bit at once, and the full-precision layer is freed before the next. Devstral
Small (24B) thus never needs its 48 GB bf16 form; the peak is the 4-bit model plus one layer.
The result is laid out exactly like transformers' own 4-bit load (decoder linears in
`bnb.nn.Linear4bit`, embeddings, norms and lm_head unquantized), so peft and our kernels
treat it the same way.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import torch
from torch import nn

SHAPES = Path(__file__).parent / "shapes"


def load_shape(name: str) -> dict[str, Any]:
    """A shapes/<name>.json config.json, without its comment and sources (keys starting with _)."""
    data = json.loads((SHAPES / f"{name}.json").read_text())
    return {k: v for k, v in data.items() if not k.startswith("_")}


def _quantize_linear(linear: nn.Linear, compute_dtype: torch.dtype, quant_type: str, double_quant: bool
                     ) -> nn.Module:
    import bitsandbytes as bnb

    device = linear.weight.device
    q = bnb.nn.Linear4bit(linear.in_features, linear.out_features, bias=linear.bias is not None,
                          compute_dtype=compute_dtype, compress_statistics=double_quant,
                          quant_type=quant_type, device="meta")
    q.weight = bnb.nn.Params4bit(linear.weight.data, requires_grad=False, compress_statistics=double_quant,
                                 quant_type=quant_type, module=q).to(device)
    if linear.bias is not None:
        q.bias = nn.Parameter(linear.bias.data, requires_grad=False)
    return q


def _decoder_layer_class(model: nn.Module) -> type:
    """The architecture's decoder-layer class (e.g. MistralDecoderLayer), from its modeling module."""
    module = sys.modules[type(model).__module__]
    found = [obj for name, obj in vars(module).items() if name.endswith("DecoderLayer") and isinstance(obj, type)]
    if len(found) != 1:
        raise ValueError(f"{module.__name__}: expected one *DecoderLayer class, found {len(found)}")
    return found[0]


def build_4bit(shape: dict[str, Any], *, dtype: torch.dtype, compute_dtype: torch.dtype,
               quant_type: str = "nf4", double_quant: bool = True, device: str = "cuda",
               attn_implementation: str = "sdpa") -> nn.Module:
    """A `MistralForCausalLM`-style model of `shape` with random weights, 4-bit decoder linears."""
    from transformers import AutoConfig, AutoModelForCausalLM

    fields = {k: v for k, v in shape.items() if k not in ("architectures", "model_type")}
    empty = AutoConfig.for_model(shape["model_type"], **{**fields, "num_hidden_layers": 0})
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(empty, dtype=dtype, attn_implementation=attn_implementation)
    # The layers share the model's config object, as in a normal load, so that switching the
    # attention implementation later reaches them.
    config = model.config
    layers = config.num_hidden_layers = fields["num_hidden_layers"]
    layer_cls = _decoder_layer_class(model)
    built = nn.ModuleList()
    previous = torch.get_default_dtype()
    torch.set_default_dtype(dtype)
    try:
        for index in range(layers):
            with torch.device(device):
                layer = layer_cls(config, index)
            for parent in list(layer.modules()):
                for name, child in list(parent.named_children()):
                    if isinstance(child, nn.Linear):
                        setattr(parent, name, _quantize_linear(child, compute_dtype, quant_type, double_quant))
            built.append(layer)
    finally:
        torch.set_default_dtype(previous)
    model.model.layers = built
    # What transformers' bitsandbytes loader sets, and what peft reads to pick its 4-bit LoRA layers.
    model.is_loaded_in_4bit = True
    model.is_quantized = True
    model.quantization_method = "bitsandbytes"
    model.requires_grad_(False)
    return model
