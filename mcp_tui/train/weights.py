"""Reading a safetensors checkpoint folder: by its headers only, so the size of an export and
the set of weight names are known before a single tensor is loaded; then one tensor at a
time, FP8 weights dequantized with their scales.

FP8 checkpoints (`quantization_config.quant_method = "fp8"`, as Devstral Small 2 ships) store
each quantized linear weight as float8_e4m3fn beside a `weight_scale_inv` tensor that
multiplies it back (one scalar per tensor when `weight_block_size` is null, one per block
otherwise; vLLM-style files name it `weight_scale`), and under the static activation scheme
an `activation_scale` (`input_scale`) for the inputs. The weight scale is applied here; the
activation scales only matter to FP8 matmuls, which a dequantized weight never runs.

Both the streamed load (stream_load.py) and the merged export (export/merge.py) read
checkpoints through this module; each turns CheckpointError into its own error.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from safetensors import safe_open

if TYPE_CHECKING:
    import torch

INDEX_NAME = "model.safetensors.index.json"
SINGLE_NAME = "model.safetensors"
# Export dtypes by their command-line names; bytes per element of each.
DTYPE_BYTES = {"bf16": 2, "fp16": 2, "fp32": 4}
# safetensors dtype codes that an export converts to the chosen dtype; anything else
# (integer buffers, bool masks) is written unchanged.
FLOAT_CODES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2}
FP8_CODES = ("F8_E4M3", "F8_E5M2")
OTHER_CODE_BYTES = {"I64": 8, "U64": 8, "I32": 4, "U32": 4, "I16": 2, "U16": 2, "I8": 1, "U8": 1, "BOOL": 1,
                    "F8_E4M3": 1, "F8_E5M2": 1}
# Sidecars of an FP8 weight `X.weight`: `X.<suffix>`. Weight scales first (transformers'
# name, then vLLM's); activation scales are read by nothing once weights are dequantized.
WEIGHT_SCALE_SUFFIXES = ("weight_scale_inv", "weight_scale")
ACTIVATION_SCALE_SUFFIXES = ("activation_scale", "input_scale")
QUANT_METHODS_READ = ("fp8",)


class CheckpointError(ValueError):
    """A base model folder that cannot be read as unquantized (or FP8) weights; the message
    names the file or tensor and what to do."""


@dataclass(frozen=True)
class TensorInfo:
    """Where one tensor lives and what it is, read from a shard header; `scale` names the
    tensor that dequantizes an FP8 weight."""

    shard: Path
    code: str
    shape: tuple[int, ...]
    scale: str | None = None

    @property
    def numel(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    def out_bytes(self, dtype: str) -> int:
        """Bytes this tensor takes once written in the export dtype (FP8 weights dequantized)."""
        if self.code in FLOAT_CODES or self.scale is not None:
            return self.numel * DTYPE_BYTES[dtype]
        if self.code not in OTHER_CODE_BYTES:
            raise CheckpointError(f"{self.shard}: tensor dtype {self.code} is not supported by the export")
        return self.numel * OTHER_CODE_BYTES[self.code]


@dataclass(frozen=True)
class Checkpoint:
    """A base model folder: config plus safetensors weights, in one file or shards. `tensors`
    holds the weights; `sidecars` the FP8 scales that only serve to read them."""

    folder: Path
    shards: tuple[Path, ...]
    tensors: dict[str, TensorInfo]
    sidecars: dict[str, TensorInfo]
    config: dict[str, Any]

    def shard_tensors(self, shard: Path) -> list[str]:
        """Names of the weights stored in one shard, in header order."""
        return [name for name, info in self.tensors.items() if info.shard == shard]

    def out_bytes(self, dtype: str) -> int:
        """Total weight bytes of a merged export in `dtype`."""
        return sum(info.out_bytes(dtype) for info in self.tensors.values())

    @property
    def fp8_weights(self) -> int:
        return sum(info.scale is not None for info in self.tensors.values())

    def read(self, handle: Any, name: str, device: torch.device | str = "cpu") -> torch.Tensor:
        """Weight `name` from `handle` (its shard, opened with safe_open) on `device`; an FP8
        weight comes back dequantized, in float32. The FP8 bytes move to `device` first, so a
        GPU does the arithmetic and host memory holds one byte per weight."""
        tensor = handle.get_tensor(name).to(device)
        scale_name = self.tensors[name].scale
        if scale_name is None:
            return tensor
        scale_shard = self.sidecars[scale_name].shard
        if scale_shard == self.tensors[name].shard:
            scale = handle.get_tensor(scale_name)
        else:
            with safe_open(str(scale_shard), framework="pt") as other:
                scale = other.get_tensor(scale_name)
        return dequantize_fp8(tensor, scale, f"{self.tensors[name].shard}: {name}")


def dequantize_fp8(weight: torch.Tensor, scale: torch.Tensor, where: str) -> torch.Tensor:
    """`weight * scale` in float32: a scalar scale (per-tensor FP8), or a grid of per-block
    scales whose blocks tile the weight exactly (DeepSeek-style 128x128 blocks), as
    transformers' own FP8 dequantization computes it."""
    import torch

    out = weight.to(torch.float32)
    scale = scale.to(device=out.device, dtype=torch.float32)
    if scale.numel() == 1:
        return out.mul_(scale.reshape(()))
    if scale.dim() != 2 or out.dim() != 2 or out.shape[0] % scale.shape[0] or out.shape[1] % scale.shape[1]:
        raise CheckpointError(f"{where}: FP8 weight {tuple(out.shape)} with scales {tuple(scale.shape)} is neither "
                          "per-tensor nor in blocks that tile it; this FP8 layout is not supported")
    rows, cols = out.shape[0] // scale.shape[0], out.shape[1] // scale.shape[1]
    return out.mul_(scale.repeat_interleave(rows, 0).repeat_interleave(cols, 1))


def open_checkpoint(folder: Path) -> Checkpoint:
    """Read every shard header of a base model folder; refuse folders that cannot be read
    back as unquantized weights (pre-quantized by a method other than FP8, FP8 weights
    without their scale)."""
    folder = Path(folder)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise CheckpointError(f"{folder}: no config.json; the base model folder must be a transformers checkpoint")
    config = json.loads(config_path.read_text())
    method = (config.get("quantization_config") or {}).get("quant_method")
    if method is not None and method not in QUANT_METHODS_READ:
        raise CheckpointError(
            f"{config_path}: the base weights are pre-quantized ({method}); mcp-tui reads bf16/fp16/fp32 or FP8 "
            "checkpoints only: point model.source at the original checkpoint")
    headers: dict[str, TensorInfo] = {}
    shards = _shard_files(folder)
    for shard in shards:
        with safe_open(str(shard), framework="pt") as f:
            for name in f.keys():
                sl = f.get_slice(name)
                headers[name] = TensorInfo(shard, sl.get_dtype(), tuple(sl.get_shape()))
    tensors, sidecars = _pair_fp8_scales(headers)
    return Checkpoint(folder, tuple(shards), tensors, sidecars, config)


def _pair_fp8_scales(headers: dict[str, TensorInfo]) -> tuple[dict[str, TensorInfo], dict[str, TensorInfo]]:
    """(weights, sidecars): each FP8 weight gets the name of its scale."""
    suffixes = WEIGHT_SCALE_SUFFIXES + ACTIVATION_SCALE_SUFFIXES
    sidecars = {name: info for name, info in headers.items() if name.rsplit(".", 1)[-1] in suffixes}
    tensors = {}
    for name, info in headers.items():
        if name in sidecars:
            continue
        if info.code in FP8_CODES:
            stem = name.removesuffix(".weight")
            scale = next((f"{stem}.{s}" for s in WEIGHT_SCALE_SUFFIXES if f"{stem}.{s}" in sidecars), None)
            if scale is None:
                raise CheckpointError(f"{info.shard}: {name} is FP8 but no {stem}.weight_scale_inv holds its scale; "
                                  "the checkpoint is incomplete")
            info = TensorInfo(info.shard, info.code, info.shape, scale)
        tensors[name] = info
    return tensors, sidecars


def _shard_files(folder: Path) -> list[Path]:
    index = folder / INDEX_NAME
    if index.is_file():
        weight_map = json.loads(index.read_text()).get("weight_map", {})
        names = sorted(set(weight_map.values()))
        missing = [n for n in names if not (folder / n).is_file()]
        if missing:
            raise CheckpointError(f"{index} lists {missing[0]}, which is not in {folder}; the download is incomplete")
        return [folder / n for n in names]
    if (folder / SINGLE_NAME).is_file():
        return [folder / SINGLE_NAME]
    raise CheckpointError(f"{folder}: no {SINGLE_NAME} or {INDEX_NAME}; the merge reads safetensors weights only")
