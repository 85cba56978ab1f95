"""Run directories read into immutable snapshots for the home table and the monitor.

Workers build these off the event loop; screens only render them. Metrics files are
re-read only when their size changes, so polling a long run every second stays cheap.
A run whose files are damaged becomes a row or snapshot saying `unreadable: <file>:
<why>`; every other run is read as usual.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.config import ConfigError
from mcp_tui.eval.folder import EvalFolder
from mcp_tui.fileio import FileError
from mcp_tui.printable import printable
from mcp_tui.run_label import run_label
from mcp_tui.runs import UNREADABLE, Run, RunStatus, eta_seconds, list_runs, rank_readings
from mcp_tui.step_progress import in_step_eta

EVENTS_SHOWN = 50


def last_value(metrics: list[dict[str, Any]], key: str) -> float | None:
    """The newest non-null value of `key` in the metrics records."""
    for record in reversed(metrics):
        value = record.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return float(value)
    return None


def read_summary(run: Run) -> dict[str, Any] | None:
    """eval/summary.json, or None when there is none (yet); FileError when it is damaged."""
    return EvalFolder(run.eval_dir).summary()


def gpu_users(rows: list[RunRow]) -> dict[int, str]:
    """Which live run trains on each GPU (NVML index -> run id), for the GPU panel."""
    return {gpu: row.id for row in rows for gpu in row.gpus}


def rank_labels(snapshot: RunSnapshot) -> dict[int, str]:
    """The monitor's note beside each GPU of a multi-GPU run: its rank, tokens/s, peak memory."""
    out = {}
    for r in rank_readings(snapshot.status, snapshot.metrics):
        if r.gpu is not None:
            mem = f", peak {r.gpu_mem_gib:.1f} GiB" if r.gpu_mem_gib is not None else ""
            out[r.gpu] = f"rank {r.rank}: {r.tokens_per_s:.0f} tok/s{mem}"
    return out


def when(timestamp: float) -> str:
    """A local month-day and time (short enough for 80 columns), or a dash when unset."""
    return time.strftime("%m-%d %H:%M", time.localtime(timestamp)) if timestamp else "-"


@dataclass(frozen=True)
class RunRow:
    """One line of the home table."""

    id: str
    state: str
    step: int
    total_steps: int
    last_loss: float | None
    eval_tuned: float | None
    eval_delta: float | None
    started: float
    error: str = ""
    # `unreadable: <file>: <why>` when a file of the run is damaged (shown in the state column).
    problem: str = ""
    # The GPUs (NVML indices) a live run trains on.
    gpus: tuple[int, ...] = ()


@dataclass(frozen=True)
class RunSnapshot:
    """Everything the monitor draws for one run at one moment."""

    run_id: str
    status: RunStatus
    metrics: list[dict[str, Any]]
    events: list[str]
    # What the run is: its preset's description, or its own settings where it changed them.
    label: str = ""
    eta_s: float | None = None
    has_adapter: bool = False
    # `unreadable: <file>: <why>` when a file of the run is damaged.
    problem: str = ""
    # When it was read: the time spent in the step in progress counts up from it.
    read_at: float = 0.0
    # The ETA is judged from the step in progress alone (no two steps logged yet).
    eta_rough: bool = False


@dataclass
class _Cached:
    size: int = -1
    metrics: list[dict[str, Any]] = field(default_factory=list)


class RunsReader:
    """Reads the runs directory; keeps each run's metrics until its file grows."""

    def __init__(self, runs_dir: Path) -> None:
        self.runs_dir = runs_dir
        self._metrics: dict[Path, _Cached] = {}

    def metrics(self, run: Run) -> list[dict[str, Any]]:
        """The run's metrics records, re-read only when metrics.jsonl changed size."""
        try:
            size = run.metrics_path.stat().st_size
        except OSError:
            size = 0
        cached = self._metrics.setdefault(run.path, _Cached())
        if cached.size != size:
            cached.size, cached.metrics = size, run.metrics()
        return cached.metrics

    def rows(self) -> list[RunRow]:
        """Every run, newest first."""
        return [self._row(run) for run in list_runs(self.runs_dir)]

    def _row(self, run: Run) -> RunRow:
        try:
            st = run.status()
        except FileError as exc:
            return RunRow(id=run.id, state=UNREADABLE, step=0, total_steps=0, last_loss=None, eval_tuned=None,
                          eval_delta=None, started=0.0, problem=run.unreadable(exc))
        problem, last_loss, overall = "", None, {}
        try:
            last_loss = last_value(self.metrics(run), "loss")
            overall = (read_summary(run) or {}).get("overall") or {}
        except FileError as exc:
            problem = run.unreadable(exc)
        return RunRow(id=run.id, state=st.state, step=st.step, total_steps=st.total_steps, last_loss=last_loss,
                      eval_tuned=overall.get("tuned"), eval_delta=overall.get("delta"), started=st.started,
                      error=st.error, problem=problem, gpus=tuple(st.gpus) if st.live else ())

    def snapshot(self, run: Run) -> RunSnapshot:
        """The monitor's view of one run: whatever can be read, and the damaged file's name
        and reason in `problem` (a damaged status shows as the state `unreadable`)."""
        problem = ""
        try:
            st = run.status()
        except FileError as exc:
            st, problem = RunStatus(state=UNREADABLE), run.unreadable(exc)
        try:
            metrics = self.metrics(run)
        except FileError as exc:
            metrics, problem = [], problem or run.unreadable(exc)
        try:
            label = printable(run_label(run.config()))
        except (OSError, ConfigError):
            label = ""
        eta = eta_seconds(metrics, st.step, st.total_steps) if st.live else None
        rough = in_step_eta(st) if eta is None else None
        return RunSnapshot(
            run_id=run.id, status=st, metrics=metrics, events=run.events_tail(EVENTS_SHOWN),
            label=label, eta_s=eta if rough is None else rough,
            has_adapter=(run.adapter_dir / "adapter_config.json").is_file(), problem=problem,
            read_at=time.time(), eta_rough=rough is not None,
        )
