"""Monitor: live points from a writer appending metrics.jsonl, progress and ETA, gauges,
events, and Stop (a confirmed SIGTERM to the worker; nothing without confirmation)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from tui_fixtures import FakeTelemetry, anyio_backend, make_run, metric, notified, screen_text, text_when, utc, wait_until

from mcp_tui.config import load_config, save_config
from mcp_tui.runs import Run, process_start_time
from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.monitor import MonitorScreen
from mcp_tui.tui.widgets.dialogs.confirm import ConfirmDialog
from mcp_tui.tui.widgets.monitor.charts import MetricChart, series

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]


def open_monitor(runs_dir: Path, run: Run, **kw) -> McpTuiApp:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=0.1, telemetry_s=0.2, **kw)
    app.call_later(lambda: app.push_screen(MonitorScreen(run.path)))
    return app


def test_series_skips_missing_values() -> None:
    records = [metric(1), {"step": 2, "loss": None}, metric(3), {"step": 4, "loss": float("nan")}]
    assert series(records, "loss")[0] == [1.0, 3.0]
    assert series(records, "eval_loss") == ([], [])


async def test_live_points_from_a_writer(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "running", 5, live=True)
    stop = threading.Event()

    def writer() -> None:  # the training worker's side: one logged step every 50 ms
        for step in range(6, 31):
            if stop.wait(0.05):
                return
            run.append_metrics(metric(step))
            run.write_status(step=step, heartbeat=time.time())
            if step % 10 == 0:
                run.log_event(f"checkpoint-{step} saved")

    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(100, 32)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        assert len(app.screen.snapshot.metrics) == 5
        thread = threading.Thread(target=writer)
        thread.start()
        try:
            await wait_until(pilot, lambda: len(app.screen.snapshot.metrics) >= 20, what="live points")
        finally:
            stop.set()
            thread.join()
        await wait_until(pilot, lambda: app.screen.snapshot.status.step >= 20)
        loss_chart = app.screen.query_one("#loss-chart", MetricChart)
        assert loss_chart._drawn == len(app.screen.snapshot.metrics) >= 20
        text = await text_when(pilot, app, "checkpoint-20 saved")
        assert f"step {app.screen.snapshot.status.step}/60" in text and "ETA" in text
        assert "tok/s 170" in text and "loss" in text and "learning rate (×1e-4)" in text
        assert "GPU0" in text and "18.4/24.0 GiB" in text and "RAM" in text


@pytest.fixture
def fake_worker(tmp_path: Path):
    """A process standing in for the training worker: SIGTERM makes it write a file and exit."""
    flag = tmp_path / "got-sigterm"
    code = ("import signal, sys, time\n"
            f"signal.signal(signal.SIGTERM, lambda *a: (open({str(flag)!r}, 'w').write('x'), sys.exit(0)))\n"
            "print('ready', flush=True)\n"
            "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "ready"
    yield proc, flag
    if proc.poll() is None:
        proc.kill()
    proc.wait()


async def test_stop_asks_first_then_sends_sigterm(runs_dir: Path, fake_worker) -> None:
    proc, flag = fake_worker
    run = make_run(runs_dir, "20250115-093000-demo", "running", 12)
    run.write_status(pid=proc.pid, pid_started=process_start_time(proc.pid), host=socket.gethostname(),
                     heartbeat=time.time())
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        assert app.screen.snapshot.status.state == "running"
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await text_when(pilot, app, "checkpoint")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen))
        await pilot.pause(0.3)
        assert proc.poll() is None and not flag.exists()
        await pilot.press("s", "y")
        await wait_until(pilot, lambda: flag.exists(), what="the worker to get SIGTERM")
        assert proc.wait(5) == 0
        assert "stop requested (SIGTERM)" in run.events_tail(5)[-1]


async def test_a_stopping_run_shows_it_and_is_not_stopped_twice(runs_dir: Path, fake_worker) -> None:
    """Once the worker says `stopping` (at once, from its heartbeat thread), Stop pressed
    again sends nothing: the checkpoint is on its way."""
    proc, flag = fake_worker
    run = make_run(runs_dir, "20250115-093000-demo", "stopping", 12)
    run.write_status(pid=proc.pid, pid_started=process_start_time(proc.pid), host=socket.gethostname(),
                     heartbeat=time.time())
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        await text_when(pilot, app, "stopping", "step 12/60")
        await pilot.press("s")
        await wait_until(pilot, lambda: notified(app, "is already stopping"))
        await pilot.pause(0.3)
        assert isinstance(app.screen, MonitorScreen) and proc.poll() is None and not flag.exists()


async def test_finished_run_cannot_be_stopped(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250114-180000-smollm2", "completed", 60)
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        text = screen_text(app)
        assert "completed" in text and "step 60/60" in text and "ETA" not in text
        await wait_until(pilot, lambda: "e Evaluate" in screen_text(app))
        assert "Stop run" not in screen_text(app) and "Resume" not in screen_text(app)
        await pilot.press("s", "r")  # neither applies: nothing asked, nothing started
        assert isinstance(app.screen, MonitorScreen) and not app._notifications


@pytest.mark.parametrize("state", ["stopped", "failed"])
async def test_resume_key_on_a_stopped_or_failed_run(runs_dir: Path, state: str, monkeypatch) -> None:
    """r does what `mcp-tui train --resume RUN` does: the same checks, a detached worker."""
    import mcp_tui.train.launch as launch

    run = make_run(runs_dir, "20250112-080000-qwen7b", state, 25)
    resumed: list[tuple[Path, bool]] = []
    monkeypatch.setattr(launch, "start_detached", lambda r, resume=False: resumed.append((r.path, resume)))
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "r Resume" in screen_text(app), what="the Resume key")
        assert "Stop run" not in screen_text(app)
        await pilot.press("r")
        await wait_until(pilot, lambda: notified(app, f"{run.id} resumed."), timeout=60)
        assert resumed == [(run.path, True)]


async def test_resume_refused_says_why(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250112-080000-qwen7b", "stopped", 25)
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "r Resume" in screen_text(app), what="the Resume key")
        run.write_status(state="completed")  # finished meanwhile (elsewhere): the check sees it
        app.screen.action_resume()
        await wait_until(pilot, lambda: notified(app, "already completed"), timeout=60)


async def test_long_events_wrap_at_80_columns(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "stopped", 7)
    warning = ("weights in bfloat16 are emulated on this CPU (no AVX512-BF16 or AMX): about ten times "
               "slower than float32; set model.dtype = \"auto\"")
    run.log_event(warning)
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: "float32; set" in screen_text(app).replace("\n", " "), what="the warning")
        words = " ".join(screen_text(app).split())
        assert "slower than" in words and 'model.dtype = "auto"' in words


async def test_crashed_worker_shows_as_crashed(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "running", 7)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    run.write_status(pid=dead.pid, pid_started=None, host=socket.gethostname())
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) and app.screen.snapshot is not None)
        assert app.screen.snapshot.status.state == "crashed"
        await text_when(pilot, app, "crashed", "stopped without a word")


async def test_a_run_on_two_gpus_shows_each_rank_beside_its_gpu(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "running", 5, live=True)
    run.write_status(gpus=[1, 0])  # rank 0 trains on GPU1
    run.append_metrics({**metric(6), "tokens_per_s": 5400.0, "gpu_mem_gib": 20.5,
                        "rank_tokens_per_s": [2710.0, 2690.0], "rank_gpu_mem_gib": [20.5, 20.25]})
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(gpus=2), poll_s=0.1, telemetry_s=0.2)
    app.call_later(lambda: app.push_screen(MonitorScreen(run.path)))
    async with app.run_test(size=(120, 40)) as pilot:
        text = await text_when(pilot, app, "rank 0:", "rank 1:", "tok/s 5400  (2710 + 2690)")
        gpu0, gpu1 = text.split("GPU0")[1].split("GPU1")[0], text.split("GPU1")[1]
        assert "rank 1: 2690 tok/s, peak 20.2 GiB" in gpu0 and "rank 0: 2710 tok/s, peak 20.5 GiB" in gpu1


async def test_a_run_that_changed_its_preset_shows_its_own_settings(runs_dir: Path) -> None:
    run = make_run(runs_dir, "20250115-093000-devstral", "stopped", 7)
    save_config(load_config("rtx3090-devstral-small", ["data.max_seq_len=131072"]), run.config_path)
    app = open_monitor(runs_dir, run)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: "seq 131072" in screen_text(app), what="the run's own settings")
        assert app.screen.query_one("#progress").border_subtitle == (
            "Devstral-Small-2507 · 4-bit nf4 · LoRA r16 · seq 131072 · 2 epochs")
        assert "seq 8192" not in screen_text(app)
