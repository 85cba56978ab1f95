"""`mcp-tui new --plain`: the wizard's questions as plain prompts (questionary), built
from the same field definitions; answers validated by the config's own rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from eval_helpers import make_tasks

from mcp_tui.cli import main
from mcp_tui.cli.new import ask_field, plain_wizard
from mcp_tui.config import field_specs, list_presets, load_config
from mcp_tui.data.formats import write_jsonl
from mcp_tui.newrun.steps import preset_order

DOWN, ENTER, CLEAR = "\x1b[B", "\r", "\x15"  # arrow down, enter, ctrl+u (clear the line)


def run_plain(keys: str, runs_dir: Path) -> int:
    """The plain wizard fed `keys`, then end of input: keys that run out end the walk (it
    fails at once) instead of leaving a prompt waiting for more."""
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        pipe.close()
        return plain_wizard(runs_dir, None, input=pipe, output=DummyOutput())


def test_text_field_rejects_bad_values_until_fixed() -> None:
    spec = next(s for s in field_specs() if s.key == "lora.r")
    with create_pipe_input() as pipe:
        pipe.send_text(CLEAR + "abc" + ENTER + CLEAR + "0" + ENTER + CLEAR + "32" + ENTER)
        assert ask_field(spec, 16, input=pipe, output=DummyOutput()) == 32


def test_choice_and_bool_fields() -> None:
    specs = {s.key: s for s in field_specs()}
    with create_pipe_input() as pipe:
        pipe.send_text(DOWN + ENTER + "y")
        assert ask_field(specs["quant.mode"], "none", input=pipe, output=DummyOutput()) == "4bit"
        assert ask_field(specs["data.packing"], False, input=pipe, output=DummyOutput()) is True


def test_walk_to_save(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> None:
    monkeypatch.chdir(tmp_path)
    small = tmp_path / "small.jsonl"
    write_jsonl(make_tasks(1)[:3], small)
    cpu_demo = sorted((name for name, _ in list_presets()), key=preset_order).index("cpu-demo")
    keys = DOWN * cpu_demo + ENTER          # preset
    keys += "n"                             # keep the model
    keys += "y" + CLEAR + str(small) + ENTER + ENTER * 8  # dataset: a small file, keep the rest
    keys += "n"                             # keep quantization
    keys += "y" + CLEAR + "8" + ENTER * 5   # LoRA: r = 8, keep alpha, dropout, targets, last layers
    keys += "n"                             # keep training
    keys += DOWN + ENTER                    # Save TOML
    keys += CLEAR + "mine.toml" + ENTER
    assert run_plain(keys, tmp_path / "runs") == 0
    cfg = load_config(tmp_path / "mine.toml")
    assert cfg == load_config("cpu-demo", ["lora.r=8", f"data.train_file={small}"])
    out = capsys.readouterr().out
    assert "[lora]" in out and "trains on the CPU" in out and "trainable parameters" in out
    flat = " ".join(out.split())  # rich wraps the long tmp path's line at the console width
    assert "small.jsonl x1: 3 records" in flat and "mcp_train_negatives.jsonl x1: 791 records" in flat
    assert "mcp_train_contrast.jsonl x1: 1600 records" in flat
    assert "tool_selection 801" in flat and " | #" in flat  # the small file's 1, the pairs' 800 twins


def test_ctrl_c_cancels(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    assert run_plain("\x03", tmp_path) == 1
    assert "cancelled" in capsys.readouterr().err


def test_bad_preset_is_one_line(capsys: pytest.CaptureFixture) -> None:
    assert main(["--preset", "rtx3099", "new", "--plain"]) == 2
    err = capsys.readouterr().err
    assert "unknown preset 'rtx3099'" in err and "Traceback" not in err
