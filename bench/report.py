"""Tables from the benchmark's JSON results, each measured peak set against the VRAM
estimator's prediction for the same config (mcp_tui.train.memory).

    python -m bench.report [bench/results/raw] > bench/results/summary.md
    python -m bench.report --peer      # only the table beside Unsloth (bench/peer_bench.py), for the README
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
    if "unchecked_layers" in result:  # what train.unchecked_layers = -1 resolved to on that GPU
        cfg.train.unchecked_layers = result["unchecked_layers"]
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


def load(folder: Path, tool: str = "ours") -> list[dict[str, Any]]:
    """The results in `folder` measured with `tool` (ours: bench/qlora_bench.py and fp8_load.py;
    "unsloth": bench/peer_unsloth.py), each with its file's name."""
    results = [json.loads(p.read_text()) | {"file": p.stem} for p in sorted(folder.glob("*.json"))]
    return [r for r in results if r.get("tool", "ours") == tool]


def _cell(point: dict[str, Any]) -> str:
    if point["status"] == "ok":
        return f"{point['tokens_per_s']:.0f} tok/s, {point['peak_allocated_gib']:.1f} GiB"
    if point["status"] == "oom":
        return f"OOM (>{point['peak_allocated_gib']:.1f} GiB)"
    return point["status"]


def gpu_name(device: str | None) -> str:
    """"H100" for "NVIDIA H100 80GB HBM3": the column the tables print."""
    return (device or "?").removeprefix("NVIDIA ").split(" ")[0]


def seq_rows(results: list[dict[str, Any]]) -> list[str]:
    """Every seq-mode point: variant, GPU, length, cap, speed, MFU/HFU, peaks, estimate."""
    out = ["| variant | GPU | seq | cap | tokens/s | MFU | HFU | peak alloc | peak reserved | estimate | est. error |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for p in r["points"]:
            if "seq" not in p or p["status"] not in ("ok", "oom"):
                continue
            cap = f"{p['cap_gib']:.0f} GiB" if p["cap_gib"] else "none"
            est, head = predicted_gib(r, p), f"| {r['label']} | {gpu_name(r.get('device'))} | {p['seq']} | {cap} |"
            if p["status"] == "ok":
                err = f"{100 * (est - p['peak_allocated_gib']) / p['peak_allocated_gib']:+.1f}%"
                out.append(f"{head} {p['tokens_per_s']:.0f} | {100 * p['mfu']:.1f}% | "
                           f"{100 * p['hfu']:.1f}% | {p['peak_allocated_gib']:.2f} | {p['peak_reserved_gib']:.2f} | "
                           f"{est:.2f} | {err} |")
            else:
                out.append(f"{head} OOM | | | >{p['peak_allocated_gib']:.2f} | | "
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


def profile_rows(results: list[dict[str, Any]]) -> list[str]:
    """For each profiled point: where the GPU time went, the rate the matmuls ran at, and
    the MFU ceiling if nothing but those matmuls and attention ran, without recomputation."""
    from bench.flops import H100_SXM_BF16_DENSE, step_flops
    from mcp_tui.config import lora_targets

    out = ["| variant | seq | cap | step s | GPU busy s | matmul s | attention s | other s | matmul TFLOP/s "
           "| MFU | MFU ceiling |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for p in r["points"]:
            if "profile" not in p:
                continue
            shape, cfg, prof = load_shape(r["shape"]), config_of(r), p["profile"]
            layers, seq = shape["num_hidden_layers"], p["seq"]
            recomputed = layers - r.get("unchecked_layers", 0) if cfg.train.gradient_checkpointing else 0
            flops = step_flops(shape, [seq], r=cfg.lora.r, targets=lora_targets(cfg.lora), recomputed_layers=recomputed,
                               tiled_mlp=cfg.train.tiled_mlp)
            attn_fwd, share = flops["attention_fwd"], recomputed / layers
            model_linear = flops["model"] - 3 * attn_fwd
            hw_linear = flops["hardware"] - (3 + share) * attn_fwd  # recomputation included
            matmul = sum(k["gpu_s"] for k in prof["top"] if "gemm" in k["name"].lower() or "nvjet" in k["name"])
            attention = sum(k["gpu_s"] for k in prof["top"] if "sdpa" in k["name"] or "flash" in k["name"])
            rate, attn_rate = hw_linear / matmul, (3 + share) * attn_fwd / attention
            ceiling = flops["model"] / (model_linear / rate + 3 * attn_fwd / attn_rate) / H100_SXM_BF16_DENSE
            cap = f"{p['cap_gib']:.0f} GiB" if p["cap_gib"] else "none"
            out.append(f"| {r['label']} | {seq} | {cap} | {p['step_s']:.2f} | {prof['gpu_busy_s']:.2f} | {matmul:.2f} | "
                       f"{attention:.2f} | {prof['gpu_busy_s'] - matmul - attention:.2f} | {rate / 1e12:.0f} | "
                       f"{100 * p['mfu']:.1f}% | {100 * ceiling:.1f}% |")
    return out


def load_rows(results: list[dict[str, Any]]) -> list[str]:
    """The FP8 -> NF4 streamed loads (bench/fp8_load.py): peaks against the shard and the bf16 model."""
    out = ["| GPU | layers | checkpoint | largest shard | bf16 language model | load s | GPU peak | NF4 model on GPU "
           "| host RSS before | host RSS peak | peak - before |", "|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        for p in r.get("loads", []):
            head = f"| {gpu_name(p.get('device'))} | {p['layers']} |"
            if p.get("status") != "ok":
                out.append(f"{head} failed: {p.get('error')} |||||||||")
                continue
            peaks = [f"{p.get(key, 0):.2f} GiB" for key in ("gpu_peak_gib", "gpu_model_gib", "rss_before_gib",
                                                             "peak_rss_gib")]
            cells = [f"{p['checkpoint_gib']:.2f} GiB in {p['shards']}", f"{p['largest_shard_gib']:.2f} GiB",
                     f"{p['bf16_language_model_gib']:.2f} GiB", f"{p['load_s']:.1f}", *peaks,
                     f"{p['peak_rss_gib'] - p['rss_before_gib']:.2f} GiB"]
            out.append(f"{head} {' | '.join(cells)} |")
    return out


def _peer_points(results: list[dict[str, Any]]) -> dict[tuple[str, int], tuple[dict[str, Any], dict[str, Any]]]:
    """(shape, seq) -> (result, point) of the peer runs' seq points (files peer_*)."""
    return {(r["shape"], p["seq"]): (r, p) for r in results if r["file"].startswith("peer_")
            for p in r["points"] if "seq" in p}


def peer_rows(ours: list[dict[str, Any]], unsloth: list[dict[str, Any]]) -> list[str]:
    """Our presets beside Unsloth (bench/peer_bench.py): same GPU, checkpoint, data and cap."""
    mine, theirs = _peer_points(ours), _peer_points(unsloth)
    out = ["| shape | sequence | GPU, cap | ours (preset) | ours | Unsloth | ours / Unsloth |",
           "|---|---|---|---|---|---|---|"]
    for shape, seq in sorted(set(mine) | set(theirs)):
        (r_ours, p_ours), (r_peer, p_peer) = mine.get((shape, seq), ({}, {})), theirs.get((shape, seq), ({}, {}))
        cap = (p_ours or p_peer).get("cap_gib")
        where = f"{gpu_name((r_ours or r_peer).get('device'))}, {f'{cap:.0f} GiB' if cap else 'no cap'}"
        ratio = (f"{p_ours['tokens_per_s'] / p_peer['tokens_per_s']:.2f}x"
                 if p_ours.get("status") == p_peer.get("status") == "ok" else "")
        out.append(f"| {shape} | {seq} | {where} | {r_ours.get('label', '')} | {_cell(p_ours) if p_ours else '-'} | "
                   f"{_cell(p_peer) if p_peer else '-'} | {ratio} |")
    return out


def main(argv: list[str] | None = None) -> int:
    args = argv if argv is not None else sys.argv[1:]
    folder = Path(next((a for a in args if not a.startswith("--")), str(RAW)))
    results, unsloth = load(folder), load(folder, "unsloth")
    if "--peer" in args:  # the table the README carries
        print("\n".join(peer_rows(results, unsloth)))
        return 0
    seq = [r for r in results if any("seq" in p for p in r["points"])]
    lengths = [r for r in results if any("batching" in p for p in r["points"])]
    print("## Devstral Small shapes (2507: mistral, 2512: ministral3), one sequence per step "
          "(H100/H200; cap = set_per_process_memory_fraction)\n")
    print("\n".join(seq_rows(seq)))
    train_lengths = json.loads((Path(__file__).parent / "results" / "train_lengths.json").read_text())
    if lengths:
        print("\n## Mistral 7B shape, bundled train set lengths (64 conversations per step)\n")
        print("\n".join(lengths_rows(lengths, train_lengths)))
    loads = [r for r in results if r.get("loads")]
    if loads:
        print("\n## Devstral Small 2: FP8 checkpoint streamed into NF4 (bench/fp8_load.py)\n")
        print("\n".join(load_rows(loads)))
    if any(r["file"].startswith("peer_") for r in results + unsloth):
        print("\n## Beside Unsloth: same GPU, checkpoint, data, LoRA and cap (bench/peer_bench.py)\n")
        print("\n".join(peer_rows(results, unsloth)))
    print("\n## Profiled steps: where the time goes (torch.profiler, top 25 kernels)\n")
    print("\n".join(profile_rows(seq)))
    print("\nMFU and HFU: against the H100 SXM's dense bf16 peak (989 TFLOP/s), which the H200 shares.")
    print("\nmatmul: cuBLAS kernels; MFU ceiling: the MFU if the step ran only its forward and backward "
          "matmuls and attention, at the rates measured here, with no recomputation and no other kernel.")
    ok = [(r, p) for r in results for p in r["points"] if p.get("status") == "ok"]
    worst = max(abs(predicted_gib(r, p, train_lengths) - p["peak_allocated_gib"]) / p["peak_allocated_gib"]
                for r, p in ok)
    print(f"\nEstimator vs measured peak allocated: {len(ok)} points, worst error {100 * worst:.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
