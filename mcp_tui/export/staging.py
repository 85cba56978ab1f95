"""Disk-space check and the staging folder that makes an export all-or-nothing.

An export is written into a hidden sibling `.<name>.partial-<pid>` and renamed to its final
name only when every file is in place, so an interrupted export (Ctrl-C, a crash, a full
disk) never leaves a folder that looks like a finished model.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

from mcp_tui.export.errors import ExportError

# Room kept free beyond the estimate: file-system overhead and the small files.
HEADROOM_BYTES = 64 * 2**20


def gib(n: int) -> str:
    """Bytes as GiB for messages."""
    return f"{n / 2**30:.2f} GiB"


def free_bytes(path: Path) -> int:
    """Free space on the file system that will hold `path` (which need not exist yet)."""
    probe = Path(path).resolve()
    while not probe.exists():
        probe = probe.parent
    return shutil.disk_usage(probe).free


def check_free_space(out_dir: Path, needed: int) -> None:
    """Refuse, with both numbers, when the target file system cannot hold the export."""
    free = free_bytes(out_dir)
    if needed + HEADROOM_BYTES > free:
        raise ExportError(f"the export needs {gib(needed)} in {Path(out_dir).resolve().parent} but only "
                          f"{gib(free)} is free; free some space or choose another --out")


def check_target(out_dir: Path) -> None:
    """Refuse to replace an existing non-empty folder (or a file) at the target path."""
    if out_dir.is_file() or (out_dir.is_dir() and any(out_dir.iterdir())):
        raise ExportError(f"{out_dir} already exists and is not empty; choose another --out or remove it")


@contextmanager
def staged_folder(out_dir: Path) -> Iterator[Path]:
    """A fresh staging folder beside `out_dir`, renamed to `out_dir` when the block succeeds
    and removed when it fails."""
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out_dir)
    staging = out_dir.parent / f".{out_dir.name}.partial-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        yield staging
        check_target(out_dir)
        if out_dir.is_dir():
            out_dir.rmdir()
        os.rename(staging, out_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _remove_abandoned(out_dir: Path) -> None:
    """Delete staging folders of exports whose process died (kill -9, power loss)."""
    pattern = re.compile(rf"\.{re.escape(out_dir.name)}\.partial-(\d+)")
    for entry in out_dir.parent.iterdir():
        match = pattern.fullmatch(entry.name)
        if match and int(match[1]) != os.getpid() and not psutil.pid_exists(int(match[1])):
            shutil.rmtree(entry, ignore_errors=True)
