"""What an agent run did, step by step: the record that reports, screens and files share.

A step is one model turn: what the model wrote, and each call it made with the result
that came back, whether that result was an error, and how long the call took. The
transcript says how the run ended: `answered` (a turn without a call), `budget` (the
step limit came first), `stopped` (the user stopped it) or `failed` (the model itself
raised; `error` says why).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

@dataclass
class CallRecord:
    """One call and its result. `arguments` is None when the model's call could not be
    read (its raw text is kept); such a call never reaches a server."""

    server: str
    tool: str
    arguments: dict[str, Any] | None
    result: str
    is_error: bool
    elapsed_s: float
    raw: str = ""

    def headline(self) -> str:
        """`server.tool {"arg": ...}` on one line, as screens show a call."""
        args = json.dumps(self.arguments, ensure_ascii=False) if self.arguments is not None else self.raw
        return f"{self.server or '?'}.{self.tool or '?'} {' '.join(args.split())}"


@dataclass
class StepRecord:
    """One model turn and the calls it made."""

    index: int
    text: str
    calls: list[CallRecord] = field(default_factory=list)
    new_tokens: int = 0
    latency_s: float = 0.0
    finished: bool = True

    @property
    def elapsed_s(self) -> float:
        """Generation plus every call of the step."""
        return self.latency_s + sum(c.elapsed_s for c in self.calls)


@dataclass
class Transcript:
    """A whole run (see the module docstring)."""

    task: str
    model: str = ""
    max_steps: int = 0
    steps: list[StepRecord] = field(default_factory=list)
    end: str | None = None  # answered, budget, stopped or failed; None while running
    answer: str = ""
    error: str = ""

    @property
    def calls(self) -> int:
        return sum(len(s.calls) for s in self.steps)

    @property
    def errored_calls(self) -> int:
        return sum(c.is_error for s in self.steps for c in s.calls)

    @property
    def elapsed_s(self) -> float:
        return sum(s.elapsed_s for s in self.steps)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Transcript:
        steps = [StepRecord(**{**s, "calls": [CallRecord(**c) for c in s.get("calls", [])]}) for s in d.get("steps", [])]
        return cls(**{**d, "steps": steps})


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}\n[... {len(text) - limit} more characters not shown]"


def render_text(t: Transcript, result_chars: int = 400) -> str:
    """The transcript as plain text (the CLI, and the evaluation screen's task view)."""
    lines = []
    for s in t.steps:
        lead = " ".join(s.text.split())[:120] if not s.calls else ""
        lines.append(f"step {s.index} ({s.elapsed_s:.1f} s){': ' + lead if lead else ''}")
        for c in s.calls:
            lines.append(f"  → {c.headline()}  ({c.elapsed_s:.2f} s)")
            mark = "  ✗ " if c.is_error else "  ← "
            lines += [mark + line for line in clip(c.result, result_chars).splitlines() or [""]]
    ending = {"answered": f"answered after {len(t.steps)} steps", "budget": f"step budget ({t.max_steps}) spent",
              "stopped": "stopped", "failed": f"failed: {t.error}"}.get(t.end or "", "running")
    lines.append(f"[{ending}; {t.calls} calls, {t.errored_calls} errored]")
    if t.answer:
        lines.append(t.answer)
    return "\n".join(lines)
