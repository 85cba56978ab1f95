"""GPU telemetry: every NVML failure becomes "n/a" or a sentence, never an exception."""

from __future__ import annotations

import sys
import types

import pytest

from mcp_tui.gpu import GIB, NvmlTelemetry, fmt


class FakeNVMLError(Exception):
    pass


def fake_pynvml(*, init_fails: bool = False, count: int = 2, refuse: tuple[str, ...] = ()) -> types.ModuleType:
    """A stand-in for pynvml: two RTX 3090s, with chosen queries refused like an old driver."""
    m = types.ModuleType("pynvml")
    m.NVMLError = FakeNVMLError
    m.NVML_TEMPERATURE_GPU = 0

    def guarded(name, fn):
        def call(*args):
            if name in refuse:
                raise FakeNVMLError(f"{name}: Not Supported")
            return fn(*args)

        return call

    def init():
        if init_fails:
            raise FakeNVMLError("NVML Shared Library Not Found")

    m.nvmlInit = init
    m.nvmlSystemGetDriverVersion = guarded("driver", lambda: "550.54")
    m.nvmlDeviceGetCount = guarded("count", lambda: count)
    m.nvmlDeviceGetHandleByIndex = guarded("handle", lambda i: ("h", i))
    m.nvmlDeviceGetName = guarded("name", lambda h: b"NVIDIA GeForce RTX 3090")
    m.nvmlDeviceGetMemoryInfo = guarded(
        "memory", lambda h: types.SimpleNamespace(used=6 * GIB, total=24 * GIB, free=18 * GIB)
    )
    m.nvmlDeviceGetUtilizationRates = guarded("util", lambda h: types.SimpleNamespace(gpu=87, memory=40))
    m.nvmlDeviceGetTemperature = guarded("temp", lambda h, sensor: 71)
    m.nvmlDeviceGetPowerUsage = guarded("power", lambda h: 312_500)
    m.nvmlDeviceGetEnforcedPowerLimit = guarded("limit", lambda h: 350_000)
    return m


def test_reads_every_gpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml())
    t = NvmlTelemetry().sample()
    assert t.gpu_error is None and t.driver_version == "550.54"
    assert [g.index for g in t.gpus] == [0, 1]
    g = t.gpus[0]
    assert g.name == "NVIDIA GeForce RTX 3090"
    assert (g.memory_used_gib, g.memory_total_gib, g.memory_fraction) == (6.0, 24.0, 0.25)
    assert (g.utilization_pct, g.temperature_c, g.power_w, g.power_limit_w) == (87.0, 71.0, 312.5, 350.0)
    assert t.host.ram_total_gib and t.host.ram_total_gib > 0


def test_refused_queries_are_none_not_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml(refuse=("power", "temp", "limit", "driver")))
    t = NvmlTelemetry().sample()
    g = t.gpus[1]
    assert g.power_w is None and g.temperature_c is None and g.power_limit_w is None
    assert g.memory_used_gib == 6.0 and t.driver_version is None
    assert fmt(g.power_w, " W") == "n/a" and fmt(g.utilization_pct, "%") == "87%"


def test_unreachable_handle_gives_an_empty_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml(refuse=("handle",)))
    g = NvmlTelemetry().sample().gpus[0]
    assert g.name is None and g.memory_fraction is None


def test_no_driver_says_so_and_still_reports_host(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml(init_fails=True))
    source = NvmlTelemetry()
    for _ in range(2):  # initialisation is tried once; later samples repeat the reason
        t = source.sample()
        assert t.gpus == ()
        assert "no NVIDIA GPU or driver" in (t.gpu_error or "")
        assert "Library Not Found" in (t.gpu_error or "")
        assert t.host.ram_used_gib is not None and t.host.cpu_count


@pytest.mark.parametrize(("count", "words"), [(0, "reports no GPU"), (None, "did not report")])
def test_driver_without_gpus(monkeypatch: pytest.MonkeyPatch, count: int | None, words: str) -> None:
    refuse = ("count",) if count is None else ()
    monkeypatch.setitem(sys.modules, "pynvml", fake_pynvml(count=count or 0, refuse=refuse))
    t = NvmlTelemetry().sample()
    assert t.gpus == () and words in (t.gpu_error or "")


def test_missing_package_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pynvml", None)  # makes `import pynvml` raise ImportError
    t = NvmlTelemetry().sample()
    assert "pip install nvidia-ml-py" in (t.gpu_error or "")


def test_real_machine_never_raises() -> None:
    t = NvmlTelemetry().sample()
    assert t.gpus or t.gpu_error
