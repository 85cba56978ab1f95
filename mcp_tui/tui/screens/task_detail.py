"""Side by side: one task, the expected call, and the base and tuned answers with their checks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from mcp_tui.tui.eval_view import EvalResults
from mcp_tui.tui.widgets.evaluation.answer import AnswerPane
from mcp_tui.tui.widgets.evaluation.task_view import task_renderable


class TaskDetailScreen(Screen[None]):
    """Steps through the (filtered) task list with [ and ]."""

    BINDINGS = [
        Binding("left_square_bracket,p", "step(-1)", "Prev task"),
        Binding("right_square_bracket,n", "step(1)", "Next task"),
        Binding("tab", "focus_next", "Switch pane", show=False),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, results: EvalResults, task_ids: list[str], index: int) -> None:
        super().__init__()
        self.results = results
        self.task_ids = task_ids
        self.index = index

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="task-view", classes="panel")
        with Horizontal(id="answers"):
            yield AnswerPane("base", id="base-answer")
            yield AnswerPane("tuned", id="tuned-answer")
        yield Footer()

    def on_mount(self) -> None:
        self._show()
        self.query_one("#base-answer").focus()

    def _show(self) -> None:
        task_id = self.task_ids[self.index]
        base = self.results.records["base"].get(task_id)
        tuned = self.results.records["tuned"].get(task_id)
        view = self.query_one("#task-view", Static)
        view.update(task_renderable(task_id, self.results.tasks.get(task_id), base or tuned))
        view.border_title = f"task {self.index + 1} of {len(self.task_ids)}"
        self.query_one("#base-answer", AnswerPane).record = base
        self.query_one("#tuned-answer", AnswerPane).record = tuned

    def action_step(self, delta: int) -> None:
        self.index = (self.index + delta) % len(self.task_ids)
        self._show()
