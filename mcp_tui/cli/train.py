"""`mcp-tui train | runs | monitor | stop | presets`: the headless twins of the app's
training screens. They only read and write run directories (mcp_tui.runs) and start or
signal the worker process (mcp_tui.train.launch); heavy imports stay inside handlers."""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from mcp_tui.runs import STATE_STYLE, UNREADABLE, eta_seconds

DEFAULT_PRESET = "cpu-demo"

TRAIN_EPILOG = """\
The run starts detached: closing the terminal or losing SSH does not stop it. Watch it
with `mcp-tui monitor RUN`, stop it (checkpoint, then exit) with `mcp-tui stop RUN`, and
continue a stopped or crashed run with `mcp-tui train --resume RUN`.
Example: mcp-tui train --preset cpu-demo --set train.max_steps=5 --foreground"""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the training subcommands."""
    p = subparsers.add_parser("train", help="start (or resume) a training run",
                              description="Start a LoRA/QLoRA training run in a detached background process.",
                              epilog=TRAIN_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    source = p.add_mutually_exclusive_group()
    source.add_argument("--preset", dest="train_preset", metavar="NAME",
                        help=f"preset to start from (default: {DEFAULT_PRESET}; `mcp-tui presets` lists them)")
    source.add_argument("--config", metavar="FILE", help="a TOML config file (may `extends` a preset)")
    source.add_argument("--resume", metavar="RUN", help="continue RUN (id, prefix, path or 'latest') from its last checkpoint")
    p.add_argument("--set", dest="overrides", action="append", default=[], metavar="KEY=VALUE",
                   help="override one setting, e.g. --set lora.r=32 (repeatable)")
    p.add_argument("--name", help="label for the run id (default: the model name)")
    p.add_argument("--foreground", action="store_true", help="train in this process, attached to the terminal")
    p.add_argument("--dry-run", action="store_true",
                   help="print the predicted peak GPU memory, broken down, and exit without starting a run")
    p.set_defaults(handler=cmd_train)

    p = subparsers.add_parser("runs", help="list runs: state, progress, last loss")
    p.set_defaults(handler=cmd_runs)

    p = subparsers.add_parser("monitor", help="live view of a run (Ctrl-C detaches; training goes on)")
    p.add_argument("run", nargs="?", default="latest", metavar="RUN", help="run id, prefix, path or 'latest' (default)")
    p.add_argument("--once", action="store_true", help="print one frame and exit")
    p.add_argument("--interval", type=float, default=1.0, help="seconds between refreshes (default 1)")
    p.set_defaults(handler=cmd_monitor)

    p = subparsers.add_parser("stop", help="stop a run: checkpoint at the end of the current step, then exit")
    p.add_argument("run", metavar="RUN", help="run id, prefix, path or 'latest'")
    p.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                   help="wait up to this long for the worker to finish stopping")
    p.set_defaults(handler=cmd_stop)

    p = subparsers.add_parser("presets", help="list the bundled presets")
    p.set_defaults(handler=cmd_presets)


def _error(message: str) -> int:
    print(f"mcp-tui: error: {message}", file=sys.stderr)
    return 2


def _runs_dir(args: argparse.Namespace) -> Path:
    from mcp_tui.runs import default_runs_dir

    return Path(args.runs_dir) if args.runs_dir else default_runs_dir()


def cmd_train(args: argparse.Namespace) -> int:
    """Create (or reopen) the run, then train it detached or in the foreground."""
    from mcp_tui.train.model import ModelError

    if args.dry_run:
        return _dry_run(args)
    try:
        run, resume = _prepare_run(args)
    except (ValueError, ModelError) as exc:  # ConfigError and lookup errors are ValueErrors
        return _error(str(exc))
    if args.foreground:
        return _train_foreground(run, resume)
    from mcp_tui.train.launch import start_detached

    try:
        st = start_detached(run, resume=resume)
    except ValueError as exc:
        print(f"mcp-tui: error: {exc}", file=sys.stderr)
        return 1
    if st.state == "pending":
        print(f"run {run.id} started and is still loading (pid {st.pid}); log: {run.worker_log}")
    else:
        print(f"run {run.id} {st.state} (pid {st.pid}, step {st.step}/{st.total_steps}); log: {run.worker_log}")
    print(f"  watch: mcp-tui monitor {run.id}    stop: mcp-tui stop {run.id}")
    return 0


def _train_foreground(run: Any, resume: bool) -> int:
    """Train in this process (several GPUs: torchrun's agent runs here, the ranks beside it)."""
    from mcp_tui.train.torchrun import plan_ranks, run_ranks
    from mcp_tui.train.worker import run_worker

    try:
        plan = plan_ranks(run.config())
    except ValueError as exc:
        return _error(str(exc))
    print(f"run {run.id} ({run.path}) training in the foreground ({plan.why}); Ctrl-C checkpoints and stops",
          file=sys.stderr)
    code = run_ranks(run.path, plan.count, resume) if plan.count > 1 else run_worker(run.path, resume=resume)
    _print_outcome(run)
    return code


def _dry_run(args: argparse.Namespace) -> int:
    """The VRAM estimate of the config `train` would run (mcp_tui.train.memory); starts nothing."""
    from mcp_tui.config import load_config
    from mcp_tui.runs import find_run
    from mcp_tui.train.memory import dry_run_report
    from mcp_tui.train.model import ModelError

    try:
        if args.resume:
            cfg = find_run(args.resume, _runs_dir(args)).config()
        else:
            cfg = load_config(args.config or args.train_preset or args.preset or DEFAULT_PRESET, args.overrides)
        print(dry_run_report(cfg))
    except (ValueError, ModelError) as exc:
        return _error(str(exc))
    return 0


def _prepare_run(args: argparse.Namespace) -> tuple[Any, bool]:
    """The run to train and whether it resumes; ValueError with the reason otherwise."""
    from mcp_tui.config import ConfigError, load_config
    from mcp_tui.runs import find_run
    from mcp_tui.train.launch import check_resumable, create_checked_run

    if args.resume:
        if args.overrides:
            raise ConfigError("--set cannot change a run being resumed; start a new run instead")
        run = find_run(args.resume, _runs_dir(args))
        check_resumable(run)
        return run, True
    source = args.config or args.train_preset or args.preset or DEFAULT_PRESET
    cfg = load_config(source, args.overrides)
    fix = "point it at a dataset (`--set {key}=PATH`)"
    return create_checked_run(cfg, _runs_dir(args), args.name, fix), False


def _print_outcome(run: Any) -> None:
    from mcp_tui.fileio import FileError

    try:
        st, rows = run.status(), [m for m in run.metrics() if m.get("loss") is not None]
    except FileError as exc:
        print(f"run {run.id}: {run.unreadable(exc)}", file=sys.stderr)
        return
    loss = f"; loss {rows[0]['loss']:.4f} -> {rows[-1]['loss']:.4f}" if rows else ""
    speed = [m["tokens_per_s"] for m in rows if m.get("tokens_per_s")]
    tps = f"; {sum(speed) / len(speed):.0f} tokens/s" if speed else ""
    print(f"run {run.id}: {st.state} at step {st.step}/{st.total_steps}{loss}{tps}"
          + (f" ({st.error})" if st.error else ""), file=sys.stderr)


# ---------------------------------------------------------------------------- runs


def _fmt_time(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M") if ts else "-"


def _last(rows: list[dict[str, Any]], key: str) -> Any:
    return next((r[key] for r in reversed(rows) if r.get(key) is not None), None)


def runs_table(runs: list[Any]) -> tuple[Any, list[Any]]:
    """The `mcp-tui runs` table, and a note per run whose files are damaged: it reads
    `unreadable` in the state column, and `<id>: unreadable: <file>: <why> (fix)` in its
    note (too long for a cell). Every other run shows as usual."""
    from rich.table import Table
    from rich.text import Text

    from mcp_tui.fileio import FileError

    table = Table(title=None, box=None, header_style="bold")
    for col in ("run", "state", "step", "loss", "started"):
        table.add_column(col, justify="right" if col in ("step", "loss") else "left")
    notes = []
    for run in runs:
        try:
            st = run.status()
            loss = _last(run.metrics(), "loss")
        except FileError as exc:
            table.add_row(run.id, _state_text(UNREADABLE), "-", "-", _fmt_time(run.started()))
            note = f"{run.id}: {run.unreadable(exc)}" + (f" ({exc.fix})" if exc.fix else "")
            notes.append(Text(note, style=STATE_STYLE[UNREADABLE]))
            continue
        table.add_row(run.id, _state_text(st.state), f"{st.step}/{st.total_steps or '?'}",
                      f"{loss:.4f}" if loss is not None else "-", _fmt_time(st.started))
    return table, notes


def _state_text(state: str) -> Any:
    from rich.text import Text

    return Text(state, style=STATE_STYLE.get(state, ""))


def cmd_runs(args: argparse.Namespace) -> int:
    """Print the runs table."""
    from rich.console import Console

    from mcp_tui.runs import list_runs

    runs = list_runs(_runs_dir(args))
    if not runs:
        print(f"no runs under {_runs_dir(args)}; start one with `mcp-tui train`")
        return 0
    console = Console()
    table, notes = runs_table(runs)
    console.print(table)
    for note in notes:
        console.print(note, soft_wrap=True)  # one line each, whole: easy to read and to grep
    return 0


# ---------------------------------------------------------------------------- monitor


def _fmt_duration(seconds: float | None) -> str:
    if seconds is None or not 0 <= seconds < 1e12:
        return "?"
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _worker_rss_gib(pid: int | None) -> float | None:
    import psutil

    try:
        return psutil.Process(pid).memory_info().rss / 2**30 if pid else None
    except psutil.Error:
        return None


def _read_for_monitor(run: Any) -> tuple[Any, list[dict[str, Any]], str]:
    """(status, metrics, problem): what can be read of the run, and `unreadable: ...` for
    the file that cannot (a damaged status shows as the state `unreadable`)."""
    from mcp_tui.fileio import FileError
    from mcp_tui.runs import RunStatus

    try:
        st = run.status()
    except FileError as exc:
        return RunStatus(state=UNREADABLE), [], run.unreadable(exc)
    try:
        return st, run.metrics(), ""
    except FileError as exc:
        return st, [], run.unreadable(exc)


def monitor_view(run: Any) -> Any:
    """One frame of `mcp-tui monitor`: progress with ETA, loss, tokens/s, memory, events."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.table import Table
    from rich.text import Text

    from mcp_tui.step_progress import in_step_eta, step_activity

    st, rows, problem = _read_for_monitor(run)
    total = st.total_steps or 0
    header = Text.assemble((run.id, "bold"), "  ", _state_text(st.state),
                           f"  step {st.step}/{total or '?'}  epoch {st.epoch:.2f}")
    bar = ProgressBar(total=max(total, 1), completed=min(st.step, total) if total else 0, width=50)
    eta = eta_seconds(rows, st.step, total) if st.live else None
    rough = in_step_eta(st) if eta is None else None
    shown_eta = f"~{_fmt_duration(rough)}" if rough is not None else _fmt_duration(eta)
    pace = Text(f"  elapsed {_fmt_duration(_last(rows, 'elapsed_s'))}  ETA {shown_eta}")
    stats = Table.grid(padding=(0, 3))
    gpu = _last(rows, "gpu_mem_gib")
    rss = _worker_rss_gib(st.pid) if st.live else None
    memory = f"GPU peak {gpu:.2f} GiB" if gpu is not None else (f"RSS {rss:.2f} GiB" if rss is not None else "n/a")
    losses = [r["loss"] for r in rows if r.get("loss") is not None]
    first = f" (first {losses[0]:.4f})" if len(losses) > 1 else ""
    lines = [
        ("loss", f"{losses[-1]:.4f}{first}" if losses else "-"),
        ("eval loss", _fmt_num(_last(rows, "eval_loss"), 4)),
        ("learning rate", _fmt_num(_last(rows, "lr"), 2, sci=True)),
        ("grad norm", _fmt_num(_last(rows, "grad_norm"), 3)),
        ("tokens/s", _fmt_num(_last(rows, "tokens_per_s"), 0)),
        ("memory", memory),
    ]
    if ranks := _ranks_line(st, rows):
        lines.append(("ranks", ranks))
    for label, value in lines:
        stats.add_row(Text(label, style="dim"), value)
    parts: list[Any] = [header, Group(bar, pace), stats]
    if activity := step_activity(st, time.time()):
        parts.append(Text(activity, style="cyan"))
    if problem:
        parts.append(Text(problem, style="bold red"))
    if st.error:
        parts.append(Text(f"error: {st.error}", style="bold red"))
    events = run.events_tail(5)
    if events:
        parts.append(Text("\n".join(events), style="dim"))
    return Panel(Group(*parts), title="mcp-tui monitor", subtitle="Ctrl-C detaches; training goes on")


def _ranks_line(st: Any, rows: list[dict[str, Any]]) -> str:
    """Each rank of a multi-GPU run: its GPU, tokens/s and peak memory ("" for one process)."""
    from mcp_tui.runs import rank_readings

    readings = rank_readings(st, rows)
    if not readings:
        return f"GPUs {', '.join(map(str, st.gpus))}" if len(st.gpus) > 1 else ""
    return "   ".join(f"{r.rank}: " + (f"GPU{r.gpu} " if r.gpu is not None else "")
                       + f"{r.tokens_per_s:.0f} tok/s" + (f" {r.gpu_mem_gib:.1f} GiB" if r.gpu_mem_gib is not None else "")
                       for r in readings)


def _fmt_num(value: float | None, digits: int, sci: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:.{digits}e}" if sci else f"{value:.{digits}f}"


def cmd_monitor(args: argparse.Namespace) -> int:
    """Live view until the run ends or Ctrl-C (which only detaches)."""
    from rich.console import Console
    from rich.live import Live

    from mcp_tui.runs import find_run

    if not 0.1 <= args.interval <= 3600:  # also refuses nan
        return _error(f"--interval must be from 0.1 to 3600 seconds, got {args.interval}")
    try:
        run = find_run(args.run, _runs_dir(args))
    except ValueError as exc:
        return _error(str(exc))
    console = Console()
    if args.once:
        console.print(monitor_view(run))
        return 0
    try:
        with Live(monitor_view(run), console=console, refresh_per_second=4, screen=False) as live:
            while _read_for_monitor(run)[0].live:
                time.sleep(args.interval)
                live.update(monitor_view(run))
            live.update(monitor_view(run))
    except KeyboardInterrupt:
        console.print(f"detached from {run.id}; training goes on (`mcp-tui monitor {run.id}` to watch again)")
    return 0


# ---------------------------------------------------------------------------- stop, presets


def cmd_stop(args: argparse.Namespace) -> int:
    """SIGTERM the worker; it checkpoints at the end of the current step and exits."""
    from mcp_tui.runs import find_run
    from mcp_tui.train.launch import request_stop, wait_finished

    try:
        run = find_run(args.run, _runs_dir(args))
        st = request_stop(run)
    except ValueError as exc:
        return _error(str(exc))
    if st.state == "stopping":
        print(f"run {run.id} (pid {st.pid}) is already stopping; it exits once its checkpoint is saved")
    else:
        print(f"asked run {run.id} (pid {st.pid}) to stop; it saves a checkpoint at the end of the current step")
    if args.wait > 0:
        st = wait_finished(run, args.wait)
        print(f"run {run.id}: {st.state} at step {st.step}")
        return 0 if st.state == "stopped" else 1
    return 0


def cmd_presets(args: argparse.Namespace) -> int:
    """One line per bundled preset."""
    from mcp_tui.config import ConfigError, list_presets

    try:
        presets = list_presets()
    except ConfigError as exc:
        return _error(str(exc))
    width = max(len(name) for name, _ in presets)
    for name, description in presets:
        print(f"{name:<{width}}  {description}")
    return 0
