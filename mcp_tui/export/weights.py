"""Reading a safetensors checkpoint folder by its headers only, so the size of an export and
the set of weight names are known before a single tensor is loaded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from safetensors import safe_open

from mcp_tui.export.errors import ExportError

INDEX_NAME = "model.safetensors.index.json"
SINGLE_NAME = "model.safetensors"
# Export dtypes by their command-line names; bytes per element of each.
DTYPE_BYTES = {"bf16": 2, "fp16": 2, "fp32": 4}
# safetensors dtype codes that an export converts to the chosen dtype; anything else
# (integer buffers, bool masks) is written unchanged.
FLOAT_CODES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2}
OTHER_CODE_BYTES = {"I64": 8, "U64": 8, "I32": 4, "U32": 4, "I16": 2, "U16": 2, "I8": 1, "U8": 1, "BOOL": 1,
                    "F8_E4M3": 1, "F8_E5M2": 1}


@dataclass(frozen=True)
class TensorInfo:
    """Where one tensor lives and what it is, read from a shard header."""

    shard: Path
    code: str
    shape: tuple[int, ...]

    @property
    def numel(self) -> int:
        n = 1
        for d in self.shape:
            n *= d
        return n

    def out_bytes(self, dtype: str) -> int:
        """Bytes this tensor takes once written in the export dtype."""
        if self.code in FLOAT_CODES:
            return self.numel * DTYPE_BYTES[dtype]
        if self.code not in OTHER_CODE_BYTES:
            raise ExportError(f"{self.shard}: tensor dtype {self.code} is not supported by the export")
        return self.numel * OTHER_CODE_BYTES[self.code]


@dataclass(frozen=True)
class Checkpoint:
    """A base model folder: config plus safetensors weights, in one file or shards."""

    folder: Path
    shards: tuple[Path, ...]
    tensors: dict[str, TensorInfo]

    def shard_tensors(self, shard: Path) -> list[str]:
        """Names of the tensors stored in one shard, in header order."""
        return [name for name, info in self.tensors.items() if info.shard == shard]

    def out_bytes(self, dtype: str) -> int:
        """Total weight bytes of a merged export in `dtype`."""
        return sum(info.out_bytes(dtype) for info in self.tensors.values())


def open_checkpoint(folder: Path) -> Checkpoint:
    """Read every shard header of a base model folder; refuse folders a merge cannot use."""
    folder = Path(folder)
    config_path = folder / "config.json"
    if not config_path.is_file():
        raise ExportError(f"{folder}: no config.json; the base model folder must be a transformers checkpoint")
    config = json.loads(config_path.read_text())
    if "quantization_config" in config:
        raise ExportError(
            f"{config_path}: the base weights are pre-quantized ({config['quantization_config'].get('quant_method', '?')}); "
            "a merge needs the unquantized checkpoint: point model.path at it")
    shards = _shard_files(folder)
    tensors: dict[str, TensorInfo] = {}
    for shard in shards:
        with safe_open(str(shard), framework="pt") as f:
            for name in f.keys():
                sl = f.get_slice(name)
                tensors[name] = TensorInfo(shard, sl.get_dtype(), tuple(sl.get_shape()))
    return Checkpoint(folder, tuple(shards), tensors)


def _shard_files(folder: Path) -> list[Path]:
    index = folder / INDEX_NAME
    if index.is_file():
        weight_map = json.loads(index.read_text()).get("weight_map", {})
        names = sorted(set(weight_map.values()))
        missing = [n for n in names if not (folder / n).is_file()]
        if missing:
            raise ExportError(f"{index} lists {missing[0]}, which is not in {folder}; the download is incomplete")
        return [folder / n for n in names]
    if (folder / SINGLE_NAME).is_file():
        return [folder / SINGLE_NAME]
    raise ExportError(f"{folder}: no {SINGLE_NAME} or {INDEX_NAME}; the merge reads safetensors weights only")
