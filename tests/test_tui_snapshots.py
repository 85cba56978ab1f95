"""Screenshots of the main screens at 80x24 (SSH-sized) and 120x40, compared with the
stored SVGs (pytest-textual-snapshot; `--snapshot-update` after an intended change).
Fixture data is deterministic: fixed run ids and timestamps (UTC), fake telemetry sampled
once, a relative runs folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_fixtures import FakeTelemetry, fixture_runs, utc, wait_until

from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.evaluation import EvaluationScreen
from mcp_tui.tui.screens.monitor import MonitorScreen
from mcp_tui.tui.screens.wizard import WizardScreen
from mcp_tui.tui.widgets.evaluation.tasks import TaskList

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("utc")]  # snapshot tests: the slow tier
__all__ = ["utc"]
SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


@pytest.fixture
def runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict:
    monkeypatch.chdir(tmp_path)
    return fixture_runs(Path("runs"), tmp_path)


def make_app(**kw) -> McpTuiApp:
    # One telemetry sample (on mount) and slow polling: nothing moves between runs.
    return McpTuiApp(Path("runs"), telemetry_source=FakeTelemetry(), poll_s=3600, telemetry_s=3600, **kw)


async def telemetry_in(pilot) -> None:
    await wait_until(pilot, lambda: len(pilot.app.telemetry) == 1)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, runs, size) -> None:
    async def ready(pilot) -> None:
        await telemetry_in(pilot)
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#runs").row_count == 4)
        await pilot.press("down")  # the evaluated run
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_monitor(snap_compare, runs, size) -> None:
    async def ready(pilot) -> None:
        await telemetry_in(pilot)
        pilot.app.push_screen(MonitorScreen(runs["running"].path))
        await wait_until(pilot, lambda: getattr(pilot.app.screen, "snapshot", None) is not None)
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_evaluation(snap_compare, runs, size) -> None:
    async def ready(pilot) -> None:
        await telemetry_in(pilot)
        pilot.app.push_screen(EvaluationScreen(runs["done"].path))
        await wait_until(pilot, lambda: len(pilot.app.screen.query(TaskList)) == 1
                         and len(pilot.app.screen.query_one(TaskList).rows_data) == 15)
        await pilot.press("d")
        await wait_until(pilot, lambda: len(pilot.app.screen.query_one(TaskList).rows_data) == 8)

    assert snap_compare(make_app(), terminal_size=size, run_before=ready)


@pytest.mark.parametrize("size", SIZES)
def test_wizard_review(snap_compare, runs, size) -> None:
    async def ready(pilot) -> None:
        await telemetry_in(pilot)
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, WizardScreen))
        for _ in range(6):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: "fits" in str(pilot.app.screen.query_one("#check-review").render()),
                         timeout=30)

    assert snap_compare(make_app(preset="rtx3090-devstral-small", start="new"), terminal_size=size,
                        run_before=ready)


def played() -> dict:
    """Both panes after a finished run, with fixed times (real results of the sandbox tools)."""
    from mcp_tui.agent.transcript import CallRecord, StepRecord, Transcript
    from mcp_tui.tui.widgets.agent.steps import PaneState

    read = CallRecord("filesystem", "read_text_file", {"path": "/app/config.yaml"},
                      "host: localhost\nport: 8080\n", False, 0.01)
    edit = CallRecord("filesystem", "edit_file", {"path": "/app/config.yaml", "edits": [
        {"oldText": "port: 8080", "newText": "port: 9090"}]},
        "--- /app/config.yaml\n+++ /app/config.yaml\n@@ -1,2 +1,2 @@\n host: localhost\n-port: 8080\n+port: 9090\n",
        False, 0.02)
    missing = CallRecord("filesystem", "read_text_file", {"path": "/app/settings.yaml"},
                         "Error executing tool read_text_file: ENOENT: no such file or directory, "
                         "'/app/settings.yaml'", True, 0.01)
    tuned = Transcript("Set the port", "tuned", 10, [
        StepRecord(1, "", [read], 12, 0.8), StepRecord(2, "Found it.", [edit], 30, 1.1),
        StepRecord(3, "The port in /app/config.yaml is now 9090.", [], 14, 0.5)], "answered",
        "The port in /app/config.yaml is now 9090.")
    base = Transcript("Set the port", "base", 10, [
        StepRecord(1, "", [missing], 16, 0.9), StepRecord(2, "I could not find the settings file.", [], 9, 0.4)],
        "answered", "I could not find the settings file.")
    diff = "--- /app/config.yaml\n+++ /app/config.yaml\n@@ -1,2 +1,2 @@\n host: localhost\n-port: 8080\n+port: 9090"
    return {"base": PaneState(tuple(base.steps), transcript=base),
            "tuned": PaneState(tuple(tuned.steps), transcript=tuned, diff=diff)}


@pytest.mark.parametrize("size", SIZES)
def test_agent_playground(snap_compare, runs, size) -> None:
    from textual.widgets import Input

    from mcp_tui.tui.screens.agent import AgentScreen
    from mcp_tui.tui.widgets.agent.steps import StepsPane

    async def ready(pilot) -> None:
        await telemetry_in(pilot)
        pilot.app.push_screen(AgentScreen(runs["done"].path))
        # Mounted: on_mount has focused the task and written its status, which the test replaces.
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AgentScreen)
                         and len(pilot.app.screen.query("#agent-task")) == 1
                         and pilot.app.screen.query_one("#agent-task").has_focus
                         and all(p.is_mounted for p in pilot.app.screen.query(StepsPane)))
        task_input = pilot.app.screen.query_one("#agent-task", Input)
        task_input.cursor_blink = False  # a blinking cursor would make the screenshot depend on timing
        task_input.value = "Set the port in /app/config.yaml to 9090."
        for model, state in played().items():
            pilot.app.screen.query_one(f"#{model}-steps", StepsPane).state = state
        pilot.app.screen.query_one("#agent-status").update("Done. Type another task, or Esc to go back.")
        panes = list(pilot.app.screen.query(StepsPane))
        # Laid out with the new steps (the same sizes three polls running), then shown at their
        # end: where the pane's own follow-scroll lands under load is not this picture's subject.
        sizes: list = []

        def settled() -> bool:
            sizes.append([(p.virtual_size, p.container_size) for p in panes])
            return len(sizes) >= 3 and sizes[-1] == sizes[-2] == sizes[-3] and all(p.virtual_size.height > 5 for p in panes)

        await wait_until(pilot, settled)
        for p in panes:
            p.scroll_end(animate=False, immediate=True)
        await wait_until(pilot, lambda: all(p.scroll_y == p.max_scroll_y for p in panes))
        await pilot.pause(0.2)

    assert snap_compare(make_app(), terminal_size=size, run_before=ready)
