"""A DataTable whose column widths are set from its content on every rebuild.

DataTable's automatic widths are measured on idle, after rows may already have been
drawn (and cached) at the header's width; setting widths up front avoids clipped rows."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

Cells = Sequence[object]


def _width(cell: object) -> int:
    return cell.cell_len if isinstance(cell, Text) else len(str(cell))


def fitted_widths(columns: Sequence[str], rows: Sequence[Cells]) -> list[int]:
    """Each column's width: its label or its widest cell."""
    return [max([len(name)] + [_width(row[i]) for row in rows]) for i, name in enumerate(columns)]


class FittedTable(DataTable):
    """`show(rows, keys)` replaces the content; the cursor stays on the same key."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, zebra_stripes=True)
        self.widths: list[int] = []

    def on_mount(self) -> None:
        self.show([], [])

    def show(self, rows: Sequence[Cells], keys: Sequence[str] | None = None) -> None:
        """Rebuild with these rows (keyed when `keys` is given), widths fitted to them."""
        selected = self.selected_key
        self.clear(columns=True)
        self.widths = fitted_widths(self.COLUMNS, rows)
        for name, width in zip(self.COLUMNS, self.widths):
            self.add_column(name, key=name, width=width)
        for i, cells in enumerate(rows):
            self.add_row(*cells, key=keys[i] if keys else None)
        if keys and selected in keys:
            self.move_cursor(row=list(keys).index(selected))

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor (None without rows or keys)."""
        if not self.row_count or self.cursor_type != "row":
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
