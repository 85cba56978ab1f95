"""Memory switches on tiny CPU models: each must compute the same function as the plain path."""

from __future__ import annotations

import contextlib

import pytest
import torch
from torch import nn

from mcp_tui.config import load_config
from mcp_tui.train import kernels, tiled_mlp, varlen_attention


def tiny_mistral(layers: int = 2, seed: int = 0):
    from transformers import MistralConfig, MistralForCausalLM

    torch.manual_seed(seed)
    config = MistralConfig(hidden_size=32, intermediate_size=64, num_hidden_layers=layers, num_attention_heads=4,
                           num_key_value_heads=2, head_dim=8, vocab_size=97, max_position_embeddings=256,
                           sliding_window=None, tie_word_embeddings=False)
    return MistralForCausalLM(config).eval()


def cpu_cfg(*overrides: str):
    return load_config("cpu-demo", list(overrides))


class LoraLikeMLP(nn.Module):
    """A SwiGLU MLP with a trainable low-rank branch and dropout, like a LoRA-wrapped one."""

    def __init__(self, dropout: float = 0.0) -> None:
        super().__init__()
        self.gate = nn.Linear(16, 48, bias=False).requires_grad_(False)
        self.up = nn.Linear(16, 48, bias=False).requires_grad_(False)
        self.down = nn.Linear(48, 16, bias=False).requires_grad_(False)
        self.a = nn.Linear(48, 4, bias=False)
        self.b = nn.Linear(4, 16, bias=False)
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        h = nn.functional.silu(self.gate(x)) * self.up(x)
        return self.down(h) + self.b(self.a(self.drop(h)))


class SlicedReference(nn.Module):
    """The tiled computation written plainly (autograd keeps every slice's graph): it
    draws dropout masks slice by slice exactly as the tiled MLP's forward does."""

    def __init__(self, inner: nn.Module, shards: int) -> None:
        super().__init__()
        self.inner, self.shards = inner, shards

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return torch.cat([self.inner(part) for part in x.chunk(self.shards, dim=-2)], dim=-2)


def grads(mlp: nn.Module, x: torch.Tensor, use_checkpoint: bool, seed: int) -> list[torch.Tensor]:
    mlp.zero_grad()
    x = x.clone().requires_grad_(True)
    torch.manual_seed(seed)
    out = (torch.utils.checkpoint.checkpoint(mlp, x, use_reentrant=False) if use_checkpoint else mlp(x))
    (out * torch.linspace(-1, 1, out.shape[-1])).sum().backward()
    lora = mlp.inner if isinstance(mlp, SlicedReference) else mlp
    return [out.detach(), x.grad, lora.a.weight.grad, lora.b.weight.grad]


@pytest.mark.parametrize("use_checkpoint", [False, True])
@pytest.mark.parametrize("dropout", [0.0, 0.3])
def test_tiled_mlp_matches_reference(use_checkpoint: bool, dropout: float) -> None:
    """Without dropout the tiled MLP equals the plain one; with dropout it equals the same
    slices computed plainly, so its backward re-draws the forward's dropout masks."""
    torch.manual_seed(1)
    x = torch.randn(2, 37, 16)  # 37 tokens: uneven slices
    tiled = LoraLikeMLP(dropout)
    reference = LoraLikeMLP(dropout)
    reference.load_state_dict(tiled.state_dict())
    tiled_mlp.tile_mlp(tiled, hidden_size=10)  # ceil(37 / 10) = 4 slices
    want_model = SlicedReference(reference, 4) if dropout else reference
    want = grads(want_model.train(), x, use_checkpoint, seed=5)
    got = grads(tiled.train(), x, use_checkpoint, seed=5)
    for w, g in zip(want, got):
        torch.testing.assert_close(g, w, rtol=1e-5, atol=1e-6)


def test_tiled_mlp_slices_by_hidden_size() -> None:
    assert tiled_mlp.shards_for(32768, 5120) == 7
    assert tiled_mlp.shards_for(100, 5120) == 1


def test_segments_of_packed_position_ids() -> None:
    pos = torch.tensor([[0, 1, 2, 0, 1, 0, 1, 2, 3]])
    bounds, longest = varlen_attention.cu_seqlens(pos)
    assert bounds.tolist() == [0, 3, 5, 9] and longest == 4 and bounds.dtype == torch.int32
    assert varlen_attention.cu_seqlens(torch.arange(6)[None]) is None
    mask = varlen_attention.block_causal_mask(pos)[0, 0]
    assert mask[4].tolist() == [False, False, False, True, True, False, False, False, False]


def test_packed_forward_equals_separate_forwards() -> None:
    model = tiny_mistral()
    notes = kernels.prepare_model(model, cpu_cfg("data.packing=true"))
    assert model.config._attn_implementation == varlen_attention.NAME
    assert any("block mask" in n for n in notes)  # no CUDA here: the masked SDPA fallback
    torch.manual_seed(3)
    convs = [torch.randint(0, 97, (n,)) for n in (5, 9, 3)]
    ids = torch.cat(convs)[None]
    pos = torch.cat([torch.arange(len(c)) for c in convs])[None]
    with torch.no_grad():
        packed = model(input_ids=ids, position_ids=pos).logits[0]
        separate = torch.cat([model(input_ids=c[None]).logits[0] for c in convs])
    torch.testing.assert_close(packed, separate, rtol=1e-4, atol=1e-5)


def test_prepare_model_notes_and_checkpointing() -> None:
    model = tiny_mistral()
    cfg = cpu_cfg("train.gradient_checkpointing=true", "train.liger_kernel=true", "train.tiled_mlp=true",
                  "train.activation_offload=true")
    notes = kernels.prepare_model(model, cfg)
    text = "\n".join(notes)
    assert "liger_kernel off:" in text  # no CUDA (and no liger-kernel) on this machine
    assert "non-reentrant" in text and "tiled MLP" in text and "activation_offload off" in text
    assert model.is_gradient_checkpointing
    # tiny_mistral() is in eval mode, as a loaded model is: checkpointing must be in effect anyway.
    assert model.training and kernels.recomputed_layers(model) == [True, True]
    assert not any(p.requires_grad for p in model.parameters())
    assert isinstance(kernels.training_context(cfg), contextlib.nullcontext)
    assert kernels.optimizer_name(cpu_cfg("train.optim=paged_adamw_8bit")) == "adamw_torch"


def test_unchecked_layers_skip_recomputation_on_the_last_layers() -> None:
    model = tiny_mistral(layers=3)
    notes = kernels.prepare_model(model, cpu_cfg("train.gradient_checkpointing=true", "train.unchecked_layers=2"))
    assert [layer.gradient_checkpointing for layer in kernels.decoder_layers(model)] == [True, False, False]
    assert "the last 2 of 3 layers keep their activations" in "\n".join(notes)
    auto = tiny_mistral(layers=3)
    notes = kernels.prepare_model(auto, cpu_cfg("train.gradient_checkpointing=true", "train.unchecked_layers=-1"))
    assert all(layer.gradient_checkpointing for layer in kernels.decoder_layers(auto))
    assert "needs a CUDA GPU" in "\n".join(notes)  # no GPU here to size it against


def test_all_switches_train_like_the_plain_path() -> None:
    """Checkpointing + tiled MLP + fused LoRA: same loss and adapter gradients as the plain model."""
    from peft import LoraConfig, get_peft_model

    def lora_grads(switches: tuple[str, ...]) -> tuple[float, list[torch.Tensor]]:
        model = tiny_mistral()
        cfg = cpu_cfg(*switches)
        kernels.prepare_model(model, cfg)
        peft = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules="all-linear",
                                                init_lora_weights=False))
        notes = kernels.prepare_adapters(peft, cfg)
        assert notes == (["fused LoRA: 14 linear layers"] if cfg.train.fused_lora else [])
        peft.train()
        torch.manual_seed(0)
        ids = torch.randint(0, 97, (2, 24))
        loss = peft(input_ids=ids, labels=ids).loss
        loss.backward()
        return loss.item(), [p.grad for n, p in peft.named_parameters() if p.requires_grad]

    plain_loss, plain = lora_grads(("train.fused_lora=false",))
    loss, got = lora_grads(("train.gradient_checkpointing=true", "train.tiled_mlp=true", "train.fused_lora=true"))
    assert loss == pytest.approx(plain_loss, rel=1e-5)
    for w, g in zip(plain, got):
        torch.testing.assert_close(g, w, rtol=1e-4, atol=1e-6)
    loss, got = lora_grads(("train.gradient_checkpointing=true", "train.unchecked_layers=1"))
    assert loss == pytest.approx(plain_loss, rel=1e-5)
    for w, g in zip(plain, got):
        torch.testing.assert_close(g, w, rtol=1e-4, atol=1e-6)


def test_embedding_offload_trains_the_same_with_the_table_in_host_memory(tmp_path) -> None:
    """train.embedding_offload: the same loss and adapter gradients, an adapter saved without
    the table, a table that whole-model moves and casts leave alone, and a tied or non-CUDA
    embedding left where it is."""
    from peft import LoraConfig, get_peft_model
    from safetensors import safe_open

    from mcp_tui.train.host_embedding import HostEmbedding, offload_input_embedding

    def step(offload: bool):
        model = tiny_mistral()
        note = offload_input_embedding(model) if offload else ""
        peft = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules="all-linear",
                                                init_lora_weights=False))
        peft.train()
        ids = torch.randint(0, 97, (2, 24), generator=torch.Generator().manual_seed(0))
        loss = peft(input_ids=ids, labels=ids).loss
        loss.backward()
        peft.save_pretrained(tmp_path / str(offload))
        return model, note, loss.item(), [p.grad for p in peft.parameters() if p.requires_grad]

    _, _, plain_loss, plain = step(False)
    model, note, loss, got = step(True)
    with safe_open(str(tmp_path / "True" / "adapter_model.safetensors"), framework="pt") as saved:
        assert len(list(saved.keys())) == 2 * 7 * 2
    assert isinstance(model.get_input_embeddings(), HostEmbedding)
    assert note.startswith("embedding_offload: the input embedding (0.00 GiB) stays in host memory")
    assert loss == pytest.approx(plain_loss, rel=1e-6)
    for w, g in zip(plain, got):
        torch.testing.assert_close(g, w)
    model.to(torch.float64)
    assert model.model.embed_tokens.weight.dtype == torch.float32 and model.lm_head.weight.dtype == torch.float64

    tied = tiny_mistral()
    tied.lm_head.weight = tied.model.embed_tokens.weight
    assert "tied" in offload_input_embedding(tied) and type(tied.get_input_embeddings()) is nn.Embedding
    notes = kernels.prepare_model(tiny_mistral(), cpu_cfg("train.embedding_offload=true"))
    assert "embedding_offload off: the input embedding is not on a CUDA GPU" in notes


def test_embedding_offload_takes_the_table_out_of_the_estimate() -> None:
    from mcp_tui.train import memory

    cfg = load_config("rtx3090-devstral-small-2")
    shape = memory.model_config_for(cfg)
    saved = memory.estimate(shape, cfg).weights - memory.estimate(
        shape, load_config("rtx3090-devstral-small-2", ["train.embedding_offload=true"])).weights
    assert saved == 131072 * 5120 * 2
