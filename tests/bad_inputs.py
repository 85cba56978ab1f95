"""A catalog of bad inputs, each fed to the `mcp-tui` command that reads it: damaged run
files (status.json, metrics.jsonl, config.toml, eval results) under every command that
opens them, hostile configs, datasets and tool catalogs. Each must end in an exit code and
a one-line message (or, for a listing, the damaged run shown as unreadable), never a
traceback, a hang or a crash.

`tests/test_bad_inputs.py` runs every case in-process. Run as a script, each case runs in
its own process under a time and memory limit, so a code base that would hang or eat all
memory on one (reading /dev/zero whole) is measured too; it prints the tally:

    PYTHONPATH=. python tests/bad_inputs.py [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

RUN_ID = "20250115-093000-demo"
GOOD_ID = "20250114-093000-good"
HUGE_INT = b"9" * 5000
DEEP = b"[" * 100_000 + b"]" * 100_000
BINARY = bytes(range(256)) * 4
STATUS_OK = {"state": "stopped", "step": 3, "total_steps": 10, "started": 1736933400.0}

DAMAGED_STATUS: dict[str, bytes] = {
    "empty": b"",
    "binary": BINARY,
    "truncated": b'{"state": "running", "st',
    "wrong-type": b'{"state": "running", "step": "three", "pid": "x"}',
    "unknown-state": b'{"state": "exploded"}',
    "array": b'["running"]',
    "huge-int": b'{"state": "running", "step": ' + HUGE_INT + b"}",
    "nan": b'{"state": "running", "heartbeat": NaN, "started": Infinity}',
    "deep": DEEP,
    "big-pid": b'{"state": "running", "pid": 99999999999999999999999, "host": "x"}',
}
DAMAGED_METRICS: dict[str, bytes] = {
    "wrong-type": b'{"step": 1, "loss": 1.0, "elapsed_s": 1}\n{"step": 2, "loss": "low", "elapsed_s": "x"}\n',
    "binary-line": b'{"step": 1, "loss": 1.0}\n' + BINARY + b"\n",
    "not-object": b'[1, 2]\n{"step": 2}\n',
    "string-step": b'{"step": "2", "loss": 1.0}\n',
    "huge-int": b'{"step": ' + HUGE_INT + b"}\n",
    "nan-times": b'{"step": 1, "loss": NaN, "elapsed_s": NaN}\n{"step": 2, "loss": Infinity, "elapsed_s": Infinity}\n',
}
# Commands that show a damaged run and exit 0, or never read the file that is damaged.
SUCCEEDING = ("runs", "monitor", "monitor-latest", "dry-run-resume")
RUN_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "runs": lambda tmp: ["runs"],
    "monitor": lambda tmp: ["monitor", RUN_ID, "--once"],
    "monitor-latest": lambda tmp: ["monitor", "--once"],
    "stop": lambda tmp: ["stop", RUN_ID],
    "export": lambda tmp: ["export", RUN_ID, "--out", str(tmp / "export")],
    "dry-run-resume": lambda tmp: ["train", "--resume", RUN_ID, "--dry-run"],
    "eval": lambda tmp: ["eval", RUN_ID, "--tasks", str(tmp / "missing-tasks.jsonl")],
    "stop-other": lambda tmp: ["stop", GOOD_ID],
}


@dataclass(frozen=True)
class Case:
    """One bad input: `setup(tmp)` writes the files and returns the command's arguments.
    `may_succeed`: the command rightly exits 0 (a listing that shows the damaged run, a
    dry run that never reads the damaged file); any other case must be refused."""

    name: str
    setup: Callable[[Path], list[str]]
    may_succeed: bool = False


def make_run(runs: Path, run_id: str, files: dict[str, bytes]) -> Path:
    """A run folder written by hand (so this also runs against older code), then `files`."""
    from mcp_tui.config import load_config, save_config

    folder = runs / run_id
    folder.mkdir(parents=True, exist_ok=True)
    save_config(load_config("cpu-demo"), folder / "config.toml")
    (folder / "status.json").write_text(json.dumps(STATUS_OK))
    (folder / "metrics.jsonl").write_text('{"step": 1, "loss": 2.0, "elapsed_s": 1.0}\n')
    for name, content in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(content)
    return folder


def run_case(files: dict[str, bytes], command: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    def setup(tmp: Path) -> list[str]:
        make_run(tmp / "runs", GOOD_ID, {})
        make_run(tmp / "runs", RUN_ID, files)
        return ["--runs-dir", str(tmp / "runs"), *command(tmp)]

    return setup


def file_case(name: str, content: bytes | None, argv: Callable[[Path], list[str]]) -> Callable[[Path], list[str]]:
    """Write `content` to tmp/name (None: leave the path as the argv names it), then argv."""

    def setup(tmp: Path) -> list[str]:
        if content is not None:
            (tmp / name).write_bytes(content)
        return ["--runs-dir", str(tmp / "runs"), *argv(tmp)]

    return setup


def _config_cases() -> list[Case]:
    tomls = {
        "binary": BINARY, "deep": b"a = " + b"[" * 50_000 + b"]" * 50_000, "huge-int": b"[train]\nseed = " + HUGE_INT,
        "lr-nan": b"[train]\nlr = nan", "lr-inf": b"[train]\nlr = inf", "epochs-inf": b"[train]\nepochs = inf",
        "dropout-nan": b"[lora]\ndropout = nan", "warmup-neg-nan": b"[train]\nwarmup_ratio = -nan",
        "steps-1e30": b"[train]\nmax_steps = 1000000000000000000000000000000",
        "wrong-type": b'[lora]\nr = "eight"', "section-not-table": b"model = 3", "extends-int": b"extends = 5",
        "utf16": "[train]\nlr = 0.1".encode("utf-16"), "unknown": b"[trian]\nlr = 1",
    }
    cases = [Case(f"toml-{k}", file_case("c.toml", v, lambda t: ["train", "--dry-run", "--config", str(t / "c.toml")]))
             for k, v in tomls.items()]
    cases += [Case("toml-dev-zero", file_case("x", None, lambda t: ["train", "--dry-run", "--config", "/dev/zero"])),
              Case("toml-folder", file_case("x", None, lambda t: ["train", "--dry-run", "--config", str(t)]))]
    for key, value in (("train.lr", "nan"), ("train.lr", "inf"), ("train.lr", "1e999"), ("train.epochs", "-inf"),
                       ("train.seed", "9" * 5000), ("train.max_steps", "9" * 40), ("lora.r", "1e3"),
                       ("lora.dropout", "NaN"), ("train.lr", "")):
        cases.append(Case(f"set-{key}={value[:8]}", file_case(
            "x", None, lambda t, k=key, v=value: ["train", "--dry-run", "--set", f"{k}={v}"])))
    return cases


def _dataset_cases() -> list[Case]:
    data = {
        "empty.jsonl": b"", "blank.jsonl": b"\n \n\t\n", "binary.jsonl": BINARY, "huge-int.jsonl": b'{"messages": ' +
        HUGE_INT + b"}\n", "deep.jsonl": DEEP + b"\n", "huge-int.json": b'[{"id": ' + HUGE_INT + b"}]",
        "deep.json": b'[{"messages": ' + b"[" * 50_000 + b"]" * 50_000 + b"}]",
        "args-huge-int.jsonl": json.dumps({"messages": [{"role": "user", "content": "x"}, {"role": "assistant",
                                            "tool_calls": [{"function": {"name": "a", "arguments": '{"n": '
                                            + "9" * 5000 + "}"}}]}]}).encode() + b"\n",
        "truncated.json": b'[{"messages": [', "nul.jsonl": b"\x00" * 4096, "utf16.jsonl": '{"a": 1}\n'.encode("utf-16"),
        "scalar.json": b"42", "null.jsonl": b"null\n", "nested-args.jsonl": json.dumps({"messages": [
            {"role": "user", "content": "x"}, {"role": "assistant", "tool_calls": [{"function": {
                "name": "a", "arguments": "[" * 5000 + "]" * 5000}}]}]}).encode() + b"\n",
    }
    cases = [Case(f"data-check-{n}", file_case(n, v, lambda t, n=n: ["data", "check", str(t / n)]))
             for n, v in data.items()]
    cases += [Case(f"data-convert-{n}", file_case(n, v, lambda t, n=n: ["data", "convert", str(t / n),
                                                                      str(t / "out.jsonl")]))
              for n, v in data.items() if n in ("binary.jsonl", "huge-int.json", "empty.jsonl")]
    cases += [Case("data-check-dev-zero", file_case("x", None, lambda t: ["data", "check", "/dev/zero"])),
              Case("data-check-folder", file_case("x", None, lambda t: ["data", "check", str(t)])),
              Case("train-dev-zero", file_case("x", None, lambda t: [
                  "train", "--set", "data.train_file=/dev/zero", "--set", "data.eval_file="])),
              Case("train-empty-dataset", file_case("e.jsonl", b"", lambda t: [
                  "train", "--set", f"data.train_file={t / 'e.jsonl'}", "--set", "data.eval_file=",
                  "--set", f"model.source={t / 'no-model'}"]))]
    return cases


def _catalog_cases() -> list[Case]:
    catalogs = {
        "binary": BINARY, "deep": DEEP, "huge-int": b'{"servers": [], "version": ' + HUGE_INT + b"}", "empty": b"",
        "wrong-type": b'{"servers": "all"}', "tool-wrong": b'{"servers": [{"name": "s", "tools": [{"name": 3}]}]}',
        "deep-schema": b'{"servers": [{"name": "s", "tools": [{"name": "t", "input_schema": '
                       + b'{"properties": {"a": ' * 400 + b"{}" + b"}}" * 400 + b"}]}]}",
        "bad-schema": b'{"servers": [{"name": "s", "tools": [{"name": "t", "input_schema": {"type": 12}}]}]}',
    }
    cases = [Case(f"catalog-{k}", file_case("cat.json", v, lambda t: [
        "data", "synth", "--catalog", str(t / "cat.json"), "--n", "5", "--out", str(t / "o.jsonl")]))
        for k, v in catalogs.items()]
    cases.append(Case("catalog-dev-zero", file_case("x", None, lambda t: [
        "data", "synth", "--catalog", "/dev/zero", "--n", "5", "--out", str(t / "o.jsonl")])))
    return cases


def _run_file_cases() -> list[Case]:
    cases = [Case(f"status-{k}-{c}", run_case({"status.json": v}, cmd), c in SUCCEEDING)
             for k, v in DAMAGED_STATUS.items() for c, cmd in RUN_COMMANDS.items()]
    cases += [Case(f"metrics-{k}-{c}", run_case({"metrics.jsonl": v}, RUN_COMMANDS[c]), c in SUCCEEDING)
              for k, v in DAMAGED_METRICS.items() for c in ("runs", "monitor", "export")]
    # `eval` reads these before it loads any model (a readable settings.json would start a real one).
    for name, content in (("eval/base.jsonl", BINARY + b"\n"), ("eval/base.jsonl", b'{"id": 1, "passed": "yes"}\n'),
                          ("eval/tuned.jsonl", b'{"id": 1}\n' + HUGE_INT + b"\n"), ("eval/settings.json", b"[]"),
                          ("eval/settings.json", DEEP)):
        cases.append(Case(f"eval-{name.split('/')[1]}-{content[:6]!r}", run_case(
            {name: content}, lambda t: ["eval", RUN_ID, "--limit", "1", "--max-new-tokens", "1"])))
    cases += [Case(f"config-{k}-{c}", run_case({"config.toml": v}, RUN_COMMANDS[c]))
              for k, v in (("binary", BINARY), ("deep", b"a = " + b"[" * 50_000)) for c in ("export", "dry-run-resume")]
    cases += [Case("events-binary-monitor", run_case({"events.log": BINARY}, RUN_COMMANDS["monitor"]), True),
              Case("checkpoint-step-huge", run_case({"checkpoints/checkpoint-" + "9" * 30 + "/COMPLETE": b"1"},
                                                    lambda t: ["export", RUN_ID, "--checkpoint", "latest",
                                                               "--out", str(t / "e")])),
              Case("checkpoint-arg-weird", run_case({}, lambda t: ["export", RUN_ID, "--checkpoint", "9" * 5000,
                                                                   "--out", str(t / "e")]))]
    return cases


CASES: list[Case] = _config_cases() + _dataset_cases() + _catalog_cases() + _run_file_cases()


def _run_one(case: Case, timeout: float) -> str:
    """'ok' (an exit code and a message), 'accepted' (exit 0 for input a command should
    refuse), 'traceback', 'hang' or 'crash', running the case in its own process."""
    with tempfile.TemporaryDirectory(prefix="mcp-tui-bad-") as tmp:
        argv = case.setup(Path(tmp))
        code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))\n"
                "from mcp_tui.cli import main\nsys.exit(main(sys.argv[1:]))")
        env = {**os.environ, "MCP_TUI_RUNS": str(Path(tmp) / "runs")}
        try:
            done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                                  timeout=timeout, env=env, cwd=tmp, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            return "hang"
    if "Traceback (most recent call last)" in done.stderr:
        return "traceback"
    if done.returncode < 0:
        return "crash"
    return "accepted" if done.returncode == 0 and not case.may_succeed else "ok"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run every bad input in its own process and tally the outcomes.")
    parser.add_argument("--json", help="write the per-case outcomes here")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds a case may take (default 300)")
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this case (repeatable)")
    args = parser.parse_args(argv)
    outcomes = {}
    for case in [c for c in CASES if not args.only or c.name in args.only]:
        outcomes[case.name] = _run_one(case, args.timeout)
        print(f"{outcomes[case.name]:9} {case.name}", flush=True)
    bad = {k: v for k, v in outcomes.items() if v != "ok"}
    counts = {kind: sum(v == kind for v in outcomes.values()) for kind in ("traceback", "hang", "crash", "accepted")}
    print(f"{len(outcomes)} bad inputs: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    if args.json:
        Path(args.json).write_text(json.dumps({"cases": len(outcomes), "counts": counts, "failures": bad}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
