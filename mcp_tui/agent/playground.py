"""One model working one free task, as `mcp-tui agent` and the playground screen run it.

The sandbox (unless left out) gets a fresh folder seeded with the workspace, so each
model starts from the same files and graph and never sees the other's changes; servers
the user names are started for each model too (a server acting on shared outside state,
a real repository say, sees both models' calls). Every server is shut down when the run
ends, however it ends.
"""

from __future__ import annotations

import json
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mcp_tui.agent.loop import DEFAULT_MAX_STEPS, AgentRun, Policy, run_agent
from mcp_tui.agent.servers import ServerPool, ServerSpec, sandbox_spec
from mcp_tui.agent.transcript import StepRecord, Transcript
from mcp_tui.agent.workspace import Workspace, state_diff
from mcp_tui.tools.call_types import CallFormat


@dataclass(frozen=True)
class Outcome:
    """How the run went, and what it changed in the sandbox ("" without one)."""

    transcript: Transcript
    diff: str


def playground_workspace() -> Workspace:
    """The bundled seed of the playground: a small project, an inbox, a team file, a graph."""
    from mcp_tui.tools.catalog import bundled_catalog_path

    path = bundled_catalog_path().parent / "agent_playground.json"
    return Workspace.from_dict(json.loads(path.read_text(encoding="utf-8")), str(path))


def play(task: str, policy: Policy, fmt: CallFormat, *, workspace: Workspace | None, servers: list[ServerSpec],
         max_steps: int = DEFAULT_MAX_STEPS, model: str = "", on_step: Callable[[StepRecord], None] | None = None,
         stop: threading.Event | None = None) -> Outcome:
    """Start the servers, let `policy` work `task` through them, shut them down."""
    from mcp_tui.tools.sandbox_server import Sandbox

    with tempfile.TemporaryDirectory(prefix="mcp-tui-agent-") as tmp:
        specs = list(servers)
        sandbox = None
        if workspace is not None:
            sandbox = Sandbox(Path(tmp))
            workspace.plant(sandbox)
            specs.insert(0, sandbox_spec(Path(tmp)))
        before = sandbox.snapshot() if sandbox else None
        with ServerPool(specs) as pool:
            run = AgentRun(task, pool.tools, fmt, max_steps, model=model)
            run_agent(run, policy, pool, on_step, stop)
        diff = state_diff(before, sandbox.snapshot()) if sandbox and before else ""
    return Outcome(run.transcript, diff)
