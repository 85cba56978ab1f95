"""A small MCP server (stdio) with the filesystem and memory tools, confined to one folder.

`mcp-tui eval --execute` runs a model's calls against it and compares what they did with
what the expected calls do. Tool names and arguments follow the reference MCP servers
(`@modelcontextprotocol/server-filesystem`, `server-memory`) as the bundled catalog
lists them (`mcp_tui/bundled/mcp_catalog.json`), so a call that is right for the catalog
works here.

Everything lives under the root folder: files under `<root>/files`, which the tools see
as `/` (a relative path starts there too; `..` cannot climb out, and neither can a
symlink: every path is resolved and must stay inside), and the knowledge graph in
`<root>/memory.jsonl`, read and written on every call. Files are capped at
MAX_FILE_BYTES and folders at MAX_DEPTH levels, and every failure (an OS error, a file
that is too large or not text, a damaged graph) is a tool error result, never a crash of
the server. The server keeps no state of its own, so a client can reset or seed the
sandbox between tasks by changing the folder directly.

    python -m mcp_tui.tools.sandbox_server --root DIR
"""

from __future__ import annotations

import argparse
import difflib
import errno
import fnmatch
import functools
import json
import os
import posixpath
import shutil
import tempfile
from collections.abc import Callable
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
# What a model's calls may do to the sandbox: files up to this size, folders this deep,
# listings this long (a tree or search over more is cut short, and says so).
MAX_FILE_BYTES = 1 * 2**20
MAX_DEPTH = 16
MAX_ENTRIES = 2000


class Sandbox:
    """The folder the server is confined to, and the path rules inside it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = root / "files"
        self.memory = root / "memory.jsonl"
        self.files.mkdir(parents=True, exist_ok=True)

    def path(self, virtual: str) -> Path:
        """The real path of a sandbox path (`/` = the files folder). ToolError when it is
        nested deeper than MAX_DEPTH or, once symlinks are resolved, leads outside."""
        clean = posixpath.normpath("/" + virtual.strip())
        if clean.startswith("//"):
            clean = clean[1:]
        real = self.files / clean.lstrip("/") if clean != "/" else self.files
        if len(Path(clean).parts) - 1 > MAX_DEPTH:
            raise ToolError(f"ENAMETOOLONG: '{clean}' is nested deeper than {MAX_DEPTH} folders")
        try:
            inside = real.resolve().is_relative_to(self.files.resolve())
        except (OSError, RuntimeError):  # a symlink loop
            inside = False
        if not inside:
            raise ToolError(f"EACCES: '{clean}' leads outside the allowed directory (through a symlink)")
        return real

    def virtual(self, real: Path) -> str:
        try:
            rel = real.relative_to(self.files).as_posix()
        except ValueError:
            return "/" + real.name
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
        p = self.existing(virtual, "file")
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ToolError(f"EFBIG: '{self.virtual(p)}' is {size} bytes; this server reads files up to "
                            f"{MAX_FILE_BYTES} bytes")
        try:
            return p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ToolError(f"'{virtual}' is not a UTF-8 text file") from None

    def write_text(self, target: Path, content: str) -> None:
        """Write a file, refusing content over MAX_FILE_BYTES."""
        if len(content.encode("utf-8", errors="replace")) > MAX_FILE_BYTES:
            raise ToolError(f"EFBIG: the content for '{self.virtual(target)}' is larger than {MAX_FILE_BYTES} bytes")
        target.write_text(content, encoding="utf-8")

    def os_error(self, exc: OSError) -> ToolError:
        """An OS error as the reference servers word it: `CODE: message, 'path'`."""
        code = errno.errorcode.get(exc.errno or 0, "EIO")
        where = f", '{self.virtual(Path(exc.filename))}'" if exc.filename else ""
        return ToolError(f"{code}: {exc.strerror or exc}{where}")

    def reset(self) -> None:
        """An empty sandbox: no files, an empty graph."""
        shutil.rmtree(self.files, ignore_errors=True)
        self.files.mkdir(parents=True)
        self.memory.unlink(missing_ok=True)

    def snapshot(self) -> dict[str, Any]:
        """Everything the tools can change: every file and folder (a file too large to
        compare by content by its size), and the graph."""
        tree = {}
        for p in sorted(self.files.rglob("*")):
            if p.is_file() and not p.is_symlink():
                size = p.stat().st_size
                text = p.read_text(encoding="utf-8", errors="replace") if size <= MAX_FILE_BYTES else f"<{size} bytes>"
            else:
                text = None
            tree[self.virtual(p)] = text
        try:
            memory = load_graph(self)
        except ToolError as e:
            memory = {"error": str(e)}
        return {"files": tree, "memory": memory}

    def tool(self, server: MCPServer, description: str) -> Callable[[Callable[..., str]], Callable[..., str]]:
        """`server.tool(description=...)`, with every OS error (and a tree nested too deeply
        to walk) turned into a tool error result instead of a crash."""

        def register(fn: Callable[..., str]) -> Callable[..., str]:
            @functools.wraps(fn)
            def guarded(*args: Any, **kwargs: Any) -> str:
                try:
                    return fn(*args, **kwargs)
                except OSError as exc:
                    raise self.os_error(exc) from None
                except RecursionError:
                    raise ToolError("ELOOP: the tree is nested too deeply to walk") from None

            return server.tool(description=description)(guarded)

        return register


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


def _tree(sandbox: Sandbox, p: Path, exclude: list[str], depth: int = 0, budget: list[int] | None = None
          ) -> list[dict[str, Any]]:
    """The folder as nested entries, at most MAX_DEPTH deep and MAX_ENTRIES long (symlinked
    folders are listed, not entered: a link to a parent would never end)."""
    budget = [MAX_ENTRIES] if budget is None else budget
    out: list[dict[str, Any]] = []
    for child in sorted(p.iterdir()):
        if any(fnmatch.fnmatch(child.name, pat) for pat in exclude):
            continue
        if budget[0] <= 0:
            out.append({"name": "...", "type": "truncated"})
            break
        budget[0] -= 1
        folder = child.is_dir() and not child.is_symlink()
        entry: dict[str, Any] = {"name": child.name, "type": "directory" if child.is_dir() else "file"}
        if folder:
            entry["children"] = _tree(sandbox, child, exclude, depth + 1, budget) if depth < MAX_DEPTH else []
        out.append(entry)
    return out


def _walk(base: Path) -> list[Path]:
    """Every entry under `base`, at most MAX_DEPTH deep and MAX_ENTRIES many (symlinked
    folders are not entered)."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(base):
        depth = len(Path(folder).relative_to(base).parts)
        if depth >= MAX_DEPTH:
            dirs.clear()
        found += [Path(folder) / name for name in sorted(dirs + files)]
        if len(found) >= MAX_ENTRIES:
            return sorted(found[:MAX_ENTRIES])
    return sorted(found)


def add_filesystem_tools(server: MCPServer, sandbox: Sandbox) -> None:
    """The filesystem server's tools, over the sandbox's files, in the reference server's order."""
    _add_file_tools(server, sandbox)
    _add_folder_tools(server, sandbox)


def _add_file_tools(server: MCPServer, sandbox: Sandbox) -> None:
    """Reading, writing and editing one file (or several, to read)."""
    tool = functools.partial(sandbox.tool, server)

    @tool("Read a file as text (head/tail: only the first/last N lines).")
    def read_text_file(path: str, head: int | None = None, tail: int | None = None) -> str:
        return _head_tail(sandbox.read_text(path), head, tail)

    @tool("Read several files; a failing one is reported without stopping the rest.")
    def read_multiple_files(paths: list[str]) -> str:
        parts = []
        for p in paths:
            try:
                parts.append(f"{p}:\n{sandbox.read_text(p)}")
            except ToolError as e:
                parts.append(f"{p}: Error - {e}")
            except OSError as e:
                parts.append(f"{p}: Error - {sandbox.os_error(e)}")
        return "\n---\n".join(parts)

    @tool("Create or overwrite a file.")
    def write_file(path: str, content: str) -> str:
        target = sandbox.path(path)
        if not target.parent.is_dir():
            raise ToolError(f"ENOENT: parent directory of '{sandbox.virtual(target)}' does not exist")
        if target.is_dir():
            raise ToolError(f"EISDIR: '{sandbox.virtual(target)}' is a directory")
        sandbox.write_text(target, content)
        return f"Successfully wrote to {sandbox.virtual(target)}"

    @tool("Replace exact text in a file; returns a unified diff (dryRun: do not write).")
    def edit_file(path: str, edits: list[Edit], dryRun: bool = False) -> str:
        target = sandbox.existing(path, "file")
        old = sandbox.read_text(path)
        new = _apply_edits(old, edits, sandbox.virtual(target))
        diff = "".join(difflib.unified_diff(old.splitlines(True), new.splitlines(True), path, path))
        if not dryRun:
            sandbox.write_text(target, new)
        return diff


def _add_folder_tools(server: MCPServer, sandbox: Sandbox) -> None:
    """Folders (create, list, walk, search) and moving or describing any entry."""
    tool = functools.partial(sandbox.tool, server)

    @tool("Create a directory (and its parents); fine if it exists.")
    def create_directory(path: str) -> str:
        target = sandbox.path(path)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):
            raise ToolError(f"EEXIST: '{sandbox.virtual(target)}' or one of its parents is a file") from None
        return f"Successfully created directory {sandbox.virtual(target)}"

    @tool("List a directory: [FILE] and [DIR] entries.")
    def list_directory(path: str) -> str:
        entries = sorted(sandbox.existing(path, "dir").iterdir())
        shown = "\n".join(f"{'[DIR]' if e.is_dir() else '[FILE]'} {e.name}" for e in entries[:MAX_ENTRIES])
        return shown + (f"\n... and {len(entries) - MAX_ENTRIES} more" if len(entries) > MAX_ENTRIES else "")

    @tool("The directory tree as JSON (excludePatterns: glob patterns of names to skip).")
    def directory_tree(path: str, excludePatterns: list[str] | None = None) -> str:
        return json.dumps(_tree(sandbox, sandbox.existing(path, "dir"), excludePatterns or []), indent=2)

    @tool("Move or rename a file or directory; fails if the destination exists.")
    def move_file(source: str, destination: str) -> str:
        src = sandbox.existing(source)
        dst = sandbox.path(destination)
        if dst.exists():
            raise ToolError(f"EEXIST: '{sandbox.virtual(dst)}' already exists")
        if not dst.parent.is_dir():
            raise ToolError(f"ENOENT: parent directory of '{sandbox.virtual(dst)}' does not exist")
        try:
            src.rename(dst)
        except OSError as e:
            if e.errno != errno.EINVAL:
                raise
            raise ToolError(f"EINVAL: cannot move '{sandbox.virtual(src)}' into itself") from None
        return f"Successfully moved {sandbox.virtual(src)} to {sandbox.virtual(dst)}"

    @tool("Find files and folders under a path whose name matches a glob pattern.")
    def search_files(path: str, pattern: str, excludePatterns: list[str] | None = None) -> str:
        base = sandbox.existing(path, "dir")
        found = [
            sandbox.virtual(p) for p in _walk(base)
            if (fnmatch.fnmatch(p.name, pattern) or pattern.lower() in p.name.lower())
            and not any(fnmatch.fnmatch(p.name, x) for x in excludePatterns or [])
        ]
        return "\n".join(found) if found else "No matches found"

    @tool("Size and type of a file or directory.")
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
    """The knowledge graph: entities and relations (the memory server's JSONL file).
    ToolError when the file is too large or damaged."""
    from mcp_tui.fileio import FileError, read_jsonl

    graph: dict[str, list[dict[str, Any]]] = {"entities": [], "relations": []}
    try:
        lines = read_jsonl(sandbox.memory, MAX_FILE_BYTES)
    except FileError as e:
        raise ToolError(f"the knowledge graph file is damaged: {e.why}") from None
    for number, item in lines.values:
        if not _graph_item(item):
            raise ToolError(f"the knowledge graph file is damaged: line {number} is not an entity or a relation")
        kind = item.pop("type")
        if kind == "entity":
            item.setdefault("observations", [])
        graph["entities" if kind == "entity" else "relations"].append(item)
    return graph


def _graph_item(item: Any) -> bool:
    if not isinstance(item, dict):
        return False
    kind = item.get("type")
    strings = {"entity": ("name", "entityType"), "relation": ("from", "to", "relationType")}.get(kind) \
        if isinstance(kind, str) else None
    if strings is None or not all(isinstance(item.get(k), str) for k in strings):
        return False
    return item["type"] != "entity" or (isinstance(item.get("observations", []), list)
                                        and all(isinstance(o, str) for o in item.get("observations", [])))


def save_graph(sandbox: Sandbox, graph: dict[str, list[dict[str, Any]]]) -> None:
    lines = [json.dumps({"type": "entity", **e}) for e in graph["entities"]]
    lines += [json.dumps({"type": "relation", **r}) for r in graph["relations"]]
    text = "".join(line + "\n" for line in lines)
    if len(text.encode("utf-8")) > MAX_FILE_BYTES:
        raise ToolError(f"EFBIG: the knowledge graph would be larger than {MAX_FILE_BYTES} bytes")
    sandbox.memory.write_text(text, encoding="utf-8")


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
    tool = functools.partial(sandbox.tool, server)

    @tool("Create entities; names that already exist are skipped.")
    def create_entities(entities: list[Entity]) -> str:
        graph = load_graph(sandbox)
        known = {e["name"] for e in graph["entities"]}
        new = [e.model_dump() for e in entities if e.name not in known]
        graph["entities"] += new
        save_graph(sandbox, graph)
        return json.dumps(new, indent=2)

    @tool("Create relations (in active voice); duplicates are skipped.")
    def create_relations(relations: list[Relation]) -> str:
        graph = load_graph(sandbox)
        new = [r.model_dump(by_alias=True) for r in relations]
        new = [r for r in new if r not in graph["relations"]]
        graph["relations"] += new
        save_graph(sandbox, graph)
        return json.dumps(new, indent=2)

    @tool("Add observations to existing entities.")
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

    @tool("Delete entities and the relations that involve them.")
    def delete_entities(entityNames: list[str]) -> str:
        graph = load_graph(sandbox)
        gone = set(entityNames)
        graph["entities"] = [e for e in graph["entities"] if e["name"] not in gone]
        graph["relations"] = [r for r in graph["relations"] if r["from"] not in gone and r["to"] not in gone]
        save_graph(sandbox, graph)
        return "Entities deleted successfully"

    @tool("The whole knowledge graph.")
    def read_graph() -> str:
        return json.dumps(load_graph(sandbox), indent=2)

    @tool("Entities whose name, type or observations contain the query, with their relations.")
    def search_nodes(query: str) -> str:
        graph = load_graph(sandbox)
        q = query.lower()
        names = {
            e["name"] for e in graph["entities"]
            if q in e["name"].lower() or q in e["entityType"].lower() or any(q in o.lower() for o in e["observations"])
        }
        return _subgraph(graph, names)

    @tool("Specific entities by name, with the relations between them.")
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
