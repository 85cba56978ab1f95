"""The input embedding kept in host memory (`train.embedding_offload`).

A frozen input embedding is a table lookup: a step needs only the rows of its own tokens on
the GPU, never the table. Devstral's is 131072 x 5120 in bf16, 1.25 GiB of the 23 an RTX 3090
leaves a training process, as much as the activations of ~10k tokens at 32k context. Here the
table stays in (pinned) host memory; each forward gathers the step's rows there (tokens x
hidden: 80 MiB at 8192 tokens) and copies them to the GPU, which costs one host gather and one
copy per step and nothing in the backward (the embedding is frozen and LoRA never targets it).
Unsloth does the same by default (its `offload_embedding="auto"`; it did for Devstral Small 2
on the H200 under the 23 GiB cap, bench/results/peer_first_run).

Only a plain, untied `nn.Embedding` is moved: an output layer that shares its weights needs
them on the GPU, and subclasses (scaled embeddings) compute more than a lookup.
"""

from __future__ import annotations

from typing import Any, Callable

import torch
from torch import nn


class HostEmbedding(nn.Module):
    """A frozen embedding whose table lives in host memory and whose output lands on `device`."""

    def __init__(self, embedding: nn.Embedding, device: torch.device) -> None:
        super().__init__()
        table = embedding.weight.detach().to("cpu")
        if device.type == "cuda":
            table = table.pin_memory()
        self.weight = nn.Parameter(table, requires_grad=False)
        self.padding_idx = embedding.padding_idx
        self.num_embeddings, self.embedding_dim = table.shape
        self.device = device

    def forward(self, input_ids: torch.Tensor) -> torch.Tensor:
        ids = input_ids.to("cpu").reshape(-1)
        rows = torch.empty((ids.numel(), self.embedding_dim), dtype=self.weight.dtype,
                           pin_memory=self.device.type == "cuda")
        torch.index_select(self.weight, 0, ids, out=rows)
        return rows.to(self.device, non_blocking=True).view(*input_ids.shape, self.embedding_dim)

    def _apply(self, fn: Callable[..., Any], recurse: bool = True) -> HostEmbedding:
        """`.to()`, `.cuda()` and casts of the whole model (the Trainer moves an unquantized
        one) leave the table where it is: in host memory, in the dtype it was loaded in."""
        return self

    def extra_repr(self) -> str:
        return f"{self.num_embeddings}, {self.embedding_dim}, table in host memory, output on {self.device}"


def offload_input_embedding(model: Any) -> str:
    """Swap the model's input embedding for a HostEmbedding whose output lands where the
    table was (call it before LoRA is attached); the note for the run's event log says what
    moved, or why nothing did."""
    embedding = model.get_input_embeddings()
    if type(embedding) is not nn.Embedding:
        return f"embedding_offload off: the input embedding is a {type(embedding).__name__}, not a plain lookup"
    output = model.get_output_embeddings()
    if output is not None and output.weight is embedding.weight:
        return "embedding_offload off: the output layer shares the input embedding's weights (tied), on the GPU"
    weight = embedding.weight
    model.set_input_embeddings(HostEmbedding(embedding, weight.device))
    gib = weight.numel() * weight.element_size() / 1024**3
    return f"embedding_offload: the input embedding ({gib:.2f} GiB) stays in host memory; each step copies its rows"
