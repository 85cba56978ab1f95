"""The cost of the generation stop rule per decoding step, on the demo's tokenizer: the
windowed rule (`AnswerStop`) against decoding every row's whole answer at every token
(the rule before it). No model runs: rows of scripted answers grow one token a step, as
40 agentic tasks do when generated together.

    python -m bench.stop_rule --tokenizer .gpu_fixture/demo --out bench/results/stop_rule.json
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import torch
from transformers import AutoTokenizer

from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.tokenize import answer_text
from mcp_tui.eval.generate import AnswerStop
from mcp_tui.tools.calls import call_format


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--tokenizer", required=True)
    p.add_argument("--rows", type=int, default=40)
    p.add_argument("--tokens", type=int, default=256)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    tok = AutoTokenizer.from_pretrained(args.tokenizer)
    fmt = call_format("xml", "compact")
    text = "I will look into it and explain each part of the answer in detail. " * 40
    rows = [tok.encode(text)[i : i + args.tokens] for i in range(args.rows)]
    prompt = [1] * 8
    ids = [torch.tensor([prompt + r[:step] for r in rows]) for step in range(1, args.tokens + 1)]
    windowed, whole = [], []
    for _ in range(args.repeats):  # alternated, the fastest of each kept: the machine may be shared
        stop = AnswerStop(tok, len(prompt), fmt, {tok.eos_token_id})
        t0 = time.perf_counter()
        for batch in ids:
            stop(batch, None)
        windowed.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for batch in ids:
            for row in batch[:, len(prompt):].tolist():
                answer_text(tok, row, fmt)
        whole.append(time.perf_counter() - t0)
    block = fmt.render_calls([ToolCall("fs", "read", {"path": "a"})])
    result = {"rows": args.rows, "tokens": args.tokens, "tokenizer": args.tokenizer, "call_block_tokens": len(tok.encode(block)),
              "windowed_ms_per_step": round(1000 * min(windowed) / args.tokens, 2),
              "whole_decode_ms_per_step": round(1000 * min(whole) / args.tokens, 2), "repeats": args.repeats,
              "torch_threads": torch.get_num_threads()}
    Path(args.out).write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result))


if __name__ == "__main__":
    main()
