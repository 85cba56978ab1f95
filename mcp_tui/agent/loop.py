"""The agent loop: a model works a task through MCP servers, one step at a time.

A step is one model turn. The prompt is the conversation so far (the task, every earlier
turn and every tool result), rendered by the run's call format exactly as training and
evaluation render conversations (`data/render.py`, `data/tokenize.prompt_ids`); the
model's text is read back by the same format's `parse`. Its calls run in order and each
result comes back as a tool message, so the next turn sees it. The run ends when the
model answers without a call, when the step budget is spent, or when it is stopped.

A turn whose call markup is broken runs none of its calls: the model is told what was
wrong in a user turn (as prompt-based clients such as Cline do) and the step counts. A
call to a tool the task does not offer never reaches a server.

    run = AgentRun("Fix the port in /app", pool.tools, fmt, max_steps=8)
    run_agent(run, policy, pool)          # or step it yourself: run.advance(generation, pool)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from mcp_tui.agent.servers import CallResult, ServerPool, not_offered
from mcp_tui.agent.transcript import CallRecord, StepRecord, Transcript, clip
from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.tools.call_types import CallFormat, ParsedAnswer


@dataclass(frozen=True)
class Generation:
    """One answer of a model (eval/generate.py makes them). `finished` is False when it
    ran into the token budget."""

    text: str
    finished: bool
    new_tokens: int
    latency_s: float


# A model (base or tuned): conversations in, one generation each out (eval's Answerer).
Policy = Callable[[list[Conversation]], list[Generation]]

# What an agent run tells the model beyond the format's instructions; the training
# trajectories carry the same text, so the tuned model sees at run time what it learned.
AGENT_SYSTEM = (
    "Work on the task step by step: each tool result comes back to you in the next turn. "
    "When the task is done, answer in plain text, without a tool call, saying what you did."
)
# Longer results are cut (the prompt must stay within the model's context).
RESULT_CHARS = 2000
DEFAULT_MAX_STEPS = 10


class AgentRun:
    """One model working one task: the conversation so far and its transcript."""

    def __init__(self, task: str, tools: list[Tool], fmt: CallFormat, max_steps: int = DEFAULT_MAX_STEPS,
                 *, task_id: str = "", model: str = "", system: str = AGENT_SYSTEM) -> None:
        if max_steps < 1:
            raise ValueError(f"max_steps must be at least 1, got {max_steps}")
        self.fmt = fmt
        self.conversation = Conversation([Message("user", task)], tools=list(tools), id=task_id, system=system)
        self.transcript = Transcript(task=task, model=model, max_steps=max_steps)

    @property
    def done(self) -> bool:
        return self.transcript.end is not None

    def finish(self, end: str, error: str = "") -> None:
        if not self.done:
            self.transcript.end, self.transcript.error = end, error

    def advance(self, gen: Generation, servers: ServerPool) -> StepRecord:
        """Take one model turn: run its calls and feed their results back, or end the run."""
        if self.done:
            raise ValueError("the run has ended; start a new one")
        t = self.transcript
        step = StepRecord(len(t.steps) + 1, gen.text, new_tokens=gen.new_tokens, latency_s=gen.latency_s,
                          finished=gen.finished)
        t.steps.append(step)
        # The text was decoded for this format (eval.generate uses tokenize.answer_text), so
        # this is `tokenize.read_answer`'s parse: the tools name each call's server.
        parsed = self.fmt.parse(gen.text, self.conversation.tools)
        if not parsed.has_call:
            self.conversation.messages.append(Message("assistant", gen.text.strip()))
            t.answer = parsed.text
            self.finish("answered")
            return step
        calls = [c.as_tool_call() for c in parsed.calls]
        if not parsed.well_formed or not calls or None in calls:
            self._refuse(parsed, gen.text, step)
        else:
            self._run_calls(parsed.text, [c for c in calls if c is not None], servers, step)
        if len(t.steps) >= t.max_steps:
            self.finish("budget")
        return step

    def _run_calls(self, text: str, calls: list[ToolCall], servers: ServerPool, step: StepRecord) -> None:
        self.conversation.messages.append(Message("assistant", text, calls))
        offered = {(tool.server, tool.name) for tool in self.conversation.tools}
        for call in calls:
            if (call.server, call.tool) in offered:
                result = servers.call(call)
            else:
                result = CallResult(not_offered(call, self.conversation.tools), True, 0.0)
            self.conversation.messages.append(Message("tool", clip(result.text, RESULT_CHARS), is_error=result.is_error))
            step.calls.append(CallRecord(call.server, call.tool, call.arguments, result.text, result.is_error,
                                         round(result.elapsed_s, 4)))

    def _refuse(self, parsed: ParsedAnswer, text: str, step: StepRecord) -> None:
        """Broken call markup: nothing runs; the model hears why."""
        problems = "; ".join(dict.fromkeys(c.problem for c in parsed.calls if c.problem)) or "broken call markup"
        self.conversation.messages.append(Message("assistant", text.strip()))
        self.conversation.messages.append(Message(
            "user", f"Your tool call could not be read ({problems}), so nothing was run. Write each call exactly "
                    "in the format the system prompt describes."))
        for c in parsed.calls or []:
            step.calls.append(CallRecord(c.server, c.tool, c.arguments if c.well_formed else None,
                                         f"not run: {c.problem or 'broken call markup'}", True, 0.0, raw=c.raw))
        if not parsed.calls:
            step.calls.append(CallRecord("", "", None, f"not run: {problems}", True, 0.0, raw=text))


def run_agent(run: AgentRun, policy: Policy, servers: ServerPool,
              on_step: Callable[[StepRecord], None] | None = None,
              stop: threading.Event | None = None) -> Transcript:
    """Step `run` until it ends: the model answers, the budget is spent, `stop` is set
    (checked before each turn and after it, since generation itself can be cut by it), or
    the model fails (the transcript keeps every step so far, and the error)."""
    while not run.done:
        if stop is not None and stop.is_set():
            run.finish("stopped")
            break
        try:
            [gen] = policy([run.conversation])
        except Exception as e:  # a model that fails (out of memory, a context too long) ends this run only
            run.finish("failed", f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            break
        if stop is not None and stop.is_set():
            run.finish("stopped")
            break
        step = run.advance(gen, servers)
        if on_step is not None:
            on_step(step)
    return run.transcript
