"""Every reader on a realistic sample, file shapes (JSONL, JSON array, datasets folder),
and hypothesis throwing random and malformed records at all of them."""

from __future__ import annotations

import json
import string

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mcp_tui.data.conversation import Conversation
from mcp_tui.data.formats import (
    DataError,
    _Bad,
    detect_format,
    read_dataset,
    read_report,
    record_to_conversation,
    write_jsonl,
)

READ_FILE = {
    "type": "object",
    "properties": {"path": {"type": "string", "description": "File to read"}},
    "required": ["path"],
}

OPENAI = {
    "messages": [
        {"role": "system", "content": "You are a coding agent."},
        {"role": "user", "content": "Open the README of this repo."},
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "call_1", "type": "function",
                 "function": {"name": "filesystem__read_file", "arguments": "{\"path\": \"README.md\"}"}}
            ],
        },  # fmt: skip
        {"role": "tool", "tool_call_id": "call_1", "content": "# demo\nA demo repo."},
        {"role": "assistant", "content": [{"type": "text", "text": "The README says: A demo repo."}]},
    ],
    "tools": [{"type": "function", "function": {"name": "filesystem__read_file", "description": "Read a file", "parameters": READ_FILE}}],
}

HERMES = {
    "conversations": [
        {
            "from": "system",
            "value": "You are a function calling AI model. <tools> [{'type': 'function', 'function': "
            "{'name': 'get_stock_price', 'description': 'Get a stock price', 'parameters': {'type': 'object', "
            "'properties': {'symbol': {'type': 'string'}}, 'required': ['symbol']}}}] </tools>",
        },
        {"from": "human", "value": "What's Apple trading at?"},
        {"from": "gpt", "value": "<tool_call>\n{'arguments': {'symbol': 'AAPL'}, 'name': 'get_stock_price'}\n</tool_call>"},
        {"from": "tool", "value": "<tool_response>\n{\"price\": 227.5}\n</tool_response>"},
        {"from": "gpt", "value": "Apple (AAPL) is at $227.50."},
    ]
}

XLAM = {
    "id": 7,
    "query": "Where can I find live giveaways for beta access and games?",
    "tools": json.dumps([{
        "name": "live_giveaways_by_type",
        "description": "Retrieve live giveaways from the GamerPower API based on the specified type.",
        "parameters": {"type": {"description": "The type of giveaways (game, loot, beta).", "type": "str", "default": "game"}},
    }]),  # fmt: skip
    "answers": json.dumps([
        {"name": "live_giveaways_by_type", "arguments": {"type": "beta"}},
        {"name": "live_giveaways_by_type", "arguments": {"type": "game"}},
    ]),  # fmt: skip
}

PLAIN = {
    "instruction": "Show me the last 3 commits of /repo.",
    "completion": "Sure.\n<use_mcp_tool>\n<server_name>git</server_name>\n<tool_name>git_log</tool_name>\n"
    "<arguments>\n{\"repo_path\": \"/repo\", \"max_count\": 3}\n</arguments>\n</use_mcp_tool>",
    "metadata": {"category": "parameter_formatting", "id": "p1",
                 "tools": [{"server": "git", "name": "git_log", "input_schema": {"type": "object"}}]},  # fmt: skip
}


def test_openai_record():
    conv = record_to_conversation(OPENAI)
    assert detect_format(OPENAI) == "openai"
    assert conv.system == "You are a coding agent."
    assert [m.role for m in conv.messages] == ["user", "assistant", "tool", "assistant"]
    call = conv.messages[1].tool_calls[0]
    assert (call.server, call.tool, call.arguments) == ("filesystem", "read_file", {"path": "README.md"})
    assert conv.tools[0].input_schema == READ_FILE
    assert conv.messages[-1].content == "The README says: A demo repo."


def test_hermes_record_with_python_style_dicts():
    conv = record_to_conversation(HERMES)
    assert detect_format(HERMES) == "sharegpt"
    assert conv.tools[0].name == "get_stock_price" and conv.tools[0].input_schema["required"] == ["symbol"]
    assert conv.messages[1].tool_calls[0].arguments == {"symbol": "AAPL"}
    assert conv.messages[2].content == '{"price": 227.5}'


def test_xlam_record_becomes_json_schema_and_expected_calls():
    conv = record_to_conversation(XLAM)
    assert conv.id == "7" and conv.category == "completeness"
    schema = conv.tools[0].input_schema
    assert schema["properties"]["type"] == {
        "type": "string",
        "description": "The type of giveaways (game, loot, beta).",
        "default": "game",
    }
    assert "required" not in schema
    assert [c.arguments for c in conv.expected_calls] == [{"type": ["beta"]}, {"type": ["game"]}]


def test_plain_record_parses_xml_calls():
    conv = record_to_conversation(PLAIN)
    assert conv.id == "p1" and conv.category == "parameter_formatting"
    gold = conv.gold_answer()
    assert gold.content == "Sure." and gold.tool_calls[0].arguments == {"repo_path": "/repo", "max_count": 3}


def test_canonical_round_trip(tmp_path):
    conv = record_to_conversation(OPENAI)
    path = tmp_path / "c.jsonl"
    write_jsonl([conv], path)
    again = read_dataset(path)
    assert [c.to_dict() for c in again] == [conv.to_dict()]
    assert detect_format(conv.to_dict()) == "canonical"


def test_json_array_errors_name_the_real_line(tmp_path):
    path = tmp_path / "d.json"
    good = json.dumps(PLAIN, indent=2)
    path.write_text("[\n" + good + ",\n" + good + ",\n  {\"instruction\": 3, \"completion\": \"x\"}\n]\n")
    result = read_report(path)
    assert len(result.conversations) == 2
    line = 4 + 2 * good.count("\n")  # '[', two elements, their commas
    assert result.errors == [f"{path}:line {line}: record: field 'instruction' should be str, got a number"]


def test_jsonl_reports_every_bad_line(tmp_path):
    path = tmp_path / "d.jsonl"
    path.write_text(
        json.dumps(PLAIN) + "\n\n{not json\n" + json.dumps({"messages": []}) + "\n[1]\n" + json.dumps(HERMES) + "\n"
    )
    result = read_report(path)
    assert len(result.conversations) == 2
    assert [e.split(": ", 1)[0] for e in result.errors] == [f"{path}:line {n}" for n in (3, 4, 5)]
    assert "not valid JSON" in result.errors[0]
    assert "no user turn" in result.errors[1]
    assert "expected a JSON object" in result.errors[2]
    with pytest.raises(DataError, match=r"line 3: .*and 2 more problems"):
        read_dataset(path)


def test_missing_file_and_non_dataset_folder(tmp_path):
    with pytest.raises(DataError, match="no such file"):
        read_dataset(tmp_path / "nope.jsonl")
    with pytest.raises(DataError, match="not one written by datasets"):
        read_dataset(tmp_path)


def test_datasets_folder(tmp_path):
    from datasets import Dataset

    rows = [{"query": XLAM["query"], "tools": XLAM["tools"], "answers": XLAM["answers"]}] * 3
    Dataset.from_list(rows).save_to_disk(str(tmp_path / "ds"))
    convs = read_dataset(tmp_path / "ds")
    assert len(convs) == 3 and convs[0].tools[0].name == "live_giveaways_by_type"


# ------------------------------------------------------------------- property tests

json_leaf = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
json_value = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(string.ascii_letters, max_size=8), inner, max_size=4),
    max_leaves=20,
)
KEYS = ["messages", "conversations", "query", "answers", "tools", "instruction", "completion", "metadata",
        "role", "content", "tool_calls", "function", "name", "arguments", "from", "value", "server", "tool",
        "input_schema", "category", "expected_calls", "after", "parameters"]  # fmt: skip
keyed = st.recursive(
    json_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=30,
)


def _mutate(record, data):
    """Drop a key, or replace one value with random JSON, somewhere in the record."""
    if isinstance(record, dict) and record:
        key = data.draw(st.sampled_from(sorted(record)))
        action = data.draw(st.sampled_from(["drop", "replace", "recurse"]))
        out = dict(record)
        if action == "drop":
            del out[key]
        elif action == "replace":
            out[key] = data.draw(json_value)
        else:
            out[key] = _mutate(out[key], data)
        return out
    if isinstance(record, list) and record:
        i = data.draw(st.integers(0, len(record) - 1))
        out = list(record)
        out[i] = _mutate(out[i], data)
        return out
    return data.draw(json_value)


def _outcome(record):
    try:
        conv = record_to_conversation(record, 1)
    except _Bad as e:
        assert str(e), "errors must say something"
        return None
    assert isinstance(conv, Conversation)
    assert conv.messages and conv.messages[0].role == "user"
    json.dumps(conv.to_dict())  # a conversation always serializes
    return conv


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(json_value, keyed))
def test_random_records_never_crash(record):
    _outcome(record)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([OPENAI, HERMES, XLAM, PLAIN]), st.data())
def test_mutated_records_never_crash(record, data):
    _outcome(_mutate(_mutate(record, data), data))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([OPENAI, HERMES, XLAM, PLAIN]), json_value), min_size=1, max_size=5),
       st.lists(st.text(max_size=20), max_size=3))  # fmt: skip
def test_files_with_garbage_lines_report_line_numbers(tmp_path_factory, records, garbage):
    path = tmp_path_factory.mktemp("p") / "d.jsonl"
    lines = [json.dumps(r) for r in records] + [g.replace("\n", " ") for g in garbage]
    path.write_text("\n".join(lines) + "\n")
    result = read_report(path)
    for err in result.errors:
        assert err.startswith(f"{path}:line ")
        n = int(err.split(":line ", 1)[1].split(":", 1)[0])
        assert 1 <= n <= len(lines)
    assert len(result.conversations) + len(result.errors) == sum(1 for line in lines if line.strip())


def test_hermes_format_round_trip_and_broken_blocks():
    from mcp_tui.data.conversation import ToolCall
    from mcp_tui.tools.hermes_format import HermesFormat

    fmt = HermesFormat()
    calls = [ToolCall("git", "git_status", {"repo_path": "/r"}), ToolCall("tools", "get_weather", {"city": "Oslo"})]
    answer = fmt.parse("Checking.\n" + fmt.render_calls(calls))
    assert answer.well_formed and answer.text == "Checking."
    assert [c.as_tool_call() for c in answer.calls] == calls
    broken = fmt.parse('<tool_call>\n{"name": "git__git_status", "arguments": {"repo_path": ')
    assert not broken.well_formed and broken.has_call and "not closed" in broken.calls[0].problem
    assert not fmt.parse("<tool_call>{'name': 1}</tool_call>").calls[0].well_formed
