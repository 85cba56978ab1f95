"""The tail of the run's events.log, scrolled to the newest line."""

from __future__ import annotations

import re

from textual.reactive import reactive
from rich.text import Text
from textual.widgets import RichLog

from mcp_tui.tui.snapshots import RunSnapshot


DATE = re.compile(r"^\d{4}-\d{2}-\d{2} ")


def short(line: str) -> str:
    """The line without its date (the time stays): the tail is narrow, the log keeps it."""
    return DATE.sub("", line, count=1)


class EventsTail(RichLog):
    """Rewritten only when the tail changes, so an idle run costs nothing to show. Long
    lines wrap: at 80 columns a warning (bf16 emulated on this CPU) is read whole."""

    snapshot: reactive[RunSnapshot | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        # min_width: wrap at the pane's width (RichLog wraps at 78 columns at least by default).
        super().__init__(id=id, highlight=False, markup=False, wrap=True, auto_scroll=True, min_width=20)
        self._shown: list[str] = []

    def watch_snapshot(self, snapshot: RunSnapshot | None) -> None:
        events = snapshot.events if snapshot else []
        if events == self._shown:
            return
        new = events[len(self._shown) :]
        if not (self._shown and events[: len(self._shown)] == self._shown):
            self.clear()
            new = events
        for event in new:
            self.write(Text(short(event)))
        self._shown = list(events)
        # Written before the first layout, the log cannot scroll yet: follow the end once it can.
        self.call_after_refresh(self.scroll_end, animate=False)
