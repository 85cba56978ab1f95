"""Sequence-tiled MLP: the MLP computed in slices of the sequence, so its widest
intermediates (gate, up and their product: sequence x intermediate_size each, 2 GiB apiece
for Devstral at 32k tokens) never exist for the whole sequence at once.

Same idea as Arctic long-sequence training's TiledMLP and Liger's tiled MLP: the forward
runs each slice without keeping a graph, and the backward recomputes one slice at a time
and backpropagates it before the next. It costs one more MLP forward per step, so it is a
switch for the longest contexts only. Unlike those, this one re-enters the forward's
autocast state and random-number state in the backward, so LoRA under autocast keeps bf16
matmuls and LoRA dropout draws the same masks in the recompute as in the forward.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import MethodType

import torch
from torch import nn


def shards_for(seq_len: int, hidden_size: int) -> int:
    """Slices per sequence: one per `hidden_size` tokens (Arctic's rule), so a slice's
    intermediates are about as large as one hidden-state tensor of the whole sequence."""
    return max(1, math.ceil(seq_len / max(1, hidden_size)))


class _TiledMLPFunction(torch.autograd.Function):
    @staticmethod
    def forward(ctx, x: torch.Tensor, forward_fn: Callable[[torch.Tensor], torch.Tensor], shards: int
                ) -> torch.Tensor:  # type: ignore[override]
        device_type = x.device.type
        ctx.forward_fn = forward_fn
        ctx.shards = shards
        ctx.autocast = (torch.is_autocast_enabled(device_type), torch.get_autocast_dtype(device_type))
        ctx.rng = _rng_state(x.device)
        ctx.save_for_backward(x)
        with torch.no_grad():
            return torch.cat([forward_fn(part) for part in x.chunk(shards, dim=-2)], dim=-2)

    @staticmethod
    def backward(ctx, grad_out: torch.Tensor):  # type: ignore[override]
        (x,) = ctx.saved_tensors
        device_type = x.device.type
        enabled, dtype = ctx.autocast
        grad_x = torch.empty_like(x)
        parts = zip(x.detach().chunk(ctx.shards, dim=-2), grad_out.chunk(ctx.shards, dim=-2),
                    grad_x.chunk(ctx.shards, dim=-2))
        with torch.random.fork_rng(devices=_rng_devices(x.device)), torch.enable_grad(), \
                torch.autocast(device_type, dtype=dtype, enabled=enabled), \
                torch.autograd.graph.saved_tensors_hooks(_keep, _keep):
            # Identity hooks: an outer activation-offload context must not ship the slice's
            # short-lived tensors to the host and back.
            _set_rng_state(x.device, ctx.rng)
            for part, grad_part, out_part in parts:
                part = part.detach().requires_grad_(True)
                torch.autograd.backward(ctx.forward_fn(part), grad_part)
                out_part.copy_(part.grad)
        return grad_x, None, None


def _keep(t: torch.Tensor) -> torch.Tensor:
    return t


def _rng_devices(device: torch.device) -> list[int]:
    return [device.index if device.index is not None else torch.cuda.current_device()] \
        if device.type == "cuda" else []


def _rng_state(device: torch.device) -> tuple[torch.Tensor, torch.Tensor | None]:
    cuda = torch.cuda.get_rng_state(device) if device.type == "cuda" else None
    return torch.get_rng_state(), cuda


def _set_rng_state(device: torch.device, state: tuple[torch.Tensor, torch.Tensor | None]) -> None:
    torch.set_rng_state(state[0])
    if state[1] is not None:
        torch.cuda.set_rng_state(state[1], device)


def tiled_mlp(mlp_forward: Callable[[torch.Tensor], torch.Tensor], x: torch.Tensor,
              shards: int) -> torch.Tensor:
    """`mlp_forward(x)` computed `shards` sequence slices at a time (x: [..., seq, hidden])."""
    if shards <= 1 or not torch.is_grad_enabled() or not x.requires_grad:
        return mlp_forward(x)
    return _TiledMLPFunction.apply(x, mlp_forward, shards)


def tile_mlp(mlp: nn.Module, hidden_size: int) -> None:
    """Make `mlp` compute in sequence tiles. Wraps whatever forward it has now (a Liger
    SwiGLU patch included) and keeps calling its submodules, so LoRA layers injected later
    are used."""
    inner = mlp.forward

    def forward(self: nn.Module, x: torch.Tensor) -> torch.Tensor:
        return tiled_mlp(inner, x, shards_for(x.shape[-2], hidden_size))

    mlp.forward = MethodType(forward, mlp)
