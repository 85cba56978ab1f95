"""The A/B summary: per category and overall, both pass rates, the difference, its 95%
paired bootstrap interval and McNemar's p (as the evaluator wrote them in summary.json)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.reactive import reactive

from mcp_tui.tui.widgets.fitted_table import FittedTable

COLUMNS = ("category", "n", "base", "tuned", "Δ", "95% CI", "p")


def pct(x: float | None) -> str:
    """A rate as a percentage, n/a when missing."""
    return "n/a" if x is None else f"{100 * x:.1f}%"


def _delta(d: float | None) -> Text:
    if d is None:
        return Text("n/a")
    return Text(f"{100 * d:+.1f}", style="green" if d > 0 else "red" if d < 0 else "")


def _ci(ci: list[float] | None) -> str:
    return "n/a" if not ci else f"[{100 * ci[0]:+.0f}, {100 * ci[1]:+.0f}]"


def _p(p: float | None) -> Text:
    if p is None:
        return Text("n/a")
    return Text("<0.001" if p < 0.001 else f"{p:.3f}", style="bold" if p < 0.05 else "dim")


def summary_rows(summary: dict[str, Any]) -> list[tuple[object, ...]]:
    """Table rows: each category, then overall in bold, then the agentic tasks (if run)."""
    rows = []
    items = [*summary.get("categories", {}).items(), ("overall", summary.get("overall") or {})]
    if summary.get("agentic"):
        items.append(("agentic", summary["agentic"]))
    for name, r in items:
        rows.append((
            Text(name, style="bold" if name == "overall" else ""), str(r.get("n", 0)), pct(r.get("base")),
            pct(r.get("tuned")), _delta(r.get("delta")), _ci(r.get("ci95")), _p(r.get("p_value")),
        ))
    return rows


class SummaryTable(FittedTable):
    """Rebuilt whenever summary.json changes (it is written once per finished evaluation)."""

    COLUMNS = COLUMNS
    can_focus = False  # nothing to select: focus stays on the task list
    summary: reactive[dict[str, Any] | None] = reactive(None)

    def on_mount(self) -> None:
        self.cursor_type = "none"
        super().on_mount()

    def watch_summary(self, summary: dict[str, Any] | None) -> None:
        self.show(summary_rows(summary) if summary else [])
