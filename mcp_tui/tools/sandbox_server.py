"""A small MCP server (stdio) with the filesystem and memory tools, confined to one folder.

`mcp-tui eval --execute` runs a model's calls against it and compares what they did with
what the expected calls do. Tool names and arguments follow the reference MCP servers
(`@modelcontextprotocol/server-filesystem`, `server-memory`) as the bundled catalog
lists them (`mcp_tui/bundled/mcp_catalog.json`), so a call that is right for the catalog
works here.

Everything lives under the root folder: files under `<root>/files`, which the tools see
as `/` (a relative path starts there too; `..` cannot climb out), and the knowledge
graph in `<root>/memory.jsonl`, read and written on every call. The server keeps no
state of its own, so a client can reset or seed the sandbox between tasks by changing
the folder directly.

    python -m mcp_tui.tools.sandbox_server --root DIR
"""

from __future__ import annotations

import argparse
import difflib
import fnmatch
import json
import posixpath
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from pydantic import BaseModel, ConfigDict, Field

FILESYSTEM_TOOLS = (
    "read_text_file", "read_multiple_files", "write_file", "edit_file", "create_directory", "list_directory",
    "directory_tree", "move_file", "search_files", "get_file_info",
)
MEMORY_TOOLS = (
    "create_entities", "create_relations", "add_observations", "delete_entities", "read_graph", "search_nodes",
    "open_nodes",
)
# The server name each tool belongs to in the catalog (one process serves both).
SERVERS: dict[str, tuple[str, ...]] = {"filesystem": FILESYSTEM_TOOLS, "memory": MEMORY_TOOLS}


class Sandbox:
    """The folder the server is confined to, and the path rules inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = root / "files"
        self.memory = root / "memory.jsonl"
        self.files.mkdir(parents=True, exist_ok=True)

    def path(self, virtual: str) -> Path:
        """The real path of a sandbox path (`/` = the files folder)."""
        clean = posixpath.normpath("/" + virtual.strip())
        if clean.startswith("//"):
            clean = clean[1:]
        return self.files / clean.lstrip("/") if clean != "/" else self.files

    def virtual(self, real: Path) -> str:
        rel = real.relative_to(self.files).as_posix()
        return "/" if rel == "." else "/" + rel

    def existing(self, virtual: str, kind: str = "any") -> Path:
        p = self.path(virtual)
        if not p.exists():
            raise ToolError(f"ENOENT: no such file or directory, '{self.virtual(p)}'")
        if kind == "file" and not p.is_file():
            raise ToolError(f"EISDIR: '{self.virtual(p)}' is a directory, not a file")
        if kind == "dir" and not p.is_dir():
            raise ToolError(f"ENOTDIR: '{self.virtual(p)}' is not a directory")
        return p

    def read_text(self, virtual: str) -> str:
        try:
            return self.existing(virtual, "file").read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ToolError(f"'{virtual}' is not a UTF-8 text file") from None

    def reset(self) -> None:
        """An empty sandbox: no files, an empty graph."""
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir(parents=True)
        self.memory.unlink(missing_ok=True)

    def snapshot(self) -> dict[str, Any]:
        """Everything the tools can change: every file and folder, and the graph."""
        tree = {}
        for p in sorted(self.files.rglob("*")):
            tree[self.virtual(p)] = p.read_text(encoding="utf-8", errors="replace") if p.is_file() else None
        return {"files": tree, "memory": load_graph(self)}


# --- filesystem -----------------------------------------------------------------------


class Edit(BaseModel):
    oldText: str = Field(description="Text to search for; must match exactly")
    newText: str = Field(description="Text to replace it with")


def _head_tail(text: str, head: int | None, tail: int | None) -> str:
    if head is not None and tail is not None:
        raise ToolError("cannot give both head and tail")
    lines = text.splitlines()
    if head is not None:
        return "\n".join(lines[:head])
    if tail is not None:
        return "\n".join(lines[-tail:] if tail > 0 else [])
    return text


def _apply_edits(text: str, edits: list[Edit], where: str) -> str:
    for edit in edits:
        if edit.oldText not in text:
            raise ToolError(f"could not find the text to replace in {where}: {edit.oldText!r}")
        text = text.replace(edit.oldText, edit.newText, 1)
    return text


def _tree(sandbox: Sandbox, p: Path, exclude: list[str]) -> list[dict[str, Any]]:
    out = []
    for child in sorted(p.iterdir()):
        if any(fnmatch.fnmatch(child.name, pat) for pat in exclude):
            continue
        entry: dict[str, Any] = {"name": child.name, "type": "directory" if child.is_dir() else "file"}
        if child.is_dir():
            entry["children"] = _tree(sandbox, child, exclude)
        out.append(entry)
    return out


def add_filesystem_tools(server: MCPServer, sandbox: Sandbox) -> None:
    """The filesystem server's tools, over the sandbox's files."""

    @server.tool(description="Read a file as text (head/tail: only the first/last N lines).")
    def read_text_file(path: str, head: int | None = None, tail: int | None = None) -> str:
        return _head_tail(sandbox.read_text(path), head, tail)

    @server.tool(description="Read several files; a failing one is reported without stopping the rest.")
    def read_multiple_files(paths: list[str]) -> str:
        parts = []
        for p in paths:
            try:
                parts.append(f"{p}:\n{sandbox.read_text(p)}")
            except ToolError as e:
                parts.append(f"{p}: Error - {e}")
        return "\n---\n".join(parts)

    @server.tool(description="Create or overwrite a file.")
    def write_file(path: str, content: str) -> str:
        target = sandbox.path(path)
        if not target.parent.is_dir():
            raise ToolError(f"ENOENT: parent directory of '{sandbox.virtual(target)}' does not exist")
        if target.is_dir():
            raise ToolError(f"EISDIR: '{sandbox.virtual(target)}' is a directory")
        target.write_text(content, encoding="utf-8")
        return f"Successfully wrote to {sandbox.virtual(target)}"

    @server.tool(description="Replace exact text in a file; returns a unified diff (dryRun: do not write).")
    def edit_file(path: str, edits: list[Edit], dryRun: bool = False) -> str:
        target = sandbox.existing(path, "file")
        old = target.read_text(encoding="utf-8")
        new = _apply_edits(old, edits, sandbox.virtual(target))
        diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), path, path))
        if not dryRun:
            target.write_text(new, encoding="utf-8")
        return diff

    @server.tool(description="Create a directory (and its parents); fine if it exists.")
    def create_directory(path: str) -> str:
        target = sandbox.path(path)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError:
            raise ToolError(f"EEXIST: '{sandbox.virtual(target)}' or one of its parents is a file") from None
        return f"Successfully created directory {sandbox.virtual(target)}"

    @server.tool(description="List a directory: [FILE] and [DIR] entries.")
    def list_directory(path: str) -> str:
        entries = sorted(sandbox.existing(path, "dir").iterdir())
        return "\n".join(f"{'[DIR]' if e.is_dir() else '[FILE]'} {e.name}" for e in entries)

    @server.tool(description="The directory tree as JSON (excludePatterns: glob patterns of names to skip).")
    def directory_tree(path: str, excludePatterns: list[str] | None = None) -> str:
        return json.dumps(_tree(sandbox, sandbox.existing(path, "dir"), excludePatterns or []), indent=2)

    @server.tool(description="Move or rename a file or directory; fails if the destination exists.")
    def move_file(source: str, destination: str) -> str:
        src = sandbox.existing(source)
        dst = sandbox.path(destination)
        if dst.exists():
            raise ToolError(f"EEXIST: '{sandbox.virtual(dst)}' already exists")
        if not dst.parent.is_dir():
            raise ToolError(f"ENOENT: parent directory of '{sandbox.virtual(dst)}' does not exist")
        try:
            src.rename(dst)
        except OSError:
            raise ToolError(f"EINVAL: cannot move '{sandbox.virtual(src)}' into itself") from None
        return f"Successfully moved {sandbox.virtual(src)} to {sandbox.virtual(dst)}"

    @server.tool(description="Find files and folders under a path whose name matches a glob pattern.")
    def search_files(path: str, pattern: str, excludePatterns: list[str] | None = None) -> str:
        base = sandbox.existing(path, "dir")
        found = [
            sandbox.virtual(p) for p in sorted(base.rglob("*"))
            if (fnmatch.fnmatch(p.name, pattern) or pattern.lower() in p.name.lower())
            and not any(fnmatch.fnmatch(p.name, x) for x in excludePatterns or [])
        ]
        return "\n".join(found) if found else "No matches found"

    @server.tool(description="Size and type of a file or directory.")
    def get_file_info(path: str) -> str:
        p = sandbox.existing(path)
        return f"size: {p.stat().st_size if p.is_file() else 0}\nisDirectory: {p.is_dir()}\nisFile: {p.is_file()}"

# --- memory ---------------------------------------------------------------------------


class Entity(BaseModel):
    name: str
    entityType: str
    observations: list[str] = []


class Relation(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    relationType: str


class ObservationAdd(BaseModel):
    entityName: str
    contents: list[str]


def load_graph(sandbox: Sandbox) -> dict[str, list[dict[str, Any]]]:
    """The knowledge graph: entities and relations (the memory server's JSONL file)."""
    graph: dict[str, list[dict[str, Any]]] = {"entities": [], "relations": []}
    if sandbox.memory.is_file():
        for line in sandbox.memory.read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            kind = item.pop("type")
            graph["entities" if kind == "entity" else "relations"].append(item)
    return graph


def save_graph(sandbox: Sandbox, graph: dict[str, list[dict[str, Any]]]) -> None:
    lines = [json.dumps({"type": "entity", **e}) for e in graph["entities"]]
    lines += [json.dumps({"type": "relation", **r}) for r in graph["relations"]]
    sandbox.memory.write_text("".join(line + "\n" for line in lines), encoding="utf-8")


def _entity(graph: dict[str, list[dict[str, Any]]], name: str) -> dict[str, Any]:
    found = next((e for e in graph["entities"] if e["name"] == name), None)
    if found is None:
        raise ToolError(f"Entity with name {name} not found")
    return found


def _subgraph(graph: dict[str, list[dict[str, Any]]], names: set[str]) -> str:
    entities = [e for e in graph["entities"] if e["name"] in names]
    relations = [r for r in graph["relations"] if r["from"] in names and r["to"] in names]
    return json.dumps({"entities": entities, "relations": relations}, indent=2)


def add_memory_tools(server: MCPServer, sandbox: Sandbox) -> None:
    """The memory server's knowledge-graph tools, over the sandbox's graph file."""

    @server.tool(description="Create entities; names that already exist are skipped.")
    def create_entities(entities: list[Entity]) -> str:
        graph = load_graph(sandbox)
        known = {e["name"] for e in graph["entities"]}
        new = [e.model_dump() for e in entities if e.name not in known]
        graph["entities"] += new
        save_graph(sandbox, graph)
        return json.dumps(new, indent=2)

    @server.tool(description="Create relations (in active voice); duplicates are skipped.")
    def create_relations(relations: list[Relation]) -> str:
        graph = load_graph(sandbox)
        new = [r.model_dump(by_alias=True) for r in relations]
        new = [r for r in new if r not in graph["relations"]]
        graph["relations"] += new
        save_graph(sandbox, graph)
        return json.dumps(new, indent=2)

    @server.tool(description="Add observations to existing entities.")
    def add_observations(observations: list[ObservationAdd]) -> str:
        graph = load_graph(sandbox)
        results = []
        for o in observations:
            entity = _entity(graph, o.entityName)
            added = [c for c in o.contents if c not in entity["observations"]]
            entity["observations"] += added
            results.append({"entityName": o.entityName, "addedObservations": added})
        save_graph(sandbox, graph)
        return json.dumps(results, indent=2)

    @server.tool(description="Delete entities and the relations that involve them.")
    def delete_entities(entityNames: list[str]) -> str:
        graph = load_graph(sandbox)
        gone = set(entityNames)
        graph["entities"] = [e for e in graph["entities"] if e["name"] not in gone]
        graph["relations"] = [r for r in graph["relations"] if r["from"] not in gone and r["to"] not in gone]
        save_graph(sandbox, graph)
        return "Entities deleted successfully"

    @server.tool(description="The whole knowledge graph.")
    def read_graph() -> str:
        return json.dumps(load_graph(sandbox), indent=2)

    @server.tool(description="Entities whose name, type or observations contain the query, with their relations.")
    def search_nodes(query: str) -> str:
        graph = load_graph(sandbox)
        q = query.lower()
        names = {
            e["name"] for e in graph["entities"]
            if q in e["name"].lower() or q in e["entityType"].lower() or any(q in o.lower() for o in e["observations"])
        }
        return _subgraph(graph, names)

    @server.tool(description="Specific entities by name, with the relations between them.")
    def open_nodes(names: list[str]) -> str:
        return _subgraph(load_graph(sandbox), set(names))


def build_server(root: Path) -> MCPServer:
    """The sandbox server over `root` (created if missing). It logs only warnings: an
    evaluation sends it many deliberately wrong calls, each a routine tool error."""
    sandbox = Sandbox(root)
    server = MCPServer("mcp-tui-sandbox", instructions="Filesystem and memory tools confined to a temporary folder.",
                       log_level="WARNING")
    add_filesystem_tools(server, sandbox)
    add_memory_tools(server, sandbox)
    return server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mcp_tui.tools.sandbox_server", description=__doc__.splitlines()[0])
    parser.add_argument("--root", help="the sandbox folder (default: a new temporary folder)")
    args = parser.parse_args(argv)
    if args.root:
        build_server(Path(args.root)).run("stdio")
        return
    with tempfile.TemporaryDirectory(prefix="mcp-tui-sandbox-") as tmp:
        build_server(Path(tmp)).run("stdio")


if __name__ == "__main__":
    main()
