"""The run directory, defined once: every reader (CLI, TUI, evaluator, exporter) and the
one writer (the training worker) go through `Run`; nothing else opens these files.

runs/<id>/
  config.toml        the fully resolved RunConfig
  status.json        state, pid, step, heartbeat...; replaced atomically, never edited in place
  metrics.jsonl      one object per logged step; append-only, fsynced per line
  events.log         human-readable timeline
  worker.log         stdout/stderr of the detached worker
  .worker.lock       held (flock) by the one worker training the run
  checkpoints/checkpoint-N/   Trainer checkpoints; `COMPLETE` marks a finished one
  adapter/           the final LoRA adapter
  eval/              evaluation results (owned by mcp_tui.eval.folder.EvalFolder)
  tensorboard/       TensorBoard event files when enabled

A worker that dies without saying so (kill -9, power loss) cannot update its status, so
readers judge liveness themselves: a dead pid or a stale heartbeat reads as `crashed`.
Any damage to these files (empty, binary, truncated, wrong types) is a `FileError` naming
the file and the fix, never a traceback: the CLI and the app show that run as
`unreadable: <file>: <why>` and every other run as usual.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from mcp_tui.config import RunConfig, load_config, save_config
from mcp_tui.fileio import (FileError, FolderLock, append_line, lock_holder, read_json, read_jsonl, read_text_tail,
                            write_atomic)
from mcp_tui.printable import printable, quoted

STATES: tuple[str, ...] = ("pending", "running", "stopping", "completed", "stopped", "failed", "crashed")
LIVE_STATES: tuple[str, ...] = ("pending", "running", "stopping")
# Shown, never written: a run whose files cannot be read.
UNREADABLE = "unreadable"
HEARTBEAT_INTERVAL_S = 5.0
# A heartbeat older than this means the worker is gone even when its pid cannot be checked
# (the run directory viewed from another machine). Generous: a busy GIL can delay a beat.
STALE_AFTER_S = 90.0
COMPLETE_MARKER = "COMPLETE"
CHECKPOINT_NAME = re.compile(r"checkpoint-(\d{1,18})")
# How the CLI table and the app color each state (Rich styles), defined once beside the states.
STATE_STYLE: dict[str, str] = {"running": "green", "pending": "cyan", "stopping": "yellow", "completed": "bold green",
                               "stopped": "yellow", "failed": "bold red", "crashed": "bold red",
                               UNREADABLE: "bold red"}
METRIC_KEYS: tuple[str, ...] = ("step", "epoch", "loss", "eval_loss", "lr", "grad_norm",
                                "tokens_per_s", "gpu_mem_gib", "elapsed_s")
# Lists, in rank order, that a run on several GPUs adds to each logged step (tokens_per_s is
# then their sum, gpu_mem_gib their largest).
RANK_METRIC_KEYS: tuple[str, ...] = ("rank_tokens_per_s", "rank_gpu_mem_gib")
# Larger than any real value, small enough for every consumer's arithmetic.
MAX_COUNT = 2**62
EVENTS_TAIL_BYTES = 256 * 2**10
WORKER_LOG_TAIL_BYTES = 16 * 2**10
# How long a new worker waits for the lock of a worker that has just died.
LOCK_RELEASE_WAIT_S = 10.0
RUN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


def run_name_problem(name: str) -> str:
    """Why `name` cannot label a run (its id and a saved TOML are named after it), or ""."""
    if RUN_NAME.fullmatch(name):
        return ""
    return (f"run name {quoted(name)}: use up to 40 letters, digits, '.', '_' or '-', starting with a letter "
            "or digit (no spaces or '/')")


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
    # The GPUs training the run, by NVML index, rank 0's first (empty on CPU).
    gpus: list[int] = field(default_factory=list)
    # Inside the step being trained (a sign of life between logged steps): when it began (0:
    # none in progress), micro-batches done of how many, tokens so far and when the last
    # micro-batch ended, and whether it is this worker's first (it includes warm-up).
    step_started: float = 0.0
    step_micro: int = 0
    step_micros: int = 0
    step_tokens: int = 0
    step_updated: float = 0.0
    step_first: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> RunStatus:
        """The status in `d`; ValueError naming the first key whose value has the wrong
        type (unknown keys are ignored, missing ones take their defaults)."""
        known = {f.name: f for f in fields(cls)}
        values = {}
        for key, value in d.items():
            if key in known:
                values[key] = _STATUS_CHECKS[key](key, value)
        return cls(**values)

    @property
    def live(self) -> bool:
        return self.state in LIVE_STATES


def _kind(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _count(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < MAX_COUNT:
        raise ValueError(f"'{key}' should be a whole number from 0, got {_kind(value)}")
    return value


def _time(key: str, value: Any) -> float:
    if not _is_number(value) or not math.isfinite(value):
        raise ValueError(f"'{key}' should be a finite number, got {_kind(value)}")
    return float(value)


def _optional(check: Callable[[str, Any], Any]) -> Callable[[str, Any], Any]:
    return lambda key, value: None if value is None else check(key, value)


def _pid(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**31:
        raise ValueError(f"'{key}' should be a process id, got {_kind(value)}")
    return value


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"'{key}' should be a string, got {_kind(value)}")
    return printable(value)


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"'{key}' should be true or false, got {_kind(value)}")
    return value


def _state(key: str, value: Any) -> str:
    if value not in STATES:
        raise ValueError(f"'{key}' should be one of {', '.join(STATES)}, got {quoted(str(value))}")
    return value


def _indices(key: str, value: Any) -> list[int]:
    if not isinstance(value, list) or len(value) > 1024:
        raise ValueError(f"'{key}' should be an array of GPU indices, got {_kind(value)}")
    return [_count(key, item) for item in value]


_STATUS_CHECKS: dict[str, Callable[[str, Any], Any]] = {
    "state": _state, "pid": _optional(_pid), "host": _text, "pid_started": _optional(_time), "step": _count,
    "total_steps": _count, "epoch": _time, "heartbeat": _time, "started": _time, "updated": _time, "error": _text,
    "gpus": _indices,
    "step_started": _time, "step_micro": _count, "step_micros": _count, "step_tokens": _count,
    "step_updated": _time, "step_first": _flag,
}


def check_metrics_record(value: Any) -> dict[str, Any]:
    """One metrics.jsonl record, checked: an object whose `step` is a whole number and
    whose known keys hold numbers or null. ValueError saying what is wrong otherwise."""
    if not isinstance(value, dict):
        raise ValueError(f"should be a JSON object, got {_kind(value)}")
    if "step" not in value:
        raise ValueError("has no 'step'")
    _count("step", value["step"])
    for key in METRIC_KEYS[1:]:
        item = value.get(key)
        if item is not None and not _is_number(item):
            raise ValueError(f"'{key}' should be a number or null, got {_kind(item)}")
    for key in RANK_METRIC_KEYS:
        item = value.get(key)
        if item is not None and not (isinstance(item, list) and all(_is_number(x) for x in item)):
            raise ValueError(f"'{key}' should be an array of numbers (one per rank) or null, got {_kind(item)}")
    return value


@dataclass(frozen=True)
class RankReading:
    """One rank of a run on several GPUs, as its newest logged step shows it."""

    rank: int
    gpu: int | None  # NVML index (the panels' numbering); None on CPU
    tokens_per_s: float | None
    gpu_mem_gib: float | None


def rank_readings(status: RunStatus, metrics: list[dict[str, Any]]) -> list[RankReading]:
    """Every rank's throughput and peak memory from the newest step that logged them, and
    its GPU from status.json; [] for a run of one process."""
    latest = next((r for r in reversed(metrics) if r.get("rank_tokens_per_s")), None)
    if latest is None:
        return []
    speeds, mems = latest["rank_tokens_per_s"], latest.get("rank_gpu_mem_gib") or []
    return [RankReading(rank, status.gpus[rank] if rank < len(status.gpus) else None, float(speed),
                        float(mems[rank]) if rank < len(mems) else None)
            for rank, speed in enumerate(speeds)]


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


class RunBusyError(ValueError):
    """Another worker holds the run: two workers on one run would overwrite each other."""


class Run:
    """One run directory. Cheap to construct; every read goes to disk."""

    # Whether this process writes the run (FollowerRun: a rank other than 0 does not).
    writer = True

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
    lock_path = property(lambda self: self.path / ".worker.lock")
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
        """The run's resolved config (ConfigError naming the file when it is damaged)."""
        return load_config(self.config_path)

    def config_text(self) -> str:
        """config.toml as written (the model card quotes it)."""
        return self.config_path.read_text(encoding="utf-8", errors="replace")

    def unreadable(self, exc: FileError) -> str:
        """How a damaged file of this run is shown: `unreadable: <file>: <why>`."""
        try:
            name = exc.path.relative_to(self.path).as_posix()
        except ValueError:
            name = exc.path.name
        return f"{UNREADABLE}: {name}: {exc.why}"

    # --- status -------------------------------------------------------------------------

    def raw_status(self) -> RunStatus:
        """status.json as written, without the liveness judgement. FileError when damaged."""
        fix = f"`mcp-tui train --resume {self.id}` rewrites it"
        try:
            data = read_json(self.status_path)
        except FileError as exc:
            raise exc.with_fix(fix) from None
        if data is None:
            return RunStatus(state="pending")
        if not isinstance(data, dict):
            raise FileError(self.status_path, f"should be a JSON object, got {_kind(data)}", fix)
        try:
            return RunStatus.from_dict(data)
        except ValueError as exc:
            raise FileError(self.status_path, str(exc), fix) from None

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

    def started(self) -> float:
        """When the run was created (0 when status.json cannot tell): the order of the list."""
        try:
            return self.raw_status().started
        except FileError:
            return 0.0

    def write_status(self, **changes: Any) -> RunStatus:
        """Update status.json atomically. A damaged file is replaced whole (this is its
        writer); on a full disk it is overwritten in place, so `failed` still gets written."""
        with self._status_lock:
            try:
                st = self.raw_status()
            except FileError:
                st = RunStatus()
            for key, value in changes.items():
                if not hasattr(st, key):
                    raise KeyError(f"status.json has no key {key!r}")
                setattr(st, key, value)
            if st.state not in STATES:
                raise ValueError(f"unknown run state {st.state!r}")
            st.updated = time.time()
            write_atomic(self.status_path, json.dumps(st.to_dict()), in_place_when_full=True)
            return st

    def beat(self) -> None:
        """Refresh the heartbeat."""
        self.write_status(heartbeat=time.time())

    # --- the worker's lock ---------------------------------------------------------------

    @contextmanager
    def worker_lock(self) -> Iterator[None]:
        """Held by the one worker training this run (an OS lock: a killed worker frees it).
        RunBusyError, naming the holder, when another worker has it."""
        lock = FolderLock(self.lock_path)
        if not lock.acquire(wait_s=LOCK_RELEASE_WAIT_S):
            raise RunBusyError(self.busy_message(lock_holder(self.lock_path)))
        try:
            yield
        finally:
            lock.release()

    def worker_pid(self, wait_s: float = 0.0) -> int | None:
        """The pid of the worker holding this run (0: held, pid unknown), None when no
        worker holds it. `wait_s` gives a worker that was just killed time to let go: its
        threads release the lock a moment after its pid is already gone."""
        deadline = time.monotonic() + wait_s
        while (pid := lock_holder(self.lock_path)) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        return pid

    def busy_message(self, pid: int | None) -> str:
        who = f"worker pid {pid}" if pid else "another worker"
        return f"run {self.id} is already being trained by {who}; stop it first (`mcp-tui stop {self.id}`)"

    # --- metrics and events ------------------------------------------------------------

    def append_metrics(self, record: dict[str, Any]) -> None:
        """Append one metrics line; fsynced, so a crash loses at most this line."""
        line = json.dumps({k: record.get(k) for k in METRIC_KEYS} | {
            k: v for k, v in record.items() if k not in METRIC_KEYS})
        append_line(self.metrics_path, line)

    def metrics(self) -> list[dict[str, Any]]:
        """Every metrics record; a torn last line (a write cut short by a crash) is skipped.
        FileError naming the line when a complete line is damaged or has wrong types."""
        lines = self._metrics_lines()
        out = []
        for number, value in lines.values:
            try:
                out.append(check_metrics_record(value))
            except ValueError as exc:
                raise FileError(self.metrics_path, f"line {number}: {exc}",
                                f"delete or repair line {number} (the worker writes one object per step)") from None
        return out

    def _metrics_lines(self) -> Any:
        try:
            return read_jsonl(self.metrics_path)
        except FileError as exc:
            raise exc.with_fix("delete or repair that line") from None

    def rewind_metrics(self, step: int) -> None:
        """Keep only the records up to `step` (a resume redoes the steps after its
        checkpoint, which must not show twice); drops a torn last line too."""
        kept = [r for r in self.metrics() if r["step"] <= step]
        write_atomic(self.metrics_path, "".join(json.dumps(r) + "\n" for r in kept))

    def elapsed_s(self) -> float:
        """Training time logged so far (a resume counts on from it)."""
        rows = self.metrics()
        value = rows[-1].get("elapsed_s") if rows else None
        return float(value) if value is not None and math.isfinite(value) else 0.0

    def log_event(self, message: str) -> None:
        """Append a timestamped line to events.log."""
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        append_line(self.events_path, f"{stamp} {message}", fsync=False)

    def events_tail(self, n: int = 20) -> list[str]:
        """The last `n` lines of events.log, printable (read from its end only)."""
        if n <= 0:
            return []
        lines = read_text_tail(self.events_path, EVENTS_TAIL_BYTES).splitlines()
        return [printable(line) for line in lines[-n:]]

    # --- the worker's log ----------------------------------------------------------------

    def open_worker_log(self) -> Any:
        """worker.log opened for appending: the detached worker's stdout and stderr."""
        return open(self.worker_log, "ab")

    def worker_log_tail(self) -> str:
        """The last non-empty line of worker.log, printable ("" when there is none)."""
        lines = [ln for ln in read_text_tail(self.worker_log, WORKER_LOG_TAIL_BYTES).splitlines() if ln.strip()]
        return printable(lines[-1].strip()) if lines else ""

    # --- checkpoints and the adapter -------------------------------------------------------

    @staticmethod
    def checkpoint_step(folder: Path) -> int | None:
        """The step a checkpoint folder holds, from its name (None for other folders)."""
        m = CHECKPOINT_NAME.fullmatch(folder.name)
        return int(m.group(1)) if m else None

    def checkpoint_folder(self, step: int) -> Path:
        """Where the Trainer saves the checkpoint of `step`."""
        return self.checkpoints_dir / f"checkpoint-{step}"

    def checkpoints(self) -> list[Path]:
        """Finished checkpoints (marked COMPLETE), oldest first."""
        if not self.checkpoints_dir.is_dir():
            return []
        found = []
        for p in self.checkpoints_dir.iterdir():
            step = self.checkpoint_step(p)
            if step is not None and (p / COMPLETE_MARKER).is_file():
                found.append((step, p))
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
            wanted = int(step) if step.isdigit() and len(step) < 19 else None
            chosen = next((p for p in done if self.checkpoint_step(p) == wanted), None)
        if chosen is None:
            steps = ", ".join(str(self.checkpoint_step(p)) for p in done) or "none"
            raise ValueError(f"run {self.id} has no finished checkpoint {quoted(step)} (finished: {steps})")
        return chosen

    def prepare_resume(self) -> Path | None:
        """The checkpoint a resume starts from. Unfinished checkpoint folders (a crash or a
        full disk mid-save) are removed, and metrics.jsonl is rewound to the checkpoint's step."""
        checkpoint = self.last_checkpoint()
        complete = set(self.checkpoints())
        if self.checkpoints_dir.is_dir():
            for folder in self.checkpoints_dir.iterdir():
                if folder.is_dir() and folder not in complete:
                    shutil.rmtree(folder, ignore_errors=True)
        step = self.checkpoint_step(checkpoint) if checkpoint else None
        self.rewind_metrics(step or 0)
        return checkpoint

    def save_adapter(self, write: Callable[[Path], None]) -> None:
        """Write the final adapter through `write(folder)` into a temporary folder, then swap
        it in, so adapter/ is always a whole adapter or absent."""
        tmp = self.path / ".adapter.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        try:
            write(tmp)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
        shutil.rmtree(self.adapter_dir, ignore_errors=True)
        os.replace(tmp, self.adapter_dir)


class FollowerRun(Run):
    """The run as a rank other than 0 of a multi-GPU run sees it: read like any reader,
    never written. Rank 0 alone writes status, metrics, events and the adapter and holds the
    lock, so each write here does nothing and the worker's code is the same on every rank.
    (Each rank still writes its own RNG state into a checkpoint: the Trainer's format.)"""

    writer = False

    def write_status(self, **changes: Any) -> RunStatus:
        return RunStatus(**changes)

    @contextmanager
    def worker_lock(self) -> Iterator[None]:
        yield

    def append_metrics(self, record: dict[str, Any]) -> None:
        pass

    def rewind_metrics(self, step: int) -> None:
        pass

    def log_event(self, message: str) -> None:
        pass

    def prepare_resume(self) -> Path | None:
        # Rank 0 removes unfinished checkpoints; the finished ones it keeps are these.
        return self.last_checkpoint()

    def save_adapter(self, write: Callable[[Path], None]) -> None:
        pass


def mark_checkpoint_complete(path: Path) -> None:
    """fsync a checkpoint's files, then mark it COMPLETE: only marked ones are resumed from."""
    for f in sorted(path.rglob("*")):
        if f.is_file():
            with open(f, "rb") as fh:
                os.fsync(fh.fileno())
    write_atomic(path / COMPLETE_MARKER, f"{time.time()}\n")


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
    return sorted(runs, key=lambda r: (r.started(), r.id), reverse=True)


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
    if steps <= 0 or not 0 < seconds < math.inf:
        return None
    return max(total - step, 0) * seconds / steps
