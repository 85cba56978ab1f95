"""The tool universe: wide (1000+ tools, 30+ domains, every naming style and JSON-schema
type), every gold answer passes the scorer, values are said the way people say them and
mean what the call carries, no-tool tasks offer no fitting tool, and the foreign split
shares no domain, tool name, naming style or phrasing template with training."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mcp_tui.config import resolve_path
from mcp_tui.data.conversation import CATEGORIES
from mcp_tui.data.formats import read_dataset, record_to_conversation
from mcp_tui.data.universe import contrastive_pairs, generate
from mcp_tui.data.universe.domains import FOREIGN, TRAIN
from mcp_tui.data.universe.naming import FOREIGN_STYLES, GENERIC_SERVERS, TRAIN_STYLES
from mcp_tui.data.universe.templates import Ctx, Templates
from mcp_tui.data.universe.values import MONTHS, UNITS, Day, Measure, spell
from mcp_tui.data.validate import check_conversation
from mcp_tui.eval.score import score_answer
from mcp_tui.eval.tasks import task_problem
from mcp_tui.tools.text_format import assistant_text
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()


@pytest.fixture(scope="module")
def drawn():
    """Tasks of both splits, and the templates each drew."""
    out = {}
    for split in ("train", "foreign"):
        used: set[str] = set()
        out[split] = (generate(1000, 11, split, used), used)
    return out


@pytest.fixture(scope="module")
def bundled():
    train = [c for c in read_dataset(resolve_path("data/mcp_train.jsonl")) if c.metadata.get("source") == "universe"]
    return train, read_dataset(resolve_path("data/mcp_eval_foreign.jsonl"))


def test_the_universe_is_wide():
    caps = [c for d in TRAIN for c in d.caps]
    assert len(TRAIN) >= 30 and len(caps) >= 1000
    assert len({c.key for c in caps}) == len(caps)
    assert len(FOREIGN) >= 6 and sum(len(d.caps) for d in FOREIGN) >= 120
    kinds = {json.dumps(f.kind.schema().get("type")) for c in caps for f in c.fields}
    assert {'"string"', '"integer"', '"number"', '"boolean"', '"array"', '"object"'} <= kinds
    assert any("enum" in f.kind.schema() for c in caps for f in c.fields)
    assert any(f.default is not None for c in caps for f in c.optional)


def test_every_gold_answer_passes_and_every_task_is_valid(drawn, bundled):
    tasks = drawn["train"][0] + drawn["foreign"][0] + bundled[0][:500] + bundled[1]
    for task in tasks:
        task = record_to_conversation(json.loads(json.dumps(task.to_dict())))  # what a file reader sees
        assert task_problem(task) == "", task.id
        assert check_conversation(task) == ([], []), task.id
        score = score_answer(task, assistant_text(task.gold_answer(), FMT), FMT)
        assert score.passed, (task.id, score.failures())


def test_categories_shapes_and_listings(drawn, bundled):
    tasks, _ = drawn["train"]
    assert Counter(c.category for c in tasks) == {c: 200 for c in CATEGORIES}
    foreign = bundled[1]
    assert len(foreign) == 400 and Counter(c.category for c in foreign) == {c: 80 for c in CATEGORIES}
    shapes = Counter(c.metadata["shape"] for c in tasks if c.category == "no_tool")
    assert {"near_miss", "unrelated", "knowledge", "missing_value"} <= set(shapes)
    assert any(k.startswith("chat_") for k in shapes)
    sizes = Counter(len(c.tools) for c in tasks)
    assert min(sizes) == 1 and max(sizes) >= 10
    servers = [{t.server for t in c.tools} for c in tasks]
    assert sum(len(s) == 1 and s <= set(GENERIC_SERVERS) for s in servers) > 0.3 * len(tasks)
    assert sum("tools" in s for s in servers) > 0.15 * len(tasks)
    assert sum(len(s) >= 2 for s in servers) > 0.15 * len(tasks)
    styles = Counter(s for c in tasks for s in c.metadata["styles"])
    assert set(styles) == {s.name for s in TRAIN_STYLES}


def test_selection_is_among_look_alikes(drawn):
    """Most single-call tasks list other tools of the target's own domain."""
    tasks = [c for c in drawn["train"][0] if c.category == "tool_selection"]
    siblings = 0
    for c in tasks:
        target = c.expected_calls[0]
        same_server = [t for t in c.tools if t.server == target.server and t.name != target.tool]
        siblings += bool(same_server) and len(c.tools) >= 3
    assert siblings > 0.7 * len(tasks)


def test_no_tool_tasks_offer_no_fitting_tool(drawn):
    """A near miss never lists the asked-for capability, and a missing-value task lists
    it but its request lacks a required value, so the reference asks for it."""
    for c in drawn["train"][0]:
        if c.category != "no_tool":
            continue
        gold = c.gold_answer()
        assert not gold.tool_calls and c.reference == gold.content and gold.content.strip()
        if c.metadata["shape"] == "missing_value":
            assert gold.content.rstrip().endswith("?")


def test_contrastive_twins_differ_from_their_negative_only_where_the_answer_does():
    """A near miss's twin is its request and listing with the asked-for tool added; a
    missing value's twin states the value; both are answered by a call that passes."""
    pairs = contrastive_pairs(60, 5)
    assert pairs == contrastive_pairs(60, 5) and pairs != contrastive_pairs(60, 6)
    for negative, twin in zip(pairs[::2], pairs[1::2]):
        assert negative.category == "no_tool" and not negative.gold_answer().tool_calls
        assert twin.category == "tool_selection" and len(twin.gold_answer().tool_calls) == 1
        call = twin.gold_answer().tool_calls[0]
        shape = negative.metadata["shape"]
        assert twin.metadata["shape"] == f"{shape}_twin"
        if shape == "near_miss":
            assert twin.messages[:-1] == negative.messages[:-1]
            assert [t for t in twin.tools if t != twin.tool(call.server, call.tool)] == negative.tools
            assert negative.tool(call.server, call.tool) is None
        else:
            assert shape == "missing_value" and twin.tools == negative.tools
            assert negative.gold_answer().content.rstrip().endswith("?")
        task = record_to_conversation(json.loads(json.dumps(twin.to_dict())))
        assert task_problem(task) == "" and check_conversation(task) == ([], []), task.id
        assert score_answer(task, assistant_text(task.gold_answer(), FMT), FMT).passed, task.id
    assert Counter(c.metadata["shape"] for c in pairs[::2]) == {"near_miss": 30, "missing_value": 30}


def test_fixable_errors_learn_only_the_correction(drawn):
    fixes = [c for c in drawn["train"][0] if c.category == "error_handling" and c.metadata["shape"] == "fix"]
    explained = [c for c in drawn["train"][0] if c.category == "error_handling" and c.metadata["shape"] != "fix"]
    assert len(fixes) > 0.4 * (len(fixes) + len(explained)) and explained
    for c in fixes:
        assert c.metadata["train_on"] == "final"
        failed, fixed = c.messages[-3].tool_calls[0], c.gold_answer().tool_calls[0]
        assert failed != fixed and (failed.server, failed.tool) == (fixed.server, fixed.tool)


def test_the_foreign_split_shares_nothing_with_training(drawn, bundled):
    assert not {d.name for d in TRAIN} & {d.name for d in FOREIGN}
    train_tools = {t.name for c in bundled[0] for t in c.tools} | {t.name for c in drawn["train"][0] for t in c.tools}
    foreign_tools = {t.name for c in bundled[1] for t in c.tools} | {t.name for c in drawn["foreign"][0] for t in c.tools}
    assert not train_tools & foreign_tools
    assert not {c.metadata["domain"] for c in bundled[1]} & {d.name for d in TRAIN}
    train_styles = {s for c in bundled[0] for s in c.metadata["styles"]}
    assert not train_styles & {s.name for s in FOREIGN_STYLES}
    foreign_styles = Counter(s for c in bundled[1] for s in c.metadata["styles"])
    assert sum(foreign_styles[s.name] for s in FOREIGN_STYLES) > 0.3 * len(bundled[1])
    (_, train_used), (_, foreign_used) = drawn["train"], drawn["foreign"]
    assert not train_used & foreign_used
    for key in foreign_used:
        name, _, template = key.partition(":")
        assert template in Templates.registry[name].foreign
    assert len(train_used) > 0.9 * sum(len(t.train) for t in Templates.registry.values())
    train_requests = {m.content for c in bundled[0] for m in c.messages if m.role == "user"}
    assert not {m.content for c in bundled[1] for m in c.messages if m.role == "user"} & train_requests


def test_generation_is_reproducible_and_seed_dependent():
    a = [json.dumps(c.to_dict()) for c in generate(30, 4)]
    assert a == [json.dumps(c.to_dict()) for c in generate(30, 4)]
    assert a != [json.dumps(c.to_dict()) for c in generate(30, 5)]


# ------------------------------------------------------------------------------ values


def ctx(seed: int, today: dt.date, split: str = "train") -> Ctx:
    return Ctx(Random(seed), split, today)


WEEKDAY = {w.lower(): k for k, w in enumerate(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                                                "Sunday"))}
NUMBER = {spell(n): n for n in range(0, 100)}


def read_number(text: str) -> int:
    return NUMBER[text] if text in NUMBER else int(text)


def read_date(words: str, today: dt.date) -> set[dt.date]:
    """An independent reading of the generator's date words: the dates they can mean."""
    w = words.lower().removeprefix("on ")
    fixed = {"today": 0, "tomorrow": 1, "yesterday": -1, "the day after tomorrow": 2, "the day before yesterday": -2,
             "a week from today": 7, "two weeks from today": 14, "a week ago": -7, "two weeks ago": -14}
    if w in fixed:
        return {today + dt.timedelta(days=fixed[w])}
    if m := re.fullmatch(r"in (\S+) days|(\S+) days from now", w):
        return {today + dt.timedelta(days=read_number(m.group(1) or m.group(2)))}
    if m := re.fullmatch(r"(\S+) days ago", w):
        return {today - dt.timedelta(days=read_number(m.group(1)))}
    if m := re.fullmatch(r"(next|this coming|last) (\w+)", w):
        ahead = (WEEKDAY[m.group(2)] - today.weekday()) % 7 or 7
        behind = (today.weekday() - WEEKDAY[m.group(2)]) % 7 or 7
        if m.group(1) == "last":
            return {today - dt.timedelta(days=behind), today - dt.timedelta(days=behind + 7)}
        first = today + dt.timedelta(days=ahead)
        return {first} if m.group(1) == "this coming" else {first, first + dt.timedelta(days=7)}
    if m := re.fullmatch(r"(\d+)/(\d+)/(\d+)", w):
        return {dt.date(int(m.group(3)), int(m.group(1)), int(m.group(2)))}
    w = re.sub(r"^(monday|tuesday|wednesday|thursday|friday|saturday|sunday), ", "", w)
    w = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", w)
    if m := re.fullmatch(r"the (\d+) of (\w+)(?:, (\d+))?", w):
        w = f"{m.group(2)} {m.group(1)}" + (f", {m.group(3)}" if m.group(3) else "")
    if m := re.fullmatch(r"(\d+) (\w{3})(?: (\d+))?", w):
        month = next(k for k, name in enumerate(MONTHS, 1) if name.lower().startswith(m.group(2)))
        return {dt.date(int(m.group(3) or today.year), month, int(m.group(1)))}
    m = re.fullmatch(r"(\w+) (\d+)(?:, (\d+))?", w)
    assert m, f"unreadable date words {words!r}"
    month = next(k for k, name in enumerate(MONTHS, 1) if name.lower() == m.group(1))
    return {dt.date(int(m.group(3) or today.year), month, int(m.group(2)))}


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), offset=st.integers(0, 2000), split=st.sampled_from(["train", "foreign"]))
def test_date_words_mean_the_dates_the_call_carries(seed, offset, split):
    today = dt.date(2024, 1, 1) + dt.timedelta(days=offset)
    said = Day(lo=-20, hi=60).say(ctx(seed, today, split))
    accepted = {dt.date.fromisoformat(v) for v in said.accepted()}
    assert read_date(said.words, today) == accepted


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), unit=st.sampled_from(["m", "km", "min", "h", "g", "kg", "ml"]))
def test_quantities_convert_to_the_schema_unit(seed, unit):
    spoken = {"m": ("km", "cm"), "km": ("m",), "min": ("h", "s"), "h": ("min",), "g": ("kg",), "kg": ("g",),
              "ml": ("l",)}[unit]
    kind = Measure(unit, 1, 5000, spoken)
    said = kind.say(ctx(seed, dt.date(2025, 1, 1)))
    idioms = {"an hour and a half": (1.5, "h"), "half an hour": (30, "min"), "a quarter of an hour": (15, "min"),
              "an hour": (1, "h"), "a kilo": (1, "kg"), "a couple of hours": (2, "h"), "half a liter": (0.5, "l"),
              "half a kilometer": (0.5, "km")}
    if said.words in idioms:
        amount, said_unit = idioms[said.words]
    else:
        m = re.fullmatch(r"([\d.,]+|[a-z-]+) ?([a-zA-Z-]+)", said.words)
        assert m, said.words
        amount = float(m.group(1).replace(",", "")) if m.group(1)[0].isdigit() else read_number(m.group(1))
        said_unit = next(u for u, (plural, abbr, _, _) in UNITS.items() if m.group(2) in (plural, plural[:-1], abbr))
    assert UNITS[said_unit][2] == UNITS[unit][2]
    assert float(said.value) == pytest.approx(amount * UNITS[said_unit][3] / UNITS[unit][3])


@given(st.integers(0, 999))
def test_spelled_numbers_are_unique_and_english(n):
    words = spell(n)
    assert re.fullmatch(r"[a-z -]+", words)
    assert sum(spell(k) == words for k in range(1000)) == 1


def test_synth_cli_draws_from_the_universe(tmp_path, capsys):
    from mcp_tui.cli import main

    out = tmp_path / "u.jsonl"
    assert main(["data", "synth", "--universe", "--n", "10", "--seed", "4", "--split", "foreign", "--out", str(out)]) == 0
    tasks = read_dataset(out)
    assert [t.id for t in tasks][:2] == ["foreign-u4-00000", "foreign-u4-00001"] and len(tasks) == 10
    assert {t.metadata["domain"] for t in tasks} <= {d.name for d in FOREIGN}
    assert main(["data", "synth", "--universe", "--n", "3", "--split", "eval", "--out", str(out)]) == 1
    assert "use --split foreign" in capsys.readouterr().err
    assert main(["data", "synth", "--n", "3", "--split", "foreign", "--out", str(out)]) == 1
    assert "--split foreign needs --universe" in capsys.readouterr().err
    assert main(["data", "synth", "--universe", "--pairs", "--n", "3", "--seed", "2", "--out", str(out)]) == 0
    assert read_dataset(out) == contrastive_pairs(3, 2) and "6 train tasks" in capsys.readouterr().out
    assert main(["data", "synth", "--pairs", "--n", "3", "--out", str(out)]) == 1
    assert "use --universe --split train" in capsys.readouterr().err
