"""Property tests: random bytes and random JSON fed to every reader of run files, evaluation
files, configs, tool catalogs, datasets and the sandbox's graph. Nothing but the project's
own error types may escape a reader, and the screens' and commands' views of a run
(home rows, monitor snapshot, `mcp-tui runs` and `monitor` frames) never raise at all."""

from __future__ import annotations

import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mcp.server.mcpserver.exceptions import ToolError
from rich.console import Console

from mcp_tui.config import ConfigError, load_config, save_config
from mcp_tui.data.formats import DataError, read_dataset, read_report
from mcp_tui.data.validate import check_dataset
from mcp_tui.eval.folder import MODELS, EvalFolder
from mcp_tui.eval.tasks import load_tasks
from mcp_tui.fileio import FileError
from mcp_tui.runs import Run, list_runs
from mcp_tui.tools.catalog import CatalogError, load_catalog
from mcp_tui.tools.sandbox_server import Sandbox, load_graph

PROJECT_ERRORS = (FileError, ConfigError, DataError, CatalogError, ToolError)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers() | st.integers(min_value=-(2**70), max_value=2**70)
           | st.floats() | st.text(max_size=12))
json_values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=16)
# Bytes that reach the deep corners: numbers over the digit limit, nesting past the
# recursion limit, NaN, bare control characters, truncation.
nasty = st.sampled_from([b"9" * 5000, b"[" * 5000, b"{\"a\":" * 3000, b"NaN", b"-Infinity", b"\x1b[2J", b"\x00",
                         b"\xff\xfe", b'{"', b"\n", b"1e999"])
random_bytes = st.binary(max_size=600) | st.lists(nasty | st.binary(max_size=40), max_size=6).map(b"".join)


def keyed(keys: list[str]) -> st.SearchStrategy[dict]:
    """Objects that use the reader's own keys (with any values), so the reader goes deep."""
    return st.dictionaries(st.sampled_from(keys) | st.text(max_size=6), json_values, max_size=len(keys) + 2)


def dumps(value: object) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


def jsonl(values: list[object]) -> bytes:
    return b"".join(dumps(v) + b"\n" for v in values)


STATUS_KEYS = ["state", "pid", "host", "pid_started", "step", "total_steps", "epoch", "heartbeat", "started",
               "updated", "error"]
METRIC_KEYS = ["step", "epoch", "loss", "eval_loss", "lr", "grad_norm", "tokens_per_s", "gpu_mem_gib", "elapsed_s"]
RESULT_KEYS = ["id", "category", "passed", "checks", "answer", "finished", "new_tokens", "latency_s", "tokens_per_s",
               "wall_share_s", "relevance", "execution", "text", "steps", "calls", "errored_calls", "end", "family"]
PROGRESS_KEYS = ["state", "model", "done", "total", "tasks_per_s", "eta_s", "pid", "updated", "error"]
SUMMARY_KEYS = ["overall", "categories", "models", "tasks"]
RECORD_KEYS = ["messages", "tools", "conversations", "query", "answers", "instruction", "completion", "output",
               "metadata", "id", "category", "expected_calls", "reference", "system", "input"]
MESSAGE_KEYS = ["role", "content", "tool_calls", "from", "value", "is_error", "function", "name", "arguments"]

status_content = random_bytes | keyed(STATUS_KEYS).map(dumps) | json_values.map(dumps)
metrics_content = random_bytes | st.lists(keyed(METRIC_KEYS) | json_values, max_size=5).map(jsonl)
messages = st.lists(keyed(MESSAGE_KEYS), max_size=3)
records = st.dictionaries(st.sampled_from(RECORD_KEYS), json_values | messages, max_size=6)
dataset_content = random_bytes | st.lists(records | json_values, max_size=4).map(jsonl) | st.lists(records).map(dumps)


def fresh_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="mcp-tui-fuzz-"))


def a_run(files: dict[str, bytes]) -> Run:
    """A run folder (good config) with `files` written as given."""
    root = fresh_dir() / "runs"
    run = Run(root / "20250115-093000-fuzz")
    run.path.mkdir(parents=True)
    save_config(load_config("cpu-demo"), run.config_path)
    for name, content in files.items():
        (run.path / name).parent.mkdir(parents=True, exist_ok=True)
        (run.path / name).write_bytes(content)
    return run


def only_project_errors(*readers) -> None:
    for read in readers:
        try:
            read()
        except PROJECT_ERRORS:
            pass


@FUZZ
@given(status=status_content, metrics=metrics_content, events=random_bytes)
def test_run_readers_raise_only_file_errors(status: bytes, metrics: bytes, events: bytes):
    run = a_run({"status.json": status, "metrics.jsonl": metrics, "events.log": events, "worker.log": events})
    only_project_errors(run.raw_status, run.status, run.metrics, run.elapsed_s, run.started)
    assert isinstance(run.events_tail(10), list) and isinstance(run.worker_log_tail(), str)
    assert all("\x1b" not in line for line in run.events_tail(50))


@FUZZ
@given(status=status_content, metrics=metrics_content, events=random_bytes)
def test_every_view_of_a_run_survives_any_content(status: bytes, metrics: bytes, events: bytes):
    from mcp_tui.cli.train import monitor_view, runs_table
    from mcp_tui.tui.snapshots import RunsReader

    run = a_run({"status.json": status, "metrics.jsonl": metrics, "events.log": events})
    reader = RunsReader(run.path.parent)
    [row] = reader.rows()
    snapshot = reader.snapshot(run)
    assert row.id == snapshot.run_id == run.id
    console = Console(file=io.StringIO(), width=100)
    console.print(monitor_view(run))
    table, notes = runs_table(list_runs(run.path.parent))
    console.print(table, *notes)
    assert "\x1b" not in console.file.getvalue()


@FUZZ
@given(results=st.lists(keyed(RESULT_KEYS) | json_values, max_size=4).map(jsonl) | random_bytes,
       progress=keyed(PROGRESS_KEYS).map(dumps) | random_bytes,
       summary=keyed(SUMMARY_KEYS).map(dumps) | random_bytes, settings_=json_values.map(dumps) | random_bytes)
def test_eval_folder_readers_raise_only_file_errors(results: bytes, progress: bytes, summary: bytes, settings_: bytes):
    from mcp_tui.tui.eval_view import read_eval

    folder = EvalFolder(fresh_dir() / "eval")
    folder.path.mkdir()
    (folder.path / "agentic").mkdir()
    for name, content in ((f"{MODELS[0]}.jsonl", results), ("progress.json", progress), ("summary.json", summary),
                          ("settings.json", settings_), ("report.md", results), (f"agentic/{MODELS[1]}.jsonl", results)):
        (folder.path / name).write_bytes(content)
    only_project_errors(lambda: folder.results(MODELS[0]), lambda: folder.agentic_results(MODELS[1]), folder.progress,
                        folder.summary, folder.settings, folder.report, folder.drop_torn_tails)
    view = read_eval(folder.path, {})
    view.rows()


@FUZZ
@given(content=random_bytes | keyed(["model", "train", "lora", "data", "extends", "description"]).map(
    lambda d: "\n".join(f"{k} = {json.dumps(v, allow_nan=True)}" for k, v in d.items()).encode()))
def test_config_files_raise_only_config_errors(content: bytes):
    path = fresh_dir() / "c.toml"
    path.write_bytes(content)
    only_project_errors(lambda: load_config(path))


@FUZZ
@given(content=random_bytes | keyed(["servers", "version"]).map(dumps)
       | st.lists(keyed(["name", "description", "tools"]), max_size=3).map(lambda s: dumps({"servers": s})))
def test_catalogs_raise_only_catalog_errors(content: bytes):
    path = fresh_dir() / "cat.json"
    path.write_bytes(content)
    only_project_errors(lambda: load_catalog(path))


@FUZZ
@given(content=dataset_content, suffix=st.sampled_from([".jsonl", ".json", ".txt"]))
def test_dataset_readers_raise_only_data_errors(content: bytes, suffix: str):
    path = fresh_dir() / f"data{suffix}"
    path.write_bytes(content)
    only_project_errors(lambda: read_report(path), lambda: read_dataset(path), lambda: check_dataset(path),
                        lambda: load_tasks(path))


@FUZZ
@given(content=random_bytes | st.lists(keyed(["type", "name", "entityType", "observations", "from", "to",
                                               "relationType"]) | json_values, max_size=4).map(jsonl))
def test_the_sandbox_graph_reader_raises_only_tool_errors(content: bytes):
    box = Sandbox(fresh_dir())
    box.memory.write_bytes(content)
    only_project_errors(lambda: load_graph(box))
