"""What the sandbox holds when a run starts, and what a run changed in it.

A workspace is the seed of the sandbox MCP server (`tools/sandbox_server.py`): files by
their sandbox path (a path ending in `/` is an empty folder) and the knowledge graph's
entities and relations. Agentic tasks carry theirs inline; `mcp-tui agent --files DIR`
makes one from a folder. The diff compares two sandbox snapshots, so a screen can show
what a model did to the files and the graph.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mcp_tui.data.formats import DataError

# A folder given to --files is copied whole: refuse one that is not a small project.
MAX_SEED_FILES = 500
MAX_SEED_BYTES = 5_000_000


@dataclass(frozen=True)
class Workspace:
    """Files (sandbox path -> text; a trailing `/` marks an empty folder) and a graph."""

    files: dict[str, str] = field(default_factory=dict)
    entities: list[dict[str, Any]] = field(default_factory=list)
    relations: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "entities": self.entities, "relations": self.relations}

    @classmethod
    def from_dict(cls, d: Any, where: str = "workspace") -> Workspace:
        """DataError naming the field when `d` is not a workspace."""
        if not isinstance(d, dict):
            raise DataError(f"{where}: should be an object with files, entities and relations")
        files, entities, relations = d.get("files", {}), d.get("entities", []), d.get("relations", [])
        if not isinstance(files, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
            raise DataError(f"{where}.files: should map sandbox paths to file texts")
        for i, e in enumerate(entities if isinstance(entities, list) else [None]):
            if not isinstance(e, dict) or not {"name", "entityType", "observations"} <= set(e):
                raise DataError(f"{where}.entities[{i}]: needs name, entityType and observations")
        for i, r in enumerate(relations if isinstance(relations, list) else [None]):
            if not isinstance(r, dict) or not {"from", "to", "relationType"} <= set(r):
                raise DataError(f"{where}.relations[{i}]: needs from, to and relationType")
        return cls(dict(files), list(entities), list(relations))

    @classmethod
    def from_folder(cls, folder: Path) -> Workspace:
        """Every text file under `folder`, by its path relative to it."""
        if not folder.is_dir():
            raise DataError(f"{folder}: not a folder; --files takes a folder to copy into the sandbox")
        files: dict[str, str] = {}
        size = 0
        for p in sorted(folder.rglob("*")):
            if len(files) >= MAX_SEED_FILES or size > MAX_SEED_BYTES:
                raise DataError(f"{folder}: more than {MAX_SEED_FILES} files or {MAX_SEED_BYTES // 1_000_000} MB; "
                                "give a smaller folder")
            rel = "/" + p.relative_to(folder).as_posix()
            if p.is_dir():
                if not any(p.iterdir()):
                    files[rel + "/"] = ""
            elif p.is_file():
                try:
                    files[rel] = p.read_text(encoding="utf-8")
                except UnicodeDecodeError:
                    continue  # the sandbox tools read text; binary files would only confuse the model
                size += len(files[rel])
        return cls(files)

    def plant(self, sandbox: Any) -> None:
        """Reset `sandbox` (a `tools.sandbox_server.Sandbox`) to exactly this workspace."""
        from mcp_tui.tools.sandbox_server import save_graph

        sandbox.reset()
        for path, text in self.files.items():
            target = sandbox.path(path)
            if path.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        if self.entities or self.relations:
            save_graph(sandbox, {"entities": [dict(e) for e in self.entities],
                                 "relations": [dict(r) for r in self.relations]})


def state_diff(before: dict[str, Any], after: dict[str, Any]) -> str:
    """What changed between two sandbox snapshots: a unified diff per changed file,
    folders made or removed, and graph entities and relations added or removed."""
    out: list[str] = []
    old, new = before["files"], after["files"]
    for path in sorted(set(old) | set(new)):
        a, b = old.get(path, False), new.get(path, False)
        if a == b:
            continue
        if a is None or b is None:  # a folder
            out.append(f"{'+' if a is False else '-'} folder {path}")
            continue
        a_lines = [] if a is False else str(a).splitlines(keepends=True)
        b_lines = [] if b is False else str(b).splitlines(keepends=True)
        head = ("/dev/null" if a is False else path, "/dev/null" if b is False else path)
        out += [line.rstrip("\n") for line in difflib.unified_diff(a_lines, b_lines, *head, n=1)]
    for kind, label in (("entities", "entity"), ("relations", "relation")):
        was = {json.dumps(x, sort_keys=True) for x in before["memory"][kind]}
        now = {json.dumps(x, sort_keys=True) for x in after["memory"][kind]}
        out += [f"- {label} {x}" for x in sorted(was - now)] + [f"+ {label} {x}" for x in sorted(now - was)]
    return "\n".join(out)
