"""How to run `mcp-tui` as a child process. Below every package that spawns one (the
new-run checks, the evaluation screen), so none of them imports the CLI package itself."""

from __future__ import annotations

import sys

CLI = "import sys; from mcp_tui.cli import main; sys.exit(main())"


def cli_command(*args: str) -> list[str]:
    """`mcp-tui ARGS...` as an argv for subprocess, run with this interpreter so the child
    sees the same installation, whether or not the `mcp-tui` script is on PATH."""
    return [sys.executable, "-c", CLI, *args]
