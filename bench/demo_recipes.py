"""Candidate recipes of the cpu-demo preset, trained side by side on one GPU and each
A/B-evaluated against the base model on both bundled eval sets, in one command.

The demo model (SmolLM2-135M) is host-bound on a GPU (~3-5k tokens/s, one CPU core
driving tiny kernels), so several trainings share one GPU well: each recipe trains in its
own worker process (`python -m mcp_tui.train.worker`, the run directory the app writes),
while the base model answers both eval sets once per tool-listing style (its answers serve
every recipe with that listing). As each training ends, its tuned model answers the same
tasks and the paired statistics are written. A deadline keeps the whole command inside
its budget: trainings still running when the evaluation reserve starts are stopped by
SIGTERM (they checkpoint) and their last checkpoint is evaluated, which the summary says.

    python -m bench.demo_recipes --out DIR [--recipes shipped,compact] [--device cuda]
        [--budget 500] [--eval-reserve 180] [--bundled 200] [--foreign 0] [--agentic RECIPE]
        [--steps N] [--set KEY=VALUE ...] [--model SRC] [--work DIR]

Writes DIR/summary.md (the table), DIR/demo_recipes.json (every summary), DIR/log.txt and
DIR/results.tar.gz (each run's config, events, metrics and every scored answer: copy it
under bench/results/). `--steps`, `--data` and `--model` exist for a quick CPU test (float32 on CPU):
`python -m bench.demo_recipes --out /tmp/r --device cpu --steps 2 --bundled 5 --foreign 5 --data small.jsonl`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

# name -> (what it tests, --set overrides). Every recipe but "shipped" (the preset as
# committed) is stated on top of RECIPE_BASE, the cpu-demo preset as it was on 2026-12-01
# (compact tool listing, the bundled hard negatives mixed in, 320 steps x 4, lr 1e-3, LoRA
# r16), so a recipe means what it meant when its results were committed, whatever the preset
# is now. `{work}` is the work folder, where `developer_only.jsonl` (the training set before
# the universe: 2500 developer-tool tasks) and `multi_call.jsonl` (the completeness tasks of
# 4000 universe tasks, seed 102) are written when a chosen recipe names them. The contrastive
# pairs are bundled (data/mcp_train_contrast.jsonl).
RECIPE_BASE = ["data.sources=data/mcp_train_negatives.jsonl", "lora.r=16", "lora.alpha=32",
               "train.max_steps=320", "train.lr=1e-3"]
CONTRAST = "data/mcp_train_contrast.jsonl"
NEGATIVES_CONTRAST_R32 = ["data.sources=data/mcp_train_negatives.jsonl, {contrast}", "lora.r=32", "lora.alpha=64"]
NO_NEGATIVES_200 = ["data.sources=", "train.max_steps=200"]
RECIPES: dict[str, tuple[str, list[str]]] = {
    "shipped": ("the preset as committed", []),
    "developer-only": ("control: 200 steps of the old training set (developer tools only), JSON listing",
                       ["data.train_file={work}/developer_only.jsonl", "data.tool_listing=json", *NO_NEGATIVES_200]),
    "json": ("the preset before 2026-12-01: JSON listing, no extra negatives, 200 steps",
             ["data.tool_listing=json", *NO_NEGATIVES_200]),
    "compact": ("compact listing, no extra negatives, 200 steps", NO_NEGATIVES_200),
    "compact-dev-heavy": ("compact, 200 steps, ~36% developer-tool tasks (half the old set added)",
                          ["data.sources={work}/developer_only.jsonl=0.5", "train.max_steps=200"]),
    "compact-lr2e-3": ("compact, no extra negatives, 200 steps, peak lr 2e-3", [*NO_NEGATIVES_200, "train.lr=2e-3"]),
    "compact-negatives": ("compact with the hard negatives (~22% of the mix instead of ~8%), 200 steps",
                          ["train.max_steps=200"]),
    "compact-negatives-120": ("compact-negatives in a CPU time budget: 120 steps, peak lr 1.5e-3",
                              ["train.max_steps=120", "train.lr=1.5e-3"]),
    "r32": ("the preset with LoRA r32 (alpha 64)", ["lora.r=32", "lora.alpha=64"]),
    "multi-call": ("the preset plus ~800 more multi-call (completeness) universe tasks of another seed: "
                   "completeness stayed at 0-5% on the foreign set at every length",
                   ["data.sources=data/mcp_train_negatives.jsonl, {work}/multi_call.jsonl"]),
    "contrast": ("the preset with its hard negatives replaced by 800 contrastive pairs: each negative beside "
                 "its twin that lists the tool (or states the value) and calls; the negatives alone taught "
                 "the demo to refuse 36 of 60 foreign selection tasks", ["data.sources={contrast}"]),
    "contrast-multi-call": ("contrast plus the ~800 multi-call tasks of multi-call",
                            ["data.sources={contrast}, {work}/multi_call.jsonl"]),
    "contrast-200": ("contrast in less time: 200 steps", ["data.sources={contrast}", "train.max_steps=200"]),
    "negatives-contrast": ("the preset's hard negatives and the 800 contrastive pairs: negatives as often as in "
                           "the preset, and twins beside them",
                           ["data.sources=data/mcp_train_negatives.jsonl, {contrast}"]),
    "negatives-half-contrast": ("the preset's hard negatives and a random half of the contrastive pairs",
                                ["data.sources=data/mcp_train_negatives.jsonl, {contrast}=0.5"]),
    "negatives-contrast-r32": ("negatives-contrast with LoRA r32 (alpha 64): capacity for copying unseen names",
                               NEGATIVES_CONTRAST_R32),
    "negatives-contrast-r32-640": ("negatives-contrast-r32 trained twice as long (640 steps, ~0.6 epoch)",
                                   [*NEGATIVES_CONTRAST_R32, "train.max_steps=640"]),
    "negatives-contrast-r32-960": ("negatives-contrast-r32 trained three times as long (960 steps, ~0.9 epoch)",
                                   [*NEGATIVES_CONTRAST_R32, "train.max_steps=960"]),
    "negatives-contrast-r32-640-lr2e-3": ("negatives-contrast-r32-640 at twice the peak learning rate",
                                          [*NEGATIVES_CONTRAST_R32, "train.max_steps=640", "train.lr=2e-3"]),
    "negatives-contrast-r32-120-lr2e-3": ("negatives-contrast-r32 in a CPU time budget: 120 steps, peak lr 2e-3",
                                          [*NEGATIVES_CONTRAST_R32, "train.max_steps=120", "train.lr=2e-3"]),
    "negatives-contrast-r32-240-lr2e-3": ("negatives-contrast-r32, 240 steps, peak lr 2e-3",
                                          [*NEGATIVES_CONTRAST_R32, "train.max_steps=240", "train.lr=2e-3"]),
    "last-10": ("the preset with adapters in the last 10 of 30 layers only: the backward stops there "
                "(faster CPU steps)", ["lora.last_layers=10"]),
    "last-15": ("the preset with adapters in the last 15 of 30 layers only", ["lora.last_layers=15"]),
}
DEFAULT_RECIPES = ("shipped", "compact-negatives", "compact")
SETS = {"bundled": "data/mcp_eval.jsonl", "foreign": "data/mcp_eval_foreign.jsonl"}
EVAL_RESERVE_S = 180  # default: trainings still running this long before the deadline are stopped


def log(msg: str, out: Path | None = None) -> None:
    line = f"[{time.strftime('%H:%M:%S')}] {msg}"
    print(line, flush=True)
    if out is not None:
        with open(out / "log.txt", "a", encoding="utf-8") as f:
            f.write(line + "\n")


def recipe_config(name: str, args: argparse.Namespace) -> Any:
    from mcp_tui.config import load_config

    overrides = [f"train.device={args.device}", "train.save_steps=100000", "train.eval_steps=0",
                 "train.tensorboard=false", f"eval.batch_size={args.batch_size}",
                 *([] if name == "shipped" else RECIPE_BASE),
                 *(o.format(work=args.work, contrast=CONTRAST) for o in RECIPES[name][1]), *args.sets]
    if args.device == "cpu":  # bf16 is emulated (slow) on most CPUs; the CPU run is a test
        overrides.append("model.dtype=float32")
    if args.steps:
        overrides.append(f"train.max_steps={args.steps}")
    if args.model:
        overrides.append(f"model.source={args.model}")
    if args.data and not any(o.startswith("data.train_file=") for o in RECIPES[name][1]):
        overrides.append(f"data.train_file={args.data}")
    return load_config("cpu-demo", overrides)


def tasks_of(set_name: str, args: argparse.Namespace) -> list[Any]:
    from mcp_tui.config import resolve_path
    from mcp_tui.eval.tasks import load_tasks

    limit = args.bundled if set_name == "bundled" else args.foreign
    return load_tasks(resolve_path(SETS[set_name]), limit)


def settings_of(cfg: Any) -> dict[str, Any]:
    """What both models must answer under (Evaluation refuses to mix other settings)."""
    return {"max_new_tokens": cfg.eval.max_new_tokens, "call_format": cfg.data.call_format,
            "tool_listing": cfg.data.tool_listing}


# ------------------------------------------------------------------------------ roles


def role_base(args: argparse.Namespace) -> int:
    """The base model answers both sets under one listing style, once for every recipe."""
    from mcp_tui.data.tokenize import prompt_ids
    from mcp_tui.eval.generate import generate_batch
    from mcp_tui.eval.runner import Evaluation
    from mcp_tui.tools.calls import call_format
    from mcp_tui.train.model import load_base_model, load_tokenizer

    cfg = recipe_config("shipped", args)
    cfg.data.tool_listing = args.listing
    fmt = call_format(cfg.data.call_format, args.listing)
    model, tokenizer = load_base_model(cfg).eval(), load_tokenizer(cfg)

    def answer(tasks: list[Any]) -> list[Any]:
        prompts = [prompt_ids(t, tokenizer, fmt) for t in tasks]
        return generate_batch(model, tokenizer, prompts, fmt, cfg.eval.max_new_tokens)

    for set_name in SETS:
        folder = Path(args.work) / "base" / args.listing / set_name
        Evaluation(folder, tasks_of(set_name, args), fmt, batch_size=cfg.eval.batch_size,
                   settings=settings_of(cfg)).run_one("base", answer)
        (folder / "DONE").write_text("ok")
    return 0


def role_tuned(args: argparse.Namespace) -> int:
    """A trained recipe's model answers both sets; the base answers are copied in."""
    from mcp_tui.eval.runner import Evaluation, run_answerers
    from mcp_tui.runs import Run
    from mcp_tui.tools.calls import call_format

    run = Run(args.run)
    cfg = run.config()
    fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
    adapter = run.adapter_dir if (run.adapter_dir / "adapter_config.json").is_file() else run.last_checkpoint()
    if adapter is None:
        raise SystemExit(f"{run.id}: no adapter and no checkpoint to evaluate")
    answerers = run_answerers(run, fmt, cfg.eval.max_new_tokens, adapter_dir=adapter)
    for set_name in SETS:
        folder = run.eval_dir / set_name
        folder.mkdir(parents=True, exist_ok=True)
        base = Path(args.work) / "base" / cfg.data.tool_listing / set_name
        for name in ("base.jsonl", "settings.json"):
            shutil.copy(base / name, folder / name)
        Evaluation(folder, tasks_of(set_name, args), fmt, batch_size=cfg.eval.batch_size,
                   settings=settings_of(cfg), labels={"base": cfg.model.source, "tuned": f"+ {adapter.name}"}
                   ).run(answerers)
    return 0


# ------------------------------------------------------------------------------ the parent


REPO = Path(__file__).resolve().parents[1]


def child(argv: list[str], log_path: Path) -> subprocess.Popen[bytes]:
    """A child process of this repository's code, its output in `log_path`."""
    path = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    env = {**os.environ, "OMP_NUM_THREADS": "2", "PYTHONUNBUFFERED": "1", "PYTHONPATH": path}
    with open(log_path, "ab") as f:
        return subprocess.Popen([sys.executable, *argv], stdout=f, stderr=subprocess.STDOUT, env=env, cwd=REPO)


def common_flags(args: argparse.Namespace) -> list[str]:
    flags = ["--work", args.work, "--device", args.device, "--bundled", str(args.bundled), "--foreign",
             str(args.foreign), "--batch-size", str(args.batch_size)]
    for flag in ("steps", "model", "data"):
        if getattr(args, flag):
            flags += [f"--{flag}", str(getattr(args, flag))]
    return flags


def prepare(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """Convert the model once (children would race), write the extra training sets the
    chosen recipes name, and create one run per recipe."""
    from mcp_tui.train.launch import create_checked_run
    from mcp_tui.train.model import resolve_model

    from mcp_tui.data import universe
    from mcp_tui.data.formats import write_jsonl
    from mcp_tui.data.synth import synthesize
    from mcp_tui.tools.catalog import load_catalog

    work = Path(args.work)
    shutil.rmtree(work, ignore_errors=True)
    (work / "logs").mkdir(parents=True)
    # The bundled training set as it was before the universe (mcp-tui data synth: train, 2500, seed 1).
    wanted = " ".join(o for name in args.recipes for o in RECIPES[name][1])
    if "developer_only.jsonl" in wanted:
        write_jsonl(synthesize(load_catalog(), 40 if args.data else 2500, 1, "train"), work / "developer_only.jsonl")
    if "multi_call.jsonl" in wanted:
        drawn = universe.generate(50 if args.data else 4000, 102, "train")
        write_jsonl([t for t in drawn if t.category == "completeness"], work / "multi_call.jsonl")
    runs = {}
    for name in args.recipes:
        cfg = recipe_config(name, args)
        resolve_model(cfg.model)
        runs[name] = create_checked_run(cfg, work / "runs", name, "regenerate it: mcp-tui data synth --bundled")
        log(f"{name}: run {runs[name].path} ({RECIPES[name][0]})", out)
    return runs


def stop(proc: subprocess.Popen[bytes], grace: float = 20.0) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def orchestrate(args: argparse.Namespace, runs: dict[str, Any], out: Path, start: float) -> None:
    """Trainings and base answers at once; each tuned evaluation as soon as its training
    and its listing's base answers are done; everything stopped at the deadline."""
    work, logs = Path(args.work), Path(args.work) / "logs"
    me = ["-m", "bench.demo_recipes"]
    listings = sorted({r.config().data.tool_listing for r in runs.values()})
    bases = {lst: child([*me, "base", "--listing", lst, *common_flags(args)], logs / f"base-{lst}.log")
             for lst in listings}
    trainers = {n: child(["-m", "mcp_tui.train.worker", str(r.path)], logs / f"train-{n}.log") for n, r in runs.items()}
    tuned: dict[str, subprocess.Popen[bytes]] = {}
    agentic: list[subprocess.Popen[bytes]] = []
    deadline, last_note = start + args.budget, 0.0
    while time.time() < deadline:
        if time.time() > deadline - args.eval_reserve:
            for name, proc in trainers.items():
                if proc.poll() is None:
                    log(f"{name}: training stopped at the deadline (its last checkpoint is evaluated)", out)
                    stop(proc, grace=60)
        for name, run in runs.items():
            base_done = all((work / "base" / run.config().data.tool_listing / s / "DONE").exists() for s in SETS)
            if name not in tuned and trainers[name].poll() is not None and base_done:
                tuned[name] = child([*me, "tuned", "--run", str(run.path), *common_flags(args)], logs / f"tuned-{name}.log")
                log(f"{name}: training ended ({run.status().state}, step {run.status().step}); evaluating", out)
                if name == args.agentic:  # its own eval folder (eval/agentic), beside the single-turn sets
                    tasks = ["--agentic-tasks", args.agentic_tasks] if args.agentic_tasks else []
                    agentic.append(child(["-m", "mcp_tui", "eval", str(run.path), "--agentic", "--limit", "1", *tasks,
                                          "--batch-size", str(args.batch_size)], logs / f"agentic-{name}.log"))
        if len(tuned) == len(runs) and all(p.poll() is not None for p in [*tuned.values(), *agentic]):
            break
        if time.time() - last_note > 30:
            last_note = time.time()
            steps = ", ".join(f"{n} {r.status().step}/{r.status().total_steps}" for n, r in runs.items())
            log(f"t+{time.time() - start:.0f}s: steps {steps}; evaluating {sorted(tuned)}", out)
        time.sleep(2)
    for proc in [*bases.values(), *trainers.values(), *tuned.values(), *agentic]:
        stop(proc, grace=5)


def training_figures(run: Any) -> dict[str, Any]:
    rows = [r for r in run.metrics() if r.get("loss") is not None]
    speeds = sorted(r["tokens_per_s"] for r in rows if r.get("tokens_per_s"))
    st = run.status()
    return {"state": st.state, "step": st.step, "total_steps": st.total_steps,
            "elapsed_s": rows[-1].get("elapsed_s") if rows else None,
            "median_tokens_per_s": speeds[len(speeds) // 2] if speeds else None,
            "first_loss": rows[0]["loss"] if rows else None,
            "last_loss_mean5": round(sum(r["loss"] for r in rows[-5:]) / len(rows[-5:]), 4) if rows else None}


def summarize_all(args: argparse.Namespace, runs: dict[str, Any], out: Path) -> dict[str, Any]:
    """Every recipe's training figures and, per set, the A/B summary of what was answered."""
    from mcp_tui.eval.folder import EvalFolder
    from mcp_tui.eval.report import summarize

    result: dict[str, Any] = {"recipes": {}, "sets": {s: SETS[s] for s in SETS}, "args": vars(args)}
    for name, run in runs.items():
        entry = {"about": RECIPES[name][0], "overrides": RECIPES[name][1], "training": training_figures(run)}
        for set_name in SETS:
            folder = EvalFolder(run.eval_dir / set_name)
            results = {m: folder.results(m) for m in ("base", "tuned")}
            if results["tuned"]:
                entry[set_name] = summarize(tasks_of(set_name, args), results)
                (folder.path / "summary.json").write_text(json.dumps(entry[set_name], indent=2))
        result["recipes"][name] = entry
    return result


def table(result: dict[str, Any]) -> str:
    """The markdown table: training figures, then per set base/tuned/delta and p."""
    head = ("| recipe | steps | train s | tok/s | loss | set | n | base | tuned | Δ [95% CI] | p | "
            "worst category Δ (p) | no_tool Δ (p) |\n|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---|---|")
    lines = [head]
    for name, e in result["recipes"].items():
        t = e["training"]
        for set_name in SETS:
            s = e.get(set_name)
            if not s:
                lines.append(f"| {name} | {t['step']}/{t['total_steps']} | {t['elapsed_s']} | {t['median_tokens_per_s']} | "
                             f"{t['last_loss_mean5']} | {set_name} | - | | | not evaluated | | | |")
                continue
            o, cats = s["overall"], s["categories"]
            worst = min(cats, key=lambda c: cats[c]["delta"])
            nt = cats.get("no_tool")
            ci = "[{:+.1f}, {:+.1f}]".format(*(100 * x for x in o["ci95"])) if o.get("ci95") else ""
            lines.append(
                f"| {name} | {t['step']}/{t['total_steps']} | {t['elapsed_s']} | {t['median_tokens_per_s']} | "
                f"{t['last_loss_mean5']} | {set_name} | {o['n']} | {o['base']:.1%} | {o['tuned']:.1%} | "
                f"{o['delta'] * 100:+.1f} {ci} | {o['p_value']:.3g} | "
                f"{worst} {cats[worst]['delta'] * 100:+.1f} ({cats[worst]['p_value']:.2g}) | "
                + (f"{nt['delta'] * 100:+.1f} ({nt['p_value']:.2g}) |" if nt else "- |"))
    return "\n".join(lines) + "\n"


def pack(args: argparse.Namespace, runs: dict[str, Any], out: Path) -> None:
    work = Path(args.work)
    with tarfile.open(out / "results.tar.gz", "w:gz") as tar:
        for name, run in runs.items():
            for item in ("config.toml", "events.log", "metrics.jsonl", "status.json", "eval"):
                if (run.path / item).exists():
                    tar.add(run.path / item, arcname=f"demo_recipes/{name}/{item}")
        tar.add(work / "logs", arcname="demo_recipes/logs")
    if args.agentic in runs:  # its adapters, so a later session can finish its agentic tasks
        with tarfile.open(out / "agentic_run.tar.gz", "w:gz") as tar:
            tar.add(runs[args.agentic].path, arcname=args.agentic, filter=without_resume_state)


RESUME_STATE = ("optimizer.pt", "scheduler.pt", "rng_state.pth", "training_args.bin")


def without_resume_state(member: tarfile.TarInfo) -> tarfile.TarInfo | None:
    """Leave out what only resuming the training needs (the optimizer state is twice the
    adapter): evaluating a checkpoint needs its adapter alone."""
    return None if Path(member.name).name in RESUME_STATE else member


def parent(args: argparse.Namespace) -> int:
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.time()
    runs = prepare(args, out)
    orchestrate(args, runs, out, start)
    result = summarize_all(args, runs, out)
    result["wall_s"] = round(time.time() - start, 1)
    (out / "demo_recipes.json").write_text(json.dumps(result, indent=1))
    (out / "summary.md").write_text(table(result))
    pack(args, runs, out)
    log("summary:\n" + table(result), out)
    log(f"done in {result['wall_s']} s", out)
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("role", nargs="?", default="all", choices=("all", "base", "tuned"))
    p.add_argument("--out", default="bench/results/demo_recipes_raw")
    p.add_argument("--work", default="/tmp/demo_recipes")
    p.add_argument("--recipes", default=",".join(DEFAULT_RECIPES), type=lambda s: [r for r in s.split(",") if r],
                   help=f"comma-separated, of: {', '.join(RECIPES)}")
    p.add_argument("--device", default="cuda", choices=("cuda", "cpu"))
    p.add_argument("--budget", type=float, default=500.0, help="seconds for the whole command")
    p.add_argument("--eval-reserve", type=float, default=EVAL_RESERVE_S,
                   help="seconds before the deadline at which running trainings are stopped (the tuned evaluations' time)")
    p.add_argument("--bundled", type=int, default=200, help="first N bundled eval tasks (40 per category at 200)")
    p.add_argument("--foreign", type=int, default=0, help="first N foreign tasks (0 = all 400)")
    p.add_argument("--batch-size", type=int, default=64)
    p.add_argument("--steps", type=int, default=0, help="override every recipe's steps (quick CPU tests)")
    p.add_argument("--set", dest="sets", action="append", default=[], metavar="KEY=VALUE",
                   help="a setting on top of every recipe's (repeatable), e.g. train.batch_size=4 with "
                        "train.grad_accum=1: the same 4 conversations a step, and the same loss, in one "
                        "forward instead of four (a host-bound GPU trains them ~3x faster)")
    p.add_argument("--model", default="", help="override model.source (a tiny model in tests)")
    p.add_argument("--data", default="", help="override data.train_file (a small file in tests)")
    p.add_argument("--agentic", default="", help="a recipe whose tuned model also works the agentic tasks "
                   "(eval/agentic of its run; its run, without the resume state, is packed as agentic_run.tar.gz)")
    p.add_argument("--agentic-tasks", default="", help="(with --agentic) another agentic task file (a small one in tests)")
    p.add_argument("--listing", default="json", help="(base role) the tool-listing style")
    p.add_argument("--run", default="", help="(tuned role) the run directory")
    args = p.parse_args(argv)
    unknown = [r for r in args.recipes if r not in RECIPES]
    if args.agentic and args.agentic not in args.recipes:
        unknown.append(args.agentic)
    if unknown:
        p.error(f"unknown recipe {unknown[0]!r}; known: {', '.join(RECIPES)}")
    return {"all": parent, "base": role_base, "tuned": role_tuned}[args.role](args)


if __name__ == "__main__":
    sys.exit(main())
