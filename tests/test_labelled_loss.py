"""The Trainer's loss from the labelled positions' logits only (train/labelled_loss.py) is the
model's own loss: the same value and the same adapter gradients, on a tiny LoRA model."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from mcp_tui.config import load_config
from mcp_tui.data.tokenize import IGNORE, PadCollator
from mcp_tui.runs import create_run
from mcp_tui.train import labelled_loss

PAD = 0


def row(length: int, spans: list[tuple[int, int]], seed: int, packed: bool = False) -> dict[str, list[int]]:
    """A conversation-like row: random ids, labels only on the answer spans [start, end)."""
    ids = torch.randint(1, 1000, (length,), generator=torch.Generator().manual_seed(seed)).tolist()
    labels = [IGNORE] * length
    for start, end in spans:
        labels[start:end] = ids[start:end]
    out = {"input_ids": ids, "labels": labels}
    if packed:  # two conversations in one row, positions restarting at the second
        out["position_ids"] = list(range(length // 2)) + list(range(length - length // 2))
    return out


BATCHES = {
    "one row": [row(40, [(25, 40)], seed=1)],
    # Rows of different lengths (padded) whose answers sit at different places: the union.
    "two padded rows": [row(40, [(25, 33)], seed=1), row(30, [(6, 10), (20, 30)], seed=2)],
    "packed rows": [row(40, [(12, 20), (32, 40)], seed=3, packed=True), row(36, [(15, 18)], seed=4, packed=True)],
}


@pytest.fixture(scope="module")
def trainer(tiny_model_dir: Path, tokenizer, tmp_path_factory: pytest.TempPathFactory):
    """The run's own Trainer (make_trainer) around a tiny Llama with LoRA on every linear."""
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from mcp_tui.train.worker import TokenCounter, make_trainer

    cfg = load_config("cpu-demo", [f"model.source={tiny_model_dir}", "train.tensorboard=false", "data.eval_file="])
    run = create_run(tmp_path_factory.mktemp("runs"), cfg)
    torch.manual_seed(0)
    base = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    model = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules="all-linear",
                                            init_lora_weights=False))
    model.train()
    trainer = make_trainer(model, cfg, run, tokenizer, ([{"input_ids": [1, 2]}] * 4, None), [], "cpu",
                           TokenCounter())
    assert trainer.model_accepts_loss_kwargs  # else num_items_in_batch would never reach the loss
    assert run.events_tail(1)[0].endswith(labelled_loss.loss_note(None))
    return trainer


def loss_and_grads(trainer, compute_loss, inputs: dict, num_items: torch.Tensor | None):
    model = trainer.model
    model.zero_grad()
    loss = compute_loss(model, inputs, num_items_in_batch=num_items)
    loss.backward()
    return loss.detach(), [p.grad.clone() for p in model.parameters() if p.requires_grad]


@pytest.mark.parametrize("batch", list(BATCHES))
@pytest.mark.parametrize("accumulated", [False, True])
def test_the_labelled_positions_loss_is_the_models_loss(trainer, batch: str, accumulated: bool):
    """Loss and every adapter gradient equal the model's own (the Trainer's stock
    compute_loss), with the mean loss and with num_items_in_batch counting this and three
    more micro-batches of gradient accumulation, as the Trainer passes it."""
    from transformers import Trainer

    inputs = PadCollator(PAD)(BATCHES[batch])
    num_items = (inputs["labels"][:, 1:] != IGNORE).sum() * 4 if accumulated else None
    want_loss, want_grads = loss_and_grads(trainer, lambda *a, **k: Trainer.compute_loss(trainer, *a, **k),
                                           inputs, num_items)
    loss, grads = loss_and_grads(trainer, trainer.compute_loss, inputs, num_items)
    assert loss.item() == pytest.approx(want_loss.item(), rel=1e-5)
    assert sum(g.abs().sum() for g in want_grads) > 0
    for got, want in zip(grads, want_grads, strict=True):
        torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-7)


def test_only_positions_followed_by_a_label_are_kept():
    """Position t predicts token t + 1: kept when any row labels t + 1, with those labels."""
    labels = torch.tensor([[IGNORE, IGNORE, 5, 6, IGNORE, IGNORE],
                           [IGNORE, 7, IGNORE, IGNORE, IGNORE, 8]])
    inputs = {"input_ids": torch.ones_like(labels), "labels": labels}
    kept = labelled_loss.keep_labelled_logits(inputs)
    assert kept["logits_to_keep"].tolist() == [0, 1, 2, 4]
    assert kept["shift_labels"].tolist() == [[IGNORE, 5, 6, IGNORE], [7, IGNORE, IGNORE, 8]]
    assert set(inputs) == {"input_ids", "labels"}  # the Trainer's own dict is left alone
    unlabelled = {"input_ids": labels, "labels": torch.full_like(labels, IGNORE)}
    assert labelled_loss.keep_labelled_logits(unlabelled) is unlabelled


def test_the_models_own_loss_where_the_labelled_one_does_not_apply(tiny_model_dir: Path,
                                                                   monkeypatch: pytest.MonkeyPatch):
    """Liger's fused loss (it never makes logits) and a forward without logits_to_keep keep
    the model's loss, and the events line says why."""
    from transformers import AutoModelForCausalLM

    from mcp_tui.train import kernels

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    plain = load_config("cpu-demo", [f"model.source={tiny_model_dir}"])
    assert labelled_loss.unsupported_reason(model, plain) is None
    monkeypatch.setattr(kernels, "liger_status", lambda model_type: None)  # as on a CUDA machine with Liger
    liger = load_config("cpu-demo", [f"model.source={tiny_model_dir}", "train.liger_kernel=true"])
    assert "Liger" in labelled_loss.unsupported_reason(model, liger)
    model.forward = lambda input_ids=None, labels=None, **kwargs: None
    reason = labelled_loss.unsupported_reason(model, plain)
    assert labelled_loss.loss_note(reason) == ("loss: the model's own, over every position "
                                               "(LlamaForCausalLM's forward takes no logits_to_keep and loss arguments)")
