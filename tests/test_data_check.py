"""`mcp-tui data check` and `convert`: counts, lengths, every problem by line, exit codes."""

from __future__ import annotations

import json

import pytest

from mcp_tui.cli import main
from mcp_tui.tools.catalog import bundled_catalog_path

DATA = bundled_catalog_path().parent


@pytest.mark.slow  # tokenizes the bundled eval set
def test_bundled_eval_file_checks_clean_with_tekken_lengths(capsys):
    assert main(["data", "check", str(DATA / "mcp_eval.jsonl"), "--model", "tekken", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["records"] == 400 and not report["warnings"]
    assert set(report["categories"]) == {"tool_selection", "parameter_formatting", "completeness", "error_handling", "no_tool"}
    assert report["formats"] == {"canonical": 400} and len(report["lengths"]) == 400


def test_bundled_train_file_shows_all_categories(capsys):
    assert main(["data", "check", str(DATA / "mcp_train.jsonl")]) == 0
    out = capsys.readouterr().out
    for cat in ("tool_selection", "parameter_formatting", "completeness", "error_handling", "no_tool"):
        assert f"  {cat:<22} 800" in out
    assert f"  {'agentic':<22} 400" in out and out.rstrip().endswith("OK")


def _task(**over):
    task = {
        "id": "t", "category": "tool_selection",
        "tools": [{"server": "git", "name": "git_log", "description": "log",
                   "input_schema": {"type": "object", "properties": {"repo_path": {"type": "string"},
                                    "max_count": {"type": "integer"}}, "required": ["repo_path"]}}],
        "messages": [{"role": "user", "content": "log"},
                     {"role": "assistant", "content": "", "tool_calls": [{"server": "git", "tool": "git_log",
                      "arguments": {"repo_path": "/r"}}]}],
    }  # fmt: skip
    task.update(over)
    return json.dumps(task)


def test_every_problem_is_listed_with_its_line(tmp_path, capsys):
    bad_call = json.loads(_task())
    bad_call["messages"][1]["tool_calls"][0]["arguments"] = {"repo_path": "/r", "max_count": "ten"}
    unknown = json.loads(_task())
    unknown["messages"][1]["tool_calls"][0]["tool"] = "git_blame"
    lines = [_task(), "{oops", json.dumps(bad_call), json.dumps(unknown), _task(category="no_tool")]
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(lines) + "\n")
    assert main(["data", "check", str(path), "--model", "tekken", "--max-seq-len", "60"]) == 1
    out = capsys.readouterr().out
    assert f"{path}:line 2: not valid JSON" in out
    assert f"{path}:line 3: messages[1]: git.git_log max_count: 'ten' is not of type 'integer'" in out
    assert f"{path}:line 4: messages[1]: calls git.git_blame, which server 'git' does not list" in out
    assert f"{path}:line 1:" in out and "longer than max_seq_len 60" in out
    assert f"{path}:line 5: category no_tool, but the task expects a tool call" in out
    assert "FAILED: 4 errors" in out and "Traceback" not in out


def test_missing_file_is_one_line(tmp_path, capsys):
    assert main(["data", "check", str(tmp_path / "nope.jsonl")]) == 1
    err = capsys.readouterr().err
    assert err.strip() == f"mcp-tui data: {tmp_path / 'nope.jsonl'}: no such file; check the path"


def test_convert_normalizes_other_formats(tmp_path, capsys):
    src = tmp_path / "x.json"
    src.write_text(json.dumps([{"query": "weather in Paris?", "answers": [{"name": "get_weather", "arguments": {"city": "Paris"}}],
                                "tools": [{"name": "get_weather", "parameters": {"city": {"type": "str", "description": "City"}}}]}]))  # fmt: skip
    out = tmp_path / "y.jsonl"
    assert main(["data", "convert", str(src), str(out)]) == 0
    assert "xlam 1" in capsys.readouterr().out
    assert main(["data", "check", str(out)]) == 0
    rec = json.loads(out.read_text())
    assert rec["tools"][0]["input_schema"]["required"] == ["city"] and rec["category"] == "tool_selection"


def test_a_call_the_tool_rejected_may_break_the_schema(tmp_path, capsys):
    """The failed call of an error-recovery task is wrong on purpose (that is why it
    failed); only the calls that were not answered by an error must fit the schema."""
    task = json.loads(_task(category="error_handling"))
    failed = {"server": "git", "tool": "git_log", "arguments": {"repo_path": "/r", "max_count": "ten"}}
    task["messages"] = [task["messages"][0], {"role": "assistant", "content": "", "tool_calls": [failed]},
                        {"role": "tool", "content": "'ten' is not of type 'integer'", "is_error": True},
                        {"role": "assistant", "content": "", "tool_calls": [
                            {"server": "git", "tool": "git_log", "arguments": {"repo_path": "/r", "max_count": 10}}]}]
    unknown = json.loads(json.dumps(task))
    unknown["messages"][1]["tool_calls"][0]["tool"] = "git_blame"
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(task) + "\n" + json.dumps(unknown) + "\n")
    assert main(["data", "check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:line 1:" not in out
    assert f"{path}:line 2: messages[1]: calls git.git_blame, which server 'git' does not list" in out


def test_check_agrees_with_training_on_an_empty_dataset(tmp_path, capsys):
    import pytest

    from mcp_tui.data.formats import DataError, read_dataset

    for content in ("", "\n  \n"):
        empty = tmp_path / "empty.jsonl"
        empty.write_text(content)
        assert main(["data", "check", str(empty)]) == 1
        out = capsys.readouterr().out
        assert f"{empty}: holds no records; a dataset needs at least one conversation" in out and "FAILED" in out
        with pytest.raises(DataError, match="holds no records"):  # what the worker reads before training
            read_dataset(empty)


def test_a_device_or_binary_file_is_refused_before_reading(tmp_path, capsys):
    assert main(["data", "check", "/dev/zero"]) == 1  # never read: it has no end
    assert capsys.readouterr().err.strip() == ("mcp-tui data: /dev/zero: is not a regular file (a device, pipe or "
                                               "socket); point data at a dataset file (JSONL, JSON or a datasets "
                                               "folder)")
    binary = tmp_path / "b.jsonl"
    binary.write_bytes(b'{"a": 1}\n' + bytes(range(128, 256)))
    assert main(["data", "check", str(binary)]) == 1
    assert capsys.readouterr().err.strip() == (f"mcp-tui data: {binary}:line 2: not UTF-8 text (binary content at "
                                               "byte 9); a dataset is JSONL or JSON text")
