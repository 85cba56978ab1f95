"""The agentic part of an A/B evaluation: base and tuned each work every agentic task
through the sandbox MCP server, and each run is scored by its outcome.

Every task gets a sandbox folder seeded from its workspace and a sandbox server process
over stdio, as in `mcp-tui agent`. Tasks run in lockstep: the next turn of every running
task is generated in one batch (as single-turn answers are), then each task's calls run
against its own server. A finished task's slot takes the next task: its folder is
reseeded and its server kept (the server holds no state of its own). One record per task
is appended to `eval/agentic/<model>.jsonl` when it finishes, so an interrupted evaluation
resumes where it stopped: its verdict per check, the steps used, the calls that errored,
the diff of the sandbox, and the whole transcript.
"""

from __future__ import annotations

import statistics
import tempfile
from collections import Counter
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.agent.loop import AgentRun, Policy
from mcp_tui.agent.tasks import AgenticTask
from mcp_tui.data.conversation import AGENTIC
from mcp_tui.eval.folder import MODELS, EvalFolder
from mcp_tui.eval.stats import compare_passes, compare_scores
from mcp_tui.tools.call_types import CallFormat

# Sandbox servers running at once (each a Python process of ~60 MB): the whole bundled set fits.
MAX_SLOTS = 64


def agentic_results_path(eval_dir: Path, model: str) -> Path:
    """Where one model's agentic records go: eval/agentic/<model>.jsonl (EvalFolder owns it)."""
    return EvalFolder(eval_dir).agentic_results_path(model)


@dataclass
class _Slot:
    """A sandbox folder and its server, working one task at a time."""

    sandbox: Any
    pool: Any
    task: AgenticTask | None = None
    run: AgentRun | None = None
    before: dict[str, Any] = field(default_factory=dict)


def score_run(task: AgenticTask, run: AgentRun, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The record of one finished run: verdicts, counts, the sandbox diff and the transcript."""
    from mcp_tui.agent.checks import check_outcome
    from mcp_tui.agent.workspace import state_diff

    t = run.transcript
    checks = check_outcome(task.checks, before, after, t)
    return {
        "id": task.id, "category": AGENTIC, "family": task.family, "passed": all(c["ok"] for c in checks),
        "checks": checks, "steps": len(t.steps), "max_steps": t.max_steps, "calls": t.calls,
        "errored_calls": t.errored_calls, "end": t.end, "answer": t.answer,
        "finished": all(s.finished for s in t.steps), "new_tokens": sum(s.new_tokens for s in t.steps),
        "latency_s": round(sum(s.latency_s for s in t.steps), 4), "elapsed_s": round(t.elapsed_s, 4),
        "diff": state_diff(before, after), "transcript": t.to_dict(),
    }  # fmt: skip


@dataclass
class AgenticEvaluation:
    """The agentic tasks of one evaluation, with results under `eval_dir/agentic/`."""

    eval_dir: Path
    tasks: list[AgenticTask]
    fmt: CallFormat
    batch_size: int = 8

    def pending(self, model: str) -> list[AgenticTask]:
        """The tasks `model` has no record for yet (FileError when its results are damaged)."""
        done = EvalFolder(self.eval_dir).agentic_results(model)
        return [t for t in self.tasks if t.id not in done]

    def answer_all(self, model: str, tasks: list[AgenticTask], policy: Policy,
                   on_done: Callable[[int], None] | None = None) -> None:
        """Run every task in `tasks` with `policy` (see the module docstring); `on_done(k)`
        after the k-th finished task."""
        from mcp_tui.agent.servers import ServerError, open_pools, sandbox_spec
        from mcp_tui.tools.sandbox_server import Sandbox

        folder = EvalFolder(self.eval_dir)
        queue = list(tasks)
        n_slots = max(1, min(self.batch_size, MAX_SLOTS, len(queue)))
        with ExitStack() as stack:
            roots = [Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="mcp-tui-agentic-")))
                     for _ in range(n_slots)]
            pools_stack, pools = open_pools([[sandbox_spec(r)] for r in roots])
            stack.enter_context(pools_stack)
            slots = [_Slot(Sandbox(r), p) for r, p in zip(roots, pools)]
            finished = 0
            while queue or any(s.run for s in slots):
                for slot in slots:
                    if slot.run is None and queue:
                        self._start(slot, queue.pop(0), model)
                running = [s for s in slots if s.run is not None]
                generations = policy([s.run.conversation for s in running])
                for slot, gen in zip(running, generations):
                    slot.run.advance(gen, slot.pool)
                    if not slot.pool.alive:  # the harness failed, not the model: record nothing
                        raise ServerError(f"the sandbox server stopped during task {slot.task.id}; "
                                          "run the same command again to resume")
                    if slot.run.done:
                        record = score_run(slot.task, slot.run, slot.before, slot.sandbox.snapshot())
                        folder.append_agentic_result(model, record)
                        slot.task = slot.run = None
                        finished += 1
                        if on_done is not None:
                            on_done(finished)

    def _start(self, slot: _Slot, task: AgenticTask, model: str) -> None:
        task.workspace.plant(slot.sandbox)
        slot.task, slot.before = task, slot.sandbox.snapshot()
        slot.run = AgentRun(task.prompt, task.tools, self.fmt, task.max_steps, task_id=task.id, model=model)


# --- summary ---------------------------------------------------------------------------


def summarize_agentic(eval_dir: Path) -> dict[str, Any] | None:
    """The agentic section of summary.json from the results on disk: success of both
    models with the paired statistics, steps used (Wilcoxon), calls that errored, and
    success per family; None when no task has results from both models."""
    folder = EvalFolder(eval_dir)
    results = {m: folder.agentic_results(m) for m in MODELS}
    base, tuned = results["base"], results["tuned"]
    paired = [i for i in base if i in tuned]
    if not paired:
        return None
    families = {}
    for family in dict.fromkeys(base[i].get("family", "") for i in paired):
        ids = [i for i in paired if base[i].get("family", "") == family]
        families[family or "?"] = compare_passes([base[i]["passed"] for i in ids], [tuned[i]["passed"] for i in ids]).to_dict()
    return {
        **compare_passes([base[i]["passed"] for i in paired], [tuned[i]["passed"] for i in paired]).to_dict(),
        "tasks": {"total": len(set(base) | set(tuned)), "paired": len(paired)},
        "steps": compare_scores([base[i]["steps"] for i in paired], [tuned[i]["steps"] for i in paired]).to_dict(),
        "models": {m: _model_stats([results[m][i] for i in paired]) for m in MODELS},
        "families": families,
    }


def _model_stats(records: list[dict[str, Any]]) -> dict[str, Any]:
    n = len(records)
    calls = sum(r["calls"] for r in records)
    errored = sum(r["errored_calls"] for r in records)
    ends = Counter(r["end"] for r in records)
    return {
        "tasks": n,
        "passed": sum(r["passed"] for r in records),
        "mean_steps": round(statistics.fmean(r["steps"] for r in records), 2),
        "calls": calls,
        "errored_calls": errored,
        "errored_share": round(errored / calls, 4) if calls else None,
        "answered": round(ends["answered"] / n, 4),
        "budget_spent": round(ends["budget"] / n, 4),
        "failed_checks": dict(Counter(c["name"] for r in records for c in r["checks"] if not c["ok"]).most_common()),
        # A turn's latency: its batch's generation time (the running tasks generate together).
        "mean_turn_latency_s": round(sum(r["latency_s"] for r in records) / max(1, sum(r["steps"] for r in records)), 3),
    }
