"""How tools, parameters and servers are named: every convention found in the wild.

A capability's plain words ("search hotels") become a tool name in one style per
server: snake_case, camelCase, PascalCase, kebab-case, dotted module paths
(`travel.search_hotels`), service-prefixed (`Travel_2_SearchHotels`, the convention of
Schema-Guided-Dialogue-derived sets), versioned (`search_hotels_v2`) and vendor-prefixed
(`tripco_search_hotels`). The foreign evaluation set also uses styles training never
shows (`FOREIGN_STYLES`), so copying a name exactly must be learned as a skill, not as
a habit of one convention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mcp_tui.data.universe.kit import Cap, Domain
from mcp_tui.data.universe.templates import Ctx

# Servers that name nothing in particular: a listing read from an OpenAI-style `tools`
# array arrives as one server called "tools" (data/formats.py DEFAULT_SERVER).
GENERIC_SERVERS = ("tools", "default", "api", "functions")


def _snake(w: list[str]) -> str:
    return "_".join(x.lower() for x in w)


def _camel(w: list[str]) -> str:
    return w[0].lower() + "".join(x[:1].upper() + x[1:].lower() for x in w[1:])


def _pascal(w: list[str]) -> str:
    return "".join(x[:1].upper() + x[1:].lower() for x in w)


@dataclass(frozen=True)
class Style:
    """One naming convention for a listing's tools (and its parameter convention)."""

    name: str
    tool: Callable[[list[str], Cap, Domain, int], str]
    camel_params: float  # how often its tools take camelCase parameters


def _dotted(w: list[str], c: Cap, d: Domain, n: int) -> str:
    return f"{d.name.split('_')[0]}.{_snake(w)}"


TRAIN_STYLES: tuple[Style, ...] = (
    Style("snake_case", lambda w, c, d, n: _snake(w), 0.05),
    Style("camelCase", lambda w, c, d, n: _camel(w), 0.7),
    Style("PascalCase", lambda w, c, d, n: _pascal(w), 0.5),
    Style("kebab-case", lambda w, c, d, n: "-".join(x.lower() for x in w), 0.1),
    Style("dotted", _dotted, 0.1),
    Style("Service_N_Tool", lambda w, c, d, n: f"{d.service}_{n}_{_pascal(w)}", 0.1),
    Style("versioned", lambda w, c, d, n: f"{_snake(w)}_v{n}" if n % 2 else f"{_camel(w)}V{n}", 0.3),
    Style("vendor_prefixed", lambda w, c, d, n: f"{d.vendors[n % len(d.vendors)] if d.vendors else d.name}_{_snake(w)}",
          0.05),
)  # fmt: skip
FOREIGN_STYLES: tuple[Style, ...] = (
    Style("Title_Snake", lambda w, c, d, n: "_".join(x[:1].upper() + x[1:].lower() for x in w), 0.2),
    Style("noun:verb", lambda w, c, d, n: f"{'-'.join(c.noun.split())}:{'-'.join(c.verb.split())}", 0.1),
    Style("noun/verb", lambda w, c, d, n: f"{_snake(c.noun.split())}/{_snake(c.verb.split())}", 0.3),
)
# Weights of the training styles (plain snake_case leads, as it does in the wild).
TRAIN_WEIGHTS = (30, 12, 10, 7, 12, 15, 7, 7)
# The foreign set: half its listings in a style training never shows.
FOREIGN_SHARE = 0.5


def pick_style(ctx: Ctx) -> Style:
    if ctx.split == "foreign" and ctx.chance(FOREIGN_SHARE):
        return ctx.choice(FOREIGN_STYLES)
    return ctx.rng.choices(TRAIN_STYLES, weights=TRAIN_WEIGHTS)[0]


@dataclass(frozen=True)
class Naming:
    """The names one server's tools get in one listing."""

    style: Style
    number: int
    camel: bool

    def tool(self, c: Cap, d: Domain) -> str:
        return self.style.tool(f"{c.verb} {c.noun}".split(), c, d, self.number)

    def param(self, name: str) -> str:
        words = name.split()
        return _camel(words) if self.camel else _snake(words)


def pick_naming(ctx: Ctx, style: Style | None = None) -> Naming:
    style = style or pick_style(ctx)
    return Naming(style, ctx.rng.randint(1, 4), ctx.chance(style.camel_params))


def specific_server(ctx: Ctx, d: Domain) -> str:
    return ctx.choice(d.servers)


def generic_server(ctx: Ctx) -> str:
    return ctx.rng.choices(GENERIC_SERVERS, weights=(6, 2, 1, 1))[0]
