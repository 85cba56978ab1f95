"""Leaving when the terminal goes away (an SSH drop, a closed window, `tmux kill-session`).

The app gets SIGHUP only when it leads its terminal's session; started through `make demo`
or a shell script it may get nothing, and Textual's input thread then spins on the dead
terminal at 100% of a core forever. So besides SIGHUP, the app polls its terminal for a
hang-up (poll() reports POLLHUP/POLLERR without reading, so no keypress is taken from
Textual) and exits once it sees one. Training and evaluations run in their own sessions:
they go on.
"""

from __future__ import annotations

import asyncio
import os
import select
import signal
import sys
import threading
from typing import Any

HANGUP_EVENTS = select.POLLHUP | select.POLLERR | select.POLLNVAL
# Exit code of a process ended by SIGHUP, as shells report it.
HANGUP_EXIT_CODE = 128 + signal.SIGHUP
# Leaving draws the terminal back to normal; with no terminal that can block, so after this
# long the process ends without it.
FORCE_EXIT_AFTER_S = 5.0


def terminal_gone(fds: list[int]) -> bool:
    """Whether any of `fds` (the terminal) has hung up or errored."""
    poller = select.poll()
    for fd in fds:
        poller.register(fd, 0)  # no events asked: poll still reports hang-ups and errors
    return any(events & HANGUP_EVENTS for _, events in poller.poll(0))


def terminal_fds() -> list[int]:
    """The app's stdin and stdout, where they are real file descriptors."""
    fds = []
    for stream in (sys.__stdin__, sys.__stdout__):
        try:
            fds.append(stream.fileno())
        except (AttributeError, OSError, ValueError):
            continue
    return fds


def watch_terminal(app: Any, interval: float = 0.5) -> None:
    """Make `app` exit on SIGHUP, or within `interval` seconds of its terminal hanging up.
    Call from the app's event loop (on_mount)."""
    fds = terminal_fds()

    def leave() -> None:
        app.exit(return_code=HANGUP_EXIT_CODE)
        timer = threading.Timer(FORCE_EXIT_AFTER_S, os._exit, args=(HANGUP_EXIT_CODE,))
        timer.daemon = True
        timer.start()

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, leave)
    if fds:
        app.set_interval(interval, lambda: leave() if terminal_gone(fds) else None)
