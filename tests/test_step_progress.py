"""A sign of life inside every step: the worker writes micro-batch progress to status.json
through `Run`, and the monitor and `mcp-tui monitor` show it (micro-batches done, time in
the step, tokens/s so far, the warm-up note on the first step) before any step is logged."""

from __future__ import annotations

import time
from pathlib import Path
from types import SimpleNamespace

import pytest
from tui_fixtures import FakeTelemetry, anyio_backend, make_run, screen_text, text_when, utc, wait_until

from mcp_tui.runs import Run, RunStatus
from mcp_tui.step_progress import WARMUP_NOTE, in_step_eta, step_activity
from mcp_tui.train.worker import StopRequest, TokenCounter, make_run_callback

__all__ = ["anyio_backend", "utc"]


def test_the_worker_writes_each_micro_batch(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "running", 0, total=10)
    callback = make_run_callback(run, StopRequest(), 0.0, TokenCounter())
    args = SimpleNamespace(gradient_accumulation_steps=4)
    state = SimpleNamespace(num_input_tokens_seen=1000, global_step=0, max_steps=10, epoch=0.0)
    control = SimpleNamespace(should_training_stop=False, should_save=False)
    callback.on_step_begin(args, state, control)
    st = run.raw_status()
    assert (st.step_micro, st.step_micros, st.step_tokens, st.step_first) == (0, 4, 0, True)
    assert st.step_started > 0
    for k in (1, 2):
        state.num_input_tokens_seen += 700
        callback.on_substep_end(args, state, control)
        assert (run.raw_status().step_micro, run.raw_status().step_tokens) == (k, 700 * k)
    state.global_step = 1
    callback.on_step_end(args, state, control)
    assert run.raw_status().step_started == 0.0  # logged next; no longer in progress
    callback.on_step_begin(args, state, control)
    assert run.raw_status().step_first is False and run.raw_status().step_tokens == 0


def in_step_status(**kw) -> RunStatus:
    now = time.time()
    values = dict(state="running", step=0, total_steps=200, step_started=now - 23, step_micro=2, step_micros=4,
                  step_tokens=1480, step_updated=now - 3, step_first=True) | kw
    return RunStatus(**values)


def test_the_line_says_what_the_step_is_doing() -> None:
    st = in_step_status()
    line = step_activity(st, st.step_started + 23)
    assert line == f"step 1: 2/4 micro-batches in 23s, 74 tok/s; {WARMUP_NOTE}"
    later = in_step_status(step=7, step_first=False, step_micro=0, step_tokens=0)
    assert step_activity(later, later.step_started + 5) == "step 8: 0/4 micro-batches in 5s"
    assert step_activity(in_step_status(state="stopped"), time.time()) == ""
    assert step_activity(in_step_status(step_started=0.0), time.time()) == ""
    # Before two steps are logged, the ETA comes from this step: 20 s for 2 of 4 micro-batches.
    assert in_step_eta(st) == pytest.approx(40 * 200)
    assert in_step_eta(in_step_status(step_micro=0)) is None


def write_in_step(run: Run) -> None:
    now = time.time()
    run.write_status(state="running", step=0, total_steps=200, step_started=now - 42, step_micro=3, step_micros=4,
                     step_tokens=2080, step_updated=now - 2, step_first=True, heartbeat=now)


def test_cli_monitor_shows_the_step_in_progress(runs_dir: Path, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    from mcp_tui.cli import main

    monkeypatch.setenv("COLUMNS", "160")
    run = make_run(runs_dir, "20250115-093000-demo", "running", 0, total=200, live=True)
    write_in_step(run)
    assert main(["--runs-dir", str(runs_dir), "monitor", run.id, "--once"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "step 1: 3/4 micro-batches in 4" in out and "s, 52 tok/s; the first step includes warm-up" in out
    assert "ETA ~" in out


@pytest.mark.anyio
@pytest.mark.usefixtures("utc")
async def test_the_monitor_counts_the_step_up_before_any_point(runs_dir: Path) -> None:
    from mcp_tui.tui.app import McpTuiApp
    from mcp_tui.tui.screens.monitor import MonitorScreen

    run = make_run(runs_dir, "20250115-093000-demo", "running", 0, total=200, live=True)
    write_in_step(run)
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1)
    app.call_later(lambda: app.push_screen(MonitorScreen(run.path)))
    async with app.run_test(size=(80, 24)) as pilot:
        text = await text_when(pilot, app, "micro-batches")
        assert "step 1: 3/4 micro-batches in 4" in text and "s, 52 tok/s; the first step includes warm-up" in text
        assert "ETA ~" in text
        # The time in the step counts up between two writes of the worker.
        await wait_until(pilot, lambda: "micro-batches in 44s" in screen_text(app), what="the clock to move")
