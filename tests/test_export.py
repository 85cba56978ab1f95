"""Export: the merged model computes what base + adapter computes, loads and generates
with plain transformers; the adapter export loads with PEFT; a failed or interrupted export
leaves nothing that looks finished; refusals name their numbers."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors import safe_open
from transformers import AutoModelForCausalLM, AutoTokenizer

from eval_helpers import FMT, Scripted, make_tasks
from mcp_tui.cli import main as cli_main
from mcp_tui.config import load_config
from mcp_tui.eval.runner import Evaluation
from mcp_tui.export import ExportError, export_run, required_disk_bytes
from mcp_tui.export import staging
from mcp_tui.export.merge import merge_checkpoint, read_adapter
from mcp_tui.runs import Run, create_run
from mcp_tui.train.weights import open_checkpoint

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja")
# rank_pattern/alpha_pattern give some modules their own scaling: the merge must match peft's.
LORA = dict(r=8, lora_alpha=16, target_modules="all-linear", init_lora_weights=False,
            rank_pattern={"q_proj": 4}, alpha_pattern={"down_proj": 5})


@pytest.fixture(scope="module")
def sharded_base(tiny_model_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared tiny Llama re-saved in fp32 across several safetensors shards."""
    dest = tmp_path_factory.mktemp("sharded-base")
    AutoModelForCausalLM.from_pretrained(tiny_model_dir, dtype=torch.float32).save_pretrained(
        dest, max_shard_size="100KB")
    for name in TOKENIZER_FILES:
        shutil.copy(tiny_model_dir / name, dest / name)
    assert len(list(dest.glob("model-*.safetensors"))) >= 3
    return dest


def _load_base(folder: Path):
    return AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32).eval()


@pytest.fixture(scope="module")
def trained_run(sharded_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """A completed run: adapter (saved as the worker saves it), metrics, and an A/B evaluation."""
    cfg = load_config("cpu-demo", [f"model.source={sharded_base}"])
    run = create_run(tmp_path_factory.mktemp("runs"), cfg, name="tiny")
    torch.manual_seed(1)
    peft_model = get_peft_model(_load_base(sharded_base), LoraConfig(**LORA))
    peft_model.save_pretrained(run.adapter_dir)
    AutoTokenizer.from_pretrained(sharded_base).save_pretrained(run.adapter_dir)
    for step, loss in ((1, 2.5), (2, 1.25), (3, 1.5)):
        run.append_metrics({"step": step, "epoch": step / 3, "loss": loss, "tokens_per_s": 100.0,
                            "elapsed_s": 2.0 * step})
    run.append_metrics({"step": 3, "epoch": 1.0, "eval_loss": 1.75, "elapsed_s": 7.0})
    Evaluation(run.eval_dir, make_tasks(2), FMT, batch_size=4).run(
        {"base": Scripted(False), "tuned": Scripted(True)}.__getitem__)
    run.write_status(state="completed")
    return run


@pytest.fixture(scope="module")
def merged_fp32(trained_run: Run, tmp_path_factory: pytest.TempPathFactory):
    progress: list[tuple[str, float]] = []
    out = tmp_path_factory.mktemp("exports") / "merged"
    result = export_run(trained_run, out, "merged", "fp32", lambda m, f: progress.append((m, f)))
    return result, progress


def _batch() -> torch.Tensor:
    return torch.randint(0, 49152, (3, 12), generator=torch.Generator().manual_seed(0))


def _peft_logits(base_dir: Path, adapter_dir: Path) -> torch.Tensor:
    model = PeftModel.from_pretrained(_load_base(base_dir), adapter_dir).eval()
    with torch.no_grad():
        return model(_batch()).logits


def test_merged_logits_equal_base_plus_adapter(merged_fp32, trained_run: Run, sharded_base: Path):
    result, _ = merged_fp32
    merged = AutoModelForCausalLM.from_pretrained(result.out_dir).eval()
    with torch.no_grad():
        got, plain = merged(_batch()).logits, _load_base(sharded_base)(_batch()).logits
    want = _peft_logits(sharded_base, trained_run.adapter_dir)
    assert (want - plain).abs().max() > 1e-2  # the adapter changes the model
    torch.testing.assert_close(got, want, atol=2e-5, rtol=1e-5)


def test_merged_export_loads_and_generates_with_its_tokenizer(merged_fp32):
    result, progress = merged_fp32
    out = result.out_dir
    tok = AutoTokenizer.from_pretrained(out)
    model = AutoModelForCausalLM.from_pretrained(out, dtype="auto")
    assert model.dtype == torch.float32 and tok.chat_template
    prompt = tok.apply_chat_template([{"role": "user", "content": "list files"}], add_generation_prompt=True,
                                     return_tensors="pt", return_dict=True)
    generated = model.generate(**prompt, max_new_tokens=4, do_sample=False, pad_token_id=tok.pad_token_id)
    assert generated.shape[1] == prompt["input_ids"].shape[1] + 4
    index = json.loads((out / "model.safetensors.index.json").read_text())
    assert set(index["weight_map"].values()) == {p.name for p in out.glob("model-*.safetensors")}
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in out.glob("model-*.safetensors"))
    assert json.loads((out / "config.json").read_text())["dtype"] == "float32"
    assert (out / "generation_config.json").is_file()
    assert [f for _, f in progress] == sorted(f for _, f in progress) and progress[-1][1] == 1.0
    assert not list(out.parent.glob(".merged.partial-*"))


def test_model_card_reports_run_curve_eval_and_gguf(merged_fp32, trained_run: Run, sharded_base: Path):
    result, _ = merged_fp32
    card = (result.out_dir / "README.md").read_text()
    lora = trained_run.config().lora
    assert f'base_model: "{sharded_base}"' in card and f"r={lora.r}, alpha={lora.alpha}" in card
    assert "<use_mcp_tool>\n<server_name>" in card
    assert "first 2.5000, last 1.5000, lowest 1.2500 at step 2" in card
    assert "eval loss: first 1.7500" in card and "about 600" in card  # 100 tokens/s over 6 s
    assert "## A/B evaluation: base vs tuned" in card and "| **overall** | 10 | 0.0% | 100.0% |" in card
    command = f"python convert_hf_to_gguf.py {result.out_dir.resolve()} --outfile {result.out_dir.resolve()}-f32.gguf --outtype f32"
    assert command in card and command in result.gguf_commands
    assert any("--outtype q8_0" in c for c in result.gguf_commands)


def test_adapter_export_loads_with_peft(trained_run: Run, sharded_base: Path, tmp_path: Path):
    result = export_run(trained_run, tmp_path / "adapter", "adapter")
    assert result.dtype is None and (result.out_dir / "tokenizer.json").is_file()
    assert "library_name: peft" in (result.out_dir / "README.md").read_text()
    assert "convert_lora_to_gguf.py" in result.gguf_commands[0]
    torch.testing.assert_close(_peft_logits(sharded_base, result.out_dir),
                               _peft_logits(sharded_base, trained_run.adapter_dir), atol=0, rtol=0)


def test_bf16_merge_is_the_fp32_merge_rounded(trained_run: Run, sharded_base: Path, merged_fp32, tmp_path: Path):
    export_run(trained_run, tmp_path / "bf16", "merged", "bf16")
    fp32_dir = merged_fp32[0].out_dir
    name = "model.layers.0.self_attn.q_proj.weight"
    index32 = json.loads((fp32_dir / "model.safetensors.index.json").read_text())["weight_map"]
    index16 = json.loads((tmp_path / "bf16/model.safetensors.index.json").read_text())["weight_map"]
    with safe_open(fp32_dir / index32[name], "pt") as a, safe_open(tmp_path / "bf16" / index16[name], "pt") as b:
        assert b.get_tensor(name).dtype == torch.bfloat16
        assert torch.equal(b.get_tensor(name), a.get_tensor(name).to(torch.bfloat16))
    assert json.loads((tmp_path / "bf16/config.json").read_text())["dtype"] == "bfloat16"


def test_cancelled_export_leaves_no_folder(trained_run: Run, tmp_path: Path):
    def cancel_after_first_shard(message: str, fraction: float) -> None:
        if "shard 1/" in message:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        export_run(trained_run, tmp_path / "out", "merged", "bf16", cancel_after_first_shard)
    assert list(tmp_path.iterdir()) == []


def test_killed_export_leaves_only_a_hidden_partial_that_the_next_export_removes(trained_run: Run, tmp_path: Path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f".out.partial-{int(dead.stdout)}"
    abandoned.mkdir()
    (abandoned / "model-00001-of-00009.safetensors").write_bytes(b"half")
    assert not (tmp_path / "out").exists()
    export_run(trained_run, tmp_path / "out", "adapter")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_not_enough_disk_refused_with_numbers(trained_run: Run, merged_fp32, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch):
    needed = required_disk_bytes(trained_run, "merged", "fp32")
    written = sum(p.stat().st_size for p in merged_fp32[0].out_dir.iterdir())
    assert abs(needed - written) < 64 * 1024  # headers, index and card are the only guesses
    monkeypatch.setattr(staging.shutil, "disk_usage", lambda path: shutil._ntuple_diskusage(10**12, 10**12, 2**20))
    with pytest.raises(ExportError, match=r"needs 0\.\d\d GiB in .* but only 0\.00 GiB is free"):
        export_run(trained_run, tmp_path / "out", "merged", "fp32")
    assert list(tmp_path.iterdir()) == []


def test_a_disk_that_fills_during_the_export_is_a_one_line_error(trained_run: Run, tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch,
                                                                 capsys: pytest.CaptureFixture):
    """The free-space check passed, then the disk filled up (another writer): safetensors
    reports it in its own words; the export says the disk is full and leaves nothing."""
    from mcp_tui.export import merge

    real_save, shards = merge.save_file, []

    def fills_up(tensors, filename, metadata=None):
        if shards:
            raise RuntimeError('Error while serializing: IoError(Os { code: 28, kind: StorageFull, '
                               'message: "No space left on device" })')
        shards.append(filename)
        real_save(tensors, filename, metadata=metadata)

    monkeypatch.setattr(merge, "save_file", fills_up)
    before = sorted(p.relative_to(trained_run.path) for p in trained_run.path.rglob("*"))
    assert cli_main(["export", str(trained_run.path), "--out", str(tmp_path / "out"), "--dtype", "fp32"]) == 1
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"mcp-tui export: {tmp_path / 'out'}: the disk is full (") and "free some space" in err
    assert list(tmp_path.iterdir()) == []  # no folder that looks finished, no partial
    assert sorted(p.relative_to(trained_run.path) for p in trained_run.path.rglob("*")) == before


def test_existing_folder_and_missing_adapter_refused(trained_run: Run, tmp_path: Path):
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "x").write_text("")
    with pytest.raises(ExportError, match="already exists and is not empty"):
        export_run(trained_run, tmp_path / "taken", "adapter")
    fresh = create_run(tmp_path / "runs", trained_run.config(), name="fresh")
    with pytest.raises(ExportError, match=r"has no final adapter .*\(state: pending\)"):
        export_run(fresh, tmp_path / "out", "adapter")


def test_adapter_for_another_model_refused(trained_run: Run, tmp_path: Path):
    from transformers import LlamaConfig

    other = tmp_path / "other"
    AutoModelForCausalLM.from_config(LlamaConfig(vocab_size=49152, hidden_size=32, intermediate_size=64,
                                                 num_hidden_layers=2, num_attention_heads=4,
                                                 num_key_value_heads=2)).save_pretrained(other)
    with pytest.raises(ExportError, match=r"proj\.weight with shape .* has \(32, 64\); the adapter belongs to a different"):
        merge_checkpoint(open_checkpoint(other), read_adapter(trained_run.adapter_dir), tmp_path, "fp32")


def test_dora_adapter_refused_for_merge(sharded_base: Path, tmp_path: Path):
    get_peft_model(_load_base(sharded_base), LoraConfig(r=4, target_modules=["q_proj"], use_dora=True)
                   ).save_pretrained(tmp_path / "dora")
    with pytest.raises(ExportError, match="use_dora is set; .* --mode adapter"):
        read_adapter(tmp_path / "dora")


def test_fan_in_fan_out_and_rslora_match_peft(tmp_path: Path):
    """GPT-2 keeps Conv1D weights transposed; rsLoRA scales by alpha / sqrt(r)."""
    from transformers import GPT2Config, GPT2LMHeadModel

    torch.manual_seed(0)
    GPT2LMHeadModel(GPT2Config(vocab_size=64, n_embd=32, n_layer=2, n_head=4, n_positions=32)).save_pretrained(
        tmp_path / "base")
    base = AutoModelForCausalLM.from_pretrained(tmp_path / "base").eval()
    lora = LoraConfig(r=4, lora_alpha=12, target_modules=["c_attn", "c_fc"], fan_in_fan_out=True,
                      use_rslora=True, init_lora_weights=False)
    get_peft_model(base, lora).save_pretrained(tmp_path / "adapter")
    (tmp_path / "merged").mkdir()
    merge_checkpoint(open_checkpoint(tmp_path / "base"), read_adapter(tmp_path / "adapter"), tmp_path / "merged", "fp32")
    shutil.copy(tmp_path / "base" / "config.json", tmp_path / "merged")
    ids = torch.randint(0, 64, (2, 10), generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        got = AutoModelForCausalLM.from_pretrained(tmp_path / "merged").eval()(ids).logits
        fresh = AutoModelForCausalLM.from_pretrained(tmp_path / "base").eval()
        want = PeftModel.from_pretrained(fresh, tmp_path / "adapter").eval()(ids).logits
    torch.testing.assert_close(got, want, atol=2e-5, rtol=1e-5)


def test_cli_exports_and_prints_gguf_command(trained_run: Run, tmp_path: Path, capsys: pytest.CaptureFixture):
    runs_dir = str(trained_run.path.parent)
    code = cli_main(["--runs-dir", runs_dir, "export", trained_run.id, "--out", str(tmp_path / "a"), "--mode", "adapter"])
    out, err = capsys.readouterr()
    assert code == 0 and "convert_lora_to_gguf.py" in out and "export needs" in err and "[100%]" in err
    assert cli_main(["--runs-dir", runs_dir, "export", "nope", "--out", str(tmp_path / "b")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no run 'nope'" in err


def test_checkpoint_export_picks_a_finished_checkpoint(trained_run: Run, tmp_path: Path):
    from mcp_tui.runs import mark_checkpoint_complete

    run = create_run(tmp_path / "runs", trained_run.config(), name="stopped")
    shutil.copytree(trained_run.adapter_dir, run.checkpoints_dir / "checkpoint-2")
    mark_checkpoint_complete(run.checkpoints_dir / "checkpoint-2")
    with pytest.raises(ExportError, match="--checkpoint latest"):
        export_run(run, tmp_path / "final", "adapter")
    with pytest.raises(ExportError, match=r"no finished checkpoint '7' \(finished: 2\)"):
        export_run(run, tmp_path / "seven", "adapter", checkpoint="7")
    result = export_run(run, tmp_path / "latest", "adapter", checkpoint="latest")
    assert (result.out_dir / "adapter_model.safetensors").read_bytes() == (
        trained_run.adapter_dir / "adapter_model.safetensors").read_bytes()


def test_fp16_overflow_refused_naming_the_weight(tmp_path: Path):
    from safetensors.torch import save_file

    from mcp_tui.export.merge import LoraAdapter

    (tmp_path / "base").mkdir()
    (tmp_path / "base" / "config.json").write_text("{}")
    save_file({"w.weight": torch.tensor([[1.0, 7e4]])}, tmp_path / "base" / "model.safetensors")
    save_file({}, tmp_path / "empty.safetensors")
    no_lora = LoraAdapter(tmp_path / "empty.safetensors", {}, False)  # the cast alone must catch it
    with pytest.raises(ExportError, match=r"w\.weight does not fit in fp16 .* --dtype bf16"):
        merge_checkpoint(open_checkpoint(tmp_path / "base"), no_lora, tmp_path, "fp16")
