"""The tail of the run's events.log, scrolled to the newest line."""

from __future__ import annotations

import re

from textual.reactive import reactive
from textual.widgets import Log

from mcp_tui.tui.snapshots import RunSnapshot


DATE = re.compile(r"^\d{4}-\d{2}-\d{2} ")


def short(line: str) -> str:
    """The line without its date (the time stays): the tail is narrow, the log keeps it."""
    return DATE.sub("", line, count=1)


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
            self.write_lines([short(e) for e in events[len(self._shown) :]])
        else:
            self.clear()
            self.write_lines([short(e) for e in events])
        self._shown = list(events)
        # Written before the first layout, the log cannot scroll yet: follow the end once it can.
        self.call_after_refresh(self.scroll_end, animate=False)
