"""The app leaves when its terminal goes away: started in a real pseudo-terminal, the
terminal is closed under it (what an SSH drop or `tmux kill-session` does) and the process
must be gone within seconds, both when it leads the terminal's session (it gets SIGHUP)
and when it runs under `make demo` (make leads the session and no SIGHUP reaches the app,
only a dead terminal: before the fix it spun there at 100% of a core)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import struct
import sys
import termios
import time
from pathlib import Path

import psutil
import pytest

from mcp_tui.tui.terminal_watch import terminal_gone

# Closing the terminal to the app being gone: the poll interval, the exit, a loaded machine.
EXIT_WITHIN_S = 15.0


def test_a_closed_pipe_reads_as_a_gone_terminal() -> None:
    read_end, write_end = os.pipe()
    try:
        assert not terminal_gone([read_end])
        os.close(write_end)
        assert terminal_gone([read_end])
    finally:
        os.close(read_end)


def _start_in_pty(tmp_path: Path, under_make: bool) -> tuple[int, int, Path]:
    """(child pid, terminal master fd, file the app writes its pid to)."""
    pid_file = tmp_path / "app.pid"
    script = tmp_path / "app.py"
    script.write_text(f"import os, sys; open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n"
                      f"from mcp_tui.cli import main; sys.exit(main(['--runs-dir', {str(tmp_path / 'runs')!r}]))\n")
    argv = [sys.executable, str(script)]
    if under_make:  # make leads the session; the app is a child of its recipe's shell
        (tmp_path / "Makefile").write_text(f"demo:\n\t{sys.executable} {script}\n")
        argv = ["make", "-s", "-C", str(tmp_path), "demo"]
    env = {**os.environ, "TERM": "xterm-256color", "PYTHONPATH": os.pathsep.join(sys.path)}
    pid, master = pty.fork()
    if pid == 0:  # the child: exec at once (no Python state to clean up)
        try:
            os.execvpe(argv[0], argv, env)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, master, pid_file


def _read_until(master: int, text: bytes, timeout: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout
    while text not in seen:
        assert time.monotonic() < deadline, f"the app did not draw {text!r}; it wrote {seen[-400:]!r}"
        ready, _, _ = select.select([master], [], [], 0.5)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
    return seen


def _gone(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


@pytest.mark.slow
@pytest.mark.parametrize("under_make", [False, True], ids=["session-leader", "under-make"])
def test_the_app_exits_when_its_terminal_closes(tmp_path: Path, under_make: bool) -> None:
    if under_make and shutil.which("make") is None:
        pytest.skip("make is not installed")
    child, master, pid_file = _start_in_pty(tmp_path, under_make)
    try:
        _read_until(master, b"Runs in", timeout=120)
        app_pid = int(pid_file.read_text())
        os.close(master)
        master = -1
        deadline = time.monotonic() + EXIT_WITHIN_S
        while not _gone(app_pid):
            assert time.monotonic() < deadline, "the app kept running after its terminal closed"
            time.sleep(0.1)
    finally:
        if master >= 0:
            os.close(master)
        for pid in {child, *([int(pid_file.read_text())] if pid_file.is_file() else [])}:
            if not _gone(pid):
                os.kill(pid, 9)
        os.waitpid(child, 0)
