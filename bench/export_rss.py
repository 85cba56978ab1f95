"""Peak memory of the streaming merge on a checkpoint of many shards.

Writes a random checkpoint of a real architecture's shapes straight to safetensors shards
(no model is instantiated, so a multi-GB base costs only its disk), a random rank-16 LoRA
adapter on every decoder linear, then merges it in a fresh process while a thread samples
the process's resident memory every 5 ms. The claim under test: the merge's peak stays
near one shard, whatever the number of shards and the size of the model.

    .venv/bin/python bench/export_rss.py                       # small: ~0.5 GB fp32, 10 shards
    .venv/bin/python bench/export_rss.py --scale devstral-2l   # Devstral Small shapes, 2 layers, bf16

Each scale writes its section of bench/results/export_rss.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RESULTS = Path(__file__).parent / "results" / "export_rss.json"
MIB = 2**20
LINEARS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")
SCALES = {
    # A small Mistral in fp32, cut into ~58 MiB shards; merged with the default 2 GiB output
    # shards (the base's layout kept) and with 16 MiB ones (each input shard split in four).
    "small": {"config": dict(vocab_size=8192, hidden_size=1024, intermediate_size=4096, num_hidden_layers=8,
                             num_attention_heads=16, num_key_value_heads=4),
              "dtype": "float32", "shard_mib": 58, "merges": [("bf16", 2048), ("fp32", 2048), ("bf16", 16), ("fp32", 16)]},
    # Devstral Small 2507's exact tensor shapes (bench/shapes/devstral-small.json) with 2 of its
    # 40 layers (4.9 GB bf16): every tensor as large as the real one (embeddings 1.25 GiB, each
    # MLP matrix 320 MiB). Input shards of ~2.3 GiB, output shards capped at 1 GiB.
    "devstral-2l": {"shape": "devstral-small", "layers": 2, "dtype": "bfloat16", "shard_mib": 2400,
                    "merges": [("bf16", 1024)]},
}


def _config(scale: dict):
    from transformers import MistralConfig

    if "shape" in scale:
        shape = json.loads((Path(__file__).parent / "shapes" / f"{scale['shape']}.json").read_text())
        shape.pop("_comment", None)
        shape.update(num_hidden_layers=scale["layers"])
        return MistralConfig(**shape)
    return MistralConfig(tie_word_embeddings=False, **scale["config"])


def build(folder: Path, scale: dict) -> None:
    """Random base shards plus a rank-16 adapter, written tensor by tensor."""
    import torch
    from peft import LoraConfig
    from safetensors.torch import save_file
    from transformers import AutoModelForCausalLM

    config = _config(scale)
    dtype = getattr(torch, scale["dtype"])
    with torch.device("meta"):
        shapes = {n: tuple(p.shape) for n, p in AutoModelForCausalLM.from_config(config).state_dict().items()}
    base = folder / "base"
    base.mkdir()
    config.to_json_file(base / "config.json")
    gen = torch.Generator().manual_seed(0)
    groups: list[list[str]] = [[]]
    size = 0
    for name, shape in shapes.items():
        nbytes = torch.Size(shape).numel() * dtype.itemsize
        if groups[-1] and size + nbytes > scale["shard_mib"] * MIB:
            groups.append([])
            size = 0
        groups[-1].append(name)
        size += nbytes
    weight_map = {}
    for i, names in enumerate(groups, 1):
        file = f"model-{i:05d}-of-{len(groups):05d}.safetensors"
        save_file({n: (torch.randn(shapes[n], generator=gen) * 0.02).to(dtype) for n in names}, base / file)
        weight_map.update(dict.fromkeys(names, file))
    (base / "model.safetensors.index.json").write_text(json.dumps({"metadata": {}, "weight_map": weight_map}))
    adapter = folder / "adapter"
    LoraConfig(r=16, lora_alpha=32, target_modules=list(LINEARS)).save_pretrained(adapter)
    lora = {}
    for name, (out_f, in_f) in ((n, s) for n, s in shapes.items() if n.rsplit(".", 2)[-2] in LINEARS):
        module = name.removesuffix(".weight")
        lora[f"base_model.model.{module}.lora_A.weight"] = torch.randn(16, in_f, generator=gen) * 0.01
        lora[f"base_model.model.{module}.lora_B.weight"] = torch.randn(out_f, 16, generator=gen) * 0.01
    save_file(lora, adapter / "adapter_model.safetensors")


def _rss_parts() -> tuple[int, int, int]:
    fields = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            fields[key] = int(value.split()[0]) * 1024
    return fields["VmRSS"], fields["RssAnon"], fields["RssFile"]


def measure(folder: Path, dtype: str, max_shard_mib: int) -> dict:
    """Run in a fresh process: merge while sampling RSS; report peaks above the baseline."""
    from mcp_tui.export.merge import merge_checkpoint, read_adapter
    from mcp_tui.train.weights import open_checkpoint

    checkpoint, adapter = open_checkpoint(folder / "base"), read_adapter(folder / "adapter")
    out = folder / f"merged-{dtype}-{max_shard_mib}"
    out.mkdir()
    baseline = _rss_parts()
    peak = list(baseline)
    stop = threading.Event()

    def sample() -> None:
        while not stop.is_set():
            for i, value in enumerate(_rss_parts()):
                peak[i] = max(peak[i], value)
            time.sleep(0.005)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    merge_checkpoint(checkpoint, adapter, out, dtype, max_shard_bytes=max_shard_mib * MIB)
    seconds = time.monotonic() - started
    stop.set()
    sampler.join()
    in_sizes = [p.stat().st_size for p in checkpoint.shards]
    out_sizes = [p.stat().st_size for p in out.glob("*.safetensors")]
    largest = max(info.numel for info in checkpoint.tensors.values())
    return {
        "dtype": dtype,
        "max_shard_mib": max_shard_mib,
        "shards_in": len(in_sizes),
        "shards_out": len(out_sizes),
        "total_in_mib": round(sum(in_sizes) / MIB, 1),
        "total_out_mib": round(sum(out_sizes) / MIB, 1),
        "largest_in_shard_mib": round(max(in_sizes) / MIB, 1),
        "largest_out_shard_mib": round(max(out_sizes) / MIB, 1),
        "largest_tensor_fp32_mib": round(largest * 4 / MIB, 1),
        "baseline_rss_mib": round(baseline[0] / MIB, 1),
        "peak_rss_mib": round(peak[0] / MIB, 1),
        "peak_rss_above_baseline_mib": round((peak[0] - baseline[0]) / MIB, 1),
        "peak_anon_above_baseline_mib": round((peak[1] - baseline[1]) / MIB, 1),
        "peak_file_mapped_above_baseline_mib": round((peak[2] - baseline[2]) / MIB, 1),
        "seconds": round(seconds, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=sorted(SCALES), default="small")
    parser.add_argument("--dir", type=Path, default=None, help="where to write the checkpoints (default: a temp dir)")
    parser.add_argument("--measure", nargs=3, metavar=("FOLDER", "DTYPE", "MAX_SHARD_MIB"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        folder, dtype, max_mib = args.measure
        print(json.dumps(measure(Path(folder), dtype, int(max_mib))))
        return
    scale = SCALES[args.scale]
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        started = time.monotonic()
        build(Path(tmp), scale)
        print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
        runs = []
        for dtype, max_mib in scale["merges"]:
            out = subprocess.run([sys.executable, __file__, "--measure", tmp, dtype, str(max_mib)],
                                 check=True, capture_output=True, text=True).stdout
            runs.append(json.loads(out.strip().splitlines()[-1]))
            print(json.dumps(runs[-1]), file=sys.stderr)
    results = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    results["what"] = ("peak RSS of mcp_tui.export.merge.merge_checkpoint, sampled every 5 ms in a fresh process; "
                       "baseline = after imports and header reads; anon = new tensors, file_mapped = pages of "
                       "the input shard mapped by safetensors (clean page cache the kernel can drop)")
    results[args.scale] = {"machine": f"{platform.machine()}, {_cpu_count()} CPUs, {_ram_gib()} GiB RAM",
                           "base_dtype": scale["dtype"], "runs": runs}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def _cpu_count() -> int:
    import os

    return len(os.sched_getaffinity(0))


def _ram_gib() -> int:
    import psutil

    return round(psutil.virtual_memory().total / 2**30)


if __name__ == "__main__":
    main()
