"""Tiny random Devstral Small 2 look-alikes: a Mistral3ForConditionalGeneration whose language
model is `ministral3` with YaRN RoPE and the attention-temperature term, and a small Pixtral
vision tower, saved as transformers saves it (bf16) or as Mistral publishes it (FP8 weights
with their scales, bench/fp8_checkpoint.py), sharded, with Mistral's own tokenizer file."""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

import torch
from safetensors.torch import load_file

from bench.fp8_checkpoint import as_published, write_fp8_config, write_shards

# The scaling term starts at position 16 here (8192 in Devstral Small 2), so a 40-token input
# already runs through it; factor 48 as in Devstral Small 2.
ROPE = {"rope_type": "yarn", "rope_theta": 1e8, "factor": 48.0, "original_max_position_embeddings": 16,
        "beta_fast": 32.0, "beta_slow": 1.0, "mscale": 1.0, "mscale_all_dim": 1.0, "llama_4_scaling_beta": 0.1}


def tiny_mistral3_config(vocab: int = 300, hidden: int = 64, layers: int = 2) -> dict:
    """config.json dict of a tiny Devstral Small 2 look-alike."""
    text = {"model_type": "ministral3", "vocab_size": vocab, "hidden_size": hidden, "intermediate_size": 2 * hidden,
            "num_hidden_layers": layers, "num_attention_heads": 4, "num_key_value_heads": 2,
            "head_dim": hidden // 4, "max_position_embeddings": 16 * 48, "rope_parameters": dict(ROPE),
            "bos_token_id": 1, "eos_token_id": 2, "pad_token_id": 11}
    vision = {"model_type": "pixtral", "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 1,
              "num_attention_heads": 2, "head_dim": 16, "image_size": 56, "patch_size": 14}
    return {"model_type": "mistral3", "architectures": ["Mistral3ForConditionalGeneration"], "text_config": text,
            "vision_config": vision, "tie_word_embeddings": False, "spatial_merge_size": 2}


def build_tiny_mistral3(dest: Path, *, fp8: bool = False, vocab: int = 300, hidden: int = 64, layers: int = 2,
                        seed: int = 0, tokenizer_dir: Path | None = None, tekken: bool = False) -> Path:
    """Save a random tiny Mistral3 to `dest` in several shards: bf16 as transformers writes it,
    or FP8 in the published layout. Beside it, Mistral's tekken.json (`tekken`), or for
    training the demo tokenizer's files from `tokenizer_dir` (with tekken.json there
    AutoTokenizer would pick Mistral's 131k-token tokenizer, as it does for the real model)."""
    from transformers import Mistral3Config, Mistral3ForConditionalGeneration

    torch.manual_seed(seed)
    model = Mistral3ForConditionalGeneration(Mistral3Config(**tiny_mistral3_config(vocab, hidden, layers)))
    model.to(torch.bfloat16)
    dest.mkdir(parents=True, exist_ok=True)
    if fp8:
        with tempfile.TemporaryDirectory() as tmp:
            model.save_pretrained(tmp)
            tensors = load_file(str(Path(tmp) / "model.safetensors"))
            write_shards(dest, as_published(sorted(tensors.items())), max_shard_bytes=hidden * hidden * 8)
            write_fp8_config(dest, json.loads((Path(tmp) / "config.json").read_text()))
    else:
        model.save_pretrained(dest, max_shard_size="200KB")
    if tekken:
        from mistral_common import __file__ as mistral_common_init

        shutil.copy(Path(mistral_common_init).parent / "data" / "tekken_240911.json", dest / "tekken.json")
    for path in Path(tokenizer_dir).iterdir() if tokenizer_dir else ():
        if path.name.startswith(("tokenizer", "special_tokens", "chat_template")):
            shutil.copy(path, dest / path.name)
    return dest


def text_ids(vocab: int = 300, rows: int = 2, length: int = 40) -> torch.Tensor:
    return torch.randint(3, vocab, (rows, length), generator=torch.Generator().manual_seed(0))


def dequantized_copy(fp8_dir: Path, dest: Path) -> Path:
    """The FP8 checkpoint saved again as a plain bf16 one, dequantized by transformers itself
    (FineGrainedFP8Config). Copied into a model built without a quantizer: saving the
    dequantized model directly would write FP8 again."""
    from transformers import FineGrainedFP8Config, Mistral3Config, Mistral3ForConditionalGeneration

    dequantized = Mistral3ForConditionalGeneration.from_pretrained(
        fp8_dir, quantization_config=FineGrainedFP8Config(dequantize=True), dtype=torch.bfloat16)
    config = dequantized.config.to_dict()
    config.pop("quantization_config", None)
    plain = Mistral3ForConditionalGeneration(Mistral3Config(**config)).to(torch.bfloat16)
    plain.load_state_dict(dequantized.state_dict())
    plain.save_pretrained(dest)
    return dest


def bitsandbytes_reference(bf16_dir: Path, quantization, device: str | torch.device):
    """transformers' own bitsandbytes load of a bf16 Mistral3 (`quantization`: the run's
    BitsAndBytesConfig): what our streamed NF4 load must equal, weight for weight."""
    from transformers import Mistral3ForConditionalGeneration

    return Mistral3ForConditionalGeneration.from_pretrained(
        bf16_dir, quantization_config=quantization, dtype=torch.bfloat16, device_map={"": device}).eval()


def assert_quantized_alike(ours, reference) -> None:
    """Every 4-bit linear of our text model holds the same packed NF4 codes and the same
    (double-quantized) scales as the reference's language model, and both give the same
    logits to bf16 rounding: the same tensors quantized the same way."""
    import bitsandbytes as bnb

    theirs = reference.model.language_model
    linears = {n: m for n, m in ours.model.named_modules() if isinstance(m, bnb.nn.Linear4bit)}
    assert linears and len(linears) == sum(isinstance(m, bnb.nn.Linear4bit) for m in theirs.modules())
    for name, module in linears.items():
        want = theirs.get_submodule(name).weight
        mine = module.weight
        assert torch.equal(mine.data, want.data), f"{name}: NF4 codes differ"
        assert mine.quant_state.nested == want.quant_state.nested, name
        assert torch.equal(mine.quant_state.absmax, want.quant_state.absmax), f"{name}: scales differ"
        if want.quant_state.nested:
            assert torch.equal(mine.quant_state.state2.absmax, want.quant_state.state2.absmax), name
    ids = text_ids(ours.config.vocab_size, length=96).to(ours.lm_head.weight.device)
    with torch.no_grad():
        torch.testing.assert_close(ours(input_ids=ids).logits, reference(input_ids=ids).logits)
