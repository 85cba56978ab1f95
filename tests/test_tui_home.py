"""Home: the runs table (state, step/total, last loss, eval score, started), the GPU
panel, runs started elsewhere appearing by themselves, and the keys to every screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable
from tui_fixtures import (T0, FakeTelemetry, anyio_backend, fixture_runs, make_run, notified, screen_text, text_when,
                          utc, wait_until)

from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.evaluation import EvaluationScreen
from mcp_tui.tui.screens.export import ExportDialog
from mcp_tui.tui.screens.home import HomeScreen
from mcp_tui.tui.screens.monitor import MonitorScreen
from mcp_tui.tui.screens.wizard import WizardScreen


pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]


async def test_table_shows_every_run(runs_dir: Path, tmp_path: Path) -> None:
    fixture_runs(runs_dir, tmp_path)
    telemetry = FakeTelemetry()
    app = McpTuiApp(runs_dir, telemetry_source=telemetry, poll_s=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        await pilot.pause(0.1)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(4)]
        assert rows[0][:4] == ["20250115-093000-demo", "running", "42/60", "0.5342"]
        assert rows[1][1:] == ["completed", "60/60", "0.4178", "0.87 (+0.40)", "01-14 18:00"]
        assert rows[2][1:3] == ["failed", "-"]
        assert rows[3][1] == "stopped"
        text = screen_text(app)
        assert "GPU0 RTX 3090" in text and "18.4/24.0 GiB" in text and "CPU 42% of 16 cores" in text
        assert telemetry.calls >= 1


async def test_runs_started_elsewhere_appear_and_update(runs_dir: Path) -> None:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(gpus=0), poll_s=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await text_when(pilot, app, "No runs yet. Press n")
        await text_when(pilot, app, "no NVIDIA GPU or driver found")
        run = make_run(runs_dir, "20250115-100000-cli", "running", 3, live=True)
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 1)
        run.write_status(step=9)
        await wait_until(pilot, lambda: str(table.get_row_at(0)[2]) == "9/60")
        assert "No runs yet" not in screen_text(app)


async def test_keys_open_each_screen(runs_dir: Path, tmp_path: Path) -> None:
    fixture_runs(runs_dir, tmp_path)
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.2)
    async with app.run_test(size=(80, 24)) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        await pilot.press("down")
        for key, screen in (("m", MonitorScreen), ("e", EvaluationScreen), ("x", ExportDialog), ("n", WizardScreen)):
            await pilot.press(key)
            await wait_until(pilot, lambda: isinstance(app.screen, screen))
            if screen is not WizardScreen:
                assert app.screen.run.id == "20250114-180000-smollm2"
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen))
        await wait_until(pilot, lambda: app.screen.snapshot is not None
                         and "Evaluate" in screen_text(app).splitlines()[-1])
        footer = screen_text(app).splitlines()[-1]
        assert "Back" in footer and "Stop run" not in footer  # a completed run: nothing to stop


async def test_actions_without_runs_say_what_to_do(runs_dir: Path) -> None:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.2)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.2)
        await pilot.press("m")
        await wait_until(pilot, lambda: notified(app, "No run selected: press n"), what="the notice")
        assert isinstance(app.screen, HomeScreen)


async def test_the_gpu_panel_names_the_run_on_each_gpu(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-100000-two-gpus", "running", 3, live=True)
    run.write_status(gpus=[0, 1])
    make_run(runs_dir, "20250114-100000-done", "completed", 60).write_status(gpus=[0])  # not live: not shown
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(gpus=3), poll_s=0.1)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_until(pilot, lambda: "20250115-100000-two-gpus" in screen_text(app).split("GPU1")[-1])
        gpu_lines = [ln for ln in screen_text(app).splitlines() if "GPU" in ln and "RTX 3090" in ln]
        assert [("two-gpus" in ln, "done" in ln) for ln in gpu_lines] == [(True, False), (True, False),
                                                                           (False, False)]


async def test_a_run_started_from_the_wizard_stays_selected(runs_dir: Path, tmp_path: Path) -> None:
    from mcp_tui.tui.screens.wizard import Started

    fixture_runs(runs_dir, tmp_path)
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 4)
        await pilot.press("down", "down")  # the user looked at an older run
        assert table.selected_run == "20250113-120000-devstral"
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        started = make_run(runs_dir, "20250115-120000-new", "running", 1, started=T0 + 9000, live=True)
        app.screen.post_message(Started(started.path, ""))  # what Start's worker reports
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen), what="the monitor")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen) and table.row_count == 5)
        assert table.selected_run == started.id
        make_run(runs_dir, "20250115-130000-cli", "running", 1, started=T0 + 12600, live=True)  # a newer one
        await wait_until(pilot, lambda: table.row_count == 6)
        await pilot.pause(0.3)  # more readings
        assert table.selected_run == started.id and table.cursor_row == 1
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen))
        assert app.screen.run.path == started.path
