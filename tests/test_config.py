"""Config loading, presets, overrides and the one-line errors users see."""

from __future__ import annotations

from pathlib import Path

import pytest

from mcp_tui.config import (ConfigError, RunConfig, check_hardware, field_specs, list_presets, load_config,
                            resolve_path, resolved_paths, save_config)

PRESETS = {"cpu-demo", "gpu-demo", "rtx3090-devstral-small", "rtx3090-7b", "rtx4090-devstral-small"}


def test_every_preset_loads_with_a_description():
    listed = dict(list_presets())
    assert PRESETS <= set(listed)
    for name, description in listed.items():
        assert description and "\n" not in description, name
        load_config(name)


def test_devstral_preset_is_the_qlora_recipe():
    cfg = load_config("rtx3090-devstral-small")
    assert cfg.model.source == "mistralai/Devstral-Small-2507"
    assert (cfg.quant.mode, cfg.quant.quant_type, cfg.quant.double_quant) == ("4bit", "nf4", True)
    assert cfg.quant.compute_dtype == "bfloat16"
    assert cfg.lora.target_modules == "all-linear"
    assert cfg.data.max_seq_len == 8192
    assert cfg.train.gradient_checkpointing and cfg.train.liger_kernel
    assert cfg.model.trust_remote_code is False


def test_gpu_demo_is_the_cpu_demo_recipe_trained_longer():
    """The two demos differ in length and where they run, not in what they learn from."""
    cpu, gpu = load_config("cpu-demo"), load_config("gpu-demo")
    assert (gpu.model, gpu.data, gpu.lora) == (cpu.model, cpu.data, cpu.lora)
    assert (cpu.train.device, gpu.train.device) == ("cpu", "cuda")
    assert gpu.train.max_steps == 8 * cpu.train.max_steps
    assert gpu.train.batch_size * gpu.train.grad_accum == cpu.train.batch_size * cpu.train.grad_accum
    sources = [resolve_path(s.strip().split("=")[0]) for s in cpu.data.sources.split(",")]
    assert [p.name for p in sources] == ["mcp_train_negatives.jsonl", "mcp_train_contrast.jsonl"]
    assert all(p.is_file() for p in sources)


def test_extends_inherits_and_overrides():
    parent, child = load_config("rtx3090-devstral-small"), load_config("rtx3090-7b")
    assert child.quant == parent.quant
    assert child.model.source != parent.model.source
    assert child.lora.r == 32


def test_user_file_extends_a_preset(tmp_path: Path):
    path = tmp_path / "mine.toml"
    path.write_text('extends = "cpu-demo"\n[lora]\nr = 4\n')
    cfg = load_config(path)
    assert cfg.lora.r == 4 and cfg.model.source == "demo"


def test_overrides_are_typed():
    cfg = load_config("cpu-demo", ["lora.r=32", "train.lr=1e-3", "data.packing=true", "lora.dropout=0"])
    assert cfg.lora.r == 32 and cfg.train.lr == 1e-3 and cfg.data.packing is True
    assert cfg.lora.dropout == 0.0 and isinstance(cfg.lora.dropout, float)


@pytest.mark.parametrize("override, message", [
    ("lora.rank=32", "--set lora.rank=32: unknown key 'lora.rank' (did you mean 'lora.r'?)"),
    ("lora.r=many", "--set lora.r=many: lora.r must be an integer, got 'many'"),
    ("lora.r=0", "--set lora.r=0: lora.r must be at least 1, got 0"),
    ("quant.mode=3bit", "--set quant.mode=3bit: quant.mode must be one of none, 4bit, 8bit, got '3bit'"),
    ("data.packing=maybe", "--set data.packing=maybe: data.packing must be true or false, got 'maybe'"),
    ("lora.r", "--set lora.r: expected section.key=value, e.g. lora.r=32"),
])
def test_bad_override_is_one_line_naming_the_key(override: str, message: str):
    with pytest.raises(ConfigError) as err:
        load_config("cpu-demo", [override])
    assert str(err.value) == message


def test_bad_file_names_file_and_key(tmp_path: Path):
    path = tmp_path / "config.toml"
    path.write_text("[lora]\nrank = 8\n")
    with pytest.raises(ConfigError, match=r"config.toml: unknown key 'lora.rank' \(did you mean 'lora.r'\?\)$"):
        load_config(path)
    path.write_text("[lora]\nr = \"8\"\n")
    with pytest.raises(ConfigError, match="config.toml: lora.r must be an integer, got '8'"):
        load_config(path)
    path.write_text("[lora\n")
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_config(path)
    path.write_text("[trian]\nlr = 1.0\n")
    with pytest.raises(ConfigError, match="unknown key 'trian' \\(did you mean 'train'\\?\\)"):
        load_config(path)


def test_extends_loop_and_unknown_preset(tmp_path: Path):
    a, b = tmp_path / "a.toml", tmp_path / "b.toml"
    a.write_text('extends = "b.toml"\n')
    b.write_text('extends = "a.toml"\n')
    with pytest.raises(ConfigError, match="loops"):
        load_config(a)
    with pytest.raises(ConfigError, match="unknown preset 'cpu-dem' \\(did you mean 'cpu-demo'\\?\\)"):
        load_config("cpu-dem")


def test_impossible_combinations():
    with pytest.raises(ConfigError, match="4bit quantization needs a CUDA GPU"):
        load_config("cpu-demo", ["quant.mode=4bit"])
    gpu_cfg = load_config("rtx3090-devstral-small")
    with pytest.raises(ConfigError, match="^4bit quantization needs a CUDA GPU"):
        check_hardware(gpu_cfg, cuda_available=False)
    check_hardware(gpu_cfg, cuda_available=True)
    check_hardware(load_config("cpu-demo"), cuda_available=False)


def test_save_round_trips_every_key(tmp_path: Path):
    cfg = load_config("rtx3090-7b", ["lora.r=8"])
    save_config(cfg, tmp_path / "c.toml")
    text = (tmp_path / "c.toml").read_text()
    for spec in field_specs():
        assert f"{spec.name} = " in text, spec.key
    assert load_config(tmp_path / "c.toml") == cfg


def test_every_field_has_metadata_and_valid_default():
    specs = field_specs()
    assert len({s.key for s in specs}) == len(specs)
    for s in specs:
        assert s.help, s.key
        assert isinstance(s.default, s.type), s.key
        if s.choices:
            assert s.default in s.choices, s.key
    assert RunConfig().train.attn_implementation == "sdpa"


def test_data_paths_fall_back_to_bundled_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    bundled = resolve_path("data/mcp_train.jsonl")
    assert bundled.is_absolute() and bundled.parent.name == "bundled"
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mcp_train.jsonl").write_text("")
    assert resolve_path("data/mcp_train.jsonl") == tmp_path / "data" / "mcp_train.jsonl"
    cfg = resolved_paths(load_config("cpu-demo", ["data.eval_file=mine.jsonl"]))
    assert cfg.data.eval_file == str(tmp_path / "mine.jsonl")
    assert cfg.model.source == "demo"


@pytest.mark.parametrize(("override", "message"), [
    ("train.lr=nan", "--set train.lr=nan: train.lr must be a finite number, got nan; write a number such as 0.0002"),
    ("train.epochs=inf", "--set train.epochs=inf: train.epochs must be a finite number, got inf"),
    ("lora.dropout=1e999", "--set lora.dropout=1e999: lora.dropout must be a finite number, got inf"),
    ("train.seed=" + "7" * 40, "train.seed must be an integer of at most 19 digits, got one of 40"),
    ("train.seed=" + "7" * 5000, "--set train.seed=" + "7" * 49 + "... (5011 characters): train.seed must be an "
                                 "integer of at most 19 digits, got one of 5000"),
])
def test_non_finite_and_oversized_numbers_are_refused(override: str, message: str):
    with pytest.raises(ConfigError) as err:
        load_config("cpu-demo", [override])
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize(("content", "message"), [
    (b"[train]\nlr = nan\n", "train.lr must be a finite number, got nan"),
    (b"[train]\nwarmup_ratio = -inf\n", "train.warmup_ratio must be a finite number, got -inf"),
    (b"[train]\nseed = " + b"9" * 5000 + b"\n", "invalid TOML: Exceeds the limit (4300 digits)"),
    (b"a = " + b"[" * 50_000 + b"]" * 50_000, "invalid TOML: nested too deeply"),
    (bytes(range(256)), "not UTF-8 text (binary content at byte 128); a config is a TOML text file"),
])
def test_hostile_toml_is_a_one_line_config_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert str(err.value).startswith(str(path)) and message in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(ConfigError, match="not a regular file"):
        load_config("/dev/zero")


def test_lora_targets_have_one_reading_and_unknown_names_are_refused():
    from mcp_tui.config import LORA_MODULES, lora_targets

    assert lora_targets(load_config("cpu-demo").lora) == LORA_MODULES
    assert lora_targets(load_config("cpu-demo", ["lora.target_modules= q_proj, v_proj,q_proj"]).lora) == ("q_proj", "v_proj")
    with pytest.raises(ConfigError, match=r"cpu-demo: lora.target_modules.*unknown module 'qproj'.*all-linear"):
        load_config("cpu-demo", ["lora.target_modules=q_proj,qproj"])
    with pytest.raises(ConfigError, match="lora.target_modules is empty"):
        load_config("cpu-demo", ["lora.target_modules= , "])
