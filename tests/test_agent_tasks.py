"""The agentic tasks and training trajectories: every bundled eval task is solvable and not
solved by doing nothing, the trajectories are real executions, training and evaluation
share no seed, file tree, name or phrasing, and broken task files say what is wrong."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from mcp_tui.agent.checks import check_kind, check_outcome
from mcp_tui.agent.loop import AGENT_SYSTEM, AgentRun, run_agent
from mcp_tui.agent.scripted import ScriptedPolicy
from mcp_tui.agent.servers import ServerPool, sandbox_spec
from mcp_tui.agent.synth import PHRASINGS, VOCAB, agentic_tasks
from mcp_tui.agent.tasks import AgenticTask, SolutionStep, bundled_agentic_path, load_agentic_tasks
from mcp_tui.agent.transcript import Transcript
from mcp_tui.agent.workspace import Workspace
from mcp_tui.data.conversation import AGENTIC
from mcp_tui.data.formats import DataError, read_dataset
from mcp_tui.data.validate import check_conversation
from mcp_tui.tools.catalog import bundled_catalog_path, call_problems
from mcp_tui.tools.sandbox_server import Sandbox
from mcp_tui.tools.xml_format import XmlMcpFormat

FMT = XmlMcpFormat()


@pytest.fixture(scope="module")
def eval_tasks():
    return load_agentic_tasks(bundled_agentic_path())


@pytest.fixture(scope="module")
def train_trajectories():
    return [c for c in read_dataset(bundled_catalog_path().parent / "mcp_train.jsonl") if c.category == AGENTIC]


def test_the_bundled_set_covers_every_family(eval_tasks):
    assert len(eval_tasks) == 40
    families = {t.family for t in eval_tasks}
    assert families == {"fix_value", "gather_memory", "reorganize", "recover"}
    assert all(sum(t.family == f for t in eval_tasks) == 10 for f in families)
    assert all(t.max_steps == len(t.solution) + 3 for t in eval_tasks)


def test_every_eval_task_is_solvable_and_not_solved_by_doing_nothing(eval_tasks, tmp_path):
    """Each task's known solution, run through the loop against the sandbox server, passes
    every check; an agent that only answers fails a check of the final state."""
    sandbox = Sandbox(tmp_path)
    with ServerPool([sandbox_spec(tmp_path)]) as pool:
        for task in eval_tasks:
            for turns, should_pass in ((task.solution, True), ([SolutionStep("All done.")], False)):
                task.workspace.plant(sandbox)
                before = sandbox.snapshot()
                run = AgentRun(task.prompt, task.tools, FMT, task.max_steps)
                t = run_agent(run, ScriptedPolicy(turns, FMT), pool)
                verdicts = check_outcome(task.checks, before, sandbox.snapshot(), t)
                state_ok = all(v["ok"] for v in verdicts if v["name"] != "answered")
                assert state_ok == should_pass, (task.id, should_pass, verdicts)
                assert t.errored_calls == (task.family == "recover" if should_pass else 0), task.id


def test_trajectories_are_successful_executions_on_the_sandbox(train_trajectories):
    assert len(train_trajectories) == 400
    for conv in train_trajectories:
        errors, warnings = check_conversation(conv)
        assert not errors and not warnings, (conv.id, errors, warnings)
        for m in conv.messages:
            assert not any(call_problems(c, conv.tools) for c in m.tool_calls), conv.id
        roles = [m.role for m in conv.messages]
        assert roles[0] == "user" and roles[-1] == "assistant" and roles.count("tool") >= 2
        assert conv.system == AGENT_SYSTEM and not conv.messages[-1].tool_calls
        task = AgenticTask.from_conversation(conv)
        errored = [m for m in conv.messages if m.role == "tool" and m.is_error]
        assert len(errored) == (1 if task.family == "recover" else 0), conv.id
    # The recoveries learn from the server's own error text.
    recover = next(c for c in train_trajectories if c.metadata["variant"] == "moved_file")
    assert "ENOENT: no such file or directory" in next(m.content for m in recover.messages if m.is_error)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{\w+\}", template)
    return re.compile(".+?".join(re.escape(p) for p in parts) + r"\Z", re.S)


def test_training_never_sees_the_eval_tasks(eval_tasks, train_trajectories):
    """Disjoint phrasings (each eval request comes from an eval template and matches no
    training template), file trees, names, values and seeds."""
    for variant, banks in PHRASINGS.items():
        assert not set(banks["train"]) & set(banks["eval"]), variant
    train_patterns = [_template_pattern(t) for b in PHRASINGS.values() for t in b["train"]]
    eval_patterns = [_template_pattern(t) for b in PHRASINGS.values() for t in b["eval"]]
    for task in eval_tasks:
        assert any(p.match(task.prompt) for p in eval_patterns), task.prompt
        assert not any(p.match(task.prompt) for p in train_patterns), task.prompt
    train_prompts = {c.messages[0].content for c in train_trajectories}
    assert not train_prompts & {t.prompt for t in eval_tasks}

    def things(workspace: Workspace) -> set[str]:
        paths = set(workspace.files)
        folders = {p.rsplit("/", 1)[0] for p in paths}
        names = {e["name"] for e in workspace.entities}
        return paths | folders | names

    train_things = set().union(*(things(AgenticTask.from_conversation(c).workspace) for c in train_trajectories))
    eval_things = set().union(*(things(t.workspace) for t in eval_tasks))
    assert not train_things & eval_things
    train, held = VOCAB["train"], VOCAB["eval"]
    for name in ("projects", "config_names", "keys", "fillers", "renames", "people", "roles", "inboxes", "stems",
                 "facts", "team_folders", "subfolders"):
        assert not set(getattr(train, name)) & set(getattr(held, name)), name
    assert {t.metadata["split"] for t in eval_tasks} == {"eval"}
    assert {c.id.split("-")[2] for c in train_trajectories} != {t.id.split("-")[2] for t in eval_tasks}


def test_generation_is_reproducible_and_seeded():
    assert agentic_tasks(8, 5, "eval") == agentic_tasks(8, 5, "eval")
    assert agentic_tasks(8, 5, "eval") != agentic_tasks(8, 6, "eval")


def _record(**meta):
    base = {"family": "fix_value", "max_steps": 4, "workspace": {"files": {"/a": "x\n"}},
            "checks": [{"absent": "/a"}]}
    return json.dumps({"id": "t1", "category": "agentic", "messages": [{"role": "user", "content": "remove /a"}],
                       "metadata": {**base, **meta}})


@pytest.mark.parametrize("meta, message", [
    ({"max_steps": 0}, "metadata.max_steps should be a whole number"),
    ({"checks": []}, "metadata.checks should list at least one check"),
    ({"checks": [{"exists": "/a"}]}, "metadata.checks[0]: names no known check"),
    ({"checks": [{"file": "/a", "contains": "x"}]}, "metadata.checks[0].contains: should be a list"),
    ({"checks": [{"relation": ["a", "b"]}]}, "should be [from, relationType, to]"),
    ({"workspace": {"files": {"/a": 1}}}, "metadata.workspace.files: should map sandbox paths"),
    ({"workspace": {"entities": [{"name": "x"}]}}, "metadata.workspace.entities[0]: needs name"),
    ({"solution": [{"calls": []}]}, "metadata.solution[0]: should be an object with a text"),
])
def test_broken_task_files_name_the_task_and_field(tmp_path, meta, message):
    path = tmp_path / "tasks.jsonl"
    path.write_text(_record(**meta) + "\n")
    with pytest.raises(DataError) as info:
        load_agentic_tasks(path)
    assert str(path) in str(info.value) and "task 't1'" in str(info.value) and message in str(info.value)


def test_single_turn_evaluation_points_agentic_tasks_elsewhere(tmp_path):
    from mcp_tui.eval.tasks import load_tasks

    path = tmp_path / "tasks.jsonl"
    path.write_text(_record() + "\n")
    assert load_agentic_tasks(path)[0].max_steps == 4
    with pytest.raises(DataError, match="give its file to --agentic-tasks"):
        load_tasks(path)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                    max_leaves=10)
KEYS = st.sampled_from(["file", "contains", "excludes", "absent", "folder", "moved", "to", "others_unchanged",
                        "entity", "type", "observations", "relation", "no_entity", "files", "entities", "relations"])


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(KEYS, JSON, max_size=4) | JSON)
@example({"file": "/a", "contains": [1]})
@example({"entity": "x", "observations": [None]})
@example({"moved": "/a"})
@example({"relation": ["a", 2, "c"]})
def test_check_and_workspace_readers_reject_anything_with_a_data_error(value):
    """Whatever JSON a task file holds, reading it raises DataError or yields a check that
    evaluates without crashing."""
    empty = {"files": {}, "memory": {"entities": [], "relations": []}}
    try:
        kind = check_kind(value, "checks[0]")
    except DataError:
        pass
    else:
        assert check_outcome([value], empty, empty, Transcript("t", end="answered"))[0]["name"] == kind
    try:
        Workspace.from_dict(value)
    except DataError:
        pass
