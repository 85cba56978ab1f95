"""The evaluated tasks with each model's pass/fail; the cursor picks one for the side-by-side view."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from mcp_tui.tui.eval_view import TaskRow


def verdict(passed: bool | None) -> Text:
    """✓ pass, ✗ fail, · not answered yet."""
    if passed is None:
        return Text("·", style="dim")
    return Text("✓ pass", style="green") if passed else Text("✗ fail", style="red")


class TaskList(DataTable):
    """Row keys are task ids."""

    rows_data: reactive[tuple[TaskRow, ...]] = reactive(())

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        self.add_columns("task", "category", "base", "tuned")

    def watch_rows_data(self, rows: tuple[TaskRow, ...]) -> None:
        selected = self.selected_task
        self.clear()
        for r in rows:
            self.add_row(r.id, r.category, verdict(r.base), verdict(r.tuned), key=r.id)
        ids = [r.id for r in rows]
        if selected in ids:
            self.move_cursor(row=ids.index(selected))

    @property
    def selected_task(self) -> str | None:
        """The id of the task under the cursor."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
