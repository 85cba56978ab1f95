"""Scoring an agent run by its outcome: checks of the sandbox's final state, by code.

A task lists its checks as JSON objects, each naming one thing that must hold after the
run (compared with the sandbox as seeded where the check says so):

    {"file": "/app/config.yaml", "contains": ["port: 9090"], "excludes": ["port: 8080"]}
    {"absent": "/inbox/a.log"}                  nothing at that path any more
    {"folder": "/inbox/logs"}                   a folder at that path
    {"moved": "/inbox/a.log", "to": "/inbox/logs/a.log"}   the seeded text, at its new path only
    {"others_unchanged": ["/app/config.yaml"]}  every other seeded file as it was seeded
    {"entity": "Ana Ruiz", "type": "person", "observations": ["on call"]}
    {"relation": ["Ana Ruiz", "works_on", "Apollo"]}
    {"no_entity": "Ana"}                        no entity of that name (e.g. a wrong duplicate)

Text matches ignore case; a relation type matches with spaces, dashes and underscores
alike. Every run is also checked for having ended with an answer (the model stopped
calling and said so), since an agent that never stops does not finish a user's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mcp_tui.agent.transcript import Transcript
from mcp_tui.data.formats import DataError

Snapshot = dict[str, Any]  # Sandbox.snapshot(): {"files": {path: text | None}, "memory": graph}
Check = dict[str, Any]


def _norm(s: str) -> str:
    return re.sub(r"[\s_-]+", "_", s.strip().lower())


def _file(spec: Check, before: Snapshot, after: Snapshot) -> str:
    text = after["files"].get(spec["file"])
    if text is None:
        return f"{spec['file']} does not exist" if spec["file"] not in after["files"] else f"{spec['file']} is a folder"
    low = text.lower()
    missing = [s for s in spec.get("contains", []) if s.lower() not in low]
    present = [s for s in spec.get("excludes", []) if s.lower() in low]
    if missing:
        return f"{spec['file']} does not contain {missing[0]!r}"
    if present:
        return f"{spec['file']} still contains {present[0]!r}"
    return ""


def _absent(spec: Check, before: Snapshot, after: Snapshot) -> str:
    return f"{spec['absent']} still exists" if spec["absent"] in after["files"] else ""


def _folder(spec: Check, before: Snapshot, after: Snapshot) -> str:
    path = spec["folder"]
    if path not in after["files"]:
        return f"no folder {path}"
    return f"{path} is a file, not a folder" if after["files"][path] is not None else ""


def _moved(spec: Check, before: Snapshot, after: Snapshot) -> str:
    src, dst = spec["moved"], spec["to"]
    if src in after["files"]:
        return f"{src} is still there"
    if after["files"].get(dst) != before["files"].get(src):
        return f"{dst} does not hold {src}'s text" if dst in after["files"] else f"{dst} does not exist"
    return ""


def _others_unchanged(spec: Check, before: Snapshot, after: Snapshot) -> str:
    allowed = set(spec["others_unchanged"])
    for path, text in before["files"].items():
        if path in allowed or text is None:
            continue
        if path not in after["files"]:
            return f"{path} was removed"
        if after["files"][path] != text:
            return f"{path} was changed"
    return ""


def _entity(spec: Check, before: Snapshot, after: Snapshot) -> str:
    name = spec["entity"]
    entity = next((e for e in after["memory"]["entities"] if e["name"].strip().lower() == name.lower()), None)
    if entity is None:
        return f"no entity named {name!r}"
    if "type" in spec and _norm(entity["entityType"]) != _norm(spec["type"]):
        return f"{name} is a {entity['entityType']!r}, not a {spec['type']!r}"
    seen = " | ".join(entity["observations"]).lower()
    missing = [o for o in spec.get("observations", []) if o.lower() not in seen]
    return f"{name} has no observation mentioning {missing[0]!r}" if missing else ""


def _no_entity(spec: Check, before: Snapshot, after: Snapshot) -> str:
    name = spec["no_entity"].strip().lower()
    return f"an entity named {spec['no_entity']!r} exists" if any(
        e["name"].strip().lower() == name for e in after["memory"]["entities"]) else ""


def _relation(spec: Check, before: Snapshot, after: Snapshot) -> str:
    src, kind, dst = spec["relation"]
    for r in after["memory"]["relations"]:
        if (r["from"].lower(), _norm(r["relationType"]), r["to"].lower()) == (src.lower(), _norm(kind), dst.lower()):
            return ""
    return f"no relation {src} -{kind}-> {dst}"


KINDS: dict[str, tuple[Callable[[Check, Snapshot, Snapshot], str], dict[str, type]]] = {
    "file": (_file, {"file": str, "contains": list, "excludes": list}),
    "absent": (_absent, {"absent": str}),
    "folder": (_folder, {"folder": str}),
    "moved": (_moved, {"moved": str, "to": str}),
    "others_unchanged": (_others_unchanged, {"others_unchanged": list}),
    "entity": (_entity, {"entity": str, "type": str, "observations": list}),
    "no_entity": (_no_entity, {"no_entity": str}),
    "relation": (_relation, {"relation": list}),
}


def check_kind(spec: Any, where: str) -> str:
    """The kind of a check spec; DataError naming `where` when it is not a valid one."""
    if not isinstance(spec, dict):
        raise DataError(f"{where}: a check should be a JSON object, e.g. {{\"absent\": \"/tmp/x\"}}")
    kind = next((k for k in KINDS if k in spec), None)
    if kind is None:
        raise DataError(f"{where}: names no known check; use one of {', '.join(KINDS)}")
    fields = KINDS[kind][1]
    for key, value in spec.items():
        if key not in fields:
            raise DataError(f"{where}: unknown field {key!r} for a {kind} check")
        if not isinstance(value, fields[key]):
            raise DataError(f"{where}.{key}: should be a {fields[key].__name__}")
        if isinstance(value, list) and not all(isinstance(x, str) for x in value):
            raise DataError(f"{where}.{key}: should list strings")
    if kind == "relation" and len(spec["relation"]) != 3:
        raise DataError(f"{where}.relation: should be [from, relationType, to]")
    if kind == "moved" and "to" not in spec:
        raise DataError(f"{where}: a moved check needs 'to'")
    return kind


def check_outcome(checks: list[Check], before: Snapshot, after: Snapshot, transcript: Transcript) -> list[dict[str, Any]]:
    """Every check's verdict ({name, ok, reason}) on the run's final state, then `answered`."""
    verdicts = []
    for i, spec in enumerate(checks):
        kind = check_kind(spec, f"checks[{i}]")
        reason = KINDS[kind][0](spec, before, after)
        verdicts.append({"name": kind, "ok": not reason, "reason": reason})
    ended = {"budget": f"still calling tools when the step budget ({transcript.max_steps}) ran out",
             "stopped": "stopped before answering", "failed": f"the model failed: {transcript.error}"}
    reason = "" if transcript.end == "answered" else ended.get(transcript.end or "", "did not end")
    verdicts.append({"name": "answered", "ok": not reason, "reason": reason})
    return verdicts
