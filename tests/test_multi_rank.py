"""Several ranks through the real launch path: torchrun starting CPU processes that talk
gloo, on a tiny model. Two ranks match one process at the same global batch; a stop is one
checkpoint for all; resume keeps the step count; rank 0 alone writes the run; a rank that
fails makes the run `failed` with that rank's error. The launcher's and ranks' small parts
are tested without processes below."""

from __future__ import annotations

import json
import os
import time
from contextlib import suppress
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from mcp_tui.cli import main
from mcp_tui.config import ConfigError, load_config
from mcp_tui.runs import FollowerRun, Run, create_run, find_run, list_runs
from mcp_tui.train import distributed
from mcp_tui.train.launch import wait_finished
from mcp_tui.train.torchrun import first_failure, plan_ranks
from conftest import build_tiny_model
from test_training import model_dir, only_run, settings, train_file, wait_for

__all__ = ["model_dir", "train_file"]

STEPS = 4
# One process at batch 1 x accumulation 4 sees the same 4 sequences per step as two ranks
# at 1 x 2 each: the accelerate sampler deals the shuffled order out to the ranks in turn.
SHARED = {"train.max_steps": STEPS, "train.save_steps": 1000, "train.eval_steps": 0, "data.eval_file": "",
          "data.sources": "", "train.batch_size": 1}


@pytest.fixture(autouse=True)
def no_rank_left(runs_dir: Path):
    """Whatever a test asserted, no launcher or rank outlives it."""
    yield
    for run in list_runs(runs_dir):
        with suppress(Exception):
            if run.status().live:
                main(["--runs-dir", str(runs_dir), "stop", run.id, "--wait", "60"])


@pytest.fixture(scope="module")
def one_process(model_dir: Path, train_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    runs = tmp_path_factory.mktemp("one-process")
    overrides = settings(model_dir, train_file, **SHARED, **{"train.grad_accum": 4, "train.tensorboard": "false"})
    assert main(["--runs-dir", str(runs), "train", "--foreground", *overrides]) == 0
    return only_run(runs)


def exited(pid: int) -> bool:
    """Gone, or a zombie waiting for the test process (which started it) to reap it."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def losses(run: Run) -> list[float]:
    return [r["loss"] for r in run.metrics() if r["loss"] is not None]


@pytest.mark.slow  # two ranks train in processes of their own
def test_two_ranks_stop_resume_and_match_one_process(model_dir: Path, train_file: Path, runs_dir: Path,
                                                     one_process: Run):
    overrides = settings(model_dir, train_file, **SHARED, **{"train.grad_accum": 2, "train.gpus": 2})
    assert main(["train", *overrides]) == 0  # detached: the torchrun launcher
    run = find_run("latest")
    launcher = run.raw_status().pid
    ranks = psutil.Process(launcher).children()
    assert len(ranks) == 2 and all(os.getsid(r.pid) == r.pid for r in ranks)
    wait_for(lambda: run.raw_status().step >= 1, timeout=180, what="a first step")
    assert main(["stop", run.id, "--wait", "120"]) == 0  # SIGTERM to the launcher, passed on to both ranks
    st = run.status()
    assert st.state == "stopped" and 1 <= st.step < STEPS, "the run finished before it could be stopped"
    assert [p.name for p in run.checkpoints()] == [f"checkpoint-{st.step}"]  # one checkpoint, both ranks' parts
    assert {p.name for p in run.last_checkpoint().glob("rng_state_*.pth")} == {"rng_state_0.pth", "rng_state_1.pth"}
    wait_for(lambda: exited(launcher), timeout=60, what="the launcher's exit")
    assert not any(r.is_running() for r in ranks)

    assert main(["train", "--resume", run.id, "--foreground"]) == 0
    st = run.status()
    assert (st.state, st.step, st.total_steps, st.pid, st.gpus) == ("completed", STEPS, STEPS, os.getpid(), [])
    assert losses(run) == pytest.approx(losses(one_process), rel=1e-4)
    rows = [r for r in run.metrics() if r["loss"] is not None]
    assert [r["step"] for r in rows] == list(range(1, STEPS + 1))
    assert all(len(r["rank_tokens_per_s"]) == 2 and min(r["rank_tokens_per_s"]) > 0 for r in rows)
    assert all(r["tokens_per_s"] == pytest.approx(sum(r["rank_tokens_per_s"]), rel=0.1) for r in rows)
    # Rank 0 alone wrote the run: each event once, one TensorBoard file per launch.
    events = run.events_tail(200)
    assert sum("stopped by SIGTERM" in e for e in events) == 1
    assert sum("training: step" in e for e in events) == 2 and sum("completed at step" in e for e in events) == 1
    assert sum("global batch = 1 x 2 x 2 = 4 sequences per step" in e for e in events) == 2
    saved = [e.split("checkpoint saved: ")[1] for e in events if "checkpoint saved: " in e]
    assert len(saved) == len(set(saved))
    assert len(list(run.tensorboard_dir.glob("events.out.tfevents.*"))) == 2
    assert (run.adapter_dir / "adapter_config.json").is_file()


FAULT = """\
import os
if os.environ.get("RANK") == "1":
    import mcp_tui.train.kernels as kernels
    real, calls = kernels.training_context, []

    def failing(cfg):
        calls.append(cfg)
        if len(calls) == 3:
            raise RuntimeError("injected fault in rank 1")
        return real(cfg)

    kernels.training_context = failing
"""


@pytest.mark.slow  # two ranks train in processes of their own
def test_a_rank_that_fails_fails_the_run_with_its_error(model_dir: Path, train_file: Path, runs_dir: Path,
                                                       tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FAULT)  # imported by every Python started with it on the path
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(inject), os.environ.get("PYTHONPATH", "")]))
    overrides = settings(model_dir, train_file, **SHARED, **{"train.grad_accum": 2, "train.gpus": 2})
    assert main(["train", *overrides]) == 0
    run = find_run("latest")
    launcher = run.raw_status().pid
    st = wait_finished(run, 180)
    assert st.state == "failed"
    assert st.error == "rank 1: RuntimeError: injected fault in rank 1"
    assert any(e.endswith("failed: rank 1: RuntimeError: injected fault in rank 1") for e in run.events_tail(5))
    wait_for(lambda: exited(launcher), timeout=60, what="the launcher's exit")
    assert run.worker_pid() is None  # the lock is free: `--resume` may start


def two_gpus() -> bool:
    import torch

    return torch.cuda.is_available() and torch.cuda.device_count() >= 2


@pytest.mark.gpu
@pytest.mark.skipif(not two_gpus(), reason="needs two CUDA GPUs")
def test_two_gpus_train_the_qlora_preset_like_one(tokenizer_dir: Path, train_file: Path, runs_dir: Path,
                                                  tmp_path: Path):
    """The 24B preset's recipe (NF4, Liger, fused LoRA, checkpointing, paged 8-bit AdamW) on two
    GPUs through the launcher (NCCL, a 4-bit copy per GPU) gives one GPU's losses at the same
    global batch, within bf16 and reduction-order noise; each rank reports its own GPU."""
    model = build_tiny_model(tmp_path / "model", tokenizer_dir, hidden=256, layers=2)
    shared = {**SHARED, "train.lr": 2e-3, "data.call_format": "xml"}
    one_runs = tmp_path / "one"
    assert main(["--runs-dir", str(one_runs), "train", "--preset", "rtx3090-devstral-small", "--foreground",
                 *settings(model, train_file, **shared, **{"train.grad_accum": 4})]) == 0
    one = only_run(one_runs)
    assert main(["train", "--preset", "rtx3090-devstral-small",
                 *settings(model, train_file, **shared, **{"train.grad_accum": 2, "train.gpus": 2})]) == 0
    run = find_run("latest")
    st = wait_finished(run, 240)
    assert (st.state, st.step) == ("completed", STEPS), st.error
    assert losses(run) == pytest.approx(losses(one), rel=2e-2)
    rows = [r for r in run.metrics() if r["loss"] is not None]
    assert all(len(r["rank_gpu_mem_gib"]) == 2 and min(r["rank_gpu_mem_gib"]) > 0 for r in rows)
    assert any("2 ranks (ddp" in e for e in run.events_tail(100))
    assert (run.adapter_dir / "adapter_config.json").is_file()


# ----------------------------------------------------------------- the parts, without processes


def test_a_follower_rank_writes_nothing(tmp_path: Path):
    run = create_run(tmp_path / "runs", load_config("cpu-demo"), name="x")
    before = {p: p.read_bytes() for p in run.path.rglob("*") if p.is_file()}
    follower = FollowerRun(run.path)
    follower.write_status(state="running", step=3)
    follower.log_event("hello")
    follower.append_metrics({"step": 1, "loss": 1.0})
    follower.rewind_metrics(0)
    follower.save_adapter(lambda folder: folder.mkdir())
    with follower.worker_lock():
        assert run.worker_pid() is None  # rank 0 holds the lock; the others do not contend for it
    assert follower.prepare_resume() is None and not follower.writer
    assert {p: p.read_bytes() for p in run.path.rglob("*") if p.is_file()} == before


def failure(rank_message: object, exitcode: int = 1, timestamp: int = 100) -> SimpleNamespace:
    """A stand-in for torchrun's ProcessFailure (what ChildFailedError.failures holds)."""
    names = {-9: "SIGKILL"}
    return SimpleNamespace(message=rank_message, exitcode=exitcode, timestamp=timestamp,
                           signal_name=lambda: names.get(exitcode, "<N/A>"))


def line(text: str, when: float, peer_loss: bool = False) -> dict:
    return {"message": text, "extraInfo": {"timestamp": str(int(when)), "time": when, "peer_loss": peer_loss}}


def test_the_first_cause_is_reported_not_a_peer_that_lost_it():
    # Rank 0 lost its connection a moment after rank 1 failed, in the same second.
    failures = {0: failure(line("DistBackendError: Connection closed by peer", 100.2, peer_loss=True)),
                1: failure(line("RuntimeError: boom", 100.5))}
    assert first_failure(failures) == "rank 1: RuntimeError: boom"
    failures = {0: failure(line("ValueError: early", 99.0)), 1: failure(line("RuntimeError: late", 100.0))}
    assert first_failure(failures) == "rank 0: ValueError: early"
    # Killed (the OOM killer): no error file, only a signal.
    killed = failure("Signal 9 (SIGKILL) received by PID 42", exitcode=-9)
    assert first_failure({1: killed}) == "rank 1: Signal 9 (SIGKILL) received by PID 42"
    silent = failure("To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html", exitcode=3)
    assert first_failure({2: silent}) == "rank 2: died (exit code 3) without an error message; see worker.log"


def test_a_rank_failure_is_written_where_torchrun_reads_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from torch.distributed.elastic.multiprocessing.errors import ProcessFailure

    error_file = tmp_path / "error.json"
    monkeypatch.setenv("TORCHELASTIC_ERROR_FILE", str(error_file))
    monkeypatch.setenv("RANK", "1")
    distributed.record_failure("ModelError: model.source: not found", ValueError("x"))
    read = ProcessFailure(local_rank=1, pid=42, exitcode=1, error_file=str(error_file))
    assert first_failure({1: read}) == "rank 1: ModelError: model.source: not found"
    assert json.loads(error_file.read_text())["message"]["extraInfo"]["peer_loss"] is False


def test_ranks_stop_when_their_launcher_is_gone(monkeypatch: pytest.MonkeyPatch):
    gone: list[bool] = []
    monkeypatch.setenv("WORLD_SIZE", "2")
    monkeypatch.setenv(distributed.LAUNCHER_PID_ENV, str(os.getppid()))
    distributed.watch_launcher(lambda: gone.append(True), interval_s=0.05)
    time.sleep(0.3)
    assert not gone  # the launcher (here: our parent) is alive
    monkeypatch.setenv(distributed.LAUNCHER_PID_ENV, str(os.getppid() + 1))
    distributed.watch_launcher(lambda: gone.append(True), interval_s=0.05)
    wait_for(lambda: gone == [True], timeout=5, what="the watch to fire")


def test_one_process_has_no_collectives_and_names_itself(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("WORLD_SIZE", raising=False)
    monkeypatch.setenv(distributed.LAUNCHER_PID_ENV, "1")  # leaked from elsewhere: ignored with one rank
    assert distributed.agree(True) and not distributed.agree(False)
    assert distributed.gather([1.0, 2.0]) == [[1.0, 2.0]]
    assert distributed.run_pid() == os.getpid() and distributed.is_main()


def test_rank_plan(monkeypatch: pytest.MonkeyPatch):
    gpu = load_config("rtx3090-7b")
    assert plan_ranks(gpu, visible=2, budget_gib=139.0).count == 1  # the default: one GPU
    auto = load_config("rtx3090-7b", ["train.gpus=auto"])
    fits = plan_ranks(auto, visible=2, budget_gib=139.0)
    assert fits.count == 2 and "fits one GPU" in fits.why
    small = plan_ranks(auto, visible=2, budget_gib=4.0)
    assert small.count == 1 and "does not fit one GPU" in small.why
    assert plan_ranks(auto, visible=0).count == 1  # no GPU: one process
    with pytest.raises(ConfigError, match=r"train.gpus = 4 but this machine has 2 GPUs; set train.gpus = 2"):
        plan_ranks(load_config("rtx3090-7b", ["train.gpus=4"]), visible=2, budget_gib=139.0)
    cpu = load_config("cpu-demo", ["train.gpus=2"])
    assert plan_ranks(cpu, visible=0).count == 2  # CPU processes talking gloo (the tests above)


def test_fsdp_is_refused_with_the_reason():
    with pytest.raises(ConfigError, match=r'train.strategy = "fsdp" is not available: .*bitsandbytes issue #1945.*'
                                          r'use train.strategy = "ddp"'):
        load_config("rtx3090-devstral-small", ["train.gpus=2", "train.strategy=fsdp"])


def test_cli_monitor_shows_each_rank(runs_dir: Path):
    from rich.console import Console

    from mcp_tui.cli.train import monitor_view

    run = create_run(runs_dir, load_config("cpu-demo"), name="two")
    run.write_status(state="completed", step=1, total_steps=1, gpus=[1, 0])
    run.append_metrics({"step": 1, "loss": 1.0, "tokens_per_s": 5400.0, "gpu_mem_gib": 20.5,
                        "rank_tokens_per_s": [2710.0, 2690.0], "rank_gpu_mem_gib": [20.5, 20.25]})
    console = Console(width=100, record=True)
    console.print(monitor_view(run))
    assert "ranks           0: GPU1 2710 tok/s 20.5 GiB   1: GPU0 2690 tok/s 20.2 GiB" in console.export_text()
