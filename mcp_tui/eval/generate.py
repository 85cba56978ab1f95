"""Greedy, batched answers for evaluation: left padding, KV cache, and an early stop.

An answer may hold several call blocks, so stopping at the first closing tag would make
a multi-call answer impossible; running to the token budget would waste most of the
time on chatter after the last call. The stop rule sits between the two: after a
format's stop string, generation goes on only while what follows could be the start of
another call block; anything else ends the answer at the stop string (the instructions
say nothing may follow the last block, and clients ignore it). End of turn ends it too,
and is the only end of a native answer (no stop strings): a server's native parser reads
the calls once the turn is over.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

import torch
from transformers import StoppingCriteria, StoppingCriteriaList

from mcp_tui.agent.loop import Generation
from mcp_tui.data.conversation import ToolCall
from mcp_tui.data.tokenize import answer_text, answer_texts, pad_token_id
from mcp_tui.eval.grouped_attention import grouped_decoding
from mcp_tui.tools.call_types import CallFormat


def call_opener(fmt: CallFormat) -> str:
    """The text every call block of `fmt` starts with (whitespace removed), found as the
    common start of two different rendered calls, so any format module works."""
    a = "".join(fmt.render_calls([ToolCall("a", "b", {})], []).split())
    b = "".join(fmt.render_calls([ToolCall("c", "d", {"e": 1})], []).split())
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return a[:n]


def end_of_answer(text: str, stop_strings: tuple[str, ...], opener: str) -> int | None:
    """Where the answer ends if it is over: the end of the last stop string, when what
    follows it is neither whitespace nor the start of another call block; else None."""
    cut = max((text.rfind(s) + len(s) for s in stop_strings if s in text), default=None)
    if cut is None:
        return None
    tail = "".join(text[cut:].split())
    if not tail or opener.startswith(tail) or tail.startswith(opener):
        return None
    return cut


class AnswerStop(StoppingCriteria):
    """Per row: done at an end-of-turn token or at the end of the last call block (see
    `end_of_answer`); remembers when and where each row ended.

    Decoding every row's whole answer at every token cost ~1.3 ms a row through the
    tokenizer's Python wrapper: 60 ms a step for 40 agentic rows, more than a small model's
    whole step on a GPU. So each step decodes only the last `WINDOW` tokens of the rows, in
    one batch call; a row whose window shows a stop string is armed, and from then on its
    whole answer is decoded and `end_of_answer` decides, exactly as before (a stop string is
    a few tokens long and the check runs at every token, so no row is armed late)."""

    WINDOW = 32

    def __init__(self, tokenizer: Any, prompt_len: int, fmt: CallFormat, eos_ids: set[int]) -> None:
        self.tokenizer = tokenizer
        self.prompt_len = prompt_len
        self.fmt = fmt
        self.stop_strings = tuple(fmt.stop_strings)
        self.opener = call_opener(fmt) if self.stop_strings else ""
        self.eos_ids = eos_ids
        self.start = time.perf_counter()
        # row -> (tokens of the answer, tokens generated, text cut, time)
        self.ended: dict[int, tuple[int, int, int | None, float]] = {}
        self.armed: set[int] = set()

    def __call__(self, input_ids: torch.LongTensor, scores: Any, **kwargs: Any) -> torch.BoolTensor:
        now = time.perf_counter()
        new = input_ids[:, self.prompt_len :].tolist()
        open_rows = []
        for row, ids in enumerate(new):
            if row not in self.ended and ids and ids[-1] in self.eos_ids:
                self.ended[row] = (len(ids) - 1, len(ids), None, now)
            elif row not in self.ended and ids:
                open_rows.append(row)
        if self.stop_strings:
            self._arm(open_rows, new)
            for row in sorted(self.armed.intersection(open_rows)):
                cut = end_of_answer(answer_text(self.tokenizer, new[row], self.fmt), self.stop_strings, self.opener)
                if cut is not None:
                    self.ended[row] = (len(new[row]), len(new[row]), cut, now)
        return torch.tensor([row in self.ended for row in range(len(new))], dtype=torch.bool, device=input_ids.device)

    def _arm(self, rows: list[int], new: list[list[int]]) -> None:
        """Arm the rows whose last tokens show a stop string (one batched decode)."""
        rows = [r for r in rows if r not in self.armed]
        if not rows:
            return
        for row, text in zip(rows, answer_texts(self.tokenizer, [new[r][-self.WINDOW :] for r in rows], self.fmt)):
            if any(s in text for s in self.stop_strings):
                self.armed.add(row)


class Cancelled(StoppingCriteria):
    """Ends every row at once when `cancel()` says so (the user stopped an agent run)."""

    def __init__(self, cancel: Callable[[], bool]) -> None:
        self.cancel = cancel

    def __call__(self, input_ids: torch.LongTensor, scores: Any, **kwargs: Any) -> torch.BoolTensor:
        return torch.full((input_ids.shape[0],), bool(self.cancel()), dtype=torch.bool, device=input_ids.device)


def eos_token_ids(model: Any, tokenizer: Any) -> set[int]:
    """Every token that ends an assistant turn, from the model's generation config and the tokenizer."""
    ids: set[int] = set()
    for value in (getattr(model.generation_config, "eos_token_id", None), getattr(tokenizer, "eos_token_id", None)):
        if isinstance(value, int):
            ids.add(value)
        elif value:
            ids.update(int(v) for v in value)
    return ids


def left_pad(prompts: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Token id lists as one left-padded batch and its attention mask."""
    width = max(len(p) for p in prompts)
    ids = torch.full((len(prompts), width), pad_id, dtype=torch.long)
    mask = torch.zeros((len(prompts), width), dtype=torch.long)
    for row, p in enumerate(prompts):
        ids[row, width - len(p) :] = torch.tensor(p, dtype=torch.long)
        mask[row, width - len(p) :] = 1
    return ids, mask


@contextmanager
def decode_threads(device: torch.device) -> Iterator[None]:
    """One CPU thread while decoding. A decoding step is a chain of small matmuls: a
    second thread gains little on an idle machine, and where the cores are shared
    (another training, a test run) every step waits for the thread that was descheduled;
    measured on 2 shared cores, a step took 16x the CPU time with two threads. Encoding
    the prompt is one large matmul per layer and keeps every thread."""
    if device.type != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


def generate_batch(
    model: Any, tokenizer: Any, prompts: list[list[int]], fmt: CallFormat, max_new_tokens: int,
    cancel: Callable[[], bool] | None = None,
) -> list[Generation]:
    """Greedy answers to tokenized prompts, generated together; `cancel()` returning True
    ends them early (as unfinished answers)."""
    eos = eos_token_ids(model, tokenizer)
    pad_id = pad_token_id(tokenizer)
    ids, mask = left_pad(prompts, pad_id)
    device = next(model.parameters()).device
    ids, mask = ids.to(device), mask.to(device)
    stop = AnswerStop(tokenizer, ids.shape[1], fmt, eos)
    with torch.inference_mode():
        # The prompt (all but its last token) is encoded apart from the token-by-token
        # decoding, so that on a CPU each runs with the threads that suit it. Only its cache
        # is used: logits for one position, not a (batch, prompt, vocabulary) tensor (40
        # agentic prompts of 1k tokens would make 8 GB of fp32 logits with SmolLM2's vocabulary).
        cache = None
        if ids.shape[1] > 1:
            # Positions count real tokens only (left padding), as generate() counts them.
            positions = (mask[:, :-1].cumsum(-1) - 1).clamp(min=0)
            cache = model(input_ids=ids[:, :-1], attention_mask=mask[:, :-1], position_ids=positions,
                          use_cache=True, logits_to_keep=1).past_key_values
        with decode_threads(device), grouped_decoding(model) if device.type == "cpu" else nullcontext():
            out = model.generate(
                input_ids=ids,
                attention_mask=mask,
                past_key_values=cache,
                max_new_tokens=max_new_tokens,
                do_sample=False,
                temperature=None,
                top_p=None,
                top_k=None,
                use_cache=True,
                pad_token_id=pad_id,
                eos_token_id=sorted(eos) or None,
                stopping_criteria=StoppingCriteriaList([stop] + ([Cancelled(cancel)] if cancel else [])),
            )
    end = time.perf_counter()
    results = []
    for row, seq in enumerate(out[:, ids.shape[1] :].tolist()):
        if row in stop.ended:
            keep, generated, cut, at = stop.ended[row]
            finished = True
        else:
            keep, generated, cut, at, finished = len(seq), len(seq), None, end, False
        text = answer_text(tokenizer, seq[:keep], fmt)
        results.append(Generation(text[:cut] if cut is not None else text, finished, generated, at - stop.start))
    return results
