"""The bundled tool catalog, catalog files with mistakes, and importing tools from a
live MCP server started over stdio."""

from __future__ import annotations

import json
import sys
import textwrap

import pytest

from mcp_tui.cli import main
from mcp_tui.data.conversation import ToolCall
from mcp_tui.tools.catalog import CatalogError, call_problems, load_catalog, parse_catalog

REFERENCE_SERVERS = {"filesystem", "git", "github", "fetch", "memory", "time", "sqlite", "postgres", "slack",
                     "puppeteer", "brave-search"}  # fmt: skip


def _walk(schema):
    yield schema
    for key in ("properties", "$defs"):
        for sub in (schema.get(key) or {}).values():
            yield from _walk(sub)
    if isinstance(schema.get("items"), dict):
        yield from _walk(schema["items"])


def test_bundled_catalog_is_rich():
    cat = load_catalog()
    assert REFERENCE_SERVERS <= set(cat.servers)
    tools = cat.all_tools()
    assert len(tools) >= 40
    nodes = [n for t in tools for n in _walk(t.input_schema)]
    assert any(n.get("type") == "array" and n.get("items", {}).get("type") == "object" for n in nodes), "nested arrays"
    assert sum("enum" in n for n in nodes) >= 5
    assert sum("default" in n for n in nodes) >= 10
    assert all(t.description for t in tools)


def test_call_problems_name_the_issue():
    tools = load_catalog().servers["github"].tools
    assert call_problems(ToolCall("github", "create_issue", {"owner": "o", "repo": "r", "title": "t"}), tools) == []
    assert "not connected" in call_problems(ToolCall("gitlab", "create_issue", {}), tools)[0]
    assert "does not list" in call_problems(ToolCall("github", "delete_repo", {}), tools)[0]
    bad = call_problems(ToolCall("github", "list_issues", {"owner": "o", "repo": "r", "state": "opened"}), tools)
    assert bad == ["github.list_issues state: 'opened' is not one of ['open', 'closed', 'all']"]
    assert "'title' is a required property" in call_problems(ToolCall("github", "create_issue", {"owner": "o", "repo": "r"}), tools)[0]


@pytest.mark.parametrize("data, message", [
    ([], "expected an object with a 'servers' list"),
    ({"servers": [{"tools": []}]}, "servers[0]: needs a non-empty string 'name'"),
    ({"servers": [{"name": "s", "tools": [{"name": "t", "input_schema": {"type": "objekt"}}]}]}, "not a valid JSON schema"),
    ({"servers": [{"name": "s"}, {"name": "s"}]}, "listed twice"),
])  # fmt: skip
def test_bad_catalogs_are_named(data, message):
    with pytest.raises(CatalogError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_catalog(data, "cat.json")


TINY_SERVER = textwrap.dedent('''
    from mcp.server.mcpserver import MCPServer

    server = MCPServer("tiny-notes")

    @server.tool()
    def add_note(title: str, tags: list[str] = [], pinned: bool = False) -> str:
        """Add a note with optional tags."""
        return "ok"

    @server.tool()
    def list_notes(limit: int = 10) -> str:
        """List the newest notes."""
        return "[]"

    server.run("stdio")
''')


@pytest.mark.slow  # a live MCP server process
def test_import_tools_from_a_live_stdio_server(tmp_path, capsys):
    script = tmp_path / "tiny_server.py"
    script.write_text(TINY_SERVER)
    out = tmp_path / "catalog.json"
    code = main(["data", "import-tools", "--out", str(out), "--", sys.executable, str(script)])
    assert code == 0, capsys.readouterr().err
    cat = load_catalog(out)
    server = cat.servers["tiny-notes"]
    assert [t.name for t in server.tools] == ["add_note", "list_notes"]
    add = server.tools[0]
    assert add.description == "Add a note with optional tags."
    assert add.input_schema["required"] == ["title"]
    assert add.input_schema["properties"]["tags"]["items"] == {"type": "string"}
    assert call_problems(ToolCall("tiny-notes", "add_note", {"title": "x", "tags": ["a"]}), server.tools) == []
    # --merge adds another server under a chosen name, keeping the first.
    assert main(["data", "import-tools", "--merge", "--name", "notes2", "--out", str(out), "--",
                 sys.executable, str(script)]) == 0  # fmt: skip
    assert set(load_catalog(out).servers) == {"tiny-notes", "notes2"}
    # The generator makes tasks for tools its phrasing bank has never seen, from their schemas.
    tasks = tmp_path / "tasks.jsonl"
    assert main(["data", "synth", "--catalog", str(out), "--n", "15", "--seed", "1", "--out", str(tasks)]) == 0
    assert main(["data", "check", str(tasks)]) == 0
    rows = [json.loads(line) for line in tasks.read_text().splitlines()]
    calls = [c for r in rows for m in r["messages"] for c in m.get("tool_calls", [])]
    assert {c["tool"] for c in calls} == {"add_note", "list_notes"}
    assert any(c["arguments"].get("tags") for c in calls)


def test_import_tools_reports_a_server_that_cannot_start(tmp_path, capsys):
    assert main(["data", "import-tools", "--out", str(tmp_path / "c.json"), "--", "no-such-mcp-server-xyz"]) == 1
    assert "no such program" in capsys.readouterr().err
    broken = tmp_path / "broken.py"
    broken.write_text("import sys; sys.exit(3)\n")
    assert main(["data", "import-tools", "--timeout", "20", "--out", str(tmp_path / "c.json"), "--",
                 sys.executable, str(broken)]) == 1  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("mcp-tui data: ") and "could not list tools" in err and "Traceback" not in err
