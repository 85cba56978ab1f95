"""The home screen's table of runs, updated in place so the cursor stays put."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive

from mcp_tui.runs import STATE_STYLE, UNREADABLE
from mcp_tui.tui.snapshots import RunRow, when
from mcp_tui.tui.widgets.fitted_table import FittedTable, fitted_widths


def state_text(state: str, shown: str = "") -> Text:
    """A run state in the colour `mcp-tui runs` gives it (`shown` instead of the state's
    name: the reason a run is unreadable)."""
    return Text(shown or state, style=STATE_STYLE.get(state, ""))


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
    state = state_text(UNREADABLE if row.problem else row.state, row.problem)
    return (row.id, state, step, loss, score, when(row.started))


class RunsTable(FittedTable):
    """Runs, newest first; row keys are run ids. Cells change in place while the runs and
    the column widths stay the same, so the table does not flicker every second."""

    COLUMNS = COLUMNS
    rows_data: reactive[tuple[RunRow, ...]] = reactive(())

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        # A run to put the cursor on as soon as the table lists it (a run just started
        # may reach the runs directory's next reading only).
        self.wanted: str | None = None

    def on_mount(self) -> None:
        self.cursor_type = "row"
        super().on_mount()

    def select_run(self, run_id: str) -> None:
        """Put the cursor on `run_id` now, or once a reading lists it; it then stays there
        across readings (rows are keyed by run id) until the user moves it."""
        self.wanted = run_id
        self._select_wanted()

    def watch_rows_data(self, rows: tuple[RunRow, ...]) -> None:
        cells = [_cells(r) for r in rows]
        ids = [r.id for r in rows]
        if ids != [k.value for k in self.rows] or fitted_widths(COLUMNS, cells) != self.widths:
            self.show(cells, ids)
        else:
            for row_id, row_cells in zip(ids, cells):
                for column, value in zip(COLUMNS, row_cells):
                    if self.get_cell(row_id, column) != value:
                        self.update_cell(row_id, column, value)
        self._select_wanted()

    def _select_wanted(self) -> None:
        ids = [k.value for k in self.rows]
        if self.wanted in ids:
            self.move_cursor(row=ids.index(self.wanted))
            self.wanted = None

    @property
    def selected_run(self) -> str | None:
        """The id of the run under the cursor."""
        return self.selected_key
