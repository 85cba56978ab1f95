"""The universe's domains, one module each. Training draws from `TRAIN`; the foreign
evaluation set from `FOREIGN`, which no training task ever shows: not as a target, not
as a distractor."""

from __future__ import annotations

from importlib import import_module

from mcp_tui.data.universe.kit import Domain

TRAIN_MODULES = ("lodging", "flights", "ground_transport", "weather", "restaurants", "food_delivery", "movies",
                 "music", "events", "sports", "stocks", "banking", "finance_calc", "math", "geometry", "physics",
                 "chemistry", "biology", "fitness", "clinic", "smart_home", "calendar", "messaging", "crm", "news",
                 "maps", "government", "education", "hr", "real_estate", "shipping", "recipes", "automotive",
                 "shopping", "social", "documents", "gaming", "streaming")
FOREIGN_MODULES = ("astronomy", "agriculture", "legal", "maritime", "library", "veterinary", "utilities", "museums")


def _load(names: tuple[str, ...]) -> tuple[Domain, ...]:
    return tuple(import_module(f"{__name__}.{n}").DOMAIN for n in names)


TRAIN: tuple[Domain, ...] = _load(TRAIN_MODULES)
FOREIGN: tuple[Domain, ...] = _load(FOREIGN_MODULES)


def domains(split: str) -> tuple[Domain, ...]:
    return TRAIN if split == "train" else FOREIGN
