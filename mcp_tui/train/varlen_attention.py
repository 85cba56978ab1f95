"""Padding-free attention for packed batches.

A packed batch puts several conversations end to end in one row, with `position_ids`
restarting at 0 at each conversation and no attention mask. transformers' own `sdpa` path
then builds a (seq x seq) block-diagonal mask and runs SDPA's masked kernel over the whole
square; this module registers an attention implementation, `sdpa_varlen`, that instead
reads the conversation boundaries off `position_ids` and calls PyTorch's variable-length
flash attention (`torch.nn.attention.varlen.varlen_attn`), which computes only the causal
triangle of each conversation. Everything else (padded batches, generation with a KV cache,
CPU tensors, a PyTorch without varlen_attn) goes to transformers' SDPA path unchanged.
"""

from __future__ import annotations

import inspect
from functools import lru_cache
from typing import Any

import torch

NAME = "sdpa_varlen"


def register() -> str:
    """Register `sdpa_varlen` with transformers (idempotent); returns its name."""
    from transformers import AttentionInterface
    from transformers.masking_utils import AttentionMaskInterface

    AttentionInterface.register(NAME, attention_forward)
    AttentionMaskInterface.register(NAME, _mask)
    return NAME


def _mask(*, attention_mask: torch.Tensor | None = None, q_length: int, kv_length: int, config: Any = None,
          **kwargs: Any) -> torch.Tensor | None:
    """No mask for an unpadded, uncached, full-attention batch (the boundaries come from
    `position_ids` in `attention_forward`); SDPA's mask otherwise."""
    from transformers.masking_utils import sdpa_mask

    window = getattr(config, "sliding_window", None)
    if attention_mask is None and q_length == kv_length and (window is None or kv_length <= window):
        return None
    return sdpa_mask(attention_mask=attention_mask, q_length=q_length, kv_length=kv_length, config=config,
                     **kwargs)


def cu_seqlens(position_ids: torch.Tensor) -> tuple[torch.Tensor, int] | None:
    """(cumulative start offsets as int32, longest segment) of a packed batch flattened to
    one sequence, or None when every row is one plain sequence (nothing to unpack)."""
    flat = position_ids.reshape(-1)
    starts = torch.nonzero(flat == 0).flatten()
    if starts.numel() <= position_ids.shape[0] or int(starts[0]) != 0:
        return None
    bounds = torch.cat([starts, starts.new_tensor([flat.numel()])]).to(torch.int32)
    return bounds, int((bounds[1:] - bounds[:-1]).max())


def available() -> bool:
    """Whether this PyTorch has variable-length flash attention (torch.nn.attention.varlen)."""
    return _varlen_fn() is not None


@lru_cache(maxsize=1)
def _varlen_fn():
    try:
        from torch.nn.attention.varlen import varlen_attn
    except ImportError:
        return None
    return varlen_attn, set(inspect.signature(varlen_attn).parameters)


_CACHE: dict[str, Any] = {}


def _segments(position_ids: torch.Tensor) -> tuple[torch.Tensor, int] | None:
    """`cu_seqlens` computed once per forward, not once per layer (it syncs with the host)."""
    # Keyed by the tensor itself (held, so its memory cannot be reused by another batch's
    # position_ids while cached) and its version counter (bumped by in-place writes).
    if _CACHE.get("tensor") is not position_ids or _CACHE.get("version") != position_ids._version:
        _CACHE.update(tensor=position_ids, version=position_ids._version, value=cu_seqlens(position_ids))
    return _CACHE["value"]


def block_causal_mask(position_ids: torch.Tensor, sliding_window: int | None = None) -> torch.Tensor:
    """(batch, 1, seq, seq) boolean mask: causal within each packed conversation only."""
    segment = (position_ids == 0).cumsum(-1)
    idx = torch.arange(position_ids.shape[-1], device=position_ids.device)
    mask = (segment[:, :, None] == segment[:, None, :]) & (idx[None, :, None] >= idx[None, None, :])
    if sliding_window is not None:
        mask &= (idx[None, :, None] - idx[None, None, :]) < sliding_window
    return mask[:, None]


def attention_forward(module: torch.nn.Module, query: torch.Tensor, key: torch.Tensor, value: torch.Tensor,
                      attention_mask: torch.Tensor | None, dropout: float = 0.0, scaling: float | None = None,
                      sliding_window: int | None = None, **kwargs: Any) -> tuple[torch.Tensor, None]:
    """transformers attention interface: q, k, v are (batch, heads, seq, head_dim); returns
    (batch, seq, heads, head_dim) like every transformers attention function."""
    from transformers.integrations.sdpa_attention import sdpa_attention_forward

    position_ids = kwargs.get("position_ids")
    segments = None
    if attention_mask is None and position_ids is not None and query.shape[2] == key.shape[2]:
        segments = _segments(position_ids)
    if segments is None:
        return sdpa_attention_forward(module, query, key, value, attention_mask, dropout=dropout,
                                      scaling=scaling, sliding_window=sliding_window, **kwargs)
    varlen = _varlen_fn()
    if (varlen is None or not query.is_cuda or dropout != 0.0
            or (sliding_window is not None and segments[1] > sliding_window)):
        rows = position_ids.expand(query.shape[0], -1)
        return sdpa_attention_forward(module, query, key, value, block_causal_mask(rows, sliding_window),
                                      dropout=dropout, scaling=scaling, sliding_window=sliding_window, **kwargs)
    fn, params = varlen
    bounds, longest = segments
    batch, heads, seq, dim = query.shape
    q, k, v = (t.transpose(1, 2).reshape(batch * seq, t.shape[1], dim) for t in (query, key, value))
    extra: dict[str, Any] = {"scale": scaling}
    if "is_causal" in params:
        extra["is_causal"] = True
    else:
        extra["window_size"] = (-1, 0)
    if "enable_gqa" in params and k.shape[1] != heads:
        extra["enable_gqa"] = True
    out = fn(q, k, v, bounds, bounds, longest, longest, **extra)
    return out.view(batch, seq, heads, dim), None
