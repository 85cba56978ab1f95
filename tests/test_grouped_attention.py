"""Grouped decoding attention: the same attention as transformers' SDPA path, without
copying the KV cache per query head, and switched on only while decoding on a CPU."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from transformers.integrations.sdpa_attention import sdpa_attention_forward

from eval_helpers import FMT
from mcp_tui.eval.generate import generate_batch
from mcp_tui.eval.grouped_attention import NAME, grouped_decode_attention, grouped_decoding


class Attention(torch.nn.Module):
    """What the attention functions read from a model's attention layer."""

    def __init__(self, groups: int) -> None:
        super().__init__()
        self.num_key_value_groups = groups
        self.is_causal = True


def padded_mask(batch: int, keys: int, pad: list[int], kind: str) -> torch.Tensor | None:
    """A decoding step's (batch, 1, 1, keys) mask hiding each row's left padding."""
    if kind == "none":
        return None
    allowed = torch.ones(batch, 1, 1, keys, dtype=torch.bool)
    for row, n in enumerate(pad):
        allowed[row, ..., :n] = False
    if kind == "bool":
        return allowed
    return torch.zeros(allowed.shape).masked_fill(~allowed, torch.finfo(torch.float32).min)


@settings(max_examples=40, deadline=None)
@given(batch=st.integers(1, 4), kv_heads=st.integers(1, 3), groups=st.integers(2, 4), keys=st.integers(1, 40),
       dim=st.sampled_from([8, 16]), kind=st.sampled_from(["none", "bool", "float"]), data=st.data())
def test_one_new_token_attends_as_sdpa_does(batch, kv_heads, groups, keys, dim, kind, data):
    pad = [data.draw(st.integers(0, keys - 1)) for _ in range(batch)]  # every row keeps a key
    gen = torch.Generator().manual_seed(keys * 31 + dim)
    q = torch.randn(batch, kv_heads * groups, 1, dim, generator=gen)
    k, v = (torch.randn(batch, kv_heads, keys, dim, generator=gen) for _ in range(2))
    mask = padded_mask(batch, keys, pad, kind)
    module = Attention(groups)
    want, _ = sdpa_attention_forward(module, q, k, v, mask, scaling=dim**-0.5)
    got, weights = grouped_decode_attention(module, q, k, v, mask, scaling=dim**-0.5)
    assert weights is None and got.shape == want.shape == (batch, 1, kv_heads * groups, dim)
    torch.testing.assert_close(got, want, rtol=1e-5, atol=1e-6)


def test_a_prompt_goes_through_sdpa_unchanged():
    gen = torch.Generator().manual_seed(0)
    q = torch.randn(2, 6, 5, 8, generator=gen)
    k, v = (torch.randn(2, 2, 5, 8, generator=gen) for _ in range(2))
    want, _ = sdpa_attention_forward(Attention(3), q, k, v, None, is_causal=True)
    got, _ = grouped_decode_attention(Attention(3), q, k, v, None, is_causal=True)
    assert torch.equal(got, want)


def tiny_llama(tok, attn: str):
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=48, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=6, num_key_value_heads=2, max_position_embeddings=4096)
    return LlamaForCausalLM(cfg).eval().to(dtype=torch.float32), attn


@pytest.mark.parametrize("attn", ["sdpa", "eager"])
def test_decoding_switches_only_sdpa_models_and_switches_back(tokenizer, attn):
    model, _ = tiny_llama(tokenizer, attn)
    model.set_attn_implementation(attn)
    with grouped_decoding(model):
        inside = model.config._attn_implementation
    assert inside == (NAME if attn == "sdpa" else "eager")
    assert model.config._attn_implementation == attn


def test_batched_answers_equal_those_of_transformers_sdpa(tokenizer):
    """generate_batch decodes with grouped attention on a CPU; greedy tokens of a
    left-padded batch are those of plain generate() through transformers' SDPA."""
    model, _ = tiny_llama(tokenizer, "sdpa")
    prompts = [tokenizer.encode("list the files in src please"), tokenizer.encode("hi"),
               tokenizer.encode("read the config file and tell me the port")]
    answers = generate_batch(model, tokenizer, prompts, FMT, 12)
    for prompt, answer in zip(prompts, answers):
        ids = torch.tensor([prompt])
        with torch.inference_mode():
            plain = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=12,
                                   do_sample=False, pad_token_id=tokenizer.pad_token_id)
        assert tokenizer.decode(plain[0, ids.shape[1]:], skip_special_tokens=True) == answer.text
    assert model.config._attn_implementation == "sdpa"
