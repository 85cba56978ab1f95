"""Agent playground: type a task; base and tuned each work it through MCP servers, side by
side, every step appearing as it happens; then each one's changes to the sandbox.

Each model runs in its own Textual worker (a thread) with its own sandbox folder, seeded
from the same workspace, and its own server processes. The two share one model in memory
(the base answers with the adapter switched off), so their turns take a lock and
alternate; tool calls run outside it. Esc stops both: a generation in progress ends at
its next token, a call in progress at its timeout, and every server is shut down. The
twin on the command line is `mcp-tui agent RUN "task"`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from mcp_tui.agent.transcript import StepRecord
from mcp_tui.runs import Run
from mcp_tui.tui.messages import WorkFailed
from mcp_tui.tui.widgets.agent.steps import PaneState, StepsPane

MODELS = ("base", "tuned")


@dataclass
class StepTaken(Message):
    """A model finished one step (its calls have their results)."""

    model: str
    step: StepRecord


@dataclass
class RunEnded(Message):
    """A model's run is over: its outcome (agent.playground.Outcome), or why it could not run."""

    model: str
    outcome: Any = None
    error: str = ""


class AgentScreen(Screen[None]):
    """The playground (see the module docstring). `policy_for(model)` replaces the run's
    models (tests); `servers` are extra MCP servers; `workspace` seeds the sandbox."""

    BINDINGS = [Binding("escape", "stop_or_back", "Stop / back")]

    def __init__(self, run_path: Path, *, policy_for: Any = None, fmt: Any = None, servers: tuple = (),
                 workspace: Any = None, max_steps: int | None = None) -> None:
        super().__init__()
        self.run = Run(run_path)
        self.policy_for = policy_for
        self.fmt = fmt
        self.servers = list(servers)
        self.workspace = workspace
        self.max_steps = max_steps
        self.stop = threading.Event()
        self.model_lock = threading.Lock()
        self.answerer_for: Any = None
        self.running: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="A task for both models, e.g. Move the .log files in /inbox into /inbox/logs",
                    id="agent-task")
        yield Static("", id="agent-status")
        with Horizontal(id="answers"):
            for model in MODELS:
                yield StepsPane(model, id=f"{model}-steps")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#agent-task").focus()
        more = f" and {len(self.servers)} more" if self.servers else ""
        self._status(f"Connected: the sandbox MCP server (files, knowledge graph){more}. Enter starts both.")

    def _status(self, text: str) -> None:
        self.query_one("#agent-status", Static).update(text)

    @on(Input.Submitted, "#agent-task")
    def _submitted(self, event: Input.Submitted) -> None:
        task = event.value.strip()
        if not task or self.running:
            return
        event.input.disabled = True
        self.stop.clear()
        self.running = set(MODELS)
        for model in MODELS:
            self.query_one(f"#{model}-steps", StepsPane).state = PaneState(working=True)
            self.work_task(model, task)
        self._status("Working… each step shows as it happens. Esc stops both.")

    @work(thread=True, group="agent")
    def work_task(self, model: str, task: str) -> None:
        """One model's whole run, in a thread: steps and the outcome come back as messages."""
        from mcp_tui.agent.loop import DEFAULT_MAX_STEPS
        from mcp_tui.agent.playground import play, playground_workspace
        from mcp_tui.agent.servers import ServerError
        from mcp_tui.config import ConfigError
        from mcp_tui.train.model import ModelError

        try:
            policy = self._policy(model)
            workspace = self.workspace or playground_workspace()
            outcome = play(task, policy, self.fmt, workspace=workspace, servers=self.servers,
                           max_steps=self.max_steps or DEFAULT_MAX_STEPS, model=model, stop=self.stop,
                           on_step=lambda step: self.post_message(StepTaken(model, step)))
            self.post_message(RunEnded(model, outcome))
        except (ServerError, ConfigError, ModelError, ValueError, OSError, RuntimeError) as e:
            self.post_message(RunEnded(model, error=str(e).splitlines()[0] if str(e) else type(e).__name__))

    def _policy(self, model: str) -> Any:
        """This model's turns, taken under the shared model's lock (loaded on first use)."""
        if self.policy_for is not None:
            return self.policy_for(model)
        with self.model_lock:
            if self.answerer_for is None:
                from mcp_tui.eval.runner import run_answerers
                from mcp_tui.tools.calls import call_format

                cfg = self.run.config()
                self.fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
                # One task at a time gains nothing from a merge; unmerging would leave rounding in the base.
                self.answerer_for = run_answerers(self.run, self.fmt, cfg.eval.max_new_tokens, merge=False)
            answerer = self.answerer_for(model)
        answerer.cancel = self.stop.is_set

        def policy(conversations: list[Any]) -> list[Any]:
            with self.model_lock:
                return answerer(conversations)

        return policy

    def on_step_taken(self, message: StepTaken) -> None:
        pane = self.query_one(f"#{message.model}-steps", StepsPane)
        pane.state = replace(pane.state, steps=(*pane.state.steps, message.step))

    def on_run_ended(self, message: RunEnded) -> None:
        """Show the outcome (or the failure); once both are over, take the next task."""
        pane = self.query_one(f"#{message.model}-steps", StepsPane)
        if message.outcome is not None:
            o = message.outcome
            pane.state = PaneState(tuple(o.transcript.steps), transcript=o.transcript, diff=o.diff)
        else:
            pane.state = replace(pane.state, working=False, error=message.error)
            self.post_message(WorkFailed(f"Agent run ({message.model})", message.error))
        self.running.discard(message.model)
        if not self.running:
            task_input = self.query_one("#agent-task", Input)
            task_input.disabled = False
            task_input.focus()
            self._status("Stopped. Type another task, or Esc to go back." if self.stop.is_set()
                         else "Done. Type another task, or Esc to go back.")

    def action_stop_or_back(self) -> None:
        """Esc: stop both runs while they work, else go back."""
        if self.running:
            self.stop.set()
            self._status("Stopping both… (a call in progress ends at its timeout)")
            return
        self.app.pop_screen()
