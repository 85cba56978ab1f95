"""`export_run`: turn a finished run into a folder other tools load, either the adapter
alone (PEFT) or the base model with the adapter merged in (safetensors shards), with
tokenizer, chat template, generation config and a model card. The CLI and the TUI's
export dialog both call this; `required_disk_bytes` lets them show the cost first."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import dataclass, replace
from pathlib import Path

from mcp_tui.eval.folder import EvalFolder
from mcp_tui.export.card import CardFacts, gguf_commands, model_card
from mcp_tui.export.errors import ExportError, checkpoint_problems_as_export_errors
from mcp_tui.export.merge import (ADAPTER_CONFIG, ADAPTER_WEIGHTS, LoraAdapter, Progress, check_fits,
                                  merge_checkpoint, read_adapter)
from mcp_tui.export.staging import check_free_space, check_target, staged_folder
from mcp_tui.fileio import FileError, disk_full, is_disk_full
from mcp_tui.runs import Run
from mcp_tui.train.model_kind import ModelKind, ModelKindError, read_kind
from mcp_tui.train.weights import Checkpoint, open_checkpoint

MODES = ("merged", "adapter")
DTYPES = ("bf16", "fp16", "fp32")
CONFIG_DTYPE = {"bf16": "bfloat16", "fp16": "float16", "fp32": "float32"}
# Files a tokenizer, its chat template and special tokens may live in, across model families
# (tekken.json is Mistral's own tokenizer, read by mistral-common and vLLM).
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "tokenizer.model",
                   "tekken.json", "added_tokens.json", "vocab.json", "merges.txt", "chat_template.jinja",
                   "chat_template.json")
# Files of the base that the trainer's saved tokenizer may lack and servers read: Mistral's own
# tokenizer (vLLM's --tokenizer-mode mistral and mistral-common read tekken.json or
# tokenizer.model.vN), its recommended system prompt, and a multimodal model's image processor.
BASE_FILES = ("tekken.json", "tokenizer.model.v*", "SYSTEM_PROMPT.txt", "preprocessor_config.json",
              "processor_config.json")
ADAPTER_FILES = (ADAPTER_CONFIG, ADAPTER_WEIGHTS)


@dataclass(frozen=True)
class ExportResult:
    """A finished export: where it is, what it holds, and how to turn it into GGUF."""

    out_dir: Path
    mode: str
    dtype: str | None
    bytes_written: int
    seconds: float
    gguf_commands: list[str]


@dataclass(frozen=True)
class _Plan:
    """Everything an export reads, checked before anything is written."""

    base_dir: Path
    base_kind: ModelKind
    adapter_dir: Path
    tokenizer_dir: Path
    checkpoint: Checkpoint | None
    adapter: LoraAdapter | None
    needed_bytes: int


def required_disk_bytes(run: Run, mode: str = "merged", dtype: str = "bf16", checkpoint: str | None = None) -> int:
    """Bytes the export will write (from safetensors headers; no weights are read).
    May convert the demo model's GGUF once (seconds): call it off the UI thread."""
    return _plan(run, mode, dtype, checkpoint).needed_bytes


def export_run(run: Run, out_dir: Path, mode: str = "merged", dtype: str = "bf16",
               progress: Progress | None = None, checkpoint: str | None = None) -> ExportResult:
    """Export `run` into `out_dir` (which must not exist or be empty).

    `progress(message, fraction)` is called as the work advances; raising from it cancels
    the export and leaves nothing behind. `checkpoint` ("latest" or a step) exports a
    training checkpoint instead of the final adapter.
    """
    out_dir = Path(out_dir).expanduser().resolve()
    check_target(out_dir)
    plan = _plan(run, mode, dtype, checkpoint)
    check_free_space(out_dir, plan.needed_bytes)
    report = progress or (lambda message, fraction: None)
    started = time.monotonic()
    report(f"exporting {run.id} ({mode}) into {out_dir}", 0.0)
    try:
        with staged_folder(out_dir) as staging:
            written = _write_export(plan, staging, dtype, report)
            facts = _card_facts(run, plan, mode, dtype if mode == "merged" else None, staging)
            (staging / "README.md").write_text(model_card(facts, out_dir), encoding="utf-8")
            report("model card written", 1.0)
    except Exception as exc:  # noqa: BLE001 - torch, safetensors and the OS each word a full disk their own way
        if is_disk_full(exc, out_dir.parent):
            full = disk_full(out_dir.parent)
            raise ExportError(f"{out_dir}: {full.why}; nothing was left behind: free some space or choose "
                              "another --out") from None
        raise
    commands = gguf_commands(out_dir, mode, facts.dtype, plan.base_dir)
    return ExportResult(out_dir, mode, facts.dtype, written, time.monotonic() - started, commands)


def _write_export(plan: _Plan, staging: Path, dtype: str, report: Progress) -> int:
    """The weights (merged) or the adapter, then the tokenizer and the base's other files,
    into the staging folder."""
    if plan.checkpoint is not None and plan.adapter is not None:
        written = merge_checkpoint(plan.checkpoint, plan.adapter, staging, dtype,
                                   lambda message, fraction: report(message, 0.97 * fraction))
        _write_model_config(plan.base_dir, staging, dtype)
    else:
        written = _copy(plan.adapter_dir, staging, ADAPTER_FILES)
    written += _copy(plan.tokenizer_dir, staging, TOKENIZER_FILES)
    return written + _copy_missing(plan.base_dir, staging, BASE_FILES)


def _plan(run: Run, mode: str, dtype: str, checkpoint: str | None) -> _Plan:
    if mode not in MODES:
        raise ExportError(f"unknown export mode {mode!r}; choose one of {', '.join(MODES)}")
    if dtype not in DTYPES:
        raise ExportError(f"unknown export dtype {dtype!r}; choose one of {', '.join(DTYPES)}")
    adapter_dir = _adapter_dir(run, checkpoint)
    base_dir = _base_dir(run)
    try:
        kind = read_kind(base_dir)
    except ModelKindError as exc:
        raise ExportError(f"run {run.id}: {exc}") from None
    tokenizer_dir = _tokenizer_dir(adapter_dir, base_dir)
    small = (_size(tokenizer_dir, TOKENIZER_FILES) + _size(base_dir, ("config.json", "generation_config.json"))
             + sum(p.stat().st_size for p in _matching(base_dir, BASE_FILES)))
    if mode == "adapter":
        return _Plan(base_dir, kind, adapter_dir, tokenizer_dir, None, None,
                     small + _size(adapter_dir, ADAPTER_FILES))
    with checkpoint_problems_as_export_errors():
        weights, adapter = open_checkpoint(base_dir), read_adapter(adapter_dir)
        adapter = _in_checkpoint_names(adapter, weights, kind)
        check_fits(weights, adapter)
        index_bytes = 128 * len(weights.tensors)
        return _Plan(base_dir, kind, adapter_dir, tokenizer_dir, weights, adapter,
                     small + index_bytes + weights.out_bytes(dtype))


def _adapter_dir(run: Run, checkpoint: str | None) -> Path:
    """The final adapter, or a training checkpoint's when asked for one."""
    if checkpoint is None:
        if not (run.adapter_dir / ADAPTER_CONFIG).is_file():
            hint = (" or pass --checkpoint latest to export the newest checkpoint"
                    if run.last_checkpoint() else "")
            raise ExportError(f"run {run.id} has no final adapter in {run.adapter_dir} "
                              f"(state: {run.status().state}); wait for training to finish{hint}")
        return run.adapter_dir
    try:
        return run.finished_checkpoint(checkpoint)
    except ValueError as exc:
        raise ExportError(str(exc)) from None


def _base_dir(run: Run) -> Path:
    """The unquantized base weights the run trained on, found as training found them."""
    from mcp_tui.config import ConfigError
    from mcp_tui.train.model import ModelError, resolve_model

    try:
        return Path(resolve_model(run.config().model))
    except (ConfigError, ModelError) as exc:
        raise ExportError(f"run {run.id}: {exc}") from None


def _in_checkpoint_names(adapter: LoraAdapter, weights: Checkpoint, kind: ModelKind) -> LoraAdapter:
    """The adapter with its weights named as the base checkpoint names them: a Mistral3 run
    trained its language model alone (model.layers.N...), which the checkpoint stores as
    language_model.model.layers.N... beside the vision tower."""
    if not kind.multimodal:
        return adapter
    try:
        names = kind.checkpoint_names(list(weights.tensors))
    except ModelKindError as exc:
        raise ExportError(f"{weights.folder}: {exc}") from None
    return replace(adapter, pairs={names.get(name, name): pair for name, pair in adapter.pairs.items()})


def _tokenizer_dir(adapter_dir: Path, base_dir: Path) -> Path:
    """The trainer's saved tokenizer when it kept one beside the adapter, else the base model's."""
    for folder in (adapter_dir, base_dir):
        if any((folder / name).is_file() for name in ("tokenizer_config.json", "tekken.json")):
            return folder
    raise ExportError(f"no tokenizer files in {adapter_dir} or {base_dir}; "
                      "the export would not load without a tokenizer")


def _write_model_config(base_dir: Path, out_dir: Path, dtype: str) -> None:
    """config.json as the base ships it (other tools read its original keys) with the new
    dtype and no quantization_config (FP8 weights come out dequantized), and the base's
    generation config (or one derived from the model config)."""
    config = json.loads((base_dir / "config.json").read_text(encoding="utf-8"))
    config.pop("quantization_config", None)
    config["dtype"] = CONFIG_DTYPE[dtype]
    if "torch_dtype" in config:
        config["torch_dtype"] = CONFIG_DTYPE[dtype]
    (out_dir / "config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    if (base_dir / "generation_config.json").is_file():
        shutil.copy2(base_dir / "generation_config.json", out_dir / "generation_config.json")
        return
    from transformers import AutoConfig, GenerationConfig

    GenerationConfig.from_model_config(AutoConfig.from_pretrained(out_dir)).save_pretrained(out_dir)


def _copy(src: Path, dst: Path, names: tuple[str, ...]) -> int:
    copied = 0
    for name in names:
        if (src / name).is_file():
            shutil.copy2(src / name, dst / name)
            copied += (dst / name).stat().st_size
    return copied


def _matching(folder: Path, patterns: tuple[str, ...]) -> list[Path]:
    return sorted({p for pattern in patterns for p in folder.glob(pattern) if p.is_file()})


def _copy_missing(src: Path, dst: Path, patterns: tuple[str, ...]) -> int:
    """Copy the files of `src` matching `patterns` that `dst` does not have yet."""
    missing = tuple(p.name for p in _matching(src, patterns) if not (dst / p.name).exists())
    return _copy(src, dst, missing)


def _size(folder: Path, names: tuple[str, ...]) -> int:
    return sum((folder / n).stat().st_size for n in names if (folder / n).is_file())


def _card_facts(run: Run, plan: _Plan, mode: str, dtype: str | None, staging: Path) -> CardFacts:
    """What the model card reports. A damaged training log or evaluation summary leaves its
    part of the card out (the card says so) instead of failing a finished merge."""
    try:
        metrics = run.metrics()
    except FileError:
        metrics = []
    try:
        summary = EvalFolder(run.eval_dir).summary()
    except FileError:
        summary = {}  # the card then says the summary could not be rendered
    return CardFacts(run_id=run.id, config=run.config(), config_toml=run.config_text(),
                     base_dir=plan.base_dir, mode=mode, dtype=dtype, metrics=metrics, eval_summary=summary,
                     multimodal=plan.base_kind.multimodal,
                     mistral_tokenizer=bool(_matching(staging, ("tekken.json", "tokenizer.model.v*"))))
