"""Batched greedy generation on a tiny random model, and the answer stop rule."""

import pytest
import torch

from eval_helpers import FMT, make_tasks
from mcp_tui.data.conversation import ToolCall
from mcp_tui.eval.generate import AnswerStop, call_opener, end_of_answer, generate_batch
from mcp_tui.eval.runner import Evaluation, PeftAnswerer
from mcp_tui.tools.hermes_format import HermesFormat


@pytest.fixture(scope="module")
def tok(tokenizer):
    return tokenizer


@pytest.fixture(scope="module")
def tiny_peft(tok):
    from peft import LoraConfig, get_peft_model
    from transformers import LlamaConfig, LlamaForCausalLM

    torch.manual_seed(0)
    cfg = LlamaConfig(vocab_size=len(tok), hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                      num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=4096)
    model = get_peft_model(LlamaForCausalLM(cfg), LoraConfig(r=4, target_modules=["q_proj", "v_proj"]))
    for name, p in model.named_parameters():
        if "lora_B" in name:  # a trained adapter: B is no longer zero
            torch.nn.init.normal_(p, std=1.0)
    return model.eval()


def test_call_opener_is_derived_from_the_format():
    assert call_opener(FMT) == "<use_mcp_tool><server_name>"
    assert call_opener(HermesFormat()).startswith("<tool_call>{")


def test_end_of_answer():
    block = FMT.render_calls([ToolCall("fs", "read", {"p": 1})])
    opener = call_opener(FMT)
    assert end_of_answer("thinking", FMT.stop_strings, opener) is None
    assert end_of_answer(block, FMT.stop_strings, opener) is None
    assert end_of_answer(block + "\n\n<use_mcp", FMT.stop_strings, opener) is None  # maybe a second call
    assert end_of_answer(block + "\nI hope", FMT.stop_strings, opener) == len(block)
    two = block + "\n" + block
    assert end_of_answer(two + " Done.", FMT.stop_strings, opener) == len(two)


def test_stop_rule_on_scripted_tokens(tok):
    block = FMT.render_calls([ToolCall("fs", "read", {"path": "a"})])
    prompt = tok.encode("prompt")
    eos = {tok.eos_token_id}
    assert tok.eos_token == "<|im_end|>"
    rows = [tok.encode(block + "\nNow I will explain at length"), tok.encode("Paris.") + sorted(eos), tok.encode("a b c d e f")]
    stop = AnswerStop(tok, len(prompt), FMT, eos)
    width = max(len(r) for r in rows)
    for step in range(1, width + 1):
        ids = torch.tensor([prompt + (r[:step] + [0] * width)[:step] for r in rows])
        stop(ids, None)
    keep, generated, cut, _ = stop.ended[0]
    assert cut == len(block) and generated < len(rows[0])
    assert stop.ended[1][:3] == (len(rows[1]) - 1, len(rows[1]), None)
    assert 2 not in stop.ended


def test_batched_left_padded_generation_equals_one_at_a_time(tiny_peft, tok):
    prompts = [tok.encode("hello there, how are you today?"), tok.encode("a"), tok.encode("read src/app.py")]
    threads = torch.get_num_threads()
    batched = generate_batch(tiny_peft, tok, prompts, FMT, 10)
    assert torch.get_num_threads() == threads  # decoding's single thread is given back
    for p, g in zip(prompts, batched):
        [alone] = generate_batch(tiny_peft, tok, [p], FMT, 10)
        assert alone.text == g.text
    assert all(not g.finished and g.new_tokens == 10 and g.latency_s > 0 for g in batched)
    # The prompt encoded apart, then decoded on one thread: what plain greedy generate() gives.
    ids = torch.tensor([prompts[0]])
    with torch.inference_mode():
        plain = tiny_peft.generate(input_ids=ids, attention_mask=torch.ones_like(ids), max_new_tokens=10,
                                   do_sample=False, pad_token_id=tok.pad_token_id)
    assert tok.decode(plain[0, ids.shape[1]:], skip_special_tokens=True) == batched[0].text


def test_base_answers_with_the_adapter_off(tiny_peft, tok, tmp_path):
    tasks = make_tasks(1)[:2]
    base = PeftAnswerer(tiny_peft, tok, FMT, 8, adapter=False)(tasks)
    tuned = PeftAnswerer(tiny_peft, tok, FMT, 8, adapter=True)(tasks)
    with tiny_peft.disable_adapter():
        expected = generate_batch(tiny_peft, tok, _prompts(tasks, tok), FMT, 8)
    assert [g.text for g in base] == [g.text for g in expected]
    assert [g.text for g in base] != [g.text for g in tuned]


def test_merged_adapter_answers_like_the_unmerged_one(tiny_peft, tok):
    from peft.tuners.tuners_utils import BaseTunerLayer

    tasks = make_tasks(1)
    unmerged = PeftAnswerer(tiny_peft, tok, FMT, 8, adapter=True)(tasks)
    merged = PeftAnswerer(tiny_peft, tok, FMT, 8, adapter=True, merge=True)(tasks)
    assert any(m.merged for m in tiny_peft.modules() if isinstance(m, BaseTunerLayer))
    assert [g.text for g in merged] == [g.text for g in unmerged]
    PeftAnswerer(tiny_peft, tok, FMT, 8, adapter=False, merge=True)(tasks[:1])
    assert not any(m.merged for m in tiny_peft.modules() if isinstance(m, BaseTunerLayer))


def _prompts(tasks, tok):
    from mcp_tui.data.tokenize import prompt_ids

    return [prompt_ids(t, tok, FMT) for t in tasks]


def test_evaluation_end_to_end_on_a_tiny_model(tiny_peft, tok, tmp_path):
    ev = Evaluation(tmp_path / "eval", make_tasks(1), FMT, batch_size=3)
    summary = ev.run(lambda model: PeftAnswerer(tiny_peft, tok, FMT, 6, adapter=model == "tuned"))
    assert summary["tasks"]["paired"] == 5
    # A random model never writes a right answer; every task is scored and timed.
    assert summary["overall"]["base"] == summary["overall"]["tuned"] == 0.0
    assert summary["models"]["base"]["tokens_per_s"] > 0


@pytest.mark.parametrize(("dtype", "merged"), [("float32", True), ("bfloat16", False)])
def test_the_adapter_is_merged_only_into_fp32_weights(tmp_path, tiny_model_dir, dtype, merged):
    """bf16 keeps 8 bits of mantissa: merging a small update into it would round it away."""
    from tui_fixtures import make_adapter_run

    from mcp_tui.eval.runner import run_answerers

    (tmp_path / "runs").mkdir()
    run = make_adapter_run(tmp_path / "runs", tiny_model_dir, tmp_path, (f"model.dtype={dtype}",))
    assert run_answerers(run, FMT, 8)("tuned").merge is merged


def test_stop_rule_decodes_whole_answers_only_once_a_call_closed(tok, monkeypatch):
    """Plain text is checked through short windows; the whole answer is decoded only for a
    row whose last tokens closed a call block (it was 1.3 ms a row at every token)."""
    from mcp_tui.eval import generate

    whole: list[int] = []
    real = generate.answer_text
    monkeypatch.setattr(generate, "answer_text", lambda t, ids, fmt: whole.append(len(ids)) or real(t, ids, fmt))
    block = FMT.render_calls([ToolCall("fs", "read", {"path": "a"})])
    prompt = tok.encode("prompt")
    rows = [tok.encode("Let me look. " * 10 + block + "\nDone reading it now"), tok.encode("a long plain answer " * 20)]
    stop = AnswerStop(tok, len(prompt), FMT, {tok.eos_token_id})
    width = max(len(r) for r in rows)
    for step in range(1, width + 1):
        stop(torch.tensor([prompt + (r + [0] * width)[:step] for r in rows]), None)
    assert stop.ended[0][2] == len("Let me look. " * 10 + block) and 1 not in stop.ended
    calls_closed_at = len(tok.encode("Let me look. " * 10 + block))
    assert whole and min(whole) >= calls_closed_at - 2  # no whole decode before the block closed
    assert len(whole) <= len(rows[0]) - calls_closed_at + 3  # and only for that row
