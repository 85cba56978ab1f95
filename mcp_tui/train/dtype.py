"""Which dtype the unquantized weights get, and why: `model.dtype = "auto"` decided here.

bf16 halves the weights and, where the hardware computes it natively, runs matmuls ~1.8x
faster than float32 (measured on an AVX512-BF16 CPU; every Ampere or newer GPU). Where it
does not (a CPU with AVX2 only), PyTorch emulates it and a float32 run is 3-4x faster
(`bench/results/cpu_dtype.json`). So auto means bf16 on a CUDA GPU that computes bf16 and on
a CPU with AVX512-BF16 or AMX, float32 everywhere else. The reason travels with the choice:
the wizard's review, `train --dry-run` and the worker's events say what was chosen and why.

No torch import at module level: the app asks this from its review step, where importing
torch would stall the interface for seconds. The CPU's flags come from /proc/cpuinfo (Linux);
elsewhere torch's own probe answers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# CPU features that give bf16 matmuls in hardware (as /proc/cpuinfo names them).
NATIVE_BF16_FLAGS = ("avx512_bf16", "amx_bf16")
CPUINFO = Path("/proc/cpuinfo")


@dataclass(frozen=True)
class DtypeChoice:
    """The weights dtype (a torch dtype name) and the reason, one sentence fragment."""

    name: str
    reason: str

    def describe(self) -> str:
        return f"weights dtype {self.name} ({self.reason})"


def cpu_bf16_flags(cpuinfo: Path | None = None) -> tuple[str, ...] | None:
    """The native-bf16 features this CPU lists in /proc/cpuinfo (an empty tuple: none);
    None where there is no /proc/cpuinfo to read."""
    try:
        text = (cpuinfo or CPUINFO).read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    flags: set[str] = set()
    for line in text.splitlines():
        if line.startswith("flags"):
            flags.update(line.partition(":")[2].split())
    return tuple(f for f in NATIVE_BF16_FLAGS if f in flags)


def cpu_native_bf16() -> tuple[bool, str]:
    """Whether this CPU computes bf16 natively, and the evidence in words."""
    flags = cpu_bf16_flags()
    if flags is None:
        import torch

        native = any(getattr(torch.cpu, probe, lambda: False)() for probe in
                     ("_is_avx512_bf16_supported", "_is_amx_tile_supported"))
        return native, f"torch reports {'native' if native else 'no native'} bf16 on this CPU"
    if flags:
        return True, f"this CPU has {' and '.join(f.upper() for f in flags)}"
    return False, "this CPU has no AVX512-BF16 or AMX: bf16 would be emulated, 3-4x slower than float32"


def cuda_bf16() -> bool:
    """Whether the current CUDA GPU computes bf16 (Ampere or newer)."""
    import torch

    return bool(torch.cuda.is_available() and torch.cuda.is_bf16_supported())


def choose_dtype(setting: str, device_type: str, gpu_bf16: bool | None = None) -> DtypeChoice:
    """The dtype for `model.dtype = setting` on a `device_type` ("cpu" or "cuda") device.
    `gpu_bf16` says whether the GPU computes bf16 (None: ask torch)."""
    if device_type == "cuda":
        native = cuda_bf16() if gpu_bf16 is None else gpu_bf16
        evidence = "the GPU computes bf16" if native else "the GPU has no bf16 (older than Ampere)"
    else:
        native, evidence = cpu_native_bf16()
    if setting != "auto":
        if setting == "bfloat16" and not native:
            return DtypeChoice(setting, f"set in model.dtype; {evidence}: auto or float32 trains faster here")
        return DtypeChoice(setting, "set in model.dtype")
    if native:
        return DtypeChoice("bfloat16", f"auto: {evidence}")
    return DtypeChoice("float32", f"auto: {evidence}")


def planned_dtype(setting: str, device_setting: str, gpu_here: bool) -> DtypeChoice:
    """The weights dtype a run with `model.dtype = setting` and `train.device = device_setting`
    is planned for, before any model loads: the one rule behind the memory estimate, the
    wizard's review and `--dry-run`. A CPU run gets this CPU's choice; any other run is
    estimated on a GPU (`train.device = "auto"` too: its estimate is the GPU's), this one when
    `gpu_here` (asking torch), else an Ampere or newer card, said so (no torch import)."""
    if device_setting == "cpu":
        return choose_dtype(setting, "cpu")
    if gpu_here:
        return choose_dtype(setting, "cuda")
    choice = choose_dtype(setting, "cuda", gpu_bf16=True)
    if setting == "auto":
        return DtypeChoice(choice.name, "auto: on a GPU that computes bf16 (Ampere or newer; float32 on older ones)")
    return choice
