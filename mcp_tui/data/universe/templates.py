"""Every sentence the generator writes comes from a `Templates` choice point with two
disjoint shares: one for training, one for the foreign evaluation set.

A template is a request frame ("find {plural}{args}"), a wrapper ("Could you {c}?"), a
joiner, an answer, a question asking for a missing value, an error or explanation text, a
tool-description pattern, a system context line, or a way of saying a date. The foreign
share is never drawn while generating training data, so the foreign set measures whether
the model understood requests it was never shown the shape of. Per-parameter fragments
("in {v}", "for {v} guests") are not templates: they belong to their domain's fields, and
domains themselves are split (see `domains`).

`Ctx` carries what one task's generation needs: the random source, the split, the date
the conversation happens on, and the templates drawn (tests read those to prove the split).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from random import Random
from typing import Any

SPLITS: tuple[str, ...] = ("train", "foreign")


@dataclass
class Ctx:
    """One task's generation state."""

    rng: Random
    split: str
    today: dt.date
    used: set[str] = field(default_factory=set)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def choice(self, items: Any) -> Any:
        """One of `items`; LookupError when there are none (the caller draws again)."""
        items = list(items)
        if not items:
            raise LookupError("nothing to choose from")
        return items[self.rng.randrange(len(items))]


class Templates:
    """A named choice point: `pick` draws from the share of the context's split."""

    registry: dict[str, Templates] = {}

    def __init__(self, name: str, train: tuple[str, ...], foreign: tuple[str, ...]) -> None:
        shared = set(train) & set(foreign)
        if shared or not train or not foreign:
            raise ValueError(f"templates {name!r}: both shares must be non-empty and disjoint (shared: {shared})")
        if name in Templates.registry:
            raise ValueError(f"templates {name!r} defined twice")
        self.name, self.train, self.foreign = name, train, foreign
        Templates.registry[name] = self

    def share(self, split: str) -> tuple[str, ...]:
        return self.train if split == "train" else self.foreign

    def pick(self, ctx: Ctx) -> str:
        template = ctx.choice(self.share(ctx.split))
        ctx.used.add(f"{self.name}:{template}")
        return template


def fill(template: str, **slots: Any) -> str:
    """`template` with its slots filled; a slot a template names but nobody provides is a
    bug in the template bank, reported with the template."""
    try:
        return template.format(**slots)
    except (KeyError, IndexError) as e:
        raise ValueError(f"template {template!r} needs slot {e}") from None


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def a_(noun: str) -> str:
    """The noun with its indefinite article: "a booking", "an exhibition"."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def join_words(items: list[str], conj: str = "and") -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]
