"""Agentic tasks on the sandbox servers, and training trajectories, reproducibly from a seed.

Four families of multi-step jobs on the filesystem and memory servers, each a seed
workspace, a request, checks of the final state (agent/checks.py), a step budget and one
known solution:

- fix_value: find which file of a folder sets a value and change it; or rename a name
  in every file that mentions it (several files, one edit each);
- gather_memory: read a team file and put its people (and their project) into the graph;
- reorganize: move the files of one kind into a new folder, leaving the rest;
- recover: the request names a file or an entity that is not there as said; the first
  call errors, a search finds the real one, and the job gets done there.

The eval split (the bundled data/mcp_agentic.jsonl) has its own projects, file trees,
keys, people and phrasings, none of which training uses. Training trajectories come from
the train split: each solution executed against the real sandbox server through the
agent loop, so every tool result in them is what the server returned, and each one is
checked to pass its own checks. Output is a pure function of (n, seed, split).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from random import Random
from typing import Any

from mcp_tui.agent.tasks import AgenticTask, SolutionStep
from mcp_tui.agent.workspace import Workspace
from mcp_tui.data.conversation import Conversation, Tool, ToolCall

# Steps a task allows beyond its known solution (a look around, a retry).
SLACK_STEPS = 3


@dataclass(frozen=True)
class Key:
    name: str
    desc: str
    old: str
    new: str


@dataclass(frozen=True)
class Vocab:
    """Everything a split draws from; the splits share none of it."""

    projects: tuple[str, ...]
    config_names: tuple[str, ...]
    keys: tuple[Key, ...]
    fillers: tuple[tuple[str, str], ...]
    renames: tuple[tuple[str, str, str], ...]  # (what it is, old name, new name)
    deploy_files: tuple[str, str, str]  # a .yaml, a .env and a notes file
    team_folders: tuple[str, ...]
    people: tuple[str, ...]
    roles: tuple[str, ...]
    inboxes: tuple[str, ...]
    kinds: tuple[tuple[str, str], ...]  # (extension, the subfolder it goes to)
    stems: tuple[str, ...]
    subfolders: tuple[str, ...]
    facts: tuple[str, ...]


VOCAB = {
    "train": Vocab(
        projects=("checkout", "payments", "inventory", "notifications", "catalog", "auth"),
        config_names=("app", "database", "cache", "queue", "server", "logging"),
        keys=(Key("max_connections", "database connection limit", "20", "50"),
              Key("timeout_seconds", "request timeout", "5", "30"),
              Key("worker_count", "number of workers", "2", "8"),
              Key("log_level", "log level", "info", "debug"),
              Key("batch_size", "batch size", "100", "250"),
              Key("retention_days", "log retention in days", "7", "30")),
        fillers=(("host", "localhost"), ("region", "eu-west-1"), ("enabled", "true"), ("replicas", "3"),
                 ("owner", "platform-team"), ("version", "1.4.2"), ("cache_dir", "/var/cache/app")),
        renames=(("database host", "orders-db", "orders-primary"), ("queue", "jobs-queue", "tasks-queue"),
                 ("bucket", "assets-bucket", "static-files"), ("cluster", "blue-cluster", "green-cluster"),
                 ("API host", "billing-api", "invoice-api")),
        deploy_files=("compose.yaml", "prod.env", "README.md"),
        team_folders=("team", "people"),
        people=("Ana Ruiz", "Ben Okafor", "Chloe Martin", "Dev Patel", "Eva Novak", "Farid Haddad", "Grace Liu",
                "Hugo Silva"),
        roles=("backend engineer", "designer", "product manager", "QA lead", "site reliability engineer",
               "frontend engineer"),
        inboxes=("/downloads", "/inbox", "/scratch"),
        kinds=((".log", "logs"), (".csv", "tables"), (".md", "notes")),
        stems=("report", "build", "export", "server", "backup", "metrics", "deploy"),
        subfolders=("config", "conf"),
        facts=("is on call this week", "prefers async code reviews", "moved to the Berlin office",
               "leads the next release", "is the contact for the payments audit"),
    ),
    "eval": Vocab(
        projects=("ledger", "gateway", "scheduler", "reporting"),
        config_names=("service", "storage", "limits", "network"),
        keys=(Key("retry_limit", "retry limit", "3", "6"), Key("listen_port", "listening port", "8080", "9090"),
              Key("cache_ttl", "cache TTL in seconds", "60", "300"), Key("pool_size", "connection pool size", "10", "25")),
        fillers=(("zone", "us-east-2"), ("active", "yes"), ("shards", "4"), ("maintainer", "infra-team"),
                 ("release", "2.0.1"), ("data_dir", "/srv/data"), ("endpoint", "internal")),
        renames=(("cache host", "ledger-cache", "ledger-redis"), ("topic", "events-topic", "audit-stream"),
                 ("registry", "old-registry", "registry-main")),
        deploy_files=("stack.yaml", "runtime.env", "NOTES.md"),
        team_folders=("staff", "org"),
        people=("Ines Moreau", "Jonas Berg", "Kemi Adeyemi", "Lars Nilsen", "Mei Tanaka", "Nadia Rossi"),
        roles=("data scientist", "security engineer", "technical writer", "support lead", "mobile engineer"),
        inboxes=("/uploads", "/dropbox"),
        kinds=((".json", "json"), (".txt", "text")),
        stems=("summary", "invoice", "sync", "audit", "draft"),
        subfolders=("etc", "settings"),
        facts=("is out until Monday", "owns the storage migration", "speaks Portuguese",
               "reviews all schema changes"),
    ),
}  # fmt: skip

PHRASINGS: dict[str, dict[str, tuple[str, ...]]] = {
    "fix_value": {
        "train": ("The {desc} of {project} is set in one of the files in {folder}. Change it from {old} to {new}.",
                  "Somewhere under {folder} a file sets {key} to {old}; set it to {new}.",
                  "In {folder}, one of the files has {key} at {old}. Update it to {new} and leave the rest alone.",
                  "Find where {project} configures its {desc} (a file in {folder}) and change it to {new}."),
        "eval": ("I'm not sure which file in {folder} holds {project}'s {desc}; it is currently {old}. Please make it {new}.",
                 "{project}'s {desc} needs to go from {old} to {new}. It lives in one of the config files under {folder}."),
    },
    "rename": {
        "train": ("Rename {old} to {new} in every file under {folder} that mentions it.",
                  "We renamed the {what} {old} to {new}. Update all the files in {folder} that still say {old}.",
                  "Replace {old} with {new} everywhere in {folder}."),
        "eval": ("The {what} formerly called {old} is now {new}; go through {folder} and fix each reference to it.",),
    },
    "people": {
        "train": ("Read {path} and add everyone listed there to the memory graph as a person, with their role as an observation.",
                  "Put the people in {path} into the knowledge graph: one person entity each, their role as an observation.",
                  "Go through {path} and record each person in memory (entity type person, role as an observation)."),
        "eval": ("Using the list in {path}, create a person entity in the memory graph for each team member and note their role as an observation.",),
    },
    "team": {
        "train": ("Read {path}, add each person there to the memory graph as a person with their role as an observation, and link each of them to the project {project} with a works_on relation.",
                  "Record the {project} team from {path} in the knowledge graph: a person entity per member (role as an observation) and a works_on relation from each member to {project}."),
        "eval": ("Build the {project} team in the memory graph from {path}: every member becomes a person (role noted as an observation) who works_on the project {project}.",),
    },
    "reorganize": {
        "train": ("Move all the {ext} files in {folder} into a new folder {dest}.",
                  "Tidy up {folder}: put every {ext} file into {dest} (create it first).",
                  "Create {dest} and move the {ext} files from {folder} into it."),
        "eval": ("Please gather the {ext} files sitting in {folder} into a subfolder {dest}, leaving the other files where they are.",),
    },
    "moved_file": {
        "train": ("Set {key} to {new} in {wrong}.", "Open {wrong} and change {key} to {new}.",
                  "Update {wrong} so that {key} is {new}."),
        "eval": ("In {wrong}, {key} should be {new}. Please fix that.",),
    },
    "entity_name": {
        "train": ("Add to {first}'s entry in the memory graph that {first} {fact}.",
                  "Note in the knowledge graph that {first} {fact}."),
        "eval": ("Please remember in the memory graph that {first} {fact}.",),
    },
}  # fmt: skip
LEADS = ("", "", "", "", "Let me look first.", "Okay.", "On it.")
# Line formats of config files: (extension, how a key and value are written).
DIALECTS: tuple[tuple[str, Callable[[str, str], str]], ...] = (
    (".yaml", lambda k, v: f"{k}: {v}"), (".ini", lambda k, v: f"{k} = {v}"), (".env", lambda k, v: f"{k.upper()}={v}"),
)  # fmt: skip


def fs(tool: str, **arguments: Any) -> ToolCall:
    """A call to the filesystem server."""
    return ToolCall("filesystem", tool, arguments)


def mem(tool: str, **arguments: Any) -> ToolCall:
    """A call to the memory server."""
    return ToolCall("memory", tool, arguments)


class _Builder:
    """One split's choices: vocabulary, phrasings, tools; builds one task at a time."""

    def __init__(self, split: str, rng: Random) -> None:
        from mcp_tui.tools.catalog import load_catalog

        self.split, self.rng, self.vocab = split, rng, VOCAB[split]
        catalog = load_catalog()
        self.catalog = {s: catalog.servers[s].tools for s in ("filesystem", "memory")}

    def pick(self, items: tuple[Any, ...] | list[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def phrase(self, variant: str, **slots: str) -> str:
        return self.pick(PHRASINGS[variant][self.split]).format(**slots)

    def lead(self) -> str:
        return self.pick(LEADS)

    def tools(self, needed: list[tuple[str, str]]) -> list[Tool]:
        """The needed tools and maybe one more of the same servers, in catalog order."""
        servers = list(dict.fromkeys(s for s, _ in needed))
        spare = [(s, t.name) for s in servers for t in self.catalog[s] if (s, t.name) not in needed]
        keep = set(needed) | set(self.rng.sample(spare, self.rng.choice([0, 1, 1])))
        return [t for s in servers for t in self.catalog[s] if (s, t.name) in keep]

    def config_file(self, dialect: tuple[str, Callable[[str, str], str]], key: Key | None, n_fill: int) -> list[str]:
        """The lines of a config file: `n_fill` filler settings, and `key` (at its old value) among them."""
        fill = self.rng.sample(self.vocab.fillers, n_fill)
        lines = [dialect[1](k, v) for k, v in fill]
        if key is not None:
            lines.insert(self.rng.randrange(len(lines) + 1), dialect[1](key.name, key.old))
        return lines


def _text(lines: list[str]) -> str:
    return "".join(line + "\n" for line in lines)


def _task(b: _Builder, variant: str, family: str, prompt: str, workspace: Workspace, checks: list[dict[str, Any]],
          solution: list[SolutionStep]) -> AgenticTask:
    needed = list(dict.fromkeys((c.server, c.tool) for s in solution for c in s.calls))
    return AgenticTask("", prompt, b.tools(needed), workspace, checks, len(solution) + SLACK_STEPS, family, solution,
                       {"variant": variant, "split": b.split})


def fix_value(b: _Builder) -> AgenticTask:
    """One of three config files sets a key; change its value there and nowhere else."""
    v, rng = b.vocab, b.rng
    project, key, dialect = b.pick(v.projects), b.pick(v.keys), b.pick(DIALECTS)
    folder = f"/{project}/config"
    names = rng.sample(v.config_names, 3)
    target = rng.randrange(3)
    files = {f"{folder}/{n}{dialect[0]}": _text(b.config_file(dialect, key if i == target else None, 2))
             for i, n in enumerate(names)}
    path = f"{folder}/{names[target]}{dialect[0]}"
    old, new = dialect[1](key.name, key.old), dialect[1](key.name, key.new)
    prompt = b.phrase("fix_value", desc=key.desc, project=project, folder=folder, key=key.name, old=key.old, new=key.new)
    solution = [
        SolutionStep(b.lead(), (fs("list_directory", path=folder),)),
        SolutionStep("", (fs("read_multiple_files", paths=sorted(files)),)),
        SolutionStep(f"{key.name} is set in {path}.", (fs("edit_file", path=path, edits=[{"oldText": old, "newText": new}]),)),
        SolutionStep(f"Done: {key.name} in {path} was {key.old} and is now {key.new}."),
    ]
    checks = [{"file": path, "contains": [new], "excludes": [old]}, {"others_unchanged": [path]}]
    return _task(b, "fix_value", "fix_value", prompt, Workspace(files), checks, solution)


def rename(b: _Builder) -> AgenticTask:
    """Two of three deploy files name a host; rename it in both (two edits in one turn)."""
    v, rng = b.vocab, b.rng
    project, (what, old, new) = b.pick(v.projects), b.pick(v.renames)
    folder = f"/{project}/deploy"
    yaml_name, env_name, notes_name = v.deploy_files
    mentions = {
        f"{folder}/{yaml_name}": _text([f"service: {project}", f"target: {old}"]),
        f"{folder}/{env_name}": _text([f"TARGET_HOST={old}", f"REPLICAS={rng.randint(2, 5)}"]),
        f"{folder}/{notes_name}": _text([f"Deploys of {project} go to {old} first."]),
    }
    spared = b.pick(sorted(mentions))
    mentions[spared] = mentions[spared].replace(old, "the default target")
    files = dict(sorted(mentions.items()))
    edited = [p for p in files if p != spared]
    prompt = b.phrase("rename", what=what, old=old, new=new, folder=folder)
    solution = [
        SolutionStep(b.lead(), (fs("list_directory", path=folder),)),
        SolutionStep("", (fs("read_multiple_files", paths=sorted(files)),)),
        SolutionStep(f"{old} appears in {' and '.join(edited)}.",
                     tuple(fs("edit_file", path=p, edits=[{"oldText": old, "newText": new}]) for p in edited)),
        SolutionStep(f"Renamed {old} to {new} in {' and '.join(edited)}; {spared} did not mention it."),
    ]
    checks = [{"file": p, "contains": [new], "excludes": [old]} for p in edited] + [{"others_unchanged": edited}]
    return _task(b, "rename", "fix_value", prompt, Workspace(files), checks, solution)


def _team_file(b: _Builder, project: str, size: int) -> tuple[str, list[tuple[str, str]], str]:
    members = list(zip(b.rng.sample(b.vocab.people, size), b.rng.sample(b.vocab.roles, size)))
    path = f"/{b.pick(b.vocab.team_folders)}/{project}.md"
    return path, members, _text([f"# {project} team", *(f"- {name}: {role}" for name, role in members)])


def people(b: _Builder) -> AgenticTask:
    """A team file's people become person entities with their role as an observation."""
    project = b.pick(b.vocab.projects)
    path, members, text = _team_file(b, project, b.rng.choice([2, 3]))
    entities = [{"name": n, "entityType": "person", "observations": [r]} for n, r in members]
    solution = [
        SolutionStep(b.lead(), (fs("read_text_file", path=path),)),
        SolutionStep("", (mem("create_entities", entities=entities),)),
        SolutionStep(f"Added {', '.join(n for n, _ in members)} to the memory graph as people, each with their role."),
    ]
    checks = [{"entity": n, "type": "person", "observations": [r]} for n, r in members]
    return _task(b, "people", "gather_memory", b.phrase("people", path=path), Workspace({path: text}), checks, solution)


def team(b: _Builder) -> AgenticTask:
    """As `people`, plus a project entity and a works_on relation from each member to it."""
    project = b.pick(b.vocab.projects)
    path, members, text = _team_file(b, project, 2)
    entities = [{"name": n, "entityType": "person", "observations": [r]} for n, r in members]
    entities.append({"name": project, "entityType": "project", "observations": []})
    relations = [{"from": n, "to": project, "relationType": "works_on"} for n, _ in members]
    solution = [
        SolutionStep(b.lead(), (fs("read_text_file", path=path),)),
        SolutionStep("", (mem("create_entities", entities=entities),)),
        SolutionStep("", (mem("create_relations", relations=relations),)),
        SolutionStep(f"The {project} team is in the memory graph: {', '.join(n for n, _ in members)}, "
                     f"each a person with their role and a works_on relation to {project}."),
    ]
    checks = [{"entity": n, "type": "person", "observations": [r]} for n, r in members]
    checks += [{"relation": [n, "works_on", project]} for n, _ in members]
    prompt = b.phrase("team", path=path, project=project)
    return _task(b, "team", "gather_memory", prompt, Workspace({path: text}), checks, solution)


def reorganize(b: _Builder) -> AgenticTask:
    """The files of one extension move into a new subfolder; the others stay."""
    v, rng = b.vocab, b.rng
    folder, (ext, sub) = b.pick(v.inboxes), b.pick(v.kinds)
    others = [k for k, _ in v.kinds if k != ext]
    stems = rng.sample(v.stems, 5)
    moving = [f"{folder}/{s}-{rng.randint(1, 9)}{ext}" for s in stems[: rng.choice([2, 3])]]
    staying = [f"{folder}/{s}-{rng.randint(1, 9)}{b.pick(others)}" for s in stems[len(moving):len(moving) + 2]]
    files = {p: f"{Path(p).stem} contents\n" for p in sorted(moving + staying)}
    dest = f"{folder}/{sub}"
    prompt = b.phrase("reorganize", ext=ext, folder=folder, dest=dest)
    solution = [
        SolutionStep(b.lead(), (fs("list_directory", path=folder),)),
        SolutionStep("", (fs("create_directory", path=dest),)),
        SolutionStep("", tuple(fs("move_file", source=p, destination=f"{dest}/{Path(p).name}") for p in moving)),
        SolutionStep(f"Moved {len(moving)} {ext} files into {dest}; the other files stay in {folder}."),
    ]
    checks = [{"folder": dest}, *({"moved": p, "to": f"{dest}/{Path(p).name}"} for p in moving),
              {"others_unchanged": moving}]
    return _task(b, "reorganize", "reorganize", prompt, Workspace(files), checks, solution)


def moved_file(b: _Builder) -> AgenticTask:
    """The file is not where the user says: the read fails, a search finds it, the edit lands there."""
    v = b.vocab
    project, key, dialect = b.pick(v.projects), b.pick(v.keys), b.pick(DIALECTS)
    name = f"{b.pick(v.config_names)}{dialect[0]}"
    wrong, right = f"/{project}/{name}", f"/{project}/{b.pick(v.subfolders)}/{name}"
    text = _text(b.config_file(dialect, key, 2))
    files = {right: text, f"/{project}/README.md": f"# {project}\n"}
    old, new = dialect[1](key.name, key.old), dialect[1](key.name, key.new)
    prompt = b.phrase("moved_file", key=key.name, new=key.new, wrong=wrong)
    solution = [
        SolutionStep(b.lead(), (fs("read_text_file", path=wrong),)),
        SolutionStep(f"{wrong} does not exist; let me look for {name}.", (fs("search_files", path=f"/{project}", pattern=name),)),
        SolutionStep("", (fs("read_text_file", path=right),)),
        SolutionStep("", (fs("edit_file", path=right, edits=[{"oldText": old, "newText": new}]),)),
        SolutionStep(f"{wrong} does not exist: the file is {right}. Its {key.name} was {key.old} and is now {key.new}."),
    ]
    checks = [{"file": right, "contains": [new], "excludes": [old]}, {"absent": wrong}, {"others_unchanged": [right]}]
    return _task(b, "moved_file", "recover", prompt, Workspace(files), checks, solution)


def entity_name(b: _Builder) -> AgenticTask:
    """The user says a first name: the observation fails, a search finds the full name."""
    v, rng = b.vocab, b.rng
    members = list(zip(rng.sample(v.people, 3), rng.sample(v.roles, 3)))
    full, fact = members[0][0], b.pick(v.facts)
    first = full.split()[0]
    entities = [{"name": n, "entityType": "person", "observations": [r]} for n, r in members]
    rng.shuffle(entities)
    prompt = b.phrase("entity_name", first=first, fact=fact)
    solution = [
        SolutionStep(b.lead(), (mem("add_observations", observations=[{"entityName": first, "contents": [fact]}]),)),
        SolutionStep(f"There is no entity named {first}; let me search for it.", (mem("search_nodes", query=first),)),
        SolutionStep("", (mem("add_observations", observations=[{"entityName": full, "contents": [fact]}]),)),
        SolutionStep(f"{first} is the entity {full}; I added the observation that {first} {fact}."),
    ]
    checks = [{"entity": full, "observations": [fact]}, {"no_entity": first}]
    return _task(b, "entity_name", "recover", prompt, Workspace(entities=entities), checks, solution)


# One cycle of variants: every family equally often (reorganize has one variant, so twice).
CYCLE: tuple[Callable[[_Builder], AgenticTask], ...] = (
    fix_value, people, reorganize, moved_file, rename, team, reorganize, entity_name,
)


def agentic_tasks(n: int, seed: int, split: str) -> list[AgenticTask]:
    """`n` tasks, the variants in turn, reproducible from (n, seed, split)."""
    if split not in VOCAB:
        raise ValueError(f"split must be 'train' or 'eval', got {split!r}")
    b = _Builder(split, Random(f"mcp-tui/agentic/{split}/{seed}"))
    return [replace(CYCLE[k % len(CYCLE)](b), id=f"agentic-{split}-{seed}-{k:04d}") for k in range(n)]


def trajectories(tasks: list[AgenticTask]) -> list[Conversation]:
    """Each task's solution executed against the sandbox server (one server process, its
    folder reseeded per task) through the agent loop: training conversations whose tool
    results are real. SynthError when a solution does not pass its task's checks."""
    from mcp_tui.agent.checks import check_outcome
    from mcp_tui.agent.loop import AgentRun, run_agent
    from mcp_tui.agent.scripted import ScriptedPolicy
    from mcp_tui.agent.servers import ServerPool, sandbox_spec
    from mcp_tui.data.synth import SynthError
    from mcp_tui.tools.sandbox_server import Sandbox
    from mcp_tui.tools.xml_format import XmlMcpFormat

    fmt = XmlMcpFormat()  # any format: the conversation keeps calls as data, not as text
    out = []
    with tempfile.TemporaryDirectory(prefix="mcp-tui-synth-") as tmp, ServerPool([sandbox_spec(Path(tmp))]) as pool:
        sandbox = Sandbox(Path(tmp))
        for task in tasks:
            task.workspace.plant(sandbox)
            before = sandbox.snapshot()
            run = AgentRun(task.prompt, task.tools, fmt, task.max_steps, task_id=task.id)
            transcript = run_agent(run, ScriptedPolicy(task.solution, fmt), pool)
            failed = [c for c in check_outcome(task.checks, before, sandbox.snapshot(), transcript) if not c["ok"]]
            if failed:
                raise SynthError(f"task {task.id}: its solution fails the check {failed[0]['name']}: {failed[0]['reason']}")
            conv = task.to_conversation()
            conv.messages = run.conversation.messages
            conv.system = run.conversation.system
            del conv.metadata["solution"]
            out.append(conv)
    return out
