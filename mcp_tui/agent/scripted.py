"""A model that answers with known turns: the author of the training trajectories (a
task's solution, executed against the real sandbox) and the tests' fake model."""

from __future__ import annotations

from collections.abc import Sequence

from mcp_tui.agent.loop import Generation
from mcp_tui.agent.tasks import SolutionStep
from mcp_tui.data.conversation import Conversation, Message, Tool
from mcp_tui.tools.call_types import CallFormat
from mcp_tui.tools.text_format import assistant_text


class ScriptedPolicy:
    """Answers the n-th turn of a conversation with the n-th scripted turn (the last one
    again once the script runs out), written in `fmt`. A turn is a SolutionStep, or raw
    text to generate as it is (broken markup, for the tests)."""

    def __init__(self, turns: list[SolutionStep | str], fmt: CallFormat, latency_s: float = 0.0) -> None:
        if not turns:
            raise ValueError("a scripted model needs at least one turn")
        self.turns = turns
        self.fmt = fmt
        self.latency_s = latency_s

    def text(self, index: int, tools: Sequence[Tool] = ()) -> str:
        """What the model writes on its `index`-th turn (0-based), given the connected tools."""
        turn = self.turns[min(index, len(self.turns) - 1)]
        if isinstance(turn, str):
            return turn
        return assistant_text(Message("assistant", turn.text, list(turn.calls)), self.fmt, tools)

    def __call__(self, conversations: list[Conversation]) -> list[Generation]:
        out = []
        for conv in conversations:
            done = sum(m.role == "assistant" for m in conv.messages)
            text = self.text(done, conv.tools)
            out.append(Generation(text, True, len(text.split()), self.latency_s))
        return out
