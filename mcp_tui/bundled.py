"""How the bundled datasets are made, stated once: `mcp-tui data synth --bundled` writes
them from here, and a test proves the files in the package reproduce byte for byte. It sits
above data/ and agent/ because it draws on both: the agentic trajectories are executed by
the agent loop.

- `mcp_train.jsonl`: developer-tool tasks from the catalog (`synth`), tasks from the
  wide universe of tools (`universe`) and multi-step agentic trajectories executed against
  the sandbox server (`agentic`), interleaved;
- `mcp_train_negatives.jsonl`: hard negatives, a second training set the cpu-demo preset
  mixes in (`data.sources`): no-tool tasks whose right answer asks for a missing required
  value or says that no offered tool fits (`hard_negatives`);
- `mcp_train_contrast.jsonl`: contrastive pairs, the demo presets' third source: each hard
  negative beside its twin that lists the missing tool (or states the missing value) and
  calls it, so refusing is learned as a contrast and not as a habit (`universe.contrastive_pairs`);
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


HARD_NEGATIVE_SHAPES = ("missing_value", "near_miss")


def hard_negatives(n_drawn: int, seed: int) -> list[Conversation]:
    """The no-tool tasks among `n_drawn` universe training tasks whose right answer asks
    for a missing required value or says no offered tool fits (~11% of the draw). A tuned
    demo trained on ~8% of them called a tool on every such task from elsewhere (0 of 27,
    base 16); tripling their share turned no_tool from -15 into +28 points there
    (bench/results/demo_recipes_negatives/)."""
    return [t for t in universe.generate(n_drawn, seed, "train")
            if t.category == "no_tool" and (t.metadata or {}).get("shape") in HARD_NEGATIVE_SHAPES]


BUNDLED: dict[str, BundledSet] = {
    "mcp_train.jsonl": BundledSet(
        "1000 developer-tool tasks, 3000 universe tasks and 400 agentic trajectories (seed 1 each), interleaved",
        lambda catalog: interleave(synthesize(catalog, 1000, 1, "train"), universe.generate(3000, 1, "train"),
                                   _agentic(400, 1, "train")),
    ),
    "mcp_train_negatives.jsonl": BundledSet(
        "791 hard negatives (missing value, near-miss tools) from 7000 universe tasks (seed 101)",
        lambda catalog: hard_negatives(7000, 101),
    ),
    "mcp_train_contrast.jsonl": BundledSet(
        "800 contrastive pairs: a hard negative, then its twin that calls (seed 103)",
        lambda catalog: universe.contrastive_pairs(800, 103),
    ),
    "mcp_eval.jsonl": BundledSet("400 developer-tool eval tasks (seed 2)", lambda catalog: synthesize(catalog, 400, 2, "eval")),
    "mcp_eval_foreign.jsonl": BundledSet(
        "400 foreign tasks: held-out domains, naming styles and phrasings (seed 3)",
        lambda catalog: universe.generate(400, 3, "foreign"),
    ),
    "mcp_agentic.jsonl": BundledSet("40 agentic eval tasks (seed 3)", lambda catalog: _agentic(40, 3, "eval")),
}
