"""The new-run wizard's steps, as data: the app's wizard and `mcp-tui new --plain` walk
the same steps, asking the config fields of the sections each step names, each value shown
as it is typed back in."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Step:
    """One page of the wizard: its name, title, and the config sections it edits."""

    name: str
    title: str
    sections: tuple[str, ...] = ()
    intro: str = ""


STEPS: tuple[Step, ...] = (
    Step("preset", "Preset", (), "Start from a preset: a tested configuration for one GPU and model."),
    Step("model", "Model", ("model",), "The base model: 'demo', a local folder, a .gguf file, or a cached hub id."),
    Step("data", "Dataset", ("data",), "Training and eval conversations."),
    Step("quant", "Quantization", ("quant",), "4-bit NF4 (QLoRA) is what fits a 24B model in 24 GB."),
    Step("lora", "LoRA", ("lora",), "The adapter that is trained; the base model stays frozen."),
    Step("train", "Training", ("train", "eval"), "The optimization loop, memory switches, and the evaluation."),
    Step("review", "Review", (), "The resolved configuration and whether it fits this GPU."),
)


def preset_order(name: str) -> tuple[int, str]:
    """RTX 3090 presets first (the target card), then other GPUs, then CPU."""
    return (0 if "3090" in name else 2 if name.startswith("cpu") else 1, name)


def as_text(value: Any) -> str:
    """A value as it is typed back in (floats without trailing noise)."""
    return repr(value) if isinstance(value, float) else str(value)
