"""Training curves drawn with textual-plotext from the run's metrics records."""

from __future__ import annotations

import math
from typing import Any

from textual.reactive import reactive
from textual_plotext import PlotextPlot

from mcp_tui.tui.snapshots import RunSnapshot


def series(metrics: list[dict[str, Any]], key: str) -> tuple[list[float], list[float]]:
    """(steps, values) of the records that carry a number for `key`."""
    xs, ys = [], []
    for record in metrics:
        value, step = record.get(key), record.get("step")
        if isinstance(value, (int, float)) and isinstance(step, (int, float)) and value == value:
            xs.append(float(step))
            ys.append(float(value))
    return xs, ys


# Charts shorter than this (rows, borders included) drop their x axis ticks.
COMPACT_BELOW = 10


def _decade(values: list[float]) -> int:
    """The power of ten to divide small values by (learning rates), so tick labels stay short."""
    top = max(values, default=0.0)
    return math.floor(math.log10(top)) if 0 < top < 1e-2 else 0


class MetricChart(PlotextPlot):
    """One or more metrics against the optimizer step; redrawn when the run's metrics grow."""

    snapshot: reactive[RunSnapshot | None] = reactive(None)

    def __init__(self, title: str, keys: dict[str, str], *, id: str | None = None) -> None:
        """`keys` maps a metrics key to its legend label (several keys share the axes)."""
        super().__init__(id=id)
        self.title = title
        self.keys = keys
        self._drawn = -1

    def on_mount(self) -> None:
        self._draw([])

    def watch_snapshot(self, snapshot: RunSnapshot | None) -> None:
        metrics = snapshot.metrics if snapshot else []
        if len(metrics) != self._drawn:
            self._draw(metrics)

    def _draw(self, metrics: list[dict[str, Any]]) -> None:
        self._drawn = len(metrics)
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plotted = False
        scale = _decade([abs(y) for key in self.keys for y in series(metrics, key)[1]])
        self.border_title = self.title if scale == 0 else f"{self.title} (×1e{scale})"
        for i, (key, label) in enumerate(self.keys.items()):
            xs, ys = series(metrics, key)
            ys = [y / 10**scale for y in ys]
            if xs:
                # The first series (train loss, every step) is a line; later ones (eval loss,
                # every eval_steps) are dots, so they read apart without colour too.
                marker = "braille" if i == 0 and len(xs) > 1 else "dot"
                plt.plot(xs, ys, label=label if len(self.keys) > 1 else None, marker=marker)
                plotted = True
        if not plotted:
            plt.title("waiting for the first logged step")
        if self.size.height < COMPACT_BELOW:
            # Too short for axis ticks: give every row to the curve, numbers are in the header.
            plt.xfrequency(0)
            plt.yfrequency(2)
        self.refresh()

    def on_resize(self) -> None:
        self._draw(self.snapshot.metrics if self.snapshot else [])
