"""The developer-tool generator: bundled files reproduce byte for byte, every category
is well formed and valid against the catalog, and the eval split is held out from
training. (The universe's tasks, mixed into the same training file, are tested in
test_universe.py.)"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from mcp_tui.bundled import BUNDLED
from mcp_tui.data.conversation import AGENTIC, CATEGORIES
from mcp_tui.data.formats import read_dataset, write_jsonl
from mcp_tui.data.intents import INTENTS, OUTAGES
from mcp_tui.data.plain_answers import HELD_OUT, QUESTIONS
from mcp_tui.data.synth import HELD_OUT_SERVERS, synthesize
from mcp_tui.data.validate import check_conversation
from mcp_tui.tools.catalog import bundled_catalog_path, call_problems, load_catalog
from mcp_tui.tools.text_format import assistant_text
from mcp_tui.tools.xml_format import XmlMcpFormat


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def train_file(catalog):
    return read_dataset(bundled_catalog_path().parent / "mcp_train.jsonl")


@pytest.fixture(scope="module")
def train(train_file):
    """The developer-tool tasks of the training file (not the universe's, not the agentic trajectories)."""
    return [c for c in train_file if c.metadata.get("source") != "universe" and c.category != AGENTIC]


@pytest.fixture(scope="module")
def evalset(catalog):
    return read_dataset(bundled_catalog_path().parent / "mcp_eval.jsonl")


@pytest.mark.parametrize("name", sorted(BUNDLED))
@pytest.mark.slow  # regenerates the bundled data sets
def test_bundled_files_reproduce_byte_for_byte(catalog, tmp_path, name):
    """Also the train file's agentic trajectories, whose tool results come from executing
    them against the sandbox server."""
    out = tmp_path / name
    write_jsonl(BUNDLED[name].build(catalog), out)
    assert out.read_bytes() == (bundled_catalog_path().parent / name).read_bytes()


def test_the_training_file_mixes_the_generators_evenly(train_file, train):
    assert len(train) == 1000 and len(train_file) == 4400
    assert sum(c.category == AGENTIC for c in train_file) == 400
    first = train_file[:440]
    assert 80 <= sum(c in train for c in first) <= 120, "every prefix holds every part"
    assert 30 <= sum(c.category == AGENTIC for c in first) <= 50


def test_sizes_and_categories(train, evalset):
    assert len(train) >= 1000 and len(evalset) >= 300
    for ds in (train, evalset):
        counts = Counter(c.category for c in ds if c.category != AGENTIC)
        assert set(counts) == set(CATEGORIES)
        assert min(counts.values()) >= sum(counts.values()) // len(CATEGORIES) - 1
    assert len({c.id for c in train + evalset}) == len(train) + len(evalset)


def test_every_task_is_valid_against_its_tools(train, evalset):
    for conv in train + evalset:
        errors, warnings = check_conversation(conv)
        assert not errors, (conv.id, errors)
        assert not warnings, (conv.id, warnings)
        for m in conv.messages:
            for call in m.tool_calls:
                assert not call_problems(call, conv.tools), conv.id


def test_gold_answers_satisfy_their_expected_calls(train):
    """The gold call carries a value each expected argument accepts, in a valid order."""
    for conv in train:
        gold = conv.gold_answer()
        if conv.category == AGENTIC:
            continue  # multi-step trajectories: tests/test_agent_tasks.py
        if not conv.expected_calls:
            assert not gold.tool_calls and conv.reference == gold.content
            continue
        if conv.category == "error_handling":
            assert gold.tool_calls != conv.messages[1].tool_calls, "recovery must differ from the failing call"
        assert len(gold.tool_calls) == len(conv.expected_calls)
        for k, (call, exp) in enumerate(zip(gold.tool_calls, conv.expected_calls)):
            assert (call.server, call.tool) == (exp.server, exp.tool)
            for key, value in call.arguments.items():
                assert value in exp.arguments[key], (conv.id, key)
            assert all(j < k for j in exp.after)


def test_category_shapes(train):
    by = {cat: [c for c in train if c.category == cat] for cat in CATEGORIES}
    assert all(len(c.gold_answer().tool_calls) == 1 for c in by["tool_selection"] + by["parameter_formatting"])
    assert all(len(c.gold_answer().tool_calls) >= 2 for c in by["completeness"])
    assert any(c.expected_calls[-1].after for c in by["completeness"])
    assert all(c.messages[2].role == "tool" and c.messages[2].is_error for c in by["error_handling"])
    recoveries = [bool(c.expected_calls) for c in by["error_handling"]]
    assert 0.25 < sum(recoveries) / len(recoveries) < 0.75, "both corrected calls and explanations"
    assert all(not c.gold_answer().tool_calls and c.reference for c in by["no_tool"])
    # Prompts stay small: the right server plus one to three distractors.
    assert all(2 <= len({t.server for t in c.tools}) <= 4 for c in by["tool_selection"])


def test_eval_is_held_out(train, evalset):
    train_servers = {t.server for c in train for t in c.tools}
    assert not train_servers & set(HELD_OUT_SERVERS)
    held = [c for c in evalset if c.metadata["held_out_server"]]
    assert len(held) >= 0.25 * len(evalset)
    assert {c.expected_calls[0].server for c in held if c.expected_calls} >= set(HELD_OUT_SERVERS)
    # No eval request (on a seen server) appears verbatim in training.
    train_requests = {c.messages[0].content for c in train}  # the developer-tool tasks
    seen = [c for c in evalset if not c.metadata["held_out_server"]]
    assert sum(c.messages[0].content in train_requests for c in seen) == 0
    eval_questions = {q for q, _, _ in QUESTIONS[-HELD_OUT:]}
    assert not eval_questions & train_requests


def test_accepted_values_allow_equivalent_spellings(train):
    paths = [e.arguments["path"] for c in train for e in c.expected_calls
             if e.server == "filesystem" and "path" in e.arguments]  # fmt: skip
    assert any(p == ["src/app.py", "./src/app.py"] for p in paths)
    optional = [v for c in train for e in c.expected_calls for v in e.arguments.values() if "" in v]
    assert optional, "optional parameters accept being left out"


def test_intent_bank_matches_the_catalog(catalog):
    for i in INTENTS:
        assert catalog.tool(i.server, i.tool) is not None, f"{i.server}.{i.tool} is not in the catalog"
        assert len(i.clauses) >= 3, f"{i.server}.{i.tool} needs several phrasings"
    covered = {(i.server, i.tool) for i in INTENTS}
    assert len(covered) >= 60
    for key in OUTAGES:
        server, _, tool = key.partition(".")
        assert server in catalog.servers and (not tool or catalog.tool(server, tool))


def test_a_domain_module_defines_its_intents_and_outages_in_one_place():
    """The decorator makes each draft function its Intent, so a workflow names it directly,
    and the bank is every domain module's intents in file order."""
    from mcp_tui.data.intents import DOMAINS, filesystem, time
    from mcp_tui.data.phrasings import Intent

    assert isinstance(filesystem.mkdir, Intent) and filesystem.mkdir.tool == "create_directory"
    assert INTENTS.index(filesystem.mkdir) < INTENTS.index(time.now)
    assert [d.__name__.rsplit(".", 1)[1] for d in DOMAINS][:2] == ["filesystem", "git"]
    assert OUTAGES["time.convert_time"] == time.OUTAGES["time.convert_time"]
    assert len({id(i) for i in INTENTS}) == len(INTENTS)


def test_small_runs_are_deterministic_and_seed_dependent(catalog):
    a = [json.dumps(c.to_dict()) for c in synthesize(catalog, 25, 7)]
    b = [json.dumps(c.to_dict()) for c in synthesize(catalog, 25, 7)]
    c = [json.dumps(c.to_dict()) for c in synthesize(catalog, 25, 8)]
    assert a == b and a != c


def test_rendered_gold_parses_back(train):
    fmt = XmlMcpFormat()
    for conv in train[:200]:
        gold = conv.gold_answer()
        parsed = fmt.parse(assistant_text(gold, fmt))
        assert parsed.well_formed and [c.as_tool_call() for c in parsed.calls] == gold.tool_calls


def test_every_phrasing_of_an_intent_carries_the_same_values():
    """A phrasing that leaves out a value the call carries asks for a call the user never
    described. Names of places, people and channels may come and go beside their ids, and
    a description (`what`) may stand in for one technical value (`the latest commit`)."""
    import string

    optional = {"chan", "who", "place"}
    for i in INTENTS:
        used = [{ {"method_verb": "method"}.get(n, n) for _, n, _, _ in string.Formatter().parse(t) if n} - optional
                for t in i.clauses + i.asks]  # fmt: skip
        full = set().union(*used)
        for phrasing, slots in zip(i.clauses + i.asks, used):
            missing = full - slots - {"what"}
            assert not missing or (len(missing) == 1 and "what" in slots), (i.tool, phrasing, missing)


def test_bundled_hard_negatives_ask_or_decline_and_stay_out_of_the_eval_sets():
    negatives = read_dataset(bundled_catalog_path().parent / "mcp_train_negatives.jsonl")
    assert len(negatives) > 700
    assert all(c.category == "no_tool" and not c.messages[-1].tool_calls for c in negatives)
    assert {c.metadata["shape"] for c in negatives} == {"missing_value", "near_miss"}
    foreign = read_dataset(bundled_catalog_path().parent / "mcp_eval_foreign.jsonl")
    def requests(convs):
        return {m.content for c in convs for m in c.messages if m.role == "user"}

    assert requests(negatives) and not requests(negatives) & requests(foreign)
