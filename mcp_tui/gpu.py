"""Telemetry for the GPU and host panels: NVML per GPU, psutil for CPU and RAM.

Modelled on nvitop: every single query may come back as None ("n/a") instead of
raising, because old drivers, containers without permission, MIG slices and machines
with no NVIDIA GPU at all each refuse a different subset of NVML calls. The UI draws
whatever it gets; `Telemetry.gpu_error` says in a sentence why there are no GPUs.
`TelemetrySource.sample()` blocks on driver calls, so the TUI calls it from a worker.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import psutil

GIB = 1024**3
T = TypeVar("T")


@dataclass(frozen=True)
class GpuSample:
    """One GPU at one moment; any field is None when the driver would not say."""

    index: int
    name: str | None = None
    memory_used_gib: float | None = None
    memory_total_gib: float | None = None
    utilization_pct: float | None = None
    temperature_c: float | None = None
    power_w: float | None = None
    power_limit_w: float | None = None

    @property
    def memory_fraction(self) -> float | None:
        """Used over total memory, for gauges; None when either is unknown."""
        if self.memory_used_gib is None or not self.memory_total_gib:
            return None
        return self.memory_used_gib / self.memory_total_gib


@dataclass(frozen=True)
class HostSample:
    """CPU load and RAM of the machine the app runs on."""

    cpu_pct: float | None = None
    cpu_count: int | None = None
    ram_used_gib: float | None = None
    ram_total_gib: float | None = None


@dataclass(frozen=True)
class Telemetry:
    """Everything the panels show for one refresh. `gpu_error` explains an empty `gpus`."""

    gpus: tuple[GpuSample, ...]
    host: HostSample
    gpu_error: str | None = None
    driver_version: str | None = None
    time: float = 0.0


class TelemetrySource(Protocol):
    """What the app polls; tests pass a fake with fixed numbers."""

    def sample(self) -> Telemetry: ...


def _na(fn: Callable[..., T], *args: Any, errors: tuple[type[BaseException], ...]) -> T | None:
    """Call one query; None instead of the error, the way nvitop shows "N/A"."""
    try:
        return fn(*args)
    except errors:
        return None


def host_sample() -> HostSample:
    """CPU percent since the previous call (the first call primes psutil) and RAM."""
    errors = (psutil.Error, OSError)
    mem = _na(psutil.virtual_memory, errors=errors)
    return HostSample(
        cpu_pct=_na(psutil.cpu_percent, None, errors=errors),
        cpu_count=_na(psutil.cpu_count, errors=errors),
        ram_used_gib=(mem.total - mem.available) / GIB if mem else None,
        ram_total_gib=mem.total / GIB if mem else None,
    )


class NvmlTelemetry:
    """NVML through nvidia-ml-py, initialised once on first use and kept open.

    Thread-safe: the lock keeps the monitor's and the home screen's workers from
    initialising NVML twice.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._nvml: Any = None
        self._error: str | None = None
        self._started = False
        self._driver: str | None = None

    def _start(self) -> None:
        self._started = True
        try:
            import pynvml
        except ImportError:
            self._error = "nvidia-ml-py is not installed: GPU telemetry is off (pip install nvidia-ml-py)"
            return
        try:
            pynvml.nvmlInit()
        except pynvml.NVMLError as e:
            self._error = f"no NVIDIA GPU or driver found ({e}); showing CPU and RAM only"
            return
        self._nvml = pynvml
        driver = _na(pynvml.nvmlSystemGetDriverVersion, errors=(pynvml.NVMLError,))
        self._driver = driver.decode() if isinstance(driver, bytes) else driver

    def _gpu(self, index: int) -> GpuSample:
        nv = self._nvml
        errors = (nv.NVMLError,)
        handle = _na(nv.nvmlDeviceGetHandleByIndex, index, errors=errors)
        if handle is None:
            return GpuSample(index=index)
        name = _na(nv.nvmlDeviceGetName, handle, errors=errors)
        mem = _na(nv.nvmlDeviceGetMemoryInfo, handle, errors=errors)
        util = _na(nv.nvmlDeviceGetUtilizationRates, handle, errors=errors)
        temp = _na(nv.nvmlDeviceGetTemperature, handle, nv.NVML_TEMPERATURE_GPU, errors=errors)
        power_mw = _na(nv.nvmlDeviceGetPowerUsage, handle, errors=errors)
        limit_mw = _na(nv.nvmlDeviceGetEnforcedPowerLimit, handle, errors=errors)
        return GpuSample(
            index=index,
            name=name.decode() if isinstance(name, bytes) else name,
            memory_used_gib=mem.used / GIB if mem else None,
            memory_total_gib=mem.total / GIB if mem else None,
            utilization_pct=float(util.gpu) if util else None,
            temperature_c=float(temp) if temp is not None else None,
            power_w=power_mw / 1000 if power_mw is not None else None,
            power_limit_w=limit_mw / 1000 if limit_mw is not None else None,
        )

    def sample(self) -> Telemetry:
        """Every GPU and the host, now. Never raises."""
        with self._lock:
            if not self._started:
                self._start()
            gpus: tuple[GpuSample, ...] = ()
            error = self._error
            if self._nvml is not None:
                count = _na(self._nvml.nvmlDeviceGetCount, errors=(self._nvml.NVMLError,))
                if count is None:
                    error = "the NVIDIA driver did not report its GPUs; showing CPU and RAM only"
                elif count == 0:
                    error = "the NVIDIA driver reports no GPU; showing CPU and RAM only"
                else:
                    gpus = tuple(self._gpu(i) for i in range(count))
            return Telemetry(
                gpus=gpus, host=host_sample(), gpu_error=error, driver_version=self._driver, time=time.time()
            )


def nvml_index(uuid: str, fallback: int) -> int:
    """The NVML index (the one the panels show) of the GPU whose UUID is `uuid`, as CUDA
    reports it (torch's device properties: with or without NVML's "GPU-" prefix). CUDA may
    number GPUs differently (CUDA_VISIBLE_DEVICES, CUDA_DEVICE_ORDER); `fallback` when NVML
    cannot say."""
    wanted = uuid.lower().removeprefix("gpu-")
    try:
        import pynvml
    except ImportError:
        return fallback
    try:
        pynvml.nvmlInit()
    except pynvml.NVMLError:
        return fallback
    try:
        for index in range(pynvml.nvmlDeviceGetCount()):
            found = pynvml.nvmlDeviceGetUUID(pynvml.nvmlDeviceGetHandleByIndex(index))
            found = found.decode() if isinstance(found, bytes) else found
            if found.lower().removeprefix("gpu-") == wanted:
                return index
    except pynvml.NVMLError:
        pass
    finally:
        _na(pynvml.nvmlShutdown, errors=(pynvml.NVMLError,))
    return fallback


def fmt(value: float | None, unit: str = "", digits: int = 0) -> str:
    """A reading for display: "n/a" when the driver did not give it."""
    if value is None:
        return "n/a"
    return f"{value:.{digits}f}{unit}"
