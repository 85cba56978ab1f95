"""A misbehaving MCP server for the agent tests: a tool that crashes the process, one that
hangs past any timeout, one that tells its pid (to prove it was shut down), and an echo.

    python tests/flaky_server.py
"""

import os
import sys
import time

from mcp.server.mcpserver import MCPServer

server = MCPServer("flaky", log_level="WARNING")


@server.tool(description="Exit the server process at once.")
def crash() -> str:
    print("flaky: crashing on purpose", file=sys.stderr, flush=True)
    os._exit(3)


@server.tool(description="Answer after a long time.")
def hang(seconds: float = 60.0) -> str:
    time.sleep(seconds)
    return "woke up"


@server.tool(description="The server's process id.")
def pid() -> str:
    return str(os.getpid())


@server.tool(description="Say the text back.")
def echo(text: str) -> str:
    return text


if __name__ == "__main__":
    server.run("stdio")
