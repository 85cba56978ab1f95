"""One model's answer to a task, with the verdict of every check (why it failed)."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from mcp_tui.agent.transcript import Transcript, render_text
from mcp_tui.tui.widgets.evaluation.tasks import verdict

# Checks of call markup ("xml" is the syntax check's name in older reports): an answer with
# no call passes them vacuously, which says nothing, so they show as not applicable.
CALL_MARKUP_CHECKS = frozenset({"syntax", "xml", "json"})


def answer_renderable(model: str, record: dict[str, Any] | None) -> RenderableType:
    """The model's raw answer, then ✓/✗ per check with its reason, then speed."""
    if record is None:
        return Text(f"{model}: not answered yet", style="dim")
    head = Text.assemble((model, "bold"), "  ", verdict(record.get("passed")))
    if "transcript" in record:  # an agentic task: every step, then what it changed
        answer = Text(render_text(Transcript.from_dict(record["transcript"])) + "\n\nchanges to the sandbox:\n"
                      + (record.get("diff") or "(none)"))
    else:
        answer = Text(record.get("answer") or record.get("text") or "(empty answer)",
                      style="" if record.get("answer") else "dim")
    facts = []
    if record.get("latency_s") is not None:
        facts.append(f"{record['latency_s']:.2f} s")
    if record.get("tokens_per_s") is not None:
        facts.append(f"{record['tokens_per_s']:.1f} tok/s")
    if record.get("relevance") is not None:
        facts.append(f"relevance {record['relevance']:.2f}")
    if record.get("finished") is False:
        facts.append("hit the token limit")
    return Group(head, Text(""), answer, Text(""), _checks(record), Text("  ".join(facts), style="dim"))


def _checks(record: dict[str, Any]) -> Text:
    """✓/✗ and the reason per check; a call-markup check of an answer without calls is n/a."""
    no_call = "calls" in record and not record["calls"]
    out = Text()
    for c in record.get("checks", []):
        name = c.get("name", "?")
        if no_call and c.get("ok") and name in CALL_MARKUP_CHECKS:
            out.append(f"– {name}: n/a, the answer has no call\n", style="dim")
            continue
        mark = ("✓ ", "green") if c.get("ok") else ("✗ ", "red")
        out.append(mark[0], style=mark[1])
        out.append(name, style="bold")
        if c.get("reason"):
            out.append(f": {c['reason']}")
        out.append("\n")
    return out


class AnswerPane(VerticalScroll):
    """Scrollable (keys and mouse) so a long answer never pushes the checks off screen."""

    record: reactive[dict[str, Any] | None] = reactive(None)

    def __init__(self, model: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-pane")
        self.model = model

    def compose(self):
        yield Static(answer_renderable(self.model, self.record))

    def watch_record(self, record: dict[str, Any] | None) -> None:
        if self.is_mounted:
            self.query_one(Static).update(answer_renderable(self.model, record))
