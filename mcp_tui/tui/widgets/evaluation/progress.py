"""One bar per model under the evaluation's state line: how many of this evaluation's
tasks each model has answered, and for the model answering now its pace and ETA (as the
evaluator wrote them in progress.json)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text

from mcp_tui.eval.folder import MODELS
from mcp_tui.step_progress import duration
from mcp_tui.tui.eval_view import EvalResults


def model_bars(results: EvalResults, running: bool) -> Table | None:
    """`base  ━━━━━━━━━━  15/15` then `tuned ━━━━╸─────  6/15 · 0.52 tasks/s · ETA 17s`;
    None before there is an evaluation to measure."""
    total = len(results.own_ids())
    if not total or results.progress is None:
        return None
    current = str(results.progress.get("model", ""))
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=5)
    grid.add_column(width=24)
    grid.add_column()
    for model in MODELS:
        done = results.answered(model)
        stats = f"{done}/{total}"
        if running and current == model and done < total:
            rate = results.progress.get("tasks_per_s")
            eta = results.progress.get("eta_s")
            stats += f" · {rate:.2f} tasks/s" if rate else " · first batch…"
            stats += f" · ETA {duration(eta)}" if eta is not None else ""
        grid.add_row(model, ProgressBar(total=total, completed=done, width=24), stats)
    return grid


def progress_panel(state: Text, results: EvalResults | None, running: bool) -> RenderableType:
    """The state line, with the per-model bars under it once an evaluation exists."""
    bars = model_bars(results, running) if results is not None else None
    return state if bars is None else Group(state, bars)
