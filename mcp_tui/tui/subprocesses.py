"""Child processes the app starts for its long jobs: the CLI twins of its screens
(`mcp-tui eval`, `mcp-tui data check`, as `mcp_tui.subcommand.cli_command` spells them)."""

from __future__ import annotations

import subprocess


def kill(process: subprocess.Popen | None) -> None:
    """Stop a child the app no longer needs (a check whose inputs changed)."""
    if process is not None and process.poll() is None:
        process.kill()
