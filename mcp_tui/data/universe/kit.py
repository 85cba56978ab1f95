"""The parts a domain is written in: fields (parameters), capabilities (tools, before a
naming style and a server are chosen) and domains.

A capability says what a tool does (`need`, in words for answers that say what the
tools can and cannot do), its required and optional fields, and how people ask for it:
its own request frames, or, for the generic operations on a resource (search, get, list,
create, update, delete), the shared frames of `ops`. `resource` makes those operations
for one kind of thing in a few lines, which is how a domain reaches thirty tools without
hand-writing them. A `family` groups capabilities that could stand in for one another
(reading a booking by id or by search), so a no-tool task never offers a member of the
target's family as a near miss.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp_tui.data.universe.templates import a_
from mcp_tui.data.universe.values import Choice, Kind


@dataclass(frozen=True)
class Field:
    """One parameter: plain-word name (the listing styles it), kind, and how requests say it.

    `say` holds fragments with `{v}` for the value's words ("in {v}", "for {v} guests");
    `label` is what a person calls it ("number of guests"); `ask` the question when it is
    missing ("how many guests"); `default` makes an optional field's schema default;
    `implied` = (a fact sentence with `{v}` for the system text or an earlier turn, and
    fragments that then stand for the value: "near me")."""

    name: str
    kind: Kind
    say: tuple[str, ...] = ("{v}",)
    desc: str = ""
    label: str = ""
    ask: str = ""
    default: Any = None
    implied: tuple[str, tuple[str, ...]] | None = None

    @property
    def slot(self) -> str:
        return self.name.replace(" ", "_")

    @property
    def words(self) -> str:
        return self.label or self.name

    @property
    def question(self) -> str:
        return self.ask or f"what {self.words}"


def F(name: str, kind: Kind, *say: str, **kw: Any) -> Field:
    """A field; the fragments default to the bare value."""
    return Field(name, kind, tuple(say) or ("{v}",), **kw)


@dataclass(frozen=True)
class Cap:
    """A capability: one tool before naming. `frames` are request clauses (imperative,
    lowercase) that may name fields by slot (`{city}`) and `{args}` for the fragments of
    the rest; `asks` are whole-sentence requests. Without frames, the generic frames of
    `op` apply, with `thing`/`things` as the object."""

    domain: str
    verb: str
    noun: str
    need: str
    required: tuple[Field, ...] = ()
    optional: tuple[Field, ...] = ()
    frames: tuple[str, ...] = ()
    asks: tuple[str, ...] = ()
    op: str = ""
    family: str = ""
    desc: str = ""
    thing: str = ""
    things: str = ""

    @property
    def key(self) -> str:
        return f"{self.domain}/{self.verb} {self.noun}"

    @property
    def fields(self) -> tuple[Field, ...]:
        return self.required + self.optional


def cap(domain: str, name: str, need: str, required: tuple[Field, ...] | list[Field] = (),
        optional: tuple[Field, ...] | list[Field] = (), frames: tuple[str, ...] | list[str] = (),
        asks: tuple[str, ...] | list[str] = (), family: str = "", desc: str = "") -> Cap:
    """A hand-written capability. `name` is its plain words, verb first ("convert currency")."""
    verb, _, noun = name.partition(" ")
    return Cap(domain, verb, noun, need, tuple(required), tuple(optional), tuple(frames), tuple(asks),
               family=family or f"{domain}/{name}", desc=desc)


DEFAULT_VERBS = {"search": "search", "get": "get", "list": "list", "create": "create", "update": "update",
                 "delete": "delete", "count": "count", "export": "export"}  # fmt: skip
NEEDS = {"search": "search for {things}", "get": "look up {a_thing} by its {key}", "list": "list {things}",
         "create": "{verb} {a_thing}", "update": "change an existing {thing}", "delete": "{verb} {a_thing}",
         "count": "count {things}", "export": "export {things} to a file"}  # fmt: skip
READS = ("search", "get", "list", "count", "export")  # the other operations write
EXPORT_FORMAT = Field("format", Choice((("csv", "as CSV", "to a CSV file"), ("json", "as JSON"),
                                        ("xlsx", "as an Excel file", "to Excel"))), ("{v}",), ask="which file format")


def resource(domain: str, thing: str, things: str, key: Field, *, filters: list[Field] = (),
             fields: list[Field] = (), ops: str = "search get create update delete", verbs: dict[str, str] | None = None,
             search_required: int = 1, create_required: int = 1, extra: list[Field] = ()) -> list[Cap]:
    """The generic operations on one kind of thing. `filters` are search parameters (the
    first `search_required` required); `fields` are what create sets (the first
    `create_required` required) and update may change; `extra` are optional list/search
    parameters (limit, sort). `verbs` renames operations ("create": "book"). A resource
    that can be searched or listed can also be counted and exported."""
    verbs = {**DEFAULT_VERBS, **(verbs or {})}
    if "search" in ops.split() or "list" in ops.split():
        ops += " count export"
    noun_words = {"search": things, "get": thing, "list": things, "create": thing, "update": thing, "delete": thing,
                  "count": things, "export": things}
    params: dict[str, tuple[tuple[Field, ...], tuple[Field, ...]]] = {
        "search": (tuple(filters[:search_required]), tuple(filters[search_required:]) + tuple(extra)),
        "get": ((key,), ()),
        "list": ((), tuple(extra) + tuple(filters[search_required:])),
        "create": (tuple(fields[:create_required]), tuple(fields[create_required:])),
        "update": ((key,), tuple(fields)),
        "delete": ((key,), ()),
        "count": ((), tuple(filters)),
        "export": ((EXPORT_FORMAT,), tuple(filters[:2])),
    }
    out = []
    for op in ops.split():
        required, optional = params[op]
        family = f"{domain}/{thing}:{'read' if op in READS else 'write'}"
        need = NEEDS[op].format(thing=thing, a_thing=a_(thing), things=things, verb=verbs[op], key=key.words)
        out.append(Cap(domain, verbs[op], noun_words[op], need, required, optional, op=op, family=family,
                       thing=thing, things=things))
    return out


@dataclass(frozen=True)
class Domain:
    """A field of tools: its capabilities, the names its servers go by, the word its
    `Service_N_Tool` names start with, and questions about it answered without tools.
    `related` names domains whose tools could serve some of its requests: listings never
    put them beside it, so a tool from another domain is never a hidden right answer."""

    name: str
    service: str
    servers: tuple[str, ...]
    caps: tuple[Cap, ...]
    questions: tuple[tuple[str, str], ...] = ()
    vendors: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # domains whose tools could serve some of this one's requests

    def __post_init__(self) -> None:
        keys = [c.key for c in self.caps]
        if len(set(keys)) != len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise ValueError(f"domain {self.name!r}: capability {dup!r} defined twice")
        if any(c.domain != self.name for c in self.caps):
            raise ValueError(f"domain {self.name!r}: a capability names another domain")
