"""How soon the CPU demo shows its first loss point, and how fast it trains, on this machine.

Starts the `cpu-demo` preset through the real CLI (`mcp-tui train --foreground`, the
model conversion cached by a first run), watches the run folder the way the monitor does,
and writes: seconds from the command's start to the first loss point in metrics.jsonl,
every step's tokens/s, the weights dtype and the loss the worker chose and why (its events),
whether the CPU computes bf16 natively, the preset's training time its mean step implies, and the
load average before and after (other work on the same cores slows every step: run it when the
1-minute load is near 0).

    python -m bench.demo_first_step [--steps 6] [--out bench/results/demo_first_step.json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from mcp_tui.config import load_config
from mcp_tui.runs import Run
from mcp_tui.subcommand import cli_command


def timed_run(runs_dir: Path, steps: int) -> dict:
    """One foreground demo run of `steps` steps, watched from outside."""
    start = time.time()
    proc = subprocess.Popen(cli_command("--runs-dir", str(runs_dir), "train", "--preset", "cpu-demo", "--foreground",
                                        "--set", f"train.max_steps={steps}"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    first = None
    while proc.poll() is None:
        runs = sorted(runs_dir.iterdir()) if runs_dir.is_dir() else []
        if first is None and runs and any(r.get("loss") is not None for r in Run(runs[-1]).metrics()):
            first = time.time() - start
        time.sleep(0.5)
    run = Run(sorted(runs_dir.iterdir())[-1])
    rows = [r for r in run.metrics() if r.get("loss") is not None]
    events = run.events_tail(200)
    return {"exit": proc.returncode, "first_loss_s": round(first, 1) if first else None, "wall_s": round(time.time() - start, 1),
            "tokens_per_s": [r.get("tokens_per_s") for r in rows], "loss": [r["loss"] for r in rows],
            "elapsed_s": [r["elapsed_s"] for r in rows],
            "dtype_events": [e for e in events if "dtype" in e or "bfloat16" in e or "float32" in e],
            "loss_events": [e for e in events if " loss: " in e]}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=6)
    p.add_argument("--out", default=str(Path(__file__).parent / "results" / "demo_first_step.json"))
    args = p.parse_args()
    flags = Path("/proc/cpuinfo").read_text().split() if Path("/proc/cpuinfo").exists() else []
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        warm = timed_run(Path(tmp) / "warm", 1)  # converts the demo model on a first use
        run = timed_run(Path(tmp) / "runs", args.steps)
    speeds = [s for s in run["tokens_per_s"][1:] if s]  # the first step includes warm-up
    median = statistics.median(speeds) if speeds else None
    step_s = [b - a for a, b in zip(run["elapsed_s"], run["elapsed_s"][1:])]  # steps 2 on: no warm-up
    steps = load_config("cpu-demo").train.max_steps
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "native_bf16": "avx512_bf16" in flags or "amx_bf16" in flags,
              "load_avg_before": load_before, "load_avg_after": os.getloadavg(),
              "warm_up_run": warm, "run": run, "median_tokens_per_s": median,
              "preset_steps": steps, "implied_training_min": round(steps * statistics.mean(step_s) / 60, 1) if step_s else None}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "warm_up_run"}, indent=1))


if __name__ == "__main__":
    main()
