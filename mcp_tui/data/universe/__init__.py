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

from random import Random

from mcp_tui.data.conversation import CATEGORIES, Conversation
from mcp_tui.data.universe.domains import domains
from mcp_tui.data.universe.requests import random_today
from mcp_tui.data.universe.tasks import MAKERS, Retry
from mcp_tui.data.universe.templates import SPLITS, Ctx

ATTEMPTS = 200


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
        conv = _one(rng, split, world, category, used)
        conv.id = f"{split}-u{seed}-{k:05d}"
        out.append(conv)
    return out


def _one(rng: Random, split: str, world: list, category: str, used: set[str] | None) -> Conversation:
    for _ in range(ATTEMPTS):
        ctx = Ctx(rng, split, today=None)  # type: ignore[arg-type]
        ctx.today = random_today(ctx)
        domain = world[rng.randrange(len(world))]
        try:
            conv = MAKERS[category](ctx, world, domain)
        except (Retry, LookupError):
            continue
        if used is not None:
            used |= ctx.used
        return conv
    raise UniverseError(f"no {category} task could be made in {ATTEMPTS} attempts")
