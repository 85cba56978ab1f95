"""Intents for tools the phrasing bank does not know (servers imported with
`data import-tools`), built from the tool's name, description and input schema.

Values come from the parameter's schema (enums, bounds, defaults) and, for strings, from
its name (`path`, `url`, `query`, `title`, `email`, ...). Requests name the tool and
spell out every argument, the way developers ask for an unfamiliar tool, so the call is
fully determined by the words. Two intents per tool: required arguments only, and all
of them.
"""

from __future__ import annotations

import json
import re
from random import Random
from typing import Any

from mcp_tui.data.conversation import Tool
from mcp_tui.data.phrasings import (
    ADDRESSES, DIRS, EMAILS, FILES, ISSUE_TITLES, LABELS, SLACK_MESSAGES, URLS, WEB_QUERIES, Draft, Intent, pick,
)  # fmt: skip

# (pattern on the parameter name, values): the first match decides.
_BY_NAME: list[tuple[str, list[Any]]] = [
    (r"url|uri|link|href", URLS),
    (r"email", EMAILS),
    (r"dir|folder", DIRS),
    (r"path|file", FILES),
    (r"query|search|^q$|keyword", WEB_QUERIES),
    (r"title|subject|summary|headline", ISSUE_TITLES),
    (r"message|text|body|content|comment|note|description", SLACK_MESSAGES),
    (r"date|time|timestamp|since|until", ["2025-03-14T15:00:00Z", "2025-06-01", "2024-11-30T09:30:00Z"]),
    (r"address|location|place|city", ADDRESSES),
    (r"tag|label|category", LABELS),
    (r"lang", ["python", "rust", "typescript", "go"]),
    (r"(^|_)id$|Id$|uuid|key", ["a1b2c3", "4f9e21", "item-2041", "cust_88213"]),
    (r"name|user|owner|author", ["alpha", "maya-chen", "weekly-report", "staging"]),
]
_WORDS = ["alpha", "staging", "report-q3", "blue", "default"]


def _string_value(rng: Random, name: str, schema: dict[str, Any]) -> str:
    for pattern, values in _BY_NAME:
        if re.search(pattern, name, re.I):
            return pick(rng, values)
    return pick(rng, _WORDS)


def _value(rng: Random, name: str, schema: dict[str, Any]) -> Any:
    """A plausible value for one parameter, or None when none can be made up."""
    if "enum" in schema and schema["enum"]:
        choices = [v for v in schema["enum"] if v != schema.get("default")] or schema["enum"]
        return pick(rng, choices)
    kind = schema.get("type")
    if kind == "integer":
        lo, hi = int(schema.get("minimum", 1)), int(schema.get("maximum", 100))
        options = [v for v in (3, 5, 10, 20, 50) if lo <= v <= hi and v != schema.get("default")] or [lo]
        return pick(rng, options)
    if kind == "number":
        return pick(rng, [0.5, 1.5, 2.0, 12.5])
    if kind == "boolean":
        return not schema.get("default", False)
    if kind == "string":
        return _string_value(rng, name, schema)
    if kind == "array":
        items = schema.get("items") if isinstance(schema.get("items"), dict) else {"type": "string"}
        singular = name[:-1] if name.endswith("s") else name
        values = [_value(rng, singular, items) for _ in range(2)]
        if any(v is None for v in values):
            return None
        return [v for k, v in enumerate(values) if v not in values[:k]]
    if kind == "object" and isinstance(schema.get("properties"), dict) and schema["properties"]:
        required = schema.get("required") or list(schema["properties"])
        out = {k: _value(rng, k, schema["properties"][k]) for k in required if k in schema["properties"]}
        return None if any(v is None for v in out.values()) else out
    return None


def _words(tool_name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", tool_name).replace("_", " ").replace("-", " ")
    return " ".join(spaced.lower().split())


def _arglist(args: dict[str, Any]) -> str:
    parts = [f"{k} {json.dumps(v, ensure_ascii=False)}" for k, v in args.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _make(tool: Tool, with_optional: bool):
    props: dict[str, Any] = tool.input_schema.get("properties") or {}
    required = [k for k in tool.input_schema.get("required") or [] if k in props]
    keys = list(props) if with_optional else required

    def draft(rng: Random) -> Draft:
        args = {}
        for k in keys:
            v = _value(rng, k, props[k] if isinstance(props[k], dict) else {})
            if v is not None:
                args[k] = v
        return Draft(args, {"args": _arglist(args) if args else ""})

    return draft


def _phrasings(tool: Tool, has_args: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    words, server, name = _words(tool.name), tool.server, tool.name
    desc = tool.description.strip().split(". ")[0].rstrip(".")
    desc = desc[:1].lower() + desc[1:] if desc else words
    if has_args:
        clauses = (f"use {server}'s {name} tool with {{args}}", f"{words} with {{args}}",
                   f"call {name} on {server}: {{args}}", f"run {name} with {{args}}",
                   f"invoke the {name} tool of {server}, {{args}}")  # fmt: skip
        asks = (f"I need to {desc}: {{args}}.", f"Can you {desc}? Use {{args}}.")
    else:
        clauses = (f"use {server}'s {name} tool", f"{words}", f"call {name} on {server}", f"run {name}",
                   f"invoke the {name} tool of {server}")  # fmt: skip
        asks = (f"I need to {desc}.", f"Can you {desc}?")
    return clauses, asks


def schema_intents(tool: Tool) -> list[Intent]:
    """Intents for one tool: its required arguments, and (when it has optional ones)
    all of them. A tool whose required values cannot be made up gets none."""
    out = []
    props = tool.input_schema.get("properties") or {}
    variants = [False, True] if set(props) - set(tool.input_schema.get("required") or []) else [False]
    for with_optional in variants:
        draft = _make(tool, with_optional)
        probe = draft(Random(0))
        required = [k for k in tool.input_schema.get("required") or [] if k in props]
        if any(k not in probe.args for k in required):
            continue
        clauses, asks = _phrasings(tool, bool(probe.args))
        out.append(Intent(tool.server, tool.name, draft, clauses, asks))
    return out
