"""The native call format, proven token by token: mistral_common's own encoding on the
Tekken layouts of Devstral Small 2 (v13), Devstral Small 2507 (v11) and 2505 (v7), and a
Qwen-style tools template; every conversation shape renders; parsing reads back what
rendering wrote (hypothesis), names broken output, and maps flat names to servers."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_helpers import tekken_version
from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.data.formats import DataError
from mcp_tui.data.tokenize import IGNORE, answer_text, build_train_dataset, encode_conversation, prompt_ids, read_answer
from mcp_tui.tools.calls import call_format
from mcp_tui.tools.native_format import NativeFormat, call_id, function_name, tool_of
from test_data_tokenize import multi_turn, prefix_before, runs

FMT = NativeFormat()
DEVSTRAL_2 = "v13"  # the instruct layout of Devstral Small 2 (2512): see the README

# A Qwen2.5-style template (tools in the system turn, calls as <tool_call> JSON, results
# grouped in one user turn), written for these tests: no Qwen tokenizer is reachable offline.
QWEN_STYLE_TEMPLATE = (
    "{%- if tools %}{{- '<|im_start|>system\\n' }}"
    "{%- if messages[0].role == 'system' %}{{- messages[0].content + '\\n\\n' }}{%- endif %}"
    "{{- '# Tools\\n\\nFunction signatures within <tools></tools>:\\n<tools>' }}"
    "{%- for tool in tools %}{{- '\\n' }}{{- tool | tojson }}{%- endfor %}"
    "{{- '\\n</tools>\\n\\nCall a function with <tool_call>{\"name\": ..., \"arguments\": ...}</tool_call>"
    "<|im_end|>\\n' }}"
    "{%- elif messages[0].role == 'system' %}{{- '<|im_start|>system\\n' + messages[0].content + '<|im_end|>\\n' }}"
    "{%- endif %}"
    "{%- for message in messages %}"
    "{%- if message.role == 'user' or (message.role == 'assistant' and not message.tool_calls) %}"
    "{{- '<|im_start|>' + message.role + '\\n' + message.content + '<|im_end|>\\n' }}"
    "{%- elif message.role == 'assistant' %}{{- '<|im_start|>assistant' }}"
    "{%- if message.content %}{{- '\\n' + message.content }}{%- endif %}"
    "{%- for call in message.tool_calls %}"
    "{{- '\\n<tool_call>\\n{\"name\": \"' + call.function.name + '\", \"arguments\": ' "
    "+ (call.function.arguments | tojson) + '}\\n</tool_call>' }}"
    "{%- endfor %}{{- '<|im_end|>\\n' }}"
    "{%- elif message.role == 'tool' %}"
    "{%- if loop.index0 == 0 or messages[loop.index0 - 1].role != 'tool' %}{{- '<|im_start|>user' }}{%- endif %}"
    "{{- '\\n<tool_response>\\n' + message.content + '\\n</tool_response>' }}"
    "{%- if loop.last or messages[loop.index0 + 1].role != 'tool' %}{{- '<|im_end|>\\n' }}{%- endif %}"
    "{%- endif %}{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)


@pytest.fixture
def qwen_style(tokenizer):
    """The demo tokenizer (ChatML special tokens) with the Qwen-style tools template."""
    import copy

    tok = copy.deepcopy(tokenizer)
    tok.chat_template = QWEN_STYLE_TEMPLATE
    return tok


def specials(tok, *names: str) -> list[int]:
    inner = tok.instruct_tokenizer.tokenizer
    return [inner.get_special_token(n) for n in names]


def expected_mistral_turn(tok, message: Message, turn: int, tools: list[Tool]) -> list[int]:
    """The ids an assistant turn must have, assembled from the raw tokenizer by the
    layout each version documents (not by mistral_common's instruct encoder)."""
    from mistral_common.tokens.tokenizers.base import TokenizerVersion

    inner = tok.instruct_tokenizer.tokenizer
    enc = lambda text: inner.encode(text, bos=False, eos=False)  # noqa: E731
    version = inner.version
    calls = message.tool_calls
    ids = enc(message.content.strip()) if message.content.strip() and (not calls or version >= TokenizerVersion.v11) else []
    if calls and version >= TokenizerVersion.v11:
        for k, c in enumerate(calls):
            ids += [*specials(tok, "[TOOL_CALLS]"), *enc(function_name(c.server, c.tool, tools))]
            if version == TokenizerVersion.v11:
                ids += [*specials(tok, "[CALL_ID]"), *enc(call_id(turn, k))]
            ids += [*specials(tok, "[ARGS]"), *enc(json.dumps(c.arguments, ensure_ascii=False))]
    elif calls:
        listed = [{"name": function_name(c.server, c.tool, tools), "arguments": c.arguments, "id": call_id(turn, k)}
                  for k, c in enumerate(calls)]
        ids += [*specials(tok, "[TOOL_CALLS]"), *enc(json.dumps(listed, ensure_ascii=False))]
    return ids + [inner.eos_id]


def message_indices(conv: Conversation) -> list[int]:
    return [k for k, m in enumerate(conv.messages) if m.role == "assistant"]


@pytest.mark.parametrize("version", [DEVSTRAL_2, "v11", "v7"])
def test_native_labels_are_exactly_the_assistant_turns_on_tekken(version):
    tok = tekken_version(version)
    conv = multi_turn()
    enc = encode_conversation(conv, tok, FMT)
    assert all(lab in (IGNORE, i) for i, lab in zip(enc.input_ids, enc.labels))
    golds = [conv.messages[k] for k in message_indices(conv)]
    found = runs(enc.input_ids, enc.labels)
    assert len(found) == len(golds)
    for turn, ((start, end), gold, index) in enumerate(zip(found, golds, message_indices(conv))):
        # The run is the turn's text and calls, [TOOL_CALLS] included, and its </s> ...
        assert enc.input_ids[start:end] == expected_mistral_turn(tok, gold, index, conv.tools)
        # ... and what comes before it is exactly the eval prompt of that turn. From v13 the
        # tools are listed at the first user turn, so every prompt is a prefix; before, at
        # the last one, which moves when a later user turn is added.
        if version == DEVSTRAL_2 or turn == len(golds) - 1:
            assert enc.input_ids[:start] == prompt_ids(prefix_before(conv, turn), tok, FMT)
    learned = sum(lab != IGNORE for lab in enc.labels)
    assert learned == sum(end - start for start, end in found)


def test_devstral_2_layout_lists_tools_first_and_results_without_ids():
    from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy

    tok = tekken_version(DEVSTRAL_2)
    text = tok.instruct_tokenizer.decode(encode_conversation(multi_turn(), tok, FMT).input_ids,
                                         special_token_policy=SpecialTokenPolicy.KEEP)
    assert text.startswith("<s>[SYSTEM_PROMPT]Work in /repo.[/SYSTEM_PROMPT][AVAILABLE_TOOLS][")
    listed = json.loads(text.split("[AVAILABLE_TOOLS]")[1].split("[/AVAILABLE_TOOLS]")[0])
    assert [t["function"]["name"] for t in listed] == ["read_file", "git_status"]
    assert listed[0]["function"]["parameters"] == multi_turn().tools[0].input_schema
    assert ('[/INST]Checking both.[TOOL_CALLS]git_status[ARGS]{"repo_path": "/repo"}'
            '[TOOL_CALLS]read_file[ARGS]{"path": "src/app.py"}</s>'
            "[TOOL_RESULTS]M src/app.py[/TOOL_RESULTS][TOOL_RESULTS]Error: ENOENT: no such file[/TOOL_RESULTS]") in text


def test_hf_tools_template_labels_and_prompts_token_by_token(qwen_style):
    tok = qwen_style
    conv = multi_turn()
    enc = encode_conversation(conv, tok, FMT)
    found = runs(enc.input_ids, enc.labels)
    golds = [conv.messages[k] for k in message_indices(conv)]
    assert len(found) == len(golds)
    for turn, ((start, end), gold) in enumerate(zip(found, golds)):
        assert enc.input_ids[:start] == prompt_ids(prefix_before(conv, turn), tok, FMT)
        calls = "".join(f'\n<tool_call>\n{{"name": "{c.tool}", "arguments": {json.dumps(c.arguments)}}}\n</tool_call>'
                        for c in gold.tool_calls)
        # The generation prompt ends with the newline the template puts before a call.
        text = gold.content + calls if gold.content else calls.removeprefix("\n")
        want = tok(text + "<|im_end|>", add_special_tokens=False)["input_ids"]
        assert enc.input_ids[start:end] == want
    prompt = tok.decode(prompt_ids(conv, tok, FMT))
    assert '"name": "git_status"' in prompt.split("\n</tools>")[0]
    assert "<tool_response>\nM src/app.py\n</tool_response>\n<tool_response>\nError: ENOENT" in prompt


def test_a_template_without_tools_is_refused_naming_the_model(tokenizer):
    """SmolLM2's ChatML template ignores `tools`: native would silently train without them."""
    import re

    with pytest.raises(DataError, match=re.escape(tokenizer.name_or_path) + r".*ignores `tools`.*\"xml\" or \"hermes\""):
        encode_conversation(multi_turn(), tokenizer, FMT)


def test_flat_names_are_bare_unless_two_servers_share_one():
    schema = {"type": "object", "properties": {"path": {"type": "string"}}}
    tools = [Tool("filesystem", "read_file", "", schema), Tool("github", "read_file", "", schema),
             Tool("git", "git_status", "", schema)]
    assert [function_name(t.server, t.name, tools) for t in tools] == [
        "filesystem__read_file", "github__read_file", "git_status"]
    assert tool_of("git_status", tools) == ("git", "git_status")
    assert tool_of("github__read_file", tools) == ("github", "read_file")
    assert tool_of("mcp__github__read_file", tools) == ("github", "read_file")
    assert tool_of("read_file", tools) == ("tools", "read_file")  # ambiguous: offered by no server as bare
    conv = Conversation(tools=tools, messages=[Message("user", "Read a.py"), Message(
        "assistant", "", [ToolCall("github", "read_file", {"path": "a.py"})])])
    chat = FMT.chat(conv)
    assert [t["function"]["name"] for t in chat.tools] == ["filesystem__read_file", "github__read_file", "git_status"]
    assert chat.messages[-1]["tool_calls"][0]["function"]["name"] == "github__read_file"
    parsed = FMT.parse(FMT.render_calls(conv.messages[-1].tool_calls, tools), tools)
    assert [c.as_tool_call() for c in parsed.calls] == conv.messages[-1].tool_calls


SHAPES = {
    "parallel": [Message("user", "Status and log"), Message("assistant", "", [
        ToolCall("git", "git_status", {"repo_path": "/r"}), ToolCall("git", "git_log", {"n": 3})])],
    "results_and_error": [Message("user", "Read a"), Message("assistant", "On it.", [
        ToolCall("fs", "read_file", {"path": "a"})]), Message("tool", "ENOENT", is_error=True),
        Message("assistant", "", [ToolCall("fs", "read_file", {"path": "/a"})]), Message("tool", "x = 1"),
        Message("assistant", "It sets x to 1.")],
    "no_tool": [Message("user", "What is 2 + 2?"), Message("assistant", "4.")],
    "system_turns": [Message("system", "Be brief."), Message("user", "Hi"), Message("assistant", "Hello.")],
    "second_user_turn": [Message("user", "Read a"), Message("assistant", "", [ToolCall("fs", "read_file", {"path": "a"})]),
                         Message("tool", "aaa"), Message("assistant", "It holds aaa."), Message("user", "And b?"),
                         Message("assistant", "", [ToolCall("fs", "read_file", {"path": "b"})])],
}
SHAPE_TOOLS = [Tool("git", "git_status"), Tool("git", "git_log"), Tool("fs", "read_file", "Read.", {
    "type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]})]


@pytest.mark.parametrize("shape", sorted(SHAPES))
@pytest.mark.parametrize("tok_name", [DEVSTRAL_2, "v11", "v7", "qwen-style"])
def test_every_conversation_shape_renders_natively(shape, tok_name, request):
    tok = request.getfixturevalue("qwen_style") if tok_name == "qwen-style" else tekken_version(tok_name)
    for tools in (SHAPE_TOOLS, []):
        conv = Conversation(id=shape, tools=tools, system="Repo at /r." if shape != "no_tool" else "",
                            messages=list(SHAPES[shape]))
        enc = encode_conversation(conv, tok, FMT)
        assert len(runs(enc.input_ids, enc.labels)) == len(message_indices(conv))
        assert prompt_ids(conv, tok, FMT) == enc.input_ids[: runs(enc.input_ids, enc.labels)[-1][0]]


def test_a_result_that_answers_no_call_is_named():
    conv = Conversation(id="orphan", messages=[Message("user", "Hi"), Message("tool", "stray"), Message("assistant", "Hi.")])
    with pytest.raises(DataError, match="orphan: the tool result at message 2 answers no call"):
        encode_conversation(conv, tekken_version(DEVSTRAL_2), FMT)


def test_mistral_refusals_are_data_errors():
    conv = Conversation(id="empty", messages=[Message("user", "Hi"), Message("assistant", "")])
    with pytest.raises(DataError, match="mistral_common cannot encode"):
        encode_conversation(conv, tekken_version(DEVSTRAL_2), FMT)


@pytest.mark.slow
def test_bundled_conversations_encode_natively():
    """The eval set and the first 600 training conversations (all five categories), packed
    into rows as the GPU presets pack them."""
    from mcp_tui.data.formats import read_dataset
    from mcp_tui.tools.catalog import bundled_catalog_path

    folder = bundled_catalog_path().parent
    convs = read_dataset(folder / "mcp_train.jsonl")[:600] + read_dataset(folder / "mcp_eval.jsonl")
    ds, stats = build_train_dataset(convs, tekken_version(DEVSTRAL_2), FMT, max_seq_len=8192, packing=True)
    assert stats.kept == len([c for c in convs if c.gold_answer()]) and stats.rows < stats.kept
    assert sum(lab != IGNORE for row in ds["labels"] for lab in row) == stats.trainable_tokens


# --- reading answers back --------------------------------------------------------

NAMES = st.from_regex(r"[a-z][a-z0-9]{0,5}(_[a-z0-9]{1,5}){0,2}", fullmatch=True)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def tools_and_calls(draw):
    servers = draw(st.lists(NAMES, min_size=1, max_size=3, unique=True))
    tools = draw(st.lists(st.builds(Tool, st.sampled_from(servers), NAMES), min_size=1, max_size=6,
                          unique_by=lambda t: (t.server, t.name)))
    calls = draw(st.lists(st.builds(lambda t, a: ToolCall(t.server, t.name, a), st.sampled_from(tools),
                                    st.dictionaries(st.text(max_size=8), JSON_VALUES, max_size=4)),
                          min_size=1, max_size=4))
    return tools, calls


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tools_and_calls(), st.text(max_size=30).filter(lambda t: "[" not in t and "<" not in t))
def test_rendered_calls_parse_back_to_the_same_calls(tools_calls, lead):
    tools, calls = tools_calls
    answer = FMT.parse(lead + FMT.render_calls(calls, tools), tools)
    assert answer.well_formed and answer.json_ok
    assert [c.as_tool_call() for c in answer.calls] == calls
    assert answer.text == lead.strip()
    # The v3-v7 form: one JSON list after [TOOL_CALLS], names by the same rule.
    listed = [{"name": function_name(c.server, c.tool, tools), "arguments": c.arguments, "id": call_id(0, k)}
              for k, c in enumerate(calls)]
    assert [c.as_tool_call() for c in FMT.parse("[TOOL_CALLS]" + json.dumps(listed), tools).calls] == calls


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tools_and_calls(), st.data())
def test_a_truncated_answer_is_never_a_different_valid_answer(tools_calls, data):
    """Cut anywhere a token boundary can be ([TOOL_CALLS] and [ARGS] are single tokens)."""
    import re

    tools, calls = tools_calls
    full = FMT.render_calls(calls, tools)
    inside = {i for m in re.finditer(r"\[TOOL_CALLS\]|\[ARGS\]", full) for i in range(m.start() + 1, m.end())}
    cut = data.draw(st.sampled_from([i for i in range(len(full)) if i not in inside]))
    answer = FMT.parse(full[:cut], tools)
    if answer.well_formed and answer.json_ok:
        got = [c.as_tool_call() for c in answer.calls]
        assert got == calls[: len(got)] and len(got) < len(calls)
        assert full[:cut] == FMT.render_calls(calls[: len(got)], tools)
    assert answer.has_call or cut == 0


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["[TOOL_CALLS]", "[ARGS]", "[CALL_ID]", "<tool_call>", "</tool_call>", "{", "}",
                                 "[", "]", '"', ":", ",", "name", "arguments", " ", "read_file", '{"a": 1}']) | st.text(max_size=8),
                max_size=20).map("".join))
def test_garbage_never_raises_and_markup_is_never_a_plain_answer(text):
    tools = [Tool("fs", "read_file")]
    answer = FMT.parse(text, tools)
    if "[TOOL_CALLS]" in text or "<tool_call>" in text:
        assert answer.has_call
    for c in answer.calls:
        assert c.well_formed or c.problem


@pytest.mark.parametrize("text, problem", [
    ("[TOOL_CALLS]read_file", "has no [ARGS]"),
    ("[TOOL_CALLS]read_file[ARGS]", "not valid JSON"),
    ('[TOOL_CALLS]read_file[ARGS]{"path": "a"', "not valid JSON"),
    ('[TOOL_CALLS]read_file[ARGS]["a"]', "not an object"),
    ('[TOOL_CALLS][ARGS]{"path": "a"}', "no function name"),
    ('[TOOL_CALLS][{"name": "read_file", "arguments": {"path": "a"}', "list is not valid JSON"),
    ('[TOOL_CALLS][{"arguments": {}}]', "no string 'name'"),
    ("[TOOL_CALLS][]", "holds no call"),
])
def test_broken_native_calls_are_named(text, problem):
    answer = FMT.parse(text, [Tool("fs", "read_file")])
    assert answer.has_call and not (answer.well_formed and answer.json_ok)
    assert problem in answer.calls[0].problem


def test_v11_call_ids_and_hermes_blocks_are_read():
    tools = [Tool("fs", "read_file")]
    v11 = FMT.parse('Reading.[TOOL_CALLS]read_file[CALL_ID]abc123XYZ[ARGS]{"path": "a"}', tools)
    assert v11.text == "Reading." and v11.calls[0].as_tool_call() == ToolCall("fs", "read_file", {"path": "a"})
    hermes = FMT.parse('Sure.\n<tool_call>\n{"name": "read_file", "arguments": {"path": "a"}}\n</tool_call>', tools)
    assert hermes.text == "Sure." and hermes.calls[0].as_tool_call() == ToolCall("fs", "read_file", {"path": "a"})
    assert not FMT.parse("Plain text [ARGS] leak", tools).well_formed


# --- the agent's turn: prompt, answer ids, parse -----------------------------------


@pytest.mark.parametrize("tok_name", [DEVSTRAL_2, "v11", "qwen-style"])
def test_prompt_and_answer_ids_round_trip_through_the_public_pair(tok_name, request):
    """What an agent loop does each turn: prompt ids for the conversation so far, the
    model's answer ids (here the trained ones, end of turn dropped), read back as calls."""
    tok = request.getfixturevalue("qwen_style") if tok_name == "qwen-style" else tekken_version(tok_name)
    conv = multi_turn()
    enc = encode_conversation(conv, tok, FMT)
    for turn, (start, end) in enumerate(runs(enc.input_ids, enc.labels)):
        prefix = prefix_before(conv, turn)
        gold = conv.messages[message_indices(conv)[turn]]
        answer = read_answer(tok, enc.input_ids[start:end], FMT, conv.tools)  # end of turn included
        assert answer.well_formed and answer.json_ok
        assert [c.as_tool_call() for c in answer.calls] == gold.tool_calls
        assert answer.text == gold.content.strip()
        if tok_name == DEVSTRAL_2:
            assert enc.input_ids[:start] == prompt_ids(prefix, tok, FMT)


def test_transformers_mistral_backend_decodes_calls_with_their_tokens(tmp_path):
    """A Devstral folder loads as transformers' MistralCommonBackend; answers decoded
    through it keep [TOOL_CALLS] and [ARGS], and nothing else changes."""
    import shutil

    from transformers import AutoTokenizer, MistralConfig

    from data_helpers import tekken_file

    shutil.copy(tekken_file(DEVSTRAL_2), tmp_path / "tekken.json")
    MistralConfig(vocab_size=131072, hidden_size=8, intermediate_size=16, num_hidden_layers=1,
                  num_attention_heads=1, num_key_value_heads=1, head_dim=8).save_pretrained(tmp_path)
    backend = AutoTokenizer.from_pretrained(tmp_path, local_files_only=True)
    conv = multi_turn()
    assert prompt_ids(conv, backend, FMT) == prompt_ids(conv, tekken_version(DEVSTRAL_2), FMT)
    enc = encode_conversation(conv, backend, FMT)
    start, end = runs(enc.input_ids, enc.labels)[0]
    text = answer_text(backend, enc.input_ids[start : end - 1], FMT)
    assert text == 'Checking both.[TOOL_CALLS]git_status[ARGS]{"repo_path": "/repo"}[TOOL_CALLS]read_file[ARGS]{"path": "src/app.py"}'
    assert answer_text(backend, enc.input_ids[start : end - 1], call_format("xml")) == (
        'Checking both.git_status{"repo_path": "/repo"}read_file{"path": "src/app.py"}')


# --- training and evaluation end to end -------------------------------------------


@pytest.fixture(scope="module")
def tiny_devstral(tmp_path_factory: pytest.TempPathFactory):
    """A tiny random Devstral Small 2 look-alike as Mistral publishes it (FP8 Mistral3 with a
    ministral3 language model) with the Devstral Small 2 tekken.json (v13): a model folder
    that loads like the downloaded model (transformers' MistralCommonBackend)."""
    import shutil

    from data_helpers import tekken_file
    from mistral3_helpers import build_tiny_mistral3

    folder = build_tiny_mistral3(tmp_path_factory.mktemp("tiny-devstral-2"), fp8=True, vocab=131072, hidden=32,
                                 layers=1)
    shutil.copy(tekken_file(DEVSTRAL_2), folder / "tekken.json")
    return folder


@pytest.mark.slow
def test_native_trains_and_evaluates_a_tiny_devstral(tiny_devstral, tmp_path, runs_dir):
    """`mcp-tui train` with data.call_format = native on the Devstral Small 2 layout: real
    optimizer steps on the mistral_common encoding, then base and tuned answer eval tasks
    through native generation (answers decoded with their call tokens) and are scored."""
    from mcp_tui.cli import main
    from mcp_tui.data.formats import write_jsonl
    from mcp_tui.eval.runner import Evaluation, run_answerers
    from mcp_tui.runs import list_runs
    from eval_helpers import make_tasks

    data = tmp_path / "train.jsonl"
    write_jsonl([Conversation(id=shape, tools=SHAPE_TOOLS, messages=list(m)) for shape, m in SHAPES.items()], data)
    sets = {"model.source": tiny_devstral, "data.train_file": data, "data.sources": "", "data.eval_file": data,
            "data.call_format": "native", "data.max_seq_len": 1024, "data.max_eval_samples": 1, "train.max_steps": 3, "train.save_steps": 3,
            "train.eval_steps": 3, "train.batch_size": 1, "train.grad_accum": 1, "train.lr": 1e-2,
            "train.warmup_ratio": 0.0, "lora.r": 2, "lora.alpha": 4}
    args = [a for k, v in sets.items() for a in ("--set", f"{k}={v}")]
    assert main(["--runs-dir", str(runs_dir), "train", "--foreground", *args]) == 0
    [run] = list_runs(runs_dir)
    losses = [m["loss"] for m in run.metrics() if m.get("loss") is not None]
    assert len(losses) == 3 and all(math.isfinite(x) for x in losses)
    events = (run.path / "events.log").read_text()
    assert f"{len(SHAPES)} of {len(SHAPES)} conversations" in events
    assert "call format native, through mistral_common's chat encoding, tokenizer v13" in events
    assert "model kind: Mistral3ForConditionalGeneration; language model ministral3 only" in events

    tasks = make_tasks(1)
    summary = Evaluation(run.eval_dir, tasks, FMT, batch_size=5).run(run_answerers(run, FMT, 6))
    assert summary["tasks"]["paired"] == len(tasks)
    for model in ("base", "tuned"):
        records = [json.loads(line) for line in (run.eval_dir / f"{model}.jsonl").read_text().splitlines()]
        assert all(r["checks"][0]["name"] == "syntax" for r in records)


def test_native_answers_are_scored_in_every_category():
    """Gold answers written natively pass every category; broken call syntax, a call
    where none fits and a repeated failing call fail the checks that name them."""
    from eval_helpers import make_tasks
    from mcp_tui.eval.score import score_answer

    tasks = make_tasks(1)
    for task in tasks:
        gold = task.gold_answer()
        answer = gold.content + FMT.render_calls(gold.tool_calls, task.tools)
        score = score_answer(task, answer, FMT)
        assert score.passed, (task.id, score.failures())
    select, _, _, error, no_tool = tasks
    cut = score_answer(select, '[TOOL_CALLS]read_text_file[ARGS]{"path": "src/m0', FMT, finished=False)
    assert {c.name for c in cut.checks if not c.ok} >= {"json", "values"}
    unended = score_answer(select, "[TOOL_CALLS]read_text_file", FMT, finished=False)
    assert "has no [ARGS]" in dict((c.name, c.reason) for c in unended.checks)["syntax"]
    spurious = score_answer(no_tool, '[TOOL_CALLS]read_text_file[ARGS]{"path": "a"}', FMT)
    assert "called filesystem.read_text_file where no tool fits" in spurious.failures()[0]
    failing = error.messages[1].tool_calls[0]
    repeated = score_answer(error, FMT.render_calls([failing], error.tools), FMT)
    assert any("repeated the failing call" in f for f in repeated.failures())


@pytest.mark.parametrize("mistral, parser", [(True, "--tokenizer-mode mistral --config-format hf --load-format "
                                                  "safetensors \\\n    --enable-auto-tool-choice --tool-call-parser mistral"),
                                            (False, "--enable-auto-tool-choice --tool-call-parser hermes")])
def test_the_model_card_says_how_to_serve_native_tool_calling(mistral, parser, tmp_path):
    from mcp_tui.config import RunConfig
    from mcp_tui.export.card import CardFacts, model_card

    cfg = RunConfig()
    cfg.data.call_format = "native"
    card = model_card(CardFacts("run-1", cfg, "", tmp_path, "merged", "bf16", [], None, mistral_tokenizer=mistral),
                      tmp_path / "out")
    assert f"vllm serve {tmp_path / 'out'} \\\n    {parser}" in card
    assert "llama-server -m MODEL.gguf --jinja" in card and "## Tool calling" in card
    assert "<use_mcp_tool>" not in card
    cfg.data.call_format = "xml"
    prompted = model_card(CardFacts("run-1", cfg, "", tmp_path, "merged", "bf16", [], None, mistral_tokenizer=mistral),
                          tmp_path / "out")
    assert "tool-call-parser" not in prompted and "<use_mcp_tool>" in prompted


@pytest.mark.slow  # tokenizes the bundled data
def test_data_check_counts_tokens_in_the_run_format(tmp_path, capsys):
    """`data check --call-format native` renders what a native run trains on: no system
    instructions, so fewer tokens than the XML prompt on Tekken."""
    from mcp_tui.cli import main
    from mcp_tui.data.formats import write_jsonl

    path = tmp_path / "d.jsonl"
    write_jsonl([multi_turn()], path)
    lengths = {}
    for fmt in ("xml", "native"):
        assert main(["data", "check", str(path), "--model", "tekken", "--call-format", fmt, "--json"]) == 0
        lengths[fmt] = json.loads(capsys.readouterr().out)["lengths"][0]
    assert lengths["native"] == len(encode_conversation(multi_turn(), tekken_version("v3"), FMT).input_ids)
    assert lengths["native"] < lengths["xml"]
    assert main(["data", "check", str(path), "--call-format", "yaml"]) == 1
    assert "--call-format: unknown call format 'yaml'" in capsys.readouterr().err


def test_ask_both_reads_answers_in_the_run_format():
    from mcp_tui.tui.screens.ask import ask_record

    tools = [Tool("fs", "read_file"), Tool("github", "read_file")]
    good = ask_record('[TOOL_CALLS]github__read_file[ARGS]{"path": "a"}', True, 9, 1.0, FMT, tools)
    assert [(c["name"], c["ok"]) for c in good["checks"]] == [("calls", True), ("syntax", True), ("json", True)]
    assert good["checks"][0]["reason"] == "github.read_file"
    cut = ask_record("[TOOL_CALLS]github__read_file", False, 3, 1.0, FMT, tools)
    assert cut["checks"][1] == {"name": "syntax", "ok": False, "reason": "the call has no [ARGS]"}
