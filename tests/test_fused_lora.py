"""The fused LoRA linear must be PEFT's LoRA layer with fewer passes: same outputs, same
gradients for the adapter and the layer input, and PEFT's own forward wherever it does
not apply."""

from __future__ import annotations

import copy

import pytest
import torch

from mcp_tui.train.fused_lora import fuse_lora_layers


def tiny_lora_model(dropout: float = 0.0, dtype: torch.dtype = torch.float32, **lora: object):
    from peft import LoraConfig, get_peft_model
    from transformers import MistralConfig, MistralForCausalLM

    torch.manual_seed(0)
    config = MistralConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=4,
                           num_key_value_heads=2, head_dim=8, vocab_size=97, sliding_window=None,
                           tie_word_embeddings=False)
    model = MistralForCausalLM(config).to(dtype)
    # init_lora_weights=False: lora_B random too, so both adapter matrices get gradients.
    settings = {"r": 4, "lora_alpha": 8, "lora_dropout": dropout, "target_modules": "all-linear",
                "init_lora_weights": False, **lora}
    return get_peft_model(model, LoraConfig(**settings))


def loss_and_grads(model, ids: torch.Tensor, seed: int = 5, autocast: bool = False
                   ) -> tuple[float, dict[str, torch.Tensor]]:
    model.train()
    model.zero_grad()
    torch.manual_seed(seed)  # the same dropout masks on both paths: they draw in the same order
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        loss = model(input_ids=ids, labels=ids).loss
    loss.backward()
    return loss.item(), {n: p.grad.float() for n, p in model.named_parameters() if p.requires_grad}


def fused_copy(model):
    twin = copy.deepcopy(model)
    assert fuse_lora_layers(twin) == (14, 0)  # 7 linear kinds x 2 layers
    return twin


@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_same_loss_and_gradients_as_peft(dropout: float) -> None:
    peft = tiny_lora_model(dropout)
    ids = torch.randint(0, 97, (2, 12))
    want_loss, want = loss_and_grads(peft, ids)
    got_loss, got = loss_and_grads(fused_copy(peft), ids)
    assert got_loss == pytest.approx(want_loss, rel=1e-6)
    assert want.keys() == got.keys() and len(want) == 28
    for name in want:
        torch.testing.assert_close(got[name], want[name], rtol=1e-4, atol=1e-7, msg=name)


def test_bf16_rounding_no_worse_than_peft() -> None:
    """In bf16 the sums round differently; against the same weights in fp32 the fused
    gradients must be as close as PEFT's own (PEFT without autocast computes the adapter
    in fp32, the fused path in bf16 as under autocast)."""
    bf16 = tiny_lora_model(dtype=torch.bfloat16)
    ids = torch.randint(0, 97, (2, 12))
    _, truth = loss_and_grads(copy.deepcopy(bf16).float(), ids)

    def error(grads: dict[str, torch.Tensor]) -> float:
        flat = torch.cat([grads[n].flatten() for n in truth])
        ref = torch.cat([truth[n].flatten() for n in truth])
        return float((flat - ref).norm() / ref.norm())

    peft_error = min(error(loss_and_grads(bf16, ids, autocast=a)[1]) for a in (False, True))
    fused_error = error(loss_and_grads(fused_copy(bf16), ids)[1])
    assert fused_error < 1.5 * peft_error + 1e-3, (fused_error, peft_error)


def test_4bit_base_same_gradients_as_peft() -> None:
    """A bitsandbytes NF4 base (dequantized by the fused backward itself), fp32 compute."""
    pytest.importorskip("bitsandbytes")
    from peft import LoraConfig, get_peft_model

    from bench.random_model import build_4bit

    shape = {"model_type": "mistral", "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
             "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16, "vocab_size": 97,
             "max_position_embeddings": 256, "sliding_window": None, "tie_word_embeddings": False}
    torch.manual_seed(0)
    base = build_4bit(shape, dtype=torch.float32, compute_dtype=torch.float32, device="cpu")
    peft = get_peft_model(base, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules="all-linear",
                                           init_lora_weights=False))
    ids = torch.randint(0, 97, (2, 12))
    want_loss, want = loss_and_grads(peft, ids)
    got_loss, got = loss_and_grads(fused_copy(peft), ids)
    assert got_loss == pytest.approx(want_loss, rel=1e-5)
    for name in want:
        torch.testing.assert_close(got[name], want[name], rtol=1e-4, atol=1e-6, msg=name)


def test_disabled_and_merged_adapters_use_peft_forward() -> None:
    peft = tiny_lora_model()
    fused = fused_copy(peft)
    ids = torch.randint(0, 97, (1, 10))
    with torch.no_grad():
        with_adapter = fused.eval()(input_ids=ids).logits
        torch.testing.assert_close(with_adapter, peft.eval()(input_ids=ids).logits)
        with fused.disable_adapter():
            without = fused(input_ids=ids).logits
        with peft.disable_adapter():
            torch.testing.assert_close(without, peft(input_ids=ids).logits)
        assert not torch.allclose(without, with_adapter)
        fused.merge_adapter()
        torch.testing.assert_close(fused(input_ids=ids).logits, with_adapter, rtol=1e-4, atol=1e-5)


def test_variants_are_left_to_peft_and_fusing_twice_is_a_no_op() -> None:
    dora = tiny_lora_model(use_dora=True)
    assert fuse_lora_layers(dora) == (0, 14)
    peft = tiny_lora_model()
    assert fuse_lora_layers(peft) == (14, 0)
    forwards = [m.forward for m in peft.modules() if hasattr(m, "lora_A")]
    assert fuse_lora_layers(peft) == (14, 0)
    assert [m.forward for m in peft.modules() if hasattr(m, "lora_A")] == forwards


def test_saved_adapter_is_unchanged(tmp_path) -> None:
    """Fusing touches only the forward: the saved adapter has PEFT's keys and values."""
    from safetensors.torch import load_file

    peft = tiny_lora_model()
    peft.save_pretrained(tmp_path / "plain")
    fused_copy(peft).save_pretrained(tmp_path / "fused")
    plain = load_file(tmp_path / "plain" / "adapter_model.safetensors")
    fused = load_file(tmp_path / "fused" / "adapter_model.safetensors")
    assert plain.keys() == fused.keys()
    for key in plain:
        torch.testing.assert_close(fused[key], plain[key])
