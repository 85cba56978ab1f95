"""The wheels the peer comparison carries to the GPU machine, beside ../shared/device-wheels' `.whl/`.

Unsloth 2026.10.9 and unsloth_zoo are pure Python; of what they import on a CUDA machine,
the GPU machine's image lacks only trl (and bitsandbytes and datasets, which `.whl/` already
carries). Checked on a CPU machine by importing Unsloth with `UNSLOTH_ALLOW_CPU=1` (its own
switch for CUDA-less CI) while refusing every module that neither the image's package list
(/work/.library/device/KINDS.md) nor the carried wheels provide: the import, a load of a tiny
checkpoint of each architecture and a LoRA step succeed with just these.

Unsloth's wheel is 28.6 MB, 26 MB of which is `studio/` (its web UI) and `unsloth_cli/`, which
training never imports; the copy written here leaves them out (RECORD rewritten to match), so
`.whl/` (44 MiB) and `.whl_peer/` (~6 MiB) travel together under the 64 MiB limit.

    python3 -m bench.peer_wheels          # from the repo root: writes .whl_peer/ (git-ignored)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PINS = ("unsloth==2026.10.9", "unsloth-zoo==2026.10.9", "trl==1.15.0")
# Top-level folders of the unsloth wheel that training never imports.
UNUSED = ("studio/", "unsloth_cli/")
PLATFORM = ["--python-version", "3.12", "--implementation", "cp", "--platform", "manylinux_2_28_x86_64",
            "--platform", "manylinux2014_x86_64", "--only-binary=:all:"]


def slim(wheel: Path, dest: Path, unused: tuple[str, ...] = UNUSED) -> Path:
    """A copy of `wheel` in `dest` without the files under `unused`, its RECORD listing the rest."""
    out = dest / wheel.name
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename.startswith(unused):
                continue
            data = src.read(info)
            if info.filename.endswith(".dist-info/RECORD"):
                lines = data.decode().splitlines(keepends=True)
                data = "".join(line for line in lines if not line.startswith(unused)).encode()
            dst.writestr(info, data)
    return out


def download(dest: Path) -> list[Path]:
    """PINS into `dest`, the unsloth wheel slimmed; the paths written."""
    dest.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", *PLATFORM, "-d", tmp, *PINS],
                       check=True)
        return [slim(w, dest, UNUSED if w.name.startswith("unsloth-") else ()) for w in sorted(Path(tmp).glob("*.whl"))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--dest", default=".whl_peer", help="folder for the wheels (add it to .git/info/exclude)")
    args = p.parse_args(argv)
    dest = Path(args.dest)
    for old in dest.glob("*.whl"):
        old.unlink()
    for path in download(dest):
        print(f"{path.stat().st_size / 2**20:6.2f} MiB  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
