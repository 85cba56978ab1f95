"""A run's eval/ folder read for the evaluation panel: progress, summary, per-task results.

The evaluator may be appending to base.jsonl/tuned.jsonl while this reads them, so the
reader never repairs a torn last line (the evaluator's own `read_results` does, by
rewriting the file): it skips it and reads it complete on the next poll.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from mcp_tui.data.conversation import Conversation
from mcp_tui.eval.agentic import agentic_results_path
from mcp_tui.eval.runner import MODELS

Record = dict[str, Any]


def read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object file, or None when missing, half-written or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def read_records(path: Path) -> dict[str, Record]:
    """Scored tasks by id; lines that do not parse (a write in progress) are skipped."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return {}
    out: dict[str, Record] = {}
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict) and "id" in record:
            out[str(record["id"])] = record
    return out


@dataclass(frozen=True)
class TaskRow:
    """One task as the list shows it: each model's verdict, None when not answered yet."""

    id: str
    category: str
    base: bool | None
    tuned: bool | None

    @property
    def disagree(self) -> bool:
        return self.base is not None and self.tuned is not None and self.base != self.tuned

    @property
    def regression(self) -> bool:
        return self.base is True and self.tuned is False


@dataclass(frozen=True)
class EvalResults:
    """Everything the panel draws for one run's evaluation."""

    progress: dict[str, Any] | None
    summary: dict[str, Any] | None
    records: dict[str, dict[str, Record]]
    tasks: dict[str, Conversation] = field(default_factory=dict)
    tasks_error: str = ""
    # Whether the process named in progress.json is alive (None: no pid to check).
    evaluator_alive: bool | None = None

    def rows(self) -> list[TaskRow]:
        """Every task, in task-file order, then any answered task the file no longer has."""
        ids = list(self.tasks) + [i for m in MODELS for i in self.records[m] if i not in self.tasks]
        rows = []
        for task_id in dict.fromkeys(ids):
            base, tuned = self.records["base"].get(task_id), self.records["tuned"].get(task_id)
            task = self.tasks.get(task_id)
            category = (task.category if task else None) or (base or tuned or {}).get("category") or "?"
            rows.append(TaskRow(task_id, category, base and base.get("passed"), tuned and tuned.get("passed")))
        return rows


def filter_rows(rows: list[TaskRow], category: str | None, disagreements: bool, regressions: bool) -> list[TaskRow]:
    """The task list's filters: one category (None = all), only disagreements, only regressions."""
    return [
        r for r in rows
        if (category is None or r.category == category)
        and (not disagreements or r.disagree)
        and (not regressions or r.regression)
    ]


def pid_alive(pid: object) -> bool | None:
    """Whether the evaluator process `pid` (from progress.json) still runs here."""
    return psutil.pid_exists(pid) if isinstance(pid, int) and pid > 0 else None


def read_eval(eval_dir: Path, tasks: dict[str, Conversation], tasks_error: str = "") -> EvalResults:
    """The eval folder now; `tasks` (loaded once by the caller) gives order and prompts."""
    progress = read_json(eval_dir / "progress.json")
    return EvalResults(
        progress=progress,
        evaluator_alive=pid_alive((progress or {}).get("pid")) if (progress or {}).get("state") == "running" else None,
        summary=read_json(eval_dir / "summary.json"),
        # Agentic tasks (eval/agentic/) list after the single-turn ones; their ids differ.
        records={m: read_records(eval_dir / f"{m}.jsonl") | read_records(agentic_results_path(eval_dir, m))
                 for m in MODELS},
        tasks=tasks,
        tasks_error=tasks_error,
    )
