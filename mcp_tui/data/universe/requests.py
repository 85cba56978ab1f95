"""One call's request: which values it carries, how the user says them, and the call
and accepted values that make a right answer."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from mcp_tui.data.conversation import ExpectedCall, Message, ToolCall
from mcp_tui.data.universe import phrasebook as pb
from mcp_tui.data.universe.kit import Cap, Field
from mcp_tui.data.universe.listing import Placed
from mcp_tui.data.universe.templates import Ctx, a_, cap, fill, join_words
from mcp_tui.data.universe.values import (
    MONTHS, WEEKDAYS, Choice, Clock, Count, Day, Decimal, Flag, Group, Many, Measure, Money, Percent, Said, When, ordinal,
)  # fmt: skip

# Kinds whose words differ from their value: what parameter formatting tasks stress.
RICH = (Measure, Money, Percent, Day, When, Clock, Choice, Flag, Many, Group, Count, Decimal)


@dataclass
class Request:
    """The values of one call and how the request states them."""

    cap: Cap
    said: dict[str, Said]
    implied: dict[str, str] = field(default_factory=dict)
    facts: list[str] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # replaced words (a slip the user made)

    def fields(self) -> list[Field]:
        return [f for f in self.cap.fields if f.name in self.said]


def is_rich(f: Field) -> bool:
    return isinstance(f.kind, RICH)


def choose_fields(ctx: Ctx, c: Cap, rich: bool) -> list[Field]:
    """Every required field, and optional ones: a few (rich tasks) or rarely one; an
    update always changes something."""
    optional = list(c.optional)
    ctx.rng.shuffle(optional)
    if c.op == "update":  # a flag's words ("with breakfast") do not read as a change
        optional = [f for f in optional if not isinstance(f.kind, Flag)]
        return list(c.required) + optional[: ctx.rng.randint(1, min(2, len(optional)))]
    if rich:
        optional.sort(key=lambda f: not is_rich(f))
        k = ctx.rng.randint(1, min(3, len(optional))) if optional else 0
    else:
        k = 1 if optional and ctx.chance(0.2) else 0
    return list(c.required) + optional[:k]


def draw(ctx: Ctx, c: Cap, fields: list[Field], imply: float = 0.12) -> Request:
    """Values for `fields`; a field that can be implied by context sometimes is."""
    req = Request(c, {})
    for f in fields:  # two fields of one kind (from, to) get different values
        for _ in range(10):
            req.said[f.name] = f.kind.say(ctx)
            if not any(g.kind is f.kind and req.said[g.name].value == req.said[f.name].value
                       for g in fields if g.name in req.said and g is not f):
                break
    for f in fields:
        if f.implied and ctx.chance(imply) and not req.implied:
            fact, fragments = f.implied
            req.implied[f.name] = ctx.choice(fragments)
            req.facts.append(fill(fact, v=req.said[f.name].value))
    return req


def _words(req: Request, f: Field, bare: bool = False) -> str:
    """How the request says a field's value (a slip's words when the user made one)."""
    if f.name in req.words:
        return req.words[f.name]
    said = req.said[f.name]
    return said.plain if bare else said.words


def _fragment(ctx: Ctx, req: Request, f: Field) -> str:
    """A fragment carrying the value: `{v}` stands alone ("on March 14"), `{b}` follows
    the fragment's own preposition ("from March 14")."""
    if f.name in req.implied:
        return req.implied[f.name]
    return singular(fill(ctx.choice(f.say), v=_words(req, f), b=_words(req, f, bare=True)))


def singular(text: str) -> str:
    """"1 nights" -> "1 night", "one guests" -> "one guest"."""
    return re.sub(r"\b(1|one|a single) (\w+[^s\W])s\b", r"\1 \2", text)


def _args(ctx: Ctx, fragments: list[str]) -> str:
    if not fragments:
        return ""
    if len(fragments) >= 3 and ctx.chance(0.5):
        return " " + join_words(fragments)
    return " " + " ".join(fragments)


def _changes(ctx: Ctx, req: Request, fields: list[Field]) -> str:
    parts = []
    for f in fields:
        if isinstance(f.kind, Flag):
            parts.append(_words(req, f))
        else:
            parts.append(fill(pb.CHANGE.pick(ctx), label=f.words, v=_words(req, f, bare=True)))
    return join_words(parts)


def _usable(frame: str, req: Request, named: set[str]) -> bool:
    """A frame may name only fields the request carries (and not implied ones)."""
    slots = {f.slot for f in req.cap.fields}
    used = {s for s in slots if "{" + s + "}" in frame}
    return used <= named


def clause(ctx: Ctx, req: Request, asks_ok: bool = True) -> tuple[str, bool]:
    """The request for one call: (text, is_whole_sentence). Whole-sentence asks only
    where `asks_ok` (not inside a multi-call request)."""
    c = req.cap
    named = {f.slot for f in req.fields() if f.name not in req.implied}
    if c.op:
        asks = pb.OP_ASKS.get(c.op)
        use_ask = asks is not None and asks_ok and ctx.chance(0.3)
        frame = asks.pick(ctx) if use_ask else pb.OP_CLAUSES[c.op].pick(ctx)
        return _fill_op(ctx, req, frame), use_ask
    asks = [a for a in c.asks if _usable(a, req, named)]
    if asks and asks_ok and ctx.chance(0.3):
        return _fill_custom(ctx, req, ctx.choice(asks)), True
    frames = [fr for fr in c.frames if _usable(fr, req, named)] or [c.need + "{args}"]
    return _fill_custom(ctx, req, ctx.choice(frames)), False


def _fill_custom(ctx: Ctx, req: Request, frame: str) -> str:
    slots = {f.slot: _words(req, f, bare=True) for f in req.fields()
             if "{" + f.slot + "}" in frame and f.name not in req.implied}
    rest = [_fragment(ctx, req, f) for f in req.fields() if f.slot not in slots]
    ctx.rng.shuffle(rest)
    return fill(frame, args=_args(ctx, rest), **slots)


def _fill_op(ctx: Ctx, req: Request, frame: str) -> str:
    c = req.cap
    key = c.required[0] if c.op in ("get", "update", "delete") else None
    rest = [f for f in req.fields() if f is not key]
    ctx.rng.shuffle(rest)
    slots = {"thing": c.thing, "a_thing": a_(c.thing), "things": c.things, "verb": c.verb, "args": "", "changes": "",
             "key": ""}
    if key is not None:
        slots["key"] = _fragment(ctx, req, key)
    if c.op == "update":
        slots["changes"] = _changes(ctx, req, rest) or "nothing else"
    else:
        slots["args"] = _args(ctx, [_fragment(ctx, req, f) for f in rest])
    return fill(frame, **slots)


def wrap(ctx: Ctx, text: str, whole: bool) -> str:
    """A clause as a request (a wrapper), a whole sentence as it is; sometimes an opener."""
    if not whole:
        text = fill(pb.WRAP.pick(ctx), c=text, C=cap(text))
    else:
        text = cap(text)
    return pb.OPENER.pick(ctx) + text if ctx.chance(0.1) else text


def call_of(p: Placed, req: Request) -> tuple[ToolCall, ExpectedCall]:
    """The gold call and what the scorer accepts for it."""
    args, accept = {}, {}
    for f in req.fields():
        said = req.said[f.name]
        name = p.param(f)
        args[name] = p.value(said.value)
        accept[name] = [p.value(v) for v in said.accepted()]
        if f in p.cap.optional and f.default is not None and said.value == f.default:
            accept[name].append("")
    return ToolCall(p.tool.server, p.tool.name, args), ExpectedCall(p.tool.server, p.tool.name, accept)


def system_text(ctx: Ctx, reqs: list[Request], always_date: bool = False) -> str:
    """The conversation's date (when a date is in play, and often otherwise) and the facts
    that imply a value."""
    dated = always_date or any(isinstance(f.kind, (Day, When)) for r in reqs for f in r.fields())
    lines = []
    if dated or ctx.chance(0.35):
        t = ctx.today
        lines.append(fill(pb.DATE_LINE.pick(ctx), weekday=WEEKDAYS[t.weekday()], month=MONTHS[t.month - 1],
                          day=t.day, year=t.year, iso=t.isoformat(), nth=ordinal(t.day)))
    lines += [fact for r in reqs for fact in r.facts]
    return " ".join(lines)


def opening_turns(ctx: Ctx, reqs: list[Request], text: str) -> tuple[list[Message], str]:
    """The user turns (and an earlier exchange, when a fact is told rather than known)
    and the system text. Facts go to the system text or to an earlier turn."""
    facts = [fact for r in reqs for fact in r.facts]
    if facts and ctx.chance(0.4):
        for r in reqs:
            r.facts = []
        told = fill(pb.FACT_TURN.pick(ctx), fact=" ".join(facts))
        turns = [Message("user", told), Message("assistant", pb.FACT_REPLY.pick(ctx)), Message("user", text)]
        return turns, system_text(ctx, reqs)
    return [Message("user", text)], system_text(ctx, reqs)


def random_today(ctx: Ctx) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=ctx.rng.randrange(3 * 365))
