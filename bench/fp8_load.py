"""Peak GPU and host memory of loading an FP8 Devstral Small 2 checkpoint into NF4.

Writes a random checkpoint in the published layout (bench/fp8_checkpoint.py) with the real
per-layer shape (bench/shapes/devstral-small-2.json, the real vision tower and vocabulary)
but only `--layers` decoder layers, in shards of `--shard-gib`, then loads it as training
does (train/stream_load.py, the rtx3090-devstral-small-2 preset's NF4) in a fresh process,
so that its peak RSS is the load's own. Repeating it with more layers shows what the peak
follows: with streaming, host memory stays near one shard and the GPU near the NF4 model plus
one weight, whatever the number of layers; the bf16 language model is never held anywhere.

    python -m bench.fp8_load --layers 4,12 --out bench/results/raw/devstral2_fp8_load.json
    python -m bench.fp8_load --tiny --device cpu --layers 2,4 --out /tmp/fp8_load.json   # CPU check
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GIB = 1024**3
TINY = {"hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4, "num_key_value_heads": 2,
        "head_dim": 16, "vocab_size": 300}
TINY_VISION = {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1, "num_attention_heads": 2,
               "head_dim": 16}


def mistral3_config(layers: int, tiny: bool) -> dict[str, Any]:
    """config.json of a Devstral Small 2 with `layers` decoder layers (tiny widths for a CPU check)."""
    from bench.random_model import load_shape

    text = {**load_shape("devstral-small-2"), "num_hidden_layers": layers, **(TINY if tiny else {})}
    text.pop("architectures")
    vision = {"model_type": "pixtral", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
              "num_attention_heads": 16, "head_dim": 64, "image_size": 1540, "patch_size": 14,
              "hidden_act": "silu", **(TINY_VISION if tiny else {})}
    return {"architectures": ["Mistral3ForConditionalGeneration"], "model_type": "mistral3", "text_config": text,
            "vision_config": vision, "tie_word_embeddings": False, "spatial_merge_size": 2, "image_token_index": 10,
            "projector_hidden_act": "gelu", "multimodal_projector_bias": False, "vision_feature_layer": -1}


# transformers' module names of a Mistral3 -> the names its checkpoints store.
_CHECKPOINT_PREFIXES = (("model.language_model.", "language_model.model."), ("lm_head.", "language_model.lm_head."),
                        ("model.vision_tower.", "vision_tower."),
                        ("model.multi_modal_projector.", "multi_modal_projector."))


def checkpoint_name(module_name: str) -> str:
    for prefix, stored in _CHECKPOINT_PREFIXES:
        if module_name.startswith(prefix):
            return stored + module_name[len(prefix):]
    raise ValueError(f"unexpected Mistral3 parameter {module_name}")


def random_tensors(config: dict[str, Any], device: str):
    """(checkpoint name, random bf16 tensor) for every parameter of the Mistral3, made one at
    a time on `device` from an empty (meta) model: nothing model-sized is ever allocated."""
    import torch
    from accelerate import init_empty_weights
    from transformers import Mistral3Config, Mistral3ForConditionalGeneration

    with init_empty_weights():
        model = Mistral3ForConditionalGeneration(Mistral3Config(**config))
    generator = torch.Generator(device).manual_seed(0)
    for name, param in sorted(model.named_parameters()):
        values = torch.randn(param.shape, generator=generator, device=device, dtype=torch.bfloat16) * 0.02
        yield checkpoint_name(name), values


def write_checkpoint(folder: Path, layers: int, shard_gib: float, tiny: bool, device: str) -> dict[str, Any]:
    """The random FP8 checkpoint on disk; returns its size facts."""
    from bench.fp8_checkpoint import as_published, write_fp8_config, write_shards

    config = mistral3_config(layers, tiny)
    t0 = time.perf_counter()
    shards = write_shards(folder, as_published(random_tensors(config, device)), int(shard_gib * GIB))
    write_fp8_config(folder, config)
    sizes = [p.stat().st_size for p in shards]
    return {"layers": layers, "shards": len(shards), "largest_shard_gib": max(sizes) / GIB,
            "checkpoint_gib": sum(sizes) / GIB, "write_s": time.perf_counter() - t0}


def measure_load(folder: Path, device_name: str) -> dict[str, Any]:
    """Load `folder` as training does (NF4 on CUDA; bitsandbytes' CPU backend elsewhere) and
    report this process's memory: run it in a fresh process."""
    import psutil
    import torch

    from mcp_tui.config import load_config
    from mcp_tui.train.memory import Shape
    from mcp_tui.train.model import model_kind, quantization_config
    from mcp_tui.train.stream_load import load_streamed

    import bitsandbytes  # noqa: F401 - imported before the baseline: libraries are not the load's memory
    import transformers.models.ministral3.modeling_ministral3  # noqa: F401

    import mcp_tui.train.weights  # noqa: F401

    device = torch.device(device_name)
    if device.type == "cuda":
        torch.zeros(1, device=device)  # the CUDA context belongs to the baseline, not to the load
        torch.cuda.reset_peak_memory_stats()
    cfg = load_config("rtx3090-devstral-small-2", [f"model.source={folder}"])
    kind = model_kind(folder)
    rss_before = psutil.Process().memory_info().rss
    t0 = time.perf_counter()
    model = load_streamed(folder, kind, device=device, dtype=torch.bfloat16, quantization=quantization_config(cfg))
    seconds = time.perf_counter() - t0
    shape = Shape.from_config(kind.text_config)
    out = {"device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
           "load_s": seconds, "rss_before_gib": rss_before / GIB,
           "peak_rss_gib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB,
           "rss_after_gib": psutil.Process().memory_info().rss / GIB,
           "bf16_language_model_gib": (shape.linear_params() + shape.unquantized_params()) * 2 / GIB,
           "linear4bit_layers": sum(type(m).__name__ == "Linear4bit" for m in model.modules()),
           "vision_modules": sum("vision" in n or "projector" in n for n, _ in model.named_modules())}
    if device.type == "cuda":
        out |= {"gpu_peak_gib": torch.cuda.max_memory_allocated(device) / GIB,
                "gpu_peak_reserved_gib": torch.cuda.max_memory_reserved(device) / GIB,
                "gpu_model_gib": torch.cuda.memory_allocated(device) / GIB}
    return out


def run_point(layers: int, args: argparse.Namespace) -> dict[str, Any]:
    """Write one checkpoint, load it in a child process, delete it."""
    folder = Path(tempfile.mkdtemp(prefix=f"fp8-{layers}l-", dir=args.dir))
    try:
        point = write_checkpoint(folder, layers, args.shard_gib, args.tiny, args.device)
        child = subprocess.run([sys.executable, "-m", "bench.fp8_load", "--measure", str(folder),
                                "--device", args.device], capture_output=True, text=True, timeout=args.timeout)
        if child.returncode != 0:
            return point | {"status": "failed", "error": child.stderr.strip().splitlines()[-1:]}
        return point | {"status": "ok"} | json.loads(child.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", type=lambda s: [int(x) for x in s.split(",")], default=[4, 12],
                   help="decoder layer counts, one checkpoint each")
    p.add_argument("--shard-gib", type=float, default=2.0, help="checkpoint shard size")
    p.add_argument("--tiny", action="store_true", help="tiny widths (a CPU check of this script)")
    p.add_argument("--device", default="cuda", help="where the load quantizes (cuda, or cpu for --tiny)")
    p.add_argument("--dir", default=None, help="where checkpoints are written (deleted after each point)")
    p.add_argument("--timeout", type=int, default=600, help="seconds per load")
    p.add_argument("--measure", metavar="FOLDER", help=argparse.SUPPRESS)
    p.add_argument("--out")
    args = p.parse_args(argv)
    if args.measure:
        print(json.dumps(measure_load(Path(args.measure), args.device)))
        return 0
    if not args.out:
        p.error("--out is required")
    # "points" stays empty: bench/report.py and the estimator test read training points only.
    result: dict[str, Any] = {"kind": "fp8_load", "shape": "devstral-small-2", "tiny": args.tiny,
                              "shard_gib": args.shard_gib, "points": [], "loads": []}
    for layers in args.layers:
        result["loads"].append(run_point(layers, args))
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=1))
        print(json.dumps(result["loads"][-1]), flush=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True")
    sys.exit(main())
