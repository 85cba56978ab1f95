"""The scorer, driven with scripted answers through every branch of every category."""

import pytest

from mcp_tui.data.conversation import Conversation, ExpectedCall, Message, Tool, ToolCall
from mcp_tui.eval.score import REQUIRED, normalize_string, same_value, score_answer
from mcp_tui.tools.xml_format import XmlMcpFormat

fmt = XmlMcpFormat()

TOOLS = [
    Tool("filesystem", "read_file", "Read a file", {
        "type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"],
    }),
    Tool("filesystem", "read_text_file", "Read a text file", {
        "type": "object",
        "properties": {"path": {"type": "string"}, "head": {"type": "integer"}},
        "required": ["path"],
    }),
    Tool("filesystem", "write_file", "Write a file", {
        "type": "object",
        "properties": {"path": {"type": "string"}, "content": {"type": "string"}},
        "required": ["path", "content"],
    }),
    Tool("git", "git_log", "Show commits", {
        "type": "object",
        "properties": {
            "repo_path": {"type": "string"},
            "max_count": {"type": "integer", "default": 10},
            "order": {"type": "string", "enum": ["newest", "oldest"]},
        },
        "required": ["repo_path"],
    }),
    Tool("weather", "forecast", "Forecast", {
        "type": "object", "properties": {"days": {"type": "number"}}, "required": ["days"],
    }),
]


def task(category, expected=(), messages=None, **kw):
    return Conversation(
        messages=messages or [Message("user", "do it")],
        tools=TOOLS,
        id=f"t-{category}",
        category=category,
        expected_calls=list(expected),
        **kw,
    )


def call(server, tool, args):
    return fmt.render_calls([ToolCall(server, tool, args)])


def failed(score):
    return {c.name: c.reason for c in score.checks if not c.ok}


READ = ExpectedCall("filesystem", "read_file", {"path": ["src/app.py"]})
LOG = ExpectedCall("git", "git_log", {"repo_path": ["."], "max_count": [""], "order": ["", "newest"]})


def test_right_call_passes_with_text_around_it():
    s = score_answer(task("tool_selection", [READ]), "Reading it.\n" + call("filesystem", "read_file", {"path": "src/app.py"}), fmt)
    assert s.passed, s.failures()
    assert [c.name for c in s.checks] == list(REQUIRED["tool_selection"])
    assert s.text == "Reading it."


def test_wrong_tool_names_both_tools():
    s = score_answer(task("tool_selection", [READ]), call("filesystem", "read_text_file", {"path": "src/app.py"}), fmt)
    assert not s.passed
    assert failed(s)["tool"] == "wrong tool: expected filesystem.read_file, got filesystem.read_text_file"


def test_tool_not_offered_fails_schema():
    s = score_answer(task("tool_selection", [READ]), call("filesystem", "cat", {"path": "src/app.py"}), fmt)
    assert "not a tool offered" in failed(s)["schema"]


def test_missing_required_key():
    s = score_answer(task("parameter_formatting", [READ]), call("filesystem", "read_file", {}), fmt)
    f = failed(s)
    assert "'path' is a required property" in f["schema"]
    assert "missing parameter 'path'" in f["values"]


def test_wrong_type():
    s = score_answer(task("parameter_formatting", [LOG]), call("git", "git_log", {"repo_path": ".", "max_count": "5"}), fmt)
    assert "max_count: '5' is not of type 'integer'" in failed(s)["schema"]


def test_wrong_enum():
    s = score_answer(task("parameter_formatting", [LOG]), call("git", "git_log", {"repo_path": ".", "order": "latest"}), fmt)
    assert "order: 'latest' is not one of" in failed(s)["schema"]


def test_wrong_value_names_accepted_values():
    s = score_answer(task("parameter_formatting", [READ]), call("filesystem", "read_file", {"path": "app.py"}), fmt)
    assert failed(s) == {"values": "filesystem.read_file: path: got 'app.py', expected one of ['src/app.py']"}


def test_optional_parameters_left_out_or_given_their_default():
    t = task("parameter_formatting", [LOG])
    assert score_answer(t, call("git", "git_log", {"repo_path": "."}), fmt).passed
    assert score_answer(t, call("git", "git_log", {"repo_path": ".", "max_count": 10}), fmt).passed
    s = score_answer(t, call("git", "git_log", {"repo_path": ".", "max_count": 3}), fmt)
    assert "max_count: got 3" in failed(s)["values"]


def test_unexpected_parameter_fails_unless_default():
    t = task("parameter_formatting", [READ])
    s = score_answer(t, call("filesystem", "read_file", {"path": "src/app.py", "encoding": "utf-8"}), fmt)
    assert "unexpected parameter 'encoding'" in failed(s)["values"]


def test_int_accepted_for_float_and_strings_normalized():
    t = task("parameter_formatting", [ExpectedCall("weather", "forecast", {"days": [3.0]})])
    assert score_answer(t, call("weather", "forecast", {"days": 3}), fmt).passed
    assert same_value("  ./src//app.py ", "src/app.py")
    assert same_value("Fix  the Bug\n", "fix the bug")
    assert not same_value("README.md", "readme.md")
    assert not same_value(True, 1)
    assert same_value([1, "a b"], [1.0, "A B"])
    assert normalize_string("https://x.org/a/../b") == "https://x.org/a/../b"


def test_accepted_values_list_allows_alternatives():
    t = task("parameter_formatting", [ExpectedCall("filesystem", "read_file", {"path": ["src/app.py", "/repo/src/app.py"]})])
    assert score_answer(t, call("filesystem", "read_file", {"path": "/repo/src/app.py"}), fmt).passed


def test_extra_call():
    answer = call("filesystem", "read_file", {"path": "src/app.py"}) + "\n" + call("git", "git_log", {"repo_path": "."})
    s = score_answer(task("tool_selection", [READ]), answer, fmt)
    assert failed(s) == {"count": "extra call: git.git_log (2 calls, 1 expected)"}


WRITE = ExpectedCall("filesystem", "write_file", {"path": ["b.txt"], "content": ["hi"]}, after=(0,))
READ_A = ExpectedCall("filesystem", "read_file", {"path": ["a.txt"]})


def test_completeness_all_calls_in_valid_order():
    t = task("completeness", [READ_A, WRITE])
    good = call("filesystem", "read_file", {"path": "a.txt"}) + "\n" + call("filesystem", "write_file", {"path": "b.txt", "content": "hi"})
    assert score_answer(t, good, fmt).passed


def test_missing_call():
    t = task("completeness", [READ_A, WRITE])
    s = score_answer(t, call("filesystem", "read_file", {"path": "a.txt"}), fmt)
    f = failed(s)
    assert f["tool"] == "missing call: expected filesystem.write_file"
    assert f["count"] == "1 calls, 2 expected"


def test_wrong_order():
    t = task("completeness", [READ_A, WRITE])
    bad = call("filesystem", "write_file", {"path": "b.txt", "content": "hi"}) + "\n" + call("filesystem", "read_file", {"path": "a.txt"})
    s = score_answer(t, bad, fmt)
    assert failed(s) == {"order": "filesystem.write_file came before filesystem.read_file, which must come first"}


def test_independent_calls_in_any_order():
    t = task("completeness", [READ_A, ExpectedCall("filesystem", "read_file", {"path": ["b.txt"]})])
    answer = call("filesystem", "read_file", {"path": "b.txt"}) + "\n" + call("filesystem", "read_file", {"path": "a.txt"})
    assert score_answer(t, answer, fmt).passed


def test_malformed_xml():
    s = score_answer(task("tool_selection", [READ]), "<use_mcp_tool>\n<server_name>filesystem</server_name>\n<tool_name>read_file", fmt)
    f = failed(s)
    assert "not closed" in f["syntax"]
    assert not s.passed


def test_bad_json():
    bad = "<use_mcp_tool><server_name>filesystem</server_name><tool_name>read_file</tool_name><arguments>{'path': 'src/app.py'}</arguments></use_mcp_tool>"
    s = score_answer(task("tool_selection", [READ]), bad, fmt)
    f = failed(s)
    assert "syntax" not in f
    assert f["json"].startswith("filesystem.read_file: arguments are not valid JSON")


def test_no_call_when_one_was_needed():
    s = score_answer(task("tool_selection", [READ]), "I would read src/app.py.", fmt)
    assert failed(s)["tool"] == "no call: expected filesystem.read_file"


ERROR_PROMPT = [
    Message("user", "show app.py"),
    Message("assistant", "", [ToolCall("filesystem", "read_file", {"path": "app.py"})]),
    Message("tool", "ENOENT: no such file app.py", is_error=True),
]


def error_task(expected=()):
    return task("error_handling", expected, messages=list(ERROR_PROMPT), reference="app.py does not exist.")


def test_correct_recovery_with_fixed_call():
    s = score_answer(error_task([READ]), call("filesystem", "read_file", {"path": "src/app.py"}), fmt)
    assert s.passed, s.failures()


def test_recovery_by_explaining_when_the_error_cannot_be_fixed():
    assert score_answer(error_task(), "The file app.py does not exist; which file did you mean?", fmt).passed


def test_explaining_where_a_corrected_call_is_expected_fails():
    s = score_answer(error_task([READ]), "The file app.py does not exist.", fmt)
    assert failed(s) == {"recovery": "no corrected call: expected filesystem.read_file"}


def test_repeating_the_failing_call_fails():
    s = score_answer(error_task([READ]), call("filesystem", "read_file", {"path": " app.py"}), fmt)
    f = failed(s)
    assert f["no_repeat"] == "repeated the failing call filesystem.read_file"
    assert f["recovery"].startswith("values:")
    assert "no_repeat" in failed(score_answer(error_task(), call("filesystem", "read_file", {"path": "app.py"}), fmt))


def test_wrong_recovery_call():
    s = score_answer(error_task([READ]), call("filesystem", "read_text_file", {"path": "src/app.py"}), fmt)
    assert failed(s) == {"recovery": "tool: wrong tool: expected filesystem.read_file, got filesystem.read_text_file"}


def test_a_call_where_only_an_explanation_fits_fails():
    s = score_answer(error_task(), call("filesystem", "read_file", {"path": "src/app.py"}), fmt)
    assert failed(s) == {"recovery": "called filesystem.read_file where the error calls for an explanation"}


def test_cut_off_explanation_fails_recovery():
    s = score_answer(error_task(), "The file app.py does not", fmt, finished=False)
    assert failed(s) == {"recovery": "no explanation: the answer was cut off at the token budget"}


def test_correct_no_call():
    s = score_answer(task("no_tool", reference="Paris."), "The capital of France is Paris.", fmt)
    assert s.passed
    assert [c.name for c in s.checks] == ["syntax", "no_call", "answer"]


def test_spurious_call():
    s = score_answer(task("no_tool"), call("filesystem", "read_file", {"path": "x"}), fmt)
    assert failed(s) == {"no_call": "called filesystem.read_file where no tool fits", "answer": "the answer is empty"}


def test_garbled_or_truncated_output_is_not_an_abstention():
    garbled = score_answer(task("no_tool"), "Sure </use_mcp_tool> <tool_name>", fmt)
    assert set(failed(garbled)) == {"syntax", "no_call"}
    truncated = score_answer(task("no_tool"), "The capital of France", fmt, finished=False)
    assert failed(truncated) == {"answer": "the answer was cut off at the token budget"}
    assert failed(score_answer(task("no_tool"), "  ", fmt)) == {"answer": "the answer is empty"}


def test_unknown_category_is_an_error():
    with pytest.raises(ValueError, match="unknown category"):
        score_answer(task("vibes"), "x", fmt)


def test_score_round_trips_to_a_json_record():
    s = score_answer(task("tool_selection", [READ]), call("filesystem", "read_text_file", {"path": "src/app.py"}), fmt)
    d = s.to_dict()
    assert d["passed"] is False
    assert d["calls"] == [{"server": "filesystem", "tool": "read_text_file", "arguments": {"path": "src/app.py"}}]
    assert {"name": "tool", "ok": False, "reason": "wrong tool: expected filesystem.read_file, got filesystem.read_text_file"} in d["checks"]
