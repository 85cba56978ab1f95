"""The agentic part of an A/B evaluation: lockstep batches on sandbox servers, records with
transcripts, resume after an interruption, the summary's paired statistics and the report;
and `mcp-tui eval --agentic` end to end on a tiny model."""

from __future__ import annotations

import json

import pytest
from agent_helpers import port_task
from eval_helpers import FMT, Scripted, make_tasks

from mcp_tui.agent.scripted import ScriptedPolicy
from mcp_tui.agent.tasks import SolutionStep, load_agentic_tasks
from mcp_tui.data.formats import write_jsonl
from mcp_tui.eval.agentic import AgenticEvaluation, agentic_results_path, summarize_agentic
from mcp_tui.eval.report import render_report
from mcp_tui.eval.runner import Evaluation


class Solver:
    """Works each task with its known solution (`good`) or only answers; counts turns."""

    def __init__(self, tasks, good: bool, fail_after: int | None = None) -> None:
        self.scripts = {t.id: ScriptedPolicy(t.solution if good else [SolutionStep("Done.")], FMT) for t in tasks}
        self.fail_after = fail_after
        self.batches: list[int] = []

    def __call__(self, convs):
        if self.fail_after is not None and len(self.batches) >= self.fail_after:
            raise KeyboardInterrupt
        self.batches.append(len(convs))
        return [self.scripts[c.id]([c])[0] for c in convs]


def _tasks(n: int):
    from dataclasses import replace

    return [replace(port_task(), id=f"port-{i}") for i in range(n)]


@pytest.mark.slow  # sandbox server processes
def test_both_models_work_every_task_and_the_summary_compares_them(tmp_path):
    tasks = _tasks(3)
    agentic = AgenticEvaluation(tmp_path, tasks, FMT, batch_size=2)
    policies = {"base": Solver(tasks, good=False), "tuned": Solver(tasks, good=True)}
    single = make_tasks(1)
    answerers = {"base": Scripted(good=False), "tuned": Scripted(good=True)}

    def answerer_for(model):
        def both(items):  # single-turn tasks (Conversations with a category) or agentic turns
            return (answerers if items[0].category else policies)[model](items)
        return both

    summary = Evaluation(tmp_path, single, FMT, agentic=agentic).run(answerer_for)
    # Two slots, generated together; the third task then took a freed slot, its folder reseeded.
    assert policies["tuned"].batches == [2, 2, 2, 1, 1, 1]
    records = [json.loads(line) for line in agentic_results_path(tmp_path, "tuned").read_text().splitlines()]
    assert sorted(r["id"] for r in records) == ["port-0", "port-1", "port-2"]
    r = records[0]
    assert r["passed"] and r["steps"] == 3 and r["calls"] == 2 and r["errored_calls"] == 0 and r["end"] == "answered"
    assert "+port: 9090" in r["diff"] and len(r["transcript"]["steps"]) == 3
    base = json.loads(agentic_results_path(tmp_path, "base").read_text().splitlines()[0])
    assert not base["passed"] and base["steps"] == 1 and base["diff"] == ""
    assert [c["name"] for c in base["checks"] if not c["ok"]] == ["file"]

    a = summary["agentic"]
    assert (a["n"], a["base"], a["tuned"], a["tuned_only"]) == (3, 0.0, 1.0, 3)
    assert a["families"]["fix_value"]["n"] == 3
    assert a["models"]["tuned"]["mean_steps"] == 3.0 and a["models"]["base"]["mean_steps"] == 1.0
    assert a["steps"]["delta"] == 2.0 and a["models"]["tuned"]["errored_calls"] == 0
    report = (tmp_path / "report.md").read_text()
    assert "## Agentic tasks (multi-step, on the sandbox MCP server)" in report
    assert "| **all** | 3 | 0.0% | 100.0% | +100.0 pt |" in report
    assert json.loads((tmp_path / "progress.json").read_text())["state"] == "done"


@pytest.mark.slow  # sandbox server processes
def test_an_interrupted_agentic_run_resumes_where_it_stopped(tmp_path):
    tasks = _tasks(3)
    agentic = AgenticEvaluation(tmp_path, tasks, FMT, batch_size=1)
    with pytest.raises(KeyboardInterrupt):
        agentic.answer_all("tuned", tasks, Solver(tasks, good=True, fail_after=4))
    assert [t.id for t in agentic.pending("tuned")] == ["port-1", "port-2"]
    agentic.answer_all("tuned", agentic.pending("tuned"), Solver(tasks, good=True))
    assert agentic.pending("tuned") == [] and summarize_agentic(tmp_path) is None  # base has not worked yet


def test_the_report_leaves_out_what_did_not_run(tmp_path):
    summary = Evaluation(tmp_path, make_tasks(1), FMT).run(
        lambda m: Scripted(good=m == "tuned"))
    assert summary["agentic"] is None and "Agentic" not in render_report(summary)


@pytest.fixture
def run(runs_dir, tiny_model_dir, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    from mcp_tui.config import load_config
    from mcp_tui.runs import create_run

    tasks = tmp_path / "tasks.jsonl"
    write_jsonl(make_tasks(1)[:1], tasks)
    cfg = load_config("cpu-demo", [f"model.source={tiny_model_dir}", f"eval.tasks_file={tasks}",
                                   "eval.max_new_tokens=6", "eval.batch_size=2"])
    r = create_run(runs_dir, cfg)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model_dir), LoraConfig(r=2, target_modules=["q_proj"]))
    model.save_pretrained(r.adapter_dir)
    return r


@pytest.mark.slow
def test_eval_agentic_on_a_tiny_model(run, runs_dir, tmp_path, capsys):
    """A real model (tiny, random) works two bundled agentic tasks on the sandbox server
    through the CLI: every turn is generated, parsed and recorded, and scored by outcome."""
    from mcp_tui.agent.tasks import bundled_agentic_path
    from mcp_tui.cli import main

    two = tmp_path / "agentic.jsonl"
    write_jsonl([t.to_conversation() for t in load_agentic_tasks(bundled_agentic_path(), limit=2)], two)
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--agentic-tasks", str(two)]) == 0
    out, err = capsys.readouterr()
    assert "2 agentic tasks; to work: base 2, tuned 2" in err and "[tuned (agentic)] 2/2 tasks" in err
    assert "## Agentic tasks" in out
    for model in ("base", "tuned"):
        records = [json.loads(x) for x in agentic_results_path(run.eval_dir, model).read_text().splitlines()]
        assert len(records) == 2
        for r in records:
            steps = r["transcript"]["steps"]
            assert 1 <= r["steps"] == len(steps) <= r["max_steps"] and all(s["new_tokens"] <= 6 for s in steps)
            assert r["end"] in ("answered", "budget") and not r["passed"]
    summary = json.loads((run.eval_dir / "summary.json").read_text())
    assert summary["agentic"]["n"] == 2 and summary["tasks"]["paired"] == 1
    # --fresh forgets the agentic results too.
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--fresh", "--limit", "1"]) == 0
    assert not agentic_results_path(run.eval_dir, "base").exists()


@pytest.mark.slow  # sandbox server processes
def test_a_sandbox_server_that_dies_stops_the_evaluation_without_scoring_the_model(tmp_path):
    """A dead sandbox is the harness failing, not the model: nothing is recorded for the
    task it was serving, and a rerun resumes."""
    import psutil

    from mcp_tui.agent.servers import ServerError

    tasks = _tasks(2)
    agentic = AgenticEvaluation(tmp_path, tasks, FMT, batch_size=1)
    solver = Solver(tasks, good=True)

    def killing(convs):
        if len(solver.batches) == 4:  # the second task's first turn: its server goes away
            for child in psutil.Process().children(recursive=True):  # this evaluation's sandbox only
                if "mcp-tui-agentic-" in " ".join(child.cmdline()):
                    child.kill()
                    child.wait(10)
        return solver(convs)

    with pytest.raises(ServerError, match="stopped during task port-1; run the same command again"):
        agentic.answer_all("tuned", tasks, killing)
    assert [t.id for t in agentic.pending("tuned")] == ["port-1"]


@pytest.mark.slow  # sandbox server processes
def test_agentic_results_are_not_resumed_under_other_settings(tmp_path):
    tasks = _tasks(1)
    agentic = AgenticEvaluation(tmp_path, tasks, FMT)
    agentic.answer_all("base", tasks, Solver(tasks, good=False))
    Evaluation(tmp_path, [], FMT, settings={"max_new_tokens": 4}, agentic=agentic)._check_settings()
    with pytest.raises(ValueError, match="made with max_new_tokens=4"):
        Evaluation(tmp_path, [], FMT, settings={"max_new_tokens": 8}, agentic=agentic)._check_settings()
