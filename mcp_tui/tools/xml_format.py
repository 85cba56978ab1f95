"""The `use_mcp_tool` XML format that prompt-based MCP clients (Cline, Roo) use.

    <use_mcp_tool>
    <server_name>filesystem</server_name>
    <tool_name>read_file</tool_name>
    <arguments>
    {"path": "src/app.py"}
    </arguments>
    </use_mcp_tool>
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from mcp_tui.data.conversation import Tool, ToolCall
from mcp_tui.tools.call_types import ParsedAnswer, ParsedCall
from mcp_tui.tools.text_format import TextFormat

OPEN, CLOSE = "<use_mcp_tool>", "</use_mcp_tool>"
_BLOCK = re.compile(r"<use_mcp_tool>(.*?)(</use_mcp_tool>|(?=<use_mcp_tool>)|\Z)", re.S)


def _field(body: str, tag: str) -> str | None:
    m = re.search(rf"<{tag}>(.*?)</{tag}>", body, re.S)
    return m.group(1).strip() if m else None


def _parse_block(body: str, closed: bool) -> ParsedCall:
    server = _field(body, "server_name")
    tool = _field(body, "tool_name")
    args_text = _field(body, "arguments")
    problems = []
    if not closed:
        problems.append("the call block is not closed with </use_mcp_tool>")
    if not server:
        problems.append("<server_name> is missing")
    if not tool:
        problems.append("<tool_name> is missing")
    arguments = None
    if args_text is None:
        problems.append("<arguments> is missing")
    else:
        try:
            value = json.loads(args_text) if args_text else {}
        except json.JSONDecodeError as e:
            problems.append(f"arguments are not valid JSON ({e.msg} at column {e.colno})")
        else:
            if isinstance(value, dict):
                arguments = value
            else:
                problems.append("arguments are valid JSON but not an object")
    structural = [p for p in problems if "JSON" not in p and "object" not in p]
    return ParsedCall(
        server=server or "",
        tool=tool or "",
        arguments=arguments,
        raw=OPEN + body + (CLOSE if closed else ""),
        well_formed=not structural,
        problem="; ".join(problems),
    )


class XmlMcpFormat(TextFormat):
    """The `use_mcp_tool` XML convention (see the module docstring)."""

    name = "xml"
    stop_strings = (CLOSE,)

    def render_calls(self, calls: list[ToolCall], tools: Sequence[Tool] = ()) -> str:
        return "\n".join(
            f"{OPEN}\n<server_name>{c.server}</server_name>\n<tool_name>{c.tool}</tool_name>\n"
            f"<arguments>\n{json.dumps(c.arguments, ensure_ascii=False)}\n</arguments>\n{CLOSE}"
            for c in calls
        )

    def parse(self, text: str, tools: Sequence[Tool] = ()) -> ParsedAnswer:
        calls = []
        pieces = []
        pos = 0
        for m in _BLOCK.finditer(text):
            pieces.append(text[pos : m.start()])
            calls.append(_parse_block(m.group(1), closed=m.group(2) == CLOSE))
            pos = m.end()
        pieces.append(text[pos:])
        plain = "".join(pieces)
        # A stray closing tag or tag fragment outside any block is also malformed output.
        stray = any(tag in plain for tag in (CLOSE, "<server_name>", "<tool_name>", "<arguments>"))
        return ParsedAnswer(
            text=plain.strip(),
            calls=calls,
            well_formed=all(c.well_formed for c in calls) and not stray,
        )

    def instructions(self) -> str:
        return (
            "You can use the tools of the connected MCP servers listed below. To use a tool, "
            "answer with exactly this XML, one block per call, and nothing after the last block:\n"
            f"{OPEN}\n<server_name>server name</server_name>\n<tool_name>tool name</tool_name>\n"
            "<arguments>\n{JSON object matching the tool's input schema}\n</arguments>\n"
            f"{CLOSE}\n"
            "Use a tool only when the request needs one of the listed tools. When no tool fits, "
            "answer in plain text without any tool call. When a tool returns an error, fix the "
            "arguments and try again, or explain the problem; never repeat the same failing call."
        )
