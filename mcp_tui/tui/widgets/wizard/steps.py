"""The bar at the top of the wizard that shows which step you are on."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from mcp_tui.newrun.steps import STEPS


class StepBar(Widget):
    """`Preset › Model › …` with the current step highlighted."""

    DEFAULT_CSS = "StepBar { height: 1; padding: 0 1; }"

    index: reactive[int] = reactive(0)

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        for i, step in enumerate(STEPS):
            if i:
                text.append(" › ", style="dim")
            style = "bold reverse" if i == self.index else ("" if i < self.index else "dim")
            text.append(f"{i + 1} {step.title}" if i == self.index else step.title, style=style)
        return text
