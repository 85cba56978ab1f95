"""Child processes the app starts for its long jobs: the CLI twins of its screens
(`mcp-tui eval`, `mcp-tui data check`), run with the interpreter running the app so
they see the same installation, whether or not the `mcp-tui` script is on PATH."""

from __future__ import annotations

import subprocess
import sys

CLI = "import sys; from mcp_tui.cli import main; sys.exit(main())"


def cli_command(*args: str) -> list[str]:
    """`mcp-tui ARGS...` as an argv for subprocess."""
    return [sys.executable, "-c", CLI, *args]


def kill(process: subprocess.Popen | None) -> None:
    """Stop a child the app no longer needs (a check whose inputs changed)."""
    if process is not None and process.poll() is None:
        process.kill()
