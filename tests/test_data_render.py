"""The compact tool listing: one line per parameter that keeps everything the JSON schema
says (names, required or not, types, enums, defaults, descriptions, nested objects, any
other keyword), in every call format; and fewer tokens than the JSON listing."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcp_tui.data.conversation import Conversation, Message, Tool
from mcp_tui.tools.calls import call_format
from mcp_tui.tools.text_format import compact_schema, compact_type, system_prompt, tool_listing

NAMES = st.from_regex(r"[a-z][a-zA-Z0-9_]{0,12}", fullmatch=True)
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda t: t.strip())


def leaf():
    scalar = st.sampled_from(["string", "integer", "number", "boolean"]).map(lambda t: {"type": t})
    enum = st.lists(st.one_of(NAMES, st.integers(-5, 5)), min_size=1, max_size=4, unique=True).map(
        lambda v: {"type": "string", "enum": v})
    return st.one_of(scalar, enum)


def decorated(base):
    return st.tuples(base, st.none() | TEXT, st.none() | st.integers(0, 9),
                     st.none() | st.sampled_from([{"minimum": 1}, {"format": "date"}, {"pattern": "^[A-Z]+$"}])
                     ).map(lambda t: {**t[0], **({"description": t[1]} if t[1] else {}),
                                      **({"default": t[2]} if t[2] is not None else {}), **(t[3] or {})})


schemas = st.recursive(
    decorated(leaf()),
    lambda inner: st.one_of(
        inner.map(lambda s: {"type": "array", "items": s}),
        st.dictionaries(NAMES, inner, min_size=1, max_size=3).map(
            lambda p: {"type": "object", "properties": p, "required": sorted(p)[:1]}),
    ),
    max_leaves=6,
)


def mentions(text: str, schema: dict) -> None:
    """Every fact of `schema` appears in `text`."""
    for key, value in schema.items():
        if key == "properties":
            for name, sub in value.items():
                assert name in text
                mentions(text, sub)
        elif key == "items":
            mentions(text, value)
        elif key == "enum":
            assert all(json.dumps(v, separators=(",", ":")) in text for v in value)
        elif key == "description":
            assert " ".join(value.split()) in text
        elif key == "type":
            shown = {"array": "[]", "object": "{"}.get(value, str(value))
            assert shown in text or "enum" in schema
        elif key == "default":
            assert f"= {json.dumps(value, separators=(',', ':'))}" in text
        elif key != "required":
            assert key in text and json.dumps(value, separators=(",", ":")) in text


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(NAMES, schemas, min_size=1, max_size=4), st.data())
@pytest.mark.slow  # renders every catalog schema
def test_compact_listing_keeps_every_fact_of_the_schema(props, data):
    required = data.draw(st.lists(st.sampled_from(sorted(props)), unique=True))
    schema = {"type": "object", "properties": props, **({"required": required} if required else {})}
    lines = compact_schema(schema)
    assert len(lines) == len(props)
    for line, (name, sub) in zip(lines, props.items()):
        assert line.startswith(f"{name}{'' if name in required else '?'}: ")
        mentions(line, sub)


def test_compact_notation():
    schema = {"type": "object", "required": ["city"], "properties": {
        "city": {"type": "string", "description": "City name"},
        "units": {"type": "string", "enum": ["c", "f"], "default": "c"},
        "days": {"type": "integer", "minimum": 1},
        "tags": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
        "where": {"type": "object", "properties": {"lat": {"type": "number"}, "lon": {"type": "number"}},
                  "required": ["lat"]}}}
    assert compact_schema(schema) == [
        "city: string - City name",
        'units?: "c" | "f" = "c"',
        "days?: integer (minimum: 1)",
        'tags?: ("a" | "b")[]',
        "where?: {lat: number, lon?: number}",
    ]
    assert compact_schema({"type": "object", "properties": {}}) == ["(no parameters)"]
    odd = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
    assert compact_schema(odd) == ['Input Schema: {"type":"object","properties":{"a":{"type":"string"}},'
                                   '"additionalProperties":false}']
    assert compact_type({"anyOf": [{"type": "string"}, {"type": "null"}]}) == 'any (anyOf: [{"type":"string"},{"type":"null"}])'


def test_every_text_format_lists_tools_the_same_way():
    tools = [Tool("weather", "get_forecast", "Forecast.", {"type": "object", "properties": {
        "city": {"type": "string"}, "days": {"type": "integer", "default": 3}}, "required": ["city"]})]
    conv = Conversation(messages=[Message("user", "hi")], tools=tools)
    for name in ("xml", "hermes"):
        compact = system_prompt(conv, call_format(name, "compact"))
        assert tool_listing(tools, "compact") in compact and "city: string" in compact and "days?: integer = 3" in compact
        assert tool_listing(tools, "json") in system_prompt(conv, call_format(name))
        assert "Input Schema" not in compact


def test_the_compact_listing_is_shorter():
    from mcp_tui.data.universe import generate

    tasks = generate(50, 1)
    json_chars = sum(len(tool_listing(t.tools, "json")) for t in tasks)
    compact_chars = sum(len(tool_listing(t.tools, "compact")) for t in tasks)
    assert compact_chars < 0.75 * json_chars
