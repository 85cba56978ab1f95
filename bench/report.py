"""Tables from the benchmark's JSON results, each measured peak set against the VRAM
estimator's prediction for the same config (mcp_tui.train.memory).

    python -m bench.report [bench/results/raw] > bench/results/summary.md
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bench.random_model import load_shape
from mcp_tui.config import RunConfig
from mcp_tui.train.memory import GIB, estimate

RAW = Path(__file__).parent / "results" / "raw"


def config_of(result: dict[str, Any]) -> RunConfig:
    """The RunConfig a result was measured with (stored whole in the JSON)."""
    cfg = RunConfig()
    for section, values in result["config"].items():
        if isinstance(values, dict):
            for key, value in values.items():
                setattr(getattr(cfg, section), key, value)
    return cfg


def largest_micro_batch(point: dict[str, Any], lengths: list[int]) -> tuple[int, int]:
    """(rows, width) of a lengths-mode point's largest micro-batch, rebuilt from the same
    deterministic sample and batching that bench.qlora_bench used."""
    import random

    from mcp_tui.data.tokenize import Encoded, pack

    sample = random.Random(0).sample(lengths, min(64, len(lengths)))
    assert sum(sample) == point["real_tokens"], "lengths file differs from the one measured"
    name = point["batching"]
    if name.startswith("packed"):
        width = int(name[len("packed"):].split("_")[0])
        return 1, max(len(r["input_ids"]) for r in pack([Encoded([0] * n, [0] * n) for n in sample], width))
    if name.startswith("padded_batch"):
        size = int(name[len("padded_batch"):])
        return max((len(sample[i:i + size]), max(sample[i:i + size])) for i in range(0, len(sample), size))
    return 1, max(sample)


def predicted_gib(result: dict[str, Any], point: dict[str, Any], lengths: list[int] | None = None) -> float:
    """The estimator's allocator peak for the point's largest micro-batch."""
    rows, seq = (1, point["seq"]) if "seq" in point else largest_micro_batch(point, lengths or [])
    e = estimate(load_shape(result["shape"]), config_of(result), seq_len=seq, batch_size=rows,
                 upcast_fp32=result["upcast_fp32"])
    return e.allocator_peak / GIB


def load(folder: Path) -> list[dict[str, Any]]:
    return [json.loads(p.read_text()) | {"file": p.stem} for p in sorted(folder.glob("*.json"))]


def _cell(point: dict[str, Any]) -> str:
    if point["status"] != "ok":
        return f"OOM (>{point['peak_allocated_gib']:.1f} GiB)"
    return f"{point['tokens_per_s']:.0f} tok/s, {point['peak_allocated_gib']:.1f} GiB"


def seq_rows(results: list[dict[str, Any]]) -> list[str]:
    """Every seq-mode point: variant, length, cap, speed, MFU/HFU, peaks, estimate."""
    out = ["| variant | seq | cap | tokens/s | MFU | HFU | peak alloc | peak reserved | estimate | est. error |",
           "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for p in r["points"]:
            if "seq" not in p or p["status"].startswith("skipped"):
                continue
            cap = f"{p['cap_gib']:.0f} GiB" if p["cap_gib"] else "none"
            est = predicted_gib(r, p)
            if p["status"] == "ok":
                err = f"{100 * (est - p['peak_allocated_gib']) / p['peak_allocated_gib']:+.1f}%"
                out.append(f"| {r['label']} | {p['seq']} | {cap} | {p['tokens_per_s']:.0f} | {100 * p['mfu']:.1f}% | "
                           f"{100 * p['hfu']:.1f}% | {p['peak_allocated_gib']:.2f} | {p['peak_reserved_gib']:.2f} | "
                           f"{est:.2f} | {err} |")
            else:
                out.append(f"| {r['label']} | {p['seq']} | {cap} | OOM | | | >{p['peak_allocated_gib']:.2f} | | "
                           f"{est:.2f} | (predicts OOM: {'yes' if est > (p['cap_gib'] or 80) else 'NO'}) |")
    return out


def lengths_rows(results: list[dict[str, Any]], lengths: list[int]) -> list[str]:
    out = ["| batching | attention | micro-batches | computed / real tokens | tokens/s (real) | MFU | peak alloc "
           "| estimate | est. error |", "|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for p in r["points"]:
            if "batching" in p and p["status"] == "ok":
                est = predicted_gib(r, p, lengths)
                err = 100 * (est - p["peak_allocated_gib"]) / p["peak_allocated_gib"]
                out.append(f"| {p['batching']} | {p['attn']} | {p['micro_batches']} | "
                           f"{p['computed_tokens']} / {p['real_tokens']} | {p['tokens_per_s']:.0f} | "
                           f"{100 * p['mfu']:.1f}% | {p['peak_allocated_gib']:.2f} | {est:.2f} | {err:+.1f}% |")
    return out


def main(argv: list[str] | None = None) -> int:
    folder = Path((argv or sys.argv[1:] or [str(RAW)])[0])
    results = load(folder)
    seq = [r for r in results if any("seq" in p for p in r["points"])]
    lengths = [r for r in results if any("batching" in p for p in r["points"])]
    print("## Devstral Small shape, one sequence per step (H100; cap = set_per_process_memory_fraction)\n")
    print("\n".join(seq_rows(seq)))
    train_lengths = json.loads((Path(__file__).parent / "results" / "train_lengths.json").read_text())
    if lengths:
        print("\n## Mistral 7B shape, bundled train set lengths (64 conversations per step)\n")
        print("\n".join(lengths_rows(lengths, train_lengths)))
    ok = [(r, p) for r in results for p in r["points"] if p.get("status") == "ok"]
    worst = max(abs(predicted_gib(r, p, train_lengths) - p["peak_allocated_gib"]) / p["peak_allocated_gib"]
                for r, p in ok)
    print(f"\nEstimator vs measured peak allocated: {len(ok)} points, worst error {100 * worst:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
