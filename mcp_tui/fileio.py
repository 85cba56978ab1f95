"""The small files that runs and evaluations keep, written so that a crash, a kill or a
full disk never loses what was there, and read so that no content (empty, truncated,
binary, wrong-typed, nested too deep, numbers too long, a device instead of a file)
becomes a traceback.

Writes: `write_atomic` (a temp file in the same folder, fsync, os.replace: readers see
the old file or the new one, never half of one; a failed write leaves no `.tmp` behind)
and `append_line` (one fsynced line, cut back to where it started when the write fails,
so a failed append never leaves a torn line in the middle of a file).
Reads: `read_json` and `read_jsonl`, size-capped. Every problem is a `FileError` naming
the file and what is wrong with it; a full disk is a `DiskFullError` saying so.
Locks: `FolderLock`, an OS lock (flock) that dies with its process, so a killed holder
never leaves a folder locked.

Only the owners of run and evaluation folders (`mcp_tui.runs.Run`,
`mcp_tui.eval.folder.EvalFolder`) call this module for those files.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import stat
import sys
import threading
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A JSON document these files hold is a few KiB (summary.json tens of KiB): anything this
# large is not one of ours, and reading it whole would stall the app.
MAX_JSON_BYTES = 16 * 2**20
# metrics.jsonl of a very long run, or the results of a very large evaluation.
MAX_JSONL_BYTES = 512 * 2**20
DISK_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT})
# How the libraries we write through (safetensors in Rust, torch's zip writer) word a
# full disk when they do not raise an OSError.
DISK_FULL_WORDS = ("No space left on device", "Disk quota exceeded", "StorageFull", "os error 28", "os error 122")
TORCH_WRITE_FAILURE = ("unexpected pos", "PytorchStreamWriter failed")
# Below this much free space, a failed checkpoint write is taken for a full disk.
LOW_SPACE_BYTES = 256 * 2**20


class FileError(ValueError):
    """A file that cannot be read or written: `why` says what is wrong, `fix` what to do."""

    def __init__(self, path: str | os.PathLike, why: str, fix: str = "") -> None:
        self.path = Path(path)
        self.why = why
        self.fix = fix
        super().__init__(f"{self.path}: {why}" + (f"; {fix}" if fix else ""))

    def with_fix(self, fix: str) -> FileError:
        """The same problem with the caller's fix (it knows which command repairs the file)."""
        return type(self)(self.path, self.why, fix)


class DiskFullError(FileError):
    """A write failed because the file system holding `path` is full."""


# ------------------------------------------------------------------------------- writing


def free_bytes(path: str | os.PathLike) -> int:
    """Free space on the file system that holds (or would hold) `path`."""
    probe = Path(path).absolute()
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        return shutil.disk_usage(probe).free
    except OSError:
        return 0


def _size_text(n: int) -> str:
    return f"{n / 2**30:.1f} GiB" if n >= 2**30 else f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


def disk_full(path: str | os.PathLike, fix: str = "free some space") -> DiskFullError:
    """The error for a write into `path` that found the disk full, with the space left."""
    return DiskFullError(path, f"the disk is full ({_size_text(free_bytes(path))} free)", fix)


def is_disk_full(exc: BaseException, where: str | os.PathLike | None = None) -> bool:
    """Whether `exc` (or what caused it) is a write that ran out of disk. Torch's zip writer
    reports a short write without an errno; with `where` it counts as a full disk when
    that file system has almost nothing left."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFullError):
            return True
        if isinstance(current, OSError) and current.errno in DISK_FULL_ERRNOS:
            return True
        text = str(current)
        if any(word in text for word in DISK_FULL_WORDS):
            return True
        if where is not None and any(word in text for word in TORCH_WRITE_FAILURE):
            return free_bytes(where) < LOW_SPACE_BYTES
        current = current.__cause__ or current.__context__
    return False


def _write_error(path: Path, exc: OSError) -> FileError:
    if exc.errno in DISK_FULL_ERRNOS:
        return disk_full(path)
    return FileError(path, f"cannot write it ({exc.strerror or exc})", "check the folder's permissions and free space")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable (best effort: some file systems refuse fsync on folders)."""
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def write_atomic(path: str | os.PathLike, data: str | bytes, *, in_place_when_full: bool = False) -> None:
    """Replace `path` whole: readers see the old content or the new, never a mix.

    On a full disk there may be no room for the temporary copy; with `in_place_when_full`
    an existing file is then overwritten in place (its blocks are already allocated), so a
    small status file can still say `failed`. DiskFullError or FileError otherwise; no
    temporary file is left either way."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
        try:
            _write_all(fd, raw)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except OSError as exc:
        with suppress(OSError):
            os.unlink(tmp)
        if in_place_when_full and exc.errno in DISK_FULL_ERRNOS and path.is_file():
            _overwrite_in_place(path, raw)
            return
        raise _write_error(path, exc) from None
    _fsync_folder(path.parent)


def _overwrite_in_place(path: Path, raw: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            _write_all(fd, raw)
            os.ftruncate(fd, len(raw))
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise _write_error(path, exc) from None


def append_line(path: str | os.PathLike, line: str, *, fsync: bool = True) -> None:
    """Append one line (a newline is added). A write that fails part-way is cut back, so
    the file never holds a torn line followed by good ones."""
    path = Path(path)
    data = (line + "\n").encode("utf-8")
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise _write_error(path, exc) from None
    try:
        start = os.fstat(fd).st_size
        try:
            _write_all(fd, data)
            if fsync:
                os.fsync(fd)
        except OSError as exc:
            with suppress(OSError):
                os.ftruncate(fd, start)
            raise _write_error(path, exc) from None
    finally:
        os.close(fd)


# ------------------------------------------------------------------------------- reading


def read_bytes(path: str | os.PathLike, max_bytes: int, *, tail: bool = False) -> bytes | None:
    """The content of a regular file (None when it does not exist). A device, pipe or
    folder, a file over `max_bytes` (unless `tail`: then its last `max_bytes`), or one
    that cannot be opened is a FileError. The read is bounded whatever the file is."""
    path = Path(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileError(path, f"cannot be opened ({exc.strerror or exc})") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise FileError(path, "is a folder, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise FileError(path, "is not a regular file (a device, pipe or socket)")
        if info.st_size > max_bytes:
            if not tail:
                raise FileError(path, f"is {_size_text(info.st_size)}, more than the {_size_text(max_bytes)} "
                                      "this file can hold")
            os.lseek(fd, info.st_size - max_bytes, os.SEEK_SET)
        chunks, left = [], max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise FileError(path, f"cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes and not tail:
        raise FileError(path, f"is more than the {_size_text(max_bytes)} this file can hold")
    return data[-max_bytes:] if tail else data


class _BadJson(ValueError):
    """Why a JSON text does not parse, in words."""


def _digit_limit() -> int:
    return sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 4300


def parse_json(text: str) -> Any:
    """`json.loads` with every failure as one `_BadJson` sentence: syntax, nesting too deep,
    a number longer than Python converts."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise _BadJson(f"not valid JSON ({exc.msg} at line {exc.lineno} column {exc.colno})") from None
    except RecursionError:
        raise _BadJson("JSON nested too deeply") from None
    except ValueError:  # int() refusing a number over sys.get_int_max_str_digits()
        raise _BadJson(f"holds a number longer than {_digit_limit()} digits") from None


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise FileError(path, f"line {line}: not UTF-8 text (binary content at byte {exc.start})") from None


def read_json(path: str | os.PathLike, max_bytes: int = MAX_JSON_BYTES) -> Any:
    """The JSON value in `path`, or None when the file does not exist. FileError when it
    is empty, binary, truncated, too large or nested too deeply."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    if data is None:
        return None
    text = _decode(path, data)
    if not text.strip():
        raise FileError(path, "is empty")
    try:
        return parse_json(text)
    except _BadJson as exc:
        raise FileError(path, str(exc)) from None


@dataclass
class JsonLines:
    """A JSONL file as read: each complete line's value with its line number, and how
    many bytes the complete lines take (what a writer keeps when it drops a torn tail)."""

    values: list[tuple[int, Any]] = field(default_factory=list)
    good_bytes: int = 0
    torn_tail: bool = False


def read_jsonl(path: str | os.PathLike, max_bytes: int = MAX_JSONL_BYTES) -> JsonLines:
    """Every line of a JSONL file (an empty JsonLines when it does not exist).

    The last line may be torn (a write in progress, or cut short by a crash): when it has
    no newline and does not parse, it is left out. Any other line that does not parse is a
    FileError naming it: the writers write whole lines, so such a line means damage that
    someone has to look at, not something to drop without a word."""
    path = Path(path)
    data = read_bytes(path, max_bytes)
    out = JsonLines()
    if not data:
        return out
    last_newline = data.rfind(b"\n")
    complete, tail = data[: last_newline + 1], data[last_newline + 1 :]
    lines = _decode(path, complete).split("\n")[:-1] if complete else []
    for number, line in enumerate(lines, 1):
        if line.strip():
            try:
                out.values.append((number, parse_json(line)))
            except _BadJson as exc:
                raise FileError(path, f"line {number}: {exc}") from None
    out.good_bytes = len(complete)
    if tail.strip():
        try:
            out.values.append((len(lines) + 1, parse_json(tail.decode("utf-8"))))
            out.good_bytes = len(data)
        except (_BadJson, UnicodeDecodeError):
            out.torn_tail = True
    return out


def read_text_tail(path: str | os.PathLike, max_bytes: int) -> str:
    """The last `max_bytes` of a text file, decoded leniently ("" when it does not exist):
    for logs, where a damaged byte must not hide the rest."""
    data = read_bytes(path, max_bytes, tail=True)
    return data.decode("utf-8", errors="replace") if data else ""


def truncate(path: str | os.PathLike, size: int) -> None:
    """Cut a file back to `size` bytes (dropping a torn last line before appending)."""
    try:
        os.truncate(path, size)
    except OSError as exc:
        raise _write_error(Path(path), exc) from None


# ------------------------------------------------------------------------------- locks


class FolderLock:
    """An exclusive lock on a folder's lock file, held until `release` or the holder's death
    (flock: the kernel drops it with the process, so kill -9 never leaves a stale lock).
    The holder writes its pid into the file, so a refused caller can say who holds it."""

    def __init__(self, path: str | os.PathLike) -> None:
        self.path = Path(path)
        self._fd: int | None = None

    def acquire(self, wait_s: float = 2.0) -> bool:
        """Take the lock; False when another process holds it for `wait_s` (a reader's
        brief probe never makes a starting holder give up)."""
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    return False
                time.sleep(0.05)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def lock_holder(path: str | os.PathLike) -> int | None:
    """The pid holding the lock at `path` (0 when held but the pid is unreadable), or
    None when nobody holds it."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            text = os.read(fd, 32).decode("ascii", errors="replace").strip()
            return int(text) if text.isdigit() and len(text) < 12 else 0
        return None
    finally:
        os.close(fd)

