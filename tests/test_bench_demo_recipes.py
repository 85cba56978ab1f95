"""bench/demo_recipes.py, the GPU command that retunes the demo: every recipe is a valid
config, and the whole orchestration (base answers per listing, trainings side by side,
tuned evaluations, summary, archive) works end to end on CPU with a tiny model."""

from __future__ import annotations

import argparse
import json
import tarfile
from pathlib import Path

import pytest

from bench import demo_recipes
from mcp_tui.config import load_config, resolve_path


def test_every_recipe_is_a_valid_config(tmp_path: Path):
    args = argparse.Namespace(device="cuda", batch_size=64, work=str(tmp_path), steps=0, model="", data="", sets=[])
    for name in demo_recipes.RECIPES:
        cfg = demo_recipes.recipe_config(name, args)
        assert cfg.train.device == "cuda" and cfg.train.eval_steps == 0
    assert demo_recipes.recipe_config("developer-only", args).data.train_file == f"{tmp_path}/developer_only.jsonl"
    compact = demo_recipes.recipe_config("compact", args)
    assert compact.data.tool_listing == "compact" and compact.data.sources == "" and compact.train.max_steps == 200
    assert demo_recipes.recipe_config("json", args).data.tool_listing == "json"
    assert demo_recipes.recipe_config("compact-dev-heavy", args).data.sources == f"{tmp_path}/developer_only.jsonl=0.5"
    negatives = demo_recipes.recipe_config("compact-negatives", args).data.sources
    assert negatives == "data/mcp_train_negatives.jsonl"
    multi = demo_recipes.recipe_config("multi-call", args).data.sources
    assert multi == f"data/mcp_train_negatives.jsonl, {tmp_path}/multi_call.jsonl", multi
    contrast = demo_recipes.recipe_config("contrast-200", args)
    assert contrast.data.sources == "data/mcp_train_contrast.jsonl" and contrast.train.max_steps == 200
    # a recipe means what it meant when committed: on top of the preset of 2026-12-01, not today's
    r32 = demo_recipes.recipe_config("r32", args)
    assert (r32.lora.r, r32.train.max_steps, r32.train.lr, r32.data.sources) == (
        32, 320, 1e-3, "data/mcp_train_negatives.jsonl")
    assert demo_recipes.recipe_config("compact-negatives", args).lora.r == 16
    shipped = demo_recipes.recipe_config("shipped", args)
    preset = load_config("cpu-demo")
    assert (shipped.lora.r, shipped.train.max_steps, shipped.data.sources) == (
        preset.lora.r, preset.train.max_steps, preset.data.sources)
    assert set(demo_recipes.DEFAULT_RECIPES) <= set(demo_recipes.RECIPES)
    # --set applies to every recipe, after the recipe's own settings
    args.sets = ["train.batch_size=4", "train.grad_accum=1", "lora.r=8"]
    batched = demo_recipes.recipe_config("negatives-contrast-r32-640", args)
    assert (batched.train.batch_size, batched.train.grad_accum, batched.lora.r) == (4, 1, 8)
    assert batched.train.max_steps == 640


@pytest.mark.slow
def test_trains_and_evaluates_recipes_side_by_side(tiny_model_dir: Path, tmp_path: Path):
    data = tmp_path / "small.jsonl"
    data.write_text("".join(resolve_path("data/mcp_train.jsonl").read_text().splitlines(keepends=True)[:12]))
    agentic = tmp_path / "agentic.jsonl"
    agentic.write_text("".join(resolve_path("data/mcp_agentic.jsonl").read_text().splitlines(keepends=True)[:2]))
    out = tmp_path / "out"
    argv = ["--agentic", "contrast", "--agentic-tasks", str(agentic), "--out", str(out), "--work", str(tmp_path / "work"), "--device", "cpu", "--steps", "1", "--bundled", "5",
            "--foreign", "5", "--recipes", "contrast", "--batch-size", "5", "--budget", "500",
            "--model", str(tiny_model_dir), "--data", str(data)]
    assert demo_recipes.main(argv) == 0
    result = json.loads((out / "demo_recipes.json").read_text())
    entry = result["recipes"]["contrast"]
    assert entry["training"]["state"] == "completed" and entry["training"]["step"] == 1
    for set_name in ("bundled", "foreign"):
        assert entry[set_name]["tasks"] == {"total": 5, "paired": 5}, set_name
    table = (out / "summary.md").read_text()
    assert table.count("| contrast |") == 2 and "not evaluated" not in table
    with tarfile.open(out / "results.tar.gz") as tar:
        names = tar.getnames()
    assert "demo_recipes/contrast/eval/foreign/tuned.jsonl" in names
    assert "demo_recipes/contrast/eval/bundled/base.jsonl" in names and "demo_recipes/contrast/events.log" in names
    assert any(n.startswith("demo_recipes/contrast/eval/agentic/") for n in names), names
    with tarfile.open(out / "agentic_run.tar.gz") as tar:  # the whole run, its adapter included
        packed = tar.getnames()
    assert "contrast/adapter/adapter_config.json" in packed
    assert not any(n.endswith("optimizer.pt") for n in packed)
