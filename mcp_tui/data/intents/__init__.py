"""The intent bank: for each tool of the bundled catalog, what users ask of it, in their
words, and how its calls fail (see `phrasings` for the held-out rule).

One module per domain (usually one MCP server), each importing only the phrasings it
uses: its intents are the functions decorated with `phrasings.intent`, which become
`Intent`s where they are defined, and its `OUTAGES` are the errors no call can fix
(credentials, limits, outages: the right answer explains), keyed by server, or by
"server.tool" where the error only fits one tool. Adding a domain is adding a module
here: it is found by name.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

from mcp_tui.data.phrasings import Intent

# The generator draws intents by position, so the bundled datasets reproduce only with
# the domains in the order they were first written; newer domains follow, by name.
FIRST_DOMAINS = (
    "filesystem", "git", "github", "fetch", "memory", "time", "sql", "slack",
    "puppeteer", "brave_search", "google_maps", "docker", "linear", "redis", "weather", "calendar",
)
# For servers this bank does not know (imported ones): a failure on the service's side.
GENERIC_OUTAGES: list[tuple[str, str]] = [
    ("MCP error -32603: Internal error: upstream service unavailable (503)",
     "The {server} server reported an internal error: the service behind it is unavailable (503). That is on the "
     "service's side, so repeating the call right away would fail the same way; let's retry in a few minutes."),
]


def _domains() -> list[ModuleType]:
    names = [m.name for m in pkgutil.iter_modules(__path__)]
    ordered = [n for n in FIRST_DOMAINS if n in names] + sorted(set(names) - set(FIRST_DOMAINS))
    return [importlib.import_module(f"{__name__}.{name}") for name in ordered]


def _intents_of(module: ModuleType) -> list[Intent]:
    """The intents a domain module defines, in the order it defines them."""
    return [v for v in vars(module).values() if isinstance(v, Intent) and v.draft.__module__ == module.__name__]


DOMAINS: list[ModuleType] = _domains()
INTENTS: list[Intent] = [i for module in DOMAINS for i in _intents_of(module)]
OUTAGES: dict[str, list[tuple[str, str]]] = {k: v for module in DOMAINS for k, v in getattr(module, "OUTAGES", {}).items()}
