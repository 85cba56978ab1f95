"""The tail of the run's events.log, scrolled to the newest line."""

from __future__ import annotations

from textual.reactive import reactive
from textual.widgets import Log

from mcp_tui.tui.snapshots import RunSnapshot


class EventsTail(Log):
    """Rewritten only when the tail changes, so an idle run costs nothing to show."""

    snapshot: reactive[RunSnapshot | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, highlight=False, auto_scroll=True)
        self._shown: list[str] = []

    def watch_snapshot(self, snapshot: RunSnapshot | None) -> None:
        events = snapshot.events if snapshot else []
        if events == self._shown:
            return
        if self._shown and events[: len(self._shown)] == self._shown:
            self.write_lines(events[len(self._shown) :])
        else:
            self.clear()
            self.write_lines(events)
        self._shown = list(events)
