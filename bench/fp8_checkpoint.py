"""Checkpoints in Devstral Small 2's published layout, written without a download: the tests'
tiny ones and bench/fp8_load.py's full-width one.

The layout (bench/shapes/devstral-small-2.json lists the sources): a
Mistral3ForConditionalGeneration saved as transformers 5 saves it, `language_model.model.*`,
`language_model.lm_head.weight`, `vision_tower.*`, `multi_modal_projector.*`; the 280 linear
weights of the language model's decoder layers in float8_e4m3fn, each with a scalar
`weight_scale_inv` (weight = fp8 * scale) and a scalar `activation_scale`; everything else
(embeddings, norms, lm_head, vision tower, projector) in bf16; sharded safetensors with an
index, and this quantization_config in config.json.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import torch
from safetensors.torch import save_file

QUANTIZATION_CONFIG = {"activation_scheme": "static", "dequantize": False, "quant_method": "fp8",
                       "modules_to_not_convert": ["model.vision_tower", "model.multi_modal_projector", "lm_head"],
                       "weight_block_size": None}
FP8_MAX = torch.finfo(torch.float8_e4m3fn).max  # 448


def is_fp8_weight(name: str) -> bool:
    """The tensors Devstral Small 2 stores in FP8: its language model's decoder linears."""
    return name.startswith("language_model.model.layers.") and name.endswith("_proj.weight")


def quantize_fp8(weight: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """(float8_e4m3fn weight, float32 scalar scale) with weight ~= fp8 * scale."""
    scale = (weight.detach().abs().amax().float() / FP8_MAX).clamp(min=1e-12)
    fp8 = (weight.float() / scale).clamp(-FP8_MAX, FP8_MAX).to(torch.float8_e4m3fn)
    return fp8, scale.reshape(()).cpu()


def as_published(tensors: Iterable[tuple[str, torch.Tensor]]) -> Iterator[tuple[str, torch.Tensor]]:
    """Checkpoint tensors of a bf16 Mistral3 turned into the FP8 layout above."""
    for name, tensor in tensors:
        if not is_fp8_weight(name):
            yield name, tensor.to(torch.bfloat16) if tensor.is_floating_point() else tensor
            continue
        fp8, scale = quantize_fp8(tensor)
        stem = name.removesuffix(".weight")
        yield name, fp8
        yield f"{stem}.weight_scale_inv", scale
        yield f"{stem}.activation_scale", torch.tensor(1.0)


def write_shards(folder: Path, tensors: Iterable[tuple[str, torch.Tensor]], max_shard_bytes: int) -> list[Path]:
    """Save `tensors` as model-NNNNN-of-MMMMM.safetensors files of at most `max_shard_bytes`
    (a larger tensor goes alone) plus model.safetensors.index.json, holding one shard in
    memory at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    parts: list[tuple[Path, list[str]]] = []
    pending: dict[str, torch.Tensor] = {}
    size = total = 0

    def flush() -> None:
        path = folder / f".part-{len(parts):05d}.safetensors"
        save_file({k: v.contiguous().cpu() for k, v in pending.items()}, str(path), metadata={"format": "pt"})
        parts.append((path, list(pending)))
        pending.clear()

    for name, tensor in tensors:
        nbytes = tensor.numel() * tensor.element_size()
        if pending and size + nbytes > max_shard_bytes:
            flush()
            size = 0
        pending[name] = tensor
        size += nbytes
        total += nbytes
    if pending:
        flush()
    weight_map, shards = {}, []
    for number, (path, names) in enumerate(parts, 1):
        final = folder / f"model-{number:05d}-of-{len(parts):05d}.safetensors"
        os.replace(path, final)
        shards.append(final)
        weight_map.update(dict.fromkeys(names, final.name))
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index, indent=2))
    return shards


def write_fp8_config(folder: Path, config: dict) -> None:
    """config.json of the FP8 checkpoint: the bf16 model's config plus its quantization_config."""
    (folder / "config.json").write_text(json.dumps({**config, "quantization_config": QUANTIZATION_CONFIG}, indent=2))
