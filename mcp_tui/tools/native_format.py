"""The model's own tool calling: tools, calls and results as its chat template takes them.

A served model with native tool calling (vLLM's `--tool-call-parser`, Ollama, llama.cpp
`--jinja`) gets the client's tools as OpenAI function definitions and answers with calls
in its own markup, which the server parses back. Training in that shape is what makes a
tuned model work behind such a server:

- A Mistral model (mistral_common tokenizer; Devstral) is encoded by mistral_common's
  chat request encoding (render.mistral_request): tools in `[AVAILABLE_TOOLS]`, calls
  as `[TOOL_CALLS]name[ARGS]{json}` (v11 and later; v11 adds `[CALL_ID]id` when the call
  has one) or as a `[TOOL_CALLS][{"name": ..., "arguments": ...}]` JSON list (v3 to v7),
  results in `[TOOL_RESULTS]`.
- A Hugging Face model renders the same messages through its chat template with
  `tools=`; Qwen2.5 and Hermes templates write calls as `<tool_call>{json}</tool_call>`.

`parse` reads all of these forms. An MCP client flattens its servers' tools into one
function namespace; the rule here (`function_name`) is the bare tool name when no other
connected server has a tool of that name, and `server__tool` when one does. Rendering
and parsing apply the same rule, so parsing needs the connected tools. Every call gets
an id fixed by its place in the conversation (`call_id`): results name the call they
answer, and a prompt and the whole conversation agree on every id. A failed tool's
result reads `Error: ...`, as the tool's text is all an OpenAI-style tool turn carries.
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Sequence
from typing import Any

from mcp_tui.data.conversation import DEFAULT_SERVER, Conversation, DataError, Message, Tool, ToolCall
from mcp_tui.tools.call_types import Chat, ParsedAnswer, ParsedCall
from mcp_tui.tools.hermes_format import join_name, parse_blocks, split_name

TOOL_CALLS, ARGS, CALL_ID = "[TOOL_CALLS]", "[ARGS]", "[CALL_ID]"
_ID_ALPHABET = string.ascii_letters + string.digits
_NAME_END = re.compile(r"\[ARGS\]|\[CALL_ID\]|\{")
_LIST_START = re.compile(r"\s*\[\s*[{\]]")  # `[{...}]` (or `[]`): the v3-v7 form


def function_name(server: str, tool: str, tools: Sequence[Tool]) -> str:
    """The flat function name of an MCP tool (module docstring)."""
    shared = any(t.name == tool and t.server != server for t in tools)
    return join_name(server, tool) if shared else tool


def tool_of(name: str, tools: Sequence[Tool]) -> tuple[str, str]:
    """(server, tool) of a called function name: the connected tool it names under the
    rule of `function_name`, else read as `server__tool` (or a bare name on the
    default server), which the scorer then reports as a tool not offered."""
    for t in tools:
        if function_name(t.server, t.name, tools) == name:
            return t.server, t.name
    return split_name(name, DEFAULT_SERVER)


def call_id(turn: int, k: int) -> str:
    """The id of the `k`-th call of message `turn`: 9 letters and digits, the form
    mistral_common accepts, derived from the position alone."""
    digest = hashlib.sha256(f"{turn}.{k}".encode()).digest()
    return "".join(_ID_ALPHABET[b % len(_ID_ALPHABET)] for b in digest[:9])


def tool_definition(tool: Tool, tools: Sequence[Tool]) -> dict[str, Any]:
    """An MCP tool as an OpenAI function definition (what `tools=` carries)."""
    return {"type": "function", "function": {
        "name": function_name(tool.server, tool.name, tools),
        "description": " ".join(tool.description.split()),
        "parameters": tool.input_schema,
    }}


class NativeFormat:
    """The model's native tool calling (see the module docstring)."""

    name = "native"
    stop_strings: tuple[str, ...] = ()  # a native answer ends with the end-of-turn token
    special_tokens_in_calls = True

    def chat(self, conv: Conversation, *, include_gold: bool = True) -> Chat:
        turns = conv.messages if include_gold else conv.prompt_messages()
        system = [conv.system]
        messages: list[dict[str, Any]] = []
        pending: list[dict[str, Any]] = []  # calls of the last assistant turn not yet answered
        for i, m in enumerate(turns):
            if m.role == "system":
                system.append(m.content)
            elif m.role == "assistant":
                calls = [self._call(c, call_id(i, k), conv.tools) for k, c in enumerate(m.tool_calls)]
                turn: dict[str, Any] = {"role": "assistant", "content": m.content.strip()}
                if calls:
                    turn["tool_calls"] = calls
                messages.append(turn)
                pending = list(calls)
            elif m.role == "tool":
                if not pending:
                    raise DataError(f"conversation {conv.id or '?'}: the tool result at message {i + 1} answers no call "
                                    "(native tool calling ties every result to a call of the assistant turn before it)")
                messages.append(self._result(m, pending.pop(0)))
            else:
                messages.append({"role": "user", "content": m.content})
        system_text = "\n\n".join(s.strip() for s in system if s.strip())
        if system_text:
            messages.insert(0, {"role": "system", "content": system_text})
        return Chat(messages, [tool_definition(t, conv.tools) for t in conv.tools])

    @staticmethod
    def _call(call: ToolCall, cid: str, tools: Sequence[Tool]) -> dict[str, Any]:
        return {"id": cid, "type": "function",
                "function": {"name": function_name(call.server, call.tool, tools), "arguments": call.arguments}}

    @staticmethod
    def _result(message: Message, call: dict[str, Any]) -> dict[str, Any]:
        content = f"Error: {message.content}" if message.is_error else message.content
        return {"role": "tool", "tool_call_id": call["id"], "name": call["function"]["name"], "content": content}

    def render_calls(self, calls: list[ToolCall], tools: Sequence[Tool]) -> str:
        """The calls in Mistral's v11+ text form (a Hugging Face template writes its own,
        which `parse` reads too)."""
        return "".join(f"{TOOL_CALLS}{function_name(c.server, c.tool, tools)}{ARGS}"
                       f"{json.dumps(c.arguments, ensure_ascii=False)}" for c in calls)

    def parse(self, text: str, tools: Sequence[Tool]) -> ParsedAnswer:
        if TOOL_CALLS not in text and "<tool_call>" in text:
            return parse_blocks(text, lambda name: tool_of(name, tools))
        plain, *segments = text.split(TOOL_CALLS)
        calls = [c for segment in segments for c in _parse_segment(segment, tools)]
        stray = any(marker in plain for marker in (ARGS, CALL_ID))
        return ParsedAnswer(text=plain.strip(), calls=calls,
                            well_formed=all(c.well_formed for c in calls) and not stray)


def _parse_segment(segment: str, tools: Sequence[Tool]) -> list[ParsedCall]:
    """The call(s) after one [TOOL_CALLS]: `name[ARGS]{json}` (v11+, maybe with
    `[CALL_ID]id` before [ARGS]) or a JSON list of calls (v3 to v7)."""
    raw = TOOL_CALLS + segment
    if _LIST_START.match(segment):
        return _parse_list(segment, raw, tools)
    end = _NAME_END.search(segment)
    name = (segment[: end.start()] if end else segment).strip()
    server, tool = tool_of(name, tools) if name else ("", "")
    if ARGS not in segment:
        # A name followed directly by JSON is the v11 form some servers print without
        # special tokens; without [ARGS] it is not what the model was trained to write.
        return [ParsedCall(server, tool, None, raw, well_formed=False, problem=f"the call has no {ARGS}")]
    if not name:
        return [ParsedCall("", "", None, raw, well_formed=False, problem="the call has no function name")]
    arguments, problem = _arguments(segment.split(ARGS, 1)[1])
    if ARGS in segment.split(ARGS, 1)[1]:
        return [ParsedCall(server, tool, arguments, raw, well_formed=False, problem=f"{ARGS} appears twice in one call")]
    return [ParsedCall(server, tool, arguments, raw, problem=problem)]


def _arguments(text: str) -> tuple[dict[str, Any] | None, str]:
    """Arguments as a JSON object, or None and what is wrong with them."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        return None, f"arguments are not valid JSON ({e.msg} at column {e.colno})"
    except RecursionError:
        return None, "arguments are nested too deeply"
    if not isinstance(value, dict):
        return None, "arguments are valid JSON but not an object"
    return value, ""


def _parse_list(segment: str, raw: str, tools: Sequence[Tool]) -> list[ParsedCall]:
    try:
        items = json.loads(segment)
    except json.JSONDecodeError as e:
        return [ParsedCall("", "", None, raw, well_formed=False,
                           problem=f"the {TOOL_CALLS} list is not valid JSON ({e.msg} at column {e.colno})")]
    except RecursionError:
        return [ParsedCall("", "", None, raw, well_formed=False, problem=f"the {TOOL_CALLS} list is nested too deeply")]
    if not isinstance(items, list) or not items:
        return [ParsedCall("", "", None, raw, well_formed=False, problem=f"the {TOOL_CALLS} list holds no call")]
    calls = []
    for item in items:
        if not isinstance(item, dict) or not isinstance(item.get("name"), str) or not item["name"]:
            calls.append(ParsedCall("", "", None, raw, well_formed=False, problem="a call has no string 'name'"))
            continue
        server, tool = tool_of(item["name"], tools)
        args = item.get("arguments", {})
        arguments, problem = _arguments(args) if isinstance(args, str) else (
            (args, "") if isinstance(args, dict) else (None, "arguments are valid JSON but not an object"))
        calls.append(ParsedCall(server, tool, arguments, raw, problem=problem))
    return calls
