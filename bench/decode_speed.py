"""CPU answer generation with and without grouped decoding attention, on the demo model.

Generates the answers to a batch of bundled eval prompts with `generate_batch` as the
evaluation calls it, alternating its CPU path (`grouped_decoding`: each KV group's query
heads read the cache in place) with transformers' own SDPA path (the cache copied per
query head at every token), and writes the seconds of each round, the new tokens, and
whether both paths wrote the same answers to bench/results/decode_speed.json. In float32
the answers must match; in bf16 rounding may change a few tokens.

    python -m bench.decode_speed [--batch 8] [--max-new 128] [--rounds 2] [--dtype auto|float32|bfloat16]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import torch

import mcp_tui.eval.generate as generate
from mcp_tui.config import load_config, resolve_path
from mcp_tui.data.tokenize import prompt_ids
from mcp_tui.eval.tasks import load_tasks
from mcp_tui.tools.calls import call_format
from mcp_tui.train.model import load_base_model, load_tokenizer

OUT = Path(__file__).parent / "results" / "decode_speed.json"


def timed_answers(model: Any, tokenizer: Any, prompts: list[list[int]], fmt: Any, max_new: int,
                  grouped: bool) -> tuple[float, list[Any]]:
    """Seconds and answers of one `generate_batch` call, with or without the grouped path."""
    real = generate.grouped_decoding
    if not grouped:
        generate.grouped_decoding = lambda model: contextlib.nullcontext()
    try:
        start = time.perf_counter()
        answers = generate.generate_batch(model, tokenizer, prompts, fmt, max_new)
        return time.perf_counter() - start, answers
    finally:
        generate.grouped_decoding = real


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--batch", type=int, default=8)
    p.add_argument("--max-new", type=int, default=128, help="new tokens at most per answer")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--dtype", default="auto", choices=("auto", "float32", "bfloat16"))
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    cfg = load_config("cpu-demo", [f"model.dtype={args.dtype}"])
    model, tokenizer = load_base_model(cfg).eval(), load_tokenizer(cfg)
    fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
    tasks = load_tasks(resolve_path(cfg.eval.tasks_file), args.batch)
    prompts = [prompt_ids(t, tokenizer, fmt) for t in tasks]
    rounds: list[dict[str, Any]] = []
    texts: dict[bool, list[str]] = {}
    for i in range(args.rounds):
        for grouped in (True, False):
            seconds, answers = timed_answers(model, tokenizer, prompts, fmt, args.max_new, grouped)
            texts[grouped] = [a.text for a in answers]
            rounds.append({"round": i, "grouped": grouped, "seconds": round(seconds, 2),
                           "new_tokens": sum(a.new_tokens for a in answers)})
            print(json.dumps(rounds[-1]), flush=True)
    median = {g: statistics.median(r["seconds"] for r in rounds if r["grouped"] == g) for g in (True, False)}
    result = {
        "machine": f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs",
        "torch": torch.__version__, "dtype": str(next(model.parameters()).dtype).removeprefix("torch."),
        "batch": args.batch, "prompt_tokens": [len(x) for x in prompts], "max_new_tokens": args.max_new,
        "median_s": {"grouped": median[True], "sdpa": median[False]},
        "speedup": round(median[False] / median[True], 2),
        "same_answers": texts[True] == texts[False],
        "answers_differing": sum(a != b for a, b in zip(texts[True], texts[False])),
        "rounds": rounds,
    }
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "rounds"}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
