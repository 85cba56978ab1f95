"""The whole demo, as a user runs it, timed on this machine: training, then its evaluation.

Runs `mcp-tui train --preset PRESET --foreground` and then `mcp-tui eval latest` (the
preset's own task set and eval.limit) through the real CLI, in a fresh runs folder (the
demo model's conversion cached by an earlier use), and writes the minutes of each, the
training's tokens/s, the weights dtype the worker chose, and the A/B result (pass rates,
McNemar p, per category). Load on the machine slows every step: run it with the 1-minute
load near 0 and nothing else running; the load averages before and after are recorded.

    python -m bench.demo_whole [--preset cpu-demo] [--set lora.last_layers=15 ...] [--out FILE.json]
        [--keep FOLDER]   # also keep the run's config, metrics, events and every answer there
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from mcp_tui.runs import Run
from mcp_tui.subcommand import cli_command


def timed(args: list[str], log: Path) -> tuple[int, float]:
    """Exit code and minutes of one CLI command, its output kept in `log`."""
    start = time.time()
    with log.open("w") as out:
        code = subprocess.call(cli_command(*args), stdout=out, stderr=subprocess.STDOUT)
    return code, round((time.time() - start) / 60, 2)


def keep_run(run: Run, folder: Path) -> None:
    """What a reader needs to check the result: the settings, the curves and every answer
    (not the adapter, which the A/B files already judge)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("config.toml", "metrics.jsonl", "events.log"):
        shutil.copy(run.path / name, folder / name)
    shutil.copytree(run.eval_dir, folder / "eval", dirs_exist_ok=True, ignore=shutil.ignore_patterns(".lock"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--preset", default="cpu-demo")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="a setting on top of the preset, as `mcp-tui train --set` takes it (repeatable)")
    p.add_argument("--out", default="")
    p.add_argument("--keep", default="", help="copy the run's config, metrics, events and eval folder here")
    args = p.parse_args(argv)
    out = Path(args.out or Path(__file__).parent / "results" / f"demo_whole_{args.preset}.json")
    sets = [a for o in args.overrides for a in ("--set", o)]
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        runs = Path(tmp) / "runs"
        train_code, train_min = timed(["--runs-dir", str(runs), "train", "--preset", args.preset, *sets, "--foreground"],
                                      Path(tmp) / "train.log")
        eval_code, eval_min = timed(["--runs-dir", str(runs), "eval", "latest"], Path(tmp) / "eval.log")
        run = Run(sorted(runs.iterdir())[-1])
        rows = [r for r in run.metrics() if r.get("tokens_per_s")]
        summaries = sorted(run.eval_dir.rglob("summary.json"))
        summary = json.loads(summaries[0].read_text()) if summaries else {}
        events = run.events_tail(400)
        tail = (Path(tmp) / "eval.log").read_text()[-2000:] if eval_code else ""
        if args.keep:
            keep_run(run, Path(args.keep))
    result = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "preset": args.preset, "overrides": args.overrides,
        "load_avg_before": load_before, "load_avg_after": os.getloadavg(),
        "train_exit": train_code, "eval_exit": eval_code, "eval_log_tail": tail,
        "train_min": train_min, "eval_min": eval_min, "total_min": round(train_min + eval_min, 2),
        "steps": rows[-1]["step"] if rows else 0,
        "median_tokens_per_s": statistics.median(r["tokens_per_s"] for r in rows) if rows else None,
        "dtype_events": [e for e in events if "dtype" in e],
        "overall": summary.get("overall"), "tasks": summary.get("tasks"),
        "categories": summary.get("categories"),
    }
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "categories"}, indent=1))
    return 0 if train_code == eval_code == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
