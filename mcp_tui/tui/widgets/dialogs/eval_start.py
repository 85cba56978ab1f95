"""How many tasks to evaluate on, asked before an evaluation starts: the whole set of a
real model takes hours on a CPU, ten tasks a few minutes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static


class EvalStartDialog(ModalScreen[int | None]):
    """Dismisses with the number of tasks (the first N of the set), or None on Esc."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, run_id: str, set_name: str, set_size: int, default: int) -> None:
        super().__init__()
        self.run_id, self.set_name, self.set_size = run_id, set_name, set_size
        self.default = default if 0 < default <= set_size else set_size

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Evaluate {self.run_id} on {self.set_name} ({self.set_size} tasks): base and "
                         "tuned answer the first N tasks.", classes="dialog-text")
            yield Input(str(self.default), type="integer", id="eval-count", compact=True)
            yield Static(f"the preset's default (eval.limit): {self.default}; x stops, s resumes later",
                         id="eval-count-hint", classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Start [enter]", variant="success", id="start")
                yield Button("Cancel [esc]", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#start")
    def _start(self) -> None:
        text = self.query_one(Input).value.strip()
        count = int(text) if text.isdigit() else 0
        if not 1 <= count <= self.set_size:
            self.query_one("#eval-count-hint", Static).update(f"a number from 1 to {self.set_size}")
            return
        self.dismiss(count)

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
