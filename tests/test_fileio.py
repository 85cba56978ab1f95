"""fileio: atomic writes that survive a full disk, appends that never leave a torn line
behind, reads that turn any content into a FileError, and the flock that dies with its
holder."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from mcp_tui import fileio
from mcp_tui.fileio import (DiskFullError, FileError, FolderLock, append_line, lock_holder, read_json, read_jsonl,
                            write_atomic)


class FullDisk:
    """os.write that accepts `room` more bytes, then fails with ENOSPC (as a full disk does)."""

    def __init__(self, room: int = 0) -> None:
        self.room = room
        self.real = os.write

    def __call__(self, fd: int, data: bytes) -> int:
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        n = self.real(fd, bytes(data[: self.room]))
        self.room -= n
        return n


def test_a_full_disk_keeps_the_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "status.json"
    write_atomic(path, '{"state": "running"}')
    monkeypatch.setattr(fileio.os, "write", FullDisk(room=5))
    with pytest.raises(DiskFullError) as err:
        write_atomic(path, '{"state": "failed", "error": "x"}')
    assert "the disk is full" in str(err.value) and str(path) in str(err.value)
    assert path.read_text() == '{"state": "running"}'
    assert os.listdir(tmp_path) == ["status.json"]


def test_a_full_disk_can_still_overwrite_a_small_file_in_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "status.json"
    write_atomic(path, '{"state": "running", "padding": "................"}')
    real_open = os.open

    def no_new_files(p, flags, *args):  # the disk has no block left for a new file
        if flags & os.O_CREAT:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_open(p, flags, *args)

    monkeypatch.setattr(fileio.os, "open", no_new_files)
    write_atomic(path, '{"state": "failed"}', in_place_when_full=True)
    assert json.loads(path.read_text()) == {"state": "failed"}
    assert os.listdir(tmp_path) == ["status.json"]


def test_a_failed_append_is_cut_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "metrics.jsonl"
    append_line(path, '{"step": 1}')
    monkeypatch.setattr(fileio.os, "write", FullDisk(room=4))
    with pytest.raises(DiskFullError):
        append_line(path, '{"step": 2, "loss": 1.0}')
    monkeypatch.undo()
    assert path.read_text() == '{"step": 1}\n'
    append_line(path, '{"step": 2}')
    assert [v for _, v in read_jsonl(path).values] == [{"step": 1}, {"step": 2}]


@pytest.mark.parametrize(("content", "why"), [
    (b"", "is empty"),
    (b"   \n", "is empty"),
    (b'{"state": "runn', "not valid JSON"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text"),
    (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    (b'{"step": ' + b"9" * 5000 + b"}", "number longer than"),
])
def test_read_json_names_what_is_wrong(tmp_path: Path, content: bytes, why: str):
    path = tmp_path / "progress.json"
    path.write_bytes(content)
    with pytest.raises(FileError, match=why) as err:
        read_json(path)
    assert str(err.value).startswith(str(path)) and "\n" not in str(err.value)


def test_read_json_is_bounded(tmp_path: Path):
    big = tmp_path / "summary.json"
    big.write_bytes(b" " * 2048)
    with pytest.raises(FileError, match="more than the"):
        read_json(big, max_bytes=1024)
    with pytest.raises(FileError, match="not a regular file"):
        read_json("/dev/zero")
    with pytest.raises(FileError, match="is a folder"):
        read_json(tmp_path)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    with pytest.raises(FileError, match="not a regular file"):  # no writer: must not block
        read_json(fifo)
    assert read_json(tmp_path / "missing.json") is None


def test_jsonl_skips_only_a_torn_last_line(tmp_path: Path):
    path = tmp_path / "base.jsonl"
    path.write_bytes(b'{"id": 1}\n{"id": 2}\n{"id": 3, "pa')
    lines = read_jsonl(path)
    assert [v for _, v in lines.values] == [{"id": 1}, {"id": 2}]
    assert lines.torn_tail and lines.good_bytes == len(b'{"id": 1}\n{"id": 2}\n')
    path.write_bytes(b'{"id": 1}\n{"id": 2\n{"id": 3}\n')
    with pytest.raises(FileError, match="line 2: not valid JSON"):
        read_jsonl(path)
    path.write_bytes('{"id": 1}\n{"id": "é'.encode()[:-1])  # a write cut inside a character
    assert read_jsonl(path).torn_tail
    path.write_bytes(b'{"id": 1}\n\xff\xfe\n{"id": 3}\n')
    with pytest.raises(FileError, match="line 2: not UTF-8"):
        read_jsonl(path)


def test_disk_full_is_recognized_however_it_is_worded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert fileio.is_disk_full(OSError(errno.ENOSPC, "No space left on device"))
    assert fileio.is_disk_full(RuntimeError("Error while serializing: IoError(Os { code: 28, kind: StorageFull })"))
    wrapped = RuntimeError("saving failed")
    wrapped.__cause__ = OSError(errno.EDQUOT, "Disk quota exceeded")
    assert fileio.is_disk_full(wrapped)
    torch_says = RuntimeError("[enforce fail at inline_container.cc:672] . unexpected pos 512 vs 400")
    monkeypatch.setattr(fileio, "free_bytes", lambda path: 4096)
    assert fileio.is_disk_full(torch_says, tmp_path)
    monkeypatch.setattr(fileio, "free_bytes", lambda path: 100 * 2**30)
    assert not fileio.is_disk_full(torch_says, tmp_path)
    assert not fileio.is_disk_full(ValueError("bad value"))


def test_the_lock_refuses_a_second_holder_and_dies_with_the_first(tmp_path: Path):
    path = tmp_path / ".lock"
    code = ("import sys, time; from mcp_tui.fileio import FolderLock\n"
            f"assert FolderLock({str(path)!r}).acquire(); print('held', flush=True); time.sleep(120)")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock_holder(path) == holder.pid
        assert not FolderLock(path).acquire(wait_s=0.2)
        os.kill(holder.pid, signal.SIGKILL)  # no clean-up: the kernel drops the lock with the process
        holder.wait()
        mine = FolderLock(path)
        assert mine.acquire(wait_s=5)
        assert lock_holder(path) is None or lock_holder(path) == os.getpid()
        mine.release()
        assert lock_holder(path) is None
    finally:
        holder.kill()
        holder.wait()


def test_a_reader_probing_the_lock_never_makes_the_holder_give_up(tmp_path: Path):
    path = tmp_path / ".lock"
    path.touch()
    deadline = time.monotonic() + 1.0
    lock = FolderLock(path)
    while time.monotonic() < deadline:  # probes as fast as a polling screen could
        assert lock_holder(path) is None
        assert lock.acquire(wait_s=1.0)
        lock.release()
