"""The run directory: atomic status, liveness judgement, tolerant metrics reading."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mcp_tui.config import load_config
from mcp_tui.runs import (STALE_AFTER_S, Run, create_run, find_run, list_runs, mark_checkpoint_complete,
                          process_start_time)


@pytest.fixture
def run(tmp_path: Path) -> Run:
    return create_run(tmp_path / "runs", load_config("cpu-demo"), name="demo")


def test_create_writes_config_and_pending_status(run: Run):
    assert run.config() == load_config("cpu-demo")
    st = run.status()
    assert st.state == "pending" and st.started > 0
    assert "created run" in run.events_tail(1)[0]
    assert not list(run.path.glob(".status.*"))


def test_status_replaced_atomically_and_keys_checked(run: Run):
    inode = run.status_path.stat().st_ino
    run.write_status(state="running", step=3, total_steps=10)
    assert run.status_path.stat().st_ino != inode
    assert json.loads(run.status_path.read_text())["step"] == 3
    with pytest.raises(KeyError):
        run.write_status(stepp=1)
    with pytest.raises(ValueError):
        run.write_status(state="exploded")


def test_dead_pid_reads_as_crashed(run: Run):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        run.write_status(state="running", pid=proc.pid, host=socket.gethostname(),
                         pid_started=process_start_time(proc.pid), heartbeat=time.time())
        assert run.status().state == "running"
        proc.kill()
        proc.wait()
        st = run.status()
        assert st.state == "crashed" and st.error
        assert run.raw_status().state == "running"
    finally:
        proc.kill()


def test_recycled_pid_reads_as_crashed(run: Run):
    run.write_status(state="running", pid=os.getpid(), host=socket.gethostname(),
                     pid_started=process_start_time(os.getpid()) - 100, heartbeat=time.time())
    assert run.status().state == "crashed"


def test_stale_heartbeat_reads_as_crashed_even_from_another_host(run: Run):
    now = time.time()
    run.write_status(state="running", pid=1, host="elsewhere", heartbeat=now)
    assert run.status(now=now + 1).state == "running"
    assert run.status(now=now + STALE_AFTER_S + 1).state == "crashed"
    run.write_status(state="completed")
    assert run.status(now=now + 10 * STALE_AFTER_S).state == "completed"


def test_metrics_tolerate_a_torn_last_line(run: Run):
    run.append_metrics({"step": 1, "loss": 2.0})
    run.append_metrics({"step": 2, "loss": 1.5, "extra": 1})
    with open(run.metrics_path, "a") as fh:
        fh.write('{"step": 3, "lo')
    rows = run.metrics()
    assert [r["step"] for r in rows] == [1, 2]
    assert rows[0]["eval_loss"] is None and rows[1]["extra"] == 1


def test_only_marked_checkpoints_count(run: Run):
    for step in (2, 4, 10):
        (run.checkpoints_dir / f"checkpoint-{step}").mkdir(parents=True)
        (run.checkpoints_dir / f"checkpoint-{step}" / "adapter_model.safetensors").write_bytes(b"x")
    assert run.last_checkpoint() is None
    mark_checkpoint_complete(run.checkpoints_dir / "checkpoint-2")
    mark_checkpoint_complete(run.checkpoints_dir / "checkpoint-10")
    assert [p.name for p in run.checkpoints()] == ["checkpoint-2", "checkpoint-10"]
    assert run.last_checkpoint().name == "checkpoint-10"


def test_list_and_find(tmp_path: Path):
    cfg = load_config("cpu-demo")
    a = create_run(tmp_path, cfg, name="alpha")
    b = create_run(tmp_path, cfg, name="beta")
    b.write_status(started=a.raw_status().started + 1)
    assert [r.id for r in list_runs(tmp_path)] == [b.id, a.id]
    assert find_run("latest", tmp_path).id == b.id
    assert find_run(a.id, tmp_path).id == a.id
    assert find_run(str(a.path)).id == a.id
    with pytest.raises(ValueError, match="no run 'zzz'"):
        find_run("zzz", tmp_path)
    with pytest.raises(ValueError, match="matches 2 runs"):
        find_run(a.id[:4], tmp_path)
