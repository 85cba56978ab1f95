"""The model card (README.md) written into every export: what the model is, what it was
trained on and how, how training went, how it scored, and how to load or convert it.
Everything here is read from the run directory; nothing is typed in by hand."""

from __future__ import annotations

import json
import math
import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mcp_tui.config import RunConfig
from mcp_tui.run_label import base_model, preset_changes, settings_label

# llama.cpp's --outtype for each export dtype.
GGUF_OUTTYPE = {"bf16": "bf16", "fp16": "f16", "fp32": "f32"}


@dataclass(frozen=True)
class CardFacts:
    """What the card reports, gathered from the run by the exporter."""

    run_id: str
    config: RunConfig
    config_toml: str
    base_dir: Path
    mode: str
    dtype: str | None
    metrics: list[dict[str, Any]]
    eval_summary: dict[str, Any] | None
    multimodal: bool = False  # a Mistral3ForConditionalGeneration (vision tower beside the language model)
    mistral_tokenizer: bool = False  # the export holds tekken.json / tokenizer.model.vN


def gguf_commands(out_dir: Path, mode: str, dtype: str | None, base_dir: Path) -> list[str]:
    """The exact llama.cpp commands that turn this export into GGUF (run from a llama.cpp checkout)."""
    folder = out_dir.resolve()
    if mode == "adapter":
        return [f"python convert_lora_to_gguf.py {_q(folder)} --base {_q(base_dir.resolve())} "
                f"--outfile {_q(f'{folder}-lora-f16.gguf')} --outtype f16"]
    outtype = GGUF_OUTTYPE[dtype or "bf16"]
    return [f"python convert_hf_to_gguf.py {_q(folder)} --outfile {_q(f'{folder}-{kind}.gguf')} --outtype {kind}"
            for kind in (outtype, "q8_0")]


def model_card(facts: CardFacts, out_dir: Path) -> str:
    """The README.md text for an export folder."""
    parts = [_front_matter(facts), _intro(facts), _prompt_format(facts), _training(facts),
             _curve(facts.metrics), _evaluation(facts.eval_summary), _usage(facts, out_dir)]
    return "\n\n".join(p for p in parts if p) + "\n"


def _front_matter(facts: CardFacts) -> str:
    library = "peft" if facts.mode == "adapter" else "transformers"
    return "\n".join(["---", f"base_model: {json.dumps(base_model(facts.config))}", f"library_name: {library}",
                      "tags:", "- mcp", "- tool-use", "- lora", "- mcp-tui", "---"])


def _intro(facts: CardFacts) -> str:
    cfg = facts.config
    what = ("a LoRA adapter (PEFT format)" if facts.mode == "adapter"
            else f"the base model with the LoRA adapter merged in, {facts.dtype} safetensors")
    quant = ("trained as QLoRA against the 4-bit base; merged into the unquantized weights"
             if cfg.quant.mode == "4bit" and facts.mode == "merged" else f"base quantization in training: {cfg.quant.mode}")
    lines = [
        f"# {facts.run_id}", "",
        f"`{base_model(cfg)}` fine-tuned with mcp-tui to call MCP tools in the `{cfg.data.call_format}` "
        f"call format. This folder holds {what}.", "",
        "## Base model and data",
        f"- base model: `{base_model(cfg)}` (weights read from `{facts.base_dir}`); {quant}",
        f"- training data: `{cfg.data.train_file}`",
        f"- eval-loss data: `{cfg.data.eval_file or 'none'}`",
        f"- evaluation tasks: `{cfg.eval.tasks_file}`",
    ]
    return "\n".join(lines + _settings(cfg))


def _settings(cfg: RunConfig) -> list[str]:
    """The run's settings in one line, and the preset it started from: its description only
    where the run kept every setting of it, else the settings changed from it."""
    lines = [f"- settings: {settings_label(cfg)}"]
    preset, changes = preset_changes(cfg)
    if preset is None:
        return lines + ([f"- description: {cfg.description}"] if cfg.description else [])
    if not changes:
        return lines + [f"- preset: `{preset}` ({cfg.description})"]
    return lines + [f"- started from the preset `{preset}`, with these settings changed (its description no "
                    f"longer holds): " + "; ".join(f"`{c}`" for c in changes)]


def _prompt_format(facts: CardFacts) -> str:
    """What the model learned to read and write: the call-format instructions the
    training prompts began with (prompting the same way is what the model answers), or
    for native tool calling, that a server must parse its calls."""
    from mcp_tui.tools.calls import call_format
    from mcp_tui.tools.text_format import TextFormat

    fmt = call_format(facts.config.data.call_format, facts.config.data.tool_listing)
    if isinstance(fmt, TextFormat):
        schemas = ("JSON input schemas" if fmt.listing == "json" else
                   "their parameters one per line (`name?: type = default - description`, `?` for optional)")
        return "\n".join(["## Prompt format",
                          "Every training prompt opened with a system message holding these instructions, then "
                          f"the connected MCP servers and their tools with {schemas}:", "",
                          "```text", fmt.instructions(), "```"])
    encoding = "mistral-common's chat encoding" if facts.mistral_tokenizer else "the model's chat template"
    calls = "`[TOOL_CALLS]name[ARGS]{json}`" if facts.mistral_tokenizer else "`<tool_call>` blocks"
    return "\n".join([
        "## Tool calling",
        f"Trained on the model's native tool calling ({encoding}, calls as {calls}): a client passes the MCP "
        "tools as OpenAI `tools`, each named by its tool name (`server__tool` when two servers share a name), "
        "and reads the calls back as `tool_calls`, which the server parses from the model's own call markup. "
        "Serve it with native tool parsing (below); llama.cpp: `llama-server -m MODEL.gguf --jinja`.",
    ])


def _training(facts: CardFacts) -> str:
    cfg = facts.config
    length = f"{cfg.train.max_steps} steps" if cfg.train.max_steps > 0 else f"{cfg.train.epochs:g} epochs"
    layers = f" in the last {cfg.lora.last_layers} decoder layers" if cfg.lora.last_layers else ""
    rows = [
        ("LoRA", f"r={cfg.lora.r}, alpha={cfg.lora.alpha}, dropout={cfg.lora.dropout}, targets {cfg.lora.target_modules}"
                 f"{layers}"),
        ("length", length),
        ("batch", f"{cfg.train.batch_size} x {cfg.train.grad_accum} accumulation"),
        ("sequence length", f"{cfg.data.max_seq_len} ({'packed' if cfg.data.packing else 'one conversation per sequence'})"),
        ("optimizer", f"{cfg.train.optim}, lr {cfg.train.lr:g}, {cfg.train.scheduler} schedule, warmup {cfg.train.warmup_ratio:g}"),
        ("seed", str(cfg.train.seed)),
    ]
    table = "\n".join(["| setting | value |", "|---|---|"] + [f"| {k} | {v} |" for k, v in rows])
    return "\n".join(["## Training configuration", table, "", "<details><summary>full config.toml</summary>",
                      "", "```toml", facts.config_toml.strip(), "```", "", "</details>"])


def _curve(metrics: list[dict[str, Any]]) -> str:
    losses = [(m.get("step"), m["loss"]) for m in metrics if _number(m.get("loss"))]
    if not losses:
        return "## Training curve\nNo training loss was logged."
    low_step, low = min(losses, key=lambda sl: sl[1])
    steps = max((m["step"] for m in metrics if _number(m.get("step"))), default="n/a")
    epoch = max((m["epoch"] for m in metrics if _number(m.get("epoch"))), default=None)
    elapsed = max((m["elapsed_s"] for m in metrics if _number(m.get("elapsed_s"))), default=None)
    lines = ["## Training curve",
             f"- steps: {steps} (epoch {_fmt(epoch)}), {len(losses)} loss records",
             f"- training loss: first {losses[0][1]:.4f}, last {losses[-1][1]:.4f}, lowest {low:.4f} at step {low_step}"]
    evals = [(m.get("step"), m["eval_loss"]) for m in metrics if _number(m.get("eval_loss"))]
    if evals:
        eval_step, eval_low = min(evals, key=lambda sl: sl[1])
        lines.append(f"- eval loss: first {evals[0][1]:.4f}, last {evals[-1][1]:.4f}, "
                     f"lowest {eval_low:.4f} at step {eval_step}")
    tokens = _tokens_seen(metrics)
    if tokens:
        lines.append(f"- tokens trained on: about {tokens:,}")
    if elapsed is not None:
        lines.append(f"- training time: {elapsed / 60:.1f} min")
    return "\n".join(lines)


def _tokens_seen(metrics: list[dict[str, Any]]) -> int:
    """Tokens trained on: the throughput integrated over the logged elapsed time."""
    total, previous = 0.0, 0.0
    for m in metrics:
        rate, elapsed = m.get("tokens_per_s"), m.get("elapsed_s")
        if _number(rate) and _number(elapsed):
            total += rate * max(elapsed - previous, 0.0)
            previous = elapsed
    return int(total)


def _evaluation(summary: dict[str, Any] | None) -> str:
    """The evaluator's own A/B report, one heading level down."""
    if summary is None:
        return "## Evaluation\nThis run has not been evaluated yet (`mcp-tui eval RUN` compares base and tuned)."
    from mcp_tui.eval.report import render_report

    try:
        report = render_report(summary)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return (f"## Evaluation\neval/summary.json could not be rendered ({type(exc).__name__}: {exc}); "
                "rerun `mcp-tui eval RUN` to rewrite it.")
    return "\n".join("#" + line if line.startswith("#") else line for line in report.strip().splitlines())


def _usage(facts: CardFacts, out_dir: Path) -> str:
    auto = "AutoModelForImageTextToText" if facts.multimodal else "AutoModelForCausalLM"
    if facts.mode == "adapter" and facts.multimodal:
        lines = ["## Use", "This adapter was trained on the base's language model alone (the model its "
                 "`text_config` describes, as mcp-tui loads it for training and evaluation): `mcp-tui eval` "
                 "applies it there, and `mcp-tui export RUN --mode merged` writes a standalone model."]
    elif facts.mode == "adapter":
        lines = ["## Use", "```python", f"from transformers import {auto}, AutoTokenizer", "from peft import PeftModel",
                 f'base = {auto}.from_pretrained("{facts.base_dir}", dtype="auto")',
                 f'model = PeftModel.from_pretrained(base, "{out_dir}")',
                 f'tokenizer = AutoTokenizer.from_pretrained("{out_dir}")', "```"]
    else:
        lines = ["## Use", "```python", f"from transformers import {auto}, AutoTokenizer",
                 f'model = {auto}.from_pretrained("{out_dir}", dtype="auto")',
                 f'tokenizer = AutoTokenizer.from_pretrained("{out_dir}")', "```", "", *_serving(facts, out_dir)]
    lines += ["", "### GGUF (llama.cpp, Ollama)",
              "From a llama.cpp checkout (`pip install -r requirements.txt` there):", "```sh",
              *gguf_commands(out_dir, facts.mode, facts.dtype, facts.base_dir), "```"]
    return "\n".join(lines)


def serve_command(facts: CardFacts, out_dir: Path) -> str:
    """The vLLM command for the merged model: a Mistral tokenizer through mistral-common,
    and the server's tool-call parser when the model was trained on native calls."""
    parts = [f"vllm serve {_q(out_dir)}"]
    if facts.mistral_tokenizer:
        parts.append("--tokenizer-mode mistral --config-format hf --load-format safetensors")
    if facts.config.data.call_format == "native":
        parts.append(f"--enable-auto-tool-choice --tool-call-parser {'mistral' if facts.mistral_tokenizer else 'hermes'}")
    if facts.multimodal:
        parts.append("--limit-mm-per-prompt '{\"image\": 0}'")
    return " \\\n    ".join(parts)


def _serving(facts: CardFacts, out_dir: Path) -> list[str]:
    """How to serve the merged model behind an OpenAI-compatible API: with the server's
    native tool-call parsing when it was trained on native calls, as a plain chat model for
    a prompted call format (the client's system prompt teaches the calls)."""
    native = facts.config.data.call_format == "native"
    if not facts.mistral_tokenizer and not native:
        return [f"Serve it with an OpenAI-compatible server, e.g. `vllm serve {out_dir}`."]
    if native:
        parser = "`mistral` tool parser turns the model's `[TOOL_CALLS]name[ARGS]{json}`" if facts.mistral_tokenizer \
            else "`hermes` tool parser turns the model's `<tool_call>` blocks"
        lines = ["### Serving with native tool calls (vLLM)", f"vLLM's {parser} into OpenAI `tool_calls`, which MCP "
                 "clients read:"]
    else:
        lines = ["### Serving (vLLM)", f"The model was trained on the `{facts.config.data.call_format}` call format, "
                 "which the client's system prompt teaches (see Prompt format): serve it as a chat model, without "
                 "a tool parser:"]
    lines += ["```sh", serve_command(facts, out_dir), "```"]
    if not facts.mistral_tokenizer:
        return lines
    lines += ["`--tokenizer-mode mistral` encodes chats with mistral-common from the base's tokenizer file "
              "(copied here); `--config-format hf --load-format safetensors` read this folder's config.json and "
              "shards (the base's Mistral-format params.json and consolidated weights are not part of an export)."]
    if facts.multimodal:
        lines += ["", "The language model is `ministral3` (YaRN RoPE with a position-dependent attention "
                  "temperature): it needs a vLLM running on transformers >= 5. Do not rewrite "
                  "`text_config.model_type` to `mistral` to load it on an older one: Mistral's attention ignores "
                  "`llama_4_scaling_beta` and the model degrades without an error. "
                  "`--limit-mm-per-prompt '{\"image\": 0}'` serves text only, without the vision encoder's memory."]
    return lines


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _fmt(value: Any) -> str:
    return f"{value:.2f}" if _number(value) else "n/a"


def _q(path: Path | str) -> str:
    return shlex.quote(str(path))
