"""The scorer and the sandbox agree with the bundled eval sets (developer tools and the
foreign set): every gold answer passes, in every call format, and another task's gold
calls do not."""

import pytest

from mcp_tui.config import resolve_path
from mcp_tui.eval.execute import SandboxExecutor, executable
from mcp_tui.eval.score import score_answer
from mcp_tui.eval.tasks import CALL_CATEGORIES, load_tasks
from mcp_tui.tools.hermes_format import HermesFormat
from mcp_tui.tools.native_format import NativeFormat
from mcp_tui.tools.sandbox_server import build_server
from mcp_tui.tools.text_format import assistant_text
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()
EVAL_SETS = ("data/mcp_eval.jsonl", "data/mcp_eval_foreign.jsonl")


@pytest.fixture(scope="module", params=EVAL_SETS)
def tasks(request):
    return load_tasks(resolve_path(request.param))


def gold(task, fmt=FMT):
    return assistant_text(task.gold_answer(), fmt, task.tools)


@pytest.mark.parametrize("fmt", [XmlMcpFormat(), HermesFormat(), NativeFormat()], ids=["xml", "hermes", "native"])
def test_every_gold_answer_passes(tasks, fmt):
    failures = [(t.id, s.failures()) for t in tasks if not (s := score_answer(t, gold(t, fmt), fmt)).passed]
    assert failures == []


def test_another_tasks_calls_fail(tasks):
    calls = [t for t in tasks if t.category in CALL_CATEGORIES]
    shifted = [score_answer(t, gold(other), FMT) for t, other in zip(calls, calls[1:] + calls[:1])]
    assert sum(s.passed for s in shifted) == 0


def test_gold_calls_execute_to_the_expected_outcome():
    tasks = load_tasks(resolve_path(EVAL_SETS[0]))  # the sandbox serves the developer tools
    runnable = [t for t in tasks if executable(t)]
    assert len(runnable) >= 10
    outcomes = SandboxExecutor(FMT, build_server)(runnable, [gold(t) for t in runnable])
    assert [o["reason"] for o in outcomes if not o["ok"]] == []
    wrong = SandboxExecutor(FMT, build_server)(runnable, [gold(t) for t in runnable[1:] + runnable[:1]])
    assert not any(o["ok"] for o in wrong)
