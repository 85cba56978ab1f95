"""The home screen's table of runs, updated in place so the cursor stays put."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widgets import DataTable

from mcp_tui.cli.train import STATE_STYLE
from mcp_tui.tui.snapshots import RunRow, when


def state_text(state: str) -> Text:
    """A run state in the colour `mcp-tui runs` gives it."""
    return Text(state, style=STATE_STYLE.get(state, ""))


COLUMNS = ("run", "state", "step", "loss", "eval (tuned)", "started")


def _cells(row: RunRow) -> tuple[object, ...]:
    step = f"{row.step}/{row.total_steps}" if row.total_steps else str(row.step or "-")
    loss = f"{row.last_loss:.4f}" if row.last_loss is not None else "-"
    if row.eval_tuned is None:
        score = "-"
    elif row.eval_delta is None:
        score = f"{row.eval_tuned:.2f}"
    else:
        score = f"{row.eval_tuned:.2f} ({row.eval_delta:+.2f})"
    return (row.id, state_text(row.state), step, loss, score, when(row.started))


class RunsTable(DataTable):
    """Runs, newest first; row keys are run ids."""

    rows_data: reactive[tuple[RunRow, ...]] = reactive(())

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self.zebra_stripes = True
        for name in COLUMNS:
            self.add_column(name, key=name)

    def watch_rows_data(self, rows: tuple[RunRow, ...]) -> None:
        wanted = [r.id for r in rows]
        present = [k.value for k in self.rows]
        if wanted != present:
            selected = self.selected_run
            self.clear()
            for row in rows:
                self.add_row(*_cells(row), key=row.id)
            if selected in wanted:
                self.move_cursor(row=wanted.index(selected))
            return
        for row in rows:
            for column, value in zip(COLUMNS, _cells(row)):
                if self.get_cell(row.id, column) != value:
                    self.update_cell(row.id, column, value)

    @property
    def selected_run(self) -> str | None:
        """The id of the run under the cursor."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
