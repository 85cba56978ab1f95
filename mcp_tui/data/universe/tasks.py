"""Tasks in the five evaluation categories, built from the universe's domains.

- tool_selection: one call among look-alike tools of the same domain;
- parameter_formatting: one call whose values must be converted from how people say
  them (units, spelled-out numbers, relative dates, enum words, lists, nested objects,
  optional parameters);
- completeness: two or three calls (the same tool with other values, or two tools);
- error_handling: a call came back with an error: a corrected call when the error says
  what to fix, an explanation when nothing can fix it;
- no_tool: no call is right. Near misses (the domain's tools, but not the one asked for),
  requests no connected tool serves, questions to answer from knowledge, chit-chat, and
  requests that lack a required value, whose right answer asks for it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mcp_tui.data.conversation import Conversation, Message, ToolCall
from mcp_tui.data.universe import phrasebook as pb
from mcp_tui.data.universe.kit import Cap, Domain
from mcp_tui.data.universe.naming import GENERIC_SERVERS
from mcp_tui.data.universe.listing import Placed, build_listing, listing_size, make_tool
from mcp_tui.data.universe.requests import (
    Request, call_of, choose_fields, clause, draw, is_rich, opening_turns, system_text, wrap,
)  # fmt: skip
from mcp_tui.data.universe.templates import Ctx, cap, fill, join_words
from mcp_tui.data.universe.values import Flag

# Shares of the no-tool shapes.
NO_TOOL_SHAPES = (("near_miss", 35), ("unrelated", 15), ("knowledge", 18), ("chat", 10), ("missing_value", 22))


class Retry(Exception):
    """This draw cannot make the task (no capability fits); draw again."""


def _meta(ctx: Ctx, shape: str, placed: list[Placed] | dict[str, Placed], domain: Domain) -> dict[str, Any]:
    items = list(placed.values()) if isinstance(placed, dict) else placed
    styles = sorted({p.naming.style.name for p in items})
    return {"split": ctx.split, "source": "universe", "domain": domain.name, "shape": shape, "styles": styles}


def _lead(ctx: Ctx) -> str:
    return ctx.choice(pb.LEADS)


def _pick_cap(ctx: Ctx, d: Domain, ok: Callable[[Cap], bool] = lambda c: True) -> Cap:
    caps = [c for c in d.caps if ok(c)]
    if not caps:
        raise Retry
    return ctx.choice(caps)


def _call_task(ctx: Ctx, world: list[Domain], d: Domain, category: str, rich: bool) -> Conversation:
    c = _pick_cap(ctx, d, (lambda c: any(is_rich(f) for f in c.fields) or bool(c.optional)) if rich else
                  (lambda c: True))
    fields = choose_fields(ctx, c, rich)
    if rich and not any(is_rich(f) or f in c.optional for f in fields):
        raise Retry
    req = draw(ctx, c, fields)
    size = listing_size(ctx, 3 if category == "tool_selection" else 1)
    tools, placed = build_listing(ctx, world, [(c, d)], size=size, same_share=0.8 if not rich else 0.6)
    text, whole = clause(ctx, req)
    turns, system = opening_turns(ctx, [req], wrap(ctx, text, whole))
    call, expected = call_of(placed[c.key], req)
    return Conversation(turns + [Message("assistant", _lead(ctx), [call])], tools, category=category,
                        expected_calls=[expected], system=system, metadata=_meta(ctx, "call", placed, d))


def tool_selection(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    return _call_task(ctx, world, d, "tool_selection", rich=False)


def parameter_formatting(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    return _call_task(ctx, world, d, "parameter_formatting", rich=True)


def completeness(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    """Two or three calls: the same tool with other values, or different tools."""
    same = ctx.chance(0.45)
    n = 3 if ctx.chance(0.2) else 2
    first = _pick_cap(ctx, d, lambda c: bool(c.required)) if same else _pick_cap(ctx, d)
    if same:
        caps = [(first, d)] * n
    else:
        pool = [(c, d) for c in d.caps if c.key != first.key]
        if ctx.chance(0.4):
            pool = [(c, o) for o in world if o.name != d.name for c in o.caps]
        caps = [(first, d)] + [ctx.choice(pool) for _ in range(n - 1)]
        if len({c.key for c, _ in caps}) < n:
            raise Retry
    reqs = []
    for c, _ in caps:
        for _ in range(20):
            r = draw(ctx, c, choose_fields(ctx, c, rich=ctx.chance(0.3)), imply=0.0)
            values = {k: s.value for k, s in r.said.items()}
            if all(r.cap.key != o.cap.key or values != {k: s.value for k, s in o.said.items()} for o in reqs):
                break
        else:
            raise Retry
        reqs.append(r)
    unique = list({c.key: (c, o) for c, o in caps}.values())
    tools, placed = build_listing(ctx, world, unique, size=listing_size(ctx, len(unique) + 1))
    clauses = [clause(ctx, r, asks_ok=False)[0] for r in reqs]
    slots = {f"c{k + 1}": t for k, t in enumerate(clauses)} | {f"C{k + 1}": cap(t) for k, t in enumerate(clauses)}
    text = fill((pb.JOIN_THREE if n == 3 else pb.JOIN_TWO).pick(ctx), **slots)
    calls, expected = zip(*(call_of(placed[r.cap.key], r) for r in reqs))
    turns, system = opening_turns(ctx, reqs, text)
    return Conversation(turns + [Message("assistant", _lead(ctx), list(calls))], tools, category="completeness",
                        expected_calls=list(expected), system=system, metadata=_meta(ctx, "same" if same else "pair",
                                                                                     placed, d))


def error_handling(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    """A failed call, its error, and the answer: the corrected call, or an explanation."""
    fixable = ctx.chance(0.62)
    c = _pick_cap(ctx, d, lambda c: bool(c.required))
    req = draw(ctx, c, choose_fields(ctx, c, rich=ctx.chance(0.5)), imply=0.0)
    tools, placed = build_listing(ctx, world, [(c, d)])
    p = placed[c.key]
    good, expected = call_of(p, req)
    if fixable:
        failed, error, param = _slipped(ctx, p, req, good)
        lead_t = pb.MISSING_LEAD if len(failed.arguments) < len(good.arguments) else pb.RECOVERY_LEAD
        lead = fill(lead_t.pick(ctx), param=param)
        final = Message("assistant", lead, [good])
        expected_calls, reference, shape = [expected], None, "fix"
    else:
        failed = good
        error, answer, shape = _outage(ctx, p, req)
        final = Message("assistant", answer)
        expected_calls, reference = [], answer
    text, whole = clause(ctx, req)
    turns, system = opening_turns(ctx, [req], wrap(ctx, text, whole))
    turns += [Message("assistant", _lead(ctx), [failed]), Message("tool", error, is_error=True), final]
    meta = _meta(ctx, shape, placed, d)
    if fixable:
        meta["train_on"] = "final"  # the failed call is a mistake: learn the correction, not the mistake
    return Conversation(turns, tools, category="error_handling", expected_calls=expected_calls, reference=reference,
                        system=system, metadata=meta)


def _slipped(ctx: Ctx, p: Placed, req: Request, good: ToolCall) -> tuple[ToolCall, str, str]:
    """The failed call: one value in a wrong form (or a required one left out), and the error."""
    fields = [f for f in req.fields() if f.name not in req.implied]
    slips = [(f, s) for f in fields if (s := f.kind.slip(ctx, req.said[f.name])) is not None]
    required = [f for f in fields if f in p.cap.required]
    if slips and (ctx.chance(0.75) or len(required) < 2):
        f, slip = ctx.choice(slips)
        name = p.param(f)
        if slip.words is not None:
            req.words[f.name] = slip.words
        args = {**good.arguments, name: slip.value}
        error = fill(pb.SLIP_WRAP.pick(ctx), e=slip.error.replace("{param}", name))
        return ToolCall(good.server, good.tool, args), error, name
    if len(required) < 2:
        raise Retry
    f = ctx.choice(required)
    name = p.param(f)
    args = {k: v for k, v in good.arguments.items() if k != name}
    return ToolCall(good.server, good.tool, args), fill(pb.MISSING_PARAM.pick(ctx), param=name), name


def _outage(ctx: Ctx, p: Placed, req: Request) -> tuple[str, str, str]:
    """(error, explanation, shape) of a failure no other call can fix."""
    c = p.cap
    server = "the service" if p.tool.server in GENERIC_SERVERS else p.tool.server
    slots = {"server": server, "Server": cap(server), "tool": p.tool.name, "need": c.need}
    if c.op in ("get", "update", "delete") and ctx.chance(0.35):
        key = c.required[0]
        slots |= {"thing": c.thing, "Thing": cap(c.thing), "label": key.words, "value": req.said[key.name].value}
        error_t, answer_t = pb.NOT_FOUND
        return fill(error_t.pick(ctx), **slots), fill(answer_t.pick(ctx), **slots), "not_found"
    kind = ctx.choice(sorted(pb.OUTAGES))
    error_t, answer_t = pb.OUTAGES[kind]
    return fill(error_t.pick(ctx), **slots), fill(answer_t.pick(ctx), **slots), kind


# ------------------------------------------------------------------------------ no tool


def no_tool(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    shape = ctx.rng.choices([s for s, _ in NO_TOOL_SHAPES], weights=[w for _, w in NO_TOOL_SHAPES])[0]
    return NO_TOOL_MAKERS[shape](ctx, world, d)


def _can(ctx: Ctx, placed: list[Placed]) -> str:
    needs = list(dict.fromkeys(p.cap.need for p in placed))
    ctx.rng.shuffle(needs)
    return join_words(needs[:3])


def _plain(ctx: Ctx, turns: list[Message], answer: str, tools: list[Any], system: str, shape: str,
           placed: list[Placed], d: Domain) -> Conversation:
    return Conversation(turns + [Message("assistant", answer)], tools, category="no_tool", reference=answer,
                        system=system, metadata=_meta(ctx, shape, placed, d))


def _unserved(ctx: Ctx, world: list[Domain], d: Domain, near: bool) -> Conversation:
    """A request for a capability that is not listed: beside its own domain's other
    tools (a near miss), or beside unrelated domains' tools only."""
    return _unserved_parts(ctx, world, d, near)[0]


def _unserved_parts(ctx: Ctx, world: list[Domain], d: Domain,
                    near: bool) -> tuple[Conversation, Request, list[Message], list[Placed]]:
    """The no-tool task of `_unserved`, with its request, user turns and listing (what
    its contrastive twin is made from)."""
    c = _pick_cap(ctx, d)
    req = draw(ctx, c, choose_fields(ctx, c, rich=ctx.chance(0.4)))
    exclude = {c.family}
    if near:
        tools, placed = build_listing(ctx, world, [(c, d)], size=listing_size(ctx, 2), same_share=0.85,
                                      exclude_families=exclude, include_targets=False)
        if not any(p.domain.name == d.name for p in placed.values()):
            raise Retry
    else:
        far = [o for o in world if o.name != d.name and o.name not in d.related and d.name not in o.related]
        other = ctx.choice(far)
        tools, placed = build_listing(ctx, far, [(ctx.choice(other.caps), other)], size=listing_size(ctx, 1),
                                      same_share=0.5)
    if any(p.cap.need == c.need for p in placed.values()):
        raise Retry
    text, whole = clause(ctx, req)
    turns, system = opening_turns(ctx, [req], wrap(ctx, text, whole))
    template = (pb.NEAR_MISS if near else pb.UNRELATED).pick(ctx)
    answer = fill(template, need=c.need, can=_can(ctx, list(placed.values())))
    listed = list(placed.values())
    conv = _plain(ctx, turns, answer, tools, system, "near_miss" if near else "unrelated", listed, d)
    return conv, req, turns, listed


def _knowledge(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    if not d.questions:
        raise Retry
    question, answer = ctx.choice(d.questions)
    tools, placed = build_listing(ctx, world, [(ctx.choice(d.caps), d)], same_share=0.7)
    return _plain(ctx, [Message("user", question)], answer, tools, system_text(ctx, []), "knowledge",
                  list(placed.values()), d)


def _chat(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    said = pb.CHAT.pick(ctx)
    kind = pb.CHAT_KINDS[said]
    tools, placed = build_listing(ctx, world, [(ctx.choice(d.caps), d)], size=listing_size(ctx, 2))
    answer = fill(pb.CHAT_ANSWERS[kind].pick(ctx), can=_can(ctx, list(placed.values())))
    text = cap(said) if ctx.chance(0.5) else said
    return _plain(ctx, [Message("user", text)], answer, tools, system_text(ctx, []), f"chat_{kind}",
                  list(placed.values()), d)


def _missing_value(ctx: Ctx, world: list[Domain], d: Domain) -> Conversation:
    """The right tool is listed, but the request leaves out a value it requires and
    nothing implies it: the right answer asks for it."""
    return _missing_value_parts(ctx, world, d)[0]


def _askable(c: Cap) -> list[Any]:
    """Required fields a request can leave out and still read well: not the key of a
    generic operation, not a flag, not one every frame names."""
    key = c.required[0] if c.op in ("get", "update", "delete") else None
    frames = c.frames + c.asks
    return [f for f in c.required if f is not key and not isinstance(f.kind, Flag)
            and (not frames or any("{" + f.slot + "}" not in fr for fr in frames))]


def _missing_value_parts(ctx: Ctx, world: list[Domain],
                         d: Domain) -> tuple[Conversation, Request, Any, dict[str, Placed]]:
    """The task of `_missing_value`, with its request, the left-out field and the listing."""
    c = _pick_cap(ctx, d, lambda c: bool(_askable(c)))
    missing = ctx.choice(_askable(c))
    fields = [f for f in choose_fields(ctx, c, rich=ctx.chance(0.3)) if f is not missing]
    req = draw(ctx, c, fields, imply=0.0)
    tools, placed = build_listing(ctx, world, [(c, d)], size=listing_size(ctx, 1), exclude_families={c.family})
    text, whole = clause(ctx, req)
    turns, system = opening_turns(ctx, [req], wrap(ctx, text, whole))
    question = missing.question
    answer = fill(pb.ASK_MISSING.pick(ctx), need=c.need, question=question, Question=cap(question))
    conv = _plain(ctx, turns, answer, tools, system, "missing_value", list(placed.values()), d)
    return conv, req, missing, placed


def near_miss_pair(ctx: Ctx, world: list[Domain], d: Domain) -> tuple[Conversation, Conversation]:
    """A near miss and its twin: the same request and listing with the tool it asks for
    put among the look-alikes, answered by calling it. Trained on near misses alone, the
    demo learned "look-alike tools: refuse" and refused 36 of 60 foreign selection tasks
    whose tool was listed; a minimal pair leaves only the tool's presence to tell them apart."""
    negative, req, turns, listed = _unserved_parts(ctx, world, d, near=True)
    sibling = ctx.choice([p for p in listed if p.domain.name == d.name])
    tool = make_tool(ctx, req.cap, sibling.naming, sibling.tool.server, d)
    if negative.tool(tool.server, tool.name):
        raise Retry
    target = Placed(req.cap, d, sibling.naming, tool)
    tools = list(negative.tools)
    tools.insert(ctx.rng.randrange(len(tools) + 1), tool)
    call, expected = call_of(target, req)
    positive = Conversation(turns + [Message("assistant", _lead(ctx), [call])], tools, category="tool_selection",
                            expected_calls=[expected], system=negative.system,
                            metadata=_meta(ctx, "near_miss_twin", [*listed, target], d))
    return negative, positive


def missing_value_pair(ctx: Ctx, world: list[Domain], d: Domain) -> tuple[Conversation, Conversation]:
    """A request missing a required value and its twin that states it, answered by the
    call: asking is right only when the value is really absent."""
    negative, req, missing, placed = _missing_value_parts(ctx, world, d)
    full = draw(ctx, req.cap, [f for f in req.cap.fields if f.name in req.said or f is missing], imply=0.0)
    text, whole = clause(ctx, full)
    turns, system = opening_turns(ctx, [full], wrap(ctx, text, whole))
    call, expected = call_of(placed[req.cap.key], full)
    positive = Conversation(turns + [Message("assistant", _lead(ctx), [call])], negative.tools,
                            category="tool_selection", expected_calls=[expected], system=system,
                            metadata=_meta(ctx, "missing_value_twin", placed, d))
    return negative, positive


NO_TOOL_MAKERS: dict[str, Callable[[Ctx, list[Domain], Domain], Conversation]] = {
    "near_miss": lambda ctx, w, d: _unserved(ctx, w, d, near=True),
    "unrelated": lambda ctx, w, d: _unserved(ctx, w, d, near=False),
    "knowledge": _knowledge,
    "chat": _chat,
    "missing_value": _missing_value,
}

MAKERS: dict[str, Callable[[Ctx, list[Domain], Domain], Conversation]] = {
    "tool_selection": tool_selection,
    "parameter_formatting": parameter_formatting,
    "completeness": completeness,
    "error_handling": error_handling,
    "no_tool": no_tool,
}

# The hard-negative shapes that have a contrastive twin.
PAIR_MAKERS: dict[str, Callable[[Ctx, list[Domain], Domain], tuple[Conversation, Conversation]]] = {
    "near_miss": near_miss_pair,
    "missing_value": missing_value_pair,
}
