"""Generate MCP tool-use tasks in every evaluation category, reproducibly from a seed.

Each task is a `Conversation`: the servers in play (the right one plus one to three
distractors, preferring look-alikes such as git next to github, with a few tools each
so prompts stay short), the user's request, the gold answer (a short lead-in and the
call blocks, or plain text), and what the scorer needs (expected calls with BFCL-style
accepted values, or a reference answer).

Categories: tool_selection (one call, plain arguments), parameter_formatting (one call
with arrays, nested objects, enums or optional parameters), completeness (two or three
calls, with `after` where order matters), error_handling (a call came back with an
error: the answer is a corrected, different call or an explanation), no_tool (a
question to answer from knowledge, or a request no connected server can do).

The eval split uses held-out phrasings (see `phrasings`) and servers that training
never shows, not even as distractors (HELD_OUT_SERVERS), so it measures generalization.
Output is a pure function of (catalog, n, seed, split): same inputs, same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from random import Random
from typing import Any

from mcp_tui.data import plain_answers
from mcp_tui.data.conversation import CATEGORIES, Conversation, ExpectedCall, Message, Tool, ToolCall
from mcp_tui.data.intents import GENERIC_OUTAGES, INTENTS, OUTAGES
from mcp_tui.data.phrasings import Draft, Intent, Recovery
from mcp_tui.data.schema_intents import schema_intents
from mcp_tui.data.workflows import WORKFLOWS, Step
from mcp_tui.tools.catalog import Catalog

HELD_OUT_SERVERS: tuple[str, ...] = ("weather", "linear", "redis")
# Servers a user might confuse with each other; distractors are drawn from here first.
LOOKALIKES: tuple[tuple[str, ...], ...] = (
    ("filesystem", "git", "github"), ("fetch", "brave-search", "puppeteer"), ("sqlite", "postgres", "redis"),
    ("slack", "linear", "github"), ("time", "calendar", "weather"), ("google-maps", "brave-search", "weather"),
    ("memory", "redis", "sqlite"), ("docker", "filesystem", "git"),
)  # fmt: skip
# Servers that cannot be stretched to do an UNAVAILABLE request (no browser, no chat, no calendar).
INERT_SERVERS = ("filesystem", "git", "sqlite", "postgres", "docker", "time", "memory", "redis", "weather",
                 "google-maps", "brave-search")  # fmt: skip
# A third of eval tool tasks target a held-out server.
HELD_OUT_SHARE = 0.35

WRAP = {
    "train": ["{C}.", "Please {c}.", "Can you {c}?", "Could you {c}?", "I need you to {c}.", "{C}, please.",
              "Hey, {c}.", "Would you {c} for me?", "Go ahead and {c}.", "Quick task: {c}.", "{C} when you have a sec.",
              "pls {c}"],
    "eval": ["When you get a chance, {c}.", "Help me out and {c}.", "I'd like you to {c}.", "Do me a favor and {c}."],
}  # fmt: skip
OPENERS = {
    "train": ["I'm working on the checkout service. ", "Quick question. ", "We're prepping the 2.4 release. ",
              "Morning! ", "For the incident review: ", "Context: cleaning up before the demo. "],
    "eval": ["Before standup: ", "I'm on call today. "],
}  # fmt: skip
JOIN_AND = {
    "train": ["{C1} and {c2}.", "{C1}, and also {c2}.", "Two things: {c1}, and {c2}.", "{C1}. Also {c2}.",
              "Please {c1} and {c2}.", "Can you {c1} and {c2}?"],
    "eval": ["I need both of these: {c1}; {c2}.", "Could you {c1}, and while you're at it {c2}?"],
}  # fmt: skip
JOIN_THEN = {
    "train": ["{C1}, then {c2}.", "First {c1}, and after that {c2}.", "{C1} and then {c2}.",
              "Please {c1}; once that's done, {c2}."],
    "eval": ["Step one: {c1}. Step two: {c2}.", "Begin with this: {c1}. Afterwards, {c2}."],
}  # fmt: skip
JOIN_THREE = {
    "train": ["First {c1}, then {c2}, and finally {c3}.", "{C1}, {c2}, and then {c3}.", "Please {c1}, then {c2}, then {c3}."],
    "eval": ["Step one: {c1}. Step two: {c2}. Step three: {c3}."],
}  # fmt: skip
LEADS = ["", "", "", "Sure.", "On it.", "Let me do that.", "I'll take care of it.", "Right away.", "Okay."]
UNAVAILABLE_ANSWERS = {
    "train": [
        "I can't {need} from here: none of the connected servers ({servers}) offers that. You'll need to do it "
        "yourself, or connect an MCP server that can.",
        "None of the tools I have ({servers}) can {need}, so I can't do this one. If you add a server for it, "
        "I'm happy to help.",
    ],
    "eval": ["That's outside what the connected servers ({servers}) can do: none of them can {need}."],
}  # fmt: skip
SAME_TOOL_PAIRS = ("get_current_time", "git_status", "fetch", "brave_web_search", "get_forecast", "describe_table",
                   "maps_geocode", "get_file_info", "slack_get_channel_history", "stop_container", "get")  # fmt: skip


class SynthError(ValueError):
    """The catalog cannot support the requested tasks (the message says what is missing)."""


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def _fill(template: str, slots: dict[str, str]) -> str:
    try:
        return template.format_map(slots)
    except KeyError as e:  # a phrasing naming a slot its draft does not set is a bug in the bank
        raise SynthError(f"phrasing {template!r} uses slot {e} that its draft does not provide") from None


def _rich(tool: Tool, args: dict[str, Any]) -> bool:
    """Arguments that exercise formatting: arrays, objects, enums or optional parameters."""
    props = tool.input_schema.get("properties", {})
    required = set(tool.input_schema.get("required", []))
    return any(
        isinstance(v, (list, dict)) or "enum" in props.get(k, {}) or k not in required for k, v in args.items()
    )


def _expected(call: ToolCall, accept: dict[str, list[Any]], after: tuple[int, ...] = ()) -> ExpectedCall:
    return ExpectedCall(call.server, call.tool, {k: accept.get(k, [v]) for k, v in call.arguments.items()}, after)


class _Builder:
    """Holds the split's choices (servers, phrasings) and builds one task at a time."""

    def __init__(self, catalog: Catalog, rng: Random, split: str, held_out: tuple[str, ...]) -> None:
        self.catalog, self.rng, self.split, self.held_out = catalog, rng, split, held_out
        allowed = [s for s in catalog.servers if split == "eval" or s not in held_out]
        self.servers = allowed
        self.intents = [i for i in INTENTS if i.server in allowed and catalog.tool(i.server, i.tool) is not None]
        # Servers the bank does not know (imported ones) get intents built from their schemas.
        known = {i.server for i in INTENTS}
        self.unknown = [s for s in allowed if s not in known]
        self.intents += [i for s in self.unknown for t in catalog.servers[s].tools for i in schema_intents(t)]
        if not self.intents:
            raise SynthError("no tool of the catalog can be turned into a task (no tools, or no values for them)")
        self.held_intents = [i for i in self.intents if i.server in held_out]
        self.seen_intents = [i for i in self.intents if i.server not in held_out]

    # ------------------------------------------------------------------ choices

    def _held(self, items: list[Any] | tuple[Any, ...], server: str | None = None) -> list[Any]:
        """The phrasings a split may use: eval gets the last one, training the rest
        (a server training never sees may use all of them in eval)."""
        items = list(items)
        if self.split == "eval" and server in self.held_out:
            return items
        if len(items) < 2:
            return items if self.split == "eval" else []
        return items[-1:] if self.split == "eval" else items[:-1]

    def pick_intent(self, ok: Callable[[Intent], bool] = lambda i: True) -> Intent:
        """A server first (weighted by the square root of its intent count, so big
        servers lead without drowning small ones), then one of its intents."""
        pool = self.intents
        if self.split == "eval" and self.held_intents:
            pool = self.held_intents if self.rng.random() < HELD_OUT_SHARE else self.seen_intents
        pool = [i for i in pool if ok(i)] or [i for i in self.intents if ok(i)]
        by_server: dict[str, list[Intent]] = {}
        for i in pool:
            by_server.setdefault(i.server, []).append(i)
        servers = list(by_server)
        server = self.rng.choices(servers, weights=[len(by_server[s]) ** 0.5 for s in servers])[0]
        return by_server[server][self.rng.randrange(len(by_server[server]))]

    def clause(self, intent: Intent, draft: Draft) -> str:
        return _fill(self.rng.choice(self._held(intent.clauses, intent.server)), draft.slots)

    def request(self, intent: Intent, draft: Draft) -> str:
        asks = self._held(intent.asks, intent.server)
        if asks and self.rng.random() < 0.4:
            text = _fill(self.rng.choice(asks), draft.slots)
        else:
            c = self.clause(intent, draft)
            text = self.rng.choice(WRAP[self.split]).format(c=c, C=_cap(c))
        if self.rng.random() < 0.15:
            text = self.rng.choice(OPENERS[self.split]) + text
        return text

    def lead(self) -> str:
        return self.rng.choice(LEADS)

    def toolset(self, needed: dict[str, list[str]], n_distract: int | None = None,
                pool: tuple[str, ...] | None = None) -> list[Tool]:
        """The tools in play: each needed server with its needed tools and up to two
        siblings, plus distractor servers (look-alikes first) with one to three tools
        each, in a shuffled order. Few tools keep prompts short (training cost)."""
        rng = self.rng
        n = rng.choice([1, 1, 1, 2, 2, 3]) if n_distract is None else n_distract
        candidates = [s for s in (pool or self.servers) if s not in needed and s in self.servers]
        near = [s for group in LOOKALIKES if set(group) & set(needed) for s in group if s in candidates]
        chosen: list[str] = []
        for _ in range(min(n, len(candidates))):
            source = [s for s in near if s not in chosen] if near and rng.random() < 0.6 else []
            source = source or [s for s in candidates if s not in chosen]
            chosen.append(source[rng.randrange(len(source))])
        order = list(needed) + chosen
        rng.shuffle(order)
        tools: list[Tool] = []
        for server in order:
            all_tools = self.catalog.servers[server].tools
            want = set(needed.get(server, []))
            extra = [t for t in all_tools if t.name not in want]
            k = len(want) + rng.randint(0, 2) if want else rng.randint(1, 3)
            keep = want | {t.name for t in rng.sample(extra, max(0, min(len(extra), k - len(want))))}
            tools += [t for t in all_tools if t.name in keep]
        return tools

    def meta(self, servers: list[str]) -> dict[str, Any]:
        return {"split": self.split, "held_out_server": any(s in self.held_out for s in servers)}

    # ------------------------------------------------------------------ categories

    def single_call(self, category: str) -> Conversation:
        want_rich = category == "parameter_formatting"
        for _ in range(200):
            intent = self.pick_intent()
            draft = intent.draft(self.rng)
            tool = self.catalog.tool(intent.server, intent.tool)
            if tool is not None and _rich(tool, draft.args) == want_rich:
                break
        else:
            raise SynthError(f"no intent in the catalog produces {category} tasks")
        call = ToolCall(intent.server, intent.tool, draft.args)
        tools = self.toolset({intent.server: [intent.tool]})
        return Conversation(
            messages=[Message("user", self.request(intent, draft)), Message("assistant", self.lead(), [call])],
            tools=tools,
            category=category,
            expected_calls=[_expected(call, draft.accepted())],
            metadata=self.meta([intent.server]),
        )

    def completeness(self) -> Conversation:
        rng = self.rng
        usable = [w for w in WORKFLOWS if all(s in self.servers for s in w.servers)]
        if usable and rng.random() < 0.5:
            steps, ordered = self.workflow(usable), True
        else:
            steps, ordered = self.independent_pair(), False
        clauses = [self.clause(s.intent, s.draft) for s in steps]
        slots = {f"c{k + 1}": c for k, c in enumerate(clauses)} | {f"C{k + 1}": _cap(c) for k, c in enumerate(clauses)}
        joins = JOIN_THREE if len(steps) == 3 else JOIN_THEN if ordered else JOIN_AND
        text = rng.choice(joins[self.split]).format(**slots)
        calls = [ToolCall(s.intent.server, s.intent.tool, s.draft.args) for s in steps]
        expected = [_expected(c, s.draft.accepted(), s.after) for c, s in zip(calls, steps)]
        needed: dict[str, list[str]] = {}
        for c in calls:
            needed.setdefault(c.server, []).append(c.tool)
        return Conversation(
            messages=[Message("user", text), Message("assistant", self.lead(), calls)],
            tools=self.toolset(needed, n_distract=rng.choice([1, 1, 2])),
            category="completeness",
            expected_calls=expected,
            metadata=self.meta(list(needed)),
        )

    def workflow(self, usable: list[Any]) -> list[Step]:
        """An ordered multi-step request whose servers this split may use."""
        if self.split == "eval" and self.held_intents and self.rng.random() < HELD_OUT_SHARE:
            usable = [w for w in usable if set(w.servers) & set(self.held_out)] or usable
        elif self.split == "eval":
            usable = [w for w in usable if not set(w.servers) & set(self.held_out)] or usable
        w = usable[self.rng.randrange(len(usable))]
        return w.build(self.rng)

    def independent_pair(self) -> list[Step]:
        """Two unrelated calls in one request (maybe the same tool with other values)."""
        first = self.pick_intent()
        d1 = first.draft(self.rng)
        if first.tool in SAME_TOOL_PAIRS and self.rng.random() < 0.5:
            second = first
        else:
            second = self.pick_intent(lambda i: i.tool != first.tool)
        for _ in range(50):
            d2 = second.draft(self.rng)
            if d2.args != d1.args:
                break
        return [Step(first, d1), Step(second, d2)]

    def error_handling(self) -> Conversation:
        rng = self.rng

        def outages(i: Intent) -> list[tuple[str, str]]:
            generic = GENERIC_OUTAGES if i.server in self.unknown else []
            return OUTAGES.get(f"{i.server}.{i.tool}") or OUTAGES.get(i.server) or generic

        # Recoveries mostly end in a corrected call, outages always in an explanation.
        can_recover = any(i.recover is not None for i in self.intents)
        use_recover = can_recover and (rng.random() < 0.65 or not any(outages(i) for i in self.intents))
        if not use_recover and not any(outages(i) for i in self.intents):
            raise SynthError("no tool of the catalog has error scenarios")
        intent = self.pick_intent(lambda i: i.recover is not None if use_recover else bool(outages(i)))
        use_recover = intent.recover is not None and (use_recover or not outages(intent))
        draft = intent.draft(rng)
        failed = ToolCall(intent.server, intent.tool, draft.args)
        if use_recover:
            rec = intent.recover(rng, draft)
        else:
            error, text = rng.choice(outages(intent))
            target = _target(draft.args)
            rec = Recovery(error.format(target=target), text.format(target=target, server=intent.server))
        needed = {intent.server: [intent.tool]}
        if rec.call is not None:
            needed.setdefault(rec.call.server, []).append(rec.call.tool)
        final = Message("assistant", rec.text, [rec.call] if rec.call else [])
        return Conversation(
            messages=[
                Message("user", self.request(intent, draft)),
                Message("assistant", self.lead(), [failed]),
                Message("tool", rec.error, is_error=True),
                final,
            ],
            tools=self.toolset(needed),
            category="error_handling",
            expected_calls=[_expected(rec.call, rec.accept)] if rec.call else [],
            reference=None if rec.call else rec.text,
            metadata=self.meta(list(needed)),
        )

    def no_tool(self) -> Conversation:
        rng = self.rng
        inert = [s for s in INERT_SERVERS if s in self.servers]
        if rng.random() < 0.65 or not inert:
            question, answer, related = rng.choice(self._bank(plain_answers.QUESTIONS))
            servers = [related] if related in self.servers else []
            text = question
        else:
            text, need = rng.choice(self._bank(plain_answers.UNAVAILABLE))
            servers, answer = [], ""
        pool = INERT_SERVERS if not answer else None
        n_other = rng.choice([1, 2, 2, 3]) if servers else rng.choice([2, 2, 3])
        tools = self.toolset({s: [] for s in servers}, n_distract=n_other, pool=pool)
        names = list(dict.fromkeys(t.server for t in tools))
        if not answer:
            answer = rng.choice(UNAVAILABLE_ANSWERS[self.split]).format(need=need, servers=", ".join(names))
        return Conversation(
            messages=[Message("user", text), Message("assistant", answer)],
            tools=tools,
            category="no_tool",
            reference=answer,
            metadata=self.meta(names),
        )

    def _bank(self, items: list[Any]) -> list[Any]:
        k = plain_answers.HELD_OUT
        return items[-k:] if self.split == "eval" else items[:-k]


def _target(args: dict[str, Any]) -> str:
    """What an outage message names: the path, repository, URL or table of the call."""
    for key in ("path", "repo_path", "url"):
        if isinstance(args.get(key), str):
            return args[key]
    sql = next((v for v in args.values() if isinstance(v, str) and "FROM" in v.upper()), "")
    m = re.search(r"\bFROM\s+([\w.]+)", sql, re.I)
    return m.group(1) if m else "the resource"


def synthesize(
    catalog: Catalog,
    n: int,
    seed: int,
    split: str = "train",
    held_out_servers: tuple[str, ...] = HELD_OUT_SERVERS,
) -> list[Conversation]:
    """`n` tasks, the five categories in turn (equal shares), reproducible from `seed`."""
    if split not in ("train", "eval"):
        raise SynthError(f"split must be 'train' or 'eval', got {split!r}")
    rng = Random(f"mcp-tui/{split}/{seed}")
    b = _Builder(catalog, rng, split, held_out_servers)
    makers: dict[str, Callable[[], Conversation]] = {
        "tool_selection": lambda: b.single_call("tool_selection"),
        "parameter_formatting": lambda: b.single_call("parameter_formatting"),
        "completeness": b.completeness,
        "error_handling": b.error_handling,
        "no_tool": b.no_tool,
    }
    out = []
    for k in range(n):
        category = CATEGORIES[k % len(CATEGORIES)]
        conv = makers[category]()
        conv.id = f"{split}-{seed}-{k:05d}"
        out.append(conv)
    return out
