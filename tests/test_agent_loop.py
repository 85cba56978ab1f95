"""The agent loop against the real sandbox server (over stdio) with a scripted model: the
right path, the error path, an exhausted budget, a stop, a server that hangs or crashes,
and servers that are always shut down."""

from __future__ import annotations

import threading
import time

import psutil
import pytest
from agent_helpers import FLAKY, port_task

from mcp_tui.agent.checks import check_outcome
from mcp_tui.agent.loop import AgentRun, run_agent
from mcp_tui.agent.scripted import ScriptedPolicy
from mcp_tui.agent.servers import ServerError, ServerPool, ServerSpec, parse_server, sandbox_spec
from mcp_tui.agent.tasks import SolutionStep
from mcp_tui.agent.transcript import Transcript, render_text
from mcp_tui.agent.workspace import state_diff
from mcp_tui.data.conversation import ToolCall
from mcp_tui.tools.calls import call_format
from mcp_tui.tools.sandbox_server import Sandbox
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()


@pytest.fixture(scope="module")
def sandbox_pool(tmp_path_factory):
    root = tmp_path_factory.mktemp("sandbox")
    with ServerPool([sandbox_spec(root)]) as pool:
        yield Sandbox(root), pool


def _run(task, turns, pool, sandbox, max_steps=None, fmt=FMT, **kw):
    task.workspace.plant(sandbox)
    before = sandbox.snapshot()
    run = AgentRun(task.prompt, task.tools, fmt, max_steps or task.max_steps)
    transcript = run_agent(run, ScriptedPolicy(turns, fmt), pool, **kw)
    return run, transcript, check_outcome(task.checks, before, sandbox.snapshot(), transcript), before


@pytest.mark.parametrize("fmt", [call_format(name) for name in ("xml", "hermes", "native")], ids=lambda f: f.name)
def test_the_right_path_passes_every_check(sandbox_pool, fmt):
    """In every call format: the loop reads calls through the format's own parse."""
    sandbox, pool = sandbox_pool
    task = port_task()
    seen = []
    run, t, checks, before = _run(task, task.solution, pool, sandbox, on_step=seen.append, fmt=fmt)
    assert all(c["ok"] for c in checks), checks
    assert t.end == "answered" and [s.index for s in seen] == [1, 2, 3]
    read, edit = t.steps[0].calls[0], t.steps[1].calls[0]
    assert read.result == "host: localhost\nport: 8080\n" and not read.is_error and read.elapsed_s > 0
    assert "+port: 9090" in edit.result
    assert t.answer == "The port is now 9090." and t.calls == 2 and t.errored_calls == 0
    # The results went back to the model as tool messages, in the run's call format.
    roles = [m.role for m in run.conversation.messages]
    assert roles == ["user", "assistant", "tool", "assistant", "tool", "assistant"]
    assert run.conversation.messages[2].content == read.result
    assert fmt.chat(run.conversation).messages  # the conversation so far renders in the format
    assert "+port: 9090" in state_diff(before, sandbox.snapshot())
    # A transcript survives JSON, and reads as text.
    assert Transcript.from_dict(t.to_dict()) == t
    assert "answered after 3 steps; 2 calls, 0 errored" in render_text(t)


def test_errors_come_back_to_the_model_and_it_recovers(sandbox_pool):
    sandbox, pool = sandbox_pool
    task = port_task()
    turns = [
        SolutionStep("", (ToolCall("filesystem", "read_text_file", {"path": "/app/settings.yaml"}),)),
        SolutionStep("", (ToolCall("filesystem", "write_file", {"path": "/app/x", "content": "x"}),)),
        SolutionStep("", (ToolCall("github", "create_issue", {"title": "x"}),)),
        "<use_mcp_tool>\n<server_name>filesystem</server_name>\n<tool_name>read_text_file</tool_name>\n"
        "<arguments>\n{\"path\": \n</arguments>\n</use_mcp_tool>",
        *task.solution,
    ]
    run, t, checks, _ = _run(task, turns, pool, sandbox, max_steps=8)
    assert all(c["ok"] for c in checks), checks
    missing, not_offered, no_server, broken = (s.calls[0] for s in t.steps[:4])
    assert missing.is_error and "ENOENT" in missing.result
    assert not_offered.is_error and "has no tool named 'write_file'" in not_offered.result
    assert "no connected server is named 'github'" in no_server.result
    assert broken.is_error and broken.arguments is None and "not valid JSON" in broken.result
    assert not (sandbox.files / "app" / "x").exists()  # a tool not offered never reaches the server
    assert t.errored_calls == 4 and t.end == "answered" and len(t.steps) == 7
    told = [m.content for m in run.conversation.messages if m.role == "user"][1]
    assert told.startswith("Your tool call could not be read (arguments are not valid JSON")
    assert [m.is_error for m in run.conversation.messages if m.role == "tool"][:3] == [True, True, True]


def test_a_model_that_never_stops_spends_its_budget(sandbox_pool):
    sandbox, pool = sandbox_pool
    task = port_task()
    loop = [SolutionStep("", (ToolCall("filesystem", "list_directory", {"path": "/app"}),))]
    _, t, checks, _ = _run(task, loop, pool, sandbox, max_steps=3)
    assert t.end == "budget" and len(t.steps) == 3 and t.calls == 3
    answered = next(c for c in checks if c["name"] == "answered")
    assert not answered["ok"] and "step budget (3)" in answered["reason"]


def test_stop_is_honoured_before_and_after_a_turn(sandbox_pool):
    sandbox, pool = sandbox_pool
    task = port_task()
    stop = threading.Event()
    stop.set()
    _, t, _, _ = _run(task, task.solution, pool, sandbox, stop=stop)
    assert t.end == "stopped" and t.steps == []

    stop = threading.Event()
    script = ScriptedPolicy(task.solution, FMT)

    def stopping(convs):  # the user presses Esc while the model generates
        stop.set()
        return script(convs)

    run = AgentRun(task.prompt, task.tools, FMT, 5)
    assert run_agent(run, stopping, pool, stop=stop).end == "stopped"
    assert run.transcript.steps == []


def test_a_failing_model_ends_the_run_with_its_error(sandbox_pool):
    _, pool = sandbox_pool

    def broken(convs):
        raise RuntimeError("CUDA out of memory\nmore detail")

    t = run_agent(AgentRun("x", pool.tools, FMT, 3), broken, pool)
    assert t.end == "failed" and t.error == "RuntimeError: CUDA out of memory"


def test_a_hanging_and_a_crashing_server_become_errors_not_hangs(sandbox_pool):
    sandbox, _ = sandbox_pool
    with ServerPool([FLAKY], call_timeout_s=1.0) as pool:
        assert {t.server for t in pool.tools} == {"flaky"}
        turns = [SolutionStep("", (ToolCall("flaky", "hang", {"seconds": 30}),)),
                 SolutionStep("", (ToolCall("flaky", "echo", {"text": "still here"}),)),
                 SolutionStep("", (ToolCall("flaky", "crash", {}),)),
                 SolutionStep("", (ToolCall("flaky", "echo", {"text": "anyone?"}),)),
                 SolutionStep("The flaky server died.")]
        start = time.monotonic()
        t = run_agent(AgentRun("poke it", pool.tools, FMT, 6), ScriptedPolicy(turns, FMT), pool)
        assert time.monotonic() - start < 15
        hang, echo, crash, after = (s.calls[0] for s in t.steps[:4])
        assert hang.is_error and "did not answer within 1 s" in hang.result
        assert not echo.is_error and echo.result == "still here"
        assert crash.is_error and "stopped during the call" in crash.result and "crashing on purpose" in crash.result
        assert after.is_error and "has stopped" in after.result and after.elapsed_s == 0.0
        assert t.end == "answered" and not pool.alive


def test_servers_are_shut_down_even_when_the_loop_raises():
    pid = None
    with pytest.raises(KeyboardInterrupt), ServerPool([FLAKY]) as pool:
        pid = int(pool.call(ToolCall("flaky", "pid", {})).text)
        assert psutil.pid_exists(pid)
        raise KeyboardInterrupt  # Ctrl-C in the CLI, Esc in the screen: the with block still closes
    deadline = time.monotonic() + 10
    while psutil.pid_exists(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the server process outlived its pool"
        time.sleep(0.05)


@pytest.mark.parametrize("spec, message", [
    (ServerSpec(("no-such-mcp-server-xyz",)), "no such program"),
    (ServerSpec(("python3", "-c", "import sys; print('bad config', file=sys.stderr); sys.exit(2)"), "broken"),
     "the server said: bad config"),
])
def test_a_server_that_cannot_start_is_named_with_its_reason(spec, message, tmp_path):
    with pytest.raises(ServerError) as info, ServerPool([sandbox_spec(tmp_path), spec]):
        pass  # the sandbox started first is shut down again
    assert message in str(info.value) and spec.label in str(info.value)


def test_server_arguments_parse_like_a_shell():
    assert parse_server('git=uvx mcp-server-git --repository "/my repo"') == ServerSpec(
        ("uvx", "mcp-server-git", "--repository", "/my repo"), "git")
    assert parse_server("npx -y @modelcontextprotocol/server-memory").name == ""
    assert parse_server("env FOO=1 server").command == ("env", "FOO=1", "server")
    with pytest.raises(ServerError, match="empty server command"):
        parse_server("  ")
    with pytest.raises(ServerError, match="No closing quotation"):
        parse_server('srv "unclosed')
