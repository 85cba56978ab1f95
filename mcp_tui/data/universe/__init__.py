"""A wide universe of tools for tool-use tasks that transfer beyond developer tools.

Domains (science, finance, travel, sports, health, home devices, government data, ...),
one module each under `domains/`, define capabilities from composable parts (`kit`,
`fields`, `values`); `naming` gives them every naming convention in use, `listing` puts
them under servers beside look-alikes, and `tasks` builds conversations in the five
evaluation categories, with gold answers and BFCL-style accepted values. Requests say
values the way people do (`values`), in templates that are split between training and
the foreign evaluation set (`templates`, `phrasebook`).

`generate(n, seed, split)` is a pure function of its arguments: same inputs, same bytes.
The generator knows nothing of call formats: it produces `Conversation`s, and
`data.render` writes them in whichever format a run uses.
"""

from __future__ import annotations

from collections.abc import Callable
from random import Random
from typing import TypeVar

from mcp_tui.data.conversation import CATEGORIES, Conversation
from mcp_tui.data.universe.domains import domains
from mcp_tui.data.universe.requests import random_today
from mcp_tui.data.universe.tasks import MAKERS, PAIR_MAKERS, Retry
from mcp_tui.data.universe.templates import SPLITS, Ctx

ATTEMPTS = 200
T = TypeVar("T")


class UniverseError(ValueError):
    """The universe cannot make the requested tasks."""


def generate(n: int, seed: int, split: str = "train", used: set[str] | None = None) -> list[Conversation]:
    """`n` tasks, the five categories in turn, reproducible from `seed`. `split` is
    "train" or "foreign". `used`, when given, collects the templates drawn."""
    if split not in SPLITS:
        raise UniverseError(f"split must be one of {', '.join(SPLITS)}, got {split!r}")
    world = list(domains(split))
    if not world:
        raise UniverseError(f"the {split} universe has no domains")
    rng = Random(f"mcp-tui/universe/{split}/{seed}")
    out = []
    for k in range(n):
        category = CATEGORIES[k % len(CATEGORIES)]
        conv = _one(rng, split, world, MAKERS[category], used)
        conv.id = f"{split}-u{seed}-{k:05d}"
        out.append(conv)
    return out


def contrastive_pairs(n: int, seed: int) -> list[Conversation]:
    """`n` training pairs, hard negative then its twin, near misses and missing values in
    turn: a no-tool task and the same request where the tool is listed (or the value is
    stated), answered by calling it. Reproducible from `seed`."""
    world = list(domains("train"))
    rng = Random(f"mcp-tui/universe/pairs/{seed}")
    shapes = list(PAIR_MAKERS)
    out = []
    for k in range(n):
        shape = shapes[k % len(shapes)]
        pair = _one(rng, "train", world, PAIR_MAKERS[shape], None)
        for conv, role in zip(pair, ("negative", "twin")):
            conv.id = f"train-p{seed}-{k:05d}-{role}"
            out.append(conv)
    return out


def _one(rng: Random, split: str, world: list, maker: Callable[..., T], used: set[str] | None) -> T:
    for _ in range(ATTEMPTS):
        ctx = Ctx(rng, split, today=None)  # type: ignore[arg-type]
        ctx.today = random_today(ctx)
        domain = world[rng.randrange(len(world))]
        try:
            made = maker(ctx, world, domain)
        except (Retry, LookupError):
            continue
        if used is not None:
            used |= ctx.used
        return made
    raise UniverseError(f"no task could be made by {maker.__name__} in {ATTEMPTS} attempts")
