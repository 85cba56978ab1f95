"""The scorer and the sandbox agree with the bundled eval set: every gold answer passes,
and another task's gold calls do not."""

import pytest

from mcp_tui.config import resolve_path
from mcp_tui.data.render import assistant_text
from mcp_tui.eval.execute import SandboxExecutor, executable
from mcp_tui.eval.score import score_answer
from mcp_tui.eval.tasks import CALL_CATEGORIES, load_tasks
from mcp_tui.tools.sandbox_server import build_server
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()


@pytest.fixture(scope="module")
def tasks():
    return load_tasks(resolve_path("data/mcp_eval.jsonl"))


def gold(task):
    return assistant_text(task.gold_answer(), FMT)


def test_every_gold_answer_passes(tasks):
    failures = [(t.id, s.failures()) for t in tasks if not (s := score_answer(t, gold(t), FMT)).passed]
    assert failures == []


def test_another_tasks_calls_fail(tasks):
    calls = [t for t in tasks if t.category in CALL_CATEGORIES]
    shifted = [score_answer(t, gold(other), FMT) for t, other in zip(calls, calls[1:] + calls[:1])]
    assert sum(s.passed for s in shifted) == 0


def test_gold_calls_execute_to_the_expected_outcome(tasks):
    runnable = [t for t in tasks if executable(t)]
    assert len(runnable) >= 10
    outcomes = SandboxExecutor(FMT, build_server)(runnable, [gold(t) for t in runnable])
    assert [o["reason"] for o in outcomes if not o["ok"]] == []
    wrong = SandboxExecutor(FMT, build_server)(runnable, [gold(t) for t in runnable[1:] + runnable[:1]])
    assert not any(o["ok"] for o in wrong)
