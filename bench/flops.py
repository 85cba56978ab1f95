"""Floating-point operations of one QLoRA training step, counted from the architecture.

How they are counted (a multiply-add is 2 FLOPs):
- Linear layers: forward 2*N*T, where N is the parameter count of every matmul weight
  (the decoder's linears and the output layer; the embedding is a lookup, not a matmul)
  and T the tokens in the step. Backward 2*N*T for the input gradient only: the base is
  frozen, so no weight gradient is computed for it. (The usual 6*N*T of full fine-tuning
  would credit 2*N*T of work that QLoRA never does.)
- LoRA: forward 2*P*T and backward 4*P*T (input and weight gradients), P = adapter params.
- Attention: forward 4*T_i^2*d/2 per layer and sequence i (QK^T and PV, causal half),
  d = heads*head_dim; backward twice the forward. Packed rows count each conversation's
  own square, which is all that varlen attention computes.
- Recomputation: gradient checkpointing runs the checkpointed decoder layers' forward once
  more (layers left unchecked by train.unchecked_layers do not); the tiled MLP runs the
  MLP forward once more again.
`model` FLOPs (fwd + bwd) give MFU; `hardware` FLOPs add the recomputation (HFU). The
attention forward is returned on its own too, for splitting a step into matmuls and attention.
"""

from __future__ import annotations

from typing import Any

H100_SXM_BF16_DENSE = 989.4e12  # FLOP/s, NVIDIA's datasheet figure without sparsity


def linear_params(shape: dict[str, Any]) -> dict[str, int]:
    """Matmul parameter counts per decoder layer (attention, mlp) and of the output layer."""
    h, i = shape["hidden_size"], shape["intermediate_size"]
    hd = shape.get("head_dim") or h // shape["num_attention_heads"]
    q, kv = shape["num_attention_heads"] * hd, shape["num_key_value_heads"] * hd
    return {"attention": h * q + 2 * h * kv + q * h, "mlp": 3 * h * i, "lm_head": h * shape["vocab_size"]}


def lora_params(shape: dict[str, Any], r: int, targets: tuple[str, ...]) -> int:
    """Adapter parameters for LoRA of rank r on the named projections of every layer."""
    h, i = shape["hidden_size"], shape["intermediate_size"]
    hd = shape.get("head_dim") or h // shape["num_attention_heads"]
    q, kv = shape["num_attention_heads"] * hd, shape["num_key_value_heads"] * hd
    dims = {"q_proj": (h, q), "k_proj": (h, kv), "v_proj": (h, kv), "o_proj": (q, h),
            "gate_proj": (h, i), "up_proj": (h, i), "down_proj": (i, h)}
    return shape["num_hidden_layers"] * sum(r * (dims[t][0] + dims[t][1]) for t in targets)


def step_flops(shape: dict[str, Any], segments: list[int], *, r: int, targets: tuple[str, ...],
               recomputed_layers: int, tiled_mlp: bool) -> dict[str, float]:
    """FLOPs of one forward+backward over sequences of the given lengths (see module doc)."""
    layers = shape["num_hidden_layers"]
    hd = shape.get("head_dim") or shape["hidden_size"] // shape["num_attention_heads"]
    d = shape["num_attention_heads"] * hd
    lin = linear_params(shape)
    tokens = sum(segments)
    per_layer = lin["attention"] + lin["mlp"]
    attn_fwd = layers * sum(2.0 * s * s * d for s in segments)
    lora = lora_params(shape, r, targets)
    linear_fwd = 2.0 * (layers * per_layer + lin["lm_head"]) * tokens
    model = 2 * linear_fwd + 3 * attn_fwd + 6.0 * lora * tokens
    share = recomputed_layers / layers
    recompute = share * (2.0 * layers * per_layer * tokens + attn_fwd + 2.0 * lora * tokens)
    if tiled_mlp:
        recompute += 2.0 * layers * lin["mlp"] * tokens
    return {"model": model, "hardware": model + recompute, "attention_fwd": attn_fwd, "tokens": float(tokens)}
