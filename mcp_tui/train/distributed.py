"""What one rank of a multi-GPU run needs to know and do beyond single-GPU training.

A run with `train.gpus = N > 1` is N copies of the same worker started by torchrun
(train/torchrun.py), one per GPU, each told its place by torchrun's environment (RANK,
LOCAL_RANK, WORLD_SIZE). transformers' Trainer does the data parallelism itself; this module
holds the few things it does not:
- `start()`: the process group, opened before the model loads, so the ranks can agree on a
  stop even before the Trainer exists (the Trainer reuses the group);
- `agree()`: every rank learns that any one of them was asked to stop, so all of them
  checkpoint at the same step (a rank that stopped alone would leave the others waiting in
  a collective forever);
- `gather()`: rank 0 learns every rank's tokens/s and memory for the metrics;
- `barrier()`: rank 0 marks a checkpoint COMPLETE only once every rank has written its part;
- `record_failure()`: a rank's error reaches the launcher through torchrun's error file;
- `watch_launcher()`: the ranks stop with a checkpoint if their launcher is killed.
With one process every function is the identity and nothing is imported or opened.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

# Set by the launcher (train/torchrun.py) for its ranks: the pid status.json names.
LAUNCHER_PID_ENV = "MCP_TUI_LAUNCHER_PID"
# Long enough for the slowest collective partner (rank 0 saving a 24B model's checkpoint);
# a rank that dies is noticed by torchrun's agent at once, not by this timeout.
COLLECTIVE_TIMEOUT = timedelta(minutes=30)


def world_size() -> int:
    """How many ranks this run has (1 outside torchrun)."""
    return int(os.environ.get("WORLD_SIZE", "1"))


def rank() -> int:
    """This process's rank (0 outside torchrun)."""
    return int(os.environ.get("RANK", "0"))


def local_rank() -> int:
    """This process's index on its machine: which GPU it trains on."""
    return int(os.environ.get("LOCAL_RANK", "0"))


def is_main() -> bool:
    """Rank 0: the one that writes the run directory."""
    return rank() == 0


def run_pid() -> int:
    """The pid status.json names for this run: the torchrun launcher's when there are
    several ranks (it lives as long as the run, and a stop signals it), else this process's."""
    launcher = os.environ.get(LAUNCHER_PID_ENV, "")
    return int(launcher) if world_size() > 1 and launcher.isdigit() else os.getpid()


def watch_launcher(on_gone: Callable[[], None], interval_s: float = 2.0) -> None:
    """Call `on_gone` once if this rank's launcher exits: killed, it cannot tear the ranks
    down, so they checkpoint and stop together rather than train on unwatched (each rank
    runs in its own session: nothing else tells them). Nothing to do with one process."""
    launcher = os.environ.get(LAUNCHER_PID_ENV, "")
    if world_size() == 1 or not launcher.isdigit():
        return

    def watch() -> None:
        while os.getppid() == int(launcher):
            time.sleep(interval_s)
        on_gone()

    threading.Thread(target=watch, name="launcher-watch", daemon=True).start()


def _dist() -> Any:
    import torch.distributed as dist

    return dist if world_size() > 1 and dist.is_available() and dist.is_initialized() else None


def start(use_cuda: bool) -> None:
    """Open the process group (NCCL between GPUs, gloo between CPU processes), with this
    rank's GPU made the current one. Nothing to do with one process."""
    if world_size() == 1:
        return
    import torch
    import torch.distributed as dist

    if dist.is_initialized():
        return
    if use_cuda:
        device = torch.device("cuda", local_rank())
        torch.cuda.set_device(device)
        dist.init_process_group("nccl", timeout=COLLECTIVE_TIMEOUT, device_id=device)
    else:
        # accelerate names a CPU rank's device "cpu:<local rank>", which torch.load refuses as a
        # map_location when the Trainer resumes; its own override keeps it plain "cpu".
        os.environ.setdefault("ACCELERATE_TORCH_DEVICE", "cpu")
        dist.init_process_group("gloo", timeout=COLLECTIVE_TIMEOUT)


def _device() -> Any:
    import torch

    dist = _dist()
    if dist is not None and dist.get_backend() == "nccl":
        return torch.device("cuda", torch.cuda.current_device())
    return torch.device("cpu")


def agree(flag: bool) -> bool:
    """True on every rank when it is True on any (a collective: every rank must call it at
    the same point)."""
    dist = _dist()
    if dist is None:
        return flag
    import torch

    value = torch.tensor([1 if flag else 0], dtype=torch.int32, device=_device())
    dist.all_reduce(value, op=dist.ReduceOp.MAX)
    return bool(value.item())


def gather(values: list[float]) -> list[list[float]]:
    """Every rank's `values` (the same length on each), in rank order (a collective)."""
    dist = _dist()
    if dist is None:
        return [list(values)]
    import torch

    mine = torch.tensor(values, dtype=torch.float64, device=_device())
    out = [torch.empty_like(mine) for _ in range(dist.get_world_size())]
    dist.all_gather(out, mine)
    return [t.tolist() for t in out]


def barrier() -> None:
    """Wait until every rank gets here."""
    dist = _dist()
    if dist is not None:
        dist.barrier()


# How gloo and NCCL word a collective that failed because another rank died (gloo raises a
# plain RuntimeError; NCCL a DistBackendError).
PEER_LOSS_WORDS = ("Connection closed by peer", "Connection reset by peer", "remote process exited",
                   "remote worker crashing")


def is_peer_loss(exc: BaseException) -> bool:
    """Whether `exc` is this rank losing a peer (a collective failing because another rank
    died) rather than a cause of its own: the launcher reports the cause."""
    import torch.distributed as dist

    return isinstance(exc, getattr(dist, "DistError", ())) or any(w in str(exc) for w in PEER_LOSS_WORDS)


def record_failure(message: str, exc: BaseException | None) -> None:
    """Write this rank's one-line error where torchrun's agent reads it (TORCHELASTIC_ERROR_FILE,
    torchelastic's JSON format), with the exact time and whether it only followed a peer's
    death, so the launcher can name the rank that failed first. Nothing to do outside torchrun."""
    path = os.environ.get("TORCHELASTIC_ERROR_FILE")
    if not path:
        return
    now = time.time()
    data = {"message": {"message": message, "extraInfo": {
        "timestamp": str(int(now)), "py_callstack": "", "time": now, "rank": rank(),
        "peer_loss": exc is not None and is_peer_loss(exc)}}}
    try:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
    except OSError:
        pass  # the exit code still tells the agent this rank failed
