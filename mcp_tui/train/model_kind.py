"""What a model folder holds, decided from its config.json before any weight is read.

Most models (the demo model, Mistral 7B, Devstral Small 2505/2507, Qwen) are causal LMs that
transformers' `from_pretrained` loads and bitsandbytes quantizes as it goes. Two layouts
need our streamed loader (stream_load.py) instead:

- `Mistral3ForConditionalGeneration` (Devstral Small 2, Ministral 3, Mistral Small 3.1): a
  Pixtral vision tower and projector around a language model. Training on text needs the
  language model only, so only it is built: for Devstral Small 2 a `ministral3` model, whose
  YaRN RoPE and position-dependent attention temperature (`llama_4_scaling_beta`) live in
  its own attention class. The vision tower never leaves the disk, and LoRA cannot target it.
- FP8 checkpoints (`quant_method = "fp8"`, how Devstral Small 2 is published): transformers
  would quantize FP8 weights to 4-bit without their scales, so each one is dequantized first.

A config that would load as plain `MistralForCausalLM` while carrying the attention-scaling
term (a workaround some serving guides apply to the Devstral Small 2 config) is refused:
Mistral's attention class ignores that term, and the model would drift silently.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Checkpoint name prefixes of a Mistral3ForConditionalGeneration, as transformers 5 saves
# them (and Mistral publishes them) and as its modules name them, mapped to the names of
# the text model we build (model.layers.N..., lm_head).
_MISTRAL3_TEXT = (("language_model.model.", "model."), ("model.language_model.", "model."),
                  ("language_model.lm_head.", "lm_head."), ("lm_head.", "lm_head."))
_MISTRAL3_NOT_TEXT = ("vision_tower.", "multi_modal_projector.", "model.vision_tower.", "model.multi_modal_projector.")
# Model types whose attention applies `llama_4_scaling_beta` (transformers 5: ministral3).
_SCALING_AWARE = ("ministral3",)


class ModelKindError(ValueError):
    """A config.json that must not be loaded as it stands; the message says why and the fix."""


@dataclass(frozen=True)
class ModelKind:
    """How to load a model folder. `text_config` is the config.json dict of the model that
    is built (the whole config for a causal LM, `text_config` for a Mistral3)."""

    architecture: str
    text_config: dict[str, Any]
    multimodal: bool
    quant_method: str | None
    fp8_blocks: tuple[int, int] | None

    @property
    def streamed(self) -> bool:
        """True when stream_load.py builds the model, not transformers' from_pretrained."""
        return self.multimodal or self.quant_method == "fp8"

    def text_name(self, checkpoint_name: str) -> str | None:
        """The text model's name for a checkpoint tensor; None for a tensor that is not
        loaded (vision tower, projector). Raises ModelKindError for one it does not know."""
        if not self.multimodal:
            return checkpoint_name
        for prefix, replacement in _MISTRAL3_TEXT:
            if checkpoint_name.startswith(prefix):
                return replacement + checkpoint_name[len(prefix):]
        if checkpoint_name.startswith(_MISTRAL3_NOT_TEXT):
            return None
        raise ModelKindError(f"the checkpoint holds {checkpoint_name}, which is neither in the language model nor "
                             f"in the vision tower of a {self.architecture}")

    def describe(self) -> str:
        """One line for events.log: what was detected and how it is loaded."""
        text = self.text_config
        rope = text.get("rope_parameters") or text.get("rope_scaling") or {}
        parts = [f"model kind: {self.architecture}"]
        if self.multimodal:
            parts.append(f"language model {text.get('model_type')} only ({text.get('num_hidden_layers')} layers; "
                         "the vision tower and projector stay on disk, out of LoRA's reach)")
        if rope.get("rope_type", rope.get("type")) not in (None, "default"):
            scaling = rope.get("llama_4_scaling_beta")
            parts.append(f"{rope.get('rope_type', rope.get('type'))} RoPE factor {rope.get('factor')}"
                         + (f" with attention scaling beta {scaling} from position "
                            f"{rope.get('original_max_position_embeddings')}" if scaling is not None else ""))
        if self.quant_method == "fp8":
            blocks = f"{self.fp8_blocks[0]}x{self.fp8_blocks[1]} blocks" if self.fp8_blocks else "per-tensor scales"
            parts.append(f"FP8 weights ({blocks}) dequantized tensor by tensor")
        parts.append("streamed shard by shard" if self.streamed else "loaded by transformers")
        return "; ".join(parts)

    def checkpoint_names(self, names: list[str]) -> dict[str, str]:
        """Text-model name -> checkpoint name, for the tensors of `names` that are loaded."""
        out = {}
        for name in names:
            text = self.text_name(name)
            if text is not None:
                out[text] = name
        return out


def detect(config: dict[str, Any], where: str = "config.json") -> ModelKind:
    """The ModelKind of a config.json dict; ModelKindError for a config that would load wrong."""
    quant = config.get("quantization_config") or {}
    method = quant.get("quant_method")
    blocks = quant.get("weight_block_size")
    multimodal = config.get("model_type") == "mistral3"
    text = dict(config.get("text_config") or {}) if multimodal else dict(config)
    if multimodal:
        text.setdefault("model_type", "mistral")  # Mistral3Config's own default
        # Mistral3Config ties the output layer to the embeddings unless told otherwise.
        text["tie_word_embeddings"] = config.get("tie_word_embeddings", True)
    _refuse_dropped_scaling(text, "text_config." if multimodal else "", where)
    if multimodal and method not in (None, "fp8"):
        raise ModelKindError(f"{where}: the weights are pre-quantized ({method}); mcp-tui quantizes bf16 or FP8 "
                             "weights itself: point model.source at the original checkpoint")
    architecture = (config.get("architectures") or [str(config.get("model_type") or "unknown model type")])[0]
    return ModelKind(architecture=architecture, text_config=text, multimodal=multimodal, quant_method=method,
                     fp8_blocks=tuple(blocks) if method == "fp8" and blocks else None)


def _refuse_dropped_scaling(text: dict[str, Any], prefix: str, where: str) -> None:
    rope = text.get("rope_parameters") or text.get("rope_scaling") or {}
    scaled = rope.get("llama_4_scaling_beta") is not None or text.get("llama_4_scaling") is not None
    if scaled and text.get("model_type") not in _SCALING_AWARE:
        raise ModelKindError(
            f"{where}: {prefix}model_type is {text.get('model_type')!r} but the config carries the attention "
            f"scaling term llama_4_scaling_beta, which that architecture ignores (the model would load and "
            f"silently compute something else); set {prefix}model_type to \"ministral3\" as Mistral ships it")


def read_kind(folder: Path) -> ModelKind:
    """The ModelKind of a model folder's config.json."""
    path = Path(folder) / "config.json"
    return detect(json.loads(path.read_text(encoding="utf-8")), str(path))
