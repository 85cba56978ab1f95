"""Devstral Small 2 on the GPU (marker `gpu`; skipped without CUDA): its FP8 checkpoint streamed
into NF4 on CUDA, Liger's Mistral kernels on its ministral3 language model, and a tiny
look-alike through the real worker with the preset's switches: train, stop, resume, evaluate,
export."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from mcp_tui.config import load_config
from mistral3_helpers import assert_quantized_alike, bitsandbytes_reference, build_tiny_mistral3, dequantized_copy

pytestmark = [pytest.mark.gpu,
              pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")]
VOCAB = 1000


@pytest.fixture(scope="module")
def fp8_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_mistral3(tmp_path_factory.mktemp("mistral3-fp8"), fp8=True, vocab=VOCAB, hidden=256)


def _preset(base: Path, *overrides: str):
    return load_config("rtx3090-devstral-small-2", [f"model.source={base}", *overrides])


def _ids(length: int = 96) -> torch.Tensor:
    """Past position 16, where the tiny model's attention scaling starts."""
    return torch.randint(3, VOCAB, (2, length), device="cuda", generator=torch.Generator("cuda").manual_seed(0))


def test_fp8_checkpoint_streams_into_nf4_on_cuda(fp8_base: Path, tmp_path: Path):
    """The preset's load on CUDA holds the very NF4 weights, and gives the logits, of
    transformers' own bitsandbytes load of the same weights dequantized by transformers (the
    unquantized model is no reference: NF4 alone moves these logits by ~0.2 relative)."""
    import bitsandbytes as bnb

    from mcp_tui.train.model import load_base_model, quantization_config

    cfg = _preset(fp8_base)
    model = load_base_model(cfg)
    assert sum(isinstance(m, bnb.nn.Linear4bit) for m in model.modules()) == 2 * 7
    assert model.lm_head.weight.device.type == "cuda" and model.lm_head.weight.dtype == torch.bfloat16
    assert not any("vision" in name for name, _ in model.named_modules())
    reference = bitsandbytes_reference(dequantized_copy(fp8_base, tmp_path / "bf16"), quantization_config(cfg), "cuda")
    assert_quantized_alike(model, reference)


def test_liger_kernels_on_ministral3_keep_the_loss(fp8_base: Path):
    """Liger's fused linear cross-entropy, RMSNorm, SwiGLU and RoPE on ministral3 (through its
    Mistral kernels): the same loss as transformers' own forward, YaRN and scaling included."""
    from peft import LoraConfig, get_peft_model
    from transformers.models.ministral3 import modeling_ministral3

    from mcp_tui.train import kernels
    from mcp_tui.train.model import load_base_model

    def first_loss(liger: bool) -> tuple[float, list[str]]:
        cfg = _preset(fp8_base, f"train.liger_kernel={str(liger).lower()}", "data.packing=false")
        model = load_base_model(cfg)
        notes = kernels.prepare_model(model, cfg)
        model = get_peft_model(model, LoraConfig(r=8, lora_alpha=16, target_modules="all-linear"))
        with torch.autocast("cuda", dtype=torch.bfloat16):
            return model(input_ids=_ids(), labels=_ids()).loss.item(), notes

    plain, _ = first_loss(False)  # first: Liger's RoPE replaces the module's function for the process
    fused, notes = first_loss(True)
    assert any(n.startswith("liger (mistral kernels on ministral3)") for n in notes), notes
    assert modeling_ministral3.apply_rotary_pos_emb.__module__.startswith("liger_kernel")
    assert fused == pytest.approx(plain, rel=1e-2)


def test_devstral2_look_alike_trains_stops_resumes_evaluates_and_exports(tmp_path):
    """The rtx3090-devstral-small-2 preset through the real worker on an FP8 look-alike with
    Devstral Small 2's tokenizer layout (Tekken v13), trained and evaluated in the preset's
    native call format: the model kind, the kernels and the encoding in events.log, a stop
    and a resume with continuous steps, an A/B evaluation, and a merged export that
    transformers loads as a Mistral3."""
    import shutil

    from data_helpers import tekken_file
    from test_gpu import _evaluate
    from test_training import only_run, settings, wait_for
    from transformers import AutoModelForImageTextToText

    from eval_helpers import make_tasks
    from mcp_tui.cli import main
    from mcp_tui.data.formats import write_jsonl
    from mcp_tui.export import export_run

    base = build_tiny_mistral3(tmp_path / "base", fp8=True, vocab=131072, hidden=256)
    shutil.copy(tekken_file("v13"), base / "tekken.json")
    tasks = tmp_path / "tasks.jsonl"
    write_jsonl(make_tasks(2), tasks)
    runs = ["--runs-dir", str(tmp_path / "runs")]
    overrides = settings(base, tasks, **{"train.max_steps": 16, "train.save_steps": 4, "train.eval_steps": 8,
                                         "train.lr": 1e-3, "eval.tasks_file": tasks, "train.tensorboard": "false"})
    assert main([*runs, "train", "--preset", "rtx3090-devstral-small-2", *overrides]) == 0
    run = only_run(tmp_path / "runs")
    wait_for(lambda: run.last_checkpoint() is not None or run.status().state in ("failed", "crashed"),
             timeout=180, what="a first checkpoint")
    assert run.status().state == "running", run.status().error
    assert main([*runs, "stop", run.id, "--wait", "120"]) == 0
    assert run.status().state == "stopped" and run.status().step < 16
    assert main([*runs, "train", "--resume", run.id, "--foreground"]) == 0
    assert run.status().state == "completed" and run.status().step == 16, run.status().error
    losses = {r["step"]: r["loss"] for r in run.metrics() if r.get("loss") is not None}
    assert sorted(losses) == list(range(1, 17)) and all(torch.isfinite(torch.tensor(list(losses.values()))))
    events = "\n".join(run.events_tail(400))
    for expected in ("model kind: Mistral3ForConditionalGeneration; language model ministral3 only",
                     "FP8 weights (per-tensor scales)", "liger (mistral kernels on ministral3)", "fused LoRA:",
                     "resuming from checkpoint-", "call format native, through mistral_common's chat encoding"):
        assert expected in events, events
    _evaluate(run, main, runs, tasks)
    merged = export_run(run, tmp_path / "export", "merged", "bf16").out_dir
    model = AutoModelForImageTextToText.from_pretrained(merged, dtype=torch.bfloat16).to("cuda")
    assert type(model).__name__ == "Mistral3ForConditionalGeneration"
    with torch.no_grad():
        assert model.generate(_ids(8)[:1], max_new_tokens=4).shape[-1] == 12
