"""MCP servers for an agent run: start them over stdio, list their tools, call them, stop them.

Each server is its own process, started by the `mcp` SDK's stdio client, as MCP clients
run servers. The SDK is async and the agent loop is not (a model generates between
calls), so the servers live on an event loop in a thread of their own (anyio's blocking
portal) and `ServerPool` is a plain context manager whose `call` blocks until the result
is in. Leaving the `with` block, normally or by an exception, shuts every server down
(the SDK closes its stdin, waits, then kills its process tree).

A call never raises and never hangs: a tool error, a call the server refuses, a result
later than the per-call timeout and a server that died all come back as an error result
saying what happened (a dead server's last line on stderr included), so the model sees
it and the transcript records it.
"""

from __future__ import annotations

import os
import re
import shlex
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, ExitStack, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from mcp_tui.data.conversation import Tool, ToolCall

CALL_TIMEOUT_S = 20.0
START_TIMEOUT_S = 30.0
# A server that lists this many pages is looping on its cursor.
MAX_PAGES = 100


class ServerError(RuntimeError):
    """A server could not be started or listed; the message says which and why."""


@dataclass(frozen=True)
class ServerSpec:
    """One MCP server process to start over stdio.

    `name` is what the model calls the server ("" = the name the server reports). One
    process may serve several servers of the catalog: `split` maps each of those server
    names to its tools (the sandbox serves filesystem and memory). `listing` replaces the
    server's own tool descriptions where it has the same tool (the catalog's, which the
    tuned model was trained on)."""

    command: tuple[str, ...]
    name: str = ""
    split: tuple[tuple[str, tuple[str, ...]], ...] = ()
    listing: tuple[Tool, ...] = ()

    @property
    def label(self) -> str:
        return self.name or " ".join(self.command)

    def server_of(self, tool: str, reported: str) -> str:
        """The server name the model sees for one of this process's tools."""
        return next((s for s, tools in self.split if tool in tools), self.name or reported)


def parse_server(text: str) -> ServerSpec:
    """`[NAME=]COMMAND [ARGS...]` (one shell-quoted string, as `--server` takes it)."""
    name, sep, rest = text.partition("=")
    if not (sep and re.fullmatch(r"[A-Za-z][\w.-]*", name.strip()) and rest.strip()):
        name, rest = "", text
    try:
        argv = shlex.split(rest)
    except ValueError as e:
        raise ServerError(f"server command {text!r}: {e}") from None
    if not argv:
        raise ServerError("empty server command; give one like 'npx -y @modelcontextprotocol/server-git'")
    return ServerSpec(tuple(argv), name.strip())


def sandbox_spec(root: Path) -> ServerSpec:
    """The bundled sandbox server (filesystem and memory tools, confined to `root`), listed
    with the catalog's descriptions of those tools."""
    from mcp_tui.tools.catalog import load_catalog
    from mcp_tui.tools.sandbox_server import SERVERS

    catalog = load_catalog()
    listing = tuple(t for s, names in SERVERS.items() for t in catalog.servers[s].tools if t.name in names)
    return ServerSpec(
        (sys.executable, "-m", "mcp_tui.tools.sandbox_server", "--root", str(root)),
        name="sandbox",
        split=tuple(SERVERS.items()),
        listing=listing,
    )


@dataclass(frozen=True)
class CallResult:
    """What a call returned: the result's text, whether it is an error, and how long it took."""

    text: str
    is_error: bool
    elapsed_s: float


@dataclass
class _Connection:
    spec: ServerSpec
    client: Any
    errlog: TextIO
    tools: list[Tool] = field(default_factory=list)
    stopped: str = ""  # why the server is gone, once it is

    def last_words(self) -> str:
        """The server's last line on stderr, which explains most failures."""
        self.errlog.seek(0)
        said = [line.strip() for line in self.errlog.read().splitlines() if line.strip()]
        return f"; the server said: {said[-1]}" if said else ""


def result_text(result: Any) -> str:
    """The text of a tool result; other content (images, resources) as a short note."""
    parts = []
    for c in result.content:
        text = getattr(c, "text", None)
        parts.append(text if isinstance(text, str) else f"[{getattr(c, 'type', 'content')} content]")
    return "\n".join(parts)


def not_offered(call: ToolCall, tools: list[Tool]) -> str:
    """Why `call` cannot run: its server or tool is not among `tools`."""
    names = [t.name for t in tools if t.server == call.server]
    if names:
        return f"the {call.server} server has no tool named {call.tool!r} (it has: {', '.join(names)})"
    servers = ", ".join(dict.fromkeys(t.server for t in tools)) or "none"
    return f"no connected server is named {call.server!r} (connected: {servers})"


class ServerPool:
    """Started servers and their tools (see the module docstring)."""

    def __init__(self, specs: list[ServerSpec], call_timeout_s: float = CALL_TIMEOUT_S,
                 start_timeout_s: float = START_TIMEOUT_S) -> None:
        self.specs = list(specs)
        self.call_timeout_s = call_timeout_s
        self.start_timeout_s = start_timeout_s
        self.tools: list[Tool] = []
        self._routes: dict[tuple[str, str], tuple[_Connection, str]] = {}
        self._connections: list[_Connection] = []
        self._stack = ExitStack()
        self._portal: Any = None

    def __enter__(self) -> ServerPool:
        from anyio.from_thread import start_blocking_portal

        from mcp_tui.tools.import_server import innermost_error

        try:
            self._portal = self._stack.enter_context(start_blocking_portal())
            self._connections = self._stack.enter_context(self._portal.wrap_async_context_manager(self._connect()))
        except BaseException as e:
            self._close()
            # A failure unwinds the servers already started, whose task groups wrap it in groups.
            inner = innermost_error(e)
            if isinstance(inner, ServerError):
                raise inner from None
            raise
        for conn in self._connections:
            for tool in conn.tools:
                key = (tool.server, tool.name)
                if key not in self._routes:
                    self._routes[key] = (conn, tool.name)
                    self.tools.append(tool)
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()

    def _close(self) -> None:
        try:
            self._stack.close()
        except Exception:  # noqa: S110 - a server that fails to stop cleanly is stopped all the same (killed)
            pass

    @property
    def alive(self) -> bool:
        """Whether every server still runs (as far as the calls so far could tell)."""
        return not any(c.stopped for c in self._connections)

    @asynccontextmanager
    async def _connect(self) -> AsyncIterator[list[_Connection]]:
        async with AsyncExitStack() as stack:
            connections = []
            for spec in self.specs:
                connections.append(await self._start(stack, spec))
            yield connections

    async def _start(self, stack: AsyncExitStack, spec: ServerSpec) -> _Connection:
        from mcp import Client
        from mcp.client.stdio import StdioServerParameters, stdio_client

        from mcp_tui.tools.import_server import error_reason, innermost_error

        errlog = stack.enter_context(tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace"))
        # The whole environment travels (PYTHONPATH, API keys a server needs), as import-tools does.
        params = StdioServerParameters(command=spec.command[0], args=list(spec.command[1:]), env=dict(os.environ))
        conn = _Connection(spec, None, errlog)
        try:
            conn.client = await stack.enter_async_context(
                Client(stdio_client(params, errlog=errlog), read_timeout_seconds=self.start_timeout_s))
            reported = (conn.client.server_info.name if conn.client.server_info else "") or Path(spec.command[-1]).name
            conn.tools = [self._tool(spec, reported, t) for t in await self._list(conn.client)]
        except Exception as e:  # the SDK raises many kinds for a server that dies or speaks badly
            inner = innermost_error(e)
            why = "no such program" if isinstance(inner, FileNotFoundError) else error_reason(e)
            raise ServerError(f"{spec.label}: could not start ({why}){conn.last_words()}") from None
        return conn

    async def _list(self, client: Any) -> list[Any]:
        tools: list[Any] = []
        cursor = None
        for _ in range(MAX_PAGES):
            page = await client.list_tools(cursor=cursor)
            tools.extend(page.tools)
            cursor = page.next_cursor
            if not cursor:
                break
        return tools

    @staticmethod
    def _tool(spec: ServerSpec, reported: str, listed: Any) -> Tool:
        server = spec.server_of(listed.name, reported)
        known = next((t for t in spec.listing if (t.server, t.name) == (server, listed.name)), None)
        return known or Tool(server, listed.name, listed.description or "", dict(listed.input_schema or {}))

    def call(self, call: ToolCall) -> CallResult:
        """Run one call and return its result (an error result for every failure)."""
        start = time.perf_counter()
        route = self._routes.get((call.server, call.tool))
        if route is None:
            return CallResult(not_offered(call, self.tools), True, 0.0)
        conn, tool = route
        if conn.stopped:
            return CallResult(f"the {call.server} server has stopped ({conn.stopped})", True, 0.0)
        try:
            result = self._portal.call(self._call_tool, conn.client, tool, call.arguments)
            text, is_error = result_text(result), bool(result.is_error)
        except Exception as e:  # every failure of the call is the model's to see, never the loop's to crash on
            text, is_error = self._failure(conn, e), True
        return CallResult(text, is_error, time.perf_counter() - start)

    async def _call_tool(self, client: Any, tool: str, arguments: dict[str, Any]) -> Any:
        return await client.call_tool(tool, arguments, read_timeout_seconds=self.call_timeout_s)

    def _failure(self, conn: _Connection, e: Exception) -> str:
        from mcp.shared.exceptions import MCPError
        from mcp_types import CONNECTION_CLOSED, REQUEST_TIMEOUT

        if isinstance(e, MCPError) and e.code == REQUEST_TIMEOUT:
            return f"the server did not answer within {self.call_timeout_s:g} s"
        if isinstance(e, MCPError) and e.code == CONNECTION_CLOSED:
            conn.stopped = f"its process exited{conn.last_words()}"
            return f"the {conn.spec.label} server stopped during the call ({conn.stopped})"
        if isinstance(e, MCPError):
            return f"the server refused the call: {e.message}"
        return f"the call failed: {type(e).__name__}: {e}"

def open_pools(spec_lists: list[list[ServerSpec]], **kw: Any) -> tuple[ExitStack, list[ServerPool]]:
    """Start several pools at once (each in its own thread: server start-up is mostly a
    Python interpreter importing the SDK, which runs in parallel). The returned ExitStack
    shuts them all down; if one fails to start, the others are shut down and it raises."""
    from concurrent.futures import ThreadPoolExecutor

    pools = [ServerPool(specs, **kw) for specs in spec_lists]
    stack = ExitStack()
    with ThreadPoolExecutor(max_workers=max(1, min(8, len(pools)))) as threads:
        futures = [threads.submit(p.__enter__) for p in pools]
    for pool, future in zip(pools, futures):
        if future.exception() is None:
            stack.push(pool.__exit__)
    failed = next((f.exception() for f in futures if f.exception() is not None), None)
    if failed is not None:
        stack.close()
        raise failed
    return stack, pools
