"""The typed run configuration: one source of truth for every setting of a run.

Each field carries its help text, choices and bounds in `dataclasses.field(metadata=...)`,
so the wizard, the plain prompts, validation and `--set` overrides all read the same
definitions. Configs are TOML: a preset (`mcp_tui/presets/<name>.toml`) or a file, either
of which may `extends = "<preset or path>"` another; the run directory keeps the fully
resolved config so a run can be reproduced from it alone.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import os
import sys
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, get_type_hints

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib

# The largest config file we read: a real one is a few KiB.
MAX_TOML_BYTES = 1 * 2**20
# Integers beyond this fit no setting (and would overflow the libraries they are passed to).
MAX_INT = 2**63 - 1
# Data paths under this prefix fall back to the files bundled in the package, so a wheel
# finds them as a checkout does (the repository's data/ is a link to mcp_tui/bundled/).
BUNDLED_PREFIX = "data/"


class ConfigError(ValueError):
    """A config the user must fix; the message is one line naming the file and key."""


def setting(default: Any, help: str, *, choices: tuple[Any, ...] | None = None,
            min: float | None = None, max: float | None = None, words: tuple[str, ...] = ()) -> Any:
    """A config field with the metadata the wizard, prompts and validation read. `words`
    are names an integer field also takes (`train.gpus = "auto"`)."""
    meta = {"help": help, "choices": choices, "min": min, "max": max, "words": words}
    return field(default=default, metadata=meta)


@dataclass
class ModelConfig:
    """Which base model to fine-tune and how to load it."""

    source: str = setting(
        "demo",
        "base model: 'demo' (SmolLM2-135M, bundled), a local model folder, a .gguf file, "
        "or a hub id already in the local cache",
    )
    trust_remote_code: bool = setting(
        False, "run Python code shipped with the model (only for models you trust)")
    dtype: str = setting(
        "auto", "weights dtype for unquantized layers; auto = bfloat16 where the GPU or CPU computes it natively "
        "(Ampere+, AVX512-BF16/AMX), float32 elsewhere",
        choices=("auto", "float32", "bfloat16", "float16"))


@dataclass
class QuantConfig:
    """Base-model quantization through bitsandbytes (QLoRA when 4-bit)."""

    mode: str = setting("none", "quantize the frozen base: none, 4bit (QLoRA) or 8bit",
                        choices=("none", "4bit", "8bit"))
    quant_type: str = setting("nf4", "4-bit number format; nf4 suits normally distributed weights",
                              choices=("nf4", "fp4"))
    double_quant: bool = setting(True, "also quantize the 4-bit scales (saves ~0.4 bit per weight)")
    compute_dtype: str = setting("bfloat16", "dtype of the matmuls over quantized weights",
                                 choices=("bfloat16", "float16", "float32"))


@dataclass
class LoraConfig:
    """The low-rank adapter that is trained (the base stays frozen)."""

    r: int = setting(16, "adapter rank: capacity of the update", min=1, max=1024)
    alpha: int = setting(32, "scaling numerator: the update is scaled by alpha / r", min=1, max=4096)
    dropout: float = setting(0.05, "dropout on the adapter input", min=0.0, max=0.9)
    target_modules: str = setting(
        "all-linear", "layers that get adapters: all-linear, or comma-separated module names "
        "(e.g. q_proj,v_proj)")
    last_layers: int = setting(
        0, "adapters only in the last N decoder layers (0 = every layer): the backward pass stops "
        "at the lowest adapted layer, so steps are faster, at the cost of capacity", min=0, max=1024)


# The projections of a decoder layer, as every supported architecture (Llama, Mistral,
# Ministral 3) names them: what "all-linear" adapts, and the names lora.target_modules may list.
LORA_MODULES = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def lora_targets(lora: LoraConfig, where: str = "config") -> tuple[str, ...]:
    """The projections `lora.target_modules` adapts: the one reading that training, the memory
    estimate and the benchmarks share, so the estimate never counts adapters the run lacks.
    ConfigError names the field and the unknown module."""
    spec = lora.target_modules.strip()
    if spec == "all-linear":
        return LORA_MODULES
    names = tuple(dict.fromkeys(t.strip() for t in spec.split(",") if t.strip()))
    if not names:
        raise ConfigError(f"{where}: lora.target_modules is empty; use \"all-linear\" or module names")
    unknown = [n for n in names if n not in LORA_MODULES]
    if unknown:
        raise ConfigError(f"{where}: lora.target_modules names unknown module '{unknown[0]}'; use \"all-linear\" "
                          f"or some of {','.join(LORA_MODULES)}")
    return names


@dataclass
class DataConfig:
    """Training data and how conversations become token sequences."""

    train_file: str = setting("data/mcp_train.jsonl", "training conversations (JSONL or a supported format)")
    eval_file: str = setting("data/mcp_eval.jsonl", "held-out conversations for eval loss; empty = none")
    max_eval_samples: int = setting(64, "eval-loss conversations used (0 = all)", min=0)
    max_seq_len: int = setting(2048, "longest training sequence in tokens", min=32, max=131072)
    too_long: str = setting("drop", "what to do with a longer conversation",
                            choices=("drop", "truncate"))
    packing: bool = setting(False, "pack several conversations into one sequence")
    call_format: str = setting("xml", "how tool calls are written: xml = <use_mcp_tool> (Cline style), "
                               "hermes = <tool_call> JSON taught in the system prompt, native = the model's own "
                               "tool calling (Mistral [TOOL_CALLS], a tools-aware template) that servers parse",
                               choices=("xml", "hermes", "native"))
    tool_listing: str = setting("json", "how xml and hermes list tool parameters in the system prompt: json = each "
                                "input schema as JSON (as Cline shows it), compact = one line per parameter (same "
                                "information, ~23% fewer tokens per conversation); native leaves it to the template",
                                choices=("json", "compact"))
    sources: str = setting("", "more training sets mixed in, as PATH=WEIGHT separated by commas; the weight is how "
                           "many times each conversation is used (2 = twice, 0.5 = a random half); train_file counts "
                           "once unless listed here (=0 leaves it out)")


@dataclass
class TrainConfig:
    """The optimization loop (transformers Trainer) and the memory switches."""

    epochs: float = setting(1.0, "passes over the training data (ignored when max_steps > 0)",
                            min=0.0, max=1000.0)
    max_steps: int = setting(-1, "stop after this many optimizer steps; -1 = use epochs", min=-1)
    batch_size: int = setting(1, "sequences per device per micro-batch", min=1, max=1024)
    grad_accum: int = setting(8, "micro-batches per optimizer step", min=1, max=1024)
    lr: float = setting(2e-4, "peak learning rate", min=0.0, max=1.0)
    scheduler: str = setting("cosine", "learning-rate schedule after warmup",
                             choices=("cosine", "linear", "constant", "constant_with_warmup"))
    warmup_ratio: float = setting(0.03, "fraction of steps spent warming up", min=0.0, max=0.5)
    weight_decay: float = setting(0.0, "decoupled weight decay on the adapter", min=0.0, max=1.0)
    max_grad_norm: float = setting(1.0, "gradient clipping norm (0 = off)", min=0.0)
    seed: int = setting(42, "seed for initialization and data order", min=0)
    logging_steps: int = setting(1, "write metrics every N steps", min=1)
    save_steps: int = setting(50, "checkpoint every N steps", min=1)
    save_total_limit: int = setting(3, "checkpoints kept (the newest ones)", min=2)
    eval_steps: int = setting(0, "eval loss on data.eval_file every N steps (0 = never)", min=0)
    gradient_checkpointing: bool = setting(True, "recompute activations in backward (less memory, ~30% slower)")
    unchecked_layers: int = setting(
        0, "with gradient checkpointing: the last N decoder layers keep their activations instead of "
        "recomputing them (faster, more memory); -1 = as many as the GPU has room for, by the VRAM estimate",
        min=-1, max=1024)
    optim: str = setting("adamw_torch", "optimizer (paged_adamw_8bit keeps its state small on GPU)",
                         choices=("adamw_torch", "adamw_torch_fused", "paged_adamw_8bit", "adamw_8bit", "sgd"))
    tensorboard: bool = setting(True, "also write TensorBoard event files into the run")
    device: str = setting("auto", "where to train: auto = CUDA when present", choices=("auto", "cpu", "cuda"))
    cpu_threads: int = setting(0, "torch CPU threads (0 = torch's default)", min=0, max=512)
    liger_kernel: bool = setting(False, "Liger fused kernels (fused linear cross-entropy: no full logits); GPU only")
    activation_offload: bool = setting(False, "keep saved activations in pinned CPU memory (longer sequences); GPU only")
    tiled_mlp: bool = setting(False, "compute the MLP in sequence slices (longest contexts: less memory, "
                              "one more MLP forward per step)")
    embedding_offload: bool = setting(False, "keep the frozen input embedding in host memory, copying each step's "
                                      "rows to the GPU (frees vocabulary x hidden x 2 bytes: 1.25 GiB for "
                                      "Devstral); GPU only")
    attn_implementation: str = setting("sdpa", "attention kernel", choices=("sdpa", "eager", "flash_attention_2"))
    fused_lora: bool = setting(True, "run each LoRA linear as one fused base + adapter step (same gradients, "
                               "fewer passes over the outputs); off = PEFT's own forward")
    gpus: int | str = setting(
        1, "GPUs to train on, one rank each, launched through torchrun; auto = every visible GPU when the model "
        "fits one (by the VRAM estimate), else 1. With train.device = cpu: that many CPU processes (gloo)",
        min=1, max=64, words=("auto",))
    strategy: str = setting(
        "ddp", "how ranks share the work when train.gpus > 1: ddp = a whole 4-bit copy on every GPU, each on its "
        "own batches (the model must fit one GPU); fsdp = sharding a model too big for one GPU: refused with "
        "the reason, the released packages cannot shard 4-bit weights", choices=("ddp", "fsdp"))


@dataclass
class EvalConfig:
    """The A/B evaluation of base against tuned."""

    tasks_file: str = setting("data/mcp_eval.jsonl", "evaluation tasks (conversations with expected calls)")
    max_new_tokens: int = setting(384, "generation budget per answer", min=1, max=32768)
    batch_size: int = setting(8, "prompts generated together", min=1, max=1024)
    limit: int = setting(0, "evaluate only the first N tasks (0 = all)", min=0)


@dataclass
class RunConfig:
    """Everything a run needs, section by section."""

    description: str = setting("", "one line saying what this configuration is for")
    model: ModelConfig = field(default_factory=ModelConfig)
    quant: QuantConfig = field(default_factory=QuantConfig)
    lora: LoraConfig = field(default_factory=LoraConfig)
    data: DataConfig = field(default_factory=DataConfig)
    train: TrainConfig = field(default_factory=TrainConfig)
    eval: EvalConfig = field(default_factory=EvalConfig)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


SECTIONS: tuple[str, ...] = ("model", "quant", "lora", "data", "train", "eval")


@dataclass(frozen=True)
class FieldSpec:
    """One settable key (`section.name`) with its type, default and metadata."""

    key: str
    section: str
    name: str
    type: type
    default: Any
    help: str
    choices: tuple[Any, ...] | None
    min: float | None
    max: float | None
    words: tuple[str, ...] = ()


def _section_class(section: str) -> type:
    return get_type_hints(RunConfig)[section]


def field_specs() -> list[FieldSpec]:
    """Every settable key, in declaration order: what the wizard and `new --plain` ask."""
    specs = []
    for section in SECTIONS:
        cls = _section_class(section)
        hints = get_type_hints(cls)
        for f in dataclasses.fields(cls):
            m = f.metadata
            # A field with words is an integer that also takes those names (its hint is `int | str`).
            kind = int if m["words"] else hints[f.name]
            specs.append(FieldSpec(f"{section}.{f.name}", section, f.name, kind, f.default,
                                   m["help"], m["choices"], m["min"], m["max"], m["words"]))
    return specs


def _spec_index() -> dict[str, FieldSpec]:
    return {s.key: s for s in field_specs()}


def _did_you_mean(key: str, known: list[str]) -> str:
    close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def coerce(spec: FieldSpec, value: Any, where: str, from_text: bool = False) -> Any:
    """`value` checked against the field's type, choices and bounds. Text (a `--set` value,
    a prompt answer) is parsed into the type; a TOML value must already have it."""
    t = spec.type
    if isinstance(value, str) and value.strip().lower() in spec.words:
        return value.strip().lower()
    words = "".join(f" or {w!r}" for w in spec.words)
    bad = ConfigError(f"{where}: {spec.key} must be {_type_word(t)}{words}, got {_shown(value)}")
    if isinstance(value, str) and t is not str and not from_text:
        raise bad
    if t is bool:
        if isinstance(value, str):
            lowered = value.strip().lower()
            if lowered not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
                raise bad
            value = lowered in ("true", "1", "yes", "on")
        elif not isinstance(value, bool):
            raise bad
    elif t is int:
        if isinstance(value, str):
            text = value.strip()
            if len(text.lstrip("+-")) > 19 and text.lstrip("+-").isdigit():
                raise ConfigError(f"{where}: {spec.key} must be an integer of at most 19 digits, got one of "
                                  f"{len(text.lstrip('+-'))}")
            try:
                value = int(text)
            except ValueError:
                raise bad from None
        elif isinstance(value, bool) or not isinstance(value, int):
            raise bad
    elif t is float:
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise bad from None
        elif isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        value = float(value)
        if not math.isfinite(value):
            raise ConfigError(f"{where}: {spec.key} must be a finite number, got {_shown(value)}; "
                              f"write a number such as {spec.default!r}")
    elif t is str:
        if not isinstance(value, str):
            raise bad
    if t is int and not -MAX_INT <= value <= MAX_INT:
        raise ConfigError(f"{where}: {spec.key} must be an integer of at most 19 digits, "
                          f"got one of {len(str(abs(value)))}")
    if spec.choices is not None and value not in spec.choices:
        raise ConfigError(f"{where}: {spec.key} must be one of {', '.join(map(str, spec.choices))}, "
                          f"got {_shown(value)}")
    if spec.min is not None and value < spec.min:
        raise ConfigError(f"{where}: {spec.key} must be at least {spec.min}, got {_shown(value)}")
    if spec.max is not None and value > spec.max:
        raise ConfigError(f"{where}: {spec.key} must be at most {spec.max}, got {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    """A value for an error message: its repr, shortened (a huge int or string stays one line)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _type_word(t: type) -> str:
    return {bool: "true or false", int: "an integer", float: "a number", str: "a string"}[t]


def presets_dir() -> Path:
    """The bundled presets folder (inside the package, so wheels have it too)."""
    return Path(str(resources.files("mcp_tui") / "presets"))


def list_presets() -> list[tuple[str, str]]:
    """(name, one-line description) of every bundled preset, sorted by name."""
    out = []
    for path in sorted(presets_dir().glob("*.toml")):
        cfg = load_config(path.stem)
        out.append((path.stem, cfg.description))
    return out


def _locate(ref: str | os.PathLike, relative_to: Path | None) -> Path:
    """A preset name or a TOML path, as a file path."""
    text = str(ref)
    as_path = Path(text).expanduser()
    if text.endswith(".toml") or os.sep in text or as_path.is_file():
        if not as_path.is_absolute() and relative_to is not None and (relative_to / as_path).exists():
            as_path = relative_to / as_path
        if not as_path.exists():
            raise ConfigError(f"{text}: config file not found")
        if not as_path.is_file():
            raise ConfigError(f"{text}: is not a regular file (a folder, device or pipe); a config is a TOML file")
        return as_path
    preset = presets_dir() / f"{text}.toml"
    if not preset.is_file():
        names = [p.stem for p in presets_dir().glob("*.toml")]
        raise ConfigError(f"unknown preset '{text}'{_did_you_mean(text, names)}; "
                          f"`mcp-tui presets` lists them")
    return preset


def _read_layers(path: Path, seen: tuple[Path, ...] = ()) -> list[tuple[Path, dict[str, Any]]]:
    """The chain of TOML tables from the root preset down to `path`."""
    if path.resolve() in seen:
        raise ConfigError(f"{path}: 'extends' loops back to itself")
    table = read_toml(path)
    parent = table.pop("extends", None)
    if parent is None:
        return [(path, table)]
    if not isinstance(parent, str):
        raise ConfigError(f"{path}: extends must be a preset name or a path, got {_shown(parent)}")
    return _read_layers(_locate(parent, path.parent), seen + (path.resolve(),)) + [(path, table)]


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a table; ConfigError naming the file for anything that is not
    readable TOML text (binary, too large, nested too deeply, a device)."""
    from mcp_tui.fileio import FileError, read_bytes

    try:
        data = read_bytes(path, MAX_TOML_BYTES)
        if data is None:
            raise ConfigError(f"{path}: config file not found")
        text = data.decode("utf-8")
        return tomllib.loads(text)
    except FileError as exc:
        raise ConfigError(str(exc)) from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (binary content at byte {exc.start}); "
                          "a config is a TOML text file") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    except ValueError as exc:  # a number over Python's digit limit
        raise ConfigError(f"{path}: invalid TOML: {str(exc).splitlines()[0]}") from None


def _apply_table(cfg: RunConfig, table: dict[str, Any], where: str, specs: dict[str, FieldSpec]) -> None:
    for key, value in table.items():
        if key == "description":
            if not isinstance(value, str):
                raise ConfigError(f"{where}: description must be a string, got {_shown(value)}")
            cfg.description = value
            continue
        if key not in SECTIONS:
            raise ConfigError(f"{where}: unknown key '{key}'{_did_you_mean(key, list(SECTIONS) + ['description'])}")
        if not isinstance(value, dict):
            raise ConfigError(f"{where}: [{key}] must be a table of settings")
        for name, item in value.items():
            dotted = f"{key}.{name}"
            if dotted not in specs:
                raise ConfigError(f"{where}: unknown key '{dotted}'{_did_you_mean(dotted, list(specs))}")
            setattr(getattr(cfg, key), name, coerce(specs[dotted], item, where))


def apply_override(cfg: RunConfig, override: str, specs: dict[str, FieldSpec] | None = None) -> None:
    """Apply one `section.key=value` override (the `--set` flag), type-checked."""
    specs = specs or _spec_index()
    where = f"--set {override if len(override) <= 80 else override[:60] + f'... ({len(override)} characters)'}"
    if "=" not in override:
        raise ConfigError(f"{where}: expected section.key=value, e.g. lora.r=32")
    key, value = (s.strip() for s in override.split("=", 1))
    if key == "description":
        cfg.description = value
        return
    if key not in specs:
        raise ConfigError(f"{where}: unknown key '{key}'{_did_you_mean(key, list(specs))}")
    section, name = key.split(".", 1)
    setattr(getattr(cfg, section), name, coerce(specs[key], value, where, from_text=True))


# Why train.strategy = "fsdp" is refused (README: "Several GPUs"). FSDP2, which transformers 5
# uses, corrupts 4-bit weights stored as bf16 (bitsandbytes issue #1945, open) and leaves the
# default uint8 ones unsharded (accelerate #3987); FSDP1 is deprecated, gone in transformers 5.20.
FSDP_BLOCKED = ("with the released packages FSDP cannot shard QLoRA's 4-bit weights: FSDP2 (transformers 5's "
                "FSDP) rewrites the NaN bit patterns of NF4 weights packed as bf16, so about 0.1% of them decode "
                "wrong (bitsandbytes issue #1945, open in 0.50), and leaves uint8-packed ones whole on every GPU "
                "(accelerate 1.15); FSDP1 is deprecated and leaves transformers in 5.20")


def validate(cfg: RunConfig, where: str = "config") -> None:
    """Reject combinations that cannot work whatever the hardware."""
    if cfg.quant.mode != "none" and cfg.train.device == "cpu":
        raise ConfigError(f"{where}: {cfg.quant.mode} quantization needs a CUDA GPU; "
                          f"set quant.mode = \"none\" to train on CPU")
    lora_targets(cfg.lora, where)
    if cfg.train.max_steps <= 0 and cfg.train.epochs <= 0:
        raise ConfigError(f"{where}: set train.max_steps > 0 or train.epochs > 0")
    if cfg.train.strategy == "fsdp":
        raise ConfigError(f"{where}: train.strategy = \"fsdp\" is not available: {FSDP_BLOCKED}; use "
                          f"train.strategy = \"ddp\" (a whole 4-bit copy per GPU) with a model that fits one GPU")
    from mcp_tui.data.mixing import mix_plan

    try:
        if not mix_plan(cfg.data.train_file, cfg.data.sources):
            raise ConfigError(f"{where}: data.sources gives train_file weight 0 and lists nothing else to train on")
    except ValueError as e:
        raise ConfigError(f"{where}: {e}") from None


def check_hardware(cfg: RunConfig, cuda_available: bool) -> None:
    """Reject a config this machine cannot train (called where training will run)."""
    if cuda_available:
        return
    needs_gpu = []
    if cfg.quant.mode != "none":
        needs_gpu.append(f"{cfg.quant.mode} quantization")
    if cfg.train.device == "cuda":
        needs_gpu.append("train.device = \"cuda\"")
    if needs_gpu:
        raise ConfigError(f"{needs_gpu[0]} needs a CUDA GPU and this machine has none; "
                          f"use a CPU preset (cpu-demo) or --set quant.mode=none")


def load_config(preset_or_path: str | os.PathLike | None = None, overrides: list[str] | tuple[str, ...] = ()
                ) -> RunConfig:
    """A validated config from a preset name or TOML path (None = defaults), then overrides."""
    cfg = RunConfig()
    specs = _spec_index()
    if preset_or_path is not None:
        for path, table in _read_layers(_locate(preset_or_path, None)):
            _apply_table(cfg, table, path.name if path.parent == presets_dir() else str(path), specs)
    for override in overrides:
        apply_override(cfg, override, specs)
    validate(cfg, str(preset_or_path or "config"))
    return cfg


def save_config(cfg: RunConfig, path: str | os.PathLike) -> None:
    """Write the complete config (every key, defaults included) as TOML."""
    import tomli_w  # imported here: the training path must import without it (GPU hosts)

    from mcp_tui.fileio import write_atomic

    write_atomic(path, tomli_w.dumps(cfg.to_dict()))


def resolve_path(value: str, base: Path | None = None) -> Path:
    """A data or model path as an absolute path: relative to `base` (default: the working
    directory) when it exists there, else the bundled file for `data/...` names."""
    path = Path(value).expanduser()
    if path.is_absolute():
        return path
    local = (base or Path.cwd()) / path
    if local.exists():
        return local.resolve()
    if value.startswith(BUNDLED_PREFIX):
        return Path(str(resources.files("mcp_tui") / "bundled")) / value[len(BUNDLED_PREFIX):]
    return local.resolve()


def resolved_paths(cfg: RunConfig, base: Path | None = None) -> RunConfig:
    """A copy of `cfg` whose file paths are absolute, so the run reads the same files
    whatever directory its worker starts in."""
    out = dataclasses.replace(cfg, model=dataclasses.replace(cfg.model), data=dataclasses.replace(cfg.data),
                              eval=dataclasses.replace(cfg.eval))
    out.data.train_file = str(resolve_path(cfg.data.train_file, base))
    if cfg.data.sources.strip():
        from mcp_tui.data.mixing import Source, format_sources, parse_sources

        out.data.sources = format_sources([Source(str(resolve_path(s.path, base)), s.weight)
                                           for s in parse_sources(cfg.data.sources)])
    if cfg.data.eval_file:
        out.data.eval_file = str(resolve_path(cfg.data.eval_file, base))
    out.eval.tasks_file = str(resolve_path(cfg.eval.tasks_file, base))
    source = Path(cfg.model.source).expanduser()
    if cfg.model.source != "demo" and ((base or Path.cwd()) / source).exists():
        out.model.source = str(resolve_path(cfg.model.source, base))
    return out
