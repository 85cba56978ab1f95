"""Training on several datasets at once, each with a weight.

`data.sources` lists datasets to mix with `data.train_file` as `PATH=WEIGHT` entries
separated by commas (a path alone weighs 1). Any file or folder `read_dataset` reads can
be a source: the bundled sets, files you generated, public function-calling sets you keep
on disk. The weight is how many times each of the source's conversations is used: 2 uses
every one twice, 0.5 a random half, 1.5 every one once and a random half again (drawn
with the run's seed, so a run is reproducible). `train_file` counts with weight 1 unless
`sources` names it with another weight (0 leaves it out). What each source contributes,
in conversations and in tokens, is reported by `mcp-tui data check` and written to the
run's events.log, because a weight says little until you see the token shares it gives.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from random import Random

from mcp_tui.data.conversation import Conversation
from mcp_tui.data.formats import DataError, read_dataset


@dataclass(frozen=True)
class Source:
    """One dataset of a mix and how many times its conversations are used."""

    path: str
    weight: float = 1.0


def parse_sources(text: str) -> list[Source]:
    """`a.jsonl=2, data/mcp_train.jsonl, b=0.5` as sources; ValueError naming the bad entry."""
    out = []
    for entry in (e.strip() for e in text.split(",")):
        if not entry:
            continue
        path, _, weight = entry.rpartition("=") if "=" in entry else (entry, "", "1")
        try:
            value = float(weight)
        except ValueError:
            value = math.nan
        if not path.strip() or not math.isfinite(value) or value < 0:
            raise ValueError(f"data.sources: {entry!r} is not PATH=WEIGHT with a weight >= 0 (e.g. mine.jsonl=2)")
        out.append(Source(path.strip(), value))
    return out


def format_sources(sources: list[Source]) -> str:
    """The `data.sources` text of a list of sources (the inverse of `parse_sources`)."""
    return ", ".join(f"{s.path}={s.weight:g}" for s in sources)


def mix_plan(train_file: str, sources_text: str) -> list[Source]:
    """The sources of a run: `train_file` (weight 1 unless listed) and `sources`, in that
    order, without duplicates; weight-0 sources are dropped."""
    listed = parse_sources(sources_text)
    named = {s.path: s for s in listed}
    plan = [named.get(train_file, Source(train_file))] + [s for s in listed if s.path != train_file]
    return [s for s in plan if s.weight > 0]


def weighted(conversations: list[Conversation], weight: float, rng: Random) -> list[Conversation]:
    """`weight` copies of the list: whole copies, then a random sample for the fraction."""
    whole, part = int(weight), weight - int(weight)
    out = conversations * whole
    k = round(part * len(conversations))
    if k:
        picked = sorted(rng.sample(range(len(conversations)), k))
        out += [conversations[i] for i in picked]
    return out


@dataclass
class SourceShare:
    """What one source put into the mix (tokens are filled in once tokenized)."""

    path: str
    weight: float
    records: int
    used: int
    kept: int = 0
    tokens: int = 0

    def line(self, total_tokens: int) -> str:
        share = f", {self.tokens} tokens ({100 * self.tokens / total_tokens:.0f}%)" if total_tokens else ""
        return (f"{Path(self.path).name} x{self.weight:g}: {self.records} conversations, {self.used} used, "
                f"{self.kept} kept{share}")


@dataclass
class Mix:
    """The mixed conversations, which source each came from, and each source's share."""

    conversations: list[Conversation] = field(default_factory=list)
    origins: list[int] = field(default_factory=list)
    shares: list[SourceShare] = field(default_factory=list)

    def summary(self) -> str:
        total = sum(s.tokens for s in self.shares)
        return "; ".join(s.line(total) for s in self.shares)

    def sample(self, n: int, seed: int) -> Mix:
        """A seeded random `n` of the mixed conversations (every source in proportion, in
        expectation): a run that takes a few hundred steps need not tokenize thousands."""
        if n >= len(self.conversations):
            return self
        keep = sorted(Random(f"mcp-tui/sample/{seed}").sample(range(len(self.conversations)), n))
        out = Mix([self.conversations[i] for i in keep], [self.origins[i] for i in keep])
        for k, share in enumerate(self.shares):
            used = sum(1 for i in keep if self.origins[i] == k)
            out.shares.append(SourceShare(share.path, share.weight, share.records, used))
        return out


def mix(plan: list[Source], seed: int, resolve=lambda p: p) -> Mix:
    """Read every source and apply its weight. `resolve` turns a listed path into the
    file to read (config paths are relative to the run's directory or bundled)."""
    if not plan:
        raise DataError("the data mix is empty: train_file has weight 0 and no other source is listed")
    rng = Random(f"mcp-tui/mix/{seed}")
    out = Mix()
    for k, source in enumerate(plan):
        conversations = read_dataset(resolve(source.path))
        used = weighted(conversations, source.weight, rng)
        out.conversations += used
        out.origins += [k] * len(used)
        out.shares.append(SourceShare(source.path, source.weight, len(conversations), len(used)))
    return out
