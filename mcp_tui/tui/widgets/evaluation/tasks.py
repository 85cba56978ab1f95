"""The evaluated tasks with each model's pass/fail; the cursor picks one for the side-by-side view."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from mcp_tui.tui.eval_view import TaskRow
from mcp_tui.tui.widgets.fitted_table import FittedTable


def verdict(passed: bool | None) -> Text:
    """✓ pass, ✗ fail, · not answered yet."""
    if passed is None:
        return Text("·", style="dim")
    return Text("✓ pass", style="green") if passed else Text("✗ fail", style="red")


class TaskList(FittedTable):
    """Row keys are task ids."""

    COLUMNS = ("task", "category", "base", "tuned")
    rows_data: reactive[tuple[TaskRow, ...]] = reactive(())

    def on_mount(self) -> None:
        self.cursor_type = "row"
        super().on_mount()

    def watch_rows_data(self, rows: tuple[TaskRow, ...]) -> None:
        self.show([(r.id, r.category, verdict(r.base), verdict(r.tuned)) for r in rows], [r.id for r in rows])

    @property
    def selected_task(self) -> str | None:
        """The id of the task under the cursor."""
        return self.selected_key
