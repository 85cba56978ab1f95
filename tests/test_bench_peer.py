"""bench/peer_*.py on CPU: the shared NF4 checkpoint loads in transformers as written (and its
twin shape reads the same weights), our side measures a ladder from it through the trainer's
loader, the driver keeps what every child measured through crashes, timeouts, out-of-memory
and the time budget, and the report sets the two tools side by side. Unsloth itself needs a
CUDA GPU and is not installed here."""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

import pytest
import torch

from bench import peer_bench, peer_checkpoint, peer_wheels, qlora_bench, report

pytest.importorskip("bitsandbytes")


@pytest.fixture(scope="module")
def checkpoints(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Tiny Devstral Small 2 and Devstral Small checkpoints (the second links the first's weights)."""
    root = tmp_path_factory.mktemp("peer")
    for shape in ("devstral-small-2", "devstral-small"):
        peer_checkpoint.write(shape, root, tiny=True, device="cpu", shard_gib=1.0)
    return root


def _dequantized(folder: Path) -> dict[str, torch.Tensor]:
    import bitsandbytes.functional as F
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(folder, device_map={"": "cpu"}, local_files_only=True)
    return {name: F.dequantize_4bit(m.weight.data, m.weight.quant_state) for name, m in model.named_modules()
            if type(m).__name__ == "Linear4bit"} | {"lm_head": model.lm_head.weight.data, "type": type(model).__name__}


@pytest.mark.slow
def test_checkpoint_is_nf4_as_transformers_writes_it_and_twins_share_it(checkpoints: Path):
    from transformers import AutoTokenizer

    small2, small = checkpoints / "devstral-small-2-tiny", checkpoints / "devstral-small-tiny"
    config = json.loads((small2 / "config.json").read_text())
    quant = config["quantization_config"]
    assert (quant["quant_method"], quant["bnb_4bit_quant_type"], quant["bnb_4bit_use_double_quant"]) == \
        ("bitsandbytes", "nf4", True)
    assert config["model_type"] == "ministral3" and config["rope_parameters"]["llama_4_scaling_beta"] == 0.1
    assert json.loads((small / "config.json").read_text())["model_type"] == "mistral"
    assert json.loads((small / "peer_checkpoint.json").read_text())["weights_from"] == str(small2)
    a, b = _dequantized(small2), _dequantized(small)
    assert (a.pop("type"), b.pop("type")) == ("Ministral3ForCausalLM", "MistralForCausalLM")
    assert len(a) == 2 * 7 + 1 and a.keys() == b.keys()
    for name in a:
        torch.testing.assert_close(a[name], b[name], rtol=0, atol=0, msg=name)
    tokenizer = AutoTokenizer.from_pretrained(small2)
    assert (tokenizer.bos_token_id, tokenizer.eos_token_id) == (config["bos_token_id"], config["eos_token_id"])
    assert tokenizer.pad_token is not None and len(tokenizer) <= config["vocab_size"]
    again = peer_checkpoint.write("devstral-small-2", checkpoints, tiny=True, device="cpu", shard_gib=1.0)
    assert again["reused"]


@pytest.mark.slow
def test_ours_measures_a_ladder_from_the_checkpoint_on_cpu(checkpoints: Path, tmp_path: Path):
    out = tmp_path / "ours.json"
    qlora_bench.main(["--shape", "devstral-small-2", "--device", "cpu", "--checkpoint",
                      str(checkpoints / "devstral-small-2-tiny"), "--recipe", "preset:rtx3090-devstral-small-2",
                      "--set", "quant.mode=none", "--set", "train.device=cpu", "--seqs", "16,32", "--caps", "23",
                      "--steps", "1", "--out", str(out)])
    result = json.loads(out.read_text())
    assert result["tool"] == "ours" and result["checkpoint"].endswith("devstral-small-2-tiny")
    assert [(p["seq"], p["status"]) for p in result["points"]] == [(16, "ok"), (32, "ok")]
    assert all(p["tokens_per_s"] > 0 and len(p["losses"]) == 2 for p in result["points"])
    assert any(note.startswith("fused LoRA: 14 linear layers") for note in result["notes"])


def _trained_as(model) -> dict:
    """What decides a step's memory and numbers, read off a peft model after setup: which
    modules are in training mode, which layers recompute (checkpointing on and in effect),
    the cache, the forward that runs (Liger patches it on GPU), the module kinds (fused LoRA),
    parameter dtypes, devices and which train (the input embedding, the norms and lm_head among
    them), buffer dtypes (RoPE), and how the 4-bit linears dequantize and compute."""
    import bitsandbytes as bnb

    from mcp_tui.train import kernels

    base = model.base_model.model
    quant = {(str(m.compute_dtype), m.weight.quant_state.quant_type, m.weight.quant_state.blocksize,
              m.weight.quant_state.nested, str(m.quant_storage)) for m in model.modules() if isinstance(m, bnb.nn.Linear4bit)}
    return {"eval_modules": sorted({type(m).__name__ for m in model.modules() if not m.training}),
            "recomputed": kernels.recomputed_layers(base), "use_cache": base.config.use_cache,
            "forward": type(base).forward.__qualname__, "attn": base.config._attn_implementation,
            "modules": sorted({type(m).__name__ for m in model.modules()}),
            "params": sorted({(n.split(".")[-2], str(p.dtype), p.device.type, p.requires_grad)
                              for n, p in model.named_parameters()}),
            "buffers": sorted({(n.split(".")[-1], str(b.dtype)) for n, b in model.named_buffers()}),
            "quant": sorted(quant)}


@pytest.mark.slow
@pytest.mark.parametrize("preset", ["rtx3090-devstral-small-2", "rtx3090-devstral-small-2-32k"])
def test_a_checkpoint_trains_like_the_model_built_in_place(checkpoints: Path, checkpointed_calls: list, preset: str):
    """The first H200 run loaded the checkpoint in eval mode and never left it: no layer was
    checkpointed and an 8192-token step ran out of 23 GiB where the built model peaked at
    19.6 GiB. Both bases must come out of setup alike (training mode, checkpointing, dtypes of
    the embedding, norms and lm_head, the 4-bit layers), and a step must recompute every layer."""
    recipe = f"preset:{preset}"
    cfg = qlora_bench.recipe_config(recipe, ["quant.mode=none", "train.device=cpu", "train.gradient_checkpointing=true"])
    folder = checkpoints / "devstral-small-2-tiny"
    shape = peer_checkpoint.checkpoint_shape(folder)
    built, _, _ = qlora_bench.build(shape, recipe, cfg, "", "cpu")
    loaded, optimizer, _ = qlora_bench.build(shape, recipe, cfg, str(folder), "cpu")
    setup = _trained_as(loaded)
    assert setup == _trained_as(built)
    assert setup["recomputed"] == [True, True] and not setup["eval_modules"]
    assert ("embed_tokens", "torch.bfloat16", "cpu", False) in setup["params"]
    assert ("lm_head", "torch.bfloat16", "cpu", False) in setup["params"]
    assert setup["quant"] == [("torch.bfloat16", "nf4", 64, True, "torch.uint8")]
    step = qlora_bench.recipe_stepper(loaded, optimizer, cfg, recipe)
    assert step.recomputed_layers == 2
    loaded.eval()  # as an evaluation between steps leaves it
    checkpointed_calls.clear()
    step([qlora_bench.row(list(range(1, 17)), "cpu")])
    assert sorted(index for index, _ in checkpointed_calls) == [0, 1]


def test_budget_skips_a_length_that_cannot_fit():
    last = {"status": "ok", "seq": 8192, "step_s": 2.0}
    assert qlora_bench.predicted_s(last, 16384, 1) == pytest.approx(2 * 2.0 * 2 ** 1.3)
    assert qlora_bench.predicted_s(None, 16384, 1) == 0.0
    assert qlora_bench.predicted_s({"status": "oom", "seq": 8192}, 16384, 1) == 0.0


def test_each_length_gets_the_preset_a_user_picks_for_it():
    groups = peer_bench.ours_groups("devstral-small-2", [2048, 8192, 16384, 32768, 65536])
    assert [(recipe, seqs) for recipe, _, seqs, _ in groups] == [
        ("preset:rtx3090-devstral-small-2", [2048]), ("preset:rtx3090-devstral-small-2", [8192]),
        ("preset:rtx3090-devstral-small-2", [16384]), ("preset:rtx3090-devstral-small-2-32k", [32768, 65536])]
    assert groups[0][1] == ["data.max_seq_len=2048"]
    assert groups[2][1] == ["data.max_seq_len=16384", "train.activation_offload=true"]
    long_7b = peer_bench.ours_groups("mistral-7b", [65536])
    assert long_7b == [("preset:rtx3090-7b", ["data.max_seq_len=65536", *peer_bench.LONG_OVERRIDES], [65536],
                        "rtx3090-7b + offload + tiled MLP")]


def _fake(tool: str, label: str, seqs: list[int], points: list[dict], then: str, out: Path) -> peer_bench.Child:
    """A child that writes `points` as its result, then exits 0, crashes, or hangs."""
    result = {"shape": "devstral-small-2", "tool": tool, "label": label, "device": "NVIDIA H200", "points": points}
    end = {"ok": "pass", "crash": "sys.exit(3)", "hang": "time.sleep(60)"}[then]
    code = f"import json, sys, time; open({str(out)!r}, 'w').write(json.dumps({result!r})); {end}"
    return peer_bench.Child(tool, "devstral-small-2", label, ["-c", code], seqs, out)


def _ok(seq: int, tokens_per_s: float, peak: float, step_s: float = 0.01) -> dict:
    return {"seq": seq, "cap_gib": 23.0, "status": "ok", "step_s": step_s, "tokens_per_s": tokens_per_s,
            "peak_allocated_gib": peak}


@pytest.mark.slow
def test_driver_keeps_every_point_through_a_crash_and_a_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    res = tmp_path / "scratch"
    res.mkdir()
    children = [
        peer_bench.Child("checkpoint", "devstral-small-2", "checkpoint", ["-c", "pass"]),
        _fake("unsloth", "Unsloth", [8192, 32768, 65536], [_ok(8192, 3000, 20.0)], "crash", res / "peer_unsloth_d.json"),
        _fake("ours", "preset", [8192], [_ok(8192, 3700, 19.6)], "ok", res / "peer_ours_d_8192.json"),
        _fake("ours", "32k preset", [32768, 65536], [_ok(32768, 2400, 18.3)], "hang", res / "peer_ours_d_32768.json"),
        _fake("ours", "32k preset", [131072], [], "ok", res / "peer_ours_d_131072.json"),
    ]
    monkeypatch.setattr(peer_bench, "plan", lambda args, shape: children)
    monkeypatch.setattr(peer_bench, "START_S", {"checkpoint": 0.0, "unsloth": 0.0, "ours": 0.0})
    monkeypatch.setattr(peer_bench, "MARGIN_S", 0.0)
    out = tmp_path / "out"
    peer_bench.main(["--shapes", "devstral-small-2", "--budget-s", "4", "--dir", str(tmp_path / "peer"),
                     "--out", str(out)])
    bundle = json.loads((out / "peer_results.json").read_text())
    statuses = {name: [(p["seq"], p["status"]) for p in r["points"]] for name, r in bundle["results"].items()}
    assert statuses == {"peer_unsloth_d": [(8192, "ok"), (32768, "crashed (exit 3)")],
                        "peer_ours_d_8192": [(8192, "ok")],
                        "peer_ours_d_32768": [(32768, "ok"), (65536, "timeout")]}
    assert bundle["runs"][-1] == {"tool": "ours", "shape": "devstral-small-2", "label": "32k preset",
                                  "skipped": "a shorter length failed", "seqs": [131072]}
    assert "=== unsloth devstral-small-2 Unsloth" in (out / "peer_log.txt").read_text()

    raw = tmp_path / "raw"
    assert len(peer_bench.unbundle(out / "peer_results.json", raw)) == 3
    table = report.peer_rows(report.load(raw), report.load(raw, "unsloth"))
    assert table[2:] == [
        "| devstral-small-2 | 8192 | H200, 23 GiB | preset | 3700 tok/s, 19.6 GiB | 3000 tok/s, 20.0 GiB | 1.23x |",
        "| devstral-small-2 | 32768 | H200, 23 GiB | 32k preset | 2400 tok/s, 18.3 GiB | crashed (exit 3) |  |",
        "| devstral-small-2 | 65536 | H200, 23 GiB | 32k preset | timeout | - |  |"]


def test_each_preset_runs_its_ladder_after_another_failed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The first H200 run skipped the 32k preset because the base preset failed at 8192; a
    failure stops only its own ladder. --tools sets the order, --unsloth-seqs Unsloth's lengths."""
    res = tmp_path / "scratch"
    res.mkdir()
    oom = {"seq": 8192, "cap_gib": 23.0, "status": "oom", "peak_allocated_gib": 22.7}
    children = [_fake("ours", "preset", [8192], [oom], "ok", res / "peer_ours_d_8192.json"),
                _fake("ours", "preset", [16384], [], "ok", res / "peer_ours_d_16384.json"),
                _fake("ours", "32k preset", [32768], [_ok(32768, 2400, 18.3)], "ok", res / "peer_ours_d_32768.json"),
                _fake("unsloth", "Unsloth", [8192], [_ok(8192, 3500, 20.0)], "ok", res / "peer_unsloth_d.json")]
    monkeypatch.setattr(peer_bench, "plan", lambda args, shape: children)
    monkeypatch.setattr(peer_bench, "START_S", {"ours": 0.0, "unsloth": 0.0})
    peer_bench.main(["--budget-s", "60", "--dir", str(tmp_path / "peer"), "--out", str(tmp_path / "out")])
    runs = json.loads((tmp_path / "out" / "peer_results.json").read_text())["runs"]
    assert [(r["label"], r.get("skipped", r.get("rc"))) for r in runs] == [
        ("preset", 0), ("preset", "a shorter length failed"), ("32k preset", 0), ("Unsloth", 0)]

    monkeypatch.undo()
    args = peer_bench.parse(["--tools", "ours,unsloth", "--seqs", "8192,32768,65536", "--unsloth-seqs", "8192,16384"])
    planned = peer_bench.plan(args, "devstral-small-2")
    assert [(c.tool, c.seqs) for c in planned] == [("checkpoint", []), ("ours", [8192]), ("ours", [32768, 65536]),
                                                   ("unsloth", [8192, 16384])]
    assert "--seqs 8192,16384" in " ".join(planned[-1].args)
    with pytest.raises(SystemExit):
        peer_bench.parse(["--tools", "ours,axolotl"])


def test_a_ladder_stops_at_out_of_memory_an_error_or_a_dead_child():
    ran = {"rc": 0}
    assert not peer_bench.failed({"points": [{"status": "ok"}, {"status": "skipped (time budget)"}]}, ran)
    assert peer_bench.failed({"points": [{"status": "ok"}, {"status": "oom"}]}, ran)
    assert peer_bench.failed({"points": [{"status": "error"}]}, ran)
    assert peer_bench.failed(None, {"rc": None})


def test_budget_leaves_a_child_unrun_when_its_first_length_cannot_fit(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch):
    res = tmp_path / "scratch"
    res.mkdir()
    children = [_fake("ours", "preset", [8192], [_ok(8192, 100, 19.6, step_s=82)], "ok", res / "peer_ours_d_8192.json"),
                _fake("ours", "long", [65536], [], "ok", res / "peer_ours_d_65536.json")]
    monkeypatch.setattr(peer_bench, "plan", lambda args, shape: children)
    monkeypatch.setattr(peer_bench, "START_S", {"ours": 0.0})
    peer_bench.main(["--budget-s", "60", "--dir", str(tmp_path / "peer"), "--out", str(tmp_path / "out")])
    runs = json.loads((tmp_path / "out" / "peer_results.json").read_text())["runs"]
    assert runs[0]["rc"] == 0 and runs[1]["skipped"].startswith("time budget")


def test_plan_names_every_process_and_its_result(capsys: pytest.CaptureFixture[str]):
    peer_bench.main(["--shapes", "devstral-small-2", "--seqs", "8192,32768", "--plan"])
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["checkpoint", "unsloth", "ours", "ours"]
    assert "bench.peer_unsloth" in lines[1] and "--seqs 8192,32768" in lines[1]
    assert "--out /tmp/peer/results/peer_ours_devstral-small-2_32768.json" in lines[3]
    with pytest.raises(SystemExit):
        peer_bench.parse(["--seqs", "32768,8192"])


def test_slim_wheel_drops_the_web_ui_and_its_record_lines(tmp_path: Path):
    src, dest = tmp_path / "unsloth-1-py3-none-any.whl", tmp_path / "slim"
    dest.mkdir()
    record = "unsloth/__init__.py,sha256=x,1\nstudio/app.py,sha256=y,2\nunsloth-1.dist-info/RECORD,,\n"
    with zipfile.ZipFile(src, "w") as z:
        z.writestr("unsloth/__init__.py", "")
        z.writestr("studio/app.py", "")
        z.writestr("unsloth_cli/__init__.py", "")
        z.writestr("unsloth-1.dist-info/RECORD", record)
    with zipfile.ZipFile(peer_wheels.slim(src, dest)) as z:
        assert z.namelist() == ["unsloth/__init__.py", "unsloth-1.dist-info/RECORD"]
        assert z.read("unsloth-1.dist-info/RECORD").decode() == \
            "unsloth/__init__.py,sha256=x,1\nunsloth-1.dist-info/RECORD,,\n"


def test_a_model_with_its_embedding_in_host_memory_computes_on_the_gpu():
    """Unsloth keeps the input embedding on the CPU: the first H200 run took the first
    parameter's device for the step's, so its points had no peaks (and autocast ran on the CPU)."""
    from types import SimpleNamespace

    def model(*where: str):
        params = [SimpleNamespace(is_cuda=w == "cuda", device=torch.device("cpu") if w == "cpu" else None) for w in where]
        return SimpleNamespace(parameters=lambda: iter(params))

    assert qlora_bench.compute_device_type(model("cpu", "cuda", "cuda")) == "cuda"
    assert qlora_bench.compute_device_type(model("cpu", "cpu")) == "cpu"


def test_unsloth_runner_parses_without_importing_unsloth():
    from bench import peer_unsloth

    args = peer_unsloth.parse(["--shape", "mistral-7b", "--checkpoint", "/c", "--preset", "rtx3090-7b",
                               "--seqs", "2048,8192", "--caps", "23", "--out", "u.json"])
    assert (args.seqs, args.caps, args.profile) == ([2048, 8192], [23.0], [])
    assert "unsloth" not in sys.modules


def test_unsloth_that_cannot_run_leaves_the_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from bench import peer_unsloth

    monkeypatch.setitem(sys.modules, "unsloth", None)  # as if not installed
    out = tmp_path / "u.json"
    assert peer_unsloth.main(["--shape", "devstral-small-2", "--checkpoint", "/c", "--preset",
                              "rtx3090-devstral-small-2", "--seqs", "8192,32768", "--caps", "23", "--out", str(out)]) == 1
    point = json.loads(out.read_text())["points"]
    assert point == [{"seq": 8192, "cap_gib": 23.0, "status": "error", "error": point[0]["error"]}]
    assert point[0]["error"].startswith("import unsloth: ModuleNotFoundError")


class _CountingStep:
    """A Stepper stand-in: counts the steps it is asked for."""

    device_type, recomputed_layers = "cpu", 2

    def __init__(self) -> None:
        self.calls = 0
        self.optimizer = type("Optimizer", (), {"zero_grad": lambda self, set_to_none=True: None})()

    def __call__(self, batches: list) -> float:
        self.calls += 1
        return 1.0


def test_a_warmed_up_process_times_a_long_length_in_one_step(tmp_path: Path):
    from argparse import Namespace

    from mcp_tui.config import load_config

    shape = peer_checkpoint.bench_shape("devstral-small-2", tiny=True)
    args = Namespace(seqs=[9000, 9100, 9200], caps=[23.0], steps=2, long_steps=0, profile=[], deadline=float("inf"),
                     out=str(tmp_path / "r.json"))
    step, result = _CountingStep(), {"points": []}
    qlora_bench.seq_mode(args, shape, load_config("rtx3090-devstral-small-2"), step, result)
    assert [(p["warmup_steps"], len(p["steps_s"])) for p in result["points"]] == [(1, 1), (0, 1), (0, 1)]
    assert step.calls == 2 + 1 + 1
    args.deadline = 0.0  # a deadline already passed: no length is started
    result = {"points": []}
    qlora_bench.seq_mode(args, shape, load_config("rtx3090-devstral-small-2"), _CountingStep(), result)
    assert [p["status"] for p in result["points"]] == ["skipped (time budget)"] * 3


@pytest.mark.slow
def test_the_driver_runs_our_side_end_to_end_on_a_tiny_checkpoint(tmp_path: Path):
    """The commands the driver builds, run for real: the checkpoint child, then ours."""
    out = tmp_path / "out"
    peer_bench.main(["--tiny", "--tools", "ours", "--seqs", "32", "--budget-s", "300", "--dir", str(tmp_path / "peer"),
                     "--out", str(out)])
    bundle = json.loads((out / "peer_results.json").read_text())
    assert [run["rc"] for run in bundle["runs"]] == [0, 0], (out / "peer_log.txt").read_text()[-2000:]
    result = bundle["results"]["peer_ours_devstral-small-2_32"]
    assert result["config"]["data"]["max_seq_len"] == 32 and result["label"] == "rtx3090-devstral-small-2"
    assert [(p["seq"], p["status"]) for p in result["points"]] == [(32, "ok")]
