"""Agent playground: reached from home, the evaluation screen and the command palette; a
task worked by both (scripted) models against the real sandbox server, each step on
screen as it happens, the sandbox diff at the end; Esc stops both, then goes back; a
server that cannot start is reported; and one run with a real tiny model."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from agent_helpers import port_task
from textual.widgets import Input
from tui_fixtures import (FakeTelemetry, anyio_backend, make_adapter_run, make_run, notified, screen_text, text_when,
                          utc, wait_until)

from mcp_tui.agent.scripted import ScriptedPolicy
from mcp_tui.agent.servers import ServerSpec
from mcp_tui.agent.tasks import SolutionStep
from mcp_tui.data.conversation import ToolCall
from mcp_tui.tools.xml_format import XmlMcpFormat
from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.agent import AgentScreen
from mcp_tui.tui.screens.evaluation import EvaluationScreen
from mcp_tui.tui.screens.home import HomeScreen
from mcp_tui.tui.widgets.agent.steps import StepsPane

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]
FMT = XmlMcpFormat()
TASK = port_task()


def scripted(model: str):
    """Tuned does the job; base lists the folder and gives up."""
    if model == "tuned":
        return ScriptedPolicy(TASK.solution, FMT)
    return ScriptedPolicy([SolutionStep("", (ToolCall("filesystem", "list_directory", {"path": "/app"}),)),
                           SolutionStep("I could not find the port.")], FMT)


def panes(app) -> dict[str, StepsPane]:
    return {m: app.screen.query_one(f"#{m}-steps", StepsPane) for m in ("base", "tuned")}


def ended(app) -> bool:
    return isinstance(app.screen, AgentScreen) and all(p.state.transcript or p.state.error for p in panes(app).values())


def open_agent(runs_dir: Path, run, **kw) -> McpTuiApp:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=3600)
    kw.setdefault("policy_for", scripted)
    app.call_later(lambda: app.push_screen(AgentScreen(run.path, fmt=FMT, workspace=TASK.workspace, **kw)))
    return app


async def submit(pilot, text: str) -> None:
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, AgentScreen))
    pilot.app.screen.query_one("#agent-task", Input).value = text
    await pilot.press("enter")


async def test_both_models_work_the_task_side_by_side(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    app = open_agent(runs_dir, run)
    async with app.run_test(size=(80, 24)) as pilot:
        await submit(pilot, TASK.prompt)
        assert app.screen.query_one("#agent-task", Input).disabled
        await wait_until(pilot, lambda: ended(app), what="both runs")
        base, tuned = (p.state.transcript for p in panes(app).values())
        assert (tuned.end, len(tuned.steps), tuned.calls) == ("answered", 3, 2)
        assert (base.end, len(base.steps)) == ("answered", 2)
        assert "+port: 9090" in panes(app)["tuned"].state.diff and panes(app)["base"].state.diff == ""
        assert "tuned: 3 steps, 2 calls, 0 errored" in panes(app)["tuned"].border_title
        text = await text_when(pilot, app, "Done. Type another task")
        assert not app.screen.query_one("#agent-task", Input).disabled
        assert "step 1" in text and "filesystem.list_directory" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, AgentScreen)


async def test_steps_appear_as_they_happen_and_esc_stops_both(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    gate = threading.Event()
    loop = ScriptedPolicy([SolutionStep("", (ToolCall("filesystem", "list_directory", {"path": "/app"}),))], FMT)

    def slow(model):
        def policy(convs):
            if sum(m.role == "assistant" for m in convs[0].messages) >= 1:
                gate.wait(10)  # the second turn waits until the test has seen the first step
            time.sleep(0.05)
            return loop(convs)
        return policy

    app = open_agent(runs_dir, run, policy_for=slow, max_steps=50)
    async with app.run_test(size=(80, 24)) as pilot:
        await submit(pilot, "List /app forever")
        await wait_until(pilot, lambda: all(len(p.state.steps) == 1 for p in panes(app).values()), what="first steps")
        assert all(p.state.transcript is None for p in panes(app).values())  # still running
        await pilot.press("escape")
        assert isinstance(app.screen, AgentScreen)  # the first Esc stops, it does not leave
        gate.set()
        await wait_until(pilot, lambda: ended(app), what="both stopped")
        assert {p.state.transcript.end for p in panes(app).values()} == {"stopped"}
        await wait_until(pilot, lambda: "Stopped. Type another task" in screen_text(app))
        await pilot.press("escape")
        assert not isinstance(app.screen, AgentScreen)


async def test_a_server_that_cannot_start_is_reported(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    app = open_agent(runs_dir, run, servers=(ServerSpec(("no-such-mcp-server-xyz",)),))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await submit(pilot, "anything")
        await wait_until(pilot, lambda: ended(app), what="both failures")
        assert all("could not start (no such program)" in p.state.error for p in panes(app).values())
        assert notified(app, "no-such-mcp-server-xyz: could not start")


async def test_reached_from_home_evaluation_and_the_command_palette(runs_dir: Path) -> None:
    make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.query_one("#runs").row_count == 1)
        await text_when(pilot, app, "Playground")  # the footer shows the key
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentScreen))
        await pilot.press("escape")
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen))
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentScreen))
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("ctrl+p")
        await pilot.press(*"Agent playground")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, AgentScreen), what="the palette's command")


@pytest.mark.slow
async def test_a_real_tiny_model_works_a_task(runs_dir: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    run = make_adapter_run(runs_dir, tiny_model_dir, tmp_path)
    app = open_agent(runs_dir, run, policy_for=None, max_steps=2)
    async with app.run_test(size=(100, 30)) as pilot:
        await submit(pilot, TASK.prompt)
        await wait_until(pilot, lambda: ended(app), timeout=120, what="both tiny-model runs")
        for pane in panes(app).values():
            t = pane.state.transcript
            assert t is not None and 1 <= len(t.steps) <= 2 and t.end in ("answered", "budget")
            assert all(s.new_tokens <= 8 for s in t.steps)


async def test_agentic_results_in_the_evaluation_screen(runs_dir: Path, tmp_path: Path) -> None:
    """The summary gets an agentic row; the task list, its category filter and the side by
    side view show each agentic task with its transcript and sandbox diff."""
    from dataclasses import replace

    from tui_fixtures import add_evaluation

    from mcp_tui.eval.agentic import AgenticEvaluation
    from mcp_tui.eval.runner import Evaluation
    from mcp_tui.tui.screens.task_detail import TaskDetailScreen
    from mcp_tui.tui.widgets.evaluation.tasks import TaskList

    run = make_run(runs_dir, "20250114-180000-smollm2", "completed", 60)
    tasks = add_evaluation(run, tmp_path)
    agentic_tasks = [replace(TASK, id=f"agentic-{i}") for i in range(2)]

    def answerer_for(model):
        return lambda convs: [scripted(model)([c])[0] for c in convs]

    Evaluation(run.eval_dir, tasks, FMT, agentic=AgenticEvaluation(run.eval_dir, agentic_tasks, FMT)).run(answerer_for)
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    app.call_later(lambda: app.push_screen(EvaluationScreen(run.path)))
    async with app.run_test(size=(100, 40)) as pilot:
        ids = lambda: [r.id for r in app.screen.query_one(TaskList).rows_data]  # noqa: E731
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(ids()) == 17)
        table = app.screen.query_one("#summary")
        assert str(table.get_row_at(table.row_count - 1)[0]) == "agentic"
        for _ in range(6):  # all, five single-turn categories, agentic
            await pilot.press("c")
        await wait_until(pilot, lambda: ids() == ["agentic-0", "agentic-1"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskDetailScreen))
        text = screen_text(app)
        assert "Set the port in /app/config.yaml to 9090." in text and "family fix_value" in text
        assert "filesystem.list_directory" in text and "answered after 2 steps" in text
