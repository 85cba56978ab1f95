"""The A/B evaluation loop: every task answered by base and tuned, scored, written as it comes.

Each scored task is appended to `eval/<model>.jsonl` and fsynced, so an interrupted
evaluation resumes where it stopped (results are keyed by task id); `progress.json` is
replaced after every batch for the TUI; `summary.json` and `report.md` are written once
both models have answered every task. `EvalFolder` (eval/folder.py) owns those files.

Base and tuned share one model in memory: the tuned model is the base with a LoRA
adapter, and the base answers with that adapter switched off (PEFT's
`disable_adapter()`), which is exactly the base with the same quantization, at the cost
of one load instead of two.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mcp_tui.agent.loop import Generation
from mcp_tui.data.conversation import Conversation
from mcp_tui.eval.agentic import AgenticEvaluation, summarize_agentic
from mcp_tui.eval.folder import MODELS, EvalFolder
from mcp_tui.eval.generate import generate_batch
from mcp_tui.eval.report import render_report, summarize
from mcp_tui.eval.score import score_answer
from mcp_tui.fileio import FileError
from mcp_tui.tools.call_types import CallFormat


class Answerer(Protocol):
    """Answers a batch of tasks (one model)."""

    def __call__(self, tasks: list[Conversation]) -> list[Generation]: ...


class Executor(Protocol):
    """Runs a batch of answers' calls against real tools and compares the outcome with
    the expected calls' outcome; None for a task it cannot execute."""

    def __call__(self, tasks: list[Conversation], answers: list[str]) -> list[dict[str, Any] | None]: ...


@dataclass
class PeftAnswerer:
    """One model's answers through a PEFT model: the adapter on for `tuned`, off for `base`.

    With `merge`, the tuned model answers with the adapter merged into the weights: the
    same function, computed without the separate low-rank matmuls that cost more than the
    base model itself on a CPU. Only fp32 weights take a merge losslessly (bf16 keeps 8
    bits of mantissa: a small update added to a large weight rounds away, quantized
    weights cannot take it at all), and unmerging leaves rounding behind, so an
    evaluation answers with base before tuned."""

    model: Any
    tokenizer: Any
    fmt: CallFormat
    max_new_tokens: int
    adapter: bool
    merge: bool = False
    cancel: Callable[[], bool] | None = None  # ends a generation early (an agent run stopped by the user)

    def __call__(self, tasks: list[Conversation]) -> list[Generation]:
        from mcp_tui.data.tokenize import prompt_ids

        prompts = [prompt_ids(t, self.tokenizer, self.fmt) for t in tasks]
        self._set_merged(self.adapter and self.merge)
        with nullcontext() if self.adapter else self.model.disable_adapter():
            return generate_batch(self.model, self.tokenizer, prompts, self.fmt, self.max_new_tokens, self.cancel)

    def _set_merged(self, merged: bool) -> None:
        from peft.tuners.tuners_utils import BaseTunerLayer

        now = any(m.merged for m in self.model.modules() if isinstance(m, BaseTunerLayer))
        if merged and not now:
            self.model.merge_adapter()
        elif now and not merged:
            self.model.unmerge_adapter()


def run_answerers(run: Any, fmt: CallFormat, max_new_tokens: int, merge: bool = True,
                  adapter_dir: Path | None = None) -> Callable[[str], Answerer]:
    """`answerer_for(model)` for a run: the tuned model (base + the run's adapter, same
    quantization as training) is loaded on first use and shared by both answerers; the
    adapter is merged for `tuned` when `merge` and the base weights are fp32. `adapter_dir`
    picks a checkpoint's adapter instead of the final one."""
    loaded: list[tuple[Any, Any, bool]] = []

    def answerer_for(model: str) -> Answerer:
        if not loaded:
            import torch

            from mcp_tui.train.model import load_tokenizer, load_tuned_model

            cfg = run.config()
            if cfg.train.cpu_threads:
                torch.set_num_threads(cfg.train.cpu_threads)
            tuned = load_tuned_model(run, adapter_dir=adapter_dir).eval()
            lossless = cfg.quant.mode == "none" and tuned.get_base_model().dtype == torch.float32
            loaded.append((tuned, load_tokenizer(cfg), merge and lossless))
        peft_model, tokenizer, mergeable = loaded[0]
        return PeftAnswerer(peft_model, tokenizer, fmt, max_new_tokens, adapter=model == "tuned", merge=mergeable)

    return answerer_for


def relevance_applies(task: Conversation) -> bool:
    """Tasks whose right answer is text: graded against their reference answer."""
    return task.reference is not None and not task.expected_calls


def prompt_size(task: Conversation) -> int:
    """A cheap stand-in for the prompt's token count, to batch similar lengths together."""
    return sum(len(m.content) for m in task.prompt_messages()) + sum(
        len(json.dumps(t.input_schema)) + len(t.description) for t in task.tools
    )


@dataclass
class Evaluation:
    """One A/B evaluation writing into `eval_dir`."""

    eval_dir: Path
    tasks: list[Conversation]
    fmt: CallFormat
    batch_size: int = 8
    relevance: Any = None  # a `Relevance`, or None to skip graded scores
    executor: Executor | None = None
    on_progress: Callable[[dict[str, Any]], None] | None = None
    labels: dict[str, str] | None = None  # what each model is, for the report
    agentic: AgenticEvaluation | None = None  # multi-step tasks on the sandbox servers, if any
    # How answers are generated; results made under other settings are not resumed.
    settings: dict[str, Any] = field(default_factory=dict)
    _started: float = field(default=0.0, init=False)
    _answered: int = field(default=0, init=False)
    _left: int = field(default=0, init=False)

    @property
    def folder(self) -> EvalFolder:
        return EvalFolder(self.eval_dir)

    def pending(self) -> dict[str, list[Conversation]]:
        """The tasks each model still has to answer (FileError when a results file is damaged)."""
        out = {}
        for model in MODELS:
            done = self.folder.results(model)
            out[model] = [t for t in self.tasks if t.id not in done]
        return out

    def run(self, answerer_for: Callable[[str], Answerer]) -> dict[str, Any]:
        """Answer every pending task with each model, then write summary.json and report.md.
        `answerer_for(model)` is only called for a model with work left. Two evaluations
        of one run would interleave their results, so the second is refused. A failure
        (a full disk, a damaged file) marks progress.json `failed` with the reason."""
        with self.folder.lock():
            try:
                return self._run_locked(answerer_for)
            except Exception as exc:
                self._write_failed(exc)
                raise

    def _run_locked(self, answerer_for: Callable[[str], Answerer]) -> dict[str, Any]:
        self._check_settings()
        self.folder.drop_torn_tails()
        pending = self.pending()
        agentic = {m: self.agentic.pending(m) if self.agentic else [] for m in MODELS}
        self._started, self._answered = time.perf_counter(), 0
        self._left = sum(len(v) for v in pending.values()) + sum(len(v) for v in agentic.values())
        # Per model, single-turn then agentic: tuned's merged adapter is never unmerged for base.
        for model in MODELS:
            if pending[model]:
                self._answer_all(model, pending[model], answerer_for(model))
            if self.agentic is not None and agentic[model]:
                self._work_agentic(self.agentic, model, agentic[model], answerer_for(model))
        return self.write_summary()

    def _write_failed(self, exc: Exception) -> None:
        progress: dict[str, Any] = {}
        with suppress(FileError):
            progress = self.folder.progress() or {}
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        with suppress(FileError, OSError):
            self.folder.write_progress({**progress, "state": "failed",
                                        "error": reason, "pid": os.getpid(), "updated": time.time()})

    def run_one(self, model: str, answerer: Answerer) -> None:
        """Answer one model's pending tasks only. One base model's answers serve the
        evaluations of every adapter trained on it: answer them once, copy them over."""
        with self.folder.lock():
            try:
                self._check_settings()
                self.folder.drop_torn_tails()
                pending = self.pending()[model]
                self._started, self._answered, self._left = time.perf_counter(), 0, len(pending)
                if pending:
                    self._answer_all(model, pending, answerer)
            except Exception as exc:
                self._write_failed(exc)
                raise

    def _work_agentic(self, agentic: AgenticEvaluation, model: str, tasks: list[Any], policy: Answerer) -> None:
        total = len(agentic.tasks)
        before = total - len(tasks)

        def done(k: int) -> None:
            self._answered += 1
            self._write_progress(f"{model} (agentic)", before + k, total)

        agentic.answer_all(model, tasks, policy, on_done=done)

    def _check_settings(self) -> None:
        """Both models must answer under the same settings, so a resume under other ones
        is refused rather than mixed in."""
        before = self.folder.settings()
        made = any(self.folder.results(m) or self.folder.agentic_results(m) for m in MODELS)
        if before is not None and made:
            changed = [f"{k}={before.get(k)!r}" for k in self.settings if before.get(k) != self.settings[k]]
            if changed:
                raise ValueError(f"the results in {self.eval_dir} were made with {', '.join(changed)}; "
                                 "use the same settings to resume, or --fresh to start over")
        self.folder.write_settings(self.settings)

    def _answer_all(self, model: str, tasks: list[Conversation], answer: Answerer) -> None:
        ordered = sorted(tasks, key=prompt_size, reverse=True)
        total = len(self.tasks)
        done = total - len(tasks)
        for start in range(0, len(ordered), self.batch_size):
            batch = ordered[start : start + self.batch_size]
            t0 = time.perf_counter()
            generations = answer(batch)
            wall = time.perf_counter() - t0
            self.folder.append_results(model, self._score(batch, generations, wall))
            done += len(batch)
            self._answered += len(batch)
            self._write_progress(model, done, total)

    def _score(self, tasks: list[Conversation], gens: list[Generation], wall: float) -> list[dict[str, Any]]:
        records = []
        for task, gen in zip(tasks, gens):
            record = score_answer(task, gen.text, self.fmt, finished=gen.finished).to_dict()
            record.update(
                answer=gen.text,
                finished=gen.finished,
                new_tokens=gen.new_tokens,
                latency_s=round(gen.latency_s, 4),
                tokens_per_s=round(gen.new_tokens / gen.latency_s, 2) if gen.latency_s > 0 else None,
                wall_share_s=round(wall / len(tasks), 6),
                relevance=None,
            )
            records.append(record)
        graded = [i for i, t in enumerate(tasks) if relevance_applies(t)]
        if self.relevance is not None and graded:
            answers = ["" if records[i]["calls"] else records[i]["text"] for i in graded]
            scores = self.relevance.scores(answers, [tasks[i].reference for i in graded])
            for i, s in zip(graded, scores):
                records[i]["relevance"] = round(s, 4)
        if self.executor is not None:
            for record, outcome in zip(records, self.executor(tasks, [g.text for g in gens])):
                if outcome is not None:
                    record["execution"] = outcome
        return records

    def _write_progress(self, model: str, done: int, total: int, state: str = "running") -> None:
        elapsed = time.perf_counter() - self._started
        rate = self._answered / elapsed if elapsed > 0 else 0.0
        left = self._left - self._answered
        progress = {
            "state": state,
            "model": model,
            "done": done,
            "total": total,
            "tasks": len(self.tasks),  # this evaluation's size (--limit), whichever part runs
            "tasks_per_s": round(rate, 3),
            "eta_s": round(left / rate, 1) if rate > 0 else None,
            "pid": os.getpid(),
            "updated": time.time(),
        }
        self.folder.write_progress(progress)
        if self.on_progress is not None:
            self.on_progress(progress)

    def write_summary(self) -> dict[str, Any]:
        """summary.json and report.md from the results on disk (both models complete)."""
        results = {m: self.folder.results(m) for m in MODELS}
        summary = summarize(self.tasks, results, self.labels)
        summary["agentic"] = summarize_agentic(self.eval_dir)
        self.folder.write_summary(summary, render_report(summary))
        total = len(self.tasks)
        self._write_progress(MODELS[-1], total, total, state="done")
        return summary
