"""What a model's answer says, in a format-independent shape, and the format interface.

A call format (the `use_mcp_tool` XML of prompt-based MCP clients, a model's native
tool-call tokens, ...) is one small module implementing `CallFormat`: how calls are
written into an assistant turn, how they are read back out of generated text, and the
instructions the system prompt gives about them. Everything else (rendering prompts,
scoring) goes through this interface, so a second format is one new module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from mcp_tui.data.conversation import ToolCall


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


class CallFormat(Protocol):
    """How tool calls are written and read in one convention."""

    name: str
    # Strings at which generation can stop: the end of a call block.
    stop_strings: tuple[str, ...]
    # How the system prompt lists the tools' parameters (data.render.LISTINGS).
    listing: str

    def render_calls(self, calls: list[ToolCall]) -> str:
        """The text of an assistant turn's calls, as the model should produce it."""
        ...

    def parse(self, text: str) -> ParsedAnswer:
        """Every call in generated text, tolerant of text around and between them."""
        ...

    def instructions(self) -> str:
        """What the system prompt tells the model about calling tools in this format."""
        ...


def call_format(name: str, listing: str = "json") -> CallFormat:
    """The call format registered under `name` (the `data.call_format` setting), listing
    tools in the system prompt as `listing` says (the `data.tool_listing` setting)."""
    from mcp_tui.tools.hermes_format import HermesFormat
    from mcp_tui.tools.xml_format import XmlMcpFormat

    formats: dict[str, type] = {"xml": XmlMcpFormat, "hermes": HermesFormat}
    if name not in formats:
        raise ValueError(f"unknown call format {name!r}; expected one of {', '.join(formats)}")
    return formats[name](listing=listing)
