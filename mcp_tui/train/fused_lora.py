"""LoRA on a linear layer as one autograd function: the base matmul and the adapter's
rank-r product accumulated into the same output, with a hand-written backward.

Why: PEFT computes `base(x).clone() + lora_B(lora_A(dropout(x))) * scaling`, which writes
and re-reads the full (tokens x out_features) output four more times in the forward (the
clone, B's output, the scaling, the sum) and twice more in the backward. With LoRA on all
seven linear kinds of Devstral Small those passes run over the MLP's (tokens x 32768)
tensors, and with gradient checkpointing the forward runs twice: bench/ measured LoRA on
all linears costing 26% of a step against LoRA on q/v only. Here the adapter term is one
`addmm_` (beta = 1) into the base output, its gradients come from two rank-r matmuls
each, and the backward dequantizes the 4-bit weight once, as bitsandbytes' own does.

The result is the same function with the same gradients (tests/test_fused_lora.py checks
them against PEFT's forward); only the rounding of the bf16 sums differs. Layers this
does not cover (DoRA and other LoRA variants, 8-bit bases, several active adapters, a
bias on lora_B, merged or disabled adapters, PEFT's per-row `adapter_names`) keep PEFT's
forward, decided per call.
"""

from __future__ import annotations

import types
from typing import Any, Callable

import torch

_PATCHED = "_mcp_tui_fused"


def _is_4bit(base: torch.nn.Module) -> bool:
    return type(getattr(base, "weight", None)).__name__ == "Params4bit"


def _dense_weight(base: torch.nn.Module) -> Callable[[torch.dtype], torch.Tensor] | None:
    """A function giving the base layer's (out, in) weight in a dtype, dequantizing a
    bitsandbytes 4-bit weight on each call (it is never kept); None for other layer kinds."""
    weight = base.weight
    if _is_4bit(base):
        from bitsandbytes.functional import dequantize_4bit

        return lambda dtype: dequantize_4bit(weight.data, weight.quant_state).to(dtype)
    if type(base) is torch.nn.Linear:
        return lambda dtype: weight.to(dtype)
    return None


class _LoRALinear(torch.autograd.Function):
    """y = x W^T + bias + scaling * (lora_x A^T) B^T, with lora_x = dropout(x) or x itself
    (then passed as None: its gradient is accumulated into x's by the same addmm)."""

    @staticmethod
    def forward(ctx: Any, x: torch.Tensor, lora_x: torch.Tensor | None, dense_weight: Callable,
                bias: torch.Tensor | None, lora_a: torch.Tensor, lora_b: torch.Tensor, scaling: float,
                dtype: torch.dtype) -> torch.Tensor:
        x2 = x.reshape(-1, x.shape[-1]).to(dtype)
        out = x2 @ dense_weight(dtype).t()
        if bias is not None:
            out += bias.to(dtype)
        lx = x2 if lora_x is None else lora_x.reshape(-1, x.shape[-1]).to(dtype)
        xa = lx @ lora_a.to(dtype).t()
        out.addmm_(xa, lora_b.to(dtype).t(), alpha=scaling)
        ctx.save_for_backward(lx, xa, lora_a, lora_b)
        ctx.dense_weight, ctx.scaling, ctx.dtype = dense_weight, scaling, dtype
        ctx.x_shape, ctx.x_dtype = x.shape, x.dtype
        ctx.lora_x_dtype = None if lora_x is None else lora_x.dtype
        return out.view(*x.shape[:-1], out.shape[-1])

    @staticmethod
    def backward(ctx: Any, grad: torch.Tensor) -> tuple[torch.Tensor | None, ...]:
        lx, xa, lora_a, lora_b = ctx.saved_tensors
        dtype, scaling = ctx.dtype, ctx.scaling
        g = grad.reshape(-1, grad.shape[-1]).to(dtype)
        a = lora_a.to(dtype)
        gb = g @ lora_b.to(dtype)  # (tokens, r): the gradient at the adapter's bottleneck
        d_a = (gb.t() @ lx).mul_(scaling).to(lora_a.dtype) if ctx.needs_input_grad[4] else None
        d_b = (g.t() @ xa).mul_(scaling).to(lora_b.dtype) if ctx.needs_input_grad[5] else None
        d_x = d_lora_x = None
        if ctx.needs_input_grad[0]:
            d_x = g @ ctx.dense_weight(dtype)
            if ctx.lora_x_dtype is None:
                d_x.addmm_(gb, a, alpha=scaling)
            d_x = d_x.view(ctx.x_shape).to(ctx.x_dtype)
        if ctx.lora_x_dtype is not None and ctx.needs_input_grad[1]:
            d_lora_x = (gb @ a).mul_(scaling).view(ctx.x_shape).to(ctx.lora_x_dtype)
        return d_x, d_lora_x, None, None, d_a, d_b, None, None


def _compute_dtype(x: torch.Tensor, base: torch.nn.Module) -> torch.dtype:
    """The dtype the matmuls run in: autocast's where it is on, else what the base layer
    computes in (a 4-bit layer's compute dtype, a dense layer's weight dtype)."""
    if torch.is_autocast_enabled(x.device.type):
        return torch.get_autocast_dtype(x.device.type)
    if _is_4bit(base):
        return base.compute_dtype or x.dtype
    return base.weight.dtype


def _fused_forward(self: Any, x: torch.Tensor, *args: Any, **kwargs: Any) -> torch.Tensor:
    """The LoRA layer's forward through _LoRALinear where it applies, else PEFT's own."""
    active = self.active_adapters
    if args or kwargs or self.disable_adapters or self.merged or len(active) != 1 or active[0] not in self.lora_A:
        return type(self).forward(self, x, *args, **kwargs)
    name = active[0]
    base = self.get_base_layer()
    lora_x = self.lora_dropout[name](x)
    out = _LoRALinear.apply(x, None if lora_x is x else lora_x, _dense_weight(base), base.bias,
                            self.lora_A[name].weight, self.lora_B[name].weight, float(self.scaling[name]),
                            _compute_dtype(x, base))
    return out if out.dtype == x.dtype or torch.is_autocast_enabled(x.device.type) else out.to(x.dtype)


def _eligible(module: Any) -> bool:
    """A vanilla LoRA layer on a plain or 4-bit linear (see the module doc for the rest)."""
    if getattr(module, "lora_variant", None) or any(getattr(module, "use_dora", {}).values()):
        return False
    if not isinstance(getattr(module, "lora_A", None), torch.nn.ModuleDict) or not module.lora_A:
        return False
    if any(not isinstance(m, torch.nn.Linear) for m in [*module.lora_A.values(), *module.lora_B.values()]):
        return False
    if any(m.bias is not None for m in module.lora_B.values()):
        return False
    return _dense_weight(module.get_base_layer()) is not None


def fuse_lora_layers(model: torch.nn.Module) -> tuple[int, int]:
    """Route every eligible PEFT LoRA linear of `model` through the fused function.
    Returns (fused, left on PEFT's forward); calling it twice changes nothing."""
    from peft.tuners.lora import LoraLayer

    fused = kept = 0
    for module in model.modules():
        if not isinstance(module, LoraLayer):
            continue
        if getattr(module, _PATCHED, False) or _eligible(module):
            if not getattr(module, _PATCHED, False):
                module.forward = types.MethodType(_fused_forward, module)
                setattr(module, _PATCHED, True)
            fused += 1
        else:
            kept += 1
    return fused, kept
