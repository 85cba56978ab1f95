"""Our presets beside Unsloth on the same GPU, model, data and memory cap (the GPU machine).

For each shape: one random-weight NF4 checkpoint (bench/peer_checkpoint.py) that both tools
load; then Unsloth's ladder of lengths in one process (bench/peer_unsloth.py: its documented
API and defaults, `max_seq_length` the ladder's longest), then ours (bench/qlora_bench.py
--checkpoint: the trainer's loader and kernels), each length with the preset a user picks
for it: the shape's preset up to 8192 tokens (unchecked layers sized to the length), plus
activation offload up to 16384, the 32k preset (offload, tiled MLP) beyond. Both use the
preset's LoRA rank, alpha and dropout (0) on all 7 linear kinds, batch 1, one random sequence
per step, one warm-up step, then `--steps` timed (`--long-steps` past 8192; 0 there means a single
timed step, without warm-up, on a process that a shorter length already warmed up).

Each child process has a timeout and the whole run a time budget (`--budget-s`): a length
predicted not to fit what is left is recorded as skipped, never half-run; a ladder (Unsloth's,
or one preset of ours) stops at its first out-of-memory (or error), the other ladders still run.
`--tools` sets the order (`ours,unsloth` puts ours first when the budget is short) and
`--unsloth-seqs` gives Unsloth its own lengths (a re-run of what it has not measured yet).
A crash or a kill loses only the point in flight, which is recorded as such. The GPU machine
returns at most 8 files, so everything lands in two: `peer_results.json` (every child's
result, rewritten after each child) and `peer_log.txt`; `--unbundle` writes the results as
bench/results/raw/ files for the report.

    python -m bench.peer_bench --shapes devstral-small-2 --seqs 8192,16384,32768,65536 --caps 23 \\
        --budget-s 320 --dir /tmp/peer --out $OUT
    python -m bench.peer_bench --unbundle peer_results.json --into bench/results/raw
    python -m bench.peer_bench --shapes devstral-small-2 --plan     # the processes it would run
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import peer_checkpoint

ROOT = Path(__file__).resolve().parent.parent
# Per shape: (our preset up to 16384 tokens, our preset beyond, default ladder).
SHAPES: dict[str, tuple[str, str | None, list[int]]] = {
    "devstral-small-2": ("rtx3090-devstral-small-2", "rtx3090-devstral-small-2-32k", [2048, 8192, 16384, 32768, 65536]),
    "devstral-small": ("rtx3090-devstral-small", "rtx3090-devstral-small-32k", [2048, 8192, 16384, 32768, 65536]),
    "mistral-7b": ("rtx3090-7b", None, [2048, 8192, 16384, 32768, 65536, 131072]),
}
# What the 32k presets add, for a shape that has none.
LONG_OVERRIDES = ["train.activation_offload=true", "train.tiled_mlp=true", "train.unchecked_layers=0"]
OFFLINE = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1", "HF_DATASETS_OFFLINE": "1",
           "UNSLOTH_DISABLE_STATISTICS": "1", "PYTHONUNBUFFERED": "1"}
OURS_ALLOC = {"PYTORCH_CUDA_ALLOC_CONF": "expandable_segments:True"}
START_S = {"checkpoint": 0.0, "unsloth": 90.0, "ours": 40.0}  # a child's start and load, before its first step
MARGIN_S = 10.0  # kept for folding results in after the last child


@dataclass
class Child:
    """One child process: what it runs, where its result goes, the lengths it measures."""

    tool: str
    shape: str
    label: str
    args: list[str]
    seqs: list[int] = field(default_factory=list)
    out: Path | None = None


def ours_groups(shape: str, seqs: list[int]) -> list[tuple[str, list[str], list[int], str]]:
    """(recipe, overrides, lengths, label) per process of ours: one process per length up to
    16384 (the unchecked layers are sized to the length), the long ones together."""
    base, long_preset, _ = SHAPES[shape]
    groups = []
    for seq in (s for s in seqs if s <= 16384):
        over = [f"data.max_seq_len={seq}"] + (["train.activation_offload=true"] if seq > 8192 else [])
        groups.append((f"preset:{base}", over, [seq], f"{base}" + (" + offload" if seq > 8192 else "")))
    long = [s for s in seqs if s > 16384]
    if long:
        recipe = f"preset:{long_preset or base}"
        over = [f"data.max_seq_len={max(long)}"] + ([] if long_preset else LONG_OVERRIDES)
        groups.append((recipe, over, long, long_preset or f"{base} + offload + tiled MLP"))
    return groups


def plan(args: argparse.Namespace, shape: str) -> list[Child]:
    """The children for one shape, in the order they run."""
    seqs = args.seqs or SHAPES[shape][2]
    ckpt = peer_checkpoint.folder_for(Path(args.dir), shape, args.tiny)
    common = ["--shape", shape, "--caps", args.caps, "--steps", str(args.steps), "--long-steps", str(args.long_steps)]
    # --tiny: the whole run on a tiny checkpoint on this CPU (a check of the plumbing, not a measurement).
    tiny, cpu = (["--tiny", "--device", "cpu"], ["--device", "cpu"]) if args.tiny else ([], [])
    cpu_sets = ["quant.mode=none", "train.device=cpu"] if args.tiny else []  # the loader keeps the checkpoint's NF4
    children = [Child("checkpoint", shape, "checkpoint", ["-m", "bench.peer_checkpoint", "--shape", shape,
                                                          "--dir", args.dir, *tiny])]
    for tool in args.tools.split(","):
        if tool == "unsloth":
            useqs = args.unsloth_seqs or seqs
            children.append(Child("unsloth", shape, "Unsloth", ["-m", "bench.peer_unsloth", *common, *cpu,
                                                                "--checkpoint", str(ckpt), "--preset", SHAPES[shape][0],
                                                                "--seqs", ",".join(map(str, useqs))], useqs))
            continue
        for recipe, over, group, label in ours_groups(shape, seqs):
            sets = [a for o in over + cpu_sets for a in ("--set", o)]
            children.append(Child("ours", shape, label, ["-m", "bench.qlora_bench", *common, *cpu, "--checkpoint", str(ckpt),
                                                         "--recipe", recipe, *sets, "--label", label,
                                                         "--seqs", ",".join(map(str, group))], group))
    for child in children:
        if child.tool != "checkpoint":
            name = f"peer_{child.tool}_{shape}" + (f"_{child.seqs[0]}" if child.tool == "ours" else "")
            child.out = Path(args.dir) / "results" / f"{name}.json"
            child.args += ["--out", str(child.out)]
    return children


def child_env(tool: str, work: Path) -> dict[str, str]:
    """Offline, the repo importable; our allocator setting for ours, Unsloth's own for it."""
    env = {**os.environ, **OFFLINE, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    if tool == "unsloth":
        env["UNSLOTH_COMPILE_LOCATION"] = str(work / "unsloth_compiled_cache")
        for key in ("PYTORCH_CUDA_ALLOC_CONF", "PYTORCH_ALLOC_CONF"):
            env.pop(key, None)
    else:
        env.update(OURS_ALLOC)
    return env


def run_child(child: Child, timeout: float, work: Path, log: Path) -> dict[str, Any]:
    """Run one child (output appended to `log`); how it ended."""
    t0 = time.monotonic()
    with log.open("a") as sink:
        sink.write(f"\n=== {child.tool} {child.shape} {child.label}: python {' '.join(child.args)}\n")
        sink.flush()
        try:
            proc = subprocess.run([sys.executable, *child.args], stdout=sink, stderr=subprocess.STDOUT, cwd=work,
                                  env=child_env(child.tool, work), timeout=max(timeout, 1))
            rc, timed_out = proc.returncode, False
        except subprocess.TimeoutExpired:
            rc, timed_out = None, True
    return {"tool": child.tool, "shape": child.shape, "label": child.label, "rc": rc, "timed_out": timed_out,
            "seconds": time.monotonic() - t0, "args": child.args}


def predicted_start_s(child: Child, measured: list[dict[str, Any]], steps: tuple[int, int]) -> float:
    """Seconds before `child` finishes its first length: its start and load, then that length's
    steps, scaled from the tool's last measured length on this shape (0 when none yet)."""
    from bench.qlora_bench import predicted_s

    ok = [p for r in measured if r.get("tool") == child.tool and r.get("shape") == child.shape
          for p in r["points"] if p.get("status") == "ok"]
    seq = child.seqs[0]  # a process's first length always has its warm-up step
    return START_S[child.tool] + predicted_s(ok[-1] if ok else None, seq, steps[0] if seq <= 8192 else max(1, steps[1]))


def finish(child: Child, run: dict[str, Any], cap: float | None) -> dict[str, Any] | None:
    """The child's result file, with the length in flight marked when it crashed or was killed."""
    if child.out is None or not child.out.is_file():
        return None
    result = json.loads(child.out.read_text())
    if run["rc"] != 0:
        done = {p["seq"] for p in result["points"]}
        missing = [s for s in child.seqs if s not in done]
        if missing:
            status = "timeout" if run["timed_out"] else f"crashed (exit {run['rc']})"
            result["points"].append({"seq": missing[0], "cap_gib": cap, "status": status})
            child.out.write_text(json.dumps(result, indent=1))
    return result


def failed(result: dict[str, Any] | None, run: dict[str, Any]) -> bool:
    """True when a ladder must stop: the child died, or a length ran out of memory or broke."""
    statuses = [p["status"] for p in (result or {}).get("points", [])]
    return run["rc"] != 0 or any(s in ("oom", "error") for s in statuses)


def summary(run: dict[str, Any], result: dict[str, Any] | None) -> str:
    """One line for the command's output: how the child ended and what each length gave."""
    def cell(p: dict[str, Any]) -> str:
        speed = f" {p['tokens_per_s']:.0f} tok/s" if p["status"] == "ok" else ""
        peak = f" {p['peak_allocated_gib']:.2f} GiB" if p.get("peak_allocated_gib") is not None else ""
        return f"{p['seq']}: {p['status']}{speed}{peak}"

    return (f"[{run['tool']} {run['shape']} {run['label']}] rc={run['rc']} {run['seconds']:.0f}s"
            f"{' TIMEOUT' if run['timed_out'] else ''}; " + "; ".join(cell(p) for p in (result or {}).get("points", [])))


def run_shape(args: argparse.Namespace, shape: str, bundle: dict[str, Any], save: Any) -> None:
    """Every child of one shape, within the budget; results folded into `bundle` as they come.
    A ladder (one tool's lengths with one label: Unsloth's, or one of our presets) stops at its
    first failure; the other ladders still run (the 32k preset after the base preset failed)."""
    cap = None if args.caps.split(",")[0] == "none" else float(args.caps.split(",")[0])
    work, log = Path(args.dir) / "work", Path(args.out) / "peer_log.txt"
    work.mkdir(parents=True, exist_ok=True)
    stopped: set[tuple[str, str]] = set()
    for child in plan(args, shape):
        left = args.deadline - time.monotonic() - MARGIN_S
        need = predicted_start_s(child, list(bundle["results"].values()), (args.steps, args.long_steps)) \
            if child.seqs else 0.0
        ladder = (child.tool, child.label)
        if ladder in stopped or need > left:
            why = "a shorter length failed" if ladder in stopped else f"time budget ({need:.0f}s > {left:.0f}s)"
            bundle["runs"].append({"tool": child.tool, "shape": shape, "label": child.label, "skipped": why,
                                   "seqs": child.seqs})
            print(f"[{child.tool} {shape} {child.label}] not run: {why}", flush=True)
            continue
        if child.seqs:
            child.args += ["--budget-s", f"{left:.0f}"]
        run = run_child(child, left, work, log)
        result = finish(child, run, cap)
        if result is not None:
            bundle["results"][child.out.stem] = result
        bundle["runs"].append(run)
        save()
        print(summary(run, result), flush=True)
        if child.tool == "checkpoint" and run["rc"] != 0:
            return
        if failed(result, run):
            stopped.add(ladder)


def unbundle(bundle_path: Path, into: Path) -> list[Path]:
    """The results of a peer_results.json as bench/results/raw files (one result each)."""
    bundle = json.loads(bundle_path.read_text())
    into.mkdir(parents=True, exist_ok=True)
    written = []
    for name, result in bundle["results"].items():
        path = into / f"{name}.json"
        path.write_text(json.dumps(result, indent=1))
        written.append(path)
    return written


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shapes", default="devstral-small-2", help=f"comma-separated, of {', '.join(SHAPES)}")
    p.add_argument("--tools", default="unsloth,ours", help="unsloth, ours or both, run in the order given")
    p.add_argument("--seqs", type=lambda s: [int(x) for x in s.split(",")], default=None,
                   help="lengths, ascending (default: each shape's ladder)")
    p.add_argument("--unsloth-seqs", type=lambda s: [int(x) for x in s.split(",")], default=None,
                   help="Unsloth's lengths when they differ from --seqs (a re-run of what it has not measured)")
    p.add_argument("--caps", default="23", help="GiB per process (set_per_process_memory_fraction), or none")
    p.add_argument("--steps", type=int, default=2, help="timed steps after the warm-up, up to 8192 tokens")
    p.add_argument("--long-steps", type=int, default=1, help="timed steps after the warm-up, past 8192 "
                   "(0: one step and no warm-up, except for a process's first length)")
    p.add_argument("--budget-s", type=float, default=330.0, help="seconds for the whole run")
    p.add_argument("--dir", default="/tmp/peer", help="checkpoints, scratch results, Unsloth's compile cache")
    p.add_argument("--out", default="bench/results/raw", help="where peer_results.json and peer_log.txt go")
    p.add_argument("--tiny", action="store_true", help="tiny checkpoints, every child on this CPU: checks the "
                   "plumbing (Unsloth on a CPU also needs UNSLOTH_ALLOW_CPU=1 and its GPU stubs)")
    p.add_argument("--plan", action="store_true", help="print the child processes and exit")
    p.add_argument("--unbundle", metavar="PEER_RESULTS_JSON", help="write its results into --into and exit")
    p.add_argument("--into", default="bench/results/raw")
    args = p.parse_args(argv)
    args.deadline = time.monotonic() + args.budget_s
    unknown = [s for s in args.shapes.split(",") if s not in SHAPES]
    if unknown:
        p.error(f"--shapes: no peer plan for {', '.join(unknown)}; known: {', '.join(SHAPES)}")
    for name, seqs in (("--seqs", args.seqs), ("--unsloth-seqs", args.unsloth_seqs)):
        if seqs and seqs != sorted(seqs):
            p.error(f"{name} must be ascending (a ladder stops at its first failure)")
    if not args.tools or set(args.tools.split(",")) - {"unsloth", "ours"}:
        p.error(f"--tools: unsloth, ours or both, got {args.tools!r}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.unbundle:
        for path in unbundle(Path(args.unbundle), Path(args.into)):
            print(path)
        return 0
    if args.plan:
        for shape in args.shapes.split(","):
            for child in plan(args, shape):
                print(f"{child.tool:10} {child.label:40} python {' '.join(child.args)}")
        return 0
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    bundle: dict[str, Any] = {"budget_s": args.budget_s, "argv": sys.argv[1:], "runs": [], "results": {}}

    def save() -> None:
        (out / "peer_results.json").write_text(json.dumps(bundle, indent=1))

    for shape in args.shapes.split(","):
        run_shape(args, shape, bundle, save)
    save()
    return 0


if __name__ == "__main__":
    sys.exit(main())
