"""A run's evaluation folder, defined once: the evaluator writes it, the CLI, the app and
the exporter read it, and nothing else opens these files.

eval/  (or eval/checkpoint-N/ for a checkpoint's adapter)
  base.jsonl, tuned.jsonl   one scored task per line, appended and fsynced as they come
  agentic/<model>.jsonl     one finished agentic run per line (eval --agentic), the same way
  progress.json             state (running, done, failed), model, done/total, tasks, pace, pid
  settings.json             how answers were generated (a resume must use the same)
  summary.json, report.md   written once both models answered every task
  .lock                     held (flock) by the one evaluator writing here
The app's detached evaluator logs to the run's eval.log.

Readers never repair: the evaluator may be appending while they read, so a torn last line
is skipped (and read whole on the next poll). Any other damage is a `FileError` naming the
file and line, shown as `unreadable: eval/<file>: <why>`; `mcp-tui eval RUN --fresh`
starts the folder over.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import psutil

from mcp_tui.fileio import (FileError, FolderLock, append_line, read_json, read_jsonl, read_text_tail, truncate,
                            write_atomic)
from mcp_tui.printable import printable, printable_value

MODELS: tuple[str, ...] = ("base", "tuned")
AGENTIC_DIR = "agentic"
PROGRESS_STATES: tuple[str, ...] = ("running", "done", "failed")
FRESH_FIX = "`mcp-tui eval RUN --fresh` starts the evaluation over"
LOG_TAIL_BYTES = 16 * 2**10
Record = dict[str, Any]


def _kind(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null",
            int: "an integer", float: "a number"}.get(type(value), type(value).__name__)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _want(record: dict[str, Any], key: str, ok: Any, what: str, required: bool = False) -> None:
    if key not in record or record[key] is None:
        if required:
            raise ValueError(f"has no '{key}'")
        return
    if not ok(record[key]):
        raise ValueError(f"'{key}' should be {what}, got {_kind(record[key])}")


def _check(value: Any) -> bool:
    return isinstance(value, dict) and isinstance(value.get("name"), str) and isinstance(value.get("ok"), bool)


def check_result(record: Any) -> Record:
    """One scored task as the summary and the app use it; ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"should be a JSON object, got {_kind(record)}")
    _want(record, "id", lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "a string", required=True)
    _want(record, "passed", lambda v: isinstance(v, bool), "true or false", required=True)
    _want(record, "finished", lambda v: isinstance(v, bool), "true or false", required=True)
    _want(record, "checks", lambda v: isinstance(v, list) and all(map(_check, v)),
          "a list of {name, ok} objects", required=True)
    _want(record, "new_tokens", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
          "a whole number", required=True)
    for key in ("latency_s", "wall_share_s"):
        _want(record, key, _number, "a number", required=True)
    for key in ("tokens_per_s", "relevance"):
        _want(record, key, _number, "a number or null")
    for key in ("category", "answer", "text"):
        _want(record, key, lambda v: isinstance(v, str), "a string")
    _want(record, "execution", lambda v: isinstance(v, dict) and isinstance(v.get("ok"), bool), "an {ok} object")
    return record


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_agentic_result(record: Any) -> Record:
    """One finished agentic run as its summary and the app use it; ValueError saying what is wrong."""
    if not isinstance(record, dict):
        raise ValueError(f"should be a JSON object, got {_kind(record)}")
    _want(record, "id", lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "a string", required=True)
    for key in ("passed", "finished"):
        _want(record, key, lambda v: isinstance(v, bool), "true or false", required=True)
    _want(record, "checks", lambda v: isinstance(v, list) and all(map(_check, v)),
          "a list of {name, ok} objects", required=True)
    for key in ("steps", "calls", "errored_calls", "new_tokens"):
        _want(record, key, _count, "a whole number", required=True)
    _want(record, "latency_s", _number, "a number", required=True)
    for key in ("end", "family", "category", "answer"):
        _want(record, key, lambda v: isinstance(v, str), "a string")
    return record


def check_progress(data: Any) -> dict[str, Any]:
    """progress.json as the app reads it; ValueError saying what is wrong."""
    if not isinstance(data, dict):
        raise ValueError(f"should be a JSON object, got {_kind(data)}")
    if data.get("state") not in PROGRESS_STATES:
        raise ValueError(f"'state' should be one of {', '.join(PROGRESS_STATES)}")
    for key in ("done", "total", "tasks"):
        _want(data, key, lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 <= v < 2**62,
              "a whole number")
    _want(data, "pid", lambda v: isinstance(v, int) and not isinstance(v, bool) and 0 < v < 2**31, "a process id")
    for key in ("tasks_per_s", "eta_s", "updated"):
        _want(data, key, lambda v: _number(v) and math.isfinite(v), "a finite number")
    for key in ("model", "error"):
        _want(data, key, lambda v: isinstance(v, str), "a string")
    return data


def _rate_block(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    numbers = all(value.get(k) is None or _number(value[k]) for k in ("base", "tuned", "delta", "p_value"))
    ci = value.get("ci95")
    ci_ok = ci is None or (isinstance(ci, list) and len(ci) == 2 and all(map(_number, ci)))
    n = value.get("n", 0)
    return numbers and ci_ok and isinstance(n, int) and not isinstance(n, bool)


def check_summary(data: Any) -> dict[str, Any]:
    """summary.json as the tables read it (overall, agentic and per-category rates)."""
    if not isinstance(data, dict):
        raise ValueError(f"should be a JSON object, got {_kind(data)}")
    _want(data, "overall", _rate_block, "an object of rates (n, base, tuned, delta, ci95, p_value)")
    _want(data, "agentic", _rate_block, "an object of rates (n, base, tuned, delta, ci95, p_value)")
    categories = data.get("categories", {})
    if not isinstance(categories, dict) or not all(map(_rate_block, categories.values())):
        raise ValueError("'categories' should map each category to an object of rates")
    return data


class EvalFolder:
    """One evaluation folder. Cheap to construct; every read goes to disk."""

    def __init__(self, path: str | Path, log_path: str | Path | None = None) -> None:
        self.path = Path(path)
        self.log_path = Path(log_path) if log_path is not None else self.path / "eval.log"

    @classmethod
    def of_run(cls, run: Any) -> EvalFolder:
        """The folder of a run's final adapter, with the log the app's evaluator writes."""
        return cls(run.eval_dir, run.path / "eval.log")

    def results_path(self, model: str) -> Path:
        return self.path / f"{model}.jsonl"

    def agentic_results_path(self, model: str) -> Path:
        return self.path / AGENTIC_DIR / f"{model}.jsonl"

    progress_path = property(lambda self: self.path / "progress.json")
    settings_path = property(lambda self: self.path / "settings.json")
    summary_path = property(lambda self: self.path / "summary.json")
    report_path = property(lambda self: self.path / "report.md")
    lock_path = property(lambda self: self.path / ".lock")

    # --- results -------------------------------------------------------------------------

    def results(self, model: str) -> dict[str, Record]:
        """The scored tasks of `model` by id, printable. A torn last line is skipped;
        FileError naming the line for any other damage."""
        return self._records(self.results_path(model), check_result)

    def agentic_results(self, model: str) -> dict[str, Record]:
        """The finished agentic runs of `model` by id, read like `results`."""
        return self._records(self.agentic_results_path(model), check_agentic_result)

    def _records(self, path: Path, check: Any) -> dict[str, Record]:
        try:
            lines = read_jsonl(path)
        except FileError as exc:
            raise exc.with_fix(FRESH_FIX) from None
        out: dict[str, Record] = {}
        for number, value in lines.values:
            try:
                record = printable_value(check(value))
            except ValueError as exc:
                raise FileError(path, f"line {number}: {exc}", f"delete line {number}, or {FRESH_FIX}") from None
            except RecursionError:
                raise FileError(path, f"line {number}: nested too deeply", FRESH_FIX) from None
            out[str(record["id"])] = record
        return out

    def drop_torn_tails(self) -> None:
        """Cut a torn last line (an evaluator killed mid-write) off each results file, so
        appending goes on from a clean line. Only the evaluator, holding the lock, does this."""
        for path in [*map(self.results_path, MODELS), *map(self.agentic_results_path, MODELS)]:
            lines = read_jsonl(path)
            if lines.torn_tail:
                truncate(path, lines.good_bytes)

    def append_results(self, model: str, records: list[Record]) -> None:
        """Append scored tasks, each fsynced: an interrupted evaluation resumes after them."""
        for record in records:
            append_line(self.results_path(model), json.dumps(record, ensure_ascii=False))

    def append_agentic_result(self, model: str, record: Record) -> None:
        """Append one finished agentic run, fsynced."""
        path = self.agentic_results_path(model)
        path.parent.mkdir(parents=True, exist_ok=True)
        append_line(path, json.dumps(record, ensure_ascii=False))

    # --- progress, settings, summary, report ---------------------------------------------------

    def _read(self, path: Path, check: Any) -> Any:
        try:
            data = read_json(path)
            return None if data is None else printable_value(check(data))
        except FileError as exc:
            raise exc.with_fix(FRESH_FIX) from None
        except ValueError as exc:
            raise FileError(path, str(exc), FRESH_FIX) from None

    def progress(self) -> dict[str, Any] | None:
        """progress.json (None before the first batch)."""
        return self._read(self.progress_path, check_progress)

    def write_progress(self, progress: dict[str, Any]) -> None:
        """Replace progress.json; on a full disk it is overwritten in place, so `failed`
        still reaches the app."""
        write_atomic(self.progress_path, json.dumps(progress), in_place_when_full=True)

    def settings(self) -> dict[str, Any] | None:
        """settings.json: how the results here were generated."""
        return self._read(self.settings_path, lambda d: d if isinstance(d, dict) else _not_object(d))

    def write_settings(self, settings: dict[str, Any]) -> None:
        write_atomic(self.settings_path, json.dumps(settings))

    def summary(self) -> dict[str, Any] | None:
        """summary.json (None until both models answered every task)."""
        return self._read(self.summary_path, check_summary)

    def write_summary(self, summary: dict[str, Any], report: str) -> None:
        """summary.json, then report.md (the readable version)."""
        write_atomic(self.summary_path, json.dumps(summary, indent=2))
        write_atomic(self.report_path, report)

    def report(self) -> str:
        """report.md, printable."""
        try:
            return printable(self.report_path.read_text(encoding="utf-8", errors="replace"))
        except OSError as exc:
            raise FileError(self.report_path, f"cannot be read ({exc.strerror or exc})", FRESH_FIX) from None

    def clear(self) -> None:
        """Forget every result here (`--fresh`); the log stays."""
        for path in [*map(self.results_path, MODELS), *map(self.agentic_results_path, MODELS), self.summary_path,
                     self.report_path, self.progress_path, self.settings_path]:
            path.unlink(missing_ok=True)

    # --- the evaluator: lock, liveness, log ------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Held by the one evaluator writing here: two would interleave their results."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock = FolderLock(self.lock_path)
        if not lock.acquire():
            raise ValueError(f"another evaluation is writing to {self.path}; wait for it to finish")
        try:
            yield
        finally:
            lock.release()

    @staticmethod
    def evaluator_alive(progress: dict[str, Any] | None) -> bool | None:
        """Whether the evaluator named in a `running` progress still runs here (None: no
        running evaluation, or no pid to check)."""
        if not progress or progress.get("state") != "running":
            return None
        pid = progress.get("pid")
        if not (isinstance(pid, int) and pid > 0):
            return None
        try:  # an exited evaluator its parent has not reaped yet is a zombie: not running
            return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
        except psutil.Error:
            return False

    def open_log(self) -> Any:
        """The evaluator's log opened for appending (its stdout and stderr)."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        return open(self.log_path, "ab")

    def log_tail(self) -> str:
        """The log's last non-empty line, printable."""
        lines = [ln for ln in read_text_tail(self.log_path, LOG_TAIL_BYTES).splitlines() if ln.strip()]
        return printable(lines[-1].strip()) if lines else ""


def _not_object(data: Any) -> dict[str, Any]:
    raise ValueError(f"should be a JSON object, got {_kind(data)}")
