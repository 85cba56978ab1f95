"""`mcp-tui eval` end to end on a tiny model with a saved adapter, and its user errors."""

import json

import pytest

from eval_helpers import make_tasks
from mcp_tui.cli import main
from mcp_tui.config import load_config
from mcp_tui.data.formats import write_jsonl
from mcp_tui.runs import create_run


@pytest.fixture
def run(runs_dir, tiny_model_dir, tmp_path):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    tasks = tmp_path / "tasks.jsonl"
    write_jsonl(make_tasks(1), tasks)
    cfg = load_config("cpu-demo", [f"model.source={tiny_model_dir}", f"eval.tasks_file={tasks}",
                                   "eval.max_new_tokens=4", "eval.batch_size=3"])
    r = create_run(runs_dir, cfg)
    model = get_peft_model(AutoModelForCausalLM.from_pretrained(tiny_model_dir), LoraConfig(r=2, target_modules=["q_proj"]))
    model.save_pretrained(r.adapter_dir)
    return r


def test_eval_writes_results_and_prints_the_report(run, runs_dir, capsys):
    assert main(["--runs-dir", str(runs_dir), "eval", run.id]) == 0
    out, err = capsys.readouterr()
    assert "| **overall** | 5 |" in out
    assert "[tuned] 5/5 tasks" in err
    summary = json.loads((run.eval_dir / "summary.json").read_text())
    assert summary["tasks"] == {"total": 5, "paired": 5}
    assert json.loads((run.eval_dir / "progress.json").read_text())["state"] == "done"
    # Run again: everything is answered, so nothing is loaded and the summary is rewritten.
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--limit", "2"]) == 0
    assert json.loads((run.eval_dir / "summary.json").read_text())["tasks"] == {"total": 2, "paired": 2}
    assert "to answer: base 0, tuned 0" in capsys.readouterr().err
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--max-new-tokens", "9"]) == 1
    assert "made with max_new_tokens=4" in capsys.readouterr().err


def test_ask_shows_both_answers(run, runs_dir, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["--runs-dir", str(runs_dir), "eval", "ask", run.id, "Read src/app.py", "--max-new-tokens", "3"]) == 0
    out = capsys.readouterr().out
    assert "base (3 tokens" in out and "tuned (3 tokens" in out
    assert "cut off at the token budget" in out


@pytest.mark.parametrize("argv, message", [
    (["eval", "nope"], "no run 'nope'"),
    (["eval", "ask", "x"], "ask needs a run and one quoted prompt"),
    (["eval", "a", "b"], "expected one run, got 2 words"),
])
def test_user_errors_are_one_line(runs_dir, capsys, argv, message):
    assert main(["--runs-dir", str(runs_dir), *argv]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_run_without_adapter_or_with_bad_tasks_says_what_to_do(run, runs_dir, tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"messages": []}\n')
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--tasks", str(bad)]) == 1
    assert str(bad) in capsys.readouterr().err
    for f in run.adapter_dir.iterdir():
        f.unlink()
    assert main(["--runs-dir", str(runs_dir), "eval", run.id]) == 1
    assert "has no adapter yet" in capsys.readouterr().err


def test_a_checkpoint_is_evaluated_into_its_own_folder(run, runs_dir, capsys):
    """A checkpoint holds an adapter like the final one; its results stay apart from eval/."""
    import shutil

    from mcp_tui.runs import mark_checkpoint_complete

    checkpoint = run.checkpoints_dir / "checkpoint-2"
    shutil.copytree(run.adapter_dir, checkpoint)
    mark_checkpoint_complete(checkpoint)
    shutil.rmtree(run.adapter_dir)  # training still going: no final adapter yet
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--limit", "2"]) == 1
    assert "pass --checkpoint latest" in capsys.readouterr().err
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--checkpoint", "latest", "--limit", "2"]) == 0
    out, err = capsys.readouterr()
    assert "| **overall** | 2 |" in out and f"the adapter in {checkpoint}" in out
    assert json.loads((run.eval_dir / "checkpoint-2" / "summary.json").read_text())["tasks"]["paired"] == 2
    assert not (run.eval_dir / "summary.json").exists()
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--checkpoint", "7"]) == 1
    assert "no finished checkpoint '7' (finished: 2)" in capsys.readouterr().err


def test_another_task_set_is_evaluated_into_its_own_folder(run, runs_dir, capsys):
    """`--tasks foreign` names the bundled foreign set; its results never mix with the
    run's own set's."""
    assert main(["--runs-dir", str(runs_dir), "eval", run.id, "--tasks", "foreign", "--limit", "3"]) == 0
    out, err = capsys.readouterr()
    assert "| **overall** | 3 |" in out and "3 tasks of mcp_eval_foreign.jsonl" in err
    summary = json.loads((run.eval_dir / "mcp_eval_foreign" / "summary.json").read_text())
    assert summary["tasks"]["paired"] == 3
    assert not (run.eval_dir / "summary.json").exists()
    tuned = (run.eval_dir / "mcp_eval_foreign" / "tuned.jsonl").read_text()
    assert all(json.loads(line)["id"].startswith("foreign-") for line in tuned.splitlines())
