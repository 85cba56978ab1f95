"""Ask both: a free prompt answered by the base and the tuned model, side by side.

The tools of the run's eval tasks are connected (as `mcp-tui eval ask` does). The model
(base + adapter; the base answers with the adapter switched off) is loaded once, in a
worker, on the first question; generation runs in the same worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from mcp_tui.runs import Run
from mcp_tui.tui.messages import WorkFailed
from mcp_tui.tui.widgets.evaluation.answer import AnswerPane


def ask_record(text: str, finished: bool, new_tokens: int, latency_s: float, fmt: Any,
               tools: list[Any]) -> dict[str, Any]:
    """An answer in the shape of a scored eval record, with the format checks that need
    no expected call: is the call syntax valid in the run's format, are the arguments
    JSON objects."""
    parsed = fmt.parse(text, tools)
    calls = ", ".join(f"{c.server}.{c.tool}" for c in parsed.calls) or "no tool call"
    problems = "; ".join(c.problem for c in parsed.calls if c.problem)
    return {
        "answer": text,
        "passed": None,
        "finished": finished,
        "latency_s": latency_s,
        "tokens_per_s": new_tokens / latency_s if latency_s > 0 else None,
        "checks": [
            {"name": "calls", "ok": True, "reason": calls},
            {"name": "syntax", "ok": parsed.well_formed, "reason": "" if parsed.well_formed else problems},
            {"name": "json", "ok": parsed.json_ok, "reason": "" if parsed.json_ok else problems},
        ],
    }


@dataclass
class Answered(Message):
    """One model's answer to the asked prompt."""

    model: str
    record: dict[str, Any]


class AskScreen(Screen[None]):
    """Type a prompt, press enter; both answers appear as they finish."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, run_path: Path) -> None:
        super().__init__()
        self.run = Run(run_path)
        self.answerer_for: Any = None
        self.tools: list[Any] = []
        self.fmt: Any = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="Ask both models, e.g. 'List the open issues in acme/web'", id="ask-input")
        yield Static("", id="ask-status")
        with Horizontal(id="answers"):
            yield AnswerPane("base", id="base-answer")
            yield AnswerPane("tuned", id="tuned-answer")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ask-input").focus()
        self.query_one("#ask-status", Static).update(
            f"The tools of {self.run.id}'s eval tasks are connected. The first question loads the model."
        )

    @on(Input.Submitted, "#ask-input")
    def _submitted(self, event: Input.Submitted) -> None:
        prompt = event.value.strip()
        if not prompt:
            return
        for pane in self.query(AnswerPane):
            pane.record = None
        event.input.disabled = True
        self.query_one("#ask-status", Static).update("Thinking… (loading the model the first time)")
        self.ask(prompt)

    @work(thread=True, exclusive=True, group="ask")
    def ask(self, prompt: str) -> None:
        from mcp_tui.data.conversation import Conversation, Message as Turn
        from mcp_tui.eval.folder import MODELS

        try:
            if self.answerer_for is None:
                self._load()
            conv = Conversation(messages=[Turn("user", prompt)], tools=self.tools, id="ask")
            for model in MODELS:
                [gen] = self.answerer_for(model)([conv])
                record = ask_record(gen.text, gen.finished, gen.new_tokens, gen.latency_s, self.fmt, self.tools)
                self.post_message(Answered(model, record))
        except (ValueError, OSError, RuntimeError) as e:
            self.post_message(WorkFailed("Ask both", str(e).splitlines()[0]))
        finally:
            self.app.call_from_thread(self._done)

    def _load(self) -> None:
        from mcp_tui.config import resolve_path
        from mcp_tui.eval.runner import run_answerers
        from mcp_tui.eval.tasks import load_tasks
        from mcp_tui.tools.calls import call_format

        cfg = self.run.config()
        self.fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
        tasks = load_tasks(resolve_path(cfg.eval.tasks_file))
        self.tools = list({(t.server, t.name): t for task in tasks for t in task.tools}.values())
        self.answerer_for = run_answerers(self.run, self.fmt, cfg.eval.max_new_tokens)

    def on_answered(self, message: Answered) -> None:
        self.query_one(f"#{message.model}-answer", AnswerPane).record = message.record

    def _done(self) -> None:
        ask_input = self.query_one("#ask-input", Input)
        ask_input.disabled = False
        ask_input.focus()
        self.query_one("#ask-status", Static).update("Ask another, or Esc to go back.")
