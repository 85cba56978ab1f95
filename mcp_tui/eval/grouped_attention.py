"""Decoding attention that reads a grouped-query KV cache where it lies.

Models with grouped-query attention (SmolLM2: 9 query heads share 3 key/value heads;
Devstral: 32 share 8) keep one KV cache per group. With a padding mask, which a batch
of prompts always has, transformers' SDPA path copies every layer's whole cache once
per query head in the group (`repeat_kv`) at every generated token. On a CPU that copy
and the attention over the copies were ~60% of a decoding step (SmolLM2-135M, 8 rows,
~700 cached tokens, one thread: 105 ms of a ~230 ms step went to attention; in bf16,
207 ms). A single new token needs no causal mask, so the heads of a group can be read
as that many queries of one head instead: the same attention, computed once per group
over the cache as it is (24 ms in fp32, 25 ms in bf16 for those 30 layers).

Only decoding (one new token per row) takes this path; prompts (many tokens, causal)
go through transformers' own SDPA function unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import torch
from transformers import AttentionInterface
from transformers.integrations.sdpa_attention import sdpa_attention_forward
from transformers.masking_utils import AttentionMaskInterface, sdpa_mask

NAME = "mcp_tui_grouped_decode"


def grouped_decode_attention(
    module: torch.nn.Module,
    query: torch.Tensor,
    key: torch.Tensor,
    value: torch.Tensor,
    attention_mask: torch.Tensor | None,
    dropout: float = 0.0,
    scaling: float | None = None,
    is_causal: bool | None = None,
    **kwargs: Any,
) -> tuple[torch.Tensor, None]:
    """SDPA attention; for one new token per row with grouped heads, each group's query
    heads attend together to their shared, uncopied keys and values."""
    batch, heads, q_len, dim = query.shape
    kv_heads = key.shape[1]
    if q_len != 1 or heads == kv_heads or dropout or kwargs.get("position_bias") is not None:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout,
                                      scaling=scaling, is_causal=is_causal, **kwargs)
    # Head h reads KV head h // group (repeat_kv's order), so a group's heads are adjacent.
    grouped = query.reshape(batch, kv_heads, heads // kv_heads, dim)
    # A (batch, 1, 1, keys) mask broadcasts over the group's heads as over query positions;
    # is_causal stays off: a causal mask would wrongly hide keys from all but the first head.
    out = torch.nn.functional.scaled_dot_product_attention(grouped, key, value, attn_mask=attention_mask,
                                                           scale=scaling, is_causal=False)
    return out.reshape(batch, 1, heads, dim), None


def _register() -> None:
    AttentionInterface.register(NAME, grouped_decode_attention)
    AttentionMaskInterface.register(NAME, sdpa_mask)


@contextmanager
def grouped_decoding(model: Any) -> Iterator[None]:
    """Decode with `grouped_decode_attention` for the duration, where the model runs
    transformers' SDPA attention (other implementations are left as they are)."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    before = getattr(base.config, "_attn_implementation", None)
    if before != "sdpa":
        yield
        return
    _register()
    base.set_attn_implementation(NAME)
    try:
        yield
    finally:
        base.set_attn_implementation(before)
