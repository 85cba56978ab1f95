"""The CPU demo's forward and backward with the model's loss over every position, and with the
loss from the labelled positions' logits only (train/labelled_loss.py), side by side.

Loads the `cpu-demo` model as the worker does (weights dtype, LoRA on all linears, fused LoRA),
takes the first `--rows` conversations its training draws, and times one forward and backward
of each with both losses, alternating which goes first, for `--rounds` rounds: load on the
machine falls on both alike, which whole runs one after the other do not get (the median speeds
of identical runs differed by up to 11% on 2 shared cores). Also writes the largest difference
between the two in loss (relative) and in any adapter gradient (relative to the largest entry).
Writes bench/results/labelled_loss_speed.json.

    python -m bench.labelled_loss_speed [--rows 12] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import torch

from mcp_tui.config import load_config
from mcp_tui.data.tokenize import PadCollator, pad_token_id
from mcp_tui.runs import create_run
from mcp_tui.train import labelled_loss
from mcp_tui.train.kernels import prepare_adapters, prepare_model
from mcp_tui.train.model import attach_lora, load_base_model, load_tokenizer, pick_device, resolve_model
from mcp_tui.train.worker import build_datasets

OUT = Path(__file__).parent / "results" / "labelled_loss_speed.json"


def demo_model_and_rows(rows: int, overrides: tuple[str, ...] = ()) -> tuple[torch.nn.Module, list[dict]]:
    """The demo's LoRA model (with `overrides` of the preset), ready to train, and its first
    `rows` training rows as batches of one."""
    cfg = load_config("cpu-demo", list(overrides))
    folder = resolve_model(cfg.model)
    tokenizer = load_tokenizer(cfg, folder)
    model = load_base_model(cfg, pick_device(cfg), folder)
    prepare_model(model, cfg)
    model = attach_lora(model, cfg)
    prepare_adapters(model, cfg)
    with tempfile.TemporaryDirectory() as tmp:
        train, _ = build_datasets(cfg, tokenizer, create_run(Path(tmp), cfg))
    collate = PadCollator(pad_token_id(tokenizer))
    return model, [collate([train[i]]) for i in range(min(rows, len(train)))]


def step(model: torch.nn.Module, batch: dict, labelled: bool) -> tuple[float, float, list[torch.Tensor]]:
    """Seconds, loss and adapter gradients of one forward and backward."""
    model.zero_grad()
    inputs = labelled_loss.keep_labelled_logits(batch) if labelled else batch
    start = time.perf_counter()
    loss = model(**inputs).loss
    loss.backward()
    seconds = time.perf_counter() - start
    return seconds, loss.item(), [p.grad.clone() for p in model.parameters() if p.requires_grad]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rows", type=int, default=12)
    p.add_argument("--rounds", type=int, default=2)
    args = p.parse_args(argv)
    load_before = os.getloadavg()
    model, batches = demo_model_and_rows(args.rows)
    step(model, batches[0], False)  # warm-up
    seconds: dict[bool, list[float]] = {False: [], True: []}
    loss_diff, grad_diff = 0.0, 0.0
    for r in range(args.rounds):
        for k, batch in enumerate(batches):
            order = (False, True) if (r + k) % 2 == 0 else (True, False)
            out = {labelled: step(model, batch, labelled) for labelled in order}
            for labelled in order:
                seconds[labelled].append(out[labelled][0])
            loss_diff = max(loss_diff, abs(out[True][1] - out[False][1]) / abs(out[False][1]))
            largest = max(float(b.abs().max()) for b in out[False][2])
            grad_diff = max(grad_diff, max(float((a - b).abs().max()) for a, b in zip(out[True][2], out[False][2])) / largest)
    tokens = sum(int(b["input_ids"].numel()) for b in batches) * args.rounds
    speed = {("labelled" if k else "full"): round(tokens / sum(v), 1) for k, v in seconds.items()}
    ratios = [f / s for f, s in zip(seconds[False], seconds[True])]
    result = {"machine": f"{platform.machine()}, {os.cpu_count()} CPUs", "load_avg_before": load_before,
              "load_avg_after": os.getloadavg(), "rows": len(batches), "rounds": args.rounds,
              "tokens": [int(b["input_ids"].numel()) for b in batches],
              "labelled_tokens": [int((b["labels"] != -100).sum()) for b in batches],
              "tokens_per_s": speed, "speedup_total": round(speed["labelled"] / speed["full"], 3),
              "speedup_median_row": round(statistics.median(ratios), 3),
              "max_loss_rel_diff": loss_diff, "max_grad_diff_of_largest": grad_diff,
              "seconds": {("labelled" if k else "full"): [round(s, 3) for s in v] for k, v in seconds.items()}}
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "seconds"}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
