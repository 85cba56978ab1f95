"""Devstral Small 2's layout through our streamed loader (train/stream_load.py): the language
model of a Mistral3 checkpoint, bf16 or FP8, computes on text exactly what transformers' own
Mistral3ForConditionalGeneration computes, YaRN and the attention-temperature term included;
the vision tower is never built; configs and checkpoints that would load wrong are refused."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file, save_file

from mcp_tui.config import load_config
from mcp_tui.train.model import ModelError, load_base_model, model_kind, quantization_config
from mistral3_helpers import (assert_quantized_alike, bitsandbytes_reference, build_tiny_mistral3, dequantized_copy,
                              text_ids, tiny_mistral3_config)
from test_training import only_run, settings, train_file  # noqa: F401 (train_file is a fixture)


@pytest.fixture(scope="module")
def bf16_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mistral3(tmp_path_factory.mktemp("mistral3-bf16"))


@pytest.fixture(scope="module")
def fp8_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mistral3(tmp_path_factory.mktemp("mistral3-fp8"), fp8=True)


def _ours(folder: Path, *overrides: str):
    return load_base_model(load_config("cpu-demo", [f"model.source={folder}", "model.dtype=float32", *overrides]))


def _reference(folder: Path):
    """transformers' own class; for FP8 its own dequantization (FineGrainedFP8Config)."""
    from transformers import FineGrainedFP8Config, Mistral3ForConditionalGeneration

    fp8 = "quantization_config" in json.loads((folder / "config.json").read_text())
    extra = {"quantization_config": FineGrainedFP8Config(dequantize=True)} if fp8 else {}
    return Mistral3ForConditionalGeneration.from_pretrained(folder, dtype=torch.float32, **extra).float().eval()


def _logits(model) -> torch.Tensor:
    with torch.no_grad():
        return model(input_ids=text_ids()).logits


def test_bf16_language_model_matches_transformers_mistral3(bf16_dir: Path):
    ours = _ours(bf16_dir)
    assert type(ours).__name__ == "Ministral3ForCausalLM"
    assert not any("vision" in name or "projector" in name for name, _ in ours.named_modules())
    assert ours.config.rope_parameters["rope_type"] == "yarn"
    assert ours.config.rope_parameters["llama_4_scaling_beta"] == 0.1
    torch.testing.assert_close(_logits(ours), _logits(_reference(bf16_dir)), atol=1e-5, rtol=1e-5)


def test_the_comparison_sees_the_attention_scaling(bf16_dir: Path):
    """Positions past original_max_position_embeddings (16 here) are scaled: with the term
    zeroed, as MistralForCausalLM would run it, the logits move far beyond the tolerance of
    the comparison above, and only past that position."""
    ours = _ours(bf16_dir)
    scaled = _logits(ours)
    ours.config.rope_parameters["llama_4_scaling_beta"] = 0.0
    moved = (scaled - _logits(ours)).abs().amax(dim=(0, 2))
    assert moved[:16].max() == 0 and moved[16:].min() > 1e-4


def test_fp8_checkpoint_is_dequantized_as_transformers_does(fp8_dir: Path, bf16_dir: Path):
    shards = sorted(fp8_dir.glob("model-*.safetensors"))
    stored = {k: v for shard in shards for k, v in load_file(str(shard)).items()}
    layer = "language_model.model.layers.0.self_attn.q_proj"
    assert len(shards) > 1 and stored[f"{layer}.weight"].dtype == torch.float8_e4m3fn
    assert stored[f"{layer}.weight_scale_inv"].shape == () and f"{layer}.activation_scale" in stored
    assert stored["language_model.lm_head.weight"].dtype == torch.bfloat16
    ours = _logits(_ours(fp8_dir))
    torch.testing.assert_close(ours, _logits(_reference(fp8_dir)), atol=1e-5, rtol=1e-5)
    original = _logits(_reference(bf16_dir))
    assert float((ours - original).norm() / original.norm()) < 0.05  # FP8's own rounding, nothing more


def test_transformers_module_names_load_too(bf16_dir: Path, tmp_path: Path):
    """Checkpoints saved under the module names (model.language_model.*) load the same."""
    folder = tmp_path / "renamed"
    folder.mkdir()
    tensors = {}
    for shard in bf16_dir.glob("model-*.safetensors"):
        tensors.update(load_file(str(shard)))
    renamed = {k.replace("language_model.model.", "model.language_model.").replace("language_model.lm_head.",
                                                                                     "lm_head."): v
               for k, v in tensors.items()}
    save_file(renamed, str(folder / "model.safetensors"))
    shutil.copy(bf16_dir / "config.json", folder / "config.json")
    torch.testing.assert_close(_logits(_ours(folder)), _logits(_ours(bf16_dir)))


def test_tied_output_layer_is_tied_as_transformers_ties_it(tmp_path: Path):
    """Ministral 3 checkpoints tie lm_head to the embeddings and store no lm_head."""
    from transformers import Mistral3Config, Mistral3ForConditionalGeneration

    torch.manual_seed(0)
    reference = Mistral3ForConditionalGeneration(Mistral3Config(**tiny_mistral3_config() | {"tie_word_embeddings": True}))
    reference.eval().save_pretrained(tmp_path)
    ours = _ours(tmp_path)
    assert ours.lm_head.weight is ours.model.embed_tokens.weight
    torch.testing.assert_close(_logits(ours), _logits(reference), atol=1e-5, rtol=1e-5)


def test_nf4_path_quantizes_the_decoder_linears_only(fp8_dir: Path, tmp_path: Path):
    """The QLoRA load (bitsandbytes' CPU backend here; the GPU test runs it on CUDA): every
    decoder linear in NF4, embeddings and lm_head unquantized, and the very NF4 weights and
    logits of transformers' own bitsandbytes load of the same weights, dequantized by
    transformers. (Against the unquantized model the logits differ by ~0.2 relative on these
    tiny random weights: NF4's own error, which a bound could not tell from a bug.)"""
    import bitsandbytes as bnb

    from mcp_tui.train.stream_load import load_streamed

    quantization = quantization_config(load_config("rtx3090-devstral-small-2", [f"model.source={fp8_dir}"]))
    model = load_streamed(fp8_dir, model_kind(fp8_dir), device=torch.device("cpu"), dtype=torch.bfloat16,
                          quantization=quantization)
    linears = [m for m in model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert len(linears) == 2 * 7 and model.is_loaded_in_4bit and model.hf_quantizer is not None
    assert model.lm_head.weight.dtype == model.model.embed_tokens.weight.dtype == torch.bfloat16
    reference = bitsandbytes_reference(dequantized_copy(fp8_dir, tmp_path / "bf16"), quantization, "cpu")
    assert_quantized_alike(model, reference)


def test_kind_is_described_for_the_events_log(fp8_dir: Path, tiny_model_dir: Path):
    line = model_kind(fp8_dir).describe()
    for part in ("Mistral3ForConditionalGeneration", "ministral3 only", "vision tower", "yarn RoPE factor 48.0",
                 "attention scaling beta 0.1", "FP8 weights (per-tensor scales)", "streamed"):
        assert part in line, line
    assert model_kind(tiny_model_dir).describe() == "model kind: LlamaForCausalLM; loaded by transformers"


def _edited_copy(src: Path, dest: Path, config_edit=None, tensor_edit=None) -> Path:
    shutil.copytree(src, dest)
    if config_edit:
        config = json.loads((dest / "config.json").read_text())
        config_edit(config)
        (dest / "config.json").write_text(json.dumps(config))
    if tensor_edit:
        for shard in dest.glob("model-*.safetensors"):
            tensors = load_file(str(shard))
            tensor_edit(tensors)
            save_file(tensors, str(shard))
    return dest


def _as_mistral(config):
    config["text_config"]["model_type"] = "mistral"


def _awq(config):
    config["quantization_config"] = {"quant_method": "compressed-tensors"}


def _drop_scales(tensors):
    for name in [n for n in tensors if n.endswith("q_proj.weight_scale_inv")]:
        del tensors[name]


def _drop_layer(tensors):
    for name in [n for n in tensors if ".layers.1.mlp.down_proj" in n]:
        del tensors[name]


def _wrong_width(tensors):
    for name in [n for n in tensors if n.endswith("layers.0.input_layernorm.weight")]:
        tensors[name] = torch.ones(7, dtype=torch.bfloat16)


@pytest.mark.parametrize("config_edit, tensor_edit, message", [
    (_as_mistral, None, "text_config.model_type is 'mistral' but the config carries the attention scaling term"),
    (_awq, None, r"pre-quantized \(compressed-tensors\)"),
    (None, _drop_scales, r"q_proj.weight is FP8 but no .*q_proj.weight_scale_inv holds its scale"),
    (None, _drop_layer, "the checkpoint has no model.layers.1.mlp.down_proj.weight"),
    (None, _wrong_width, r"shape \(7,\) but config.json makes model.layers.0.input_layernorm.weight \(64,\)"),
])
def test_what_would_load_wrong_is_refused(fp8_dir: Path, tmp_path: Path, config_edit, tensor_edit, message):
    folder = _edited_copy(fp8_dir, tmp_path / "edited", config_edit, tensor_edit)
    with pytest.raises(ModelError, match=message):
        _ours(folder)


@pytest.mark.slow
def test_worker_trains_the_language_model_and_logs_what_it_chose(tokenizer_dir: Path, tokenizer, train_file: Path,
                                                                  tmp_path: Path, checkpointed_calls: list):
    """The real worker on CPU: an FP8 Devstral Small 2 look-alike trains through the streamed
    load, events.log says what was detected, the adapter covers the language model only, and
    every decoder layer is really checkpointed (the streamed load ends in eval mode too)."""
    from safetensors import safe_open

    from mcp_tui.cli import main

    base = build_tiny_mistral3(tmp_path / "base", fp8=True, vocab=len(tokenizer), hidden=32,
                               tokenizer_dir=tokenizer_dir)
    runs = tmp_path / "runs"
    quick = {"train.max_steps": 2, "train.eval_steps": 0, "train.tensorboard": "false",
             "train.gradient_checkpointing": "true"}
    assert main(["--runs-dir", str(runs), "train", "--foreground", *settings(base, train_file, **quick)]) == 0
    run = only_run(runs)
    assert run.status().state == "completed", run.status().error
    events = "\n".join(run.events_tail(50))
    assert "model kind: Mistral3ForConditionalGeneration; language model ministral3 only" in events, events
    with safe_open(str(run.adapter_dir / "adapter_model.safetensors"), framework="pt") as f:
        names = list(f.keys())
    assert len(names) == 2 * 7 * 2 and all(n.startswith("base_model.model.model.layers.") for n in names)
    assert {index for index, _ in checkpointed_calls} == {0, 1}
    assert {reentrant for _, reentrant in checkpointed_calls} == {False}


def test_wizard_shows_the_language_model_and_counts_its_adapter(fp8_dir: Path):
    """The new-run wizard's checks read a Mistral3's text_config: the adapter of Devstral Small 2
    is 2507's (same layer sizes), and a local folder shows its language model's shape."""
    from mcp_tui.newrun.checks import count_trainable, describe_model

    counts = [str(count_trainable(load_config(p)).body) for p in ("rtx3090-devstral-small-2", "rtx3090-devstral-small")]
    assert counts[0] == counts[1] and "trainable parameters: 92,405,760" in counts[0]
    shown = str(describe_model(load_config("cpu-demo", [f"model.source={fp8_dir}"])).body)
    assert "Mistral3ForConditionalGeneration  hidden 64 · layers 2" in shown
