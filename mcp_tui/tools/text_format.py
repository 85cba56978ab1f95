"""Text call formats: the MCP system prompt and the chat turns of formats taught by instructions.

Text formats (XML, Hermes; `TextFormat`) teach calls in the system prompt: the call
format's instructions, then the connected servers with their tools and input schemas,
then the task's own system text. Schemas are compact JSON (the layout Cline uses, so a
model tuned on it sees in real clients what it saw in training), or with the `compact`
listing one line per parameter: the same information in ~23% fewer tokens per
conversation, which matters to a small model and to a CPU (both train and answer faster,
and a 135M model attends over less). Assistant calls are written by the call format.
Tool results come back as a user turn, in Cline's wrapper: `[use_mcp_tool for 'server']
Result:` followed by the result, or by an `<error>` block when the tool failed. Results
always travel as user turns (never a template's `tool` role) because the XML format has
no call ids to tie a tool turn to, and one convention keeps the prompt identical across
chat templates. The native format (native_format.py) instead hands the template
OpenAI-shaped tools, calls and tool turns. data/render.py turns the messages into text.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.tools.call_types import CallFormat, Chat, ParsedAnswer

SERVERS_HEADING = "# Connected MCP Servers"
# How the system prompt lists each tool's parameters: its JSON input schema as Cline
# shows it, or one line per parameter (same information; ~35% fewer listing tokens,
# ~23% fewer per conversation with SmolLM2's tokenizer).
LISTINGS: tuple[str, ...] = ("json", "compact")


def tool_listing(tools: list[Tool], style: str = "json") -> str:
    """The servers and their tools, each with its input schema (see LISTINGS)."""
    if style not in LISTINGS:
        raise ValueError(f"unknown tool listing {style!r}; expected one of {', '.join(LISTINGS)}")
    lines = [SERVERS_HEADING]
    servers = list(dict.fromkeys(t.server for t in tools))
    for server in servers:
        lines += ["", f"## {server}", "### Available Tools"]
        for t in tools:
            if t.server != server:
                continue
            desc = " ".join(t.description.split())
            lines.append(f"- {t.name}: {desc}" if desc else f"- {t.name}")
            if style == "compact":
                lines += [f"    {line}" for line in compact_schema(t.input_schema)]
            else:
                schema = json.dumps(t.input_schema, ensure_ascii=False, separators=(",", ":"))
                lines.append(f"    Input Schema: {schema}")
    return "\n".join(lines)


# Schema keywords the compact form writes in its own notation; any other keyword is
# written out as `(keyword: value)`, so nothing of the schema is lost.
_NOTATION = {"type", "description", "enum", "items", "properties", "required", "default"}


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def compact_type(schema: Any) -> str:
    """A schema's type in one expression: `string`, `"a" | "b"`, `integer[]`,
    `{name: string, size?: number}`, with any other keyword in parentheses."""
    if not isinstance(schema, dict):
        return _dumps(schema)
    if "enum" in schema:
        text = " | ".join(_dumps(v) for v in schema["enum"])
    elif schema.get("type") == "array":
        items = schema.get("items", {})
        inner = _described(items)
        text = f"({inner})[]" if inner != compact_type(items) or " | " in inner else f"{inner}[]"
    elif schema.get("type") == "object" and isinstance(schema.get("properties"), dict):
        required = set(schema.get("required") or [])
        parts = [f"{k}{'' if k in required else '?'}: {_described(v)}" for k, v in schema["properties"].items()]
        text = "{" + ", ".join(parts) + "}"
    elif isinstance(schema.get("type"), list):
        text = " | ".join(str(t) for t in schema["type"])
    else:
        text = str(schema.get("type", "any"))
    extra = {k: v for k, v in schema.items() if k not in _NOTATION and not (k == "type" and "enum" in schema)}
    if "enum" in schema and "type" in schema:
        extra = {k: v for k, v in extra.items() if k != "type"}
    if extra:
        text += " (" + ", ".join(f"{k}: {_dumps(v)}" for k, v in extra.items()) + ")"
    return text


def _described(schema: Any) -> str:
    text = compact_type(schema)
    if isinstance(schema, dict):
        if "default" in schema:
            text += f" = {_dumps(schema['default'])}"
        if schema.get("description"):
            text += f" - {' '.join(str(schema['description']).split())}"
    return text


def compact_schema(schema: dict[str, Any]) -> list[str]:
    """An input schema as one line per parameter: `name: type = default - description`,
    `?` after optional names. A schema that is not an object of properties (or has
    other top-level keywords) is written as JSON instead, whole."""
    props = schema.get("properties")
    if schema.get("type") != "object" or not isinstance(props, dict) or set(schema) - {"type", "properties", "required"}:
        return [f"Input Schema: {_dumps(schema)}"]
    if not props:
        return ["(no parameters)"]
    required = set(schema.get("required") or [])
    return [f"{name}{'' if name in required else '?'}: {_described(sub)}" for name, sub in props.items()]


class TextFormat:
    """A call format the model writes as plain text in its turn, taught by instructions
    in the system prompt (module docstring): any chat template renders it, since it
    needs only system, user and assistant turns. Subclasses write and read the calls."""

    name = ""
    stop_strings: tuple[str, ...] = ()
    special_tokens_in_calls = False

    def __init__(self, listing: str = "json") -> None:
        if listing not in LISTINGS:
            raise ValueError(f"unknown tool listing {listing!r}; expected one of {', '.join(LISTINGS)}")
        self.listing = listing  # how the system prompt lists the tools (LISTINGS)

    def chat(self, conv: Conversation, *, include_gold: bool = True) -> Chat:
        return Chat(chat_messages(conv, self, include_gold=include_gold))

    def instructions(self) -> str:
        """What the system prompt tells the model about calling tools in this format."""
        raise NotImplementedError

    def render_calls(self, calls: list[ToolCall], tools: Sequence[Tool]) -> str:
        raise NotImplementedError

    def parse(self, text: str, tools: Sequence[Tool]) -> ParsedAnswer:
        raise NotImplementedError


def system_prompt(conv: Conversation, fmt: TextFormat) -> str:
    """Format instructions, the tool listing of the servers in play (in the format's
    listing style), the task's system text."""
    parts = [fmt.instructions()]
    if conv.tools:
        parts.append(tool_listing(conv.tools, fmt.listing))
    else:
        parts.append(f"{SERVERS_HEADING}\n\n(No MCP servers are connected.)")
    if conv.system.strip():
        parts.append(conv.system.strip())
    return "\n\n".join(parts)


def assistant_text(message: Message, fmt: CallFormat, tools: Sequence[Tool] = ()) -> str:
    """An assistant turn as the model writes it: its text, then its calls."""
    text = message.content.strip()
    if not message.tool_calls:
        return text
    calls = fmt.render_calls(message.tool_calls, tools)
    return f"{text}\n\n{calls}" if text else calls


def tool_result_text(server: str, content: str, is_error: bool) -> str:
    """A tool result as the user turn that carries it back (Cline's wrapper)."""
    head = f"[use_mcp_tool for '{server}'] Result:"
    if is_error:
        return f"{head}\nThe tool execution failed with the following error:\n<error>\n{content}\n</error>"
    return f"{head}\n{content}"


def chat_messages(conv: Conversation, fmt: TextFormat, *, include_gold: bool = True) -> list[dict[str, Any]]:
    """The conversation as chat-template messages: a system turn, then strictly
    alternating user and assistant turns (tool results folded into user turns, and
    neighbouring turns of one role joined), which every template accepts."""
    turns = conv.messages if include_gold else conv.prompt_messages()
    out: list[dict[str, Any]] = [{"role": "system", "content": system_prompt(conv, fmt)}]
    pending: list[str] = []  # servers of the last assistant turn's calls, in order
    for m in turns:
        if m.role == "assistant":
            role, content = "assistant", assistant_text(m, fmt, conv.tools)
            pending = [c.server for c in m.tool_calls]
        elif m.role == "tool":
            server = pending.pop(0) if len(pending) > 1 else (pending[0] if pending else "unknown")
            role, content = "user", tool_result_text(server, m.content, m.is_error)
        elif m.role == "system":
            out[0]["content"] += "\n\n" + m.content
            continue
        else:
            role, content = "user", m.content
        if out[-1]["role"] == role:
            out[-1]["content"] += "\n\n" + content
        else:
            out.append({"role": role, "content": content})
    return out
