"""Starting and stopping the training process, detached from whoever asked.

The worker runs in its own session (`start_new_session=True`): no controlling terminal, so
closing the terminal, the TUI or the SSH connection sends it nothing; its output goes to
the run's worker.log. Stopping is a SIGTERM, which the worker turns into a checkpoint and
a clean exit. With `train.gpus` > 1 the detached process is the torchrun launcher
(train/torchrun.py), which starts one worker per GPU and passes a stop on to all of them.
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

from mcp_tui.config import ConfigError, RunConfig, check_hardware, resolved_paths, validate
from mcp_tui.fileio import FileError
from mcp_tui.runs import LOCK_RELEASE_WAIT_S, Run, RunBusyError, RunStatus, create_run
from mcp_tui.train.torchrun import launcher_command, plan_ranks

# How long `mcp-tui train` (and the wizard's Start) waits for the worker to load the model
# and data and begin: failures there are shown while the user is still watching.
STARTUP_TIMEOUT_S = 120.0


@dataclass
class Launch:
    """A started worker: its process handle (poll it to notice an early exit)."""

    run: Run
    process: subprocess.Popen[bytes]


def worker_command(run: Run, resume: bool, ranks: int = 1) -> list[str]:
    """The command line of the training process for `run`: the worker itself, or for
    several ranks the torchrun launcher that starts one worker per GPU."""
    if ranks > 1:
        return launcher_command(run, ranks, resume)
    return [sys.executable, "-m", "mcp_tui.train.worker", str(run.path.resolve())] + (["--resume"] if resume else [])


def spawn_worker(run: Run, resume: bool = False) -> Launch:
    """Start the worker detached. The worker writes status.json itself (`pending` with its
    own pid, or its launcher's, once it holds the run's lock), so a launch never overwrites
    the status of a worker already training this run; RunBusyError when one is, ConfigError
    when the run asks for more GPUs than this machine has."""
    pid = run.worker_pid(wait_s=LOCK_RELEASE_WAIT_S)
    if pid is not None:
        raise RunBusyError(run.busy_message(pid))
    plan = plan_ranks(run.config())
    run.log_event(f"launching worker{' (resume)' if resume else ''}; {plan.why}")
    with run.open_worker_log() as log:
        process = subprocess.Popen(
            worker_command(run, resume, plan.count), stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True, cwd=run.path,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
    return Launch(run, process)


def _reported(launch: Launch) -> RunStatus | None:
    """The status once this launch's worker has written it (its own pid), else None."""
    try:
        st = launch.run.raw_status()
    except FileError:
        return None
    return st if st.pid == launch.process.pid else None


def wait_started(launch: Launch, timeout: float = STARTUP_TIMEOUT_S) -> RunStatus | None:
    """Wait until this launch's worker has loaded everything and begun training (it left
    `pending`), has exited, or `timeout` passed (a bad dataset or model fails here, while
    the user is still watching). The status it wrote, or None when it never reported."""
    deadline = time.time() + timeout
    while True:
        st = _reported(launch)
        if (st is not None and st.state != "pending") or launch.process.poll() is not None:
            break
        if time.time() >= deadline:
            break
        time.sleep(0.2)
    st = _reported(launch)
    if st is None:
        return None
    try:
        return launch.run.status()
    except FileError:
        return st


def create_checked_run(cfg: RunConfig, runs_dir: Path, name: str | None, missing_data_fix: str) -> Run:
    """A new run directory for `cfg`, made only once its data files and its model exist and
    this machine can train it, so a run that cannot start never appears in the list.
    ConfigError otherwise; `missing_data_fix` says how to fix a missing or unusable data
    file (`{key}` names the field)."""
    import torch

    from mcp_tui.data.mixing import parse_sources
    from mcp_tui.train.model import ModelError, find_model

    cfg = resolved_paths(cfg)
    files = [("data.train_file", cfg.data.train_file), ("data.eval_file", cfg.data.eval_file)]
    files += [("data.sources", s.path) for s in parse_sources(cfg.data.sources)]
    for key, path in files:
        if path and not Path(path).exists():
            raise ConfigError(f"{key}: {path} not found; {missing_data_fix.format(key=key)}")
        if path and not (Path(path).is_file() or Path(path).is_dir()):
            raise ConfigError(f"{key}: {path} is not a regular file (a device or pipe); "
                              f"{missing_data_fix.format(key=key)}")
    check_hardware(cfg, torch.cuda.is_available())
    try:
        find_model(cfg.model)
        plan_ranks(cfg)
    except ModelError as exc:
        raise ConfigError(str(exc)) from None
    return create_run(runs_dir, cfg, name)


def start_detached(run: Run, resume: bool = False, timeout: float = STARTUP_TIMEOUT_S) -> RunStatus:
    """Spawn the worker and wait until it reports itself (see `wait_started`). ValueError
    with the worker's own error when it failed, or did not report within `timeout`
    seconds (it is then stopped, so nothing trains that was said not to start)."""
    launch = spawn_worker(run, resume=resume)
    st = wait_started(launch, timeout)
    code = launch.process.poll()
    if st is None:
        if code is None:
            launch.process.terminate()
            raise ValueError(f"run {run.id} failed to start: the worker did not report within {timeout:.0f} s "
                             f"(see {run.worker_log})")
        raise ValueError(f"run {run.id} failed to start: {run.worker_log_tail() or f'see {run.worker_log}'}")
    if st.state in ("failed", "crashed") or code not in (None, 0):
        reason = st.error or run.worker_log_tail() or f"see {run.worker_log}"
        raise ValueError(f"run {run.id} failed to start: {reason}")
    return st


def start_training(cfg: RunConfig, runs_dir: Path, name: str | None = None) -> Run:
    """Start the run a new-run face edited (the wizard's Start, `mcp-tui new --plain`): the
    started run; ValueError (ConfigError included) with a one-line reason otherwise. It waits
    for the process: the app calls it from a worker thread."""
    validate(cfg, "this run")
    run = create_checked_run(cfg, runs_dir, name, "choose a dataset on the Dataset step")
    start_detached(run)
    return run


def check_resumable(run: Run) -> None:
    """ValueError saying why `run` cannot be resumed now: it is live, a worker still holds
    it, it completed, or this machine lacks what its config needs (checked with torch)."""
    import torch

    try:
        st: RunStatus | None = run.status()
    except FileError:
        st = None  # damaged: once no worker holds the run, the resumed worker rewrites it
    if st is not None and st.live:
        raise ValueError(f"run {run.id} is {st.state}; stop it first (`mcp-tui stop {run.id}`)")
    pid = run.worker_pid(wait_s=LOCK_RELEASE_WAIT_S)
    if pid is not None:
        raise ValueError(run.busy_message(pid))
    if st is not None and st.state == "completed":
        raise ValueError(f"run {run.id} already completed; its adapter is in {run.adapter_dir}")
    check_hardware(run.config(), torch.cuda.is_available())


def request_stop(run: Run) -> RunStatus:
    """Ask a live worker to checkpoint and stop (SIGTERM). A run already `stopping` is not
    signalled again (its checkpoint is on the way). ValueError when it is not running here."""
    try:
        st = run.status()
    except FileError as exc:  # status.json is damaged, but the lock still names the worker
        pid = run.worker_pid()
        if not pid:
            raise ValueError(f"run {run.id}: {exc}") from None
        st = RunStatus(state="running", pid=pid, host=socket.gethostname())
    if not st.live:
        raise ValueError(f"run {run.id} is not running (state: {st.state})")
    if st.state == "stopping":
        return st
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
