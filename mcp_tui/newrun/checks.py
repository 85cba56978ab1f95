"""The new run's live checks (the wizard runs them in workers, the plain prompts in turn): is the model there, how many parameters will
train, what is in the dataset, and does the run fit the detected GPU.

Each returns a `StepCheck` (ok + Rich text, which each face renders) and never raises for a user's mistake: a missing
model or a broken dataset is a sentence on the step, not a traceback.
"""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import RenderableType
from rich.text import Text

from mcp_tui.subcommand import cli_command
from mcp_tui.config import ConfigError, RunConfig
from mcp_tui.gpu import Telemetry


@dataclass(frozen=True)
class StepCheck:
    """What a check found; `ok` False colours the step's report. `blocker` is set when the
    run cannot start at all (no model): Start then refuses with that sentence."""

    ok: bool
    body: RenderableType
    blocker: str = ""


def problem(message: str, blocks: bool = False) -> StepCheck:
    return StepCheck(False, Text(message, style="red"), message if blocks else "")


def model_dir(cfg: RunConfig) -> Path:
    """The local model folder (ModelError when it is not available offline)."""
    from mcp_tui.train.model import resolve_model

    return resolve_model(cfg.model)


def describe_model(cfg: RunConfig) -> StepCheck:
    """Where the model is and its shape, from its config.json."""
    from mcp_tui.train.model import ModelError, model_kind

    try:
        folder = model_dir(cfg)
    except ModelError as e:
        return problem(str(e), blocks=True)
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        if not isinstance(config, dict):
            raise ValueError("config.json is not a JSON object")
    except (OSError, ValueError, RecursionError) as e:
        return problem(f"model.source: {folder / 'config.json'} cannot be read ({e})", blocks=True)
    try:
        text = model_kind(folder).text_config  # a multimodal model's language model: what trains
    except ModelError as e:
        return problem(str(e), blocks=True)
    arch = ", ".join(config.get("architectures") or [config.get("model_type", "?")])
    shape = " · ".join(
        f"{label} {text[key]}" for key, label in (
            ("hidden_size", "hidden"), ("num_hidden_layers", "layers"), ("num_attention_heads", "heads"),
            ("num_key_value_heads", "kv heads"), ("vocab_size", "vocab"),
        ) if key in text
    )
    return StepCheck(True, Text.assemble(("✓ ", "green"), (arch, "bold"), f"  {shape}\n", (str(folder), "dim")))


def count_trainable(cfg: RunConfig) -> StepCheck:
    """Exact adapter size: the architecture built on the meta device (no memory, no
    weights read) with the configured LoRA applied as training applies it. Works before a
    download for the presets' models (their shapes are known)."""
    from mcp_tui.train.model import ModelError

    try:
        shape = model_shape(cfg)
    except ModelError as e:
        return problem(f"trainable parameters unknown: {e}")
    import torch
    from transformers import AutoConfig, AutoModelForCausalLM

    from mcp_tui.train.model_kind import ModelKindError, detect
    from mcp_tui.train.model import attach_lora

    remote = cfg.model.trust_remote_code
    try:
        text = detect(shape).text_config  # a multimodal model trains its language model alone
    except ModelKindError as e:
        return problem(str(e))
    try:
        config = AutoConfig.for_model(**text)
        with torch.device("meta"):
            model = attach_lora(AutoModelForCausalLM.from_config(config, trust_remote_code=remote), cfg)
    except ConfigError as e:  # names its own field (lora.last_layers beyond the model's layers)
        return problem(str(e))
    except (ValueError, OSError, KeyError) as e:
        return problem(f"lora.target_modules: {e}")
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return StepCheck(True, Text.assemble(
        ("trainable parameters: ", "bold"), f"{trainable:,}",
        (f"  ({100 * trainable / total:.2f}% of {total / 1e9:.2f} B; adapter {trainable * 4 / 2**20:.0f} MiB in fp32)",
         "dim"),
    ))


def model_shape(cfg: RunConfig) -> dict[str, Any]:
    """The model's config.json (the estimator's known shapes when it is not downloaded)."""
    from mcp_tui.train.memory import model_config_for

    return model_config_for(cfg)


def validation_problem(cfg: RunConfig) -> str:
    """The config's cross-field problem (e.g. 4-bit on CPU), or ""."""
    from mcp_tui.config import validate

    try:
        validate(cfg, "this run")
    except ConfigError as e:
        return str(e)
    return ""


def tokenizer_name(cfg: RunConfig) -> str:
    """What `data check --model` counts tokens with: the model itself when it is here, else
    (a Mistral model not downloaded yet) Tekken from mistral-common, else nothing."""
    from mcp_tui.train.model import ModelError

    try:
        model_dir(cfg)
    except ModelError:
        return "tekken" if "mistral" in cfg.model.source.lower() else ""
    return cfg.model.source


def data_check_command(cfg: RunConfig) -> list[str]:
    """`mcp-tui data check FILE[=WEIGHT]... --json` for the training mix, this model's
    tokenizer, call format, tool listing and sequence limit. It runs as a separate
    process: tokenizing thousands of conversations
    would hold the GIL and freeze the app, and a process can be killed when inputs change."""
    from mcp_tui.config import resolve_path
    from mcp_tui.data.mixing import Source, mix_plan

    try:
        plan = mix_plan(cfg.data.train_file, cfg.data.sources) or [Source(cfg.data.train_file)]
    except ValueError:  # a malformed data.sources is reported by validation; check train_file alone
        plan = [Source(cfg.data.train_file)]
    files = [str(resolve_path(s.path)) if s.weight == 1 else f"{resolve_path(s.path)}={s.weight:g}" for s in plan]
    cmd = cli_command("data", "check", *files, "--json", "--max-seq-len", str(cfg.data.max_seq_len),
                      "--call-format", cfg.data.call_format, "--listing", cfg.data.tool_listing)
    name = tokenizer_name(cfg)
    return cmd + (["--model", name] if name else [])


def dataset_check(cfg: RunConfig, started: Callable[[subprocess.Popen[str]], None] = lambda p: None) -> StepCheck:
    """The data check report: format, categories, problems by line, and the token-length
    histogram. `started` receives the process, so the caller can kill a stale check."""
    from mcp_tui.data.validate import CheckReport, histogram, mix_lines

    proc = subprocess.Popen(data_check_command(cfg), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            stdin=subprocess.DEVNULL, text=True)
    started(proc)
    out, err = proc.communicate()
    if proc.returncode < 0:
        return StepCheck(False, Text("check cancelled", style="dim"))
    try:
        report = json.loads(out)
    except ValueError:
        lines = [ln for ln in err.strip().splitlines() if ln.strip()]
        return problem(lines[-1].removeprefix("mcp-tui data: ") if lines else "the data check failed")
    path, ok = report["path"], report["ok"]
    text = Text.assemble(
        ("✓ " if ok else "✗ ", "green" if ok else "red"), (path, "bold"),
        f"\n{report['records']} records · format " + ", ".join(f"{k} {v}" for k, v in report["formats"].items()),
        "\n" + " · ".join(f"{k} {v}" for k, v in report["categories"].items()),
    )
    if report.get("sources"):
        text.append("\n" + "\n".join(mix_lines(CheckReport(path, sources=report["sources"]))[1:]))
    lengths = sorted(report["lengths"])
    if lengths:
        over = sum(n > cfg.data.max_seq_len for n in lengths)
        text.append(f"\ntokens ({report['tokenizer']}): median {lengths[len(lengths) // 2]}, max {lengths[-1]}; "
                    f"{over} over max_seq_len {cfg.data.max_seq_len} ({cfg.data.too_long})")
        text.append("\n" + "\n".join(histogram(lengths, bins=8, width=30)), style="cyan")
    else:
        text.append("\ntoken lengths need the model's tokenizer (not available offline)", style="dim")
    for label, items, style, shown in (("error", report["errors"], "red", 3), ("warning", report["warnings"], "yellow", 1)):
        for item in items[:shown]:
            text.append(f"\n{label}: {item}", style=style)
        if len(items) > shown:
            text.append(f"\n… {len(items) - shown} more {label}s: `mcp-tui data check {path}` lists them", style=style)
    return StepCheck(ok, text)


def review_check(cfg: RunConfig, telemetry: Telemetry | None) -> StepCheck:
    """Cross-field validation and the VRAM estimate against the detected GPU."""
    issue = validation_problem(cfg)
    if issue:
        return problem(issue)
    return vram_fit(cfg, telemetry)


# A 24 GB card leaves about this much to one training process (CUDA context, driver).
RESERVED_GIB = 1.0
# The target card, for estimates on a machine without a GPU.
REFERENCE_GPU = ("RTX 3090", 24.0)
# What the estimate suggests when a run does not fit: (what to write, the change).
REMEDIES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("quant.mode = \"4bit\" (QLoRA)", {"quant.mode": "4bit"}),
    ("train.gradient_checkpointing = true", {"train.gradient_checkpointing": True}),
    ("train.liger_kernel = true", {"train.liger_kernel": True}),
    ("train.optim = \"paged_adamw_8bit\"", {"train.optim": "paged_adamw_8bit"}),
    ("train.activation_offload = true", {"train.activation_offload": True}),
    ("train.tiled_mlp = true", {"train.tiled_mlp": True}),
    ("train.batch_size = 1 (raise grad_accum instead)", {"train.batch_size": 1}),
)


def _changed(cfg: RunConfig, changes: dict[str, Any]) -> RunConfig:
    out = copy.deepcopy(cfg)
    for key, value in changes.items():
        section, name = key.split(".")
        setattr(getattr(out, section), name, value)
    return out


def remedies(config: dict[str, Any], cfg: RunConfig, budget_gib: float) -> list[str]:
    """Changes that bring the estimate under `budget_gib`: each switch alone (with the
    peak it leaves), then all of them together, with the longest sequence that then fits."""
    from mcp_tui.train.memory import GIB, estimate

    now = estimate(config, cfg).total / GIB
    out, combined, labels = [], copy.deepcopy(cfg), []
    for label, changes in REMEDIES:
        if all(getattr(getattr(cfg, k.split(".")[0]), k.split(".")[1]) == v for k, v in changes.items()):
            continue
        after = estimate(config, _changed(cfg, changes))
        if after.total / GIB < now - 0.05:
            combined = _changed(combined, changes)
            labels.append(label.split(" ")[0])
            out.append(f"{label}: {after.total / GIB:.1f} GiB{' (fits)' if after.fits(budget_gib) else ''}")
    if any(o.endswith("(fits)") for o in out):
        return out
    seq = combined.data.max_seq_len
    while seq > 256 and not estimate(config, combined, seq_len=seq).fits(budget_gib):
        seq //= 2
    together = "both together" if len(labels) == 2 else f"all {len(labels)} together" if labels else "that"
    if seq == cfg.data.max_seq_len and len(labels) > 1:
        out.append(f"{together}: {estimate(config, combined).total / GIB:.1f} GiB (fits)")
    elif seq != cfg.data.max_seq_len:
        out.append(f"{together} and data.max_seq_len = {seq}: "
                   f"{estimate(config, combined, seq_len=seq).total / GIB:.1f} GiB (fits)")
    return out


def _ranks(cfg: RunConfig, gpus_here: int, budget_gib: float) -> int:
    """The GPUs the run will share, as the launcher plans them on this machine; with no GPU
    here, the number `train.gpus` names (auto: one). ConfigError when it asks for more GPUs
    than there are."""
    from mcp_tui.train.torchrun import plan_ranks

    if not gpus_here:
        return cfg.train.gpus if isinstance(cfg.train.gpus, int) else 1
    return plan_ranks(cfg, visible=gpus_here, budget_gib=budget_gib).count


def dtype_line(cfg: RunConfig) -> Text:
    """Which dtype the weights will get, and why (train/dtype.py's plan, the estimate's own).
    Decided without torch: importing it here would stall the app; a GPU is taken to compute
    bf16 unless it is older than Ampere, which the line says."""
    from mcp_tui.train.dtype import planned_dtype

    choice = planned_dtype(cfg.model.dtype, cfg.train.device, gpu_here=False)
    return Text.assemble(("weights: ", "bold"), f"{choice.name} ({choice.reason})")


def vram_fit(cfg: RunConfig, telemetry: Telemetry | None) -> StepCheck:
    """The estimated peak against the detected GPU: fits (with what to spare) or does not
    fit (by how much, and what to change)."""
    from mcp_tui.train.memory import FIT_MARGIN, GIB, estimate
    from mcp_tui.train.model import ModelError

    gpus = [g for g in (telemetry.gpus if telemetry else ()) if g.memory_total_gib]
    if cfg.train.device == "cpu":
        host = telemetry.host if telemetry else None
        ram = f" ({host.ram_total_gib:.0f} GiB RAM here)" if host and host.ram_total_gib else ""
        return StepCheck(True, Text.assemble((f"✓ trains on the CPU{ram}: no GPU memory needed.\n", "green"),
                                         dtype_line(cfg)))
    try:
        config = model_shape(cfg)
    except ModelError as e:
        return problem(f"no VRAM estimate: {e}")
    if gpus:
        gpu = min(gpus, key=lambda g: g.memory_total_gib or 0.0)
        name, total = (gpu.name or f"GPU{gpu.index}").removeprefix("NVIDIA "), gpu.memory_total_gib or 0.0
        where = ""
    else:
        name, total = REFERENCE_GPU
        where = " (no NVIDIA GPU here; compared with the target card)"
    budget = total - RESERVED_GIB
    try:
        ranks = _ranks(cfg, len(gpus), budget)
    except ConfigError as e:
        return problem(str(e))
    est = estimate(config, cfg, budget_gib=budget, ranks=ranks)
    peak = est.total / GIB
    parts = " · ".join(f"{k} {v:.1f}" for k, v in est.gib().items() if k != "total")
    per_gpu = f" per GPU, on each of {ranks} ({cfg.train.strategy})" if ranks > 1 else ""
    head = Text.assemble(("VRAM estimate: ", "bold"), f"{peak:.1f} GiB peak{per_gpu} ({parts} GiB) "
                         f"vs {name} {total:.0f} GiB{where}\n", dtype_line(cfg), "\n")
    if est.unchecked_layers:
        head.append(f"the spare memory keeps the activations of {est.unchecked_layers} of {est.layers} layers "
                    "(no recomputation there: faster)\n")
    if est.fits(budget):
        head.append(f"✓ fits, with {budget - peak * (1 + FIT_MARGIN):.1f} GiB to spare", style="green")
        return StepCheck(True, head)
    head.append(f"✗ does not fit: {peak * (1 + FIT_MARGIN) - budget:.1f} GiB over the {budget:.0f} GiB usable", style="red")
    fixes = remedies(config, cfg, budget)
    head.append("\nto fit, change:" + ("".join(f"\n  {f}" for f in fixes) if fixes else " a smaller model or a larger GPU"))
    return StepCheck(False, head)
