"""Unsloth's side of the peer comparison (bench/peer_bench.py runs it): one process, a ladder of lengths.

Unsloth is used as its documentation shows: `FastLanguageModel.from_pretrained(...,
load_in_4bit=True)` on the shared NF4 checkpoint (bench/peer_checkpoint.py), with
`max_seq_length` the longest length of the ladder (inputs longer than it are cut), `dtype=None`
(bf16 on a GPU that has it), then
`FastLanguageModel.get_peft_model(...)` with the rank, alpha and dropout of our preset, all 7
linear kinds, and `use_gradient_checkpointing="unsloth"` (its offloaded checkpointing); every
other argument is Unsloth's default. The optimizer is bitsandbytes' AdamW8bit, the
`optim="adamw_8bit"` of Unsloth's notebooks. Steps, data, memory cap and measurement are
bench/qlora_bench.py's own (`Stepper`, `seq_mode`): one random sequence per step, forward and
backward under autocast in the model's dtype, gradient clipping, optimizer step; the cap is
torch.cuda.set_per_process_memory_fraction, which Unsloth's own memory planning reads too.

Nothing is downloaded: bench/peer_bench.py sets HF_HUB_OFFLINE, TRANSFORMERS_OFFLINE and
UNSLOTH_DISABLE_STATISTICS (Unsloth otherwise fetches a statistics README from the Hub at
load), and UNSLOTH_COMPILE_LOCATION outside the working tree.

    python -m bench.peer_unsloth --shape devstral-small-2 --checkpoint /tmp/peer/devstral-small-2 \\
        --preset rtx3090-devstral-small-2 --seqs 8192,32768 --caps 23 --out u.json
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any



def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shape", required=True, help="the bench/shapes/<name>.json the checkpoint was written from")
    p.add_argument("--checkpoint", required=True, help="a bench/peer_checkpoint.py folder")
    p.add_argument("--preset", required=True, help="our preset whose LoRA rank, alpha, dropout and lr are used")
    p.add_argument("--seqs", type=lambda s: [int(x) for x in s.split(",")], required=True)
    p.add_argument("--caps", type=lambda s: [None if x == "none" else float(x) for x in s.split(",")], default=[None])
    p.add_argument("--steps", type=int, default=2, help="timed steps after one warm-up step")
    p.add_argument("--long-steps", type=int, default=1, help="timed steps past 8192 (0: one, no warm-up, "
                   "on a process an earlier length warmed up)")
    p.add_argument("--budget-s", type=float, default=float("inf"), help="seconds for the whole run")
    p.add_argument("--device", default="cuda", help="cuda; cpu only checks this script (UNSLOTH_ALLOW_CPU=1)")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    args.deadline = time.monotonic() + args.budget_s
    args.profile = []
    return args


def build(args: argparse.Namespace, cfg: Any) -> tuple[Any, Any, list[str]]:
    """(peft model, optimizer, notes) through Unsloth's documented API."""
    import bitsandbytes as bnb
    from unsloth import FastLanguageModel

    from mcp_tui.config import lora_targets

    model, _tokenizer = FastLanguageModel.from_pretrained(
        model_name=args.checkpoint, max_seq_length=max(args.seqs), dtype=None, load_in_4bit=True,
        local_files_only=True)
    targets = lora_targets(cfg.lora)
    model = FastLanguageModel.get_peft_model(
        model, r=cfg.lora.r, lora_alpha=cfg.lora.alpha, lora_dropout=cfg.lora.dropout, target_modules=list(targets),
        bias="none", use_gradient_checkpointing="unsloth", random_state=3407)
    FastLanguageModel.for_training(model)
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = bnb.optim.AdamW8bit(params, lr=cfg.train.lr)
    embed = model.get_input_embeddings().weight
    notes = [f"unsloth FastLanguageModel: {type(model.base_model.model).__name__}, max_seq_length {max(args.seqs)}",
             f"LoRA r{cfg.lora.r} alpha {cfg.lora.alpha} dropout {cfg.lora.dropout} on {len(targets)} linear kinds: "
             f"{sum(p.numel() for p in params)} trainable parameters",
             "gradient checkpointing: unsloth (offloaded)", f"input embedding on {embed.device}",
             "optimizer: bitsandbytes AdamW8bit"]
    return model, optimizer, notes


def failed(args: argparse.Namespace, stage: str, exc: BaseException) -> int:
    """Record why Unsloth could not run at all (its first length, status "error"), with the
    traceback in the log; bench/peer_bench.py folds the result in like any other."""
    import json
    import traceback
    from pathlib import Path

    traceback.print_exc()
    error = f"{stage}: {type(exc).__name__}: {(str(exc).splitlines() or [''])[0][:300]}"
    result = {"shape": args.shape, "tool": "unsloth", "label": "Unsloth", "preset": args.preset,
              "checkpoint": args.checkpoint, "points": [{"seq": args.seqs[0], "cap_gib": args.caps[0],
                                                         "status": "error", "error": error}]}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))
    return 1


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    try:
        import unsloth  # first: it patches transformers and peft and sets the CUDA allocator's options before they load
    except Exception as exc:  # a missing package or an unsupported version: the result says which
        return failed(args, "import unsloth", exc)
    import torch

    from bench import qlora_bench as qb
    from bench.peer_checkpoint import checkpoint_shape
    from mcp_tui.config import load_config

    shape, cfg = checkpoint_shape(args.checkpoint), load_config(args.preset)
    cuda = args.device == "cuda"
    qb._reset(args.caps[0], cuda)  # the cap is in force while Unsloth loads and plans
    t0 = time.perf_counter()
    try:
        model, optimizer, notes = build(args, cfg)
    except Exception as exc:
        return failed(args, "load and get_peft_model", exc)
    result: dict[str, Any] = {
        "shape": args.shape, "tool": "unsloth", "tool_version": unsloth.__version__, "label": "Unsloth",
        "preset": args.preset, "checkpoint": args.checkpoint, "notes": notes, "build_s": time.perf_counter() - t0,
        "model_allocated_gib": torch.cuda.memory_allocated() / qb.GIB if cuda else None,
        "device": torch.cuda.get_device_name(0) if cuda else args.device, "torch": torch.__version__, "points": []}
    print({k: result[k] for k in ("label", "tool_version", "notes", "build_s", "model_allocated_gib")}, flush=True)
    # Autocast in the dtype Unsloth chose for the model (dtype=None: bf16 where supported), as its
    # trainer's mixed precision does; it checkpoints every decoder layer ("unsloth" mode).
    dtype = model.get_input_embeddings().weight.dtype
    step = qb.Stepper(model, optimizer, dtype, recomputed_layers=shape["num_hidden_layers"])
    qb.seq_mode(args, shape, cfg, step, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
