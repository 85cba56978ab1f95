"""What a run is doing inside the step it trains, read from status.json: the sign of life
between two logged steps (a CPU step of the demo takes tens of seconds, its first one
longer). The worker writes it through `Run.write_status` after every micro-batch; the
monitor and `mcp-tui monitor` show it with the time the step has taken so far."""

from __future__ import annotations

from mcp_tui.runs import RunStatus

WARMUP_NOTE = "the first step includes warm-up"


def duration(seconds: float | None) -> str:
    """1h02m / 4m05s / 12s ("n/a" when unknown)."""
    if seconds is None or not 0 <= seconds < 1e12:
        return "n/a"
    s = int(round(seconds))
    if s >= 3600:
        return f"{s // 3600}h{s % 3600 // 60:02d}m"
    if s >= 60:
        return f"{s // 60}m{s % 60:02d}s"
    return f"{s}s"


def in_step(st: RunStatus) -> bool:
    """Whether a live run is inside a step (its worker said when the step began)."""
    return st.live and st.step_started > 0 and st.step_micros > 0


def step_activity(st: RunStatus, now: float) -> str:
    """One line on the step in progress ("" outside one): micro-batches done, time in the
    step, tokens/s so far, and the warm-up note on the worker's first step."""
    if not in_step(st):
        return ""
    line = (f"step {st.step + 1}: {st.step_micro}/{st.step_micros} micro-batches in "
            f"{duration(max(now - st.step_started, 0.0))}")
    took = st.step_updated - st.step_started
    if st.step_tokens and took > 0:
        line += f", {st.step_tokens / took:.0f} tok/s"
    return f"{line}; {WARMUP_NOTE}" if st.step_first else line


def in_step_eta(st: RunStatus) -> float | None:
    """Seconds left judged from the step in progress alone (before two steps are logged):
    its micro-batches so far, scaled to the steps left. Rough, and high on a first step."""
    if not in_step(st) or st.step_micro == 0 or not st.total_steps:
        return None
    per_step = (st.step_updated - st.step_started) / st.step_micro * st.step_micros
    return per_step * max(st.total_steps - st.step, 0) if per_step > 0 else None
