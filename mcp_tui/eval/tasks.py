"""Evaluation tasks: conversations that say what a right final answer is.

Any dataset `read_dataset` reads can be an eval set; a task only has to carry enough to
be scored by code. That is checked here, before any model is loaded, so a broken task
file fails in a second with a line naming the task and the fix, not after an hour of
generation.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from jsonschema import SchemaError, validators

from mcp_tui.data.conversation import AGENTIC, Conversation
from mcp_tui.data.formats import DataError, read_dataset

CALL_CATEGORIES = ("tool_selection", "parameter_formatting", "completeness")
# The bundled task sets by name: developer tools (held-out servers and phrasings), and the
# foreign set (domains, naming styles and phrasings the bundled training never shows).
TASK_SETS: dict[str, str] = {"bundled": "data/mcp_eval.jsonl", "foreign": "data/mcp_eval_foreign.jsonl"}


def task_set_path(name_or_file: str) -> Path:
    """A bundled task set's file by its name, else the file itself (a config path)."""
    from mcp_tui.config import resolve_path

    return resolve_path(TASK_SETS.get(name_or_file, name_or_file))


def load_tasks(path: str | Path, limit: int = 0) -> list[Conversation]:
    """The scorable tasks of a dataset file (the first `limit` when limit > 0).
    DataError names the file and task of the first problem."""
    tasks = read_dataset(path)
    seen: set[str] = set()
    for task in tasks:
        problem = task_problem(task)
        if not problem and task.id in seen:
            problem = "the id is used by an earlier task; ids must be unique (results are keyed by id)"
        if problem:
            raise DataError(f"{path}: task {task.id!r}: {problem}")
        seen.add(task.id)
    return tasks[:limit] if limit > 0 else tasks


@lru_cache(maxsize=8192)
def schema_error(schema_json: str) -> str:
    """Why a JSON schema (as sorted JSON text) is not valid, or "". Cached: the same tools
    recur across thousands of tasks, and checking against the meta-schema is slow."""
    schema = json.loads(schema_json)
    try:
        validators.validator_for(schema).check_schema(schema)
    except SchemaError as e:
        return e.message
    return ""


def task_problem(task: Conversation) -> str:
    """Why `task` cannot be scored, or "" when it can."""
    if task.category is None:
        return "no category, and none can be inferred; add \"category\" (one of the evaluation categories)"
    if task.category == AGENTIC:
        return "an agentic task (multi-step, scored by its outcome); give its file to --agentic-tasks instead"
    prompt = task.prompt_messages()
    if not prompt or prompt[-1].role == "assistant":
        return "the prompt must end with a user turn or a tool result"
    for tool in task.tools:
        problem = schema_error(json.dumps(tool.input_schema, sort_keys=True))
        if problem:
            return f"tool {tool.server}.{tool.name}: input_schema is not a valid JSON schema ({problem})"
    for i, call in enumerate(task.expected_calls):
        if task.tool(call.server, call.tool) is None:
            return f"expected_calls[{i}] names {call.server}.{call.tool}, which is not among the task's tools"
    if task.category in CALL_CATEGORIES and not task.expected_calls:
        return f"a {task.category} task needs expected_calls"
    if task.category == "no_tool" and task.expected_calls:
        return "a no_tool task must not have expected_calls"
    if task.category == "error_handling" and not (prompt[-1].role == "tool" and prompt[-1].is_error):
        return "an error_handling task's prompt must end with a tool result flagged is_error"
    return ""
