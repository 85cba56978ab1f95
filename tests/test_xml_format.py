"""The use_mcp_tool XML format: render and parse are inverse, and broken output is named."""

from hypothesis import given, strategies as st

from mcp_tui.data.conversation import ToolCall
from mcp_tui.tools.xml_format import XmlMcpFormat

fmt = XmlMcpFormat()


def test_parse_finds_calls_inside_text():
    text = "I'll read it.\n" + fmt.render_calls([ToolCall("filesystem", "read_file", {"path": "a.py"})])
    answer = fmt.parse(text)
    assert answer.well_formed and answer.json_ok
    assert answer.text == "I'll read it."
    assert [c.as_tool_call() for c in answer.calls] == [ToolCall("filesystem", "read_file", {"path": "a.py"})]


def test_unclosed_block_is_malformed_not_plain_text():
    answer = fmt.parse("<use_mcp_tool>\n<server_name>git</server_name>\n<tool_name>git_log")
    assert not answer.well_formed
    assert answer.has_call
    assert "not closed" in answer.calls[0].problem


def test_bad_json_is_reported_separately_from_xml():
    text = "<use_mcp_tool><server_name>s</server_name><tool_name>t</tool_name><arguments>{'a': 1}</arguments></use_mcp_tool>"
    answer = fmt.parse(text)
    assert answer.well_formed
    assert not answer.json_ok
    assert "not valid JSON" in answer.calls[0].problem


def test_non_object_arguments_rejected():
    text = "<use_mcp_tool><server_name>s</server_name><tool_name>t</tool_name><arguments>[1]</arguments></use_mcp_tool>"
    assert not fmt.parse(text).json_ok


def test_stray_closing_tag_is_malformed():
    assert not fmt.parse("plain answer </use_mcp_tool>").well_formed


def test_plain_text_has_no_call():
    answer = fmt.parse("The capital of France is Paris.")
    assert answer.well_formed and not answer.has_call


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_-0123456789", min_size=1, max_size=12)


@given(st.lists(st.tuples(names, names, st.dictionaries(st.text(max_size=8), json_values, max_size=4)), max_size=4))
def test_render_then_parse_round_trips(raw_calls):
    calls = [ToolCall(s, t, a) for s, t, a in raw_calls]
    answer = fmt.parse(fmt.render_calls(calls))
    assert answer.well_formed and answer.json_ok
    assert [c.as_tool_call() for c in answer.calls] == calls


@given(st.text(max_size=300))
def test_parse_never_raises(text):
    answer = fmt.parse(text)
    assert isinstance(answer.text, str)
