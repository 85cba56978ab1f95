"""Read any supported dataset file into `Conversation`s, detecting the format per record.

Supported, each auto-detected from a record's keys:
- `canonical`: `Conversation.to_dict()` lines (the bundled files);
- `openai`: OpenAI chat records (`messages`, `tools`, assistant `tool_calls`, `tool` results);
- `sharegpt`: ShareGPT / Hermes records (`conversations` of `from`/`value`, `<tool_call>` JSON);
- `xlam`: xLAM records (`query`, `tools`, `answers`);
- `plain`: `instruction` / `completion` / `metadata` records, calls as `use_mcp_tool` XML.
Files may be JSONL, a JSON array (or one object), or a folder written by `datasets`'
`save_to_disk`. Every problem is a `DataError` naming the file and line (or row) and what
to fix; nothing else escapes, so a bad record can never crash a caller with a traceback.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.data.conversation import (
    AGENTIC,
    CATEGORIES,
    DEFAULT_SERVER,
    ROLES,
    Conversation,
    DataError,
    ExpectedCall,
    Message,
    Tool,
    ToolCall,
)
from mcp_tui.fileio import FileError, read_bytes
from mcp_tui.tools.hermes_format import parse_hermes_calls, parse_hermes_tools, split_name
from mcp_tui.tools.xml_format import XmlMcpFormat

FORMATS: tuple[str, ...] = ("canonical", "openai", "sharegpt", "xlam", "plain")
EMPTY_DATASET = "holds no records; a dataset needs at least one conversation (one JSON object per line)"
# The largest dataset file read whole: a bound for a file that is not a dataset at all.
MAX_DATASET_BYTES = 4 * 2**30


class _Bad(ValueError):
    """A problem inside one record; the caller adds the file and line."""


@dataclass
class ReadResult:
    """Everything `read_report` found: the good conversations, which format each record
    had, and one message per bad record (already naming file and line)."""

    conversations: list[Conversation] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    formats: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------- files


def iter_records(path: str | Path) -> Iterator[tuple[int, Any]]:
    """(line, record) pairs of a JSONL file, a JSON file or a `datasets` folder.

    A JSON value that does not parse is yielded as a `_Bad` so that a report can go on
    past it; `read_report` turns it into a message with the line number."""
    p = Path(path)
    if p.is_dir():
        yield from _iter_saved_dataset(p)
        return
    text = read_text(p)
    if p.suffix in (".jsonl", ".ndjson"):
        yield from _iter_jsonl(text)
        return
    # Anything else may be one JSON document (an array of records, or one record) or
    # JSONL under another name (many ".json" dataset files are JSONL).
    try:
        whole = json.loads(text)
    except json.JSONDecodeError as e:
        if text.lstrip().startswith("[") and e.msg != "Extra data":
            yield from _iter_json_array(text)  # names the line of the broken element
        else:
            yield from _iter_jsonl(text)
        return
    except RecursionError:
        yield 1, _Bad("JSON nested too deeply")
        return
    except ValueError:
        yield 1, _Bad(f"holds a number longer than {_digit_limit()} digits")
        return
    if isinstance(whole, list):
        yield from _iter_json_array(text)
    else:
        yield 1, whole


def read_text(p: Path) -> str:
    """A dataset file's text, read with a bound (a device such as /dev/zero, a pipe or a
    file larger than MAX_DATASET_BYTES is refused before anything is read). Only a newline
    ends a line: JSON strings may hold \r."""
    try:
        data = read_bytes(p, MAX_DATASET_BYTES)
    except FileError as e:
        raise DataError(f"{e}; point data at a dataset file (JSONL, JSON or a datasets folder)") from None
    if data is None:
        raise DataError(f"{p}: no such file; check the path")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DataError(f"{p}:line {line}: not UTF-8 text (binary content at byte {e.start}); "
                        "a dataset is JSONL or JSON text") from None


def _digit_limit() -> int:
    return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300


def _iter_jsonl(text: str) -> Iterator[tuple[int, Any]]:
    # Lines end at "\n" only: JSON strings may hold \r, \u2028 and the like, which
    # str.splitlines would treat as line ends.
    for n, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as e:
            value = _Bad(f"not valid JSON ({e.msg} at column {e.colno})")
        except RecursionError:
            value = _Bad("JSON nested too deeply")
        except ValueError:
            value = _Bad(f"holds a number longer than {_digit_limit()} digits")
        yield n, value


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _iter_json_array(text: str) -> Iterator[tuple[int, Any]]:
    """Elements of a top-level JSON array, each with the line where it starts, so
    that an error in element 500 of a pretty-printed file names its real line."""
    decoder = json.JSONDecoder()
    pos = text.index("[") + 1
    n = len(text)

    def skip_ws(i: int) -> int:
        while i < n and text[i] in " \t\r\n":
            i += 1
        return i

    pos = skip_ws(pos)
    if pos < n and text[pos] == "]":
        return
    while True:
        pos = skip_ws(pos)
        line = _line_of(text, pos)
        try:
            value, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as e:
            yield e.lineno, _Bad(f"not valid JSON ({e.msg} at column {e.colno}); the rest of the array is skipped")
            return
        except RecursionError:
            yield line, _Bad("JSON nested too deeply; the rest of the array is skipped")
            return
        except ValueError:
            yield line, _Bad(f"holds a number longer than {_digit_limit()} digits; the rest of the array is skipped")
            return
        yield line, value
        pos = skip_ws(pos)
        if pos < n and text[pos] == ",":
            pos += 1
            continue
        if pos < n and text[pos] == "]" and not text[pos + 1 :].strip():
            return
        yield _line_of(text, pos), _Bad("expected ',' or a final ']' after this array element")
        return


def _iter_saved_dataset(folder: Path) -> Iterator[tuple[int, Any]]:
    """Rows of a `datasets.save_to_disk` folder (a Dataset, or the `train` split of a
    DatasetDict, else its first split); the row number stands in for the line."""
    if not (folder / "dataset_info.json").exists() and not (folder / "dataset_dict.json").exists():
        raise DataError(f"{folder}: is a folder but not one written by datasets' save_to_disk")
    from datasets import DatasetDict, load_from_disk

    try:
        ds = load_from_disk(str(folder))
    except Exception as e:  # datasets raises many kinds for a damaged folder
        raise DataError(f"{folder}: datasets could not load this folder ({type(e).__name__}: {e})") from None
    if isinstance(ds, DatasetDict):
        split = "train" if "train" in ds else next(iter(ds), None)
        if split is None:
            return
        ds = ds[split]
    for n, row in enumerate(ds, 1):
        yield n, _unstringify(row)


def _unstringify(row: dict[str, Any]) -> dict[str, Any]:
    """Arrow stores heterogeneous nested fields (tool schemas, arguments) as JSON
    strings; parse the ones that look like JSON so the readers see real objects."""
    out = {}
    for k, v in row.items():
        if isinstance(v, str) and v[:1] in "[{" and k in ("tools", "messages", "metadata", "expected_calls", "answers"):
            try:
                v = json.loads(v)
            except (ValueError, RecursionError):
                pass
        out[k] = v
    return out


# ---------------------------------------------------------------------------- dispatch


def detect_format(record: Any) -> str | None:
    """The format of one record, from its keys; None when it matches none."""
    if not isinstance(record, dict):
        return None
    if "conversations" in record:
        return "sharegpt"
    if "query" in record and "answers" in record:
        return "xlam"
    if "instruction" in record and ("completion" in record or "output" in record):
        return "plain"
    if "messages" in record:
        return "canonical" if _looks_canonical(record) else "openai"
    return None


def _looks_canonical(record: dict[str, Any]) -> bool:
    tools = record.get("tools")
    if isinstance(tools, list) and tools and isinstance(tools[0], dict):
        return "server" in tools[0]
    return any(k in record for k in ("expected_calls", "category", "reference"))


def record_to_conversation(record: Any, line: int = 0) -> Conversation:
    """One record of any supported format as a Conversation; `_Bad` on a problem."""
    if isinstance(record, _Bad):
        raise record
    fmt = detect_format(record)
    if fmt is None:
        if not isinstance(record, dict):
            raise _Bad(f"expected a JSON object, got {_kind(record)}")
        keys = ", ".join(sorted(map(str, record))[:6]) or "none"
        raise _Bad(
            f"unknown record format (keys: {keys}); expected 'messages', 'conversations', "
            "'query'+'answers' or 'instruction'+'completion'"
        )
    conv = _READERS[fmt](record)
    if not conv.id:
        conv.id = f"line-{line}"
    _check_conversation(conv)
    return conv


def read_report(path: str | Path) -> ReadResult:
    """Read every record, collecting problems instead of stopping at the first.

    Only file-level problems (missing file, unreadable folder) raise DataError."""
    result = ReadResult()
    where = "row" if Path(path).is_dir() else "line"
    for line, record in iter_records(path):
        fmt = detect_format(record)
        try:
            conv = record_to_conversation(record, line)
        except _Bad as e:
            result.errors.append(f"{path}:{where} {line}: {e}")
            continue
        except RecursionError:
            result.errors.append(f"{path}:{where} {line}: record nested too deeply")
            continue
        result.formats[fmt or "?"] += 1
        result.conversations.append(conv)
        result.lines.append(line)
    return result


def read_dataset(path: str | Path) -> list[Conversation]:
    """All conversations of a dataset file or folder; DataError on the first bad record."""
    result = read_report(path)
    if result.errors:
        more = f" (and {len(result.errors) - 1} more problems; `mcp-tui data check` lists them)" if len(result.errors) > 1 else ""
        raise DataError(result.errors[0] + more)
    if not result.conversations:
        raise DataError(f"{path}: {EMPTY_DATASET}")
    return result.conversations


def write_jsonl(conversations: list[Conversation], path: str | Path) -> None:
    """The canonical JSONL: one `Conversation.to_dict()` per line, stable byte for byte."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for conv in conversations:
            f.write(json.dumps(conv.to_dict(), ensure_ascii=False, sort_keys=False) + "\n")


# ---------------------------------------------------------------------------- field helpers


def _kind(v: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}.get(
        type(v), "a number"
    )


def _get(d: dict[str, Any], key: str, typ: type | tuple[type, ...], where: str, default: Any = ...) -> Any:
    if key not in d or d[key] is None:
        if default is ...:
            raise _Bad(f"{where}: missing field '{key}'")
        return default
    v = d[key]
    if not isinstance(v, typ) or (typ is int and isinstance(v, bool)):
        names = typ.__name__ if isinstance(typ, type) else " or ".join(t.__name__ for t in typ)
        raise _Bad(f"{where}: field '{key}' should be {names}, got {_kind(v)}")
    return v


def _text(v: Any, where: str) -> str:
    """Message content: a string, null, or OpenAI-style content parts."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    if isinstance(v, list):
        parts = []
        for part in v:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                parts.append(part["text"])
            else:
                raise _Bad(f"{where}: content parts must be strings or {{'type': 'text', 'text': ...}}")
        return "".join(parts)
    raise _Bad(f"{where}: content should be a string, got {_kind(v)}")


def _json_value(v: Any, where: str) -> Any:
    """A field that some datasets store as a JSON string and others as JSON."""
    if isinstance(v, str):
        try:
            return json.loads(v)
        except json.JSONDecodeError as e:
            raise _Bad(f"{where}: is a string but not valid JSON ({e.msg})") from None
        except RecursionError:
            raise _Bad(f"{where}: JSON nested too deeply") from None
        except ValueError:
            raise _Bad(f"{where}: holds a number longer than {_digit_limit()} digits") from None
    return v


def _json_list(r: dict[str, Any], key: str) -> list[Any]:
    """A list field that may arrive as a JSON string (xLAM, Hermes) or be absent."""
    v = _json_value(r.get(key) or [], key)
    if not isinstance(v, list):
        raise _Bad(f"{key}: should be a list, got {_kind(v)}")
    return v


def _arguments(v: Any, where: str) -> dict[str, Any]:
    v = _json_value({} if v is None else v, where)
    if not isinstance(v, dict):
        raise _Bad(f"{where}: arguments should be a JSON object, got {_kind(v)}")
    return v


def _schema(v: Any, where: str) -> dict[str, Any]:
    v = _json_value({"type": "object", "properties": {}} if v is None else v, where)
    if not isinstance(v, dict):
        raise _Bad(f"{where}: the input schema should be a JSON object, got {_kind(v)}")
    return v


def _split_name(name: str) -> tuple[str, str]:
    return split_name(name, DEFAULT_SERVER)


# ---------------------------------------------------------------------------- readers


def _read_canonical(r: dict[str, Any]) -> Conversation:
    tools = [_canonical_tool(t, f"tools[{i}]") for i, t in enumerate(_get(r, "tools", list, "record", []))]
    messages = [_canonical_message(m, f"messages[{i}]") for i, m in enumerate(_get(r, "messages", list, "record"))]
    expected = [
        _expected_call(c, f"expected_calls[{i}]") for i, c in enumerate(_get(r, "expected_calls", list, "record", []))
    ]
    category = _get(r, "category", str, "record", None)
    return Conversation(
        messages=messages,
        tools=tools,
        id=str(_get(r, "id", (str, int), "record", "")),
        category=category,
        expected_calls=expected,
        reference=_get(r, "reference", str, "record", None),
        system=_get(r, "system", str, "record", ""),
        metadata=_get(r, "metadata", dict, "record", {}),
    )


def _canonical_tool(t: Any, where: str) -> Tool:
    if not isinstance(t, dict):
        raise _Bad(f"{where}: should be an object, got {_kind(t)}")
    return Tool(
        server=_get(t, "server", str, where),
        name=_get(t, "name", str, where),
        description=_get(t, "description", str, where, ""),
        input_schema=_schema(t.get("input_schema"), f"{where}.input_schema"),
    )


def _canonical_message(m: Any, where: str) -> Message:
    if not isinstance(m, dict):
        raise _Bad(f"{where}: should be an object, got {_kind(m)}")
    role = _get(m, "role", str, where)
    if role not in ROLES:
        raise _Bad(f"{where}: unknown role {role!r}; expected one of {', '.join(ROLES)}")
    calls = []
    for i, c in enumerate(_get(m, "tool_calls", list, where, [])):
        w = f"{where}.tool_calls[{i}]"
        if not isinstance(c, dict):
            raise _Bad(f"{w}: should be an object, got {_kind(c)}")
        if "function" in c:
            calls.append(_openai_call(c, w))
        else:
            calls.append(ToolCall(_get(c, "server", str, w), _get(c, "tool", str, w), _arguments(c.get("arguments"), w)))
    return Message(
        role=role,
        content=_text(m.get("content"), where),
        tool_calls=calls,
        is_error=bool(m.get("is_error", False)),
    )


def _expected_call(c: Any, where: str) -> ExpectedCall:
    if not isinstance(c, dict):
        raise _Bad(f"{where}: should be an object, got {_kind(c)}")
    args = _get(c, "arguments", dict, where, {})
    for k, v in args.items():
        if not isinstance(v, list):
            raise _Bad(f"{where}.arguments.{k}: should be a list of accepted values, got {_kind(v)}")
    after = _get(c, "after", list, where, [])
    if not all(isinstance(i, int) and not isinstance(i, bool) and i >= 0 for i in after):
        raise _Bad(f"{where}.after: should be a list of call indices (integers >= 0)")
    return ExpectedCall(
        server=_get(c, "server", str, where),
        tool=_get(c, "tool", str, where),
        arguments={str(k): list(v) for k, v in args.items()},
        after=tuple(after),
    )


def _openai_call(c: dict[str, Any], where: str) -> ToolCall:
    fn = _get(c, "function", dict, where)
    server, name = _split_name(_get(fn, "name", str, f"{where}.function"))
    return ToolCall(server, name, _arguments(fn.get("arguments"), f"{where}.function.arguments"))


def _openai_tool(t: Any, where: str) -> Tool:
    if not isinstance(t, dict):
        raise _Bad(f"{where}: should be an object, got {_kind(t)}")
    fn = _get(t, "function", dict, where) if "function" in t else t
    server, name = _split_name(_get(fn, "name", str, where))
    return Tool(
        server=server,
        name=name,
        description=_get(fn, "description", str, where, ""),
        input_schema=_schema(fn.get("parameters"), f"{where}.parameters"),
    )


def _read_openai(r: dict[str, Any]) -> Conversation:
    tools = [_openai_tool(t, f"tools[{i}]") for i, t in enumerate(_json_list(r, "tools"))]
    messages = []
    for i, m in enumerate(_get(r, "messages", list, "record")):
        where = f"messages[{i}]"
        if not isinstance(m, dict):
            raise _Bad(f"{where}: should be an object, got {_kind(m)}")
        role = _get(m, "role", str, where)
        role = {"function": "tool", "developer": "system"}.get(role, role)
        if role not in ROLES:
            raise _Bad(f"{where}: unknown role {role!r}; expected system, user, assistant or tool")
        calls = [
            _openai_call(c, f"{where}.tool_calls[{j}]") if isinstance(c, dict) else _bad_call(c, f"{where}.tool_calls[{j}]")
            for j, c in enumerate(_get(m, "tool_calls", list, where, []))
        ]
        messages.append(Message(role, _text(m.get("content"), where), calls, bool(m.get("is_error", False))))
    return _with_metadata(Conversation(messages=messages, tools=tools), r)


def _bad_call(c: Any, where: str) -> ToolCall:
    raise _Bad(f"{where}: should be an object, got {_kind(c)}")


_SHAREGPT_ROLES = {
    "system": "system",
    "human": "user",
    "user": "user",
    "gpt": "assistant",
    "assistant": "assistant",
    "tool": "tool",
    "observation": "tool",
    "function_response": "tool",
    "ipython": "tool",
    "function_call": "assistant",
}


def _read_sharegpt(r: dict[str, Any]) -> Conversation:
    tools = [_openai_tool(t, f"tools[{i}]") for i, t in enumerate(_json_list(r, "tools"))]
    messages: list[Message] = []
    for i, turn in enumerate(_get(r, "conversations", list, "record")):
        where = f"conversations[{i}]"
        if not isinstance(turn, dict):
            raise _Bad(f"{where}: should be an object, got {_kind(turn)}")
        who = _get(turn, "from", str, where) if "from" in turn else _get(turn, "role", str, where)
        role = _SHAREGPT_ROLES.get(who)
        if role is None:
            raise _Bad(f"{where}: unknown speaker {who!r}; expected human, gpt, system, tool or function_call")
        value = _text(turn.get("value", turn.get("content")), where)
        if role == "system" and not tools:
            try:
                tools = [Tool(*_split_name(n), d, s) for n, d, s in parse_hermes_tools(value)]
            except ValueError as e:
                raise _Bad(f"{where}: {e}") from None
        if who == "function_call":
            _, calls = _hermes_split("<tool_call>" + value + "</tool_call>", where)
            messages.append(Message("assistant", "", calls))
        elif role == "assistant":
            text, calls = _hermes_split(value, where)
            messages.append(Message("assistant", text, calls))
        elif role == "tool":
            messages.append(Message("tool", _strip_tag(value, "tool_response")))
        else:
            messages.append(Message(role, value))
    return _with_metadata(Conversation(messages=messages, tools=tools), r)


def _hermes_split(value: str, where: str) -> tuple[str, list[ToolCall]]:
    try:
        text, found = parse_hermes_calls(value)
    except ValueError as e:
        raise _Bad(f"{where}: {e}") from None
    return text, [ToolCall(*_split_name(name), args) for name, args in found]


def _strip_tag(value: str, tag: str) -> str:
    v = value.strip()
    if v.startswith(f"<{tag}>") and v.endswith(f"</{tag}>"):
        return v[len(tag) + 2 : -len(tag) - 3].strip()
    return value


_XLAM_TYPES = {"str": "string", "string": "string", "int": "integer", "integer": "integer", "float": "number",
               "number": "number", "bool": "boolean", "boolean": "boolean", "list": "array", "array": "array",
               "dict": "object", "object": "object", "set": "array", "tuple": "array"}  # fmt: skip


def _xlam_schema(params: Any, where: str) -> dict[str, Any]:
    """xLAM writes parameters as {name: {type: "str, optional", description, default}};
    turn that into the JSON schema the rest of the code understands."""
    params = _json_value(params, where) if params is not None else {}
    if not isinstance(params, dict):
        raise _Bad(f"{where}: parameters should be an object, got {_kind(params)}")
    if params.get("type") == "object" and isinstance(params.get("properties"), dict):
        return params  # already JSON schema
    props: dict[str, Any] = {}
    required = []
    for name, spec in params.items():
        if not isinstance(spec, dict):
            raise _Bad(f"{where}.{name}: should be an object with 'type' and 'description', got {_kind(spec)}")
        raw_type = str(spec.get("type", "string"))
        base = raw_type.split(",")[0].strip().lower()
        base = base.split("[")[0]
        prop: dict[str, Any] = {"type": _XLAM_TYPES.get(base, "string")}
        if isinstance(spec.get("description"), str):
            prop["description"] = spec["description"]
        if "default" in spec and spec["default"] not in (None, ""):
            prop["default"] = spec["default"]
        props[str(name)] = prop
        if "optional" not in raw_type.lower() and "default" not in spec:
            required.append(str(name))
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        schema["required"] = required
    return schema


def _read_xlam(r: dict[str, Any]) -> Conversation:
    query = _get(r, "query", str, "record")
    tools = []
    for i, t in enumerate(_json_list(r, "tools")):
        where = f"tools[{i}]"
        if not isinstance(t, dict):
            raise _Bad(f"{where}: should be an object, got {_kind(t)}")
        server, name = _split_name(_get(t, "name", str, where))
        desc = _get(t, "description", str, where, "")
        tools.append(Tool(server, name, desc, _xlam_schema(t.get("parameters"), f"{where}.parameters")))
    calls = []
    for i, a in enumerate(_json_list(r, "answers")):
        where = f"answers[{i}]"
        if not isinstance(a, dict):
            raise _Bad(f"{where}: should be an object, got {_kind(a)}")
        server, name = _split_name(_get(a, "name", str, where))
        calls.append(ToolCall(server, name, _arguments(a.get("arguments"), f"{where}.arguments")))
    messages = [Message("user", query), Message("assistant", "", calls)]
    conv = Conversation(messages=messages, tools=tools, id=str(r.get("id", "") or ""))
    return _with_metadata(conv, r)


def _read_plain(r: dict[str, Any]) -> Conversation:
    instruction = _get(r, "instruction", str, "record")
    extra = _get(r, "input", str, "record", "")
    completion = _get(r, "completion", str, "record") if "completion" in r else _get(r, "output", str, "record")
    meta = _get(r, "metadata", dict, "record", {})
    parsed = XmlMcpFormat().parse(completion)
    if not parsed.well_formed or not parsed.json_ok:
        problem = next((c.problem for c in parsed.calls if c.problem), "a stray use_mcp_tool tag")
        raise _Bad(f"completion: broken use_mcp_tool block ({problem})")
    calls = [c.as_tool_call() for c in parsed.calls]
    user = instruction + ("\n\n" + extra if extra else "")
    conv = Conversation(
        messages=[Message("user", user), Message("assistant", parsed.text, [c for c in calls if c])],
        tools=[_canonical_tool(t, f"metadata.tools[{i}]") for i, t in enumerate(_get(meta, "tools", list, "metadata", []))],
        system=_get(r, "system", str, "record", ""),
    )
    return _with_metadata(conv, {**meta, **{k: v for k, v in r.items() if k == "id"}})


def _with_metadata(conv: Conversation, r: dict[str, Any]) -> Conversation:
    """Fields any format may carry next to its own: id, category, expected calls,
    reference answer, extra metadata (top level or inside `metadata`)."""
    meta = r.get("metadata") if isinstance(r.get("metadata"), dict) else {}
    src = {**meta, **{k: v for k, v in r.items() if k in ("id", "category", "expected_calls", "reference")}}
    if src.get("id") is not None:
        conv.id = str(src["id"])
    if "category" in src and src["category"] is not None:
        conv.category = _get(src, "category", str, "record")
    if "expected_calls" in src:
        calls = _get(src, "expected_calls", list, "record")
        conv.expected_calls = [_expected_call(c, f"expected_calls[{i}]") for i, c in enumerate(calls)]
    if src.get("reference") is not None:
        conv.reference = _get(src, "reference", str, "record")
    extra = {k: v for k, v in meta.items() if k not in ("id", "category", "expected_calls", "reference", "tools")}
    if extra:
        conv.metadata = {**conv.metadata, **extra}
    return conv


_READERS = {
    "canonical": _read_canonical,
    "openai": _read_openai,
    "sharegpt": _read_sharegpt,
    "xlam": _read_xlam,
    "plain": _read_plain,
}


# ---------------------------------------------------------------------------- normalization


def _check_conversation(conv: Conversation) -> None:
    """Rules every conversation must meet whatever its source, and the fields a
    source may leave out (system turns folded in, expected calls from the gold answer)."""
    systems = [m.content for m in conv.messages if m.role == "system"]
    if systems:
        conv.system = "\n\n".join([s for s in (conv.system, *systems) if s])
        conv.messages = [m for m in conv.messages if m.role != "system"]
    if not any(m.role == "user" for m in conv.messages):
        raise _Bad("the conversation has no user turn")
    if conv.messages[0].role != "user":
        raise _Bad(f"the conversation starts with a {conv.messages[0].role} turn; it must start with a user turn")
    for i, m in enumerate(conv.messages):
        if m.role == "tool" and (i == 0 or conv.messages[i - 1].role not in ("assistant", "tool")):
            raise _Bad(f"messages[{i}]: a tool result must follow an assistant turn that made a call")
        if m.role == "assistant" and not m.content.strip() and not m.tool_calls:
            raise _Bad(f"messages[{i}]: the assistant turn is empty (no text and no tool calls)")
    if conv.category is not None and conv.category not in (*CATEGORIES, AGENTIC):
        raise _Bad(f"category {conv.category!r} is not one of {', '.join((*CATEGORIES, AGENTIC))}")
    for i, c in enumerate(conv.expected_calls):
        if any(j >= len(conv.expected_calls) or j == i for j in c.after):
            raise _Bad(f"expected_calls[{i}].after: names a call index that does not exist")
    gold = conv.gold_answer()
    if gold is not None and gold.tool_calls and not conv.expected_calls:
        # A foreign dataset's gold calls are its expected calls, each value exactly.
        conv.expected_calls = [
            ExpectedCall(c.server, c.tool, {k: [v] for k, v in c.arguments.items()}) for c in gold.tool_calls
        ]
    if conv.category is None:
        conv.category = infer_category(conv)


def infer_category(conv: Conversation) -> str | None:
    """A best guess for records that do not say their category (parameter formatting
    cannot be told apart from tool selection by shape, so it is never guessed)."""
    gold = conv.gold_answer()
    if gold is None:
        return None
    prompt = conv.prompt_messages()
    if prompt and prompt[-1].role == "tool" and prompt[-1].is_error:
        return "error_handling"
    if len(gold.tool_calls) > 1:
        return "completeness"
    if gold.tool_calls:
        return "tool_selection"
    if not any(m.role == "tool" for m in prompt):
        return "no_tool"
    return None
