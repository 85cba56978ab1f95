"""`mcp-tui agent`: the headless twin of the agent playground screen.

    mcp-tui agent RUN "task" [--server [NAME=]COMMAND ...] [--files DIR] [--no-sandbox]
                  [--max-steps N] [--model base|tuned|both] [--checkpoint STEP]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

EPILOG = """\
Base and tuned (base + the run's adapter) each work the task through MCP servers started
over stdio: the bundled sandbox (filesystem and memory tools in a temporary folder, seeded
with a small demo project, or with a copy of --files DIR; never your own files) and every
--server, e.g. --server "git=uvx mcp-server-git" (NAME= sets the name the model sees; without
it, the name the server reports). Each step prints as it happens: the calls, their results,
how long they took. A model's turn ends the run when it makes no call, or when --max-steps
turns are spent. Then come the changes each model made to the sandbox, and the transcripts
are saved under RUN/agent/."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `agent` subcommand."""
    p = subparsers.add_parser(
        "agent", help="base and tuned work a task through MCP servers, step by step (agent playground)",
        description="Base and tuned work one task through real MCP servers, step by step.",
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run id, unique id prefix, run folder, or 'latest'")
    p.add_argument("task", help="what the models should do (quote it)")
    p.add_argument("--server", action="append", default=[], metavar="[NAME=]COMMAND",
                   help="an MCP server to start over stdio (repeatable)")
    p.add_argument("--files", metavar="DIR", help="seed the sandbox with a copy of this folder")
    p.add_argument("--no-sandbox", action="store_true", help="only the --server servers, no sandbox")
    p.add_argument("--max-steps", type=int, default=None, metavar="N", help="turns per model (default: 10)")
    p.add_argument("--model", choices=("base", "tuned", "both"), default="both", help="which model works (default: both)")
    p.add_argument("--checkpoint", metavar="STEP", help="tune with a training checkpoint's adapter ('latest' or a step)")
    p.add_argument("--max-new-tokens", type=int, metavar="N", help="per turn (default: the run's eval.max_new_tokens)")
    p.set_defaults(handler=run_agent_command)


def run_agent_command(args: argparse.Namespace) -> int:
    """Run the task with each chosen model; user errors are one line."""
    from mcp_tui.agent.servers import ServerError
    from mcp_tui.config import ConfigError
    from mcp_tui.data.formats import DataError
    from mcp_tui.train.model import ModelError

    try:
        return _run(args)
    except (ValueError, ConfigError, DataError, ModelError, ServerError) as exc:
        print(f"mcp-tui agent: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmcp-tui agent: interrupted; every server was shut down", file=sys.stderr)
        return 130


def _setup(args: argparse.Namespace) -> tuple[Any, Any, Any, list[Any], Any]:
    """The run, its call format, the workspace, the extra servers, and the answerers."""
    from mcp_tui.agent.playground import playground_workspace
    from mcp_tui.agent.servers import parse_server
    from mcp_tui.agent.workspace import Workspace
    from mcp_tui.cli.eval import chosen_adapter
    from mcp_tui.eval.runner import run_answerers
    from mcp_tui.runs import find_run
    from mcp_tui.tools.calls import call_format

    if not args.task.strip():
        raise ValueError('the task is empty; say what the models should do, e.g. "Move the .log files into /inbox/logs"')
    if args.max_steps is not None and args.max_steps < 1:
        raise ValueError("--max-steps must be at least 1")
    if args.no_sandbox and not args.server:
        raise ValueError("--no-sandbox leaves no server: add at least one --server")
    servers = [parse_server(s) for s in args.server]
    workspace = None if args.no_sandbox else Workspace.from_folder(Path(args.files)) if args.files else playground_workspace()
    run = find_run(args.run, args.runs_dir)
    cfg = run.config()
    fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
    # One task at a time gains nothing from a merge, and unmerging would leave rounding in the base.
    answerer_for = run_answerers(run, fmt, args.max_new_tokens or cfg.eval.max_new_tokens, merge=False,
                                 adapter_dir=chosen_adapter(args, run)[0])
    return run, fmt, workspace, servers, answerer_for


def _run(args: argparse.Namespace) -> int:
    from mcp_tui.agent.loop import DEFAULT_MAX_STEPS
    from mcp_tui.agent.playground import play

    run, fmt, workspace, servers, answerer_for = _setup(args)
    models = ("base", "tuned") if args.model == "both" else (args.model,)
    outcomes = {}
    for model in models:
        print(f"[{model}] working…", file=sys.stderr, flush=True)
        # The model loads on the first turn, once the servers have started: a server that
        # cannot start fails in a second, not after a model load.
        policy = lambda conversations, m=model: answerer_for(m)(conversations)  # noqa: E731
        outcomes[model] = play(args.task, policy, fmt, workspace=workspace, servers=servers,
                               max_steps=args.max_steps or DEFAULT_MAX_STEPS, model=model,
                               on_step=lambda step, m=model: _print_step(m, step))
    saved = _save(run, args.task, outcomes)
    _print_outcomes(outcomes)
    print(f"transcripts: {saved}", file=sys.stderr)
    return 0


def _print_step(model: str, step: Any) -> None:
    from mcp_tui.agent.transcript import clip

    print(f"[{model}] step {step.index} ({step.latency_s:.1f} s to answer)")
    if not step.calls:
        print(f"[{model}]   answered: {' '.join(step.text.split())[:200]}")
    for c in step.calls:
        print(f"[{model}]   → {c.headline()[:200]}  ({c.elapsed_s:.2f} s)")
        first = (clip(c.result, 300).splitlines() or [""])[0]
        print(f"[{model}]   {'✗' if c.is_error else '←'} {first[:200]}")
    sys.stdout.flush()


def _print_outcomes(outcomes: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(show_lines=True, expand=True)
    cells = []
    for model, o in outcomes.items():
        t = o.transcript
        table.add_column(f"{model}: {t.end}, {len(t.steps)} steps, {t.calls} calls ({t.errored_calls} errored)", ratio=1)
        cells.append(Text.assemble((t.answer or t.error or "(no answer)") + "\n\n",
                                   ("changes to the sandbox:\n", "bold"), o.diff or "(none)"))
    table.add_row(*cells)
    Console().print(table)


def _save(run: Any, task: str, outcomes: dict[str, Any]) -> Path:
    """RUN/agent/<time>.json: the task, and per model its transcript and sandbox diff."""
    folder = run.path / "agent"
    folder.mkdir(exist_ok=True)
    path = folder / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    record = {"task": task, "models": {m: {"transcript": o.transcript.to_dict(), "diff": o.diff}
                                       for m, o in outcomes.items()}}
    path.write_text(json.dumps(record, indent=2, ensure_ascii=False), encoding="utf-8")
    return path
