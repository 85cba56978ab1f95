"""Completion-only labels, proven token by token on two real tokenizers (SmolLM2's
ChatML template and Mistral's Tekken through mistral_common), multi-turn included;
too-long handling; packing without cross-contamination on a tiny random model."""

from __future__ import annotations

import pytest
import torch

from data_helpers import mistral_v7_tokenizer, tekken_tokenizer
from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.data.render import prompt_text
from mcp_tui.data.tokenize import (
    IGNORE,
    PadCollator,
    build_train_dataset,
    encode_conversation,
    pack,
    pad_token_id,
    prompt_ids,
)
from mcp_tui.tools.hermes_format import HermesFormat
from mcp_tui.tools.text_format import assistant_text, chat_messages
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()
TOOLS = [
    Tool("filesystem", "read_file", "Read a file.", {"type": "object", "properties": {"path": {"type": "string"}}}),
    Tool("git", "git_status", "Working tree status.", {"type": "object", "properties": {"repo_path": {"type": "string"}}}),
]


def multi_turn() -> Conversation:
    """Two user turns, three assistant turns, two calls in one turn, an error result."""
    return Conversation(
        id="multi",
        tools=TOOLS,
        system="Work in /repo.",
        messages=[
            Message("user", "What changed, and show me src/app.py?"),
            Message(
                "assistant",
                "Checking both.",
                [ToolCall("git", "git_status", {"repo_path": "/repo"}), ToolCall("filesystem", "read_file", {"path": "src/app.py"})],
            ),
            Message("tool", "M src/app.py"),
            Message("tool", "ENOENT: no such file", is_error=True),
            Message("assistant", "", [ToolCall("filesystem", "read_file", {"path": "/repo/src/app.py"})]),
            Message("tool", "print('hi')"),
            Message("assistant", "src/app.py was modified; it prints hi."),
            Message("user", "Thanks! Nothing else."),
            Message("assistant", "You're welcome."),
        ],
    )


def runs(ids: list[int], labels: list[int]) -> list[tuple[int, int]]:
    """(start, end) of each maximal run of labelled tokens."""
    out, start = [], None
    for k, lab in enumerate([*labels, IGNORE]):
        if lab != IGNORE and start is None:
            start = k
        elif lab == IGNORE and start is not None:
            out.append((start, k))
            start = None
    return out


def prefix_before(conv: Conversation, turn: int) -> Conversation:
    """The conversation cut just before its `turn`-th assistant message (0-based)."""
    seen = -1
    for k, m in enumerate(conv.messages):
        if m.role == "assistant":
            seen += 1
            if seen == turn:
                return Conversation(messages=conv.messages[:k], tools=conv.tools, system=conv.system)
    raise AssertionError("no such turn")


def expected_turn_ids(tok, text: str) -> list[int]:
    """The ids an assistant turn must have, encoded independently of the conversation."""
    if hasattr(tok, "instruct_tokenizer"):
        inner = tok.instruct_tokenizer.tokenizer
        return inner.encode(text, bos=False, eos=False) + [inner.eos_id]
    return tok(text + "<|im_end|>", add_special_tokens=False)["input_ids"]


@pytest.fixture(params=["smollm2", "tekken-v3", "tekken-v7"])
def any_tokenizer(request):
    """The demo model's ChatML tokenizer, Tekken with Mistral's v3 layout (system prompt
    at the last user turn), and Tekken with the v7 layout ([SYSTEM_PROMPT] first)."""
    if request.param == "smollm2":
        return request.getfixturevalue("tokenizer")
    return tekken_tokenizer() if request.param == "tekken-v3" else mistral_v7_tokenizer()


@pytest.mark.parametrize("fmt", [XmlMcpFormat(), HermesFormat()], ids=["xml", "hermes"])
def test_labels_are_exactly_the_assistant_turns(any_tokenizer, fmt):
    tok = any_tokenizer
    conv = multi_turn()
    enc = encode_conversation(conv, tok, fmt)
    assert len(enc.input_ids) == len(enc.labels)
    assert all(lab in (IGNORE, i) for i, lab in zip(enc.input_ids, enc.labels))
    golds = [m for m in conv.messages if m.role == "assistant"]
    found = runs(enc.input_ids, enc.labels)
    assert len(found) == len(golds)
    for turn, ((start, end), gold) in enumerate(zip(found, golds)):
        # Everything before the run is exactly the eval prompt for that turn (Mistral's
        # v3 layout moves the system prompt to the last user turn, so there only the
        # final turn's prompt is a prefix of the whole conversation) ...
        if turn == len(golds) - 1 or tok is not tekken_tokenizer():
            assert enc.input_ids[:start] == prompt_ids(prefix_before(conv, turn), tok, fmt)
        # ... and the run is exactly the assistant text plus its end-of-turn token.
        assert enc.input_ids[start:end] == expected_turn_ids(tok, assistant_text(gold, fmt))
    # Nothing of the user and tool turns is learned.
    learned = [i for i, lab in zip(enc.input_ids, enc.labels) if lab != IGNORE]
    assert sum(end - start for start, end in found) == len(learned)


def test_final_only_learns_the_last_turn(tokenizer):
    tok = tokenizer
    all_turns = encode_conversation(multi_turn(), tok, FMT)
    final = encode_conversation(multi_turn(), tok, FMT, train_on="final")
    assert final.input_ids == all_turns.input_ids
    assert runs(final.input_ids, final.labels) == runs(all_turns.input_ids, all_turns.labels)[-1:]


def test_a_conversation_can_ask_to_learn_only_its_last_turn(tokenizer):
    """Metadata `train_on: final` (a failed call the answer corrects) overrides the
    dataset's setting for that conversation alone."""
    tok = tokenizer
    marked = multi_turn()
    marked.metadata = {"train_on": "final"}
    ds, _ = build_train_dataset([multi_turn(), marked], tok, FMT, max_seq_len=4096)
    plain, final = ds[0], ds[1]
    assert len(runs(plain["input_ids"], plain["labels"])) == 4
    assert runs(final["input_ids"], final["labels"]) == runs(plain["input_ids"], plain["labels"])[-1:]


def test_tool_results_come_back_as_user_turns_naming_the_server():
    msgs = chat_messages(multi_turn(), FMT)
    roles = [m["role"] for m in msgs]
    assert roles[0] == "system" and all(a != b for a, b in zip(roles, roles[1:]))
    results = msgs[3]["content"]
    assert "[use_mcp_tool for 'git'] Result:\nM src/app.py" in results
    assert "[use_mcp_tool for 'filesystem'] Result:\nThe tool execution failed" in results
    assert "<error>\nENOENT: no such file\n</error>" in results


def test_prompt_text_ends_with_generation_prompt_and_lists_schemas(tokenizer):
    tok = tokenizer
    text = prompt_text(multi_turn(), tok, FMT)
    assert text.endswith("<|im_start|>assistant\n")
    assert '"properties":{"repo_path":{"type":"string"}}' in text
    assert "Work in /repo." in text and "You're welcome" not in text


def test_fallback_template_for_a_tokenizer_without_one(tokenizer_dir):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(tokenizer_dir)
    tok.chat_template = None
    enc = encode_conversation(multi_turn(), tok, FMT)
    found = runs(enc.input_ids, enc.labels)
    assert len(found) == 4
    start, end = found[-1]
    assert tok.decode(enc.input_ids[start:end]) == "You're welcome." + tok.eos_token
    assert prompt_text(multi_turn(), tok, FMT).endswith("<|im_start|>assistant\n")


def test_too_long_is_dropped_or_truncated_and_counted(tokenizer):
    tok = tokenizer
    short = multi_turn()
    long = multi_turn()
    long.messages[-1] = Message("assistant", "All done. " * 200)
    n_short = len(encode_conversation(short, tok, FMT).input_ids)
    limit = n_short + 10
    ds, stats = build_train_dataset([short, long], tok, FMT, max_seq_len=limit, too_long="drop")
    assert (len(ds), stats.kept, stats.dropped_too_long, stats.truncated) == (1, 1, 1, 0)
    ds, stats = build_train_dataset([short, long], tok, FMT, max_seq_len=limit, too_long="truncate")
    assert (len(ds), stats.truncated) == (2, 1)
    assert max(ds["length"]) == limit
    # Truncation that leaves nothing to learn drops the example.
    long.messages[0] = Message("user", "please " * 400)
    ds, stats = build_train_dataset([long], tok, FMT, max_seq_len=50, too_long="truncate")
    assert (len(ds), stats.dropped_no_labels) == (0, 1)
    assert stats.summary()["kept"] == 0


def test_packing_does_not_let_examples_see_each_other(tokenizer):
    from transformers import LlamaConfig, LlamaForCausalLM

    tok = tokenizer
    a, b = multi_turn(), multi_turn()
    b.messages = b.messages[:2]
    enc_a = encode_conversation(a, tok, FMT)
    enc_b = encode_conversation(b, tok, FMT)
    rows = pack([enc_a, enc_b], len(enc_a.input_ids) + len(enc_b.input_ids))
    assert len(rows) == 1 and rows[0]["position_ids"][len(enc_a.input_ids)] == 0

    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=2048)  # fmt: skip
    model = LlamaForCausalLM(cfg).eval()
    batch = PadCollator(pad_token_id(tok))([rows[0]])
    assert "attention_mask" not in batch and batch["use_cache"] is False
    model.train()  # the trainer's mode; the tiny config has no dropout
    with torch.no_grad():
        packed = model(**batch).logits[0]
        alone = model(input_ids=torch.tensor([enc_b.input_ids])).logits[0]
    tail = packed[len(enc_a.input_ids) :]
    assert torch.allclose(tail, alone, atol=1e-5)


def test_build_train_dataset_rows_and_collator_padding():
    tok = tekken_tokenizer()
    convs = [multi_turn(), multi_turn()]
    convs[1].messages = convs[1].messages[:2]
    ds, stats = build_train_dataset(convs, tok, FMT, max_seq_len=4096)
    assert stats.kept == 2 and stats.trainable_tokens == sum(
        sum(1 for x in r if x != IGNORE) for r in ds["labels"]
    )
    batch = PadCollator(pad_token_id(tok))([ds[0], ds[1]])
    width = max(ds["length"])
    assert batch["input_ids"].shape == (2, width)
    short = min(ds["length"])
    row = int(torch.argmin(torch.tensor(ds["length"])))
    assert batch["attention_mask"][row, short:].sum() == 0
    assert (batch["labels"][row, short:] == IGNORE).all()
    packed, pstats = build_train_dataset(convs, tok, FMT, max_seq_len=4096, packing=True)
    assert len(packed) == 1 and pstats.rows == 1 and packed[0]["length"] == sum(ds["length"])
