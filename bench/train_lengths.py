"""Token lengths of the bundled training conversations, for the packing benchmark.

Encodes every conversation exactly as training does (mcp_tui.data.tokenize with the XML
call format) with Devstral's Tekken tokenizer from mistral-common, and writes the list of
lengths to bench/results/train_lengths.json. When the bundled train file is not there yet,
the same generator that makes it (mcp_tui.data.synth, train split) stands in, and the
output says so. Runs on the CPU machine: the GPU machine has no mistral-common.

    python -m bench.train_lengths [--n 2000]
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path

import mistral_common

from mcp_tui.config import resolve_path
from mcp_tui.data.tokenize import encoder_for
from mcp_tui.tools.text_format import chat_messages
from mcp_tui.tools.xml_format import XmlMcpFormat

OUT = Path(__file__).parent / "results" / "train_lengths.json"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--n", type=int, default=2000, help="conversations to synthesize when no train file exists")
    args = p.parse_args(argv)
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    tekken = Path(mistral_common.__file__).parent / "data" / "tekken_240911.json"
    encoder = encoder_for(MistralTokenizer.from_file(str(tekken)))
    train = resolve_path("data/mcp_train.jsonl")
    if train.is_file():
        from mcp_tui.data.formats import read_dataset

        convs, source = read_dataset(train), str(train.name)
    else:
        from mcp_tui.data.synth import synthesize
        from mcp_tui.tools.catalog import load_catalog

        convs = synthesize(load_catalog(), args.n, seed=0, split="train")
        source = f"mcp_tui.data.synth.synthesize(n={args.n}, seed=0, split='train') (no bundled train file yet)"
    fmt = XmlMcpFormat()
    lengths = [len(encoder.encode(chat_messages(c, fmt)).input_ids) for c in convs]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(lengths))
    print(json.dumps({"source": source, "tokenizer": tekken.name, "n": len(lengths),
                      "mean": round(statistics.fmean(lengths), 1), "median": statistics.median(lengths),
                      "max": max(lengths), "min": min(lengths)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
