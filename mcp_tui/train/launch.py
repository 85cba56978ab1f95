"""Starting and stopping the training process, detached from whoever asked.

The worker runs in its own session (`start_new_session=True`): no controlling terminal, so
closing the terminal, the TUI or the SSH connection sends it nothing; its output goes to
the run's worker.log. Stopping is a SIGTERM, which the worker turns into a checkpoint and
a clean exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from mcp_tui.config import ConfigError, RunConfig, check_hardware, resolved_paths
from mcp_tui.runs import Run, RunStatus, create_run


@dataclass
class Launch:
    """A started worker: its process handle (poll it to notice an early exit)."""

    run: Run
    process: subprocess.Popen[bytes]


def worker_command(run: Run, resume: bool) -> list[str]:
    """The command line of the training process for `run`."""
    return [sys.executable, "-m", "mcp_tui.train.worker", str(run.path.resolve())] + (["--resume"] if resume else [])


def spawn_worker(run: Run, resume: bool = False) -> Launch:
    """Start the worker detached. status.json reads `pending` until the worker writes
    `running` with its own pid (a worker that dies before that turns `crashed` once its
    heartbeat goes stale)."""
    run.write_status(state="pending", pid=None, pid_started=None, host=socket.gethostname(),
                     heartbeat=time.time(), error="")
    run.log_event(f"launching worker{' (resume)' if resume else ''}")
    with open(run.worker_log, "ab") as log:
        process = subprocess.Popen(
            worker_command(run, resume), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True, cwd=run.path,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    return Launch(run, process)


def wait_started(launch: Launch, timeout: float = 120.0) -> RunStatus:
    """Wait until the worker has loaded everything and knows its step count, or has exited
    (a bad dataset or model fails here, while the user is still watching); the status then."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        st = launch.run.raw_status()
        if st.total_steps or not st.live or launch.process.poll() is not None:
            break
        time.sleep(0.2)
    return launch.run.status()


def create_checked_run(cfg: RunConfig, runs_dir: Path, name: str | None, missing_data_fix: str) -> Run:
    """A new run directory for `cfg`, made only once its data files exist and this machine
    can train it, so a run that cannot start never appears in the list. ConfigError
    otherwise; `missing_data_fix` says how to fix a missing file (`{key}` names the field)."""
    import torch

    from mcp_tui.data.mixing import parse_sources

    cfg = resolved_paths(cfg)
    files = [("data.train_file", cfg.data.train_file), ("data.eval_file", cfg.data.eval_file)]
    files += [("data.sources", s.path) for s in parse_sources(cfg.data.sources)]
    for key, path in files:
        if path and not Path(path).exists():
            raise ConfigError(f"{key}: {path} not found; {missing_data_fix.format(key=key)}")
    check_hardware(cfg, torch.cuda.is_available())
    return create_run(runs_dir, cfg, name)


def start_detached(run: Run, resume: bool = False) -> RunStatus:
    """Spawn the worker and wait until it reports itself (see `wait_started`); ValueError
    naming the reason when it failed to start."""
    launch = spawn_worker(run, resume=resume)
    st = wait_started(launch)
    if st.state in ("failed", "crashed") or launch.process.poll() not in (None, 0):
        raise ValueError(f"run {run.id} failed to start: {st.error or f'see {run.worker_log}'}")
    return st


def request_stop(run: Run) -> RunStatus:
    """Ask a live worker to checkpoint and stop (SIGTERM). ValueError when it is not running here."""
    st = run.status()
    if not st.live:
        raise ValueError(f"run {run.id} is not running (state: {st.state})")
    if st.pid is None:
        raise ValueError(f"run {run.id} has no worker pid yet; try again in a few seconds")
    if st.host and st.host != socket.gethostname():
        raise ValueError(f"run {run.id} runs on {st.host}; stop it from there")
    # The worker itself writes `stopping`: status.json has one writer, so no update is lost.
    os.kill(st.pid, signal.SIGTERM)
    run.log_event("stop requested (SIGTERM)")
    return st


def wait_finished(run: Run, timeout: float) -> RunStatus:
    """Poll until the run leaves the live states or `timeout` seconds pass."""
    deadline = time.time() + timeout
    st = run.status()
    while st.live and time.time() < deadline:
        time.sleep(0.2)
        st = run.status()
    return st
