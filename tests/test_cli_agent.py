"""`mcp-tui agent RUN "task"`: both models of a tiny run work a task through the sandbox and
a server named on the command line, steps printed as they happen, transcripts saved; user
errors are one line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from tui_fixtures import make_adapter_run

from mcp_tui.cli import main

FLAKY = f"flaky={sys.executable} {Path(__file__).with_name('flaky_server.py')}"


@pytest.mark.slow
def test_both_models_work_a_task_and_the_transcripts_are_saved(runs_dir, tiny_model_dir, tmp_path, capsys,
                                                                monkeypatch):
    monkeypatch.setenv("COLUMNS", "160")
    run = make_adapter_run(runs_dir, tiny_model_dir, tmp_path)
    seed = tmp_path / "project"
    (seed / "src").mkdir(parents=True)
    (seed / "src" / "app.py").write_text("print('hi')\n")
    argv = ["--runs-dir", str(runs_dir), "agent", run.id, "Read /src/app.py", "--files", str(seed),
            "--server", FLAKY, "--max-steps", "2"]
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert "[base] working…" in err and "[tuned] working…" in err and "transcripts:" in err
    assert "[base] step 1" in out and "[tuned] step 1" in out and "changes to the sandbox" in out
    [saved] = (run.path / "agent").glob("*.json")
    record = json.loads(saved.read_text())
    assert record["task"] == "Read /src/app.py" and set(record["models"]) == {"base", "tuned"}
    for model in record["models"].values():
        t = model["transcript"]
        assert 1 <= len(t["steps"]) <= 2 and t["end"] in ("answered", "budget") and t["max_steps"] == 2


@pytest.mark.parametrize("extra, message", [
    (["   "], "the task is empty"),
    (["task", "--no-sandbox"], "--no-sandbox leaves no server"),
    (["task", "--max-steps", "0"], "--max-steps must be at least 1"),
    (["task", "--server", "'unclosed"], "No closing quotation"),
    (["task", "--files", "/no/such/folder"], "not a folder"),
])
def test_user_errors_are_one_line(runs_dir, capsys, extra, message):
    assert main(["--runs-dir", str(runs_dir), "agent", "nope", *extra]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_an_unknown_run_and_a_server_that_cannot_start(runs_dir, tmp_path, capsys):
    from tui_fixtures import make_run

    assert main(["--runs-dir", str(runs_dir), "agent", "nope", "task"]) == 1
    assert "no run 'nope'" in capsys.readouterr().err
    run = make_run(runs_dir, "20250116-090000-tiny", "completed", 60)
    cfg = run.config_path.read_text().replace('source = "demo"', f'source = "{tmp_path}"')
    run.config_path.write_text(cfg)
    assert main(["--runs-dir", str(runs_dir), "agent", run.id, "task", "--no-sandbox",
                 "--server", "no-such-mcp-server-xyz --flag"]) == 1
    err = capsys.readouterr().err  # the servers start before the (here missing) model loads
    assert err.splitlines() == ["[base] working…",
                                "mcp-tui agent: no-such-mcp-server-xyz --flag: could not start (no such program)"]
