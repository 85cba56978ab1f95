"""`model.dtype = "auto"`: bf16 only where the hardware computes it, float32 elsewhere,
with the reason in the review step, `train --dry-run` and the worker's events. Both kinds
of CPU are tested through a patched probe (this machine is one of them)."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

from mcp_tui.config import load_config
from mcp_tui.train import dtype as dtype_module
from mcp_tui.train.dtype import choose_dtype, cpu_bf16_flags, planned_dtype

AVX2_ONLY = "processor\t: 0\nflags\t\t: fpu sse2 avx avx2 fma avx512f\n\nprocessor\t: 1\nflags\t\t: fpu avx2\n"
SAPPHIRE = "processor\t: 0\nflags\t\t: fpu avx2 avx512f avx512_bf16 amx_bf16 amx_tile\n"


@pytest.fixture
def cpu(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """`cpu("avx2")` or `cpu("bf16")` makes the probe read that CPU's /proc/cpuinfo."""

    def use(kind: str) -> None:
        info = tmp_path / f"cpuinfo-{kind}"
        info.write_text(AVX2_ONLY if kind == "avx2" else SAPPHIRE)
        monkeypatch.setattr(dtype_module, "CPUINFO", info)

    return use


def test_cpuinfo_flags_are_read(tmp_path: Path) -> None:
    info = tmp_path / "cpuinfo"
    info.write_text(AVX2_ONLY)
    assert cpu_bf16_flags(info) == ()
    info.write_text(SAPPHIRE)
    assert cpu_bf16_flags(info) == ("avx512_bf16", "amx_bf16")
    assert cpu_bf16_flags(tmp_path / "missing") is None


def test_auto_on_an_avx2_cpu_is_float32_and_says_why(cpu) -> None:
    cpu("avx2")
    choice = choose_dtype("auto", "cpu")
    assert choice.name == "float32"
    assert "no AVX512-BF16 or AMX" in choice.reason and "emulated" in choice.reason
    explicit = choose_dtype("bfloat16", "cpu")
    assert explicit.name == "bfloat16" and "auto or float32 trains faster here" in explicit.reason


def test_auto_on_a_cpu_with_native_bf16_is_bfloat16(cpu) -> None:
    cpu("bf16")
    choice = choose_dtype("auto", "cpu")
    assert choice.name == "bfloat16" and "AVX512_BF16 and AMX_BF16" in choice.reason
    assert choose_dtype("float32", "cpu").reason == "set in model.dtype"


def test_without_cpuinfo_torch_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(dtype_module, "CPUINFO", tmp_path / "none")
    for native, expected in ((True, "bfloat16"), (False, "float32")):
        monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda n=native: n, raising=False)
        monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: False, raising=False)
        assert choose_dtype("auto", "cpu").name == expected


def test_auto_on_a_gpu_follows_its_bf16_support() -> None:
    assert choose_dtype("auto", "cuda", gpu_bf16=True).name == "bfloat16"
    old = choose_dtype("auto", "cuda", gpu_bf16=False)
    assert old.name == "float32" and "older than Ampere" in old.reason
    # Planned where no GPU is: described for the target card.
    assert planned_dtype("auto", "cuda", gpu_here=False).name == "bfloat16"


@pytest.mark.parametrize(("kind", "expected"), [("avx2", torch.float32), ("bf16", torch.bfloat16)])
def test_the_model_loads_in_the_chosen_dtype(cpu, tiny_model_dir: Path, kind: str, expected: torch.dtype) -> None:
    from mcp_tui.train.model import load_base_model

    cpu(kind)
    cfg = load_config("cpu-demo", [f"model.source={tiny_model_dir}"])
    assert cfg.model.dtype == "auto"
    assert load_base_model(cfg).dtype == expected


@pytest.mark.parametrize(("kind", "words"), [("avx2", "weights dtype float32 (auto: this CPU has no AVX512-BF16"),
                                             ("bf16", "weights dtype bfloat16 (auto: this CPU has AVX512_BF16")])
def test_dry_run_says_which_and_why(cpu, capsys: pytest.CaptureFixture[str], kind: str, words: str) -> None:
    from mcp_tui.cli import main

    cpu(kind)
    assert main(["train", "--preset", "cpu-demo", "--dry-run"]) == 0
    assert words in capsys.readouterr().out


def test_the_review_step_says_which_and_why(cpu) -> None:
    from mcp_tui.newrun.checks import review_check

    cpu("avx2")
    text = str(review_check(load_config("cpu-demo"), None).body)
    assert "trains on the CPU" in text and "weights: float32 (auto: this CPU has no AVX512-BF16 or AMX" in text
    gpu = str(review_check(load_config("rtx3090-devstral-small"), None).body)
    assert "weights: bfloat16 (set in model.dtype)" in gpu
