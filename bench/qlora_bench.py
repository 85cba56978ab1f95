"""QLoRA step benchmark on random-weight models of real architectures (GPU).

One invocation builds one model (bench/random_model.py) for one recipe and measures
training steps on it, writing one JSON file:

  seq mode: one sequence of each length per step, for each memory cap:
    python -m bench.qlora_bench --shape devstral-small --recipe preset:rtx3090-devstral-small \
        --set train.activation_offload=true --seqs 8192,16384 --caps 23,none --out r.json
  lengths mode: the same conversations (token lengths from a JSON list) batched three ways
  (one per micro-batch; padded batches; packed rows), tokens/s counting real tokens only:
    python -m bench.qlora_bench --shape mistral-7b --recipe preset:rtx3090-7b \
        --lengths bench/results/train_lengths.json --out p.json

Recipes: `plain` is the planning document's baseline (fp16, LoRA r16 on q/v only,
peft's prepare_model_for_kbit_training, the model's own loss, torch AdamW); `preset:NAME`
is one of our presets, prepared exactly as the trainer does (kernels.prepare_model and
kernels.training_context), with `--set` overrides for one-switch-at-a-time comparisons.
A step is forward, backward, gradient clipping and an optimizer step, under autocast like
the Trainer's mixed precision. Peaks are torch.cuda.max_memory_allocated/reserved over the
point's steps; the cap is torch.cuda.set_per_process_memory_fraction.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import torch

from bench.flops import H100_SXM_BF16_DENSE, step_flops
from bench.peer_checkpoint import checkpoint_shape
from bench.random_model import build_4bit, load_shape
from mcp_tui.config import lora_targets

GIB = 1024**3
PLAIN_OVERRIDES = [
    "quant.mode=4bit", "quant.compute_dtype=float16", "model.dtype=float16", "lora.r=16", "lora.alpha=32",
    "lora.dropout=0.05", "lora.target_modules=q_proj,v_proj", "train.gradient_checkpointing=true",
    "train.liger_kernel=false", "train.optim=adamw_torch", "train.activation_offload=false",
]


def recipe_config(recipe: str, overrides: list[str]):
    """The RunConfig a recipe stands for (the plain recipe as config values, for the estimator)."""
    from mcp_tui.config import load_config

    if recipe == "plain":
        return load_config(None, ["train.max_steps=1", *PLAIN_OVERRIDES, *overrides])
    if recipe.startswith("preset:"):
        return load_config(recipe.split(":", 1)[1], overrides)
    raise SystemExit(f"--recipe must be 'plain' or 'preset:NAME', got {recipe!r}")


def base_model(shape: dict[str, Any], cfg, checkpoint: str, device: str) -> Any:
    """The 4-bit base: loaded from `checkpoint` by the trainer's own loader (a
    bench/peer_checkpoint.py folder), or built in place from the shape when none is given."""
    if checkpoint:
        from mcp_tui.train.model import load_base_model

        where = torch.device("cuda", torch.cuda.current_device()) if device == "cuda" else torch.device(device)
        return load_base_model(cfg, where, model_dir=Path(checkpoint))
    return build_4bit(shape, dtype=getattr(torch, cfg.model.dtype), compute_dtype=getattr(torch, cfg.quant.compute_dtype),
                      quant_type=cfg.quant.quant_type, double_quant=cfg.quant.double_quant, device=device)


def build(shape: dict[str, Any], recipe: str, cfg, checkpoint: str = "", device: str = "cuda"
          ) -> tuple[Any, Any, list[str]]:
    """(peft model, optimizer, notes) for the recipe, on `device`."""
    from peft import prepare_model_for_kbit_training

    from mcp_tui.train import kernels
    from mcp_tui.train.model import attach_lora

    model = base_model(shape, cfg, checkpoint, device)
    if recipe == "plain":
        model = prepare_model_for_kbit_training(model)
        notes = ["peft prepare_model_for_kbit_training: fp32 upcast, its default checkpointing"]
    else:
        notes = kernels.prepare_model(model, cfg)
    model = attach_lora(model, cfg)
    if recipe != "plain":
        notes += kernels.prepare_adapters(model, cfg)
    params = [p for p in model.parameters() if p.requires_grad]
    optim = kernels.optimizer_name(cfg) if recipe != "plain" else cfg.train.optim
    if optim == "paged_adamw_8bit":
        import bitsandbytes as bnb

        optimizer = bnb.optim.PagedAdamW8bit(params, lr=cfg.train.lr)
    elif optim == "adamw_8bit":
        import bitsandbytes as bnb

        optimizer = bnb.optim.AdamW8bit(params, lr=cfg.train.lr)
    else:
        optimizer = torch.optim.AdamW(params, lr=cfg.train.lr, fused=optim == "adamw_torch_fused")
    notes.append(f"optimizer: {optim}")
    model.train()  # a checkpoint loads in eval mode; the plain recipe's prepare leaves it so
    return model, optimizer, notes


def compute_device_type(model: Any) -> str:
    """Where the model computes: "cuda" when any of its parameters is on the GPU (not the first
    parameter's device: Unsloth keeps the input embedding in host memory)."""
    return "cuda" if any(p.is_cuda for p in model.parameters()) else next(model.parameters()).device.type


class Stepper:
    """One training step as the Trainer does it (training mode, autocast, clip, optimizer
    step); `context` makes the context each forward runs in, `recomputed_layers` is for the
    HFU count."""

    def __init__(self, model: Any, optimizer: Any, dtype: torch.dtype, *, recomputed_layers: int,
                 context: Any = None) -> None:
        self.model, self.optimizer, self.dtype = model, optimizer, dtype
        self.device_type = compute_device_type(model)
        self.scaler = torch.amp.GradScaler("cuda") if dtype == torch.float16 else None
        self.context, self.recomputed_layers = context, recomputed_layers

    def __call__(self, batches: list[dict[str, torch.Tensor]]) -> float:
        import contextlib

        losses = []
        self.model.train()  # as Trainer.training_step: in eval mode nothing is checkpointed
        for batch in batches:
            ctx = self.context() if self.context else contextlib.nullcontext()
            with torch.autocast(self.device_type, dtype=self.dtype), ctx:
                loss = self.model(**batch).loss / len(batches)
            (self.scaler.scale(loss) if self.scaler else loss).backward()
            losses.append(loss.detach())
        if self.scaler:
            self.scaler.unscale_(self.optimizer)
        torch.nn.utils.clip_grad_norm_([p for p in self.model.parameters() if p.requires_grad], 1.0)
        if self.scaler:
            self.scaler.step(self.optimizer)
            self.scaler.update()
        else:
            self.optimizer.step()
        self.optimizer.zero_grad(set_to_none=True)
        return float(torch.stack(losses).sum())


def recipe_stepper(model: Any, optimizer: Any, cfg, recipe: str) -> Stepper:
    """The Stepper of a recipe: our presets run each forward in kernels.training_context."""
    from mcp_tui.train import kernels

    recomputed = sum(kernels.recomputed_layers(model.base_model.model))
    context = (lambda: kernels.training_context(cfg)) if recipe != "plain" else None
    return Stepper(model, optimizer, getattr(torch, cfg.quant.compute_dtype), recomputed_layers=recomputed,
                   context=context)


def _reset(cap_gib: float | None, cuda: bool = True) -> None:
    gc.collect()
    if not cuda:
        return
    torch.cuda.empty_cache()
    total = torch.cuda.get_device_properties(0).total_memory
    torch.cuda.set_per_process_memory_fraction(min(1.0, cap_gib * GIB / total) if cap_gib else 1.0)
    torch.cuda.reset_peak_memory_stats()


def measure(step: Stepper, batches: list[dict[str, torch.Tensor]], steps: int, cap_gib: float | None
            ) -> dict[str, Any]:
    """Warm-up step, then `steps` timed steps (steps = 0: one step, timed, for a process that an
    earlier point warmed up); peak memory over all of them (on CUDA)."""
    cuda = step.device_type == "cuda"
    sync = torch.cuda.synchronize if cuda else (lambda: None)
    _reset(cap_gib, cuda)
    times, losses = [], []
    try:
        for i in range(steps + 1):
            sync()
            t0 = time.perf_counter()
            losses.append(step(batches))
            sync()
            if i or not steps:
                times.append(time.perf_counter() - t0)
    except (torch.OutOfMemoryError, RuntimeError) as exc:
        step.optimizer.zero_grad(set_to_none=True)
        oom = isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()
        out = {"status": "oom" if oom else "error", "error": (str(exc).splitlines() or [repr(exc)])[0][:200]}
    else:
        out = {"status": "ok", "step_s": statistics.median(times), "steps_s": times, "losses": losses}
    out["peak_allocated_gib"] = torch.cuda.max_memory_allocated() / GIB if cuda else None
    out["peak_reserved_gib"] = torch.cuda.max_memory_reserved() / GIB if cuda else None
    return out


def profile_step(step: Stepper, batches: list[dict[str, torch.Tensor]]) -> dict[str, Any]:
    """One more step under torch.profiler: how much of the wall time the GPU was busy, and
    the kernels it spent it in (the profiler slows the host side, so busy is a lower bound)."""
    from torch.profiler import ProfilerActivity, profile

    with profile(activities=[ProfilerActivity.CPU, ProfilerActivity.CUDA]) as prof:
        t0 = time.perf_counter()
        step(batches)
        torch.cuda.synchronize()
        wall = time.perf_counter() - t0
    kernels = [e for e in prof.key_averages() if e.device_type == torch.autograd.DeviceType.CUDA]
    busy = sum(e.self_device_time_total for e in kernels) / 1e6
    top = sorted(kernels, key=lambda e: e.self_device_time_total, reverse=True)[:25]
    return {"wall_s": wall, "gpu_busy_s": busy, "kernels": sum(e.count for e in kernels),
            "top": [{"name": e.key[:120], "gpu_s": e.self_device_time_total / 1e6, "calls": e.count} for e in top]}


def row(ids: list[int], device: str = "cuda") -> dict[str, torch.Tensor]:
    t = torch.tensor([ids], device=device)
    return {"input_ids": t, "labels": t.clone()}


def save(args, result: dict[str, Any]) -> None:
    """Rewritten after every point, so a run cut short still leaves what it measured."""
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1))


def predicted_s(last: dict[str, Any] | None, seq: int, steps: int) -> float:
    """Seconds the point at `seq` will take (warm-up included), from the last measured point:
    step time grows a little faster than the length (attention is quadratic in it)."""
    if not last or last.get("status") != "ok":
        return 0.0
    return (steps + 1) * last["step_s"] * (seq / last["seq"]) ** 1.3


def seq_mode(args, shape, cfg, step: Stepper, result: dict[str, Any]) -> None:
    """One sequence per step at each length and cap; a cap's longer lengths are skipped once a
    length fails there, and every length once the time budget (--budget-s) cannot fit it."""
    rng = random.Random(0)
    vocab = shape["vocab_size"]
    failed: set[str] = set()
    last: dict[str, Any] | None = None
    for seq in args.seqs:
        batch = row([rng.randrange(vocab) for _ in range(seq)], step.device_type)
        steps = args.steps if seq <= 8192 else args.long_steps
        if steps == 0 and last is None:  # the first point of a process warms it up
            steps = 1
        for cap in args.caps:
            key = str(cap)
            if key in failed:
                result["points"].append({"seq": seq, "cap_gib": cap, "status": "skipped (smaller seq failed)"})
                continue
            need, left = predicted_s(last, seq, steps), args.deadline - time.monotonic()
            if need > left:
                result["points"].append({"seq": seq, "cap_gib": cap, "status": "skipped (time budget)",
                                         "predicted_s": need, "left_s": left})
                continue
            point = {"seq": seq, "cap_gib": cap, "warmup_steps": int(steps > 0), **measure(step, [batch], steps, cap)}
            if point["status"] == "ok":
                add_rates(point, shape, cfg, step)
                if seq in args.profile:
                    point["profile"] = profile_step(step, [batch])
            else:
                failed.add(key)
            last = point
            result["points"].append(point)
            save(args, result)
            print(json.dumps({k: v for k, v in point.items() if k not in ("steps_s", "losses", "profile")}),
                  flush=True)
    save(args, result)


def add_rates(point: dict[str, Any], shape: dict[str, Any], cfg, step: Stepper) -> None:
    """tokens/s, model TFLOP/s, MFU and HFU of a measured seq point."""
    fl = step_flops(shape, [point["seq"]], r=cfg.lora.r, targets=lora_targets(cfg.lora),
                    recomputed_layers=step.recomputed_layers, tiled_mlp=cfg.train.tiled_mlp)
    point["tokens_per_s"] = point["seq"] / point["step_s"]
    point["model_tflops"] = fl["model"] / point["step_s"] / 1e12
    point["mfu"] = fl["model"] / point["step_s"] / H100_SXM_BF16_DENSE
    point["hfu"] = fl["hardware"] / point["step_s"] / H100_SXM_BF16_DENSE


def lengths_mode(args, shape, cfg, step: Stepper, model, result: dict[str, Any]) -> None:
    """Same conversations, three batchings; the packed rows come from the trainer's own
    packer and collator (mcp_tui.data.tokenize)."""
    from mcp_tui.data.tokenize import IGNORE, Encoded, PadCollator, pack
    from mcp_tui.train import varlen_attention

    lengths = json.loads(Path(args.lengths).read_text())
    rng = random.Random(0)
    sample = [n for n in rng.sample(lengths, min(args.conversations, len(lengths))) if n <= args.pack_len]
    vocab = shape["vocab_size"]
    # Prompt tokens carry no loss, as in real data: the first half of each conversation.
    examples = [Encoded([rng.randrange(1, vocab) for _ in range(n)], [IGNORE] * (n // 2) + [1] * (n - n // 2))
                for n in sample]
    collate = PadCollator(0)
    real = sum(sample)

    def batches_of(features, size):
        batches = [collate(features[i:i + size]) for i in range(0, len(features), size)]
        return [{k: (v.to(step.device_type) if torch.is_tensor(v) else v) for k, v in b.items()} for b in batches]

    as_features = [{"input_ids": e.input_ids, "labels": e.labels} for e in examples]
    packed = batches_of(pack(examples, args.pack_len), 1)
    plans = [("one_per_batch", "sdpa", batches_of(as_features, 1)),
             (f"padded_batch{args.batch}", "sdpa", batches_of(as_features, args.batch)),
             (f"packed{args.pack_len}_sdpa_mask", "sdpa", packed),
             (f"packed{args.pack_len}_varlen", varlen_attention.register(), packed)]
    for name, attn, batches in plans:
        model.base_model.model.set_attn_implementation(attn)
        computed = sum(int(b["input_ids"].numel()) for b in batches)
        point = {"batching": name, "attn": attn, "micro_batches": len(batches), "real_tokens": real,
                 "computed_tokens": computed, **measure(step, batches, args.steps, None)}
        if point["status"] == "ok":
            point["tokens_per_s"] = real / point["step_s"]
            fl = step_flops(shape, sample, r=cfg.lora.r, targets=lora_targets(cfg.lora),
                            recomputed_layers=step.recomputed_layers, tiled_mlp=cfg.train.tiled_mlp)
            point["mfu"] = fl["model"] / point["step_s"] / H100_SXM_BF16_DENSE
        result["points"].append(point)
        save(args, result)
        print(json.dumps({k: v for k, v in point.items() if k not in ("steps_s", "losses")}), flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shape", required=True, help="bench/shapes/<name>.json")
    p.add_argument("--recipe", required=True, help="plain | preset:NAME")
    p.add_argument("--set", dest="overrides", action="append", default=[], help="config override section.key=value")
    p.add_argument("--label", default="", help="name of this variant in tables")
    p.add_argument("--seqs", type=lambda s: [int(x) for x in s.split(",")], default=[])
    p.add_argument("--caps", type=lambda s: [None if x == "none" else float(x) for x in s.split(",")], default=[None])
    p.add_argument("--steps", type=int, default=2, help="timed steps after one warm-up step")
    p.add_argument("--long-steps", type=int, default=1, help="timed steps for sequences over 8192 (0: one "
                   "step, timed, with no warm-up, except for a process's first length)")
    p.add_argument("--lengths", default="", help="JSON list of conversation token lengths (lengths mode)")
    p.add_argument("--conversations", type=int, default=64)
    p.add_argument("--batch", type=int, default=8, help="padded batch size in lengths mode")
    p.add_argument("--pack-len", type=int, default=8192)
    p.add_argument("--profile", type=lambda s: [int(x) for x in s.split(",")], default=[],
                   help="sequence lengths to profile one extra step at (seq mode)")
    p.add_argument("--checkpoint", default="", help="load the base from this bench/peer_checkpoint.py folder "
                   "with the trainer's loader instead of building it")
    p.add_argument("--budget-s", type=float, default=float("inf"),
                   help="seconds from the start for the whole run: lengths predicted not to fit are skipped")
    p.add_argument("--device", default="cuda", help="cuda; cpu only checks this script on a tiny checkpoint")
    p.add_argument("--out", required=True)
    args = p.parse_args(argv)
    args.deadline = time.monotonic() + args.budget_s
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    cuda = args.device == "cuda"
    shape = checkpoint_shape(args.checkpoint) if args.checkpoint else load_shape(args.shape)
    cfg = recipe_config(args.recipe, args.overrides)
    _reset(args.caps[0], cuda)  # train.unchecked_layers = -1 sizes itself to the memory cap of the first point
    t0 = time.perf_counter()
    model, optimizer, notes = build(shape, args.recipe, cfg, args.checkpoint, args.device)
    if cuda:
        torch.cuda.synchronize()
    result: dict[str, Any] = {
        "shape": args.shape, "recipe": args.recipe, "overrides": args.overrides, "label": args.label or args.recipe,
        "config": cfg.to_dict(), "upcast_fp32": args.recipe == "plain", "notes": notes,
        "build_s": time.perf_counter() - t0, "model_allocated_gib": torch.cuda.memory_allocated() / GIB if cuda else None,
        "device": torch.cuda.get_device_name(0) if cuda else args.device, "torch": torch.__version__,
        "alloc_conf": os.environ.get("PYTORCH_CUDA_ALLOC_CONF", ""), "tool": "ours",
        "checkpoint": args.checkpoint, "points": [],
    }
    step = recipe_stepper(model, optimizer, cfg, args.recipe)
    if cfg.train.gradient_checkpointing:
        result["unchecked_layers"] = shape["num_hidden_layers"] - step.recomputed_layers
    print(json.dumps({k: result[k] for k in ("label", "notes", "build_s", "model_allocated_gib")}), flush=True)
    if args.lengths:
        lengths_mode(args, shape, cfg, step, model, result)
    else:
        seq_mode(args, shape, cfg, step, result)
    save(args, result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
