"""The A/B loop with scripted answerers: files, resume, summary and report."""

import json

import pytest

from eval_helpers import FMT, Scripted, make_tasks
from mcp_tui.data.conversation import Conversation, Message
from mcp_tui.data.formats import DataError, write_jsonl
from mcp_tui.eval.report import summarize
from mcp_tui.eval.folder import EvalFolder
from mcp_tui.eval.runner import Evaluation
from mcp_tui.eval.tasks import load_tasks


class FakeRelevance:
    def scores(self, answers, references):
        return [1.0 if a == r else 0.0 for a, r in zip(answers, references)]


def run_eval(tmp_path, answerers, **kw):
    ev = Evaluation(tmp_path / "eval", make_tasks(), FMT, batch_size=4, relevance=FakeRelevance(), **kw)
    return ev, ev.run(lambda model: answerers[model])


def test_gold_answers_pass_every_category(tmp_path):
    ev, summary = run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(True)})
    for name, r in summary["categories"].items():
        assert r["base"] == 1.0, name


def test_tuned_beats_base_and_every_file_is_written(tmp_path):
    progress = []
    ev, summary = run_eval(tmp_path, {"base": Scripted(False), "tuned": Scripted(True)}, on_progress=progress.append)
    out = tmp_path / "eval"
    assert {p.name for p in out.iterdir()} == {"base.jsonl", "tuned.jsonl", "progress.json", "summary.json", "report.md", ".lock", "settings.json"}
    assert len((out / "tuned.jsonl").read_text().splitlines()) == 15
    assert json.loads((out / "summary.json").read_text()) == summary
    overall = summary["overall"]
    # An empty answer fails every category, no_tool included.
    assert (overall["n"], overall["base"], overall["tuned"]) == (15, 0.0, 1.0)
    assert overall["p_value"] == pytest.approx(2 / 2**15)
    assert set(summary["categories"]) == {"tool_selection", "parameter_formatting", "completeness", "error_handling", "no_tool"}
    assert set(summary["categories"]["completeness"]) >= {"n", "base", "tuned", "delta", "ci95", "p_value"}
    assert summary["relevance"]["n"] == 3 and summary["relevance"]["delta"] == 1.0
    # Scripted batches take at least 10 ms for 5 tokens per task.
    assert 0 < summary["models"]["tuned"]["tokens_per_s"] <= 4 * 5 / 0.01
    report = (out / "report.md").read_text()
    assert "| **overall** | 15 | 0.0% | 100.0% | +100.0 pt |" in report
    assert "- base: base" in report
    assert progress[-1]["state"] == "done"
    assert json.loads((out / "progress.json").read_text())["done"] == 15
    record = json.loads((out / "base.jsonl").read_text().splitlines()[0])
    assert {"id", "category", "passed", "checks", "answer", "latency_s", "tokens_per_s", "new_tokens"} <= set(record)


def test_an_interrupted_evaluation_resumes_where_it_stopped(tmp_path):
    first = Scripted(True, fail_after=8)
    with pytest.raises(KeyboardInterrupt):
        run_eval(tmp_path, {"base": first, "tuned": Scripted(True)})
    assert len(EvalFolder(tmp_path / "eval").results("base")) == 8
    # A write cut short leaves a torn line; it is dropped and redone.
    with open(tmp_path / "eval" / "base.jsonl", "a") as f:
        f.write('{"id": "sel-0", "pass')
    again, tuned = Scripted(True), Scripted(True)
    _, summary = run_eval(tmp_path, {"base": again, "tuned": tuned})
    assert len(again.answered) == 7 and not set(again.answered) & set(first.answered)
    assert len(tuned.answered) == 15
    assert summary["tasks"] == {"total": 15, "paired": 15}
    assert (tmp_path / "eval" / "base.jsonl").read_text().count("\n") == 15


def test_a_second_evaluation_of_the_same_run_is_refused(tmp_path):
    import fcntl

    (tmp_path / "eval").mkdir()
    with open(tmp_path / "eval" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(ValueError, match="another evaluation is writing"):
            run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(True)})


def test_resuming_under_other_settings_is_refused(tmp_path):
    with pytest.raises(KeyboardInterrupt):
        run_eval(tmp_path, {"base": Scripted(True, fail_after=4), "tuned": Scripted(True)}, settings={"max_new_tokens": 64})
    with pytest.raises(ValueError, match="made with max_new_tokens=64; use the same settings"):
        run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(True)}, settings={"max_new_tokens": 128})
    _, summary = run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(True)}, settings={"max_new_tokens": 64})
    assert summary["tasks"]["paired"] == 15


def test_finished_models_are_not_loaded_again(tmp_path):
    run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(False)})

    def refuse(model):
        raise AssertionError(f"{model} was asked to answer again")

    summary = Evaluation(tmp_path / "eval", make_tasks(), FMT).run(refuse)
    assert summary["overall"]["base"] == 1.0


def test_summary_pairs_only_tasks_both_models_answered():
    tasks = make_tasks(1)
    rec = {"passed": True, "checks": [], "new_tokens": 1, "wall_share_s": 1.0, "latency_s": 1.0, "finished": True}
    results = {"base": {t.id: dict(rec) for t in tasks}, "tuned": {tasks[0].id: dict(rec)}}
    s = summarize(tasks, results)
    assert s["tasks"] == {"total": 5, "paired": 1}
    assert s["overall"]["n"] == 1


def test_load_tasks_names_the_broken_task(tmp_path):
    good = make_tasks(1)
    path = tmp_path / "tasks.jsonl"
    write_jsonl(good, path)
    assert [t.id for t in load_tasks(path, limit=2)] == ["sel-0", "par-0"]

    bad = make_tasks(1)
    bad[0].expected_calls = []
    bad[0].messages = bad[0].messages[:1]
    write_jsonl(bad, path)
    with pytest.raises(DataError, match="task 'sel-0': a tool_selection task needs expected_calls"):
        load_tasks(path)

    dup = make_tasks(1) + make_tasks(1)[:1]
    write_jsonl(dup, path)
    with pytest.raises(DataError, match="task 'sel-0': the id is used by an earlier task"):
        load_tasks(path)

    err = make_tasks(1)[3]
    err.messages = [Message("user", "hi"), err.messages[-1]]
    write_jsonl([err], path)
    with pytest.raises(DataError, match="must end with a tool result flagged is_error"):
        load_tasks(path)

    schema = make_tasks(1)[:1]
    schema[0].tools[0].input_schema["type"] = "thing"
    write_jsonl(schema, path)
    with pytest.raises(DataError, match="input_schema is not a valid JSON schema"):
        load_tasks(path)
    schema[0].tools[0].input_schema["type"] = "object"


def test_tasks_without_category_get_one_from_their_gold_answer(tmp_path):
    conv = Conversation(messages=[Message("user", "hi"), Message("assistant", "Hello!")], id="x")
    path = tmp_path / "t.jsonl"
    write_jsonl([conv], path)
    [task] = load_tasks(path)
    assert task.category == "no_tool"


def test_a_full_disk_fails_the_evaluation_in_one_line_and_keeps_every_answer(tmp_path, monkeypatch):
    """The disk fills up while the third batch of base answers is written: that batch is cut
    back to whole lines, progress.json says `failed` and why, and a rerun resumes."""
    import errno
    import os

    from mcp_tui import fileio
    from mcp_tui.cli.eval import _one_line
    from mcp_tui.fileio import DiskFullError

    real_write, written = os.write, []

    def fills_up(fd, data):
        if os.readlink(f"/proc/self/fd/{fd}").endswith("base.jsonl"):
            written.append(len(data))
            if len(written) > 9:  # two batches of 4 answers and one more fit, then 7 bytes of the tenth
                if len(written) == 10:
                    return real_write(fd, bytes(data[:7]))
                raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(fileio.os, "write", fills_up)
    with pytest.raises(DiskFullError) as err:
        run_eval(tmp_path, {"base": Scripted(True), "tuned": Scripted(True)})
    monkeypatch.undo()
    line = _one_line(err.value)
    assert line.startswith(f"{tmp_path / 'eval' / 'base.jsonl'}: the disk is full (") and "\n" not in line
    assert line.endswith("free some space, then run the same command to resume")
    folder = EvalFolder(tmp_path / "eval")
    progress = folder.progress()
    assert progress["state"] == "failed" and "the disk is full" in progress["error"] and progress["done"] == 8
    assert len(folder.results("base")) == 9  # every answer written whole is kept
    assert (tmp_path / "eval" / "base.jsonl").read_text().count("\n") == 9  # and no torn line
    assert not [p for p in (tmp_path / "eval").iterdir() if p.name.endswith(".tmp")]
    again = Scripted(True)
    _, summary = run_eval(tmp_path, {"base": again, "tuned": Scripted(True)})
    assert len(again.answered) == 6 and summary["tasks"]["paired"] == 15


def test_results_from_before_call_formats_still_summarize_and_render(tmp_path):
    """Results and summaries written when call syntax was the "xml" check (the committed
    demo A/B) read as the format-neutral "syntax" check, with the same figures."""
    import shutil
    from pathlib import Path

    from mcp_tui.eval.report import render_report
    from mcp_tui.tools.catalog import bundled_catalog_path

    folder = shutil.copytree(Path(__file__).parent.parent / "bench" / "results" / "demo_ab" / "eval", tmp_path / "eval")
    old = json.loads((folder / "summary.json").read_text())
    results = {m: EvalFolder(folder).results(m) for m in ("base", "tuned")}
    tasks = [t for t in load_tasks(bundled_catalog_path().parent / "mcp_eval.jsonl") if t.id in results["base"]]
    new = summarize(tasks, results)
    for model in ("base", "tuned"):
        assert new["models"][model]["syntax_valid"] == old["models"][model]["xml_valid"]
        assert "xml" not in new["models"][model]["failed_checks"]
    assert "syntax" in new["checks"] and "xml" not in new["checks"]
    assert f"| {100 * old['models']['base']['xml_valid']:.1f}% |" in render_report(old)
