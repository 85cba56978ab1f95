"""How the bundled datasets are made, stated once: `mcp-tui data synth --bundled` writes
them from here, and a test proves the files in the package reproduce byte for byte. It sits
above data/ and agent/ because it draws on both: the agentic trajectories are executed by
the agent loop.

- `mcp_train.jsonl`: developer-tool tasks from the catalog (`synth`), tasks from the
  wide universe of tools (`universe`) and multi-step agentic trajectories executed against
  the sandbox server (`agentic`), interleaved;
- `mcp_eval.jsonl`: the catalog's held-out eval split, unchanged since it was first
  published, so results stay comparable;
- `mcp_eval_foreign.jsonl`: tasks from the universe's foreign split: domains, naming
  styles and phrasing templates that training never shows;
- `mcp_agentic.jsonl`: the agentic evaluation tasks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mcp_tui.agent.synth import agentic_tasks, trajectories
from mcp_tui.data import universe
from mcp_tui.data.conversation import Conversation
from mcp_tui.data.synth import synthesize
from mcp_tui.tools.catalog import Catalog


@dataclass(frozen=True)
class BundledSet:
    """One bundled file: what it holds (one line) and how it is made from the catalog."""

    about: str
    build: Callable[[Catalog], list[Conversation]]


def interleave(*parts: list[Conversation]) -> list[Conversation]:
    """The conversations of every part, each part spread evenly through the result (the
    k-th of n items sits at k/n), so any prefix holds every part in proportion."""
    keyed = [(k / len(part), p, k) for p, part in enumerate(parts) for k in range(len(part))]
    return [parts[p][k] for _, p, k in sorted(keyed)]


def _agentic(n: int, seed: int, split: str) -> list[Conversation]:
    """The train split's solutions executed into trajectories; the eval split's tasks."""
    tasks = agentic_tasks(n, seed, split)
    return trajectories(tasks) if split == "train" else [t.to_conversation() for t in tasks]


BUNDLED: dict[str, BundledSet] = {
    "mcp_train.jsonl": BundledSet(
        "1000 developer-tool tasks, 3000 universe tasks and 400 agentic trajectories (seed 1 each), interleaved",
        lambda catalog: interleave(synthesize(catalog, 1000, 1, "train"), universe.generate(3000, 1, "train"),
                                   _agentic(400, 1, "train")),
    ),
    "mcp_eval.jsonl": BundledSet("400 developer-tool eval tasks (seed 2)", lambda catalog: synthesize(catalog, 400, 2, "eval")),
    "mcp_eval_foreign.jsonl": BundledSet(
        "400 foreign tasks: held-out domains, naming styles and phrasings (seed 3)",
        lambda catalog: universe.generate(400, 3, "foreign"),
    ),
    "mcp_agentic.jsonl": BundledSet("40 agentic eval tasks (seed 3)", lambda catalog: _agentic(40, 3, "eval")),
}
