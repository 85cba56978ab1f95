"""Messages that carry what workers read up to the screens that show it.

Workers (threads) never touch widgets: they post one of these, and the screen's
handler updates its reactives on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from mcp_tui.gpu import Telemetry


@dataclass
class TelemetrySampled(Message):
    """A fresh GPU/host reading."""

    telemetry: Telemetry


@dataclass
class RunsRead(Message):
    """The runs under the runs directory, as the home table shows them."""

    rows: list[Any]


@dataclass
class RunRead(Message):
    """One run's status, metrics and events, for the monitor."""

    snapshot: Any


@dataclass
class EvalRead(Message):
    """A run's evaluation folder: progress, summary and per-task results."""

    results: Any


@dataclass
class RunStarted(Message):
    """A run was started from this app (the wizard's Start): the home table selects it."""

    run_id: str


@dataclass
class WorkFailed(Message):
    """A background job ended with a user-facing error (one line)."""

    what: str
    error: str
