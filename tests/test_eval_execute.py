"""The sandbox MCP server and `--execute`: calls run for real, outcomes compared."""

import anyio
import pytest

from eval_helpers import FMT
from mcp_tui.data.conversation import Conversation, ExpectedCall, Message, Tool, ToolCall
from mcp_tui.eval.execute import SandboxExecutor, stdio_server
from mcp_tui.tools.sandbox_server import SERVERS, Sandbox, build_server


def in_process(root):
    return build_server(root)


def task(calls, category="tool_selection", after=None):
    after = after or {}
    tools = [Tool(s, n) for s, names in SERVERS.items() for n in names]
    expected = [ExpectedCall(c.server, c.tool, {k: [v] for k, v in c.arguments.items()}, after.get(i, ()))
                for i, c in enumerate(calls)]
    return Conversation([Message("user", "go")], tools, id="t", category=category, expected_calls=expected)


def answer(*calls):
    return FMT.render_calls([ToolCall(s, t, a) for s, t, a in calls])


def run(t, text, server=in_process):
    [outcome] = SandboxExecutor(FMT, server)([t], [text])
    return outcome


def test_paths_cannot_leave_the_sandbox(tmp_path):
    box = Sandbox(tmp_path)
    assert box.path("../../etc/passwd") == tmp_path / "files" / "etc" / "passwd"
    assert box.path("/src/a.py") == box.path("src/a.py") == box.path("./src//x/../a.py")
    assert box.path("/") == box.path("") == tmp_path / "files"


def test_an_equivalent_path_executes_the_same():
    t = task([ToolCall("filesystem", "read_text_file", {"path": "src/app.py"})])
    assert run(t, answer(("filesystem", "read_text_file", {"path": "/src/../src/app.py"}))) == {"ok": True, "reason": ""}


def test_a_different_file_or_content_does_not():
    t = task([ToolCall("filesystem", "read_text_file", {"path": "src/app.py"})])
    outcome = run(t, answer(("filesystem", "read_text_file", {"path": "src/main.py"})))
    assert not outcome["ok"] and "results differ" in outcome["reason"]
    w = task([ToolCall("filesystem", "write_file", {"path": "docs/notes.md", "content": "hi"})])
    outcome = run(w, answer(("filesystem", "write_file", {"path": "docs/notes.md", "content": "hello"})))
    assert outcome == {"ok": False, "reason": "the files differ from the expected calls' files at /docs/notes.md"}


def test_edits_and_independent_calls_in_another_order():
    calls = [
        ToolCall("filesystem", "edit_file", {"path": "a.txt", "edits": [{"oldText": "TODO", "newText": "done"}]}),
        ToolCall("filesystem", "create_directory", {"path": "build"}),
    ]
    t = task(calls, "completeness")
    swapped = answer(("filesystem", "create_directory", {"path": "build/"}), ("filesystem", "edit_file", calls[0].arguments))
    assert run(t, swapped)["ok"]
    wrong = answer(("filesystem", "edit_file", {"path": "a.txt", "edits": [{"oldText": "TODO", "newText": "later"}]}),
                   ("filesystem", "create_directory", {"path": "build"}))
    assert not run(t, wrong)["ok"]


def test_memory_tools():
    t = task([ToolCall("memory", "add_observations", {"observations": [{"entityName": "Ada", "contents": ["likes tea"]}]})])
    assert run(t, answer(("memory", "add_observations", {"observations": [{"entityName": "Ada", "contents": ["likes tea"]}]})))["ok"]
    outcome = run(t, answer(("memory", "create_entities", {"entities": [{"name": "Ada", "entityType": "person", "observations": ["likes tea"]}]})))
    assert outcome == {"ok": False, "reason": "the knowledge graph differs from the expected calls' graph"}


def test_unusable_answers_and_tasks():
    t = task([ToolCall("filesystem", "read_text_file", {"path": "a"})])
    assert run(t, "I cannot do that.") == {"ok": False, "reason": "no well-formed call to run"}
    assert not run(t, answer(("memory", "read_text_file", {"path": "a"})))["ok"]
    # A tool the task does not connect never reaches the server, even with the right call.
    unconnected = task([ToolCall("filesystem", "get_file_info", {"path": "a"})])
    unconnected.tools = [x for x in unconnected.tools if x.name != "get_file_info"]
    assert not run(unconnected, answer(("filesystem", "get_file_info", {"path": "a"})))["ok"]
    other = Conversation([Message("user", "hi")], [Tool("git", "git_log")], id="g", category="tool_selection",
                         expected_calls=[ExpectedCall("git", "git_log", {})])
    assert SandboxExecutor(FMT, in_process)([other, task([], "no_tool")], ["", ""]) == [None, None]


def test_the_server_runs_over_stdio():
    t = task([ToolCall("filesystem", "list_directory", {"path": "proj"})])
    assert run(t, answer(("filesystem", "list_directory", {"path": "/proj/"})), server=stdio_server)["ok"]


def test_server_tools_are_the_catalogs_filesystem_and_memory_tools(tmp_path):
    from mcp.client import Client

    from mcp_tui.tools.catalog import load_catalog

    async def schemas():
        async with Client(build_server(tmp_path)) as c:
            return {t.name: t.input_schema for t in (await c.list_tools()).tools}

    served = anyio.run(schemas)
    catalog = load_catalog()
    listed = {t.name: t.input_schema for s in SERVERS for t in catalog.servers[s].tools}
    assert set(served) == set(listed) == {n for names in SERVERS.values() for n in names}
    for name, schema in listed.items():
        assert set(schema.get("properties", {})) == set(served[name].get("properties", {})), name
        assert set(schema.get("required", [])) >= set(served[name].get("required", [])), name


@pytest.mark.parametrize("args", [{"path": "a", "head": 1, "tail": 1}, {"path": "missing"}, {"path": 3}])
def test_tool_errors_are_results_not_crashes(tmp_path, args):
    from mcp.client import Client

    async def call():
        async with Client(build_server(tmp_path)) as c:
            return await c.call_tool("read_text_file", args)

    assert anyio.run(call).is_error
