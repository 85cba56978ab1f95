"""bench/multi_gpu.py on CPU processes (gloo) with tiny widths: the same launches, phases and
report as on two GPUs. One rank and two at the same global batch give the same losses, the
report sets them side by side with the 1 -> 2 scaling, and a launch that fails or would not fit
the time budget is recorded while the others go on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench import multi_gpu

pytest.importorskip("bitsandbytes")

TINY = ["--device", "cpu", "--tiny", "--shapes", "mistral-7b", "--gpus", "1,2", "--seq", "64", "--loss-seq", "32",
        "--warmup", "1", "--steps", "2", "--loss-steps", "3"]


@pytest.mark.slow  # three launches of torchrun, each building a tiny 4-bit model
def test_one_and_two_ranks_side_by_side(tmp_path: Path):
    assert multi_gpu.main([*TINY, "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "multi_gpu.json").read_text())
    one, two = (json.loads((tmp_path / f"mistral-7b_{n}gpu.json").read_text()) for n in (1, 2))
    assert (one["gpus"], two["gpus"], one["preset"]) == (1, 2, "rtx3090-7b")
    assert len(two["throughput"]["rank_step_s"]) == 2 and two["throughput"]["tokens_per_s"] > 0
    # The same rows per optimizer step: accumulated on one rank, one each on two.
    assert two["loss"]["losses"] == pytest.approx(one["loss"]["losses"], rel=1e-4)
    losses = report["losses"]["mistral-7b"]
    assert losses["gpus"] == [1, 2] and len(losses["steps"]) == 3 and losses["max_rel_diff"] < 1e-4
    scaling = report["scaling"]["mistral-7b"]
    assert scaling["1"]["speedup"] == 1.0 and scaling["2"]["speedup"] > 0 and scaling["2"]["status"] == "ok"
    log = (tmp_path / "multi_gpu_log.txt").read_text()
    assert "=== mistral-7b on 1" in log and "=== mistral-7b on 2" in log

    # A launch whose build fails is recorded with its error, and the next one still runs.
    bad = tmp_path / "bad"
    assert multi_gpu.main([*TINY, "--shapes", "mistral-7b,devstral-small", "--gpus", "1",
                           "--set", "train.no_such_key=1", "--out", str(bad)]) == 0
    points = json.loads((bad / "multi_gpu.json").read_text())["points"]
    assert [p["shape"] for p in points] == ["mistral-7b", "devstral-small"]
    for point in points:
        assert point["build"]["status"] == "error" and "no_such_key" in point["build"]["error"]
        assert point["exit"] != 0


def test_launches_that_cannot_fit_the_budget_are_skipped(tmp_path: Path):
    assert multi_gpu.main([*TINY, "--budget-s", "5", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "multi_gpu.json").read_text())
    assert [p["launch_error"][:28] for p in report["points"]] == ["skipped (time budget: 35 s p"] * 2
    assert not list(tmp_path.glob("mistral-7b_*gpu.json"))


def test_global_batch_must_split_over_every_gpu_count():
    with pytest.raises(SystemExit):
        multi_gpu.parse(["--gpus", "1,3", "--global-batch", "2"])
