"""What users ask of the memory server, and how its calls fail."""

from __future__ import annotations

from random import Random

from mcp_tui.data.phrasings import OBSERVATIONS, PEOPLE, RELATIONS, Draft, intent, pick, quoted, sample


@intent("memory", "create_entities", (
    "remember that {name} is a {etype}: {obs}", "store {name} ({etype}) in memory with the notes {obs}",
    "add {name} to the knowledge graph as a {etype}, noting {obs}", "create a {etype} entity {name} with observations {obs}",
), ("Keep in mind: {name} is a {etype}. Facts: {obs}.",))  # fmt: skip
def entity(rng: Random) -> Draft:
    name, etype, obs = pick(rng, PEOPLE)
    return Draft({"entities": [{"name": name, "entityType": etype, "observations": obs}]},
                 {"name": name, "etype": etype, "obs": quoted([f'"{o}"' for o in obs])})


@intent("memory", "create_relations", (
    "record that {a} {rel} {b}", "add a relation: {a} {rel} {b}", "link {a} to {b} with the relation \"{rel}\"",
    "save in the knowledge graph that {a} {rel} {b}",
), ("Note the relationship: {a} {rel} {b}.",))  # fmt: skip
def relation(rng: Random) -> Draft:
    a, b, rel = pick(rng, RELATIONS)
    return Draft({"relations": [{"from": a, "to": b, "relationType": rel}]}, {"a": a, "b": b, "rel": rel})


@intent("memory", "add_observations", (
    "add to {name}'s notes: {obs}", "record about {name} that {obs}", "update {name} in memory with {obs}",
    "append the observations {obs} to {name}",
), ("New facts about {name}: {obs}.",))  # fmt: skip
def observe(rng: Random) -> Draft:
    name, obs = pick(rng, OBSERVATIONS)
    return Draft({"observations": [{"entityName": name, "contents": obs}]},
                 {"name": name, "obs": quoted([f'"{o}"' for o in obs])})


@intent("memory", "delete_entities", (
    "forget {names}", "delete {names} from memory", "remove the entities {names} from the knowledge graph",
    "drop {names} and their relations from memory",
), ("Please erase everything you remember about {names}.",))  # fmt: skip
def forget(rng: Random) -> Draft:
    names = [p[0] for p in sample(rng, PEOPLE, rng.choice([1, 2]))]
    return Draft({"entityNames": names}, {"names": quoted(names)})


@intent("memory", "read_graph", (
    "show everything in the knowledge graph", "dump the whole memory graph", "read the entire knowledge graph",
    "list all entities and relations you've stored",
), ("What do you have stored in memory?", "Show me your whole memory."))  # fmt: skip
def graph(rng: Random) -> Draft:
    return Draft({}, {})


@intent("memory", "search_nodes", (
    "search memory for \"{q}\"", "look up \"{q}\" in the knowledge graph", "find stored nodes matching \"{q}\"",
    "check what you remember about \"{q}\"",
), ("Do you have anything in memory on \"{q}\"?",))  # fmt: skip
def search_nodes(rng: Random) -> Draft:
    q = pick(rng, ["payments", "Berlin", "on-call", "Atlas", "Go", "renewal"])
    return Draft({"query": q}, {"q": q})


@intent("memory", "open_nodes", (
    "open the memory nodes {names}", "pull up the entities {names}", "show the stored details for {names}",
    "retrieve the nodes {names} from the knowledge graph",
), ("What exactly is stored under {names}?",))  # fmt: skip
def open_nodes(rng: Random) -> Draft:
    names = [p[0] for p in sample(rng, PEOPLE, rng.choice([1, 2]))]
    return Draft({"names": names}, {"names": quoted(names)})


# Errors no call can fix (see the package docstring).
OUTAGES: dict[str, list[tuple[str, str]]] = {
    "memory": [("Error: EROFS: read-only file system, open '/data/memory.json'",
                "The memory server can't save: its storage file /data/memory.json is on a read-only file system. "
                "Point MEMORY_FILE_PATH at a writable location and restart the server.")],
}
