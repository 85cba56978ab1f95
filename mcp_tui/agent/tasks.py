"""Agentic tasks: a job for an agent on the sandbox servers, its seed and its checks.

A task is a canonical conversation (so `data check` and every reader take the file) with
category `agentic`, the user's request as its one message, the tools offered, and in its
metadata:

    workspace   the sandbox's seed: files and knowledge graph (agent/workspace.py)
    checks      what must hold after the run (agent/checks.py)
    max_steps   the step budget
    family      the kind of job (fix_value, gather_memory, reorganize, recover)
    solution    optional: one known way to do it, step by step ({"text", "calls"}); the
                training trajectories are this solution executed against the sandbox

A broken file fails on reading with the file, the task and the field named, before any
model is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.agent.checks import check_kind
from mcp_tui.agent.workspace import Workspace
from mcp_tui.data.conversation import AGENTIC, Conversation, Message, Tool, ToolCall
from mcp_tui.data.formats import DataError, read_dataset


@dataclass(frozen=True)
class SolutionStep:
    """One turn of a known solution: its text (the final answer when it makes no call)."""

    text: str
    calls: tuple[ToolCall, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "calls": [c.to_dict() for c in self.calls]}


@dataclass(frozen=True)
class AgenticTask:
    """One agentic task (see the module docstring)."""

    id: str
    prompt: str
    tools: list[Tool]
    workspace: Workspace
    checks: list[dict[str, Any]]
    max_steps: int
    family: str = ""
    solution: list[SolutionStep] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_conversation(self) -> Conversation:
        """The task as the canonical record the bundled file holds."""
        meta = {"family": self.family, "max_steps": self.max_steps, "workspace": self.workspace.to_dict(),
                "checks": self.checks, **self.metadata}
        if self.solution:
            meta["solution"] = [s.to_dict() for s in self.solution]
        return Conversation([Message("user", self.prompt)], tools=self.tools, id=self.id, category=AGENTIC,
                            metadata=meta)

    @classmethod
    def from_conversation(cls, conv: Conversation) -> AgenticTask:
        """DataError naming the task and field when `conv` is not a valid agentic task."""
        where = f"task {conv.id!r}"
        if conv.category != AGENTIC:
            raise DataError(f"{where}: category is {conv.category!r}; agentic tasks have category {AGENTIC!r}")
        first = conv.messages[0]
        if first.role != "user" or not first.content.strip():
            raise DataError(f"{where}: the first message must be the user's request")
        meta = dict(conv.metadata)
        max_steps = meta.pop("max_steps", None)
        if not isinstance(max_steps, int) or isinstance(max_steps, bool) or max_steps < 1:
            raise DataError(f"{where}: metadata.max_steps should be a whole number of steps, at least 1")
        checks = meta.pop("checks", None)
        if not isinstance(checks, list) or not checks:
            raise DataError(f"{where}: metadata.checks should list at least one check of the final state")
        for i, spec in enumerate(checks):
            check_kind(spec, f"{where}: metadata.checks[{i}]")
        workspace = Workspace.from_dict(meta.pop("workspace", {}), f"{where}: metadata.workspace")
        solution = [_step(s, f"{where}: metadata.solution[{i}]") for i, s in enumerate(meta.pop("solution", []))]
        return cls(conv.id, first.content, list(conv.tools), workspace, checks, max_steps,
                   str(meta.pop("family", "")), solution, meta)


def _step(d: Any, where: str) -> SolutionStep:
    if not isinstance(d, dict) or not isinstance(d.get("text"), str) or not isinstance(d.get("calls", []), list):
        raise DataError(f"{where}: should be an object with a text and a list of calls")
    try:
        return SolutionStep(d["text"], tuple(ToolCall.from_dict(c) for c in d.get("calls", [])))
    except (KeyError, TypeError, ValueError, AttributeError):
        raise DataError(f"{where}.calls: each call needs server, tool and arguments") from None


def load_agentic_tasks(path: str | Path, limit: int = 0) -> list[AgenticTask]:
    """The agentic tasks of a file (the first `limit` when limit > 0); DataError naming
    the file, task and field of the first problem."""
    tasks = []
    seen: set[str] = set()
    for conv in read_dataset(path):
        try:
            task = AgenticTask.from_conversation(conv)
        except DataError as e:
            raise DataError(f"{path}: {e}") from None
        if task.id in seen:
            raise DataError(f"{path}: task {task.id!r}: the id is used by an earlier task; ids must be unique")
        seen.add(task.id)
        tasks.append(task)
    return tasks[:limit] if limit > 0 else tasks


def bundled_agentic_path() -> Path:
    """The bundled agentic evaluation tasks (data/mcp_agentic.jsonl)."""
    from mcp_tui.tools.catalog import bundled_catalog_path

    return bundled_catalog_path().parent / "mcp_agentic.jsonl"
