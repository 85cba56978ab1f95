"""Deterministic fixtures for the TUI tests: run folders with fixed timestamps, an
evaluation scored by the real runner from scripted answers, fake telemetry, and the
screen as plain text for assertions."""

from __future__ import annotations

import io
import math
import os
import socket
import time
from pathlib import Path
from typing import Any

from eval_helpers import FMT, gold_text, make_tasks
import pytest
from rich.console import Console

from mcp_tui.agent.loop import Generation
from mcp_tui.config import load_config, save_config
from mcp_tui.data.conversation import Conversation
from mcp_tui.data.formats import write_jsonl
from mcp_tui.eval.runner import Evaluation
from mcp_tui.gpu import GpuSample, HostSample, Telemetry
from mcp_tui.runs import Run, process_start_time

# 2025-01-15 09:30 UTC: every fixture time is an offset from this.
T0 = 1736933400.0


class FakeTelemetry:
    """One RTX 3090 (or none) with fixed readings; counts how often it was asked."""

    def __init__(self, gpus: int = 1) -> None:
        self.gpus = gpus
        self.calls = 0

    def sample(self) -> Telemetry:
        self.calls += 1
        gpus = tuple(
            GpuSample(i, "NVIDIA GeForce RTX 3090", 18.4, 24.0, 97.0, 71.0, 331.0, 350.0) for i in range(self.gpus)
        )
        error = None if gpus else "no NVIDIA GPU or driver found (NVML Shared Library Not Found); showing CPU and RAM only"
        return Telemetry(gpus=gpus, host=HostSample(42.0, 16, 21.5, 62.7), gpu_error=error, time=T0)


def screen_text(app: Any) -> str:
    """The current screen as plain text (what a user reads), for assertions."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def text_when(pilot: Any, app: Any, *needles: str, timeout: float = 30.0) -> str:
    """The screen's text once one capture shows every needle. Assert on that capture, not on
    a second one: a capture taken while the screen re-lays out can come back blank."""
    seen = [""]

    def shown() -> bool:
        seen[0] = screen_text(app)
        return all(n in seen[0] for n in needles)

    await wait_until(pilot, shown, timeout, what=f"the screen to show {needles}")
    return seen[0]


def metric(step: int, total: int = 60) -> dict[str, Any]:
    """A plausible logged step: falling loss, warmup-then-cosine lr, 170 tokens/s."""
    lr = 3e-4 * min(1.0, step / 3) * (0.5 + 0.5 * math.cos(math.pi * step / total))
    return {"step": step, "epoch": step / total, "loss": round(1.9 * math.exp(-step / 18) + 0.35, 4),
            "eval_loss": round(1.2 * math.exp(-step / 25) + 0.5, 4) if step % 10 == 0 else None,
            "lr": lr, "grad_norm": round(1.5 / (1 + step / 8), 4), "tokens_per_s": 170.0,
            "gpu_mem_gib": None, "elapsed_s": 2.5 * step}


def make_run(runs_dir: Path, run_id: str, state: str, step: int, total: int = 60, started: float = T0,
             logged: int | None = None, error: str = "", preset: str = "cpu-demo", live: bool = False) -> Run:
    """A run folder as the worker leaves it. `live` points its pid at this test process
    so that `status()` does not judge a `running` run crashed."""
    run = Run(runs_dir / run_id)
    run.path.mkdir(parents=True)
    save_config(load_config(preset), run.config_path)
    pid = os.getpid() if live else None
    run.write_status(state=state, step=step, total_steps=total, started=started, heartbeat=time.time(),
                     pid=pid, pid_started=process_start_time(pid) if pid else None, host=socket.gethostname(),
                     error=error)
    for s in range(1, (step if logged is None else logged) + 1):
        run.append_metrics(metric(s, total))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(started))
    events = [f"{stamp} created run {run_id}", f"{stamp} worker started (pid 4242)",
              f"{stamp} tokenized 2000 conversations (0 dropped as too long)"]
    events += [f"{stamp} checkpoint-{s} saved" for s in range(20, step + 1, 20)]
    run.events_path.write_text("".join(e + "\n" for e in events), encoding="utf-8")
    return run


# Which tasks each model of the fixture evaluation answers right (the gold answer); every
# other answer is a call no task accepts. sel-0 is a regression, par-1 fails both.
BASE_RIGHT = {"sel-0", "par-0", "com-0", "err-0", "not-0", "err-1", "not-1"}
TUNED_RIGHT = {f"{c}-{i}" for c in ("sel", "par", "com", "err", "not") for i in range(3)} - {"par-1", "sel-0"}
WRONG = ('<use_mcp_tool>\n<server_name>filesystem</server_name>\n<tool_name>read_text_file</tool_name>\n'
         '<arguments>\n{"path": "wrong.txt"}\n</arguments>\n</use_mcp_tool>')


class ScriptedAB:
    """Answers gold for the tasks in `right`; a wrong call otherwise (fails every category:
    wrong tool or value, missing calls, a call where none fits)."""

    def __init__(self, right: set[str]) -> None:
        self.right = right

    def __call__(self, tasks: list[Conversation]) -> list[Generation]:
        return [Generation(gold_text(t) if t.id in self.right else WRONG, True, 12, 0.5) for t in tasks]


def add_evaluation(run: Run, tasks_dir: Path) -> list[Conversation]:
    """A finished A/B evaluation in `run` (15 tasks): tuned passes 13, base 7."""
    tasks = make_tasks(3)
    tasks_file = tasks_dir / "eval_tasks.jsonl"
    write_jsonl(tasks, tasks_file)
    cfg = run.config()
    cfg.eval.tasks_file = str(tasks_file)
    save_config(cfg, run.config_path)
    answerers = {"base": ScriptedAB(BASE_RIGHT), "tuned": ScriptedAB(TUNED_RIGHT)}
    Evaluation(run.eval_dir, tasks, FMT, batch_size=4).run(lambda model: answerers[model])
    return tasks


def fixture_runs(runs_dir: Path, tasks_dir: Path) -> dict[str, Run]:
    """The home screen's fixture: one running, one evaluated, one failed, one stopped."""
    runs = {
        "running": make_run(runs_dir, "20250115-093000-demo", "running", 42, live=True, started=T0),
        "done": make_run(runs_dir, "20250114-180000-smollm2", "completed", 60, started=T0 - 55800),
        "failed": make_run(runs_dir, "20250113-120000-devstral", "failed", 0, total=0, started=T0 - 163800,
                           error="4bit quantization needs a CUDA GPU and this machine has none"),
        "stopped": make_run(runs_dir, "20250112-080000-qwen7b", "stopped", 25, started=T0 - 264600),
    }
    add_evaluation(runs["done"], tasks_dir)
    return runs


@pytest.fixture
def anyio_backend() -> str:
    """The Pilot tests are async: run them on asyncio through anyio's pytest plugin."""
    return "asyncio"


@pytest.fixture(autouse=False)
def utc(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local time is UTC, so fixed timestamps print the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


async def wait_until(pilot: Any, predicate: Any, timeout: float = 30.0, what: str = "the screen") -> None:
    """Let the app run until `predicate()` holds (workers post their results)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await pilot.pause(0.05)


def make_adapter_run(runs_dir: Path, model_dir: Path, tasks_dir: Path, overrides: tuple[str, ...] = ()) -> Run:
    """A completed run of a tiny model whose adapter is saved the way the worker saves it
    (untrained: freshly initialised LoRA weights), with the eval tasks of `add_evaluation`."""
    from mcp_tui.train.model import load_base_model, load_tokenizer
    from mcp_tui.train.model import attach_lora

    cfg = load_config("cpu-demo", [f"model.source={model_dir}", "lora.r=4", "lora.alpha=8",
                                   "eval.max_new_tokens=8", *overrides])
    run = make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    save_config(cfg, run.config_path)
    model = attach_lora(load_base_model(cfg), cfg)
    model.save_pretrained(run.adapter_dir)
    load_tokenizer(cfg).save_pretrained(run.adapter_dir)
    tasks_file = tasks_dir / "eval_tasks.jsonl"
    write_jsonl(make_tasks(1), tasks_file)
    cfg.eval.tasks_file = str(tasks_file)
    save_config(cfg, run.config_path)
    return run


def notified(app: Any, words: str) -> bool:
    """Whether a notification (toast) saying `words` was shown; toasts wrap on screen, so
    this reads the app's notification list instead of the screen text."""
    return any(words in n.message for n in app._notifications)
