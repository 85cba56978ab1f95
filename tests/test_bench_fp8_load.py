"""bench/fp8_load.py on a tiny shape, on CPU: the random checkpoint it writes has the names and
layout transformers gives a Mistral3, and its measurement loads it through the streamed NF4 path."""

from __future__ import annotations

from pathlib import Path

import pytest
from safetensors import safe_open

from bench.fp8_load import checkpoint_name, measure_load, mistral3_config, write_checkpoint


@pytest.mark.slow  # writes and loads a sharded checkpoint
def test_tiny_fp8_load_is_written_and_measured(tmp_path: Path):
    facts = write_checkpoint(tmp_path / "fp8", layers=2, shard_gib=1e-4, tiny=True, device="cpu")
    assert facts["shards"] > 1 and facts["layers"] == 2
    point = measure_load(tmp_path / "fp8", "cpu")
    assert point["linear4bit_layers"] == 2 * 7 and point["vision_modules"] == 0
    assert point["peak_rss_gib"] >= point["rss_before_gib"] > 0


def test_bench_names_tensors_as_transformers_saves_them(tmp_path: Path):
    from transformers import Mistral3Config, Mistral3ForConditionalGeneration

    model = Mistral3ForConditionalGeneration(Mistral3Config(**mistral3_config(2, tiny=True)))
    model.save_pretrained(tmp_path)
    with safe_open(str(tmp_path / "model.safetensors"), framework="pt") as f:
        saved = set(f.keys())
    assert saved == {checkpoint_name(name) for name, _ in model.named_parameters()}
