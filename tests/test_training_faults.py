"""Faults injected into real training on a tiny model: stop twice, two workers on one run,
a disk that fills up mid-run, and `train --resume` that must only report a start once the
worker really started. Each ends in one line saying what happened, and nothing earlier lost."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from pathlib import Path

import pytest
import torch

from mcp_tui.cli import main
from mcp_tui.config import load_config
from mcp_tui.fileio import DiskFullError
from mcp_tui.runs import COMPLETE_MARKER, Run, create_run, find_run, list_runs, process_start_time
from mcp_tui.train.launch import wait_finished
from mcp_tui.train.worker import Heartbeat, StopRequest
from test_training import model_dir, only_run, settings, train_file, wait_for

__all__ = ["model_dir", "train_file"]

LONG = {"train.max_steps": 100000, "train.save_steps": 100000, "train.eval_steps": 0}


@pytest.fixture(autouse=True)
def no_worker_left(runs_dir: Path):
    """Whatever a test asserted, no detached worker outlives it."""
    yield
    for run in list_runs(runs_dir):
        with suppress(Exception):
            if run.status().live:
                main(["--runs-dir", str(runs_dir), "stop", run.id, "--wait", "60"])


def start_long_run(model: Path, data: Path) -> Run:
    """A detached run that trains until it is stopped, once it has done two steps."""
    assert main(["train", *settings(model, data, **LONG)]) == 0
    run = find_run("latest")
    wait_for(lambda: run.raw_status().step >= 2, what="training steps")
    return run


def test_a_stop_shows_as_stopping_at_once_and_a_second_sigterm_changes_nothing(tmp_path: Path):
    run = create_run(tmp_path / "runs", load_config("cpu-demo"), name="x")
    run.write_status(state="running", pid=os.getpid(), pid_started=process_start_time(os.getpid()))
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, signal.SIGINT)}
    stop = StopRequest()
    try:
        stop.install()
        with Heartbeat(run, stop, interval=3600):  # no beat would come for an hour: the request wakes it
            os.kill(os.getpid(), signal.SIGTERM)
            wait_for(lambda: run.raw_status().state == "stopping", timeout=10, what="stopping")
            os.kill(os.getpid(), signal.SIGTERM)  # Stop pressed again: ignored, no abort
            time.sleep(0.2)
        assert stop.requested and stop.signal_name == "SIGTERM"
        assert run.status().state == "stopping"
        with pytest.raises(KeyboardInterrupt):  # Ctrl-C twice in a foreground run still aborts
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


@pytest.mark.slow  # real training steps in a worker
def test_stop_twice_checkpoints_once(model_dir: Path, train_file: Path, runs_dir: Path):
    run = start_long_run(model_dir, train_file)
    pid = run.raw_status().pid
    os.kill(pid, signal.SIGTERM)
    os.kill(pid, signal.SIGTERM)  # a second Stop before the first step ended
    # And `mcp-tui stop`: "already stopping" once the worker has said so, a third SIGTERM
    # before that (ignored like the second), "not running" once it has exited.
    assert main(["stop", run.id]) in (0, 2)
    st = wait_finished(run, 60)
    assert st.state == "stopped", st.error
    assert [p.name for p in run.checkpoints_dir.iterdir()] == [f"checkpoint-{st.step}"]
    assert (run.checkpoints_dir / f"checkpoint-{st.step}" / COMPLETE_MARKER).is_file()
    events = "\n".join(run.events_tail(50))
    assert events.count("checkpoint saved:") == 1 and "aborted" not in events


@pytest.mark.slow  # real training steps in a worker
def test_a_second_worker_refuses_and_changes_nothing(model_dir: Path, train_file: Path, runs_dir: Path,
                                                     capsys: pytest.CaptureFixture[str]):
    run = start_long_run(model_dir, train_file)
    first = run.raw_status().pid
    try:
        second = subprocess.run([sys.executable, "-m", "mcp_tui.train.worker", str(run.path), "--resume"],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert second.returncode == 1
        assert second.stderr.strip().splitlines()[-1] == (
            f"mcp-tui worker: run {run.id} is already being trained by worker pid {first}; "
            f"stop it first (`mcp-tui stop {run.id}`)")
        st = run.status()
        assert st.pid == first and st.state == "running"
        assert main(["train", "--resume", run.id]) == 2
        assert "stop it first" in capsys.readouterr().err
    finally:
        main(["stop", run.id, "--wait", "60"])
    assert run.status().state == "stopped"


class FillsUp:
    """torch.save that works until `full` is set, then meets a full disk."""

    def __init__(self) -> None:
        self.full = False
        self.real = torch.save

    def __call__(self, *args, **kwargs):
        if self.full:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.real(*args, **kwargs)


@pytest.mark.slow  # real training steps in a worker
def test_a_full_disk_fails_the_run_in_one_line_and_loses_nothing(model_dir: Path, train_file: Path,
                                                                 runs_dir: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture[str]):
    from mcp_tui.train import worker

    saves, real_mark = FillsUp(), worker.mark_checkpoint_complete
    monkeypatch.setattr(torch, "save", saves)
    # The disk fills up once the first checkpoint (step 2) is whole: the second cannot be written.
    monkeypatch.setattr(worker, "mark_checkpoint_complete",
                        lambda folder: (real_mark(folder), setattr(saves, "full", True)))
    overrides = settings(model_dir, train_file, **{"train.eval_steps": 0, "train.tensorboard": "false"})
    assert main(["train", "--foreground", *overrides]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    run = only_run(runs_dir)
    st = run.status()
    assert st.state == "failed"
    assert st.error.startswith(f"{run.path}: the disk is full (") and f"mcp-tui train --resume {run.id}" in st.error
    assert "\n" not in st.error and st.error in err
    # Nothing earlier lost: the first checkpoint whole, every logged step, no temporary files.
    assert [p.name for p in run.checkpoints()] == ["checkpoint-2"]
    assert [r["step"] for r in run.metrics()] == [1, 2, 3, 4]
    assert not [p for p in run.path.rglob("*") if p.name.endswith(".tmp")]
    monkeypatch.undo()  # space freed (this also drops $MCP_TUI_RUNS: name the folder)
    assert main(["--runs-dir", str(runs_dir), "train", "--resume", run.id, "--foreground"]) == 0
    assert run.status().state == "completed"
    assert [r["step"] for r in run.metrics() if r["loss"] is not None] == list(range(1, 9))


@pytest.mark.slow  # real training steps in a worker
def test_a_full_disk_while_logging_a_step_fails_the_run(model_dir: Path, train_file: Path, runs_dir: Path,
                                                       monkeypatch: pytest.MonkeyPatch):
    real_append = Run.append_metrics

    def append(self: Run, record: dict) -> None:
        if record["step"] == 3:
            raise DiskFullError(self.metrics_path, "the disk is full (0 KiB free)", "free some space")
        real_append(self, record)

    monkeypatch.setattr(Run, "append_metrics", append)
    overrides = settings(model_dir, train_file, **{"train.eval_steps": 0, "train.tensorboard": "false"})
    assert main(["train", "--foreground", *overrides]) == 1
    st = only_run(runs_dir).status()
    assert st.state == "failed" and "metrics.jsonl: the disk is full" in st.error and "--resume" in st.error


@pytest.mark.slow  # real training steps in a worker
def test_resume_reports_a_start_only_once_the_worker_started(model_dir: Path, train_file: Path, runs_dir: Path,
                                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    # A worker that cannot start: its own error, not "pending (pid None)" with the old step.
    moved = tmp_path / "model-moved"
    cfg = load_config("cpu-demo", [f"model.source={moved}", f"data.train_file={train_file}", "data.eval_file="])
    broken = create_run(runs_dir, cfg, name="broken")
    broken.write_status(state="stopped", step=4, total_steps=8)
    assert main(["train", "--resume", broken.id]) == 1
    err = capsys.readouterr().err
    assert f"run {broken.id} failed to start: model.source: model folder {moved} not found" in err
    assert "pending" not in err and broken.status().state == "failed"
    # A worker that starts: reported with its own pid, once training is under way.
    run = start_long_run(model_dir, train_file)
    main(["stop", run.id, "--wait", "60"])
    capsys.readouterr()
    try:
        assert main(["train", "--resume", run.id]) == 0
        out = capsys.readouterr().out
        st = run.raw_status()
        assert f"run {run.id} running (pid {st.pid}, step " in out and st.pid is not None
    finally:
        main(["stop", run.id, "--wait", "60"])
