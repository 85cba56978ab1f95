"""List the tools of a live MCP server over stdio, as catalog entries.

`mcp-tui data import-tools -- npx -y @modelcontextprotocol/server-git` starts the
server with the `mcp` SDK client, pages through `tools/list`, and writes what the
server itself reports, so a catalog can follow servers as they change.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any, TextIO

from mcp_tui.data.conversation import Tool
from mcp_tui.tools.catalog import Server

# A server that lists this many pages is looping on its cursor.
MAX_PAGES = 100


class ServerImportError(RuntimeError):
    """The server could not be started or listed; the message says why."""


async def _list_tools(command: list[str], timeout_s: float, errlog: TextIO) -> tuple[str, list[Any]]:
    import anyio
    from mcp import Client
    from mcp.client.stdio import StdioServerParameters, stdio_client

    params = StdioServerParameters(command=command[0], args=command[1:], env=dict(os.environ))
    tools: list[Any] = []
    info = None
    with anyio.fail_after(timeout_s):
        async with Client(stdio_client(params, errlog=errlog), read_timeout_seconds=timeout_s) as client:
            info = client.server_info
            cursor = None
            for _ in range(MAX_PAGES):
                page = await client.list_tools(cursor=cursor)
                tools.extend(page.tools)
                cursor = page.next_cursor
                if not cursor:
                    break
    return (info.name if info else ""), tools


def import_tools(command: list[str], server_name: str | None = None, timeout_s: float = 60.0) -> Server:
    """Start `command` as an MCP stdio server and return its tools as a catalog Server,
    named `server_name` or what the server calls itself."""
    import anyio

    if not command:
        raise ServerImportError("no server command given; put it after --, e.g. -- uvx mcp-server-time")
    if shutil.which(command[0]) is None:
        raise ServerImportError(f"cannot start {command[0]!r}: no such program on PATH")
    # The server's stderr goes to a file: its last line explains most failures.
    with tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace") as errlog:
        try:
            reported, tools = anyio.run(_list_tools, command, timeout_s, errlog)
        except Exception as e:  # the SDK raises many kinds for a server that dies or speaks badly
            errlog.seek(0)
            said = [line.strip() for line in errlog.read().splitlines() if line.strip()]
            why = f"no tool listing within {timeout_s:.0f} s" if isinstance(innermost_error(e), TimeoutError) else error_reason(e)
            tail = f"; the server said: {said[-1]}" if said else ""
            raise ServerImportError(f"{' '.join(command)}: could not list tools ({why}){tail}") from None
    name = server_name or reported or os.path.basename(command[-1])
    return Server(
        name=name,
        description=f"imported from: {' '.join(command)}",
        tools=[Tool(name, t.name, t.description or "", dict(t.input_schema or {})) for t in tools],
    )


def innermost_error(e: BaseException) -> BaseException:
    """The first leaf of an exception group (anyio wraps task failures)."""
    while isinstance(e, BaseExceptionGroup) and e.exceptions:
        e = e.exceptions[0]
    return e


def error_reason(e: BaseException) -> str:
    e = innermost_error(e)
    return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
