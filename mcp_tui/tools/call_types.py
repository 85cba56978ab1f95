"""What a model's answer says, in a format-independent shape, and the format interface.

A call format (the `use_mcp_tool` XML of prompt-based MCP clients, Hermes `<tool_call>`
blocks, the model's own native tool calling) is one small module implementing
`CallFormat`: how a conversation reads to the model (`chat`: chat-template messages and,
for native tool calling, the tools a template lists) and how calls are read back out of
generated text (`parse`). Tokenization, generation, scoring and export go through this
interface only, so a new format is one new module registered in calls.py.

Parsing takes the task's tools because a native tool call names one flat function, and
only the connected tools say which MCP server it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp_tui.data.conversation import Conversation, Tool, ToolCall


@dataclass(frozen=True)
class ParsedCall:
    """One call found in an answer. `arguments` is None when they were not valid JSON
    (or not a JSON object); `problem` then says what was wrong, for the report."""

    server: str
    tool: str
    arguments: dict[str, Any] | None
    raw: str
    well_formed: bool = True
    problem: str = ""

    @property
    def json_ok(self) -> bool:
        return self.arguments is not None

    def as_tool_call(self) -> ToolCall | None:
        """The call as a ToolCall, or None when it cannot be executed as written."""
        if not self.well_formed or self.arguments is None:
            return None
        return ToolCall(self.server, self.tool, self.arguments)


@dataclass(frozen=True)
class ParsedAnswer:
    """An answer split into its plain text and its calls, with validity flags.

    `well_formed` is False when any call block is broken (unclosed, missing a field);
    `json_ok` is False when any call's arguments are not a JSON object. A garbled answer
    with a broken block is never mistaken for a plain-text answer.
    """

    text: str
    calls: list[ParsedCall] = field(default_factory=list)
    well_formed: bool = True

    @property
    def json_ok(self) -> bool:
        return all(c.json_ok for c in self.calls)

    @property
    def has_call(self) -> bool:
        return bool(self.calls) or not self.well_formed


@dataclass(frozen=True)
class Chat:
    """A conversation as a chat template takes it: OpenAI-shaped messages (`role`,
    `content`, and for native tool calling `tool_calls` and `tool_call_id`), and the
    tools to list as OpenAI function definitions (None: the format lists them itself,
    in the system prompt)."""

    messages: list[dict[str, Any]]
    tools: list[dict[str, Any]] | None = None


class CallFormat(Protocol):
    """How tool calls are written and read in one convention."""

    name: str
    # Strings at which generation can stop: the end of a call block (none: the end of turn).
    stop_strings: tuple[str, ...]
    # Whether calls are written with special tokens (Mistral's [TOOL_CALLS]), so an answer
    # must be decoded with them to be parsed.
    special_tokens_in_calls: bool

    def chat(self, conv: Conversation, *, include_gold: bool = True) -> Chat:
        """The conversation as the model reads it (without the final answer unless
        `include_gold`)."""
        ...

    def render_calls(self, calls: list[ToolCall], tools: Sequence[Tool]) -> str:
        """The text of an assistant turn's calls, as the model should produce it."""
        ...

    def parse(self, text: str, tools: Sequence[Tool]) -> ParsedAnswer:
        """Every call in generated text, tolerant of text around and between them;
        `tools` are the connected tools, which map a call's name to its server."""
        ...
