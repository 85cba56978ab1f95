"""Evaluation panel: the summary table, the task list with each model's pass/fail,
filters (category, disagreements, regressions), the side-by-side view, starting an
evaluation (progress while it runs), and "ask both" on a tiny model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable
from tui_fixtures import (BASE_RIGHT, TUNED_RIGHT, FakeTelemetry, add_evaluation, anyio_backend, make_adapter_run,
                          make_run, notified, screen_text, text_when, utc, wait_until)

from mcp_tui.cli import build_parser
from mcp_tui.runs import Run
from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens import evaluation
from mcp_tui.tui.screens.ask import AskScreen
from mcp_tui.tui.screens.evaluation import EvaluationScreen
from mcp_tui.tui.screens.task_detail import TaskDetailScreen
from mcp_tui.tui.widgets.evaluation.answer import AnswerPane
from mcp_tui.tui.widgets.dialogs.eval_start import EvalStartDialog
from mcp_tui.tui.widgets.evaluation.tasks import TaskList

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]


def open_eval(runs_dir: Path, run: Run, poll_s: float = 0.1) -> McpTuiApp:
    app = McpTuiApp(runs_dir, telemetry_source=FakeTelemetry(), poll_s=poll_s)
    app.call_later(lambda: app.push_screen(EvaluationScreen(run.path)))
    return app


def task_ids(app: McpTuiApp) -> list[str]:
    return [r.id for r in app.screen.query_one(TaskList).rows_data]


@pytest.fixture
def evaluated(runs_dir: Path, tmp_path: Path) -> Run:
    run = make_run(runs_dir, "20250114-180000-smollm2", "completed", 60)
    add_evaluation(run, tmp_path)
    return run


async def test_summary_tasks_and_filters(runs_dir: Path, evaluated: Run) -> None:
    summary = json.loads((evaluated.eval_dir / "summary.json").read_text())
    app = open_eval(runs_dir, evaluated)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(task_ids(app)) == 15)
        table = app.screen.query_one("#summary", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert [r[0] for r in rows] == [*summary["categories"], "overall"]
        o = summary["overall"]
        assert rows[-1][1:5] == [str(o["n"]), "46.7%", "86.7%", "+40.0"] and o["n"] == 15
        await text_when(pilot, app, "Done: both models answered 15 tasks.")
        await pilot.press("d")
        await wait_until(pilot, lambda: set(task_ids(app)) == BASE_RIGHT ^ TUNED_RIGHT)
        assert len(task_ids(app)) == 8
        await pilot.press("r")
        await wait_until(pilot, lambda: task_ids(app) == ["sel-0"] == sorted(BASE_RIGHT - TUNED_RIGHT))
        await pilot.press("d", "c", "c")  # disagreements off; category: tool_selection, then parameter_formatting
        await wait_until(pilot, lambda: task_ids(app) == [])
        await pilot.press("r")
        await wait_until(pilot, lambda: task_ids(app) == ["par-0", "par-1", "par-2"])
        await text_when(pilot, app, "category parameter_formatting (c)", "tasks: 3 of 15")


async def test_side_by_side(runs_dir: Path, evaluated: Run) -> None:
    app = open_eval(runs_dir, evaluated)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(task_ids(app)) == 15)
        await pilot.press("r")  # regressions only: sel-0
        await wait_until(pilot, lambda: task_ids(app) == ["sel-0"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskDetailScreen))
        text = screen_text(app)
        assert "sel-0" in text and "tool_selection" in text and "user: Show me src/m0.py" in text
        assert 'filesystem.read_text_file(path="src/m0.py")' in text
        base = app.screen.query_one("#base-answer", AnswerPane).record
        tuned = app.screen.query_one("#tuned-answer", AnswerPane).record
        assert base["passed"] and not tuned["passed"]
        assert "<use_mcp_tool>" in text and '{"path": "src/m0.py"}' in text and '{"path": "wrong.txt"}' in text
        failed = [c for c in tuned["checks"] if not c["ok"]]
        assert "✓ pass" in text and "✗ fail" in text and failed
        assert all(f"✗ {c['name']}: {c['reason'][:20]}" in text for c in failed)
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen))
        await pilot.press("r")
        await wait_until(pilot, lambda: len(task_ids(app)) == 15)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskDetailScreen))
        first = app.screen.task_ids[app.screen.index]
        await pilot.press("right_square_bracket")
        assert app.screen.task_ids[app.screen.index] != first
        await text_when(pilot, app, "task 2 of 15")



async def test_side_by_side_marks_call_checks_of_an_answer_without_calls_not_applicable(
        runs_dir: Path, evaluated: Run) -> None:
    app = open_eval(runs_dir, evaluated)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(task_ids(app)) == 15)
        await pilot.press(*"ccccc")  # category: no_tool
        await wait_until(pilot, lambda: task_ids(app) == ["not-0", "not-1", "not-2"])
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, TaskDetailScreen))
        text = screen_text(app)
        assert text.count("– syntax: n/a, the answer has no call") == 2  # base and tuned answered plainly
        assert "✓ syntax" not in text and "✓ no_call" in text
        app.screen.action_step(-1)  # not-2: base made a call where none fits
        await pilot.pause()
        text = screen_text(app)
        assert text.count("– syntax: n/a") == 1 and "✓ syntax" in text and "✗ no_call" in text


def test_eval_command_is_the_cli(tmp_path: Path) -> None:
    run = Run(tmp_path / "runs" / "20250115-093000-demo")
    cmd = evaluation.eval_command(run)
    assert cmd[:2] == [sys.executable, "-c"]
    args = build_parser().parse_args(cmd[3:])
    assert args.command == "eval" and args.target == [run.id] and args.runs_dir == str(tmp_path / "runs")


def stand_in_evaluator(progress: Path) -> list[str]:
    """A process in place of `mcp-tui eval` that reports base at 4 of 15 tasks, then lives
    until it is stopped (its own pid in progress.json, as the evaluator writes it); written
    atomically so the screen never reads half of it."""
    script = ("import json, os, sys, time; p = sys.argv[1]; os.makedirs(os.path.dirname(p), exist_ok=True)\n"
              "json.dump({'state': 'running', 'model': 'base', 'done': 4, 'total': 15, 'tasks': 15,"
              " 'tasks_per_s': 2.0, 'eta_s': 13.0, 'pid': os.getpid()}, open(p + '.tmp', 'w'))\n"
              "os.replace(p + '.tmp', p); time.sleep(600)")
    return [sys.executable, "-c", script, str(progress)]


def use_fixture_tasks(run: Run, tmp_path: Path) -> None:
    """The run's eval.tasks_file: the 15 tasks `add_evaluation` answers."""
    from eval_helpers import make_tasks

    from mcp_tui.config import save_config
    from mcp_tui.data.formats import write_jsonl

    write_jsonl(make_tasks(3), tmp_path / "eval_tasks.jsonl")
    cfg = run.config()
    cfg.eval.tasks_file = str(tmp_path / "eval_tasks.jsonl")
    save_config(cfg, run.config_path)


async def test_start_asks_how_many_then_progress_stop_resume_results(runs_dir: Path, tmp_path: Path,
                                                                      monkeypatch) -> None:
    run = make_run(runs_dir, "20250115-093000-demo", "completed", 60)
    use_fixture_tasks(run, tmp_path)
    app = open_eval(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and app.screen.results is not None
                         and app.screen.tasks is not None)
        await text_when(pilot, app, "No evaluation yet. Press s", "tasks: 15 of 15")
        await pilot.press("s")  # no adapter yet: refused with the reason
        await wait_until(pilot, lambda: notified(app, "has no adapter yet"))
        (run.adapter_dir).mkdir()
        (run.adapter_dir / "adapter_config.json").write_text("{}")
        progress = run.eval_dir / "progress.json"
        monkeypatch.setattr(evaluation, "eval_command", lambda r: stand_in_evaluator(progress))
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, EvalStartDialog))
        assert app.screen.query_one("#eval-count").value == "15"  # the preset's limit (100) is more than the set
        await pilot.press("ctrl+u", "0", "enter")  # out of range: said, not started
        assert isinstance(app.screen, EvalStartDialog)
        await text_when(pilot, app, "a number from 1 to 15")
        await pilot.press("ctrl+u", "1", "5", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen))
        assert app.screen.process.args[-2:] == ["--limit", "15"]
        # However slow the stand-in's start, it runs until stopped.
        await wait_until(pilot, lambda: "Evaluating base: 4/15 tasks, 2.00 tasks/s, ETA 13s" in screen_text(app),
                         timeout=120, what="progress from the evaluator")
        await wait_until(pilot, lambda: "x Stop" in screen_text(app), what="the footer to offer Stop")
        assert "s Start" not in screen_text(app)
        await pilot.press("x")
        await wait_until(pilot, lambda: "Stopped at base 4/15 tasks" in screen_text(app), timeout=120,
                         what="the evaluator to stop")
        await wait_until(pilot, lambda: "s Start" in screen_text(app), what="the footer to offer Start")
        assert not notified(app, "exited with code")
        await pilot.press("s")  # resumes at once, with the stopped evaluation's size
        await wait_until(pilot, lambda: app.screen.process is not None)
        assert app.screen.process.args[-2:] == ["--limit", "15"] and not isinstance(app.screen, EvalStartDialog)
        app.screen.process.kill()  # an evaluator that dies is reported, with its log
        await wait_until(pilot, lambda: notified(app, "exited with code"), timeout=120)
        add_evaluation(run, tmp_path)
        await wait_until(pilot, lambda: "Done: both models answered 15 tasks." in screen_text(app), timeout=120,
                         what="results")
        assert app.screen.query_one("#summary", DataTable).row_count == 6
        assert (run.path / "eval.log").exists()


async def test_per_model_bars_and_only_this_evaluations_tasks(runs_dir: Path, tmp_path: Path) -> None:
    """A 4-task evaluation of a 15-task set: the list has 4 rows, each model a bar."""
    import os

    from eval_helpers import make_tasks

    from mcp_tui.eval.runner import Evaluation
    from tui_fixtures import FMT, ScriptedAB

    run = make_run(runs_dir, "20250115-093000-demo", "completed", 60)
    use_fixture_tasks(run, tmp_path)
    tasks = make_tasks(3)[:4]
    evaluation_ = Evaluation(run.eval_dir, tasks, FMT, batch_size=2)
    evaluation_.run_one("base", ScriptedAB(BASE_RIGHT))
    progress = json.loads((run.eval_dir / "progress.json").read_text())
    assert progress["tasks"] == 4
    # Alive elsewhere (this test's pid), half through tuned: picked up live, without s.
    (run.eval_dir / "progress.json").write_text(json.dumps(progress | {"model": "tuned", "done": 0,
                                                                       "pid": os.getpid(), "eta_s": 8.0}))
    app = open_eval(runs_dir, run)
    async with app.run_test(size=(80, 24)) as pilot:
        text = await text_when(pilot, app, "tasks: 4 of 4", "4/4", "0/4", "ETA 8s")
        assert "base" in text and "tuned" in text
        await wait_until(pilot, lambda: "x Stop" in screen_text(app), what="the footer to offer Stop")


async def test_ask_both_answers_side_by_side(runs_dir: Path, tiny_model_dir: Path, tmp_path: Path) -> None:
    run = make_adapter_run(runs_dir, tiny_model_dir, tmp_path)
    app = open_eval(runs_dir, run)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, AskScreen))
        await pilot.press(*"Show me src/app.py", "enter")
        panes = [app.screen.query_one(f"#{m}-answer", AnswerPane) for m in ("base", "tuned")]
        await wait_until(pilot, lambda: all(p.record for p in panes), timeout=60, what="both answers")
        for pane in panes:
            assert pane.record["checks"][0]["name"] == "calls" and pane.record["latency_s"] > 0
        await wait_until(pilot, lambda: "Ask another" in screen_text(app))
        await text_when(pilot, app, "tuned", "base")


async def test_evaluation_running_elsewhere_or_interrupted(runs_dir: Path) -> None:
    import os
    import subprocess

    run = make_run(runs_dir, "20250115-093000-demo", "completed", 60)
    (run.adapter_dir).mkdir()
    (run.adapter_dir / "adapter_config.json").write_text("{}")
    run.eval_dir.mkdir()
    progress = {"state": "running", "model": "tuned", "done": 7, "total": 15, "tasks_per_s": 0.5, "eta_s": 16.0,
                "pid": os.getpid()}  # a live process: the evaluation runs elsewhere (the CLI)
    (run.eval_dir / "progress.json").write_text(json.dumps(progress))
    app = open_eval(runs_dir, run)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: "Evaluating tuned: 7/15 tasks" in screen_text(app))
        await wait_until(pilot, lambda: "x Stop" in screen_text(app), what="the footer to offer Stop")
        assert "s Start" not in screen_text(app)  # s starts nothing now
        await pilot.press("s")
        assert app.screen.process is None
        dead = subprocess.Popen([sys.executable, "-c", "pass"])
        dead.wait()
        (run.eval_dir / "progress.json").write_text(json.dumps(progress | {"pid": dead.pid}))
        await wait_until(pilot, lambda: "Stopped at tuned 7/15 tasks" in screen_text(app))
        await text_when(pilot, app, "Press s to resume")


async def test_a_read_from_before_the_task_file_does_not_reorder_the_list(runs_dir: Path, evaluated: Run) -> None:
    """Reads run in threads: one started before the task file was loaded can arrive last."""
    from mcp_tui.tui.eval_view import read_eval
    from mcp_tui.tui.messages import EvalRead

    app = open_eval(runs_dir, evaluated, poll_s=3600)  # no polling read to overwrite the stale one
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(task_ids(app)) == 15)
        in_task_order = task_ids(app)
        stale = read_eval(evaluated.eval_dir, {})
        assert [r.id for r in stale.rows()] != in_task_order  # the stale read would reorder the list
        app.screen.post_message(EvalRead(stale))
        await pilot.pause(0.2)
        assert task_ids(app) == in_task_order


async def test_t_switches_the_task_set_and_s_evaluates_on_it(runs_dir: Path, evaluated: Run, monkeypatch) -> None:
    """The run's own set first, then the bundled ones (the foreign set among them): each
    shows its own results, and s starts the evaluation on the set shown."""
    started: list[list[str]] = []
    def spawn(run: Run, extra: tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
        started.append(list(extra))
        return subprocess.Popen([sys.executable, "-c", "pass"])

    monkeypatch.setattr(evaluation, "spawn_eval", spawn)
    (evaluated.adapter_dir).mkdir(exist_ok=True)
    (evaluated.adapter_dir / "adapter_config.json").write_text("{}")
    app = open_eval(runs_dir, evaluated)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, EvaluationScreen) and len(task_ids(app)) == 15)
        await text_when(pilot, app, "· eval_tasks.jsonl")
        await pilot.press("t", "t")
        await wait_until(pilot, lambda: "mcp_eval_foreign.jsonl" in screen_text(app) and app.screen.tasks)
        await wait_until(pilot, lambda: "No evaluation yet" in screen_text(app) and len(task_ids(app)) == 400)
        assert app.screen.results_dir == evaluated.eval_dir / "mcp_eval_foreign"
        assert all(r.base is None and r.tuned is None for r in app.screen.query_one(TaskList).rows_data)
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, EvalStartDialog))
        assert app.screen.query_one("#eval-count").value == "100"  # the preset's eval.limit
        await pilot.press("enter")
        await wait_until(pilot, lambda: bool(started))
        assert started[0] == ["--limit", "100", "--tasks", started[0][3]]
        assert started[0][3].endswith("mcp_eval_foreign.jsonl")
        await pilot.press("t")  # back to the run's own set and its results
        await wait_until(pilot, lambda: len(task_ids(app)) == 15)
