"""The monitor's top lines: state, progress with ETA, and the latest numbers."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.progress_bar import ProgressBar
from rich.table import Table
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mcp_tui.runs import rank_readings
from mcp_tui.step_progress import duration, step_activity
from mcp_tui.tui.snapshots import RunSnapshot, last_value
from mcp_tui.tui.widgets.runs.table import state_text


def _number(value: float | None, spec: str) -> str:
    return "n/a" if value is None else format(value, spec)


# What the numbers line shows, in order: label, metrics key, format.
NUMBERS = (("loss", "loss", ".4f"), ("eval", "eval_loss", ".4f"), ("lr", "lr", ".2e"),
           ("grad", "grad_norm", ".3f"), ("tok/s", "tokens_per_s", ".0f"), ("GiB", "gpu_mem_gib", ".1f"))


class RunProgress(Widget):
    """State, step/total bar with ETA, and loss, eval loss, lr, grad norm, tokens/s (and
    each rank's, on several GPUs)."""

    DEFAULT_CSS = "RunProgress { height: auto; }"

    snapshot: reactive[RunSnapshot | None] = reactive(None, layout=True)

    def render(self) -> RenderableType:
        snap = self.snapshot
        if snap is None:
            return Text("Reading the run…", style="dim")
        st, m = snap.status, snap.metrics
        fraction = st.step / st.total_steps if st.total_steps else 0.0
        bar = Table.grid(padding=(0, 1), expand=True)
        bar.add_column(no_wrap=True)
        bar.add_column(ratio=1)
        bar.add_column(no_wrap=True)
        # While it runs: time left; once it has ended: how long it took.
        eta = (f"ETA {'~' if snap.eta_rough else ''}{duration(snap.eta_s)}" if st.live
               else duration(last_value(m, "elapsed_s")))
        bar.add_row(
            Text.assemble(state_text(st.state), f"  step {st.step}/{st.total_steps or '?'}"),
            ProgressBar(total=1.0, completed=fraction),
            f"{fraction:4.0%}  {eta}",
        )
        numbers = Text(overflow="ellipsis", no_wrap=True)
        ranks = rank_readings(st, m)
        for label, key, spec in NUMBERS:
            numbers.append(f"{label} ", style="dim")
            numbers.append(f"{_number(last_value(m, key), spec)}  ")
            if key == "tokens_per_s" and ranks:  # a run on several GPUs: each rank's share
                numbers.append(f"({' + '.join(f'{r.tokens_per_s:.0f}' for r in ranks)})  ", style="dim")
        parts: list[RenderableType] = [bar, numbers]
        if activity := step_activity(st, snap.read_at):
            parts.append(Text(activity, style="cyan", overflow="fold"))
        if snap.problem:
            parts.append(Text(snap.problem, style="bold red"))
        if st.error:
            parts.append(Text(st.error, style="bold red"))
        return Group(*parts)
