"""The tools in play for one task: which capabilities, under which servers and names.

A listing holds the target capabilities, siblings from the same domain (the same thing
with another operation, the same operation on another thing: the look-alikes that make
selection real), and tools from other domains, in a shuffled order. Servers are laid out
one of three ways: one generic server for everything (`tools`, as listings read from an
OpenAI-style `tools` array arrive), one specific server, or one server per domain. Sizes
vary from a single tool to a dozen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mcp_tui.data.conversation import Tool
from mcp_tui.data.universe import phrasebook as pb
from mcp_tui.data.universe.kit import Cap, Domain, Field
from mcp_tui.data.universe.naming import Naming, generic_server, pick_naming, pick_style, specific_server
from mcp_tui.data.universe.templates import Ctx, a_, cap, fill, join_words
from mcp_tui.data.universe.values import Group, Many, Obj

# How many tools a listing holds, and how often (weights).
SIZES = (1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12)
SIZE_WEIGHTS = (6, 9, 13, 14, 14, 12, 10, 8, 6, 5, 3)


@dataclass(frozen=True)
class Placed:
    """A capability as listed: its server, its names, its tool."""

    cap: Cap
    domain: Domain
    naming: Naming
    tool: Tool

    def param(self, f: Field) -> str:
        return self.naming.param(f.name)

    def value(self, v: Any) -> Any:
        """A value with nested objects' keys styled like the parameters."""
        if isinstance(v, Obj):
            return {self.naming.param(k): self.value(x) for k, x in v.items()}
        if isinstance(v, list):
            return [self.value(x) for x in v]
        return v


def _styled_schema(kind: Any, naming: Naming) -> dict[str, Any]:
    if isinstance(kind, Group):
        props = {}
        for name, part in kind.parts:
            props[naming.param(name)] = _styled_schema(part, naming)
            if part.hint():
                props[naming.param(name)]["description"] = part.hint()
        return {"type": "object", "properties": props, "required": [naming.param(n) for n, _ in kind.parts]}
    if isinstance(kind, Many):
        return {"type": "array", "items": _styled_schema(kind.inner, naming)}
    return kind.schema()


def param_schema(ctx: Ctx, f: Field, naming: Naming, optional: bool) -> dict[str, Any]:
    """A parameter's JSON schema: type (enums, arrays, nested objects), description with
    the unit or format it needs, and its default when it has one."""
    schema = _styled_schema(f.kind, naming)
    hint = f.kind.hint()
    desc = f.desc or (cap(f.words) if hint or ctx.chance(0.7) else "")
    if hint:
        desc = f"{desc} {hint}" if desc else cap(hint)
    if desc:
        schema = {"type": schema.pop("type"), "description": desc, **schema}
    if optional and f.default is not None:
        schema["default"] = f.default
    return schema


def describe(ctx: Ctx, c: Cap) -> str:
    """The tool's description: the capability's own, or one made from its operation."""
    if c.desc:
        return c.desc
    template = pb.DESCRIPTIONS[c.op].pick(ctx)
    key = c.required[0].words if c.required else "id"
    params = join_words([f.words for f in c.fields][:3]) or "any field"
    return fill(template, things=c.things, thing=c.thing, a_thing=a_(c.thing) if c.thing else "", verb=c.verb, Verb=cap(c.verb), key=key, params=params,
                need=c.need, Need=cap(c.need))


def make_tool(ctx: Ctx, c: Cap, naming: Naming, server: str, d: Domain) -> Tool:
    props = {naming.param(f.name): param_schema(ctx, f, naming, f in c.optional) for f in c.fields}
    schema: dict[str, Any] = {"type": "object", "properties": props}
    if c.required:
        schema["required"] = [naming.param(f.name) for f in c.required]
    return Tool(server, naming.tool(c, d), describe(ctx, c), schema)


def siblings(ctx: Ctx, d: Domain, targets: list[Cap], n: int, exclude_families: set[str]) -> list[Cap]:
    """Up to `n` other capabilities of the domain, look-alikes first (same thing or same
    operation as a target), none of a family in `exclude_families`."""
    taken = {c.key for c in targets}
    pool = [c for c in d.caps if c.key not in taken and c.family not in exclude_families]
    close = [c for c in pool if any((c.thing and c.thing == t.thing) or (c.op and c.op == t.op) or c.verb == t.verb
                                    for t in targets)]
    out: list[Cap] = []
    for _ in range(n):
        source = [c for c in (close if close and ctx.chance(0.7) else pool) if c not in out] or [
            c for c in pool if c not in out]
        if not source:
            break
        out.append(ctx.choice(source))
    return out


def others(ctx: Ctx, world: list[Domain], near: list[Domain], n: int) -> list[tuple[Cap, Domain]]:
    """`n` capabilities of other domains (at most three), none related to a domain in `near`."""
    avoid = {d.name for d in near} | {r for d in near for r in d.related}
    domains = [d for d in world if d.name not in avoid and not set(d.related) & {x.name for x in near}]
    picked = [ctx.choice(domains) for _ in range(min(3, n))] if domains and n else []
    return [(ctx.choice(d.caps), d) for d in (picked[k % len(picked)] for k in range(n))] if picked else []


def layout(ctx: Ctx, entries: list[tuple[Cap, Domain]], generic: float = 0.45) -> list[Placed]:
    """Servers and names for the capabilities, deduplicating names within a server.
    Earlier entries win a name clash (targets come first)."""
    mode = "generic" if ctx.chance(generic) else ctx.choice(("one", "per-domain", "per-domain"))
    domains = list(dict.fromkeys(d.name for _, d in entries))
    first = next(d for _, d in entries)
    server_of = {name: generic_server(ctx) for name in domains[:1]} if mode == "generic" else {}
    if mode == "generic":
        server_of = {name: server_of[domains[0]] for name in domains}
    elif mode == "one":
        server_of = {name: specific_server(ctx, first) for name in domains}
    else:
        by_name = {d.name: d for _, d in entries}
        server_of = {name: specific_server(ctx, by_name[name]) for name in domains}
        while len(set(server_of.values())) < len(server_of):  # two domains drew one name
            server_of = {name: f"{server_of[name]}-{k}" if k else server_of[name] for k, name in enumerate(domains)}
    shared = pick_style(ctx)
    one_style = mode != "per-domain" and ctx.chance(0.7)
    naming_of = {name: pick_naming(ctx, shared if one_style else None) for name in domains}
    placed: list[Placed] = []
    seen: set[tuple[str, str]] = set()
    for c, d in entries:
        naming = naming_of[d.name]
        tool = make_tool(ctx, c, naming, server_of[d.name], d)
        if (tool.server, tool.name) in seen:
            continue
        seen.add((tool.server, tool.name))
        placed.append(Placed(c, d, naming, tool))
    return placed


def listing_size(ctx: Ctx, least: int) -> int:
    return max(least, ctx.rng.choices(SIZES, weights=SIZE_WEIGHTS)[0])


def build_listing(ctx: Ctx, world: list[Domain], targets: list[tuple[Cap, Domain]], *, size: int | None = None,
                  same_share: float = 0.65, exclude_families: set[str] = frozenset(),
                  include_targets: bool = True) -> tuple[list[Tool], dict[str, Placed]]:
    """The tools of a task, and how each target capability was placed (by its key).
    With `include_targets=False` the targets are left out (a near miss: their siblings stay)."""
    size = size or listing_size(ctx, len(targets) if include_targets else 1)
    free = size - (len(targets) if include_targets else 0)
    domain = targets[0][1]
    n_same = round(free * same_share) if free > 0 else 0
    caps = [c for c, _ in targets]
    families = set(exclude_families)
    same = siblings(ctx, domain, caps, n_same, families)
    rest = others(ctx, world, [d for _, d in targets], max(0, free - len(same)))
    entries = (list(targets) if include_targets else []) + [(c, domain) for c in same] + rest
    if not entries:
        entries = rest or [(c, domain) for c in siblings(ctx, domain, caps, 1, families)]
    placed = layout(ctx, entries)
    ctx.rng.shuffle(placed)
    by_key = {p.cap.key: p for p in placed}
    if include_targets and any(c.key not in by_key for c, _ in targets):
        raise LookupError("a target lost its name to a clash")
    return [p.tool for p in placed], by_key
