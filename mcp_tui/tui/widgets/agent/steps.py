"""One model's side of the agent playground: its steps as they happen, then how the run
ended, its answer, and what it changed in the sandbox."""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.text import Text
from textual.containers import VerticalScroll
from textual.reactive import reactive
from textual.widgets import Static

from mcp_tui.agent.transcript import StepRecord, Transcript, clip

# Lines of a result shown under its call: enough to follow, short enough for 80x24.
RESULT_LINES = 4


@dataclass(frozen=True)
class PaneState:
    """What the pane shows: the steps so far, then (once over) the transcript and the diff."""

    steps: tuple[StepRecord, ...] = ()
    working: bool = False
    transcript: Transcript | None = None
    diff: str = ""
    error: str = ""


def _call_lines(step: StepRecord) -> list[Text]:
    lines = []
    for c in step.calls:
        lines.append(Text.assemble(("→ ", "cyan"), (c.headline(), "bold"), (f"  {c.elapsed_s:.2f} s", "dim")))
        shown = clip(c.result, 400).splitlines() or [""]
        for line in shown[:RESULT_LINES]:
            lines.append(Text("  " + line, style="red" if c.is_error else "dim"))
        if len(shown) > RESULT_LINES:
            lines.append(Text(f"  … {len(shown) - RESULT_LINES} more lines", style="dim italic"))
    return lines


def _ending(t: Transcript) -> Text:
    words = {"answered": ("✓ answered", "green"), "budget": ("✗ step budget spent", "yellow"),
             "stopped": ("■ stopped", "yellow"), "failed": ("✗ failed", "red")}
    label, style = words.get(t.end or "", ("…", ""))
    return Text.assemble((label, f"bold {style}"),
                         f" after {len(t.steps)} steps, {t.calls} calls ({t.errored_calls} errored), "
                         f"{t.elapsed_s:.1f} s")


def pane_renderable(model: str, state: PaneState) -> RenderableType:
    """The pane's whole content (a pure function of the state, for tests and snapshots)."""
    parts: list[RenderableType] = []
    if not state.steps and state.transcript is None and not state.error:
        hint = "working: loading the model, starting the servers…" if state.working else "waiting for a task"
        return Text(f"{model}: {hint}", style="dim")
    for step in state.steps:
        head = Text.assemble((f"step {step.index}", "bold magenta"), (f"  {step.latency_s:.1f} s to answer", "dim"))
        if not step.finished:
            head.append("  (hit the token limit)", style="yellow")
        parts.append(head)
        if not step.calls:
            parts.append(Text(step.text.strip() or "(empty answer)"))
        parts.extend(_call_lines(step))
    if state.working:
        parts.append(Text("…", style="dim"))
    if state.error:
        parts.append(Text(state.error, style="red"))
    t = state.transcript
    if t is not None:
        parts += [Text(""), _ending(t)]
        if t.error:
            parts.append(Text(t.error, style="red"))
        parts += [Text(""), Text("changes to the sandbox", style="bold")]
        parts.append(_diff_text(state.diff))
    return Group(*parts)


def _diff_text(diff: str) -> Text:
    if not diff:
        return Text("(none)", style="dim")
    out = Text()
    for line in diff.splitlines():
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@@") else ""
        out.append(line + "\n", style=style)
    return out


class StepsPane(VerticalScroll):
    """Scrolls to the newest step as steps arrive; keys and mouse scroll back."""

    state: reactive[PaneState] = reactive(PaneState)

    def __init__(self, model: str, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="answer-pane")
        self.model = model
        self.border_title = model

    def compose(self):
        yield Static(pane_renderable(self.model, self.state))

    def on_mount(self) -> None:
        self.watch_state(self.state)  # a state set between compose and mount would be lost otherwise

    def watch_state(self, state: PaneState) -> None:
        if not self.is_mounted:
            return
        self.query_one(Static).update(pane_renderable(self.model, state))
        t = state.transcript
        calls = sum(len(s.calls) for s in state.steps)
        errored = sum(c.is_error for s in state.steps for c in s.calls)
        self.border_title = f"{self.model}: {len(state.steps)} steps, {calls} calls, {errored} errored"
        self.border_subtitle = (t.end or "") if t else ("working" if state.working else "")
        self.call_after_refresh(self.scroll_end, animate=False)  # once the new content is laid out
