"""Merging a LoRA adapter into unquantized base weights one shard at a time.

A QLoRA run trains against 4-bit weights, but its adapter is merged into the original
bf16/fp32 checkpoint (or the FP8 one, each weight dequantized with its scale first): merging
into dequantized 4-bit weights would bake the quantization error into every layer. The weights are read a group at a time (one output shard, 2 GiB by
default), the adapter deltas of the weights in it are added (W += scaling * B @ A, in fp32),
the shard is written and freed: merging a 24B model holds about one shard in RAM and never
needs a GPU.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from peft import LoraConfig
from peft.utils.other import get_pattern_key
from safetensors import safe_open
from safetensors.torch import save_file

from mcp_tui.export.errors import ExportError, checkpoint_problems_as_export_errors
from mcp_tui.train.weights import INDEX_NAME, Checkpoint

Progress = Callable[[str, float], None]
ADAPTER_CONFIG = "adapter_config.json"
ADAPTER_WEIGHTS = "adapter_model.safetensors"
TORCH_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16, "fp32": torch.float32}
# Output shard size: the merge's peak RSS is about twice this (see merge_checkpoint).
MAX_SHARD_BYTES = 2 * 2**30
_M_MMAP_THRESHOLD = -3  # mallopt parameter number in glibc's malloc.h
_CONVERTED = (torch.float64, torch.float32, torch.float16, torch.bfloat16)
# peft saves `base_model.model.<module>.lora_A.weight` with the adapter name removed.
_LORA_KEY = re.compile(r"^base_model\.model\.(?P<module>.+)\.lora_(?P<side>[AB])\.weight$")
# LoraConfig switches whose weights are not a plain low-rank delta on a linear layer.
_UNMERGEABLE = ("use_dora", "lora_bias", "modules_to_save", "trainable_token_indices",
                "target_parameters", "layer_replication")


@dataclass(frozen=True)
class LoraPair:
    """The adapter tensors of one base weight and the factor peft multiplies B @ A by."""

    a_key: str
    b_key: str
    scaling: float
    delta_shape: tuple[int, int]


@dataclass(frozen=True)
class LoraAdapter:
    """A peft LoRA adapter folder, indexed by the base weight name each pair changes."""

    weights: Path
    pairs: dict[str, LoraPair]
    fan_in_fan_out: bool


def read_adapter(folder: Path) -> LoraAdapter:
    """Index a peft adapter folder and compute each module's scaling as peft does."""
    folder = Path(folder)
    config = _lora_config(folder)
    weights = folder / ADAPTER_WEIGHTS
    if not weights.is_file():
        raise ExportError(f"{folder}: no {ADAPTER_WEIGHTS}; the merge reads safetensors adapters only")
    with safe_open(str(weights), framework="pt") as f:
        shapes = {key: tuple(f.get_slice(key).get_shape()) for key in f.keys()}
    sides: dict[str, dict[str, str]] = {}
    for key in shapes:
        match = _LORA_KEY.match(key)
        if match is None:
            raise ExportError(f"{weights}: holds {key}, which is not a LoRA matrix of a linear layer; "
                              "export with --mode adapter instead")
        sides.setdefault(match["module"], {})[match["side"]] = key
    pairs = {}
    for module, keys in sides.items():
        if set(keys) != {"A", "B"}:
            raise ExportError(f"{weights}: {module} has lora_{''.join(keys)} without its partner; the file is damaged")
        a, b = shapes[keys["A"]], shapes[keys["B"]]
        if len(a) != 2 or len(b) != 2 or a[0] != b[1]:
            raise ExportError(f"{weights}: {module} has LoRA shapes {a} and {b}, not a linear layer's pair")
        delta = (a[1], b[0]) if config.fan_in_fan_out else (b[0], a[1])
        pairs[f"{module}.weight"] = LoraPair(keys["A"], keys["B"], _scaling(config, module, a[0], weights), delta)
    return LoraAdapter(weights, pairs, bool(config.fan_in_fan_out))


def _lora_config(folder: Path) -> LoraConfig:
    path = folder / ADAPTER_CONFIG
    if not path.is_file():
        raise ExportError(f"{folder}: no {ADAPTER_CONFIG}; this is not a peft adapter folder")
    peft_type = json.loads(path.read_text()).get("peft_type")
    if peft_type != "LORA":
        raise ExportError(f"{path}: peft_type is {peft_type!r}; only LoRA adapters can be merged")
    config = LoraConfig.from_pretrained(str(folder))
    for field in _UNMERGEABLE:
        if getattr(config, field, None):
            raise ExportError(f"{path}: {field} is set; the streaming merge applies plain LoRA deltas only, "
                              "export with --mode adapter instead")
    return config


def _scaling(config: LoraConfig, module: str, rank: int, source: Path) -> float:
    r = config.rank_pattern.get(get_pattern_key(config.rank_pattern.keys(), module), config.r)
    alpha = config.alpha_pattern.get(get_pattern_key(config.alpha_pattern.keys(), module), config.lora_alpha)
    if r != rank:
        raise ExportError(f"{source}: {module} has rank {rank} but adapter_config.json says r={r}; the files do not match")
    return alpha / math.sqrt(r) if config.use_rslora else alpha / r


def check_fits(checkpoint: Checkpoint, adapter: LoraAdapter) -> None:
    """Refuse before any work when the adapter was trained on another model's shapes."""
    for name, pair in adapter.pairs.items():
        info = checkpoint.tensors.get(name)
        if info is None:
            raise ExportError(f"{adapter.weights} changes {name}, which {checkpoint.folder} does not have; "
                              "the adapter belongs to a different base model (or to tied embeddings)")
        if info.shape != pair.delta_shape:
            raise ExportError(f"{adapter.weights} changes {name} with shape {pair.delta_shape}, "
                              f"but {checkpoint.folder} has {info.shape}; the adapter belongs to a different base model")


def plan_shards(checkpoint: Checkpoint, dtype: str, max_shard_bytes: int = MAX_SHARD_BYTES
                ) -> list[tuple[Path, list[str]]]:
    """Group tensors into output shards of at most `max_shard_bytes` (a larger tensor goes
    alone), never mixing input shards, so one output shard is one pass over one open file."""
    groups: list[tuple[Path, list[str]]] = []
    for shard in checkpoint.shards:
        size = 0
        for name in checkpoint.shard_tensors(shard):
            nbytes = checkpoint.tensors[name].out_bytes(dtype)
            if not groups or groups[-1][0] != shard or (size + nbytes > max_shard_bytes and groups[-1][1]):
                groups.append((shard, []))
                size = 0
            groups[-1][1].append(name)
            size += nbytes
    return groups


@checkpoint_problems_as_export_errors()
def merge_checkpoint(checkpoint: Checkpoint, adapter: LoraAdapter, out_dir: Path, dtype: str,
                     progress: Progress | None = None, max_shard_bytes: int = MAX_SHARD_BYTES) -> int:
    """Write the merged weights as shards plus `model.safetensors.index.json`; returns bytes written.

    Memory: safetensors maps the input file and hands out views of it, so the pages read for
    one output shard stay resident until that shard is written and its file closed. Reopening
    the input per output shard bounds the peak to one output shard's input pages plus its
    merged tensors, however large the base's own shards are."""
    check_fits(checkpoint, adapter)
    _release_freed_blocks()
    target = TORCH_DTYPES[dtype]
    total = checkpoint.out_bytes(dtype)
    groups = plan_shards(checkpoint, dtype, max_shard_bytes)
    weight_map: dict[str, str] = {}
    done = 0
    for number, (shard, names) in enumerate(groups, 1):
        out_name = f"model-{number:05d}-of-{len(groups):05d}.safetensors"
        tensors = _merged_tensors(checkpoint, shard, names, adapter, target)
        save_file(tensors, str(out_dir / out_name), metadata={"format": "pt"})
        del tensors
        # safetensors creates the file private (0600); a server run as another user must read it.
        (out_dir / out_name).chmod(0o644)
        weight_map.update(dict.fromkeys(names, out_name))
        done += sum(checkpoint.tensors[name].out_bytes(dtype) for name in names)
        if progress is not None:
            progress(f"wrote shard {number}/{len(groups)}", done / total)
    index = {"metadata": {"total_size": total}, "weight_map": weight_map}
    (out_dir / INDEX_NAME).write_text(json.dumps(index, indent=2) + "\n")
    return total


def _merged_tensors(checkpoint: Checkpoint, shard: Path, names: list[str], adapter: LoraAdapter,
                    target: torch.dtype) -> dict[str, torch.Tensor]:
    """One output shard's tensors: read (FP8 weights dequantized with their scales), LoRA
    delta added where the adapter has one, cast."""
    out = {}
    with safe_open(str(shard), framework="pt") as base, safe_open(str(adapter.weights), framework="pt") as lora:
        for name in names:
            tensor = checkpoint.read(base, name)
            pair = adapter.pairs.get(name)
            if pair is not None:
                tensor = _add_delta(tensor, lora.get_tensor(pair.a_key), lora.get_tensor(pair.b_key),
                                    pair.scaling, adapter.fan_in_fan_out)
            out[name] = _cast(tensor, target, name, shard)
    return out


def _release_freed_blocks() -> None:
    """Pin glibc's mmap threshold so every weight-sized buffer is its own mapping and goes
    back to the OS when freed. Left dynamic, glibc raises the threshold after the first
    large free and serves later tensors from a heap it rarely shrinks: measured, that
    doubles the merge's peak RSS (bench/export_rss.py). A no-op off glibc."""
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
        if libc is not None and hasattr(libc, "mallopt"):
            libc.mallopt(_M_MMAP_THRESHOLD, 4 * 2**20)
    except OSError:
        return


def _add_delta(weight: torch.Tensor, a: torch.Tensor, b: torch.Tensor, scaling: float,
               fan_in_fan_out: bool) -> torch.Tensor:
    """W + scaling * B @ A in fp32 (transposed for Conv1D-style fan_in_fan_out weights), added
    in place to one fp32 copy: the largest temporary is a single fp32 weight."""
    merged = weight.to(torch.float32, copy=True)
    if fan_in_fan_out:
        return merged.addmm_(a.float().T, b.float().T, alpha=scaling)
    return merged.addmm_(b.float(), a.float(), alpha=scaling)


def _cast(tensor: torch.Tensor, target: torch.dtype, name: str, shard: Path) -> torch.Tensor:
    if tensor.dtype not in _CONVERTED:
        return tensor
    out = tensor.to(target)
    if target == torch.float16 and not torch.isfinite(out).all():
        raise ExportError(f"{shard}: {name} does not fit in fp16 (values beyond +-65504); export with --dtype bf16")
    return out
