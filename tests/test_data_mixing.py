"""Mixing datasets by weight: the `data.sources` syntax, what each weight takes, the
config checks, and the check report's per-source shares."""

from __future__ import annotations

import json
from pathlib import Path
from random import Random

import pytest

from mcp_tui.cli import main
from mcp_tui.config import ConfigError, load_config, resolved_paths
from mcp_tui.data.conversation import Conversation, Message
from mcp_tui.data.formats import write_jsonl
from mcp_tui.data.mixing import Source, mix, mix_plan, parse_sources, weighted


def convs(n: int, tag: str) -> list[Conversation]:
    return [Conversation(id=f"{tag}{k}", messages=[Message("user", f"{tag} question {k}"),
                                                   Message("assistant", f"{tag} answer {k}")]) for k in range(n)]


def test_sources_parse_with_weights_and_name_the_bad_entry():
    assert parse_sources(" a.jsonl=2, data/b.jsonl ,c=0.5,") == [Source("a.jsonl", 2), Source("data/b.jsonl", 1),
                                                                 Source("c", 0.5)]
    assert parse_sources("") == []
    for bad in ("a.jsonl=two", "=2", "a.jsonl=-1", "a=inf"):
        with pytest.raises(ValueError, match=r"data.sources: .* is not PATH=WEIGHT"):
            parse_sources(bad)


def test_train_file_counts_once_unless_the_sources_weigh_it():
    assert mix_plan("t.jsonl", "") == [Source("t.jsonl", 1)]
    assert mix_plan("t.jsonl", "x.jsonl=3") == [Source("t.jsonl", 1), Source("x.jsonl", 3)]
    assert mix_plan("t.jsonl", "x.jsonl, t.jsonl=0.25") == [Source("t.jsonl", 0.25), Source("x.jsonl", 1)]
    assert mix_plan("t.jsonl", "t.jsonl=0, x.jsonl=2") == [Source("x.jsonl", 2)]


def test_weights_take_whole_copies_then_a_seeded_sample():
    items = convs(10, "a")
    assert len(weighted(items, 2, Random(0))) == 20
    half = weighted(items, 0.5, Random(0))
    assert len(half) == 5 and len({c.id for c in half}) == 5
    assert [c.id for c in half] == [c.id for c in weighted(items, 0.5, Random(0))]
    assert len(weighted(items, 1.5, Random(0))) == 15 and weighted(items, 0, Random(0)) == []


def test_mix_reads_every_source_and_knows_where_each_conversation_came_from(tmp_path: Path):
    write_jsonl(convs(6, "a"), tmp_path / "a.jsonl")
    write_jsonl(convs(4, "b"), tmp_path / "b.jsonl")
    mixed = mix([Source(str(tmp_path / "a.jsonl"), 0.5), Source(str(tmp_path / "b.jsonl"), 2)], seed=3)
    assert len(mixed.conversations) == 3 + 8 and mixed.origins == [0] * 3 + [1] * 8
    assert [(s.records, s.used) for s in mixed.shares] == [(6, 3), (4, 8)]
    assert mixed.conversations[3].id.startswith("b")


def test_config_rejects_a_mix_with_nothing_to_train_and_resolves_source_paths(tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch):
    with pytest.raises(ConfigError, match="data.sources"):
        load_config("cpu-demo", ["data.sources=data/mcp_train.jsonl=0"])
    with pytest.raises(ConfigError, match="not PATH=WEIGHT"):
        load_config("cpu-demo", ["data.sources=mine.jsonl=lots"])
    write_jsonl(convs(2, "m"), tmp_path / "mine.jsonl")
    monkeypatch.chdir(tmp_path)
    cfg = resolved_paths(load_config("cpu-demo", ["data.sources=mine.jsonl=2, data/mcp_eval_foreign.jsonl"]))
    plan = parse_sources(cfg.data.sources)
    assert plan[0] == Source(str(tmp_path / "mine.jsonl"), 2)
    assert Path(plan[1].path).is_absolute() and Path(plan[1].path).is_file()


def test_data_check_reports_each_sources_share(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    write_jsonl(convs(6, "a"), tmp_path / "a.jsonl")
    write_jsonl(convs(3, "b"), tmp_path / "b.jsonl")
    assert main(["data", "check", str(tmp_path / "a.jsonl"), f"{tmp_path / 'b.jsonl'}=2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["records"] == 9
    assert [(s["records"], s["used"]) for s in report["sources"]] == [(6, 6), (3, 6)]
    assert main(["data", "check", str(tmp_path / "a.jsonl"), f"{tmp_path / 'b.jsonl'}=2"]) == 0
    text = capsys.readouterr().out
    assert "mix:" in text and "b.jsonl x2: 3 records, 6 used, 50% of conversations" in text
    assert main(["data", "check", f"{tmp_path / 'a.jsonl'}=x"]) == 1
    assert "not PATH=WEIGHT" in capsys.readouterr().err


def test_a_short_run_tokenizes_only_the_conversations_it_needs(tmp_path: Path):
    from mcp_tui.train.worker import conversations_needed

    cfg = load_config("cpu-demo", ["train.max_steps=200"])
    assert conversations_needed(cfg) == int(200 * 4 * 1.1) + 16
    cfg.data.packing = True
    assert conversations_needed(cfg) > 10**9
    write_jsonl(convs(60, "a"), tmp_path / "a.jsonl")
    write_jsonl(convs(40, "b"), tmp_path / "b.jsonl")
    mixed = mix([Source(str(tmp_path / "a.jsonl")), Source(str(tmp_path / "b.jsonl"))], seed=1)
    few = mixed.sample(20, seed=1)
    assert len(few.conversations) == 20 and [c.id for c in few.conversations] == [
        c.id for c in mixed.sample(20, seed=1).conversations]
    assert sum(s.used for s in few.shares) == 20 and all(s.records in (60, 40) for s in few.shares)
    assert all(c.id.startswith("ab"[o]) for c, o in zip(few.conversations, few.origins))
    assert mixed.sample(500, seed=1) is mixed
