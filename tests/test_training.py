"""The training engine end to end on CPU, with real optimizer steps on a tiny model:
metrics and checkpoints, detached workers, SIGTERM, kill -9 and resume, the CLI."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
import torch

from mcp_tui.cli import main
from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.data.formats import write_jsonl
from mcp_tui.runs import COMPLETE_MARKER, Run, list_runs
from mcp_tui.train.labelled_loss import loss_note
from conftest import build_tiny_model

STEPS = 8


@pytest.fixture(scope="module")
def train_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tools = [Tool("filesystem", "read_file", "Read a file",
                  {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]}),
             Tool("git", "log", "Show commits", {"type": "object", "properties": {"n": {"type": "integer"}}})]
    convs = []
    for i in range(16):
        call = (ToolCall("filesystem", "read_file", {"path": f"src/mod{i}.py"}) if i % 2
                else ToolCall("git", "log", {"n": i + 1}))
        convs.append(Conversation(id=f"t{i}", tools=tools, messages=[
            Message("user", f"Task {i}: {'show src/mod%d.py' % i if i % 2 else 'list the last %d commits' % (i + 1)}"),
            Message("assistant", "", [call])]))
    path = tmp_path_factory.mktemp("data") / "train.jsonl"
    write_jsonl(convs, path)
    return path


def settings(model: Path, data: Path, **extra: object) -> list[str]:
    """--set arguments for a small, quick run of the tiny model."""
    values: dict[str, object] = {
        "model.source": model, "data.train_file": data, "data.sources": "", "data.eval_file": data, "data.max_eval_samples": 1,
        "data.max_seq_len": 512, "train.max_steps": STEPS, "train.save_steps": 2, "train.eval_steps": 4,
        "train.batch_size": 1, "train.grad_accum": 1, "train.lr": 1e-2, "train.warmup_ratio": 0.0,
        "train.tensorboard": "true", "lora.r": 4, "lora.alpha": 8,
    } | extra
    out = []
    for key, value in values.items():
        out += ["--set", f"{key}={value}"]
    return out


def only_run(runs_dir: Path) -> Run:
    runs = list_runs(runs_dir)
    assert len(runs) == 1
    return runs[0]


def wait_for(predicate, timeout: float = 60.0, what: str = "condition") -> None:
    deadline = time.time() + timeout
    while not predicate():
        if time.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@pytest.fixture(scope="module")
def model_dir(tokenizer_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Narrower than the shared tiny model: the 49k-token output layer dominates a step on CPU."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama-32"), tokenizer_dir, hidden=32)


@pytest.fixture(scope="module")
def reference(model_dir: Path, train_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """One uninterrupted foreground run, the yardstick for the others."""
    runs_dir = tmp_path_factory.mktemp("reference-runs")
    assert main(["--runs-dir", str(runs_dir), "train", "--foreground", *settings(model_dir, train_file)]) == 0
    return only_run(runs_dir)


@pytest.mark.slow  # a real training run
def test_foreground_run_writes_the_run_directory(reference: Run):
    st = reference.status()
    assert (st.state, st.step, st.total_steps) == ("completed", STEPS, STEPS)
    rows = reference.metrics()
    train_rows = [r for r in rows if r["loss"] is not None]
    assert [r["step"] for r in train_rows] == list(range(1, STEPS + 1))
    for r in train_rows:
        assert r["tokens_per_s"] > 0 and r["lr"] is not None and r["grad_norm"] is not None
        assert r["gpu_mem_gib"] is None and r["elapsed_s"] > 0
    assert [r["step"] for r in rows if r["eval_loss"] is not None] == [4, 8]
    # Real optimizer steps on a fixed small set: the loss goes down.
    assert sum(r["loss"] for r in train_rows[-3:]) < sum(r["loss"] for r in train_rows[:3])
    assert all((p / COMPLETE_MARKER).is_file() for p in reference.checkpoints_dir.iterdir())
    assert reference.last_checkpoint().name == f"checkpoint-{STEPS}"
    assert (reference.adapter_dir / "adapter_config.json").is_file()
    assert list(reference.tensorboard_dir.glob("events.out.tfevents.*"))
    assert any(f"completed at step {STEPS}" in line for line in reference.events_tail(5))
    assert any(line.endswith(loss_note(None)) for line in reference.events_tail(50))


@pytest.mark.slow  # a real training run
def test_kill9_then_resume_matches_an_uninterrupted_run(reference: Run, model_dir: Path, train_file: Path,
                                                        runs_dir: Path):
    assert main(["train", *settings(model_dir, train_file)]) == 0  # detached
    run = only_run(runs_dir)
    wait_for(lambda: run.last_checkpoint() is not None, what="a first checkpoint")
    pid = run.raw_status().pid
    assert os.getsid(pid) == pid != os.getsid(0)  # its own session: a closing terminal sends it nothing
    os.kill(pid, signal.SIGKILL)
    wait_for(lambda: run.status().state == "crashed", timeout=10, what="crashed state")
    killed_at = run.raw_status().step
    assert 2 <= killed_at < STEPS, "the worker finished before it could be killed"
    with open(run.metrics_path, "a") as fh:  # a line torn by the kill
        fh.write('{"step": 99, "lo')

    assert main(["train", "--resume", run.id, "--foreground"]) == 0
    st = run.status()
    assert (st.state, st.step) == ("completed", STEPS)
    rows = [r for r in run.metrics() if r["loss"] is not None]
    assert [r["step"] for r in rows] == list(range(1, STEPS + 1))
    expected = {r["step"]: r["loss"] for r in reference.metrics() if r["loss"] is not None}
    # Same optimizer, scheduler, RNG and data order: the resumed run retraces the reference.
    assert [round(r["loss"], 4) for r in rows] == [round(expected[r["step"]], 4) for r in rows]
    assert any("resuming from checkpoint-" in line for line in run.events_tail(20))


@pytest.mark.slow  # a real training run
def test_sigterm_checkpoints_and_stops(model_dir: Path, train_file: Path, runs_dir: Path,
                                       capsys: pytest.CaptureFixture[str]):
    assert main(["train", *settings(model_dir, train_file, **{"train.max_steps": 100000,
                                                                  "train.save_steps": 100000})]) == 0
    run = only_run(runs_dir)
    wait_for(lambda: run.raw_status().step >= 2, what="training steps")
    assert main(["stop", run.id, "--wait", "60"]) == 0
    st = run.status()
    assert st.state == "stopped" and 2 <= st.step < 100000
    assert run.last_checkpoint().name == f"checkpoint-{st.step}"
    assert not run.adapter_dir.exists()
    assert "stopped" in capsys.readouterr().out
    assert main(["stop", run.id]) == 2


def test_bad_config_is_a_one_line_error(runs_dir: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["train", "--preset", "cpu-demo", "--set", "lora.rank=32"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "mcp-tui: error: --set lora.rank=32: unknown key 'lora.rank' (did you mean 'lora.r'?)"
    assert main(["train", "--set", "data.train_file=nowhere.jsonl"]) == 2
    assert "data.train_file: " in capsys.readouterr().err
    assert list_runs(runs_dir) == []


def test_missing_data_creates_no_run_and_says_how_to_fix_it(runs_dir: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]):
    """The CLI and the wizard share one check; each names the field and its own fix."""
    from mcp_tui.config import ConfigError, load_config
    from mcp_tui.train.launch import start_training

    missing = tmp_path / "nowhere.jsonl"
    assert main(["train", "--set", f"data.train_file={missing}"]) == 2
    err = capsys.readouterr().err
    assert f"data.train_file: {missing} not found; point it at a dataset (`--set data.train_file=PATH`)" in err
    cfg = load_config("cpu-demo", [f"data.eval_file={missing}"])
    with pytest.raises(ConfigError, match="data.eval_file: .* not found; choose a dataset on the Dataset step"):
        start_training(cfg, runs_dir)
    assert list_runs(runs_dir) == []


@pytest.mark.slow  # a real training run
def test_bad_data_fails_the_run_with_the_reason(model_dir: Path, tmp_path: Path, runs_dir: Path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": "nope"}\n')
    assert main(["train", "--foreground", *settings(model_dir, bad, **{"data.eval_file": ""})]) == 1
    st = only_run(runs_dir).status()
    assert st.state == "failed" and "bad.jsonl" in st.error and "\n" not in st.error


@pytest.mark.slow  # a real training run
def test_runs_and_monitor_show_a_run(reference: Run, capsys: pytest.CaptureFixture[str]):
    assert main(["--runs-dir", str(reference.path.parent), "runs"]) == 0
    out = capsys.readouterr().out
    assert reference.id in out and "completed" in out and f"{STEPS}/{STEPS}" in out
    assert main(["monitor", str(reference.path), "--once"]) == 0
    out = capsys.readouterr().out
    for text in ("completed", "loss", "tokens/s", "memory", f"step {STEPS}/{STEPS}"):
        assert text in out
    last = json.loads(reference.metrics_path.read_text().splitlines()[-2])
    assert last["step"] == STEPS


@pytest.mark.slow  # a real training run
def test_packed_rows_train_through_the_worker(model_dir: Path, train_file: Path, runs_dir: Path,
                                             checkpointed_calls: list):
    """data.packing = true (the GPU presets' default): conversations packed into rows, on
    CPU through SDPA with a block mask; the run completes and its loss goes down. Every
    decoder layer of the loaded model (from_pretrained leaves it in eval mode) is really
    checkpointed, non-reentrant, in the Trainer's steps."""
    overrides = settings(model_dir, train_file, **{"data.packing": "true", "train.max_steps": 6,
                                                   "train.eval_steps": 0, "train.save_steps": 3,
                                                   "train.gradient_checkpointing": "true"})
    assert main(["--runs-dir", str(runs_dir), "train", "--foreground", *overrides]) == 0
    run = only_run(runs_dir)
    assert run.status().state == "completed", run.status().error
    losses = [r["loss"] for r in run.metrics() if r["loss"] is not None]
    assert len(losses) == 6 and losses[-1] < losses[0]
    events = "\n".join(run.events_tail(100))
    assert "packing: this PyTorch/device has no varlen flash attention; SDPA with a block mask" in events
    assert "fused LoRA: " in events
    assert {index for index, _ in checkpointed_calls} == {0, 1}
    assert {reentrant for _, reentrant in checkpointed_calls} == {False}


@pytest.mark.gpu
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_qlora_preset_trains_on_gpu(tokenizer_dir: Path, train_file: Path, runs_dir: Path, tmp_path: Path):
    """The 24B preset's recipe (NF4 double-quant, bf16, all linears, checkpointing, Liger,
    paged 8-bit AdamW) end to end through the worker, on a small model."""
    from mcp_tui.train.model import load_tuned_model

    model = build_tiny_model(tmp_path / "model", tokenizer_dir, hidden=256, layers=2)
    # The preset trains Devstral's native calls; the demo tokenizer's template lists no tools,
    # and the recipe, not the call format, is under test here.
    overrides = settings(model, train_file, **{"train.max_steps": 6, "train.eval_steps": 3, "train.lr": 2e-3,
                                               "data.call_format": "xml"})
    assert main(["train", "--preset", "rtx3090-devstral-small", "--foreground", *overrides]) == 0
    run = only_run(runs_dir)
    assert run.status().state == "completed"
    rows = [r for r in run.metrics() if r["loss"] is not None]
    assert len(rows) == 6 and all(r["gpu_mem_gib"] > 0 for r in rows)
    events = "\n".join(run.events_tail(100))
    for expected in ("packing: padding-free varlen flash attention", "fused LoRA: 14 linear layers",
                     "layers keep their activations (auto"):
        assert expected in events, events
    tuned = load_tuned_model(run)
    assert type(tuned.base_model.model.model.layers[0].mlp.down_proj.base_layer).__name__ == "Linear4bit"
    ids = torch.tensor([[1, 2, 3]], device="cuda")
    assert tuned(input_ids=ids).logits.shape[-1] == tuned.config.vocab_size


@pytest.mark.slow  # a real training run
def test_a_weighted_mix_trains_and_logs_each_sources_share(model_dir: Path, train_file: Path, runs_dir: Path,
                                                          tmp_path: Path):
    """data.sources mixes datasets by weight; events.log says what each contributed."""
    extra = tmp_path / "extra.jsonl"
    extra.write_text("".join(train_file.read_text().splitlines(keepends=True)[:4]))
    overrides = settings(model_dir, train_file, **{"data.sources": f"{train_file}=0.5, {extra}=2",
                                                   "data.tool_listing": "compact", "train.max_steps": 2,
                                                   "train.eval_steps": 0, "train.save_steps": 2})
    assert main(["--runs-dir", str(runs_dir), "train", "--foreground", *overrides]) == 0
    run = only_run(runs_dir)
    assert run.status().state == "completed", run.status().error
    events = "\n".join(run.events_tail(100))
    assert "train data mix: 16 of 16 conversations" in events
    mix_line = next(line for line in events.splitlines() if "train data sources:" in line)
    assert "train.jsonl x0.5: 16 conversations, 8 used, 8 kept" in mix_line
    assert "extra.jsonl x2: 4 conversations, 8 used, 8 kept" in mix_line and "%)" in mix_line


@pytest.mark.parametrize(("ratio", "steps", "expected"), [(0.0, 100, 0), (0.03, 100, 3), (0.03, 8, 1), (0.1, 25, 3)])
def test_warmup_is_the_ratio_of_the_runs_steps_rounded_up(ratio: float, steps: int, expected: int):
    from mcp_tui.train.worker import warmup_steps

    assert warmup_steps(ratio, steps) == expected


def test_the_trainer_warms_up_for_the_ratio_of_the_steps_it_plans(tiny_model_dir: Path, runs_dir: Path):
    """The scheduler gets the warmup in steps, from the step count the Trainer computed (an
    epoch-based run knows it only there), not the ratio under a transformers convention."""
    from transformers import AutoModelForCausalLM

    from mcp_tui.config import load_config
    from mcp_tui.runs import create_run
    from mcp_tui.train.worker import TokenCounter, make_trainer

    cfg = load_config("cpu-demo", [f"model.source={tiny_model_dir}", "train.warmup_ratio=0.1", "train.max_steps=-1",
                                   "train.epochs=2", "train.scheduler=linear", "train.tensorboard=false",
                                   "data.eval_file="])
    run = create_run(runs_dir, cfg)
    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    trainer = make_trainer(model, cfg, run, None, ([{"input_ids": [1, 2]}] * 4, None), [], "cpu", TokenCounter())
    trainer.create_optimizer_and_scheduler(num_training_steps=40)
    assert trainer.args.warmup_steps == 4
    assert [trainer.lr_scheduler.lr_lambdas[0](s) for s in (1, 2, 4)] == [0.25, 0.5, 1.0]


@pytest.mark.slow  # a real training run
def test_a_run_with_adapters_in_the_last_layer_only(model_dir: Path, train_file: Path, runs_dir: Path):
    args = settings(model_dir, train_file, **{"train.max_steps": 2, "lora.last_layers": 1})
    assert main(["train", "--foreground", *args]) == 0
    run = only_run(runs_dir)
    assert run.status().state == "completed"
    adapter = json.loads((run.adapter_dir / "adapter_config.json").read_text())
    assert adapter["layers_to_transform"] == [1] and adapter["layers_pattern"] == "layers"
    assert any(line.endswith("adapters in the last 1 decoder layers only") for line in run.events_tail(50))
