"""Shared pieces of the agent tests: a sandbox pool, the flaky server's spec, a task."""

from __future__ import annotations

import sys
from pathlib import Path

from mcp_tui.agent.servers import ServerSpec
from mcp_tui.agent.tasks import AgenticTask, SolutionStep
from mcp_tui.agent.workspace import Workspace
from mcp_tui.data.conversation import ToolCall
from mcp_tui.tools.catalog import load_catalog

FLAKY = ServerSpec((sys.executable, str(Path(__file__).with_name("flaky_server.py"))))


def fs_tools(*names: str):
    return [t for t in load_catalog().servers["filesystem"].tools if t.name in names]


def port_task(task_id: str = "port") -> AgenticTask:
    """Change the port in /app/config.yaml: a list, a read, an edit, an answer."""
    edit = {"path": "/app/config.yaml", "edits": [{"oldText": "port: 8080", "newText": "port: 9090"}]}
    return AgenticTask(
        task_id, "Set the port in /app/config.yaml to 9090.",
        fs_tools("read_text_file", "edit_file", "list_directory"),
        Workspace({"/app/config.yaml": "host: localhost\nport: 8080\n", "/app/README.md": "# app\n"}),
        [{"file": "/app/config.yaml", "contains": ["port: 9090"], "excludes": ["port: 8080"]},
         {"others_unchanged": ["/app/config.yaml"]}],
        max_steps=5, family="fix_value",
        solution=[SolutionStep("", (ToolCall("filesystem", "read_text_file", {"path": "/app/config.yaml"}),)),
                  SolutionStep("Found it.", (ToolCall("filesystem", "edit_file", edit),)),
                  SolutionStep("The port is now 9090.")],
    )
