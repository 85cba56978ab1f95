"""The import layers of mcp_tui read from the bottom up: no package imports one that imports it back.

The graph is built statically, from every import statement of every module (parsed with
`ast`, never imported): at module level, inside functions and under `TYPE_CHECKING` alike.
A function-level import is a dependency all the same, only a deferred one, and deferring
is how cycles used to hide. Its nodes are the packages and top-level modules of mcp_tui
(`data`, `tools`, `config`, ...), except `data/conversation.py`: the conversation types
are the bottom layer that everything shares, so they are a node of their own, and a test
below holds them to importing nothing of ours.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent / "mcp_tui"
BOTTOM = ("mcp_tui.data.conversation",)  # modules that are layers of their own


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path, root: Path) -> Iterator[str]:
    """Every module `path` imports, anywhere in it, with relative imports resolved."""
    here = module_name(path, root).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            yield module
            # `from mcp_tui.data import universe` imports the module mcp_tui.data.universe
            yield from (f"{module}.{alias.name}" for alias in node.names)


def node_of(module: str) -> str | None:
    """The layer a module belongs to (None: not ours)."""
    parts = module.split(".")
    if parts[0] != "mcp_tui":
        return None
    for bottom in BOTTOM:
        if module == bottom or module.startswith(bottom + "."):
            return bottom.removeprefix("mcp_tui.")
    return parts[1] if len(parts) > 1 else "mcp_tui"


def module_exists(module: str, root: Path) -> bool:
    path = root.parent.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def layer_graph(root: Path = ROOT) -> dict[str, dict[str, list[str]]]:
    """For each layer, the layers it imports, each with the `module -> module` edges that do."""
    graph: dict[str, dict[str, list[str]]] = {}
    for path in sorted(root.rglob("*.py")):
        source = module_name(path, root)
        here = node_of(source)
        assert here is not None
        graph.setdefault(here, {})
        for target in imported_modules(path, root):
            there = node_of(target)
            if there is not None and there != here and module_exists(target, root):
                graph[here].setdefault(there, []).append(f"{source} -> {target}")
    return graph


def find_cycle(graph: dict[str, dict[str, list[str]]] | dict[str, set[str]]) -> list[str] | None:
    """One cycle of the graph as its nodes, first node repeated at the end; None when there is none."""
    state: dict[str, str] = {}  # "open" while on the current path, "done" once fully explored
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = "open"
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (cycle := visit(nxt)) is not None:
                return cycle
        path.pop()
        state[node] = "done"
        return None

    for start in sorted(graph):
        if start not in state and (cycle := visit(start)) is not None:
            return cycle
    return None


def describe(cycle: list[str], graph: dict[str, dict[str, list[str]]]) -> str:
    steps = [f"{a} -> {b}: {', '.join(sorted(set(graph[a][b]))[:3])}" for a, b in zip(cycle, cycle[1:])]
    return "import cycle " + " -> ".join(cycle) + "\n  " + "\n  ".join(steps)


def test_the_packages_import_each_other_without_a_cycle():
    graph = layer_graph()
    cycle = find_cycle(graph)
    assert cycle is None, describe(cycle, graph)


def test_the_conversation_types_import_nothing_of_ours():
    for bottom in BOTTOM:
        path = ROOT.parent.joinpath(*bottom.split(".")).with_suffix(".py")
        ours = [m for m in imported_modules(path, ROOT) if node_of(m) is not None]
        assert ours == [], f"{bottom} is the bottom layer but imports {ours}"


def test_the_call_formats_do_not_import_their_registry():
    """tools/calls.py imports every format; a format importing it back would be a cycle."""
    tools = ROOT / "tools"
    for path in tools.glob("*.py"):
        if path.name != "calls.py":
            assert "mcp_tui.tools.calls" not in set(imported_modules(path, ROOT)), path.name


@pytest.mark.parametrize("graph, expected", [
    ({"a": {"b"}, "b": {"c"}, "c": set()}, None),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, ["a", "b", "c", "a"]),
    ({"a": {"b", "c"}, "b": set(), "c": {"d"}, "d": {"c"}}, ["c", "d", "c"]),
])
def test_the_cycle_finder(graph, expected):
    assert find_cycle(graph) == expected


def test_a_deferred_import_cycle_in_a_package_tree_is_found(tmp_path: Path):
    """The test can fail: two packages that import each other, one of them inside a
    function and through a relative import, make a cycle named with its edges."""
    root = tmp_path / "mcp_tui"
    for folder, text in {
        "low": "from mcp_tui.data.conversation import Tool\n\n\ndef later():\n    from ..high import b\n",
        "high": "from mcp_tui.low import a\n",
        "data": "",
    }.items():
        (root / folder).mkdir(parents=True)
        (root / folder / "__init__.py").write_text("")
        (root / folder / ("a.py" if folder == "low" else "b.py" if folder == "high" else "conversation.py")).write_text(text)
    (root / "__init__.py").write_text("")
    graph = layer_graph(root)
    assert set(graph["low"]) == {"data.conversation", "high"}
    cycle = find_cycle(graph)
    assert cycle == ["high", "low", "high"]
    assert "mcp_tui.low.a -> mcp_tui.high.b" in describe(cycle, graph)
