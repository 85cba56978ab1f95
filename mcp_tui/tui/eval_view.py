"""A run's eval/ folder read for the evaluation panel: progress, summary, per-task results.

Everything is read through `EvalFolder`, which skips a torn last line (the evaluator may
be appending while this reads) and turns any other damage into a `FileError`: the panel
then says `unreadable: eval/<file>: <why>` instead of the app failing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.data.conversation import Conversation
from mcp_tui.eval.folder import MODELS, EvalFolder
from mcp_tui.fileio import FileError

Record = dict[str, Any]


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
    # `unreadable: eval/<file>: <why>` when a file of the folder is damaged.
    problem: str = ""

    @property
    def size(self) -> int | None:
        """How many tasks of the file this evaluation takes (the first N, `--limit`);
        None before one starts. Older progress files say it only in a single-turn total."""
        p = self.progress or {}
        if "tasks" in p:
            return p["tasks"]
        return p.get("total") if "agentic" not in str(p.get("model", "")) else None

    def own_ids(self) -> list[str]:
        """The ids of this evaluation's tasks (all of the file before one starts)."""
        return list(self.tasks)[: self.size] if self.size else list(self.tasks)

    def answered(self, model: str) -> int:
        """How many of this evaluation's single-turn tasks `model` has answered."""
        return sum(task_id in self.records[model] for task_id in self.own_ids())

    def rows(self) -> list[TaskRow]:
        """This evaluation's tasks, in task-file order, then any answered task the file no
        longer has: a 10-task evaluation of a 400-task set lists 10."""
        own = self.own_ids()
        ids = own + [i for m in MODELS for i in self.records[m] if i not in own]
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


def read_eval(eval_dir: Path, tasks: dict[str, Conversation], tasks_error: str = "") -> EvalResults:
    """The eval folder now; `tasks` (loaded once by the caller) gives order and prompts.
    A damaged file leaves its part empty and names itself in `problem`."""
    folder = EvalFolder(eval_dir)
    problem = ""

    def read(what: Any, default: Any) -> Any:
        nonlocal problem
        try:
            return what()
        except FileError as exc:
            problem = problem or f"unreadable: {exc.path.parent.name}/{exc.path.name}: {exc.why}"
            return default

    progress = read(folder.progress, None)
    return EvalResults(
        progress=progress,
        evaluator_alive=folder.evaluator_alive(progress),
        summary=read(folder.summary, None),
        # Agentic tasks (eval/agentic/) list after the single-turn ones; their ids differ.
        records={m: read(lambda m=m: folder.results(m), {}) | read(lambda m=m: folder.agentic_results(m), {})
                 for m in MODELS},
        tasks=tasks,
        tasks_error=tasks_error,
        problem=problem,
    )
