"""The CPU demo's forward and backward with adapters in every layer and in the last N only
(`lora.last_layers`), side by side: with the lower layers frozen and unadapted nothing below
the lowest adapted layer needs a gradient, so the backward stops there.

Loads the `cpu-demo` model once per setting (weights dtype, fused LoRA, the labelled-only
loss, as the worker trains) and times one forward and backward of each of the first `--rows`
training conversations with every setting in turn, rotating which goes first, for `--rounds`
rounds, so load on the machine falls on all alike. Writes bench/results/last_layers_speed.json;
quality per setting comes from the GPU sweep (`bench.demo_recipes --recipes last-10,last-15`).

    python -m bench.last_layers_speed [--layers 0,15,10] [--rows 12] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
from pathlib import Path

from bench.labelled_loss_speed import demo_model_and_rows, step

OUT = Path(__file__).parent / "results" / "last_layers_speed.json"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--layers", default="0,15,10", type=lambda s: [int(x) for x in s.split(",")],
                   help="lora.last_layers values (0 = every layer)")
    p.add_argument("--rows", type=int, default=12)
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    models = {}
    for n in args.layers:
        models[n], batches = demo_model_and_rows(args.rows, (f"lora.last_layers={n}",))
        step(models[n], batches[0], True)  # warm-up
    seconds: dict[int, list[float]] = {n: [] for n in args.layers}
    for r in range(args.rounds):
        for k, batch in enumerate(batches):
            shift = (r * len(batches) + k) % len(args.layers)
            for n in args.layers[shift:] + args.layers[:shift]:
                seconds[n].append(step(models[n], batch, True)[0])
    tokens = sum(int(b["input_ids"].numel()) for b in batches) * args.rounds
    speed = {str(n): round(tokens / sum(v), 1) for n, v in seconds.items()}
    every = seconds[args.layers[0]]
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "load_avg_before": load_before,
              "load_avg_after": os.getloadavg(), "rows": len(batches), "rounds": args.rounds,
              "tokens_per_s": speed,
              "median_speedup_vs_first": {str(n): round(statistics.median(a / b for a, b in zip(every, v)), 3)
                                          for n, v in seconds.items()}}
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
