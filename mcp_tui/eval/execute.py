"""`--execute`: run an answer's calls against the sandbox MCP server and check that they
do what the expected calls do.

Comparing outcomes instead of argument strings accepts every call that is right in
effect (`./notes/../a.txt` for `a.txt`, a different but equivalent order of independent
calls) and rejects calls that look close but do something else. For each task the
sandbox is seeded with what the expected calls need (the files they read or edit, the
folders they list or write into, the entities they touch), the expected calls run, and
the outcome (every result, the files and the knowledge graph afterwards) is recorded;
then the sandbox is reset and seeded the same way, the answer's calls run, and the two
outcomes must be equal. Tasks are executed when every expected call is a tool of the
sandbox server; others get no execution result.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from pathlib import Path
from typing import Any

import anyio
from mcp.server.mcpserver.exceptions import ToolError
from mcp.shared.exceptions import MCPError

from mcp_tui.data.conversation import Conversation, ExpectedCall, ToolCall
from mcp_tui.eval.tasks import CALL_CATEGORIES
from mcp_tui.tools.call_types import CallFormat
from mcp_tui.tools.sandbox_server import SERVERS, Sandbox, save_graph

# Arguments that must name an existing file, an existing folder, or a path whose folder exists.
SEED_FILE = {"read_text_file": "path", "edit_file": "path", "get_file_info": "path",
             "move_file": "source"}
SEED_FILES = {"read_multiple_files": "paths"}
SEED_DIR = {"list_directory": "path", "directory_tree": "path", "search_files": "path"}
SEED_PARENT = {"write_file": "path", "move_file": "destination", "create_directory": "path"}
CALL_TIMEOUT_S = 10.0


def stdio_server(root: Path) -> Any:
    """How the executor reaches the sandbox: its own process over stdio, as clients run MCP servers."""
    from mcp.client.stdio import StdioServerParameters

    return StdioServerParameters(command=sys.executable, args=["-m", "mcp_tui.tools.sandbox_server", "--root", str(root)])


def executable(task: Conversation) -> bool:
    """Whether every expected call of this call task is a sandbox tool."""
    return task.category in CALL_CATEGORIES and bool(task.expected_calls) and all(
        c.tool in SERVERS.get(c.server, ()) for c in task.expected_calls
    )


def concrete(call: ExpectedCall) -> ToolCall:
    """The expected call with the first accepted value of each argument (optional ones left out)."""
    args = {}
    for key, accepted in call.arguments.items():
        values = [v for v in accepted if v != ""]
        if values:
            args[key] = values[0]
    return ToolCall(call.server, call.tool, args)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def seed(sandbox: Sandbox, calls: list[ToolCall]) -> None:
    """Put in place what `calls` need to succeed: files, folders, entities, relations."""
    old_texts: dict[str, list[str]] = {}
    for c in calls:
        if c.tool == "edit_file":
            old_texts.setdefault(str(c.arguments.get("path")), []).extend(
                str(e.get("oldText", "")) for e in _list(c.arguments.get("edits")) if isinstance(e, dict))
    for c in calls:
        # A path the sandbox refuses (too deep) or cannot create (a file in the way) is not
        # seeded: the calls then fail on it alike, whoever makes them.
        with suppress(ToolError, OSError):
            _seed_call(sandbox, c, old_texts)
    _seed_memory(sandbox, calls)


def _seed_call(sandbox: Sandbox, c: ToolCall, old_texts: dict[str, list[str]]) -> None:
    a = c.arguments
    for p in [a.get(SEED_FILE.get(c.tool, "")), *_list(a.get(SEED_FILES.get(c.tool, "")))]:
        if isinstance(p, str):
            _seed_file(sandbox.path(p), old_texts.get(p, []))
    if isinstance(a.get(SEED_DIR.get(c.tool, "")), str):
        folder = sandbox.path(a[SEED_DIR[c.tool]])
        (folder / "src").mkdir(parents=True, exist_ok=True)
        (folder / "README.md").write_text("# readme\n")
        (folder / "src" / "main.py").write_text("print('hello')\n")
    if isinstance(a.get(SEED_PARENT.get(c.tool, "")), str):
        sandbox.path(a[SEED_PARENT[c.tool]]).parent.mkdir(parents=True, exist_ok=True)


def _seed_file(target: Path, old_texts: list[str]) -> None:
    """A small text file, holding the text that expected edits replace."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        name = target.name
        target.write_text(f"# {name}\nfirst line of {name}\nsecond line\n" + "".join(t + "\n" for t in old_texts))


def _seed_memory(sandbox: Sandbox, calls: list[ToolCall]) -> None:
    """Entities that the calls add to, delete, open or search for."""
    names: list[str] = []
    for c in calls:
        a = c.arguments
        if c.tool == "add_observations":
            names += [o.get("entityName") for o in _list(a.get("observations")) if isinstance(o, dict)]
        elif c.tool in ("delete_entities", "open_nodes"):
            names += _list(a.get("entityNames" if c.tool == "delete_entities" else "names"))
        elif c.tool == "search_nodes":
            names.append(a.get("query"))
    names = list(dict.fromkeys(n for n in names if isinstance(n, str)))
    if names:
        save_graph(sandbox, {
            "entities": [{"name": n, "entityType": "thing", "observations": [f"{n} was seeded"]} for n in names],
            "relations": [],
        })


def _text(result: Any) -> str:
    return "\n".join(getattr(c, "text", "") for c in result.content)


def compare(expected: dict[str, Any], got: dict[str, Any]) -> str:
    """Why two outcomes differ, or "" when they are the same."""
    for key in ("files", "memory"):
        if expected[key] != got[key]:
            if key == "memory":
                return "the knowledge graph differs from the expected calls' graph"
            diff = sorted(set(expected["files"].items()) ^ set(got["files"].items()))
            return f"the files differ from the expected calls' files at {diff[0][0]}"
    if expected["results"] != got["results"]:
        missing = [r for r in expected["results"] if r not in got["results"]]
        want = missing[0][1] if missing else ""
        return f"results differ from the expected calls' results (expected {want[:80]!r})"
    return ""


class SandboxExecutor:
    """Executes answers' calls in the sandbox server (one server process per batch)."""

    def __init__(self, fmt: CallFormat, server: Callable[[Path], Any] = stdio_server) -> None:
        self.fmt = fmt
        self.server = server

    def __call__(self, tasks: list[Conversation], answers: list[str]) -> list[dict[str, Any] | None]:
        if not any(executable(t) for t in tasks):
            return [None] * len(tasks)
        return anyio.run(self._batch, tasks, answers)

    async def _batch(self, tasks: list[Conversation], answers: list[str]) -> list[dict[str, Any] | None]:
        from mcp.client import Client

        out: list[dict[str, Any] | None] = []
        with tempfile.TemporaryDirectory(prefix="mcp-tui-exec-") as tmp:
            sandbox = Sandbox(Path(tmp))
            async with Client(self.server(Path(tmp))) as client:
                for task, answer in zip(tasks, answers):
                    out.append(await self._one(client, sandbox, task, answer) if executable(task) else None)
        return out

    async def _one(self, client: Any, sandbox: Sandbox, task: Conversation, answer: str) -> dict[str, Any]:
        expected_calls = [concrete(c) for c in task.expected_calls]
        calls = [c.as_tool_call() for c in self.fmt.parse(answer, task.tools).calls]
        if not calls or None in calls:
            return {"ok": False, "reason": "no well-formed call to run"}
        offered = {(t.server, t.name) for t in task.tools}
        expected = await self._outcome(client, sandbox, expected_calls, expected_calls, None)
        got = await self._outcome(client, sandbox, expected_calls, calls, offered)
        reason = compare(expected, got)
        return {"ok": not reason, "reason": reason}

    async def _outcome(self, client: Any, sandbox: Sandbox, seeds: list[ToolCall], calls: list[ToolCall],
                       offered: set[tuple[str, str]] | None) -> dict[str, Any]:
        """Seed, run `calls` (only tools in `offered` reach the server, when given), snapshot."""
        sandbox.reset()
        seed(sandbox, seeds)
        results = []
        for call in calls:
            reachable = offered is None or (call.server, call.tool) in offered
            if call.tool not in SERVERS.get(call.server, ()) or not reachable:
                results.append((True, f"unknown tool {call.server}.{call.tool}"))
                continue
            try:
                result = await client.call_tool(call.tool, call.arguments, read_timeout_seconds=CALL_TIMEOUT_S)
            except MCPError as e:  # refused before reaching the tool (e.g. malformed arguments)
                results.append((True, str(e)))
                continue
            results.append((bool(result.is_error), _text(result)))
        snap = sandbox.snapshot()
        return {"results": sorted(results), "files": snap["files"], "memory": snap["memory"]}
