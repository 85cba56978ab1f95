"""A damaged run file makes that run show as `unreadable: <file>: <why>` in `mcp-tui runs`,
`mcp-tui monitor`, the home screen and the monitor screen, while every other run keeps
working; control characters from run files never reach the terminal raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import DataTable
from tui_fixtures import FakeTelemetry, anyio_backend, make_run, screen_text, text_when, utc, wait_until

from mcp_tui.cli import main
from mcp_tui.fileio import FileError
from mcp_tui.runs import Run, find_run, list_runs
from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.evaluation import EvaluationScreen
from mcp_tui.tui.screens.monitor import MonitorScreen

__all__ = ["anyio_backend", "utc"]

GOOD_ID = "20250115-093000-good"
BAD_ID = "20250114-093000-bad"

DAMAGED: list[tuple[str, bytes, str]] = [
    ("status.json", b"", "is empty"),
    ("status.json", b"\x00\x01\x02\xff binary", "not UTF-8 text"),
    ("status.json", b'{"state": "running", "st', "not valid JSON"),
    ("status.json", b'{"state": "running", "step": "seven"}', "'step' should be a whole number"),
    ("status.json", b'{"state": "exploded"}', "'state' should be one of"),
    ("status.json", b'["running"]', "should be a JSON object"),
    ("status.json", b'{"state": "running", "pid": ' + b"7" * 5000 + b"}", "number longer than"),
    ("status.json", b'{"state": "running", "heartbeat": NaN}', "'heartbeat' should be a finite number"),
    ("status.json", b"[" * 50_000, "nested too deeply"),
    ("metrics.jsonl", b'{"step": 1, "loss": 2.0}\n{"step": 2, "loss": "low"}\n', "line 2: 'loss' should be a number"),
    ("metrics.jsonl", b'{"step": 1}\n\x00\xff\xfe\n', "line 2: not UTF-8 text"),
    ("metrics.jsonl", b'{"step": 1}\n[1, 2]\n{"step": 3}\n', "line 2: should be a JSON object"),
    ("metrics.jsonl", b'{"loss": 1.0}\n', "line 1: has no 'step'"),
    ("metrics.jsonl", b'{"step": -4}\n', "line 1: 'step' should be a whole number"),
    ("metrics.jsonl", b'{"step": 1}\n{"step": 2, "lo\n{"step": 3}\n', "line 2: not valid JSON"),
]


@pytest.fixture
def two_runs(runs_dir: Path) -> tuple[Run, Run]:
    good = make_run(runs_dir, GOOD_ID, "completed", 20)
    bad = make_run(runs_dir, BAD_ID, "stopped", 10)
    return good, bad


def damage(run: Run, name: str, content: bytes) -> None:
    path = run.path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


@pytest.mark.parametrize(("name", "content", "why"), DAMAGED, ids=[f"{n}-{w[:24]}" for n, _, w in DAMAGED])
def test_runs_and_monitor_name_the_damaged_file(two_runs, name: str, content: bytes, why: str,
                                                capsys: pytest.CaptureFixture[str]):
    good, bad = two_runs
    damage(bad, name, content)
    assert main(["runs"]) == 0
    out = capsys.readouterr().out
    good_line = next(line for line in out.splitlines() if GOOD_ID in line)
    assert "completed" in good_line and "20/60" in good_line
    assert f"unreadable: {name}: " in out and why in out.replace("\n", " ")
    assert main(["monitor", BAD_ID, "--once"]) == 0
    assert f"unreadable: {name}: " in capsys.readouterr().out
    assert main(["monitor", GOOD_ID, "--once"]) == 0
    assert "unreadable" not in capsys.readouterr().out
    # Every command still finds every run (one damaged status once broke the lookup of all).
    assert find_run("latest").id == GOOD_ID and {r.id for r in list_runs()} == {GOOD_ID, BAD_ID}


def test_the_home_rows_name_a_damaged_summary(two_runs, runs_dir: Path):
    from mcp_tui.tui.snapshots import RunsReader

    _, bad = two_runs
    damage(bad, "eval/summary.json", b'{"overall": {"tuned": "great"}}')
    rows = {r.id: r for r in RunsReader(runs_dir).rows()}
    assert rows[BAD_ID].problem.startswith("unreadable: eval/summary.json: 'overall' should be an object of rates")
    assert rows[BAD_ID].state == "stopped" and rows[GOOD_ID].problem == ""


def test_commands_on_a_damaged_run_fail_in_one_line(two_runs, capsys: pytest.CaptureFixture[str]):
    good, bad = two_runs
    damage(bad, "status.json", b"\x00garbage")
    assert main(["stop", BAD_ID]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"mcp-tui: error: run {BAD_ID}: ") and "status.json" in err and "\n" not in err
    assert "mcp-tui train --resume" in err  # the fix
    assert main(["stop", GOOD_ID]) == 2
    assert "is not running (state: completed)" in capsys.readouterr().err
    assert main(["export", BAD_ID, "--out", str(bad.path.parent / "x")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("mcp-tui export: ") and "\n" not in err


def test_writing_replaces_a_damaged_status(two_runs):
    _, bad = two_runs
    damage(bad, "status.json", b"{")
    with pytest.raises(FileError):
        bad.raw_status()
    bad.write_status(state="failed", error="disk trouble")
    assert bad.raw_status().state == "failed"


def test_escape_sequences_from_run_files_are_shown_not_executed(two_runs, capsys: pytest.CaptureFixture[str]):
    _, bad = two_runs
    bad.write_status(state="failed", error="boom \x1b[2J\x1b]0;pwned\x07 done")
    bad.log_event("loaded \x1b[31mred\x1b[0m and \x9b6n")
    assert main(["monitor", BAD_ID, "--once"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "boom \\x1b[2J" in out and "loaded \\x1b[31mred" in out
    assert main(["runs"]) == 0
    assert "\x1b" not in capsys.readouterr().out


@pytest.mark.anyio
@pytest.mark.usefixtures("utc")
async def test_the_app_starts_and_shows_a_damaged_run(two_runs, runs_dir: Path):
    good, bad = two_runs
    damage(bad, "status.json", b'{"state": "running", "step": "seven"}')
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one(DataTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        rows = {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(2)}
        assert rows[GOOD_ID][1:3] == ["completed", "20/60"]
        assert rows[BAD_ID][1].startswith("unreadable: status.json: 'step' should be a whole number")
        table.move_cursor(row=list(rows).index(BAD_ID))
        await pilot.press("m")
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        await wait_until(pilot, lambda: "unreadable: status.json" in screen_text(app), what="the reason")
        assert app.screen.snapshot.status.state == "unreadable"
        await pilot.press("s")  # nothing to stop: a message, not a crash
        await pilot.press("escape")
        damage(good, "metrics.jsonl", b'{"step": 1, "loss": []}\n')
        await wait_until(pilot, lambda: "unreadable: metrics.jsonl: line 1" in screen_text(app), what="the home row")


@pytest.mark.anyio
@pytest.mark.usefixtures("utc")
async def test_the_evaluation_screen_names_a_damaged_eval_file(two_runs, runs_dir: Path):
    good, _ = two_runs
    damage(good, "eval/progress.json", json.dumps({"state": "running", "done": "four"}).encode())
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    app.call_later(lambda: app.push_screen(EvaluationScreen(good.path)))
    async with app.run_test(size=(160, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and app.screen.results is not None)
        await wait_until(pilot, lambda: "unreadable: eval/progress.json: 'done'" in screen_text(app))
        await text_when(pilot, app, f"mcp-tui eval {GOOD_ID} --fresh")
