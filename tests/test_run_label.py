"""Honest labels: a run shows its preset's description only while it keeps every setting of
the preset; otherwise its own settings, in the monitor and in the exported model card, whose
`base_model` names the model really fine-tuned."""

from __future__ import annotations

from pathlib import Path

from mcp_tui.config import RunConfig, load_config, resolved_paths
from mcp_tui.export.card import CardFacts, model_card
from mcp_tui.run_label import base_model, preset_changes, run_label, settings_label


def test_a_preset_kept_whole_keeps_its_description() -> None:
    cfg = resolved_paths(load_config("rtx3090-devstral-small"), Path("/elsewhere"))  # paths as a run holds them
    assert preset_changes(cfg) == ("rtx3090-devstral-small", [])
    assert run_label(cfg) == cfg.description


def test_a_changed_setting_replaces_the_description_with_the_settings() -> None:
    cfg = load_config("rtx3090-devstral-small", ["data.max_seq_len=131072"])
    assert preset_changes(cfg) == ("rtx3090-devstral-small", ["data.max_seq_len: 8192 → 131072"])
    label = run_label(cfg)
    assert label == "Devstral-Small-2507 · 4-bit nf4 · LoRA r16 · seq 131072 · 2 epochs"
    assert "8192" not in label


def test_a_description_of_no_preset_is_not_trusted() -> None:
    cfg = load_config("cpu-demo", ["description=my own run", "lora.r=4"])
    assert preset_changes(cfg) == (None, [])
    assert run_label(cfg) == "SmolLM2-135M-Instruct · LoRA r4 · seq 1536 · 120 steps"
    assert settings_label(RunConfig()).endswith("seq 2048 · 1 epoch")


def test_base_model_names_the_model_the_demo_converts_from() -> None:
    assert base_model(load_config("cpu-demo")) == "HuggingFaceTB/SmolLM2-135M-Instruct"
    assert base_model(load_config("rtx3090-7b")) == load_config("rtx3090-7b").model.source
    assert settings_label(load_config("cpu-demo", ["model.source=/models/tiny.gguf"])).startswith("tiny · ")


def _card(cfg: RunConfig, tmp_path: Path) -> str:
    return model_card(CardFacts("run-1", cfg, "", tmp_path, "merged", "bf16", [], None), tmp_path / "out")


def test_the_model_card_of_a_changed_preset_lists_the_changes(tmp_path: Path) -> None:
    card = _card(load_config("rtx3090-devstral-small", ["data.max_seq_len=131072", "lora.r=64"]), tmp_path)
    assert 'base_model: "mistralai/Devstral-Small-2507"' in card
    assert "- settings: Devstral-Small-2507 · 4-bit nf4 · LoRA r64 · seq 131072 · 2 epochs" in card
    assert "started from the preset `rtx3090-devstral-small`" in card
    assert "`lora.r: 16 → 64`; `data.max_seq_len: 8192 → 131072`" in card
    assert "seq 8192" not in card


def test_the_model_card_of_the_demo_names_smollm2(tmp_path: Path) -> None:
    cfg = load_config("cpu-demo")
    card = _card(cfg, tmp_path)
    assert 'base_model: "HuggingFaceTB/SmolLM2-135M-Instruct"' in card and 'base_model: "demo"' not in card
    assert f"- preset: `cpu-demo` ({cfg.description})" in card


def test_the_model_card_says_which_layers_were_adapted(tmp_path: Path) -> None:
    assert "decoder layers" not in _card(load_config("cpu-demo"), tmp_path)
    card = _card(load_config("cpu-demo", ["lora.last_layers=15"]), tmp_path)
    assert "targets all-linear in the last 15 decoder layers" in card
    assert "`lora.last_layers: 0 → 15`" in card
