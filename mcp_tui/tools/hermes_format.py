"""The Hermes / Qwen native tool-call convention: JSON inside `<tool_call>` tags.

    <tool_call>
    {"name": "filesystem__read_file", "arguments": {"path": "src/app.py"}}
    </tool_call>

Native tool calling has one flat function namespace, so an MCP tool is named
`server__tool` (the convention MCP clients use when they flatten servers). The same
parser reads ShareGPT/Hermes datasets, whose older records write Python-style dicts
(single quotes) instead of JSON; those are accepted on reading, never produced.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Callable, Sequence
from typing import Any

from mcp_tui.data.conversation import Tool, ToolCall
from mcp_tui.tools.call_types import ParsedAnswer, ParsedCall
from mcp_tui.tools.text_format import TextFormat

OPEN, CLOSE = "<tool_call>", "</tool_call>"
_BLOCK = re.compile(r"<tool_call>(.*?)(</tool_call>|(?=<tool_call>)|\Z)", re.S)
_TOOLS = re.compile(r"<tools>(.*?)</tools>", re.S)
SEPARATOR = "__"


def _loads_lenient(text: str) -> Any:
    """JSON, or the Python literal syntax some Hermes datasets use; ValueError otherwise."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        first = e
    except RecursionError:
        raise ValueError("JSON nested too deeply") from None
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        raise ValueError(f"not valid JSON ({first.msg} at column {first.colno})") from None


def join_name(server: str, tool: str) -> str:
    return f"{server}{SEPARATOR}{tool}"


def split_name(name: str, default_server: str) -> tuple[str, str]:
    """`server__tool` (or Claude Code's `mcp__server__tool`) to (server, tool); a bare
    name belongs to `default_server`."""
    parts = [p for p in name.split(SEPARATOR) if p]
    if len(parts) >= 2:
        if parts[0] == "mcp" and len(parts) >= 3:
            parts = parts[1:]
        return parts[0], SEPARATOR.join(parts[1:])
    return default_server, name


def _parse_block(body: str, closed: bool) -> tuple[str, dict[str, Any] | None, list[str]]:
    problems = [] if closed else ["the call block is not closed with </tool_call>"]
    try:
        value = _loads_lenient(body.strip())
    except ValueError as e:
        return "", None, [*problems, str(e)]
    if not isinstance(value, dict) or not isinstance(value.get("name"), str):
        return "", None, [*problems, "the call is not an object with a string 'name'"]
    args = value.get("arguments", value.get("parameters", {}))
    if isinstance(args, str):
        try:
            args = _loads_lenient(args)
        except ValueError as e:
            return value["name"], None, [*problems, f"arguments: {e}"]
    if not isinstance(args, dict):
        return value["name"], None, [*problems, "arguments are not a JSON object"]
    return value["name"], args, problems


def _scan(text: str) -> tuple[str, list[tuple[str, dict[str, Any] | None, list[str], str, bool]]]:
    """The text outside call blocks, and per block (name, arguments, problems, raw, closed)."""
    blocks = []
    pieces = []
    pos = 0
    for m in _BLOCK.finditer(text):
        pieces.append(text[pos : m.start()])
        closed = m.group(2) == CLOSE
        name, args, problems = _parse_block(m.group(1), closed)
        blocks.append((name, args, problems, OPEN + m.group(1) + (CLOSE if closed else ""), closed))
        pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces), blocks


def parse_blocks(text: str, tool_of: Callable[[str], tuple[str, str]]) -> ParsedAnswer:
    """Every `<tool_call>` block of an answer; `tool_of` maps a function name to its
    (server, tool)."""
    plain, blocks = _scan(text)
    calls = []
    for name, args, problems, raw, closed in blocks:
        server, tool = tool_of(name) if name else ("", "")
        calls.append(ParsedCall(server, tool, args, raw, well_formed=closed and bool(name), problem="; ".join(problems)))
    return ParsedAnswer(text=plain.strip(), calls=calls,
                        well_formed=all(c.well_formed for c in calls) and CLOSE not in plain)


def parse_hermes_calls(text: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """The plain text and the (name, arguments) calls of a Hermes assistant turn;
    ValueError naming the first broken call."""
    plain, blocks = _scan(text)
    for _, _, problems, _, _ in blocks:
        if problems:
            raise ValueError(f"broken <tool_call> ({'; '.join(problems)})")
    return plain.strip(), [(name, args or {}) for name, args, _, _, _ in blocks]


def parse_hermes_tools(system: str) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, description, parameters) of the functions a Hermes system prompt lists
    inside `<tools>...</tools>`; [] when it lists none."""
    found: list[tuple[str, str, dict[str, Any]]] = []
    for block in _TOOLS.findall(system):
        text = block.strip()
        if not text:
            continue
        try:
            value = _loads_lenient(text)
        except ValueError:
            # Some datasets write one object per line instead of an array.
            try:
                value = [_loads_lenient(line) for line in text.splitlines() if line.strip()]
            except ValueError as e:
                raise ValueError(f"the <tools> block is not valid JSON ({e})") from None
        for item in value if isinstance(value, list) else [value]:
            fn = item.get("function", item) if isinstance(item, dict) else None
            if not isinstance(fn, dict) or not isinstance(fn.get("name"), str):
                raise ValueError("an entry of the <tools> block has no string 'name'")
            params = fn.get("parameters") or {"type": "object", "properties": {}}
            if not isinstance(params, dict):
                raise ValueError(f"tool {fn['name']!r}: 'parameters' is not an object")
            desc = fn.get("description") if isinstance(fn.get("description"), str) else ""
            found.append((fn["name"], desc, params))
    return found


class HermesFormat(TextFormat):
    """`<tool_call>` JSON blocks (see the module docstring)."""

    name = "hermes"
    stop_strings = (CLOSE,)

    def __init__(self, default_server: str = "tools", listing: str = "json") -> None:
        super().__init__(listing)
        self.default_server = default_server

    def render_calls(self, calls: list[ToolCall], tools: Sequence[Tool] = ()) -> str:
        return "\n".join(
            f"{OPEN}\n"
            + json.dumps({"name": join_name(c.server, c.tool), "arguments": c.arguments}, ensure_ascii=False)
            + f"\n{CLOSE}"
            for c in calls
        )

    def parse(self, text: str, tools: Sequence[Tool] = ()) -> ParsedAnswer:
        return parse_blocks(text, lambda name: split_name(name, self.default_server))

    def instructions(self) -> str:
        return (
            "You can use the tools of the connected MCP servers listed below. To use a tool, "
            f"answer with one {OPEN} block per call, holding a JSON object with the function name "
            f"(server name, two underscores, tool name) and its arguments:\n{OPEN}\n"
            '{"name": "server__tool", "arguments": {JSON object matching the tool\'s input schema}}\n'
            f"{CLOSE}\n"
            "Use a tool only when the request needs one of the listed tools. When no tool fits, "
            "answer in plain text without any tool call. When a tool returns an error, fix the "
            "arguments and try again, or explain the problem; never repeat the same failing call."
        )
