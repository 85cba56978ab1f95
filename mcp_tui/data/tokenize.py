"""Token ids and completion-only labels, exact to the token, for training and eval.

Labels carry the loss on assistant turns only: their text, their call blocks and the
token that ends the turn; system, user and tool-result turns are IGNORE. Nothing is
estimated from character counts:

A call format turns a conversation into a `Chat` (messages, and the tools a native
template lists); the encoders below turn a Chat into ids.

- A Hugging Face tokenizer renders the conversation with its chat template. The text
  is cut at turn boundaries found by rendering growing prefixes of the conversation
  (which must be prefixes of the full text, or the template is refused), then the full
  text is tokenized once and each boundary is located by tokenizing the text up to it:
  those ids must be a prefix of the full ids, which proves no token straddles a
  boundary and that the eval prompt (`prompt_ids`) is exactly what training saw. In an
  assistant span, the text after its last special token (ChatML's newline after
  `<|im_end|>`) belongs to the next turn's prompt and is not learned.
- A mistral_common tokenizer encodes message by message through its own instruct
  tokenizer; the concatenation is checked against mistral_common's encoding of the
  whole request, and the assistant messages' tokens (with their EOS, and with their
  [TOOL_CALLS] in the native format) are the labels.

Packing (optional) concatenates examples into rows of `max_seq_len` with position ids
restarting at 0 for each example and no attention mask. transformers turns such
position ids into a block-diagonal causal mask (masking_utils.find_packed_sequence_indices,
for sdpa, eager and flex attention; flash-attention uses them as varlen boundaries),
so no example attends to another (only without a KV cache, which `PadCollator` switches
off for packed batches); the first token of every example is a prompt token
(IGNORE), so no loss crosses a boundary either.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from mcp_tui.data.conversation import Conversation, Tool
from mcp_tui.data.formats import DataError
from mcp_tui.data.render import as_mistral, has_chat_template, mistral_request, render_chat
from mcp_tui.tools.call_types import CallFormat, Chat, ParsedAnswer

IGNORE = -100
TooLong = Literal["drop", "truncate"]


@dataclass
class Encoded:
    """One example: token ids and labels of the same length (IGNORE where no loss)."""

    input_ids: list[int]
    labels: list[int]

    @property
    def n_trainable(self) -> int:
        return sum(1 for x in self.labels if x != IGNORE)


class TemplateEncoder:
    """Exact labels through a Hugging Face tokenizer's chat template (module docstring)."""

    def __init__(self, tokenizer: Any) -> None:
        self.tok = tokenizer
        special = set(getattr(tokenizer, "all_special_ids", []) or [])
        for tid, added in (getattr(tokenizer, "added_tokens_decoder", None) or {}).items():
            if getattr(added, "special", False):
                special.add(int(tid))
        self.special_ids = special
        self.tools_checked = False

    def _ids(self, text: str) -> list[int]:
        return list(self.tok(text, add_special_tokens=False)["input_ids"])

    def _render(self, chat: Chat, upto: int, *, add_generation_prompt: bool) -> str:
        if chat.tools is not None and not self.tools_checked:
            require_tool_template(self.tok)
            self.tools_checked = True
        return render_chat(self.tok, chat.messages[:upto], tools=chat.tools, add_generation_prompt=add_generation_prompt)

    def _spans(self, chat: Chat) -> tuple[str, list[tuple[int, int]]]:
        """The full text and the character span of each assistant turn."""
        spans = []
        done = ""
        for i, m in enumerate(chat.messages):
            if m["role"] != "assistant":
                continue
            before = self._render(chat, i, add_generation_prompt=True)
            after = self._render(chat, i + 1, add_generation_prompt=False)
            if not before.startswith(done) or not after.startswith(before):
                raise DataError(
                    "this tokenizer's chat template renders earlier turns differently once later turns "
                    "are added, so completion-only labels cannot be computed exactly; use a model whose "
                    "template is append-only, or give the tokenizer a chat_template that is"
                )
            spans.append((len(before), len(after)))
            done = after
        full = self._render(chat, len(chat.messages), add_generation_prompt=False)
        if not full.startswith(done):
            raise DataError("the chat template's full rendering does not extend its prefixes; labels cannot be exact")
        return full, spans

    def _token_index(self, full_ids: list[int], text_prefix: str) -> int:
        ids = self._ids(text_prefix)
        if full_ids[: len(ids)] != ids:
            raise DataError(
                "a token straddles a turn boundary in this tokenizer's rendering, so the prompt a model "
                "sees at eval would differ from training; this chat template cannot be used for training"
            )
        return len(ids)

    def encode(self, chat: Chat, train_on: str = "all") -> Encoded:
        full, spans = self._spans(chat)
        ids = self._ids(full)
        labels = [IGNORE] * len(ids)
        if train_on == "final":
            spans = spans[-1:]
        for start, end in spans:
            a = self._token_index(ids, full[:start])
            b = self._token_index(ids, full[:end])
            specials = [k for k in range(a, b) if ids[k] in self.special_ids]
            stop = specials[-1] + 1 if specials else b
            labels[a:stop] = ids[a:stop]
        return Encoded(ids, labels)

    def prompt(self, chat: Chat) -> list[int]:
        return self._ids(self._render(chat, len(chat.messages), add_generation_prompt=True))


# A tool and a call no real template could render by accident (see `require_tool_template`).
_PROBE_TOOL = {"type": "function", "function": {
    "name": "mcp_tui_probe", "description": "Probe.",
    "parameters": {"type": "object", "properties": {"probe_arg": {"type": "string"}}}}}
_PROBE_CALL = {"role": "assistant", "content": "", "tool_calls": [{
    "id": "probe0001", "type": "function",
    "function": {"name": "mcp_tui_probe", "arguments": {"probe_arg": "probe_value"}}}]}


def require_tool_template(tokenizer: Any) -> None:
    """Native tool calling through a Hugging Face chat template needs one that lists the
    `tools` it is given and writes calls in a form the native parser reads back (Hermes
    `<tool_call>` or Mistral `[TOOL_CALLS]`); a DataError naming the model otherwise."""
    from jinja2 import TemplateError

    model = getattr(tokenizer, "name_or_path", "") or type(tokenizer).__name__
    fix = 'use data.call_format = "xml" or "hermes" (they teach the calls in the system prompt)'
    if not has_chat_template(tokenizer):
        raise DataError(f"{model} has no chat template, so no native tool calling; {fix}")
    user = [{"role": "user", "content": "Hi"}]
    try:
        listed = render_chat(tokenizer, user, tools=[_PROBE_TOOL], add_generation_prompt=True)
        written = render_chat(tokenizer, [*user, _PROBE_CALL], tools=[_PROBE_TOOL], add_generation_prompt=False)
    except (TemplateError, TypeError, ValueError, KeyError) as e:
        raise DataError(f"the chat template of {model} fails on tools and tool calls ({e}); {fix}") from None
    if "mcp_tui_probe" not in listed:
        raise DataError(f"the chat template of {model} ignores `tools` (no native tool calling); {fix}")
    if "probe_value" not in written or not any(m in written for m in ("<tool_call>", "[TOOL_CALLS]")):
        raise DataError(f"the chat template of {model} writes tool calls in a form mcp-tui cannot parse back "
                        f"(neither <tool_call> blocks nor [TOOL_CALLS]); {fix}")


class MistralEncoder:
    """Exact labels through mistral_common's instruct tokenizer (module docstring)."""

    def __init__(self, mistral: Any) -> None:
        self.mistral = mistral
        self.instruct = mistral.instruct_tokenizer

    def encode(self, chat: Chat, train_on: str = "all") -> Encoded:
        with mistral_refusals():
            return self._encode(chat, train_on)

    def _encode(self, chat: Chat, train_on: str) -> Encoded:
        from mistral_common.protocol.instruct.messages import AssistantMessage, SystemMessage, ToolMessage, UserMessage

        request = mistral_request(chat, self.mistral)
        it = self.instruct
        first, last = it.find_first_last_user(request)
        ids = list(it.start())
        labels = [IGNORE] * len(ids)
        final = max((k for k, m in enumerate(request.messages) if isinstance(m, AssistantMessage)), default=-1)
        for k, msg in enumerate(request.messages):
            if isinstance(msg, UserMessage):
                toks = it.encode_user_message(
                    msg,
                    request.available_tools,
                    k == last,
                    k == first,
                    system_prompt=request.system_prompt,
                    force_img_first=True,
                    settings=request.settings,
                )[0]
                labels += [IGNORE] * len(toks)
            elif isinstance(msg, (SystemMessage, ToolMessage)):
                toks = (it.encode_system_message(msg) if isinstance(msg, SystemMessage)
                        else it.encode_tool_message(msg, k < last))[0]
                labels += [IGNORE] * len(toks)
            else:
                toks = it.encode_assistant_message(msg, k < last)
                learn = train_on == "all" or k == final
                labels += list(toks) if learn else [IGNORE] * len(toks)
            ids += toks
        if ids != list(it.encode_instruct(request).tokens):
            raise DataError(
                "mistral_common encodes this conversation differently as a whole than message by message; "
                "this mistral_common version is not supported for exact labels"
            )
        return Encoded(ids, labels)

    def prompt(self, chat: Chat) -> list[int]:
        with mistral_refusals():
            return list(self.instruct.encode_instruct(mistral_request(chat, self.mistral)).tokens)


@contextmanager
def mistral_refusals() -> Iterator[None]:
    """mistral_common's refusals of a conversation (a turn it cannot encode, such as an
    empty assistant turn; a malformed call) as DataErrors."""
    from mistral_common.exceptions import MistralCommonException
    from pydantic import ValidationError

    try:
        yield
    except (MistralCommonException, ValidationError, AssertionError) as e:
        raise DataError(f"mistral_common cannot encode this conversation ({str(e).splitlines()[0]})") from None


def encoder_for(tokenizer: Any) -> TemplateEncoder | MistralEncoder:
    """The exact encoder for this tokenizer: mistral_common's own, or the chat template's."""
    mistral = as_mistral(tokenizer)
    return MistralEncoder(mistral) if mistral is not None else TemplateEncoder(tokenizer)


def encoding_note(tokenizer: Any, fmt: CallFormat) -> str:
    """How conversations become tokens for this tokenizer and call format, in words (for
    events.log: the choice is made from the model's files at run time)."""
    mistral = as_mistral(tokenizer)
    if mistral is not None:
        how = f"mistral_common's chat encoding, tokenizer {mistral.instruct_tokenizer.tokenizer.version.value}"
    else:
        how = "the model's chat template" if has_chat_template(tokenizer) else "a ChatML template (the model has none)"
    return f"call format {fmt.name}, through {how}"


def encode_conversation(conv: Conversation, tokenizer: Any, fmt: CallFormat, train_on: str = "all") -> Encoded:
    """Ids and labels of a whole conversation. `train_on="final"` learns only the last
    assistant turn (for data whose earlier assistant turns should not be imitated)."""
    if conv.gold_answer() is None:
        raise DataError(f"conversation {conv.id or '?'}: has no final assistant turn to learn from")
    return encoder_for(tokenizer).encode(fmt.chat(conv), train_on)


def prompt_ids(conv: Conversation, tokenizer: Any, fmt: CallFormat) -> list[int]:
    """The exact ids a model continues at eval time (the same ids training put before
    the final answer); feed them as they are, without adding special tokens. Its other
    half, reading the answer, is `read_answer`."""
    return encoder_for(tokenizer).prompt(fmt.chat(conv, include_gold=False))


def answer_text(tokenizer: Any, ids: list[int], fmt: CallFormat) -> str:
    """Generated ids as the text `fmt.parse` reads: with the special tokens a native
    call is made of, without any other format's; a final end-of-turn token is dropped."""
    return answer_texts(tokenizer, [ids], fmt)[0]


def answer_texts(tokenizer: Any, rows: list[list[int]], fmt: CallFormat) -> list[str]:
    """`answer_text` of each row, in one batched decode where the tokenizer is a
    transformers one (a decode call costs ~1 ms of Python whatever its length)."""
    keep = fmt.special_tokens_in_calls
    mistral = as_mistral(tokenizer)
    eos = mistral.instruct_tokenizer.tokenizer.eos_id if mistral is not None else getattr(tokenizer, "eos_token_id", None)
    rows = [list(ids[:-1]) if ids and ids[-1] == eos else list(ids) for ids in rows]
    if mistral is tokenizer:  # mistral_common's own tokenizer, not a transformers wrapper
        from mistral_common.tokens.tokenizers.base import SpecialTokenPolicy

        policy = SpecialTokenPolicy.KEEP if keep else SpecialTokenPolicy.IGNORE
        return [tokenizer.instruct_tokenizer.decode(ids, special_token_policy=policy) for ids in rows]
    return tokenizer.batch_decode(rows, skip_special_tokens=not keep)


def read_answer(tokenizer: Any, ids: list[int], fmt: CallFormat, tools: Sequence[Tool]) -> ParsedAnswer:
    """The text and calls of a generated answer: the other half of `prompt_ids` in an
    agent's turn (prompt the conversation so far, generate, read the calls, run them,
    append the assistant turn and the tool results, prompt again). `tools` are the
    conversation's tools, which name each call's server."""
    return fmt.parse(answer_text(tokenizer, ids, fmt), tools)


def pad_token_id(tokenizer: Any) -> int:
    """The id to pad with: the pad token, else end-of-sequence, else 0 (padding never
    carries loss or attention, so any id works)."""
    mistral = as_mistral(tokenizer)
    if mistral is not None:
        inner = mistral.instruct_tokenizer.tokenizer
        return int(getattr(inner, "pad_id", None) or inner.eos_id)
    for attr in ("pad_token_id", "eos_token_id"):
        value = getattr(tokenizer, attr, None)
        if isinstance(value, int):
            return value
    return 0


# ---------------------------------------------------------------------------- datasets


@dataclass
class DatasetStats:
    """What `build_train_dataset` kept and why it left the rest out."""

    total: int = 0
    kept: int = 0
    dropped_too_long: int = 0
    truncated: int = 0
    dropped_no_labels: int = 0
    rows: int = 0
    lengths: list[int] = field(default_factory=list)
    trainable_tokens: int = 0
    # Per origin (the index of the source a conversation came from): [kept, tokens].
    by_origin: dict[int, list[int]] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts and token-length figures, for events.log and the CLI."""
        lengths = sorted(self.lengths)
        pct = (lambda q: lengths[min(len(lengths) - 1, int(q * len(lengths)))]) if lengths else (lambda q: 0)
        return {
            "total": self.total,
            "kept": self.kept,
            "dropped_too_long": self.dropped_too_long,
            "truncated": self.truncated,
            "dropped_no_labels": self.dropped_no_labels,
            "rows": self.rows,
            "tokens": sum(lengths),
            "trainable_tokens": self.trainable_tokens,
            "length_min": lengths[0] if lengths else 0,
            "length_mean": round(statistics.fmean(lengths), 1) if lengths else 0,
            "length_p50": pct(0.5),
            "length_p95": pct(0.95),
            "length_max": lengths[-1] if lengths else 0,
        }


def _fit(enc: Encoded, max_seq_len: int, too_long: TooLong, stats: DatasetStats) -> Encoded | None:
    if len(enc.input_ids) <= max_seq_len:
        return enc
    if too_long == "drop":
        stats.dropped_too_long += 1
        return None
    cut = Encoded(enc.input_ids[:max_seq_len], enc.labels[:max_seq_len])
    if cut.n_trainable == 0:
        stats.dropped_no_labels += 1
        return None
    stats.truncated += 1
    return cut


def pack(examples: list[Encoded], max_seq_len: int) -> list[dict[str, list[int]]]:
    """First-fit packing into rows of at most `max_seq_len` tokens, in input order (so
    the result is reproducible), position ids restarting at 0 per example."""
    rows: list[dict[str, list[int]]] = []
    for enc in examples:
        n = len(enc.input_ids)
        row = next((r for r in rows if len(r["input_ids"]) + n <= max_seq_len), None)
        if row is None:
            row = {"input_ids": [], "labels": [], "position_ids": []}
            rows.append(row)
        row["input_ids"] += enc.input_ids
        row["labels"] += enc.labels
        row["position_ids"] += list(range(n))
    return rows


def build_train_dataset(
    conversations: list[Conversation],
    tokenizer: Any,
    fmt: CallFormat,
    *,
    max_seq_len: int,
    too_long: TooLong = "drop",
    packing: bool = False,
    train_on: str = "all",
    origins: list[int] | None = None,
) -> tuple[Any, DatasetStats]:
    """A `datasets.Dataset` of input_ids, labels and length (plus position_ids when
    packed) for the Trainer, and the stats of what was kept, truncated and dropped.
    A conversation whose metadata says `"train_on": "final"` learns only its last
    assistant turn (its earlier ones hold a mistake the answer corrects), whatever
    `train_on` says. `origins` (one source index per conversation, from a data mix)
    makes the stats count what each source kept. Pair it with
    `PadCollator(pad_token_id(tokenizer))`."""
    from datasets import Dataset

    if too_long not in ("drop", "truncate"):
        raise DataError(f"too_long must be 'drop' or 'truncate', got {too_long!r}")
    encoder = encoder_for(tokenizer)
    stats = DatasetStats(total=len(conversations))
    kept: list[Encoded] = []
    for k, conv in enumerate(conversations):
        if conv.gold_answer() is None:
            raise DataError(f"conversation {conv.id or '?'}: has no final assistant turn to learn from")
        try:
            learn = conv.metadata.get("train_on", train_on)
            enc = _fit(encoder.encode(fmt.chat(conv), learn), max_seq_len, too_long, stats)
        except DataError as e:
            raise DataError(f"conversation {conv.id or '?'}: {e}") from None
        if enc is None:
            continue
        kept.append(enc)
        stats.lengths.append(len(enc.input_ids))
        stats.trainable_tokens += enc.n_trainable
        if origins is not None:
            counts = stats.by_origin.setdefault(origins[k], [0, 0])
            counts[0] += 1
            counts[1] += len(enc.input_ids)
    stats.kept = len(kept)
    if packing:
        rows = pack(kept, max_seq_len)
        columns: dict[str, list[Any]] = {k: [r[k] for r in rows] for k in ("input_ids", "labels", "position_ids")}
    else:
        columns = {"input_ids": [e.input_ids for e in kept], "labels": [e.labels for e in kept]}
    columns["length"] = [len(x) for x in columns["input_ids"]]
    stats.rows = len(columns["input_ids"])
    return Dataset.from_dict(columns), stats


class PadCollator:
    """Pads a batch to its longest row: input ids with `pad_id`, labels with IGNORE.

    Unpacked rows get an attention mask. Packed rows (with position_ids) get none, on
    purpose: transformers derives the per-example block mask from the position ids only
    when the mask is absent; their padding continues as one more pseudo-example whose
    position ids restart at 0, so real tokens never see it."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(self, features: list[dict[str, Any]]) -> dict[str, Any]:
        import torch

        width = max(len(f["input_ids"]) for f in features)
        packed = "position_ids" in features[0]
        batch: dict[str, list[list[int]]] = {"input_ids": [], "labels": []}
        batch["position_ids" if packed else "attention_mask"] = []
        for f in features:
            n = len(f["input_ids"])
            gap = width - n
            batch["input_ids"].append(list(f["input_ids"]) + [self.pad_id] * gap)
            batch["labels"].append(list(f["labels"]) + [IGNORE] * gap)
            if packed:
                batch["position_ids"].append(list(f["position_ids"]) + list(range(gap)))
            else:
                batch["attention_mask"].append([1] * n + [0] * gap)
        out: dict[str, Any] = {k: torch.tensor(v, dtype=torch.long) for k, v in batch.items()}
        if packed:
            # With a KV cache transformers skips the packed-sequence mask (and the model
            # config enables the cache by default), so packed batches switch it off.
            out["use_cache"] = False
        return out
