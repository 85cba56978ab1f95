"""The one conversation type that every reader produces and every consumer reads.

Readers (plain JSONL, OpenAI chat, ShareGPT/Hermes, xLAM, `datasets` folders) normalize
into `Conversation`; rendering, tokenization, the generator and the evaluator only ever
see this type. The canonical JSONL of the bundled datasets is `Conversation.to_dict()`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant", "tool"]
ROLES: tuple[str, ...] = ("system", "user", "assistant", "tool")

# The evaluation categories of DESIGN.md, in the order reports show them.
CATEGORIES: tuple[str, ...] = (
    "tool_selection",
    "parameter_formatting",
    "completeness",
    "error_handling",
    "no_tool",
)
# Multi-step tasks worked through real MCP servers and scored by their outcome (mcp_tui/agent).
# Not a single-turn category: the generator's categories and the single-turn scorer leave it out.
AGENTIC = "agentic"
# Server name given to tools that arrive without one (OpenAI, Hermes, xLAM function lists).
DEFAULT_SERVER = "tools"


class DataError(ValueError):
    """A dataset problem a user can fix: the message names the file, line and field."""


@dataclass(frozen=True)
class Tool:
    """One MCP tool as a server lists it: name, description and JSON input schema."""

    server: str
    name: str
    description: str = ""
    input_schema: dict[str, Any] = field(default_factory=lambda: {"type": "object", "properties": {}})

    def to_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "name": self.name,
            "description": self.description,
            "input_schema": self.input_schema,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Tool:
        return cls(
            server=str(d["server"]),
            name=str(d["name"]),
            description=str(d.get("description", "")),
            input_schema=dict(d.get("input_schema") or {"type": "object", "properties": {}}),
        )


@dataclass(frozen=True)
class ToolCall:
    """A call the assistant makes: which server, which tool, with which arguments."""

    server: str
    tool: str
    arguments: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"server": self.server, "tool": self.tool, "arguments": self.arguments}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ToolCall:
        return cls(server=str(d["server"]), tool=str(d["tool"]), arguments=dict(d.get("arguments") or {}))


@dataclass
class Message:
    """One turn. Assistant turns may carry tool calls (after their text); tool turns
    carry a tool's result, flagged when the tool reported an error."""

    role: Role
    content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    is_error: bool = False

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"role": self.role, "content": self.content}
        if self.tool_calls:
            d["tool_calls"] = [c.to_dict() for c in self.tool_calls]
        if self.is_error:
            d["is_error"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Message:
        role = d["role"]
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
        return cls(
            role=role,
            content=str(d.get("content") or ""),
            tool_calls=[ToolCall.from_dict(c) for c in d.get("tool_calls") or []],
            is_error=bool(d.get("is_error", False)),
        )


@dataclass(frozen=True)
class ExpectedCall:
    """A call the answer must contain, checked the way BFCL's AST checker does.

    `arguments` maps each parameter to its list of accepted values; a list containing
    "" marks the parameter optional (it may be left out). `after` lists the indices (in
    the task's expected calls) of calls that must come before this one, so a task can
    say "read before write" without forcing an order on independent calls.
    """

    server: str
    tool: str
    arguments: dict[str, list[Any]] = field(default_factory=dict)
    after: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"server": self.server, "tool": self.tool, "arguments": self.arguments}
        if self.after:
            d["after"] = list(self.after)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ExpectedCall:
        return cls(
            server=str(d["server"]),
            tool=str(d["tool"]),
            arguments={str(k): list(v) for k, v in (d.get("arguments") or {}).items()},
            after=tuple(int(i) for i in d.get("after") or ()),
        )


@dataclass
class Conversation:
    """A dialogue with the MCP tools in play and, for evaluation, what a right answer is.

    `messages` may end with the gold assistant answer (training) or before it (a prompt).
    `expected_calls` and `reference` describe the final assistant turn: the calls it must
    make, and the plain-text answer where the right answer is text (no tool fits, or the
    reply after a tool result). `system` is extra system text beyond the tool listing.
    """

    messages: list[Message]
    tools: list[Tool] = field(default_factory=list)
    id: str = ""
    category: str | None = None
    expected_calls: list[ExpectedCall] = field(default_factory=list)
    reference: str | None = None
    system: str = ""
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def servers(self) -> list[str]:
        """Server names in first-seen order."""
        return list(dict.fromkeys(t.server for t in self.tools))

    def tool(self, server: str, name: str) -> Tool | None:
        """The tool with this server and name, if it is in play."""
        return next((t for t in self.tools if t.server == server and t.name == name), None)

    def prompt_messages(self) -> list[Message]:
        """The turns before the final assistant answer: what a model sees at eval time."""
        if self.messages and self.messages[-1].role == "assistant":
            return self.messages[:-1]
        return list(self.messages)

    def gold_answer(self) -> Message | None:
        """The final assistant turn, when the conversation carries one."""
        if self.messages and self.messages[-1].role == "assistant":
            return self.messages[-1]
        return None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id}
        if self.category:
            d["category"] = self.category
        if self.system:
            d["system"] = self.system
        d["tools"] = [t.to_dict() for t in self.tools]
        d["messages"] = [m.to_dict() for m in self.messages]
        if self.expected_calls:
            d["expected_calls"] = [c.to_dict() for c in self.expected_calls]
        if self.reference is not None:
            d["reference"] = self.reference
        if self.metadata:
            d["metadata"] = self.metadata
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Conversation:
        return cls(
            messages=[Message.from_dict(m) for m in d["messages"]],
            tools=[Tool.from_dict(t) for t in d.get("tools") or []],
            id=str(d.get("id", "")),
            category=d.get("category"),
            expected_calls=[ExpectedCall.from_dict(c) for c in d.get("expected_calls") or []],
            reference=d.get("reference"),
            system=str(d.get("system") or ""),
            metadata=dict(d.get("metadata") or {}),
        )
