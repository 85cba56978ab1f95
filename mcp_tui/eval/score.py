"""Score one answer against one task, by code, the way BFCL's AST checker does.

Every check is recorded with its outcome and a reason, so a failed task says why
(`wrong tool: expected filesystem.read_file, got filesystem.read_text_file`). The score
reads only the task's `Conversation` fields (tools, prompt turns, expected calls,
category), never how a generator built it, so tasks from any source score the same way.

Which checks a task must pass depends on its category (`REQUIRED`); a task passes
when all of them pass. A call answer is right only when it makes exactly the expected
calls with the expected values: a call with the right tool and wrong arguments does
not do what the user asked, whatever the task stresses.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import asdict, dataclass
from typing import Any

from jsonschema import validators

from mcp_tui.data.conversation import Conversation, ExpectedCall, ToolCall
from mcp_tui.tools.call_types import CallFormat, ParsedAnswer, ParsedCall

# The checks each category requires, in the order reports show them.
REQUIRED: dict[str, tuple[str, ...]] = {
    "tool_selection": ("syntax", "json", "tool", "schema", "values", "count"),
    "parameter_formatting": ("syntax", "json", "tool", "schema", "values", "count"),
    "completeness": ("syntax", "json", "tool", "schema", "values", "count", "order"),
    "error_handling": ("syntax", "json", "no_repeat", "recovery"),
    "no_tool": ("syntax", "no_call", "answer"),
}


@dataclass(frozen=True)
class Check:
    """One check's outcome; `reason` says what was wrong (empty when it passed)."""

    name: str
    ok: bool
    reason: str = ""


@dataclass(frozen=True)
class TaskScore:
    """The verdict on one answer: pass/fail, every check, and the parsed calls."""

    task_id: str
    category: str
    passed: bool
    checks: tuple[Check, ...]
    calls: tuple[dict[str, Any], ...]
    text: str

    def failures(self) -> list[str]:
        """The reasons of the failed checks, for a report line."""
        return [f"{c.name}: {c.reason}" for c in self.checks if not c.ok]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.task_id,
            "category": self.category,
            "passed": self.passed,
            "checks": [asdict(c) for c in self.checks],
            "calls": list(self.calls),
            "text": self.text,
        }


def score_answer(task: Conversation, answer: str, fmt: CallFormat, finished: bool = True) -> TaskScore:
    """Parse `answer` with `fmt` and score it against `task`.

    `finished` is False when generation hit its token budget instead of ending its
    turn: a cut-off plain answer is a failure, never an abstention.
    """
    if task.category not in REQUIRED:
        raise ValueError(f"task {task.id!r}: unknown category {task.category!r}")
    parsed = fmt.parse(answer, task.tools)
    checks = [syntax_check(parsed), _json_check(parsed)]
    if task.category == "no_tool":
        checks += [_no_call_check(parsed), _answer_check(parsed, finished)]
    elif task.category == "error_handling":
        checks += _error_checks(task, parsed, finished)
    else:
        checks += call_checks(task, parsed.calls)
    required = set(REQUIRED[task.category])
    kept = tuple(c for c in checks if c.name in required)
    return TaskScore(
        task_id=task.id,
        category=task.category,
        passed=all(c.ok for c in kept),
        checks=kept,
        calls=tuple(_call_dict(c) for c in parsed.calls),
        text=parsed.text,
    )


def _call_dict(call: ParsedCall) -> dict[str, Any]:
    d: dict[str, Any] = {"server": call.server, "tool": call.tool, "arguments": call.arguments}
    if call.problem:
        d["problem"] = call.problem
    return d


def _name(call: ParsedCall | ExpectedCall | ToolCall) -> str:
    return f"{call.server or '?'}.{call.tool or '?'}"


def syntax_check(parsed: ParsedAnswer) -> Check:
    """Call syntax validity in the run's format: every call block (XML, `<tool_call>`,
    `[TOOL_CALLS]`) complete, no call markup outside one. Before call formats other
    than XML, this check was named "xml"; reports read both names."""
    if parsed.well_formed:
        return Check("syntax", True)
    problems = [c.problem for c in parsed.calls if not c.well_formed]
    return Check("syntax", False, problems[0] if problems else "call markup appears outside any call")


def _json_check(parsed: ParsedAnswer) -> Check:
    bad = [c for c in parsed.calls if not c.json_ok]
    if not bad:
        return Check("json", True)
    return Check("json", False, f"{_name(bad[0])}: {bad[0].problem}")


def _no_call_check(parsed: ParsedAnswer) -> Check:
    if not parsed.has_call:
        return Check("no_call", True)
    if parsed.calls and parsed.calls[0].well_formed:
        return Check("no_call", False, f"called {_name(parsed.calls[0])} where no tool fits")
    return Check("no_call", False, "the answer contains a broken call block")


def _answer_check(parsed: ParsedAnswer, finished: bool) -> Check:
    """A plain answer must exist and be complete."""
    if not finished:
        return Check("answer", False, "the answer was cut off at the token budget")
    if not parsed.text:
        return Check("answer", False, "the answer is empty")
    return Check("answer", True)


# --- calls against expected calls -------------------------------------------------


def call_checks(task: Conversation, calls: list[ParsedCall]) -> list[Check]:
    """tool, schema, values, count and order checks of `calls` against the task's
    expected calls. Each expected call is paired with the first unpaired call that
    matches it fully, else with the first unpaired call of the same tool."""
    expected = task.expected_calls
    pairs = _pair(task, expected, calls)
    return [
        _tool_check(expected, calls, pairs),
        _schema_check(task, calls),
        _values_check(task, expected, calls, pairs),
        _count_check(expected, calls, pairs),
        _order_check(expected, pairs),
    ]


def _pair(task: Conversation, expected: list[ExpectedCall], calls: list[ParsedCall]) -> dict[int, int]:
    """Expected index -> call index."""
    pairs: dict[int, int] = {}
    for full in (True, False):
        for i, exp in enumerate(expected):
            if i in pairs:
                continue
            for j, call in enumerate(calls):
                if j in pairs.values() or _name(call) != _name(exp):
                    continue
                if not full or not _value_problems(task, exp, call):
                    pairs[i] = j
                    break
    return pairs


def _tool_check(expected: list[ExpectedCall], calls: list[ParsedCall], pairs: dict[int, int]) -> Check:
    missing = [e for i, e in enumerate(expected) if i not in pairs]
    if not missing:
        return Check("tool", True)
    spare = [c for j, c in enumerate(calls) if j not in pairs.values()]
    if spare:
        return Check("tool", False, f"wrong tool: expected {_name(missing[0])}, got {_name(spare[0])}")
    if not calls:
        return Check("tool", False, f"no call: expected {_name(missing[0])}")
    return Check("tool", False, f"missing call: expected {_name(missing[0])}")


def _schema_check(task: Conversation, calls: list[ParsedCall]) -> Check:
    if not calls:
        return Check("schema", False, "no call to validate")
    for call in calls:
        tool = task.tool(call.server, call.tool)
        if tool is None:
            return Check("schema", False, f"{_name(call)} is not a tool offered in this task")
        if call.arguments is None:
            return Check("schema", False, f"{_name(call)}: arguments are not a JSON object")
        problem = schema_problem(tool.input_schema, call.arguments)
        if problem:
            return Check("schema", False, f"{_name(call)}: {problem}")
    return Check("schema", True)


def schema_problem(schema: dict[str, Any], arguments: dict[str, Any]) -> str:
    """The first way `arguments` break `schema` (required keys, types, enums, ...), or ""."""
    cls = validators.validator_for(schema)
    error = next(iter(sorted(cls(schema).iter_errors(arguments), key=lambda e: list(e.path))), None)
    if error is None:
        return ""
    where = "/".join(str(p) for p in error.absolute_path)
    return f"{where}: {error.message}" if where else error.message


def _values_check(
    task: Conversation, expected: list[ExpectedCall], calls: list[ParsedCall], pairs: dict[int, int]
) -> Check:
    if not pairs:
        return Check("values", False, "no call of an expected tool to compare")
    for i, j in sorted(pairs.items()):
        problems = _value_problems(task, expected[i], calls[j])
        if problems:
            return Check("values", False, f"{_name(calls[j])}: {problems[0]}")
    return Check("values", True)


def _count_check(expected: list[ExpectedCall], calls: list[ParsedCall], pairs: dict[int, int]) -> Check:
    if len(calls) > len(expected):
        extra = next(c for j, c in enumerate(calls) if j not in pairs.values())
        return Check("count", False, f"extra call: {_name(extra)} ({len(calls)} calls, {len(expected)} expected)")
    if len(calls) < len(expected):
        return Check("count", False, f"{len(calls)} calls, {len(expected)} expected")
    return Check("count", True)


def _order_check(expected: list[ExpectedCall], pairs: dict[int, int]) -> Check:
    """Only calls that are present can be out of order; missing ones fail `tool`."""
    for i, exp in enumerate(expected):
        for before in exp.after:
            if i in pairs and before in pairs and pairs[before] > pairs[i]:
                return Check("order", False, f"{_name(exp)} came before {_name(expected[before])}, which must come first")
    return Check("order", True)


def _value_problems(task: Conversation, exp: ExpectedCall, call: ParsedCall) -> list[str]:
    """Why the call's arguments differ from the accepted values (empty when they match)."""
    if call.arguments is None:
        return ["arguments are not a JSON object"]
    tool = task.tool(exp.server, exp.tool)
    properties = (tool.input_schema.get("properties") or {}) if tool else {}
    problems = []
    for key, accepted in exp.arguments.items():
        if key not in call.arguments:
            if "" not in accepted:
                problems.append(f"missing parameter {key!r}")
            continue
        allowed = list(accepted)
        if "" in accepted and "default" in properties.get(key, {}):
            allowed.append(properties[key]["default"])
        if not any(same_value(call.arguments[key], a) for a in allowed if a != ""):
            problems.append(f"{key}: got {call.arguments[key]!r}, expected one of {[a for a in accepted if a != '']!r}")
    for key, value in call.arguments.items():
        if key in exp.arguments:
            continue
        default = properties.get(key, {}).get("default", _MISSING)
        if default is _MISSING or not same_value(value, default):
            problems.append(f"unexpected parameter {key!r}")
    return problems


_MISSING = object()


def same_value(got: Any, want: Any) -> bool:
    """Equality with BFCL's leniency: int accepted for float, strings compared after
    normalization (`normalize_string`), lists element by element, objects key by key."""
    if isinstance(got, bool) or isinstance(want, bool):
        return got is want
    if isinstance(got, (int, float)) and isinstance(want, (int, float)):
        return float(got) == float(want)
    if isinstance(got, str) and isinstance(want, str):
        return normalize_string(got) == normalize_string(want)
    if isinstance(got, list) and isinstance(want, list):
        return len(got) == len(want) and all(same_value(g, w) for g, w in zip(got, want))
    if isinstance(got, dict) and isinstance(want, dict):
        return got.keys() == want.keys() and all(same_value(got[k], want[k]) for k in got)
    return got == want


def normalize_string(s: str) -> str:
    """Surrounding whitespace never matters; prose (text with spaces) is compared with
    runs of whitespace collapsed and case folded; a path-like token is compared as a
    normalized POSIX path (`./src//a.py` = `src/a.py`). Other single tokens (names, ids,
    enum values) keep their case: `README.md` and `readme.md` are different files."""
    s = s.strip()
    if re.search(r"\s", s):
        return " ".join(s.split()).casefold()
    if "/" in s and "://" not in s:
        return posixpath.normpath(s)
    return s


# --- error recovery ---------------------------------------------------------------


def failing_calls(task: Conversation) -> list[ToolCall]:
    """The calls whose error result ends the prompt: those of the last assistant turn."""
    for message in reversed(task.prompt_messages()):
        if message.role == "assistant" and message.tool_calls:
            return list(message.tool_calls)
    return []


def _error_checks(task: Conversation, parsed: ParsedAnswer, finished: bool) -> list[Check]:
    """After an error result the answer must never repeat the failing call, and must
    recover the way the task says: with the corrected call when the task expects calls
    (the error can be fixed), with a plain explanation when it expects none (it cannot).
    Accepting either answer for every task would let a model that never calls a tool
    pass every fixable error by writing anything."""
    failing = failing_calls(task)
    repeated = [
        c for c in parsed.calls
        if c.arguments is not None
        and any(_name(c) == _name(f) and same_value(c.arguments, f.arguments) for f in failing)
    ]
    no_repeat = Check("no_repeat", not repeated, f"repeated the failing call {_name(repeated[0])}" if repeated else "")
    if task.expected_calls:
        if not parsed.has_call:
            return [no_repeat, Check("recovery", False, f"no corrected call: expected {_name(task.expected_calls[0])}")]
        bad = [c for c in call_checks(task, parsed.calls) if not c.ok]
        return [no_repeat, Check("recovery", not bad, f"{bad[0].name}: {bad[0].reason}" if bad else "")]
    if parsed.has_call:
        what = _name(parsed.calls[0]) if parsed.calls else "a broken call block"
        return [no_repeat, Check("recovery", False, f"called {what} where the error calls for an explanation")]
    answer = _answer_check(parsed, finished)
    return [no_repeat, Check("recovery", answer.ok, f"no explanation: {answer.reason}" if not answer.ok else "")]
