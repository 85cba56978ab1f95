"""The run directory, defined once: every reader (CLI, TUI, evaluator) and the one writer
(the training worker) go through this module.

runs/<id>/
  config.toml        the fully resolved RunConfig
  status.json        state, pid, step, heartbeat...; replaced atomically, never edited in place
  metrics.jsonl      one object per logged step; append-only, fsynced per line
  events.log         human-readable timeline
  worker.log         stdout/stderr of the detached worker
  checkpoints/checkpoint-N/   Trainer checkpoints; `COMPLETE` marks a finished one
  adapter/           the final LoRA adapter
  eval/              evaluation results (owned by the evaluator)
  tensorboard/       TensorBoard event files when enabled

A worker that dies without saying so (kill -9, power loss) cannot update its status, so
readers judge liveness themselves: a dead pid or a stale heartbeat reads as `crashed`.
"""

from __future__ import annotations

import json
import os
import re
import socket
import threading
import time
from dataclasses import asdict, dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from mcp_tui.config import RunConfig, load_config, save_config

STATES: tuple[str, ...] = ("pending", "running", "stopping", "completed", "stopped", "failed", "crashed")
LIVE_STATES: tuple[str, ...] = ("pending", "running", "stopping")
HEARTBEAT_INTERVAL_S = 5.0
# A heartbeat older than this means the worker is gone even when its pid cannot be checked
# (the run directory viewed from another machine). Generous: a busy GIL can delay a beat.
STALE_AFTER_S = 90.0
COMPLETE_MARKER = "COMPLETE"
# How the CLI table and the app color each state (Rich styles), defined once beside the states.
STATE_STYLE: dict[str, str] = {"running": "green", "pending": "cyan", "stopping": "yellow", "completed": "bold green",
                               "stopped": "yellow", "failed": "bold red", "crashed": "bold red"}
METRIC_KEYS: tuple[str, ...] = ("step", "epoch", "loss", "eval_loss", "lr", "grad_norm",
                                "tokens_per_s", "gpu_mem_gib", "elapsed_s")


@dataclass
class RunStatus:
    """The content of status.json."""

    state: str = "pending"
    pid: int | None = None
    host: str = ""
    # The pid's process start time, so a recycled pid is not taken for the worker.
    pid_started: float | None = None
    step: int = 0
    total_steps: int = 0
    epoch: float = 0.0
    heartbeat: float = 0.0
    started: float = 0.0
    updated: float = 0.0
    error: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunStatus:
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in d.items() if k in known})

    @property
    def live(self) -> bool:
        return self.state in LIVE_STATES


def default_runs_dir() -> Path:
    """`$MCP_TUI_RUNS`, else ./runs."""
    return Path(os.environ.get("MCP_TUI_RUNS") or "runs").expanduser()


def _process_alive(pid: int, started: float | None) -> bool:
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        return started is None or abs(proc.create_time() - started) < 1.0
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def process_start_time(pid: int) -> float | None:
    """The start time psutil reports for `pid` (None when it is gone)."""
    try:
        return psutil.Process(pid).create_time()
    except psutil.Error:
        return None


class Run:
    """One run directory. Cheap to construct; every read goes to disk."""

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self._status_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"Run({str(self.path)!r})"

    @property
    def id(self) -> str:
        return self.path.name

    config_path = property(lambda self: self.path / "config.toml")
    status_path = property(lambda self: self.path / "status.json")
    metrics_path = property(lambda self: self.path / "metrics.jsonl")
    events_path = property(lambda self: self.path / "events.log")
    worker_log = property(lambda self: self.path / "worker.log")
    checkpoints_dir = property(lambda self: self.path / "checkpoints")
    adapter_dir = property(lambda self: self.path / "adapter")
    eval_dir = property(lambda self: self.path / "eval")

    def results_dir(self, tasks_file: Path, base: Path | None = None) -> Path:
        """Where an evaluation on `tasks_file` writes: `base` (default eval/) for the
        run's own eval.tasks_file, `base/<file stem>/` for any other task set, so the
        results of several sets never mix."""
        from mcp_tui.config import resolve_path

        base = base or self.eval_dir
        own = resolve_path(self.config().eval.tasks_file)
        return base if Path(tasks_file).resolve() == own.resolve() else base / Path(tasks_file).stem
    tensorboard_dir = property(lambda self: self.path / "tensorboard")

    def exists(self) -> bool:
        return self.config_path.is_file()

    def config(self) -> RunConfig:
        """The run's resolved config."""
        return load_config(self.config_path)

    # --- status -------------------------------------------------------------------------

    def raw_status(self) -> RunStatus:
        """status.json as written, without the liveness judgement."""
        try:
            return RunStatus.from_dict(json.loads(self.status_path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            return RunStatus(state="pending")

    def status(self, now: float | None = None) -> RunStatus:
        """The status, with a live state turned into `crashed` when its worker is gone."""
        st = self.raw_status()
        if not st.live:
            return st
        now = time.time() if now is None else now
        gone = False
        if st.pid is not None and st.host == socket.gethostname():
            gone = not _process_alive(st.pid, st.pid_started)
        if st.heartbeat and now - st.heartbeat > STALE_AFTER_S:
            gone = True
        if gone:
            st.state = "crashed"
            if not st.error:
                st.error = "the worker stopped without a word (killed, or the machine went down)"
        return st

    def write_status(self, **changes: Any) -> RunStatus:
        """Update status.json atomically (write a temporary file, then os.replace)."""
        with self._status_lock:
            st = self.raw_status()
            for key, value in changes.items():
                if not hasattr(st, key):
                    raise KeyError(f"status.json has no key {key!r}")
                setattr(st, key, value)
            if st.state not in STATES:
                raise ValueError(f"unknown run state {st.state!r}")
            st.updated = time.time()
            tmp = self.status_path.with_name(f".status.{os.getpid()}.{threading.get_ident()}.tmp")
            with open(tmp, "w", encoding="utf-8") as fh:
                json.dump(st.to_dict(), fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.status_path)
            return st

    def beat(self) -> None:
        """Refresh the heartbeat."""
        self.write_status(heartbeat=time.time())

    # --- metrics and events ------------------------------------------------------------

    def append_metrics(self, record: dict[str, Any]) -> None:
        """Append one metrics line; flushed and fsynced so a crash loses at most this line."""
        line = json.dumps({k: record.get(k) for k in METRIC_KEYS} | {
            k: v for k, v in record.items() if k not in METRIC_KEYS})
        with open(self.metrics_path, "a", encoding="utf-8") as fh:
            fh.write(line + "\n")
            fh.flush()
            os.fsync(fh.fileno())

    def metrics(self) -> list[dict[str, Any]]:
        """Every metrics record; a torn line (a write cut short by a crash) is skipped."""
        try:
            text = self.metrics_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return []
        out = []
        for line in text.splitlines():
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict):
                out.append(record)
        return out

    def log_event(self, message: str) -> None:
        """Append a timestamped line to events.log."""
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        with open(self.events_path, "a", encoding="utf-8") as fh:
            fh.write(f"{stamp} {message}\n")
            fh.flush()

    def events_tail(self, n: int = 20) -> list[str]:
        """The last `n` lines of events.log."""
        try:
            lines = self.events_path.read_text(encoding="utf-8", errors="replace").splitlines()
        except FileNotFoundError:
            return []
        return lines[-n:] if n > 0 else []

    # --- checkpoints ----------------------------------------------------------------------

    def checkpoints(self) -> list[Path]:
        """Finished checkpoints (marked COMPLETE), oldest first."""
        if not self.checkpoints_dir.is_dir():
            return []
        found = []
        for p in self.checkpoints_dir.iterdir():
            m = re.fullmatch(r"checkpoint-(\d+)", p.name)
            if m and (p / COMPLETE_MARKER).is_file():
                found.append((int(m.group(1)), p))
        return [p for _, p in sorted(found)]

    def last_checkpoint(self) -> Path | None:
        """The newest finished checkpoint: the one a resume starts from."""
        done = self.checkpoints()
        return done[-1] if done else None

    def finished_checkpoint(self, step: str) -> Path:
        """A finished checkpoint by its step, or the newest for "latest" (export and
        evaluate one); a ValueError lists the finished steps to pick from."""
        done = self.checkpoints()
        if step == "latest":
            chosen = done[-1] if done else None
        else:
            chosen = next((p for p in done if p.name == f"checkpoint-{step}"), None)
        if chosen is None:
            steps = ", ".join(p.name.split("-")[-1] for p in done) or "none"
            raise ValueError(f"run {self.id} has no finished checkpoint {step!r} (finished: {steps})")
        return chosen


def mark_checkpoint_complete(path: Path) -> None:
    """fsync a checkpoint's files, then mark it COMPLETE: only marked ones are resumed from."""
    for f in sorted(path.rglob("*")):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    marker = path / COMPLETE_MARKER
    with open(marker, "w", encoding="utf-8") as fh:
        fh.write(f"{time.time()}\n")
        fh.flush()
        os.fsync(fh.fileno())


def new_run_id(cfg: RunConfig, runs_dir: Path, name: str | None = None) -> str:
    """A sortable, readable id: 20250101-120000-<name or model>."""
    label = name or Path(cfg.model.source).stem.split("/")[-1] or "run"
    label = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-").lower()[:40] or "run"
    base = f"{datetime.now().strftime('%Y%m%d-%H%M%S')}-{label}"
    run_id, n = base, 1
    while (runs_dir / run_id).exists():
        n += 1
        run_id = f"{base}-{n}"
    return run_id


def create_run(runs_dir: str | os.PathLike, cfg: RunConfig, name: str | None = None) -> Run:
    """A new run directory holding `cfg` (paths should already be resolved) and a pending status."""
    root = Path(runs_dir)
    root.mkdir(parents=True, exist_ok=True)
    run = Run(root / new_run_id(cfg, root, name))
    run.path.mkdir()
    save_config(cfg, run.config_path)
    now = time.time()
    run.write_status(state="pending", started=now, heartbeat=now)
    run.log_event(f"created run {run.id}")
    return run


def list_runs(runs_dir: str | os.PathLike | None = None) -> list[Run]:
    """Every run under `runs_dir`, newest first."""
    root = Path(runs_dir) if runs_dir is not None else default_runs_dir()
    if not root.is_dir():
        return []
    runs = [Run(p) for p in root.iterdir() if p.is_dir() and (p / "config.toml").is_file()]
    return sorted(runs, key=lambda r: (r.raw_status().started, r.id), reverse=True)


def find_run(ref: str, runs_dir: str | os.PathLike | None = None) -> Run:
    """A run by path, exact id, unique id prefix or `latest`; ValueError with a one-line
    reason otherwise."""
    root = Path(runs_dir) if runs_dir is not None else default_runs_dir()
    as_path = Path(ref).expanduser()
    if (as_path / "config.toml").is_file():
        return Run(as_path)
    runs = list_runs(root)
    if ref == "latest":
        if not runs:
            raise ValueError(f"no runs under {root}")
        return runs[0]
    exact = [r for r in runs if r.id == ref]
    matches = exact or [r for r in runs if r.id.startswith(ref)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise ValueError(f"no run '{ref}' under {root}; `mcp-tui runs` lists them")
    raise ValueError(f"'{ref}' matches {len(matches)} runs under {root}: {', '.join(r.id for r in matches[:5])}")


def eta_seconds(rows: list[dict[str, Any]], step: int, total: int, window: int = 20) -> float | None:
    """Seconds left, from the pace of the last `window` logged steps (None until known)."""
    timed = [r for r in rows if r.get("loss") is not None and r.get("elapsed_s") is not None][-window:]
    if len(timed) < 2 or not total:
        return None
    steps = timed[-1]["step"] - timed[0]["step"]
    seconds = timed[-1]["elapsed_s"] - timed[0]["elapsed_s"]
    if steps <= 0 or seconds <= 0:
        return None
    return max(total - step, 0) * seconds / steps
