"""The launcher of a multi-GPU run: `python -m mcp_tui.train.torchrun RUN_DIR --ranks N [--resume]`.

It runs torchrun (torch.distributed.run, PyTorch's own launcher, whose elastic agent starts
the N ranks, watches them, and tears them all down when one dies) inside this process, with
the training worker (train/worker.py) as every rank's program. Running it in-process rather
than as `python -m torch.distributed.run` in a shell gives us two things torchrun's command
line cannot:
- a stop is a checkpoint, not a kill: SIGTERM (`mcp-tui stop`) and SIGINT are taken from
  torchrun's agent (TORCHELASTIC_SIGNALS_TO_HANDLE), which would give the ranks 30 s and then
  SIGKILL them, and forwarded to every rank instead; the ranks agree on the step to stop at
  (distributed.agree) and save one checkpoint. Each rank runs in its own session, so a signal
  to this process's group would not reach them.
- a dead rank is a `failed` run with its error: torchrun raises ChildFailedError, which carries
  every failed rank's error file; the first real cause (not a peer's lost connection) becomes
  status.json's error, written here under the run's lock once every rank is gone.
accelerate launch would add a config layer over the same agent and hide both.
While the ranks train, rank 0 alone writes the run directory and holds its lock; status.json
names this process's pid, so liveness, `mcp-tui stop` and the launch handshake work as for
one GPU.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcp_tui.config import ConfigError
from mcp_tui.fileio import FileError, FolderLock
from mcp_tui.runs import LOCK_RELEASE_WAIT_S, Run
from mcp_tui.train.distributed import LAUNCHER_PID_ENV

if TYPE_CHECKING:
    from mcp_tui.config import RunConfig

# Signals torchrun's agent keeps: SIGTERM and SIGINT are ours to forward (see above).
AGENT_SIGNALS = "SIGHUP,SIGQUIT"
# The reference GPU's reservation for the CUDA context, as in the wizard's estimate.
RESERVED_GIB = 1.0


@dataclass(frozen=True)
class RankPlan:
    """How many ranks a run starts, and why (the run's events say it)."""

    count: int
    why: str


def _visible_gpus() -> tuple[int, float | None]:
    """How many GPUs this process may use, and the smallest one's memory budget in GiB
    (read from the device properties: no CUDA context is created here)."""
    import torch

    if not torch.cuda.is_available():
        return 0, None
    count = torch.cuda.device_count()
    smallest = min(torch.cuda.get_device_properties(i).total_memory for i in range(count))
    return count, smallest / 2**30 - RESERVED_GIB


def plan_ranks(cfg: RunConfig, visible: int | None = None, budget_gib: float | None = None) -> RankPlan:
    """The ranks `train.gpus` asks for on this machine: a number is checked against the
    visible GPUs; "auto" is every visible GPU when the model fits one by the VRAM estimate,
    else 1 (each rank holds a whole copy: DDP).
    ConfigError when more GPUs are asked for than there are."""
    if visible is None:
        visible, budget_gib = _visible_gpus()
    on_cpu = cfg.train.device == "cpu" or visible == 0
    wanted = cfg.train.gpus
    if wanted != "auto":
        count = int(wanted)
        if not on_cpu and count > visible:
            raise ConfigError(f"train.gpus = {count} but this machine has {visible} GPU{'s' * (visible != 1)}; "
                              f"set train.gpus = {visible} or \"auto\"")
        where = "CPU processes (gloo)" if on_cpu else "GPUs"
        return RankPlan(count, f"train.gpus = {count}: {count} {where}" if count > 1 else "one process")
    if on_cpu or visible == 1:
        return RankPlan(1, f"train.gpus = auto: {'no GPU' if on_cpu else 'one GPU'} here, one process")
    from mcp_tui.train.memory import GIB, estimate, model_config_for
    from mcp_tui.train.model import ModelError

    try:
        peak = estimate(model_config_for(cfg), cfg, budget_gib=budget_gib, ranks=visible)
    except (ModelError, ValueError) as exc:
        return RankPlan(1, f"train.gpus = auto: no VRAM estimate ({exc}), so one GPU")
    if budget_gib is not None and peak.fits(budget_gib):
        return RankPlan(visible, f"train.gpus = auto: the model fits one GPU ({peak.total / GIB:.1f} GiB of "
                                 f"{budget_gib:.0f}), so all {visible} GPUs train a copy each")
    return RankPlan(1, f"train.gpus = auto: the model does not fit one GPU ({peak.total / GIB:.1f} GiB of "
                       f"{budget_gib or 0:.0f}), so one GPU trains it (each rank would need a whole copy)")


def launcher_command(run: Run, ranks: int, resume: bool) -> list[str]:
    """The command line of this launcher for `run`."""
    return ([sys.executable, "-m", "mcp_tui.train.torchrun", str(run.path.resolve()), "--ranks", str(ranks)]
            + (["--resume"] if resume else []))


def torchrun_args(run: Run, ranks: int, resume: bool, log_dir: Path) -> list[str]:
    """torchrun's own command line: one machine, `ranks` processes, no restarts (a failure
    is the user's to see and fix; `--resume` continues from the last checkpoint)."""
    return ["--standalone", "--nnodes", "1", "--nproc-per-node", str(ranks), "--max-restarts", "0",
            "--log-dir", str(log_dir), "--module", "mcp_tui.train.worker", str(run.path.resolve()),
            *(["--resume"] if resume else [])]


def agent_keeps_stop_signals() -> bool:
    """Whether this PyTorch's torchrun lets us keep SIGTERM/SIGINT (its
    TORCHELASTIC_SIGNALS_TO_HANDLE, PyTorch >= 2.9). Older ones forward a stop themselves and
    kill a rank that takes more than 30 s to checkpoint."""
    from torch.distributed.launcher.api import LaunchConfig

    return "signals_to_handle" in LaunchConfig.__dataclass_fields__


class StopForwarder:
    """SIGTERM and SIGINT to this launcher go on to every rank (its child processes), which
    checkpoint together and exit; torchrun's agent then sees them all succeed. A context:
    the handlers and environment it changes are restored after (a foreground run in the CLI)."""

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __enter__(self) -> StopForwarder:
        self._saved = {sig: signal.getsignal(sig) for sig in self.SIGNALS}
        self._env = {key: os.environ.get(key) for key in (LAUNCHER_PID_ENV, "TORCHELASTIC_SIGNALS_TO_HANDLE")}
        os.environ[LAUNCHER_PID_ENV] = str(os.getpid())
        os.environ["TORCHELASTIC_SIGNALS_TO_HANDLE"] = AGENT_SIGNALS
        for sig in self.SIGNALS:
            signal.signal(sig, self._forward)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, handler in self._saved.items():
            signal.signal(sig, handler)
        for key, value in self._env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value

    def _forward(self, signum: int, _frame: Any) -> None:
        import psutil

        with contextlib.suppress(psutil.Error):
            for child in psutil.Process().children():
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.kill(child.pid, signum)


def _failure_text(failure: Any) -> tuple[bool, float, str]:
    """(lost a peer, when, one line) of a torchrun ProcessFailure: the rank's own line from
    its error file (distributed.record_failure), else how it died (a signal, an exit code)."""
    message, info = failure.message, {}
    if isinstance(message, dict):
        info = message.get("extraInfo") or {}
        message = message.get("message", "")
    text = str(message).strip().splitlines()[0] if str(message).strip() else ""
    if not text or text.startswith("To enable traceback"):
        how = f"signal {failure.signal_name()}" if failure.exitcode < 0 else f"exit code {failure.exitcode}"
        text = f"died ({how}) without an error message; see worker.log"
    return bool(info.get("peer_loss")), float(info.get("time") or failure.timestamp), text


def first_failure(failures: dict[int, Any]) -> str:
    """`rank R: <error>` for the rank that failed first, preferring a cause of its own over
    a rank that only lost its connection to a dead peer."""
    ordered = sorted((_failure_text(f) + (r,) for r, f in failures.items()), key=lambda t: (t[0], t[1], t[3]))
    _peer, _when, text, rank = ordered[0]
    return f"rank {rank}: {text}"


def report_failure(run: Run, message: str) -> None:
    """Write `failed` with `message`, once every rank is gone, as the run's lock holder (if
    another worker has taken the run meanwhile, it owns the status and nothing is written)."""
    lock = FolderLock(run.lock_path)
    if not lock.acquire(wait_s=LOCK_RELEASE_WAIT_S):
        return
    try:
        with contextlib.suppress(FileError):
            run.log_event(f"failed: {message}")
        with contextlib.suppress(FileError):
            run.write_status(state="failed", error=message)
    finally:
        lock.release()


def run_ranks(run_dir: str | os.PathLike, ranks: int, resume: bool = False) -> int:
    """Train `run_dir` on `ranks` processes through torchrun, in this process; the exit code
    (0 completed or stopped, 1 failed)."""
    from torch.distributed.elastic.multiprocessing.errors import ChildFailedError
    from torch.distributed.run import main as torchrun_main

    run = Run(run_dir)
    if not agent_keeps_stop_signals():
        print("mcp-tui launcher: this PyTorch's torchrun handles SIGTERM itself: a stop gives the ranks 30 s "
              "to checkpoint before it kills them (PyTorch >= 2.9 lets them take as long as a step needs)",
              file=sys.stderr)
    log_dir = Path(tempfile.mkdtemp(prefix="mcp-tui-torchrun-"))
    try:
        with StopForwarder():
            torchrun_main(torchrun_args(run, ranks, resume, log_dir))
    except ChildFailedError as exc:
        message = first_failure(exc.failures)
        print(f"mcp-tui launcher: {message}", file=sys.stderr)
        report_failure(run, message)
        return 1
    except Exception as exc:  # noqa: BLE001 - the agent itself failed (rendezvous, a signal)
        message = f"torchrun: {type(exc).__name__}: {str(exc).strip().splitlines()[0] if str(exc).strip() else ''}"
        print(f"mcp-tui launcher: {message}", file=sys.stderr)
        report_failure(run, message)
        return 1
    finally:
        shutil.rmtree(log_dir, ignore_errors=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mcp_tui.train.torchrun",
                                     description="Train one run directory on several GPUs (started by `mcp-tui train`).")
    parser.add_argument("run_dir")
    parser.add_argument("--ranks", type=int, required=True, help="processes to start, one per GPU")
    parser.add_argument("--resume", action="store_true", help="continue from the newest complete checkpoint")
    args = parser.parse_args(argv)
    return run_ranks(args.run_dir, args.ranks, resume=args.resume)


if __name__ == "__main__":
    sys.exit(main())
