"""`lora.last_layers`: adapters only in the top decoder layers, so the backward pass ends at
the lowest adapted layer (nothing below needs a gradient), the memory estimate counts only
those adapters, and a model with too few layers is a clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_tui.config import ConfigError, load_config
from conftest import build_tiny_model


@pytest.fixture(scope="module")
def three_layers(tokenizer_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny3"), tokenizer_dir, layers=3)


def _model(folder: Path, last: int):
    from mcp_tui.train.kernels import prepare_adapters, prepare_model
    from mcp_tui.train.model import attach_lora, load_base_model

    cfg = load_config("cpu-demo", [f"model.source={folder}", "model.dtype=float32", f"lora.last_layers={last}"])
    model = load_base_model(cfg)
    prepare_model(model, cfg)
    model = attach_lora(model, cfg)
    prepare_adapters(model, cfg)
    return model


def test_only_the_last_layers_train_and_the_backward_stops_there(three_layers: Path):
    import torch

    model = _model(three_layers, 1)
    trained = {n.split(".layers.")[1].split(".")[0] for n, p in model.named_parameters() if p.requires_grad}
    assert trained == {"2"}
    needs_grad = []
    layers = model.base_model.model.model.layers
    for layer in layers:
        layer.register_forward_hook(lambda mod, args, out: needs_grad.append(
            (out[0] if isinstance(out, tuple) else out).requires_grad))
    ids = torch.tensor([[1, 2, 3, 4, 5]])
    model(input_ids=ids, labels=ids).loss.backward()
    assert needs_grad == [False, False, True]
    assert all(p.grad is not None for p in model.parameters() if p.requires_grad)


def test_every_layer_is_adapted_by_default_and_too_many_is_an_error(three_layers: Path):
    model = _model(three_layers, 0)
    trained = {n.split(".layers.")[1].split(".")[0] for n, p in model.named_parameters() if p.requires_grad}
    assert trained == {"0", "1", "2"}
    with pytest.raises(ConfigError, match=r"lora.last_layers = 4, but the model has 3 decoder layers"):
        _model(three_layers, 4)


def test_the_estimate_counts_only_the_adapted_layers(three_layers: Path):
    import json

    from mcp_tui.train.memory import estimate

    shape = json.loads((three_layers / "config.json").read_text())
    every = estimate(shape, load_config("cpu-demo", ["lora.r=8"]))
    one = estimate(shape, load_config("cpu-demo", ["lora.r=8", "lora.last_layers=1"]))
    assert one.optimizer * 3 == every.optimizer > 0  # AdamW: 8 bytes per adapter parameter


def test_the_wizard_check_counts_the_adapted_layers_and_names_the_field():
    import re

    from mcp_tui.newrun.checks import count_trainable

    def trainable(cfg) -> int:
        check = count_trainable(cfg)
        assert check.ok, str(check.body)
        return int(re.search(r"trainable parameters: ([\d,]+)", str(check.body)).group(1).replace(",", ""))

    every, top = trainable(load_config("cpu-demo")), trainable(load_config("cpu-demo", ["lora.last_layers=15"]))
    assert top * 2 == every  # the last 15 of SmolLM2-135M's 30 layers
    bad = count_trainable(load_config("cpu-demo", ["lora.last_layers=99"]))
    assert not bad.ok and str(bad.body).startswith("lora.last_layers = 99, but the model has 30 decoder layers")
