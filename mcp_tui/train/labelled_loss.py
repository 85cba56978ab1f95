"""The model's own loss, computed from the logits of the labelled positions only.

A causal LM's forward projects every position onto the vocabulary and its loss upcasts
all those logits to float32, but only the assistant's answer carries labels: the prompt,
with its tool listing, is most of each conversation and is IGNORE. On the CPU demo
(SmolLM2: 49152 x 576 tied output layer, ~700-token conversations, ~14% of their tokens
labelled) computing only the labelled positions' logits makes a forward and backward 1.17x
faster, with the same gradients (bench/results/labelled_loss_speed.json).

transformers 5's causal LMs take `logits_to_keep` as a 1-D tensor of sequence indices, and
their loss (ForCausalLMLoss) takes `shift_labels`, labels already aligned with the logits.
Both go to the model's own forward, so everything else about its loss stays as it was:
the shift by one, ignore_index, `num_items_in_batch` across gradient accumulation, and the
Trainer's scaling around it. A batch of several rows keeps the union of their positions;
a row's positions that only another row needs get IGNORE and count for nothing.
"""

from __future__ import annotations

import inspect
from typing import TYPE_CHECKING, Any

from mcp_tui.data.tokenize import IGNORE

if TYPE_CHECKING:
    from mcp_tui.config import RunConfig


def unsupported_reason(model: Any, cfg: RunConfig) -> str | None:
    """None when the loss can come from the labelled positions' logits, else why not (one line).
    `model` is the one the Trainer gets (a PEFT model or the bare causal LM)."""
    from transformers.loss.loss_utils import ForCausalLMLoss

    from mcp_tui.train.kernels import liger_status

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    name = type(base).__name__
    if cfg.train.liger_kernel and liger_status(base.config.model_type) is None:
        return "Liger's fused linear cross-entropy computes it without materializing logits"
    parameters = inspect.signature(base.forward).parameters
    if "logits_to_keep" not in parameters or inspect.Parameter.VAR_KEYWORD not in {p.kind for p in parameters.values()}:
        return f"{name}'s forward takes no logits_to_keep and loss arguments"
    if getattr(base, "loss_function", None) is not ForCausalLMLoss:
        return f"{name} has a loss of its own, not transformers' causal-LM loss"
    return None


def loss_note(reason: str | None) -> str:
    """The events line saying which loss the run computes."""
    if reason is None:
        return "loss: logits and cross-entropy at the labelled positions only (the model's loss, exactly)"
    return f"loss: the model's own, over every position ({reason})"


def keep_labelled_logits(inputs: dict[str, Any]) -> dict[str, Any]:
    """`inputs` (left unchanged) plus what makes the model compute logits only where a label
    follows: position t predicts token t + 1, so t is kept when any row labels t + 1. A batch
    with no label at all is returned as it is."""
    labels = inputs.get("labels")
    if labels is None:
        return inputs
    positions = (labels[:, 1:] != IGNORE).any(dim=0).nonzero().squeeze(1)
    if positions.numel() == 0:
        return inputs
    return {**inputs, "logits_to_keep": positions, "shift_labels": labels[:, positions + 1]}
