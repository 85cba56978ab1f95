"""Data parallelism on one and two GPUs: tokens/s scaling, loss side by side, peak memory per GPU.

    python -m bench.multi_gpu --shapes mistral-7b,devstral-small --gpus 1,2 --seq 8192 --out DIR

For each shape and GPU count, one torchrun launch (its own processes: a crash, a hang or an
out-of-memory there loses that point only) builds the random-weight 4-bit model of the shape
on every rank (bench/random_model.py), prepared as its preset ships (bench/qlora_bench.build),
and, wrapped in torch's DistributedDataParallel the way the trainer's DDP ranks are (no search
for unused parameters), measures:
  - loss (the first shape only, --loss-steps): steps from the same seed on a fixed pool of
    sequences at a fixed global batch (--global-batch rows per step: accumulated on one GPU,
    one row per rank on two), so the two curves should agree within bf16 noise;
  - throughput: one row of --seq tokens per rank per step, --warmup untimed then --steps timed;
    tokens/s counts every rank's tokens, with each GPU's peak allocated and reserved memory.
Results: DIR/<shape>_<n>gpu.json per launch, DIR/multi_gpu.json (every point, the 1 -> n
scaling, the losses side by side), DIR/multi_gpu_log.txt. The --budget-s deadline skips the
launches predicted not to fit. `--device cpu --tiny` runs the same path on CPU processes
(gloo) with tiny widths, to test this script.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

GIB = 1024**3
# The preset each shape trains with: the bench's recipe is the shipped one.
PRESETS = {"mistral-7b": "rtx3090-7b", "devstral-small": "rtx3090-devstral-small",
           "devstral-small-2": "rtx3090-devstral-small-2"}
# Seconds a launch takes beyond its steps (process start, imports, CUDA and NCCL set-up, the
# model build), by shape, for the time budget; measured builds were 15-20 s for Devstral Small.
OVERHEAD_S = {"mistral-7b": 35.0, "devstral-small": 50.0, "devstral-small-2": 50.0}


# ------------------------------------------------------------------ one rank (under torchrun)


def _setup(device: str, timeout_s: float) -> tuple[int, int, str]:
    """(rank, world size, torch device) with the process group open."""
    import torch
    import torch.distributed as dist

    rank, world, local = (int(os.environ[k]) for k in ("RANK", "WORLD_SIZE", "LOCAL_RANK"))
    if device == "cuda":
        torch.cuda.set_device(local)
        dist.init_process_group("nccl", timeout=timedelta(seconds=timeout_s),
                                device_id=torch.device("cuda", local))
        return rank, world, f"cuda:{local}"
    dist.init_process_group("gloo", timeout=timedelta(seconds=timeout_s))
    return rank, world, "cpu"


def _mean_over_ranks(value: float, device: str) -> float:
    import torch
    import torch.distributed as dist

    t = torch.tensor([value], dtype=torch.float64, device=device)
    dist.all_reduce(t)
    return float(t.item()) / dist.get_world_size()


def _gather(values: list[float], device: str) -> list[list[float]]:
    import torch
    import torch.distributed as dist

    mine = torch.tensor(values, dtype=torch.float64, device=device)
    out = [torch.empty_like(mine) for _ in range(dist.get_world_size())]
    dist.all_gather(out, mine)
    return [t.tolist() for t in out]


def loss_pool(vocab: int, seq: int, rows: int) -> list[list[int]]:
    """Fixed training rows that a LoRA can learn in a few steps: each repeats a short random
    motif, so later tokens are predictable from earlier ones (random weights, no tokenizer)."""
    rng = random.Random(1)
    pool = []
    for _ in range(rows):
        motif = [rng.randrange(vocab) for _ in range(rng.randrange(8, 33))]
        pool.append((motif * (seq // len(motif) + 1))[:seq])
    return pool


def loss_curve(step, args, vocab: int, rank: int, world: int, device: str) -> list[float]:
    """Per-step loss at a global batch of args.global_batch rows: rank r takes rows r, r+world,
    ... of each step's slice and accumulates them; DDP averages the gradients over ranks."""
    from bench.qlora_bench import row

    pool = loss_pool(vocab, args.loss_seq, args.pool)
    per_rank = args.global_batch // world
    out = []
    for s in range(args.loss_steps):
        first = s * args.global_batch
        mine = [pool[(first + rank + world * i) % len(pool)] for i in range(per_rank)]
        out.append(_mean_over_ranks(step([row(ids, device) for ids in mine]), device))
    return out


def throughput(step, args, vocab: int, rank: int, device: str) -> dict[str, Any]:
    """--warmup untimed then --steps timed steps of one --seq row per rank; the rank's peaks."""
    import torch
    import torch.distributed as dist

    from bench.qlora_bench import row

    cuda = device.startswith("cuda")
    rng = random.Random(100 + rank)
    batch = [row([rng.randrange(vocab) for _ in range(args.seq)], device)]
    if cuda:
        torch.cuda.reset_peak_memory_stats()
    times = []
    for i in range(args.warmup + args.steps):
        if cuda:
            torch.cuda.synchronize()
        dist.barrier()
        t0 = time.perf_counter()
        step(batch)
        if cuda:
            torch.cuda.synchronize()
        if i >= args.warmup:
            times.append(time.perf_counter() - t0)
    return {"step_s": statistics.median(times), "steps_s": times,
            "peak_allocated_gib": torch.cuda.max_memory_allocated() / GIB if cuda else None,
            "peak_reserved_gib": torch.cuda.max_memory_reserved() / GIB if cuda else None}


def _error(exc: BaseException) -> dict[str, str]:
    import torch

    text = (str(exc).strip().splitlines() or [repr(exc)])[0][:300]
    oom = isinstance(exc, torch.OutOfMemoryError) or "out of memory" in text.lower()
    return {"status": "oom" if oom else "error", "error": f"{type(exc).__name__}: {text}"}


def _model(args, device: str) -> tuple[Any, Any, dict[str, Any]]:
    """(stepper, shape, facts): the preset's model built from the same seed on every rank,
    wrapped in DDP when there are several ranks."""
    import torch
    import torch.distributed as dist

    from bench.peer_checkpoint import bench_shape
    from bench.qlora_bench import _reset, build, recipe_config, recipe_stepper

    shape = bench_shape(args.shape, args.tiny)
    recipe = f"preset:{PRESETS[args.shape]}"
    cfg = recipe_config(recipe, [f"data.max_seq_len={args.seq}", *args.overrides])
    cuda = device.startswith("cuda")
    _reset(args.cap_gib, cuda)  # train.unchecked_layers = -1 sizes itself to this cap
    torch.manual_seed(0)
    t0 = time.perf_counter()
    model, optimizer, notes = build(shape, recipe, cfg, "", "cuda" if cuda else "cpu")
    step = recipe_stepper(model, optimizer, cfg, recipe)
    facts = {"build_s": time.perf_counter() - t0, "notes": notes,
             "recomputed_layers": step.recomputed_layers, "layers": shape["num_hidden_layers"]}
    if dist.get_world_size() > 1:
        from torch.nn.parallel import DistributedDataParallel

        step.model = DistributedDataParallel(model, device_ids=[torch.cuda.current_device()] if cuda else None,
                                             find_unused_parameters=False)
    return step, shape, facts


def _phase(name: str, run, step, world: int, seq: int, device: str) -> dict[str, Any]:
    """Run one phase on this rank; a failure (an OOM) is its result, and the others still run.
    Throughput gets every rank's step time and peaks, and the tokens/s of them all."""
    try:
        out = run()
    except Exception as exc:  # noqa: BLE001 - recorded in the phase's result
        step.optimizer.zero_grad(set_to_none=True)
        out = _error(exc)
    every_ok = all(v[0] for v in _gather([float(out["status"] == "ok")], device))
    if name == "throughput" and every_ok:
        ranks = _gather([out["step_s"], out["peak_allocated_gib"] or 0.0, out["peak_reserved_gib"] or 0.0], device)
        out["tokens_per_s"] = world * seq / max(r[0] for r in ranks)
        out["rank_step_s"] = [r[0] for r in ranks]
        if device != "cpu":
            out["rank_peak_allocated_gib"] = [r[1] for r in ranks]
            out["rank_peak_reserved_gib"] = [r[2] for r in ranks]
    return out


def rank_main(args: argparse.Namespace) -> int:
    """One rank of a launch; rank 0 writes the launch's JSON after every phase."""
    import torch
    import torch.distributed as dist

    os.environ.setdefault("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True")
    rank, world, device = _setup(args.device, args.collective_timeout_s)
    result: dict[str, Any] = {"shape": args.shape, "preset": PRESETS[args.shape], "gpus": world, "seq": args.seq,
                              "cap_gib": args.cap_gib, "tiny": args.tiny, "torch": torch.__version__,
                              "device": torch.cuda.get_device_name() if device != "cpu" else "cpu"}

    def save() -> None:
        if rank == 0:
            Path(args.child_out).write_text(json.dumps(result, indent=1))

    try:
        step, shape, facts = _model(args, device)
    except Exception as exc:  # noqa: BLE001 - recorded; the driver's other launches go on
        result["build"] = _error(exc)
        save()
        return 1
    result.update(facts)
    vocab = shape["vocab_size"]
    phases = [("loss", lambda: {"status": "ok", "losses": loss_curve(step, args, vocab, rank, world, device)})
              ] if args.loss_steps else []
    phases.append(("throughput", lambda: {"status": "ok", **throughput(step, args, vocab, rank, device)}))
    for name, run in phases:
        result[name] = _phase(name, run, step, world, args.seq, device)
        save()
        if rank == 0:
            shown = {k: v for k, v in result[name].items() if k != "steps_s"}
            print(json.dumps({"shape": args.shape, "gpus": world, name: shown}), flush=True)
    dist.destroy_process_group()
    return 0


# ------------------------------------------------------------------ the driver


def predicted_s(shape: str, gpus: int, args: argparse.Namespace, measured: dict[str, float]) -> float:
    """Seconds a launch will take: its overhead, plus its steps at the one-GPU step time of
    the shape when measured (two GPUs: about the same per step)."""
    step_s = measured.get(shape, 0.0)
    loss = args.loss_steps * args.global_batch / gpus * step_s * args.loss_seq / args.seq if shape == args.loss_shape else 0
    return OVERHEAD_S.get(shape, 50.0) + (args.warmup + args.steps) * step_s + loss


def _kill_tree(pid: int) -> None:
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [*root.children(recursive=True), root]
    except psutil.NoSuchProcess:
        return
    for proc in procs:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(procs, timeout=30)


def launch(shape: str, gpus: int, args: argparse.Namespace, out: Path, log, timeout_s: float) -> dict[str, Any]:
    """One torchrun launch of `gpus` ranks on `shape`, killed after `timeout_s`; its JSON, or
    what went wrong."""
    child_out = out / f"{shape}_{gpus}gpu.json"
    child_out.unlink(missing_ok=True)
    cmd = [sys.executable, "-m", "torch.distributed.run", "--standalone", "--nnodes", "1",
           "--nproc-per-node", str(gpus), "--max-restarts", "0", "-m", "bench.multi_gpu", "--child",
           "--shape", shape, "--seq", str(args.seq), "--warmup", str(args.warmup), "--steps", str(args.steps),
           "--loss-steps", str(args.loss_steps if shape == args.loss_shape else 0), "--loss-seq", str(args.loss_seq),
           "--global-batch", str(args.global_batch), "--pool", str(args.pool), "--device", args.device,
           "--collective-timeout-s", str(args.collective_timeout_s), "--child-out", str(child_out),
           *(["--cap-gib", str(args.cap_gib)] if args.cap_gib else []), *(["--tiny"] if args.tiny else []),
           *[a for o in args.overrides for a in ("--set", o)]]
    env = dict(os.environ, OMP_NUM_THREADS=os.environ.get("OMP_NUM_THREADS", "1"))
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        text, _ = proc.communicate(timeout=timeout_s)
        rc: int | str = proc.returncode
    except subprocess.TimeoutExpired:
        _kill_tree(proc.pid)  # the ranks too: a stuck one would hold its GPU through the next launch
        text, _ = proc.communicate()
        rc = "timeout"
    log.write(f"=== {shape} on {gpus} ({time.monotonic() - t0:.0f} s, exit {rc})\n{text}\n")
    log.flush()
    result = json.loads(child_out.read_text()) if child_out.is_file() else {"shape": shape, "gpus": gpus}
    result.update(launch_s=time.monotonic() - t0, exit=rc)
    if rc != 0:
        tail = [ln for ln in text.splitlines() if ln.strip() and "Warning" not in ln][-3:]
        result["launch_error"] = " | ".join(tail)[-500:] or f"exit {rc}"
    return result


def summarize(points: list[dict[str, Any]]) -> dict[str, Any]:
    """Per shape: tokens/s and peak memory per GPU count, and the scaling from the fewest GPUs;
    the loss curves side by side."""
    by_shape: dict[str, dict[int, dict[str, Any]]] = {}
    for p in points:
        by_shape.setdefault(p["shape"], {})[p["gpus"]] = p
    scaling, losses = {}, {}
    for shape, runs in by_shape.items():
        rates = {n: r["throughput"]["tokens_per_s"] for n, r in runs.items()
                 if r.get("throughput", {}).get("status") == "ok"}
        base = min(rates) if rates else None
        scaling[shape] = {str(n): {"tokens_per_s": rates.get(n),
                                   "speedup": rates[n] / rates[base] if n in rates and base else None,
                                   "peak_allocated_gib": runs[n].get("throughput", {}).get("rank_peak_allocated_gib"),
                                   "status": runs[n].get("throughput", {}).get("status")
                                   or runs[n].get("build", {}).get("status") or runs[n].get("launch_error")}
                          for n in sorted(runs)}
        curves = {n: r["loss"]["losses"] for n, r in runs.items() if r.get("loss", {}).get("status") == "ok"}
        if len(curves) > 1:
            ns = sorted(curves)
            rows = list(zip(*(curves[n] for n in ns)))
            losses[shape] = {"gpus": ns, "steps": [list(r) for r in rows],
                             "max_rel_diff": max(abs(r[-1] - r[0]) / abs(r[0]) for r in rows)}
        elif curves:
            losses[shape] = {"gpus": list(curves), "steps": [[v] for v in next(iter(curves.values()))]}
    return {"scaling": scaling, "losses": losses}


def driver(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + args.budget_s
    points: list[dict[str, Any]] = []
    measured: dict[str, float] = {}
    report = out / "multi_gpu.json"
    with open(out / "multi_gpu_log.txt", "a", encoding="utf-8") as log:
        for shape in args.shapes:
            for gpus in args.gpus:
                need, left = predicted_s(shape, gpus, args, measured), deadline - time.monotonic()
                if need > left:
                    points.append({"shape": shape, "gpus": gpus, "launch_error": f"skipped (time budget: "
                                   f"{need:.0f} s predicted, {left:.0f} s left)"})
                    continue
                point = launch(shape, gpus, args, out, log, min(args.launch_timeout_s, left))
                if point.get("throughput", {}).get("status") == "ok":
                    measured.setdefault(shape, point["throughput"]["step_s"])
                points.append(point)
                summary = {"args": {k: v for k, v in vars(args).items() if k != "func"}, **summarize(points),
                           "points": points}
                report.write_text(json.dumps(summary, indent=1))
                print(json.dumps({"shape": shape, "gpus": gpus, "launch_s": round(point["launch_s"], 1),
                                  "scaling": summary["scaling"].get(shape, {}).get(str(gpus))}), flush=True)
    summary = {"args": vars(args), **summarize(points), "points": points}
    report.write_text(json.dumps(summary, indent=1))
    print(json.dumps({"scaling": summary["scaling"], "loss_max_rel_diff": {
        s: v.get("max_rel_diff") for s, v in summary["losses"].items()}}, indent=1), flush=True)
    return 0


def parse(argv: list[str] | None) -> argparse.Namespace:
    ints = lambda s: [int(x) for x in s.split(",")]  # noqa: E731
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--shapes", type=lambda s: s.split(","), default=["mistral-7b", "devstral-small"])
    p.add_argument("--gpus", type=ints, default=[1, 2], help="GPU (rank) counts, one launch each")
    p.add_argument("--seq", type=int, default=8192, help="tokens per row in the throughput phase")
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--steps", type=int, default=5, help="timed steps")
    p.add_argument("--loss-shape", default="mistral-7b", help="the shape whose loss curve is compared")
    p.add_argument("--loss-steps", type=int, default=20)
    p.add_argument("--loss-seq", type=int, default=1024)
    p.add_argument("--global-batch", type=int, default=2, help="rows per optimizer step in the loss phase "
                   "(a multiple of every GPU count)")
    p.add_argument("--pool", type=int, default=8, help="distinct rows the loss phase cycles through")
    p.add_argument("--cap-gib", type=float, default=None, help="per-GPU memory cap (23: an RTX 3090's share)")
    p.add_argument("--set", dest="overrides", action="append", default=[], help="config override section.key=value")
    p.add_argument("--device", default="cuda", choices=("cuda", "cpu"))
    p.add_argument("--tiny", action="store_true", help="tiny widths of each shape (a CPU check of this script)")
    p.add_argument("--budget-s", type=float, default=330.0, help="seconds for all launches; later ones that "
                   "are predicted not to fit are skipped")
    p.add_argument("--launch-timeout-s", type=float, default=150.0)
    p.add_argument("--collective-timeout-s", type=float, default=120.0, help="a rank stuck this long in a "
                   "collective (its peer died) gives up")
    p.add_argument("--out", default="bench/results/raw/multi_gpu")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--shape", help=argparse.SUPPRESS)
    p.add_argument("--child-out", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if any(args.global_batch % n for n in args.gpus):
        p.error(f"--global-batch {args.global_batch} must be a multiple of every --gpus count {args.gpus}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    return rank_main(args) if args.child else driver(args)


if __name__ == "__main__":
    sys.exit(main())
