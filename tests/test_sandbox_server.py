"""The sandbox MCP server under hostile calls: symlinks out of the root, oversized files,
deep trees and link loops, OS errors, a damaged graph. Each is a tool error result (the
server answers the next call as usual), and nothing outside the root is read or written."""

from __future__ import annotations

import os
from pathlib import Path

import anyio
import pytest
from mcp.client import Client

from mcp_tui.tools.sandbox_server import MAX_DEPTH, MAX_ENTRIES, MAX_FILE_BYTES, build_server


def call(root: Path, *calls: tuple[str, dict]) -> list[tuple[bool, str]]:
    """(is_error, text) of each call, made in order on one server over `root`."""

    async def go() -> list[tuple[bool, str]]:
        out = []
        async with Client(build_server(root)) as client:
            for name, args in calls:
                result = await client.call_tool(name, args)
                out.append((bool(result.is_error), "\n".join(getattr(c, "text", "") for c in result.content)))
        return out

    return anyio.run(go)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    box = tmp_path / "box"
    (box / "files").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("the secret")
    (tmp_path / "outside").mkdir()
    return box


def test_symlinks_cannot_lead_out_of_the_root(root: Path, tmp_path: Path):
    files = root / "files"
    (files / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (files / "out").symlink_to(tmp_path / "outside")
    (files / "real.txt").write_text("inside")
    (files / "alias.txt").symlink_to(files / "real.txt")
    results = call(root, ("read_text_file", {"path": "leak.txt"}), ("list_directory", {"path": "out"}),
                   ("write_file", {"path": "out/planted.txt", "content": "x"}),
                   ("move_file", {"source": "real.txt", "destination": "out/moved.txt"}),
                   ("get_file_info", {"path": "leak.txt"}), ("read_text_file", {"path": "alias.txt"}))
    for is_error, text in results[:5]:
        assert is_error and "EACCES" in text and "outside" in text and "the secret" not in text
    assert results[5] == (False, "inside")  # a link that stays inside works
    assert os.listdir(tmp_path / "outside") == [] and (files / "real.txt").is_file()


def test_files_are_capped(root: Path):
    (root / "files" / "big.bin").write_bytes(b"x" * (MAX_FILE_BYTES + 1))
    results = call(root, ("read_text_file", {"path": "big.bin"}),
                   ("write_file", {"path": "huge.txt", "content": "y" * (MAX_FILE_BYTES + 1)}),
                   ("read_multiple_files", {"paths": ["big.bin"]}), ("get_file_info", {"path": "big.bin"}))
    assert results[0][0] and "EFBIG" in results[0][1]
    assert results[1][0] and "EFBIG" in results[1][1] and not (root / "files" / "huge.txt").exists()
    assert not results[2][0] and "Error - EFBIG" in results[2][1]
    assert results[3] == (False, f"size: {MAX_FILE_BYTES + 1}\nisDirectory: False\nisFile: True")


def test_depth_is_capped_and_link_loops_end(root: Path):
    deep = "/".join(f"d{i}" for i in range(MAX_DEPTH + 3))
    (root / "files" / "a").mkdir()
    (root / "files" / "a" / "loop").symlink_to(root / "files" / "a")  # a link to its own folder
    (root / "files" / "many").mkdir()
    for i in range(MAX_ENTRIES + 5):
        (root / "files" / "many" / f"f{i}").touch()
    results = call(root, ("create_directory", {"path": deep}), ("directory_tree", {"path": "/"}),
                   ("search_files", {"path": "/a", "pattern": "loop"}), ("list_directory", {"path": "many"}))
    assert results[0][0] and "ENAMETOOLONG" in results[0][1] and not (root / "files" / "d0").exists()
    assert not results[1][0] and '"truncated"' in results[1][1]
    assert results[2] == (False, "/a/loop")
    assert not results[3][0] and results[3][1].endswith("... and 5 more")


def test_os_errors_are_tool_errors_and_the_server_goes_on(root: Path):
    (root / "files" / "plain.txt").write_text("hello")
    results = call(root, ("write_file", {"path": "n" * 300 + ".txt", "content": "x"}),
                   ("create_directory", {"path": "plain.txt/sub"}),
                   ("move_file", {"source": "plain.txt", "destination": "m" * 300}),
                   ("read_text_file", {"path": "plain.txt"}))
    assert results[0][0] and "ENAMETOOLONG: File name too long" in results[0][1]
    assert results[1][0] and "EEXIST" in results[1][1]
    assert results[2][0] and "ENAMETOOLONG: File name too long" in results[2][1]
    assert results[3] == (False, "hello")


def test_a_damaged_graph_is_a_tool_error(root: Path):
    (root / "memory.jsonl").write_text('{"type": "entity", "name": "Ada", "entityType": "person"}\n[1, 2]\n')
    results = call(root, ("read_graph", {}), ("create_entities", {"entities": [{"name": "B", "entityType": "t"}]}))
    for is_error, text in results:
        assert is_error and "the knowledge graph file is damaged: line 2" in text
    (root / "memory.jsonl").write_text('{"type": "entity", "name": "Ada", "entityType": "person"}\n')
    [(is_error, text)] = call(root, ("add_observations", {"observations": [{"entityName": "Ada", "contents": ["x"]}]}))
    assert not is_error and '"addedObservations"' in text
