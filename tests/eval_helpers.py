"""Eval tasks of every category and scripted answerers for the eval tests."""

from __future__ import annotations

import time

from mcp_tui.agent.loop import Generation
from mcp_tui.data.conversation import Conversation, ExpectedCall, Message, Tool, ToolCall
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()

FS_TOOLS = [
    Tool("filesystem", "read_text_file", "Read a file", {
        "type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"],
    }),
    Tool("filesystem", "write_file", "Write a file", {
        "type": "object",
        "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
        "required": ["path", "content"],
    }),
]


def make_tasks(n_per_category: int = 3) -> list[Conversation]:
    """Tasks of all five categories, each with a gold answer the scorer passes."""
    tasks = []
    for i in range(n_per_category):
        read = ToolCall("filesystem", "read_text_file", {"path": f"src/m{i}.py"})
        write = ToolCall("filesystem", "write_file", {"path": f"out{i}.txt", "content": "ok"})
        tasks += [
            _task(f"sel-{i}", "tool_selection", f"Show me src/m{i}.py", [read]),
            _task(f"par-{i}", "parameter_formatting", f"Save 'ok' to out{i}.txt", [write]),
            _task(f"com-{i}", "completeness", f"Read src/m{i}.py and save ok to out{i}.txt", [read, write], after={1: (0,)}),
            _task(f"err-{i}", "error_handling", f"Show m{i}.py", [read], messages=[
                Message("user", f"Show m{i}.py"),
                Message("assistant", "", [ToolCall("filesystem", "read_text_file", {"path": f"m{i}.py"})]),
                Message("tool", f"ENOENT: m{i}.py", is_error=True),
            ]),
            Conversation(
                messages=[Message("user", f"What is {i} plus {i}?"), Message("assistant", f"{i} plus {i} is {2 * i}.")],
                tools=FS_TOOLS, id=f"not-{i}", category="no_tool", reference=f"{i} plus {i} is {2 * i}.",
            ),
        ]
    return tasks


def _task(id_, category, prompt, calls, after=None, messages=None):
    after = after or {}
    expected = [
        ExpectedCall(c.server, c.tool, {k: [v] for k, v in c.arguments.items()}, after=after.get(j, ()))
        for j, c in enumerate(calls)
    ]
    msgs = messages or [Message("user", prompt)]
    return Conversation(messages=[*msgs, Message("assistant", "", list(calls))], tools=FS_TOOLS, id=id_,
                        category=category, expected_calls=expected)


def gold_text(task: Conversation) -> str:
    gold = task.gold_answer()
    return (gold.content + "\n" + FMT.render_calls(gold.tool_calls)).strip()


class Scripted:
    """An answerer that gives the gold answer (`good`) or a plain refusal, and counts tasks."""

    def __init__(self, good: bool, fail_after: int | None = None) -> None:
        self.good = good
        self.fail_after = fail_after
        self.answered: list[str] = []

    def __call__(self, tasks: list[Conversation]) -> list[Generation]:
        if self.fail_after is not None and len(self.answered) >= self.fail_after:
            raise KeyboardInterrupt
        self.answered += [t.id for t in tasks]
        time.sleep(0.01)
        return [Generation(gold_text(t) if self.good else "", True, 5, 0.5) for t in tasks]
