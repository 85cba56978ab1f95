"""MCP tool catalogs: which servers exist, which tools each lists, with their input schemas.

A catalog file is JSON: `{"version": 1, "servers": [{"name", "description", "tools":
[{"name", "description", "input_schema"}]}]}`. The bundled one models the reference MCP
servers (filesystem, git, github, fetch, memory, time, sqlite, postgres, slack,
puppeteer, brave-search, google-maps, ...); `mcp-tui data import-tools` writes the same
shape from a live server. The generator draws its tasks from a catalog and `data check`
validates calls against it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from mcp_tui.data.conversation import Tool, ToolCall

CATALOG_VERSION = 1
# A catalog of hundreds of servers is a few MiB.
MAX_CATALOG_BYTES = 64 * 2**20


class CatalogError(ValueError):
    """A catalog file a user can fix: the message names the file and the entry."""


@dataclass
class Server:
    """One MCP server: its name, what it is for, and its tools."""

    name: str
    description: str = ""
    tools: list[Tool] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "tools": [{"name": t.name, "description": t.description, "input_schema": t.input_schema} for t in self.tools],
        }


@dataclass
class Catalog:
    """Servers by name, in file order."""

    servers: dict[str, Server] = field(default_factory=dict)

    def tool(self, server: str, name: str) -> Tool | None:
        s = self.servers.get(server)
        return next((t for t in s.tools if t.name == name), None) if s else None

    def all_tools(self) -> list[Tool]:
        return [t for s in self.servers.values() for t in s.tools]

    def to_dict(self) -> dict[str, Any]:
        return {"version": CATALOG_VERSION, "servers": [s.to_dict() for s in self.servers.values()]}


def bundled_catalog_path() -> Path:
    """The catalog shipped in the package (the repository's data/mcp_catalog.json)."""
    return Path(str(resources.files("mcp_tui") / "bundled" / "mcp_catalog.json"))


def _server_from(d: Any, where: str) -> Server:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import SchemaError

    if not isinstance(d, dict) or not isinstance(d.get("name"), str) or not d["name"]:
        raise CatalogError(f"{where}: needs a non-empty string 'name'")
    tools = d.get("tools", [])
    if not isinstance(tools, list):
        raise CatalogError(f"{where} ({d['name']}): 'tools' should be a list")
    out = Server(d["name"], str(d.get("description") or ""))
    for i, t in enumerate(tools):
        w = f"{where}.tools[{i}]"
        if not isinstance(t, dict) or not isinstance(t.get("name"), str) or not t["name"]:
            raise CatalogError(f"{w}: needs a non-empty string 'name'")
        schema = t.get("input_schema", t.get("inputSchema", {"type": "object", "properties": {}}))
        if not isinstance(schema, dict):
            raise CatalogError(f"{w} ({t['name']}): 'input_schema' should be a JSON object")
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as e:
            raise CatalogError(f"{w} ({t['name']}): 'input_schema' is not a valid JSON schema ({e.message})") from None
        out.tools.append(Tool(out.name, t["name"], str(t.get("description") or ""), schema))
    return out


def parse_catalog(data: Any, source: str = "catalog") -> Catalog:
    """A catalog from its JSON value; CatalogError naming the bad entry."""
    if not isinstance(data, dict) or not isinstance(data.get("servers"), list):
        raise CatalogError(f"{source}: expected an object with a 'servers' list")
    catalog = Catalog()
    for i, s in enumerate(data["servers"]):
        server = _server_from(s, f"{source}: servers[{i}]")
        if server.name in catalog.servers:
            raise CatalogError(f"{source}: server {server.name!r} is listed twice")
        catalog.servers[server.name] = server
    return catalog


def load_catalog(path: str | Path | None = None) -> Catalog:
    """The catalog in `path`, or the bundled one."""
    from mcp_tui.fileio import FileError, read_json

    p = Path(path) if path else bundled_catalog_path()
    try:
        data = read_json(p, MAX_CATALOG_BYTES)
    except FileError as e:
        raise CatalogError(f"{e}; a catalog is a JSON file like `mcp-tui data import-tools` writes") from None
    if data is None:
        raise CatalogError(f"{p}: no such catalog file")
    try:
        return parse_catalog(data, str(p))
    except RecursionError:
        raise CatalogError(f"{p}: a tool schema is nested too deeply") from None


def save_catalog(catalog: Catalog, path: str | Path) -> None:
    """Write a catalog as indented JSON (stable, diff-friendly)."""
    Path(path).write_text(json.dumps(catalog.to_dict(), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def call_problems(call: ToolCall, tools: list[Tool]) -> list[str]:
    """Why a call does not fit the tools in play: unknown server or tool, or arguments
    that break the tool's input schema ([] when it fits)."""
    from jsonschema import Draft202012Validator

    tool = next((t for t in tools if t.server == call.server and t.name == call.tool), None)
    if tool is None:
        if not any(t.server == call.server for t in tools):
            return [f"calls server {call.server!r}, which is not connected"]
        return [f"calls {call.server}.{call.tool}, which server {call.server!r} does not list"]
    validator = Draft202012Validator(tool.input_schema)
    problems = []
    for err in sorted(validator.iter_errors(call.arguments), key=lambda e: list(e.absolute_path)):
        where = ".".join(str(p) for p in err.absolute_path) or "arguments"
        problems.append(f"{call.server}.{call.tool} {where}: {err.message}")
    return problems
