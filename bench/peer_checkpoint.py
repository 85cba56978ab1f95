"""One random-weight model of a bench shape, saved as an NF4 checkpoint that every tool loads.

The peer comparison (bench/peer_bench.py) needs the same model in front of each tool, loaded
the way that tool's users load models: ours through the trainer's loader
(mcp_tui.train.model.load_base_model), Unsloth through `FastLanguageModel.from_pretrained`.
A bf16 Devstral checkpoint would be 48 GB to write and read; this one is written already
quantized (bench/random_model.py builds it layer by layer on the GPU, ~13.5 GiB for 24B) in
transformers' pre-quantized bitsandbytes layout (`weight` packed uint8 plus its `absmax`,
`quant_map`, `nested_*` and `quant_state` tensors, and a `quantization_config` in
config.json), so both tools read identical NF4 codes and scales and quantize nothing.
Unsloth also loads a tokenizer from the folder; a small word-level one is written beside
the weights (the benchmark feeds random token ids and never tokenizes text).

Devstral Small (2507) and Devstral Small 2 share every tensor name and size; when one of them
is already written under the same root folder, the other links its shards and writes only its
own config.json.

    python -m bench.peer_checkpoint --shape devstral-small-2 --dir /tmp/peer     # on the GPU machine
    python -m bench.peer_checkpoint --shape devstral-small-2 --tiny --device cpu --dir /tmp/peer-cpu
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

GIB = 1024**3
# The preset whose NF4 settings (nf4, double quantization, bf16 compute) the checkpoint carries.
QUANT_PRESET = "rtx3090-devstral-small-2"
# Widths that keep a shape's architecture (model type, RoPE, attention scaling) but train on a CPU.
TINY = {"hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2, "num_attention_heads": 4,
        "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 300}
# The config fields that decide every tensor's name and size.
_TENSOR_FIELDS = ("model_type", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
                  "num_key_value_heads", "head_dim", "vocab_size", "tie_word_embeddings")
# Model types whose checkpoints name their tensors alike.
_FAMILY = {"ministral3": "mistral"}
_TOKENS = 512  # tokenizer vocabulary (ids below every shape's vocab_size)
_SPECIALS = {"unk_token": "<unk>", "bos_token": "<s>", "eos_token": "</s>", "pad_token": "<pad>"}


def bench_shape(name: str, tiny: bool) -> dict[str, Any]:
    """bench/shapes/<name>.json, with tiny widths for a CPU check."""
    from bench.random_model import load_shape

    return {**load_shape(name), **(TINY if tiny else {})}


def checkpoint_shape(folder: str | Path) -> dict[str, Any]:
    """The shape a checkpoint folder was written with (its config.json: tiny widths included)."""
    return json.loads((Path(folder) / "config.json").read_text())


def folder_for(root: Path, name: str, tiny: bool) -> Path:
    return root / (f"{name}-tiny" if tiny else name)


def _same_tensors(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """True when two shapes store the same tensors (mistral and ministral3 name theirs alike)."""
    def key(shape: dict[str, Any]) -> tuple[Any, ...]:
        return tuple(_FAMILY.get(shape[f], shape[f]) if f == "model_type" else shape.get(f) for f in _TENSOR_FIELDS)

    return key(a) == key(b)


def quantization() -> Any:
    """The BitsAndBytesConfig of QUANT_PRESET, as the trainer would build it."""
    from mcp_tui.config import load_config
    from mcp_tui.train.model import quantization_config

    return quantization_config(load_config(QUANT_PRESET))


def write_tokenizer(folder: Path, vocab_size: int) -> None:
    """A word-level tokenizer with the usual special tokens (Unsloth loads one and checks that
    its ids fit the embedding), at most `vocab_size` tokens."""
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    words = list(_SPECIALS.values()) + [f"t{i}" for i in range(min(_TOKENS, vocab_size) - len(_SPECIALS))]
    backend = Tokenizer(models.WordLevel({w: i for i, w in enumerate(words)}, unk_token=_SPECIALS["unk_token"]))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    PreTrainedTokenizerFast(tokenizer_object=backend, model_max_length=1 << 20, **_SPECIALS).save_pretrained(folder)


def _write_config(folder: Path, shape: dict[str, Any]) -> None:
    from transformers import AutoConfig

    fields = {k: v for k, v in shape.items() if k not in ("architectures", "model_type")}
    config = AutoConfig.for_model(shape["model_type"], **fields, dtype="bfloat16")
    config.architectures = shape["architectures"]
    config.quantization_config = quantization()
    config.save_pretrained(folder)


def _link_weights(source: Path, folder: Path) -> None:
    for path in source.glob("*.safetensors*"):
        (folder / path.name).symlink_to(path.resolve())


def write(name: str, root: Path, *, tiny: bool, device: str, shard_gib: float) -> dict[str, Any]:
    """The checkpoint folder for shape `name` under `root` (kept if complete); its facts."""
    import torch

    from bench.random_model import build_4bit

    shape, folder = bench_shape(name, tiny), folder_for(root, name, tiny)
    done = folder / "peer_checkpoint.json"
    if done.is_file():
        return json.loads(done.read_text()) | {"reused": True}
    shutil.rmtree(folder, ignore_errors=True)  # an earlier write cut short
    folder.mkdir(parents=True)
    t0 = time.perf_counter()
    twin = next((f for f in root.glob("*/peer_checkpoint.json")
                 if f.parent != folder and _same_tensors(json.loads(f.read_text())["shape"], shape)), None)
    if twin:
        _link_weights(twin.parent, folder)
        _write_config(folder, shape)
    else:
        q = quantization()
        model = build_4bit(shape, dtype=torch.bfloat16, compute_dtype=q.bnb_4bit_compute_dtype,
                           quant_type=q.bnb_4bit_quant_type, double_quant=q.bnb_4bit_use_double_quant, device=device)
        model.config.quantization_config = q
        model.save_pretrained(folder, max_shard_size=f"{int(shard_gib * 1024)}MB")
        del model
    write_tokenizer(folder, shape["vocab_size"])
    size = sum(p.stat().st_size for p in folder.glob("*.safetensors"))
    facts = {"shape_name": name, "shape": shape, "tiny": tiny, "folder": str(folder), "checkpoint_gib": size / GIB,
             "weights_from": str(twin.parent) if twin else None, "write_s": time.perf_counter() - t0}
    done.write_text(json.dumps(facts, indent=1))  # last: a folder without it is incomplete and rewritten
    return facts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shape", required=True, help="bench/shapes/<name>.json")
    p.add_argument("--dir", required=True, help="root folder; the checkpoint goes to <dir>/<shape>[-tiny]")
    p.add_argument("--tiny", action="store_true", help="tiny widths (a CPU check)")
    p.add_argument("--device", default="cuda", help="where the layers are built and quantized")
    p.add_argument("--shard-gib", type=float, default=4.0)
    args = p.parse_args(argv)
    print(json.dumps(write(args.shape, Path(args.dir), tiny=args.tiny, device=args.device,
                           shard_gib=args.shard_gib)), flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True")
    sys.exit(main())
