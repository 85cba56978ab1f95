"""The CPU demo's training speed with the fused LoRA linear and with PEFT's own forward.

Runs the `cpu-demo` preset for a few steps through the real CLI (`mcp-tui train
--foreground`), alternating `train.fused_lora` true/false so that load on the machine
falls on both alike, and writes every step's tokens/s and loss with a summary to
bench/results/cpu_demo_fused_lora.json. The losses show both paths train the same way
(they differ only by bf16 rounding).

    python -m bench.cpu_demo_speed [--steps 8] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from mcp_tui.runs import Run

OUT = Path(__file__).parent / "results" / "cpu_demo_fused_lora.json"


def one_run(runs_dir: Path, fused: bool, steps: int) -> dict:
    """Train `steps` demo steps in the foreground; the run's per-step metrics."""
    cmd = [sys.executable, "-c", "import sys; from mcp_tui.cli import main; sys.exit(main(sys.argv[1:]))", "--runs-dir", str(runs_dir), "train", "--preset", "cpu-demo",
           "--set", f"train.max_steps={steps}", "--set", "train.eval_steps=0", "--set", "train.save_steps=1000",
           "--set", f"train.fused_lora={str(fused).lower()}", "--foreground"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    (folder,) = [p for p in runs_dir.iterdir() if p.is_dir()]
    rows = [r for r in Run(folder).metrics() if r.get("tokens_per_s")]
    return {"fused_lora": fused, "tokens_per_s": [r["tokens_per_s"] for r in rows],
            "loss": [r["loss"] for r in rows], "elapsed_s": rows[-1]["elapsed_s"]}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=8)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.rounds):
            for fused in (True, False):
                runs.append(one_run(Path(tmp) / f"{i}-{fused}", fused, args.steps))
                print(json.dumps({k: runs[-1][k] for k in ("fused_lora", "elapsed_s")}), flush=True)
    summary = {}
    for fused in (True, False):
        mine = [r for r in runs if r["fused_lora"] == fused]
        summary["fused" if fused else "peft"] = {
            "median_tokens_per_s": statistics.median(t for r in mine for t in r["tokens_per_s"]),
            "mean_elapsed_s": statistics.mean(r["elapsed_s"] for r in mine)}
    summary["speedup"] = summary["fused"]["median_tokens_per_s"] / summary["peft"]["median_tokens_per_s"]
    result = {"machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
              "steps": args.steps, "rounds": args.rounds, "summary": summary, "runs": runs}
    OUT.write_text(json.dumps(result, indent=1))
    print(json.dumps(summary, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
