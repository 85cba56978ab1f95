"""Model resolution and loading: local folders, GGUF and demo conversion, the offline hub,
tokenizer special tokens, and the error messages."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import torch

from mcp_tui.config import ConfigError, ModelConfig, load_config
from mcp_tui.train.model import (ModelError, load_base_model, load_tokenizer, quantization_config,
                                 resolve_model)


def _cfg(source: str, *overrides: str):
    return load_config("cpu-demo", [f"model.source={source}", *overrides])


def test_demo_model_is_converted_once_and_reused(demo_model_dir: Path):
    assert (demo_model_dir / "model.safetensors").is_file()
    assert (demo_model_dir / "tokenizer.json").is_file()
    start = time.perf_counter()
    assert resolve_model(ModelConfig(source="demo")) == demo_model_dir
    assert time.perf_counter() - start < 1.0
    assert not [p for p in demo_model_dir.parent.iterdir() if p.name.startswith(".") and p.is_dir()]


def test_demo_tokenizer_has_the_right_special_tokens(tokenizer):
    # The GGUF conversion in transformers names <|im_start|> as eos; the chat turns end with <|im_end|>.
    assert tokenizer.eos_token == "<|im_end|>"
    assert tokenizer.pad_token == "<|endoftext|>" and tokenizer.pad_token_id != tokenizer.eos_token_id
    text = tokenizer.apply_chat_template([{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}],
                                         tokenize=False)
    assert text.rstrip().endswith(tokenizer.eos_token)


def test_local_folder_loads_on_cpu_in_the_configured_dtype(tiny_model_dir: Path):
    import torch

    cfg = _cfg(str(tiny_model_dir), "model.dtype=bfloat16")
    assert resolve_model(cfg.model) == tiny_model_dir
    model = load_base_model(cfg)
    assert model.dtype == torch.bfloat16 and model.device.type == "cpu"
    assert model.config.num_hidden_layers == 2
    assert load_tokenizer(cfg).pad_token is not None


def test_gguf_file_is_converted_into_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import numpy as np
    from gguf import GGUFWriter

    monkeypatch.setenv("MCP_TUI_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "tiny.gguf"
    w = GGUFWriter(str(path), "llama")
    hidden, vocab, inter = 16, 6, 32
    w.add_context_length(64)
    w.add_embedding_length(hidden)
    w.add_block_count(1)
    w.add_feed_forward_length(inter)
    w.add_head_count(2)
    w.add_head_count_kv(1)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_rope_freq_base(10000.0)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(["a", "b", "ab", "abb", "<s>", "</s>"])
    w.add_token_types([1, 1, 1, 1, 3, 3])
    w.add_token_merges(["a b", "ab b"])  # two: transformers misreads a one-element merge list
    w.add_bos_token_id(4)
    w.add_eos_token_id(5)
    rng = np.random.default_rng(0)
    shapes = {"token_embd.weight": (vocab, hidden), "output_norm.weight": (hidden,), "output.weight": (vocab, hidden),
              "blk.0.attn_norm.weight": (hidden,), "blk.0.ffn_norm.weight": (hidden,),
              "blk.0.attn_q.weight": (hidden, hidden), "blk.0.attn_k.weight": (hidden // 2, hidden),
              "blk.0.attn_v.weight": (hidden // 2, hidden), "blk.0.attn_output.weight": (hidden, hidden),
              "blk.0.ffn_gate.weight": (inter, hidden), "blk.0.ffn_up.weight": (inter, hidden),
              "blk.0.ffn_down.weight": (hidden, inter)}
    for name, shape in shapes.items():
        w.add_tensor(name, rng.standard_normal(shape).astype(np.float32))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()

    folder = resolve_model(ModelConfig(source=str(path)))
    assert folder.parent == tmp_path / "cache" / "gguf"
    model = load_base_model(_cfg(str(path)), model_dir=folder)
    assert model.config.hidden_size == hidden
    assert load_tokenizer(_cfg(str(path)), model_dir=folder).eos_token == "</s>"
    assert resolve_model(ModelConfig(source=str(path))) == folder


@pytest.mark.parametrize("source, message", [
    ("mistralai/Devstral-Small-2507", "not in the local Hugging Face cache and the hub cannot be reached"),
    ("./no/such/folder", "model folder .* not found"),
    ("missing.gguf", "GGUF file .* not found"),
])
def test_unavailable_models_get_a_clear_error(source: str, message: str, monkeypatch: pytest.MonkeyPatch,
                                             tmp_path: Path):
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hub"))
    with pytest.raises(ModelError, match=message):
        resolve_model(ModelConfig(source=source))


def test_folder_without_config_is_rejected(tmp_path: Path):
    with pytest.raises(ModelError, match="not a Hugging Face model folder"):
        resolve_model(ModelConfig(source=str(tmp_path)))


def test_quantization_configs():
    import torch

    qlora = quantization_config(load_config("rtx3090-devstral-small"))
    assert qlora.load_in_4bit and qlora.bnb_4bit_quant_type == "nf4" and qlora.bnb_4bit_use_double_quant
    assert qlora.bnb_4bit_compute_dtype == torch.bfloat16
    assert quantization_config(load_config("rtx3090-devstral-small", ["quant.mode=8bit"])).load_in_8bit
    assert quantization_config(load_config("cpu-demo")) is None


def test_4bit_on_a_cpu_only_machine_is_a_config_error(tiny_model_dir: Path):
    import torch

    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    cfg = load_config("rtx3090-devstral-small", [f"model.source={tiny_model_dir}", "train.device=auto"])
    with pytest.raises(ConfigError, match="^4bit quantization needs a CUDA GPU"):
        load_base_model(cfg)
