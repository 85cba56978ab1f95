"""The GPU and host panel: the home screen's compact view and the monitor's gauges.

It draws whatever telemetry it is given (missing readings show as n/a) and never
queries anything itself: the app samples in a worker and hands the history down.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.renderables.sparkline import Sparkline
from textual.widget import Widget

from mcp_tui.gpu import GpuSample, HostSample, Telemetry, fmt


def _gauge(fraction: float | None, width: int) -> RenderableType:
    if fraction is None:
        return Text("n/a".ljust(width), style="dim")
    return ProgressBar(total=1.0, completed=min(max(fraction, 0.0), 1.0), width=width)


def _short_name(g: GpuSample) -> str:
    return (g.name or "n/a").removeprefix("NVIDIA ").removeprefix("GeForce ")


def _gpu_line(g: GpuSample, label: str) -> Text:
    line = Text.assemble(
        (f"GPU{g.index} {_short_name(g)}", "bold"),
        f"  {fmt(g.memory_used_gib, digits=1)}/{fmt(g.memory_total_gib, ' GiB', 1)}",
        f"  util {fmt(g.utilization_pct, '%')}",
        f"  {fmt(g.temperature_c, '°C')}",
        f"  {fmt(g.power_w, '')}/{fmt(g.power_limit_w, ' W')}",
    )
    if label:
        line.append(f"  {label}", style="cyan")
    return line


def _host_line(h: HostSample) -> Text:
    cores = f" of {h.cpu_count} cores" if h.cpu_count else ""
    return Text.assemble(
        ("Host", "bold"),
        f"  CPU {fmt(h.cpu_pct, '%')}{cores}",
        f"  RAM {fmt(h.ram_used_gib, digits=1)}/{fmt(h.ram_total_gib, ' GiB', 1)}",
    )


def _host_fraction(h: HostSample) -> float | None:
    if h.ram_used_gib is None or not h.ram_total_gib:
        return None
    return h.ram_used_gib / h.ram_total_gib


class TelemetryPanel(Widget):
    """Per-GPU readings and the host's CPU/RAM. With `history`, each GPU gets a memory
    gauge and a utilization sparkline over the samples the app has kept. `labels` put a
    note beside a GPU (who trains on it)."""

    DEFAULT_CSS = """
    TelemetryPanel { height: auto; }
    """

    samples: reactive[tuple[Telemetry, ...]] = reactive((), layout=True)
    # A note beside a GPU, by NVML index: the run training on it (home), or its rank (monitor).
    labels: reactive[dict[int, str]] = reactive(dict, layout=True)

    def __init__(self, *, history: bool = False, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.history = history

    def render(self) -> RenderableType:
        if not self.samples:
            return Text("Reading GPU and host telemetry…", style="dim")
        current = self.samples[-1]
        parts: list[RenderableType] = []
        if current.gpu_error:
            parts.append(Text(current.gpu_error, style="yellow"))
        if self.history:
            parts.extend(self._history_rows(current))
        else:
            parts.extend(_gpu_line(g, self.labels.get(g.index, "")) for g in current.gpus)
            parts.append(_host_line(current.host))
        return Group(*parts)

    def _history_rows(self, current: Telemetry) -> list[RenderableType]:
        width = max(8, min(40, self.size.width - 24))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(no_wrap=True, overflow="ellipsis")
        for g in current.gpus:
            util = [s.gpus[g.index].utilization_pct or 0.0 for s in self.samples if len(s.gpus) > g.index]
            grid.add_row(Text(f"GPU{g.index}", style="bold"), _short_name(g),
                         f"{fmt(g.temperature_c, '°C')}  {fmt(g.power_w)}/{fmt(g.power_limit_w, ' W')}")
            if g.index in self.labels:
                grid.add_row("", Text(self.labels[g.index], style="cyan"), "")
            grid.add_row(" mem", _gauge(g.memory_fraction, width),
                         f"{fmt(g.memory_used_gib, digits=1)}/{fmt(g.memory_total_gib, ' GiB', 1)}")
            grid.add_row(" util", Sparkline(util, width=width), fmt(g.utilization_pct, "%"))
        h = current.host
        grid.add_row(Text("Host", style="bold"), "", f"{h.cpu_count or '?'} cores")
        grid.add_row(" RAM", _gauge(_host_fraction(h), width),
                     f"{fmt(h.ram_used_gib, digits=1)}/{fmt(h.ram_total_gib, ' GiB', 1)}")
        grid.add_row(" CPU", Sparkline([s.host.cpu_pct or 0.0 for s in self.samples], width=width),
                     fmt(h.cpu_pct, "%"))
        return [grid]
