"""What the task asked and what a right answer is: the request, the tools in play and
the expected calls (with the values the checker accepts) or the reference answer."""

from __future__ import annotations

import json
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from mcp_tui.data.conversation import Conversation, ExpectedCall

# Earlier turns shown above the request; older ones are summarized by count.
TURNS_SHOWN = 3


def expected_text(call: ExpectedCall) -> Text:
    """`server.tool(arg=value | other, opt=omit | value)`: the accepted values per parameter."""
    parts = []
    for name, accepted in call.arguments.items():
        values = " | ".join("omit" if v == "" else json.dumps(v, ensure_ascii=False) for v in accepted)
        parts.append(f"{name}={values}")
    order = f"  (after call {', '.join(str(i + 1) for i in call.after)})" if call.after else ""
    return Text.assemble((f"{call.server}.{call.tool}", "bold cyan"), f"({', '.join(parts)})", order)


def task_renderable(task_id: str, task: Conversation | None, record: dict[str, Any] | None) -> RenderableType:
    """The task's header block for the side-by-side view."""
    category = (task.category if task else None) or (record or {}).get("category", "?")
    head = Text.assemble((task_id, "bold"), "  ", (category, "magenta"))
    if task is None and record is not None and "transcript" in record:
        return Group(head, Text.assemble(("user: ", "bold"), record["transcript"]["task"]),
                     Text(f"family {record.get('family', '?')}; step budget {record.get('max_steps', '?')}; "
                          "scored by the sandbox's final state", style="dim"))
    if task is None:
        return Group(head, Text("The task file is not readable; only the answers are shown.", style="yellow"))
    turns = task.prompt_messages()
    lines: list[RenderableType] = [head]
    if len(turns) > TURNS_SHOWN:
        lines.append(Text(f"… {len(turns) - TURNS_SHOWN} earlier turns", style="dim"))
    for m in turns[-TURNS_SHOWN:]:
        style = "red" if m.is_error else "dim" if m.role != "user" else ""
        body = m.content or " ".join(f"{c.server}.{c.tool}({json.dumps(c.arguments)})" for c in m.tool_calls)
        lines.append(Text.assemble((f"{m.role}: ", "bold"), (body, style)))
    servers = ", ".join(task.servers)
    lines.append(Text.assemble(("servers: ", "bold"), (servers or "none", "dim")))
    if task.expected_calls:
        lines.append(Text("expected:", style="bold"))
        lines.extend(Text.assemble("  ", expected_text(c)) for c in task.expected_calls)
    elif task.reference is not None:
        lines.append(Text.assemble(("expected: no tool call; reference answer: ", "bold"), task.reference))
    return Group(*lines)
