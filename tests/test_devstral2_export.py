"""Export of a tuned Devstral Small 2 look-alike: the FP8 base dequantized, the adapter trained
on its language model merged in, written as the same Mistral3ForConditionalGeneration
(vision tower untouched, no FP8 quantization_config), with Mistral's tokenizer file and a
card that says how to serve it with native tool calls."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from peft import LoraConfig, PeftModel, get_peft_model
from safetensors import safe_open

from mcp_tui.config import load_config
from mcp_tui.export import export_run
from mcp_tui.runs import Run, create_run
from mcp_tui.train.model import load_base_model
from mistral3_helpers import build_tiny_mistral3, text_ids


@pytest.fixture(scope="module")
def fp8_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mistral3(tmp_path_factory.mktemp("mistral3-fp8"), fp8=True, tekken=True)


def _text_model(base: Path):
    return load_base_model(load_config("cpu-demo", [f"model.source={base}", "model.dtype=float32"]))


@pytest.fixture(scope="module")
def tuned_run(fp8_base: Path, tmp_path_factory: pytest.TempPathFactory) -> Run:
    """A completed run whose adapter was made as the worker makes it: on the language model."""
    cfg = load_config("cpu-demo", [f"model.source={fp8_base}", "data.call_format=native"])
    run = create_run(tmp_path_factory.mktemp("runs"), cfg, name="devstral2")
    torch.manual_seed(1)
    model = get_peft_model(_text_model(fp8_base), LoraConfig(r=8, lora_alpha=16, target_modules="all-linear",
                                                             init_lora_weights=False))
    model.save_pretrained(run.adapter_dir)
    run.write_status(state="completed")
    return run


@pytest.fixture(scope="module")
def merged(tuned_run: Run, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return export_run(tuned_run, tmp_path_factory.mktemp("exports") / "merged", "merged", "fp32").out_dir


def _stored(folder: Path) -> dict[str, torch.Tensor]:
    out = {}
    for shard in folder.glob("model-*.safetensors"):
        with safe_open(str(shard), framework="pt") as f:
            out.update({k: f.get_tensor(k) for k in f.keys()})
    return out


def test_merged_logits_equal_base_plus_adapter(merged: Path, tuned_run: Run, fp8_base: Path):
    from transformers import AutoModelForImageTextToText

    model = AutoModelForImageTextToText.from_pretrained(merged).eval()
    assert type(model).__name__ == "Mistral3ForConditionalGeneration"
    tuned = PeftModel.from_pretrained(_text_model(fp8_base), tuned_run.adapter_dir).eval()
    with torch.no_grad():
        got, want, plain = (m(input_ids=text_ids()).logits for m in (model, tuned, _text_model(fp8_base)))
    assert (want - plain).abs().max() > 1e-2  # the adapter changes the model
    torch.testing.assert_close(got, want, atol=2e-5, rtol=1e-5)


def test_vision_tower_is_kept_untouched_and_fp8_is_gone(merged: Path, fp8_base: Path):
    out, base = _stored(merged), _stored(fp8_base)
    vision = [k for k in base if k.startswith(("vision_tower.", "multi_modal_projector."))]
    assert vision and all(torch.equal(out[k], base[k].float()) for k in vision)
    assert not [k for k in out if k.endswith(("_scale_inv", "activation_scale"))]
    assert {t.dtype for t in out.values()} == {torch.float32}
    config = json.loads((merged / "config.json").read_text())
    assert "quantization_config" not in config and config["dtype"] == "float32"
    assert config["text_config"]["model_type"] == "ministral3"
    assert config["text_config"]["rope_parameters"]["llama_4_scaling_beta"] == 0.1


def test_mistral_tokenizer_and_serving_instructions(merged: Path):
    from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

    assert MistralTokenizer.from_file(str(merged / "tekken.json")).instruct_tokenizer.tokenizer.n_words == 131072
    card = (merged / "README.md").read_text()
    for part in ("AutoModelForImageTextToText", "--tokenizer-mode mistral", "--config-format hf",
                 "--enable-auto-tool-choice --tool-call-parser mistral", "transformers >= 5", "llama_4_scaling_beta"):
        assert part in card, part


def test_bf16_export_is_the_fp32_one_rounded(tuned_run: Run, merged: Path, tmp_path: Path):
    bf16 = _stored(export_run(tuned_run, tmp_path / "bf16", "merged", "bf16").out_dir)
    fp32 = _stored(merged)
    assert bf16.keys() == fp32.keys()
    assert all(torch.equal(bf16[k], fp32[k].to(torch.bfloat16)) for k in fp32)
