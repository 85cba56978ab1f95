"""What a run is, in one honest line. A preset's description is true of the preset's
settings only: a run started from "rtx3090-devstral-small" with `data.max_seq_len = 131072`
must not say "seq 8192" anywhere. So the description is shown only while every setting
is still the preset's; otherwise the line is read from the run's own settings."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from mcp_tui.config import ConfigError, RunConfig, field_specs, list_presets, load_config
from mcp_tui.train.model import DEMO_BASE_MODEL, DEMO_SOURCE

# Settings a run holds resolved to absolute paths: they differ from the preset's text by design,
# and no description speaks of them.
PATH_KEYS = frozenset({"data.train_file", "data.eval_file", "data.sources", "eval.tasks_file"})


def base_model(cfg: RunConfig) -> str:
    """The model the run fine-tunes: `model.source`, or for the demo the model its GGUF was made from."""
    return DEMO_BASE_MODEL if cfg.model.source.strip() == DEMO_SOURCE else cfg.model.source


def settings_label(cfg: RunConfig) -> str:
    """Model, quantization, LoRA rank, sequence length and length of training, read from `cfg`."""
    source = base_model(cfg).rstrip("/")
    model = Path(source).stem if source.endswith(".gguf") else source.split("/")[-1]
    quant = {"4bit": f"4-bit {cfg.quant.quant_type}", "8bit": "8-bit"}.get(cfg.quant.mode)
    epochs = f"{cfg.train.epochs:g} epoch{'' if cfg.train.epochs == 1 else 's'}"
    length = f"{cfg.train.max_steps} steps" if cfg.train.max_steps > 0 else epochs
    parts = [model, quant, f"LoRA r{cfg.lora.r}", f"seq {cfg.data.max_seq_len}", length]
    return " · ".join(p for p in parts if p)


def preset_changes(cfg: RunConfig) -> tuple[str | None, list[str]]:
    """The bundled preset `cfg` was made from (found by its description; None when it names
    none), and each setting that differs from it as `key: preset value → run value`."""
    preset = _preset_named_by(cfg.description)
    if preset is None:
        return None, []
    name, original = preset
    changes = []
    for spec in field_specs():
        if spec.key in PATH_KEYS:
            continue
        was, now = _value(original, spec.key), _value(cfg, spec.key)
        if was != now:
            changes.append(f"{spec.key}: {was!r} → {now!r}")
    return name, changes


def run_label(cfg: RunConfig) -> str:
    """The preset's description while the run keeps all its settings, else `settings_label`."""
    name, changes = preset_changes(cfg)
    return cfg.description if name is not None and not changes else settings_label(cfg)


def _value(cfg: RunConfig, key: str) -> Any:
    section, name = key.split(".", 1)
    return getattr(getattr(cfg, section), name)


@functools.lru_cache(maxsize=None)
def _preset_named_by(description: str) -> tuple[str, RunConfig] | None:
    if not description:
        return None
    try:
        for name, text in list_presets():
            if text == description:
                return name, load_config(name)
    except ConfigError:
        return None
    return None
