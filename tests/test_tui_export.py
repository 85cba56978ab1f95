"""Export dialog: the disk needed, then `export_run` in a worker with progress, a result
that loads, refusals as sentences, and Esc cancelling a running export."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, ProgressBar
from tui_fixtures import FakeTelemetry, anyio_backend, make_adapter_run, screen_text, utc, wait_until

from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.export import ExportDialog, default_out

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]


def open_export(runs_dir: Path, run_path: Path) -> McpTuiApp:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.5)
    app.call_later(lambda: app.push_screen(ExportDialog(run_path)))
    return app


async def test_adapter_then_merged_export(runs_dir: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    run = make_adapter_run(runs_dir, tiny_model_dir, tmp_path)
    app = open_export(runs_dir, run.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await wait_until(pilot, lambda: "Needs" in screen_text(app), timeout=30, what="the disk estimate")
        assert app.screen.query_one("#out", Input).value == str(default_out(run, "merged"))
        await pilot.press("enter", "down", "enter")  # open the list, merged -> adapter
        await wait_until(pilot, lambda: app.screen.query_one("#out", Input).value.endswith("-adapter"))
        out = tmp_path / "exports" / "tiny-adapter"
        app.screen.query_one("#out", Input).value = str(out)
        await pilot.press("tab", "tab", "enter")  # to the path box, submit: export
        await wait_until(pilot, lambda: "Wrote" in screen_text(app), timeout=60, what="the export")
        assert (out / "adapter_config.json").is_file() and (out / "README.md").is_file()
        assert app.screen.query_one(ProgressBar).progress == 1.0
        app.screen.query_one("#out", Input).value = str(out)
        await pilot.press("enter")  # the same folder again: refused, nothing overwritten
        status = app.screen.query_one("#export-status")
        await wait_until(pilot, lambda: "already exists and is not empty" in str(status.render()), timeout=30)
        assert not app.screen.exporting
        merged = tmp_path / "exports" / "tiny-merged"
        app.screen.query_one("#mode").value = "merged"
        await pilot.pause(0.1)
        app.screen.query_one("#out", Input).value = str(merged)
        app.screen.action_export()
        await wait_until(pilot, lambda: "Wrote" in screen_text(app), timeout=60, what="the merged export")
        assert (merged / "config.json").is_file() and list(merged.glob("*.safetensors"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog))


async def test_run_without_adapter_is_refused_in_words(runs_dir: Path, tmp_path: Path) -> None:
    from tui_fixtures import make_run

    run = make_run(runs_dir, "20250115-093000-demo", "running", 3)
    app = open_export(runs_dir, run.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        await wait_until(pilot, lambda: "adapter" in str(app.screen.query_one("#export-size").render()), timeout=30)
        assert "Traceback" not in screen_text(app)


async def test_escape_cancels_a_running_export(runs_dir: Path, tmp_path: Path, monkeypatch) -> None:
    import time

    import mcp_tui.export
    from tui_fixtures import make_run

    calls: list[float] = []

    def slow_export(run, out_dir, mode, dtype, progress):  # stands in for a 24B merge
        for i in range(200):
            calls.append(i / 200)
            progress(f"shard {i}", i / 200)  # raises once the dialog asks to cancel
            time.sleep(0.02)
        raise AssertionError("the export was not cancelled")

    monkeypatch.setattr(mcp_tui.export, "export_run", slow_export)
    run = make_run(runs_dir, "20250115-093000-demo", "completed", 60)
    app = open_export(runs_dir, run.path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, ExportDialog))
        app.screen.action_export()
        await wait_until(pilot, lambda: len(calls) > 5, what="the export to start")
        await pilot.press("escape")
        status = app.screen.query_one("#export-status")
        await wait_until(pilot, lambda: "Export cancelled" in str(status.render()), what="the cancellation")
        assert len(calls) < 200 and isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ExportDialog))
