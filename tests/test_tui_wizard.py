"""New-run wizard: every step from the config's field definitions, inline validation,
live checks (model, dataset report with histogram, trainable parameters, VRAM fit),
Save, and Start on a tiny model through to a detached worker the monitor watches."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, OptionList, Select
from tui_fixtures import FakeTelemetry, anyio_backend, notified, screen_text, text_when, utc, wait_until

from mcp_tui.config import field_specs, load_config
from mcp_tui.data.conversation import Conversation, Message, Tool, ToolCall
from mcp_tui.data.formats import write_jsonl
from mcp_tui.runs import list_runs
from mcp_tui.tui.app import McpTuiApp
from mcp_tui.tui.screens.monitor import MonitorScreen
from mcp_tui.tui.screens.wizard import WizardScreen
from mcp_tui.tui.widgets.wizard.field import FieldEditor

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("utc")]
__all__ = ["anyio_backend", "utc"]


@pytest.fixture(scope="module")
def train_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tool = Tool("filesystem", "read_file", "Read a file",
                {"type": "object", "properties": {"path": {"type": "string"}}, "required": ["path"]})
    convs = [Conversation(id=f"t{i}", tools=[tool], category="tool_selection", messages=[
        Message("user", f"Show me src/mod{i}.py"),
        Message("assistant", "", [ToolCall("filesystem", "read_file", {"path": f"src/mod{i}.py"})])])
        for i in range(8)]
    path = tmp_path_factory.mktemp("data") / "train.jsonl"
    write_jsonl(convs, path)
    return path


def wizard_app(runs_dir: Path, preset: str = "cpu-demo", gpus: int = 1) -> McpTuiApp:
    return McpTuiApp(runs_dir, preset=preset, telemetry_source=FakeTelemetry(gpus), poll_s=0.2, start="new")


async def type_into(pilot, app: McpTuiApp, key: str, text: str) -> None:
    """Focus a field's text box, clear it and type, as a user would."""
    control = app.screen.query_one(f"#field-{key.replace('.', '-')} Input", Input)
    control.focus()
    await pilot.press("end", "ctrl+u", *text)
    await pilot.pause(0.05)


def check_text(app: McpTuiApp, step: str) -> str:
    return str(app.screen.query_one(f"#check-{step}").render())


async def check_result(pilot, app: McpTuiApp, step: str) -> str:
    """The step's check once it has reported for the inputs now in the fields (each change
    shows "checking…" until the check started after it reports; older ones are dropped). Bounded
    generously: on two loaded cores a check's subprocess or model build can take a minute."""
    await wait_until(pilot, lambda: check_text(app, step) not in ("", "checking…"), timeout=240,
                     what=f"the {step} check")
    return check_text(app, step)


async def test_every_field_is_on_a_step_and_presets_come_3090_first(runs_dir: Path) -> None:
    app = wizard_app(runs_dir, preset=None)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        editors = {e.spec.key for e in app.screen.query(FieldEditor)}
        assert editors == {s.key for s in field_specs()}
        options = app.screen.query_one("#preset-list", OptionList)
        names = [options.get_option_at_index(i).id for i in range(options.option_count)]
        assert "3090" in names[0] and names[-1] == "cpu-demo"
        assert app.screen.preset == names[0]
        await pilot.press("down", "ctrl+n")  # highlight the second preset, go on: it is applied
        await wait_until(pilot, lambda: app.screen.index == 1)
        assert app.screen.cfg == load_config(names[1])
        source = app.screen.query_one("#field-model-source Input", Input).value
        assert source == load_config(names[1]).model.source


async def test_inline_validation_blocks_next(runs_dir: Path) -> None:
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        for _ in range(4):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "lora")
        await type_into(pilot, app, "lora.r", "abc")
        editor = app.screen.query_one("#field-lora-r", FieldEditor)
        assert editor.has_class("invalid")
        await text_when(pilot, app, "must be an integer")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: notified(app, "lora.r: lora.r must be an integer"))
        assert app.screen.step.name == "lora"
        await type_into(pilot, app, "lora.r", "0")
        await text_when(pilot, app, "must be at least 1")
        await type_into(pilot, app, "lora.r", "8")
        assert not editor.has_class("invalid") and app.screen.cfg.lora.r == 8
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "train")


async def test_review_says_whether_it_fits(runs_dir: Path) -> None:
    app = wizard_app(runs_dir, preset="rtx3090-devstral-small")
    async with app.run_test(size=(120, 50)) as pilot:  # tall enough to show [data] under the check
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n", "ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "data")
        await type_into(pilot, app, "data.max_seq_len", "131072")
        for _ in range(4):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "review")
        await wait_until(pilot, lambda: "VRAM estimate" in check_text(app, "review"), timeout=20)
        text = check_text(app, "review")
        assert "vs GeForce RTX 3090 24 GiB" in text and "does not fit" in text
        assert "train.activation_offload = true" in text and "(fits)" in text
        await text_when(pilot, app, "max_seq_len = 131072")
        await pilot.press("ctrl+b", "ctrl+b", "ctrl+b", "ctrl+b")
        await type_into(pilot, app, "data.max_seq_len", "8192")
        for _ in range(4):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: "fits, with" in check_text(app, "review"), timeout=20)


async def test_save_writes_a_config_train_accepts(runs_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await type_into(pilot, app, "lora.r", "24")
        await pilot.press("ctrl+n")
        box = app.screen.query_one("#field-train-tensorboard Checkbox", Checkbox)
        assert box.value and str(box.label) == "on"
        box.focus()
        await pilot.press("space")  # a boolean field, by keyboard
        await wait_until(pilot, lambda: app.screen.cfg.train.tensorboard is False and str(box.label) == "off")
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "review")
        app.screen.query_one("#run-name", Input).focus()
        await pilot.press(*"my-demo", "ctrl+s")
        await wait_until(pilot, lambda: (tmp_path / "my-demo.toml").exists())
    cfg = load_config(tmp_path / "my-demo.toml")
    assert cfg == load_config("cpu-demo", ["lora.r=24", "train.tensorboard=false"])


async def test_a_bad_run_name_is_refused_and_every_field_kept(runs_dir: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n", "ctrl+n", "ctrl+n", "ctrl+n")
        await type_into(pilot, app, "lora.r", "24")
        for _ in range(2):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "review")
        name = app.screen.query_one("#run-name", Input)
        for bad in ("runs/evil", "my run", "../up"):
            name.value = bad
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: notified(app, f"run name {bad!r}: use up to 40 letters"))
            await pilot.press("ctrl+t")  # Start refuses the same name for the same reason
            await pilot.pause(0.1)
        assert isinstance(app.screen, WizardScreen) and app.screen.cfg.lora.r == 24
        assert list(tmp_path.glob("*.toml")) == [] and list_runs(runs_dir) == []
        name.value = "fine-name"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: (tmp_path / "fine-name.toml").exists())


async def test_start_is_blocked_while_the_model_is_missing(runs_dir: Path, tmp_path: Path) -> None:
    app = wizard_app(runs_dir)
    missing = tmp_path / "no-such-model"
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n")
        await type_into(pilot, app, "model.source", str(missing))
        await wait_until(pilot, lambda: "not found" in check_text(app, "model"), timeout=30)
        for _ in range(5):
            await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "review")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: notified(app, f"model.source: model folder {missing} not found"))
        assert not app.screen.starting and list_runs(runs_dir) == []
        # Skipping past the model's own check does not get a run started either.
        app.screen.blockers.clear()
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: sum(f"model folder {missing} not found" in n.message
                                            for n in app._notifications) >= 2, timeout=60)
        assert isinstance(app.screen, WizardScreen) and list_runs(runs_dir) == []


@pytest.mark.slow  # a real detached training process: start-up, 4 optimizer steps, adapter save
async def test_wizard_starts_a_run_the_monitor_follows(runs_dir: Path, tiny_model_dir: Path,
                                                        train_file: Path) -> None:
    app = wizard_app(runs_dir)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n")
        await type_into(pilot, app, "model.source", str(tiny_model_dir))
        model_check = await check_result(pilot, app, "model")
        assert "LlamaForCausalLM" in model_check and "hidden 64" in model_check
        await pilot.press("ctrl+n")
        await type_into(pilot, app, "data.train_file", str(train_file))
        await type_into(pilot, app, "data.eval_file", "")
        await type_into(pilot, app, "data.max_seq_len", "512")
        data_check = await check_result(pilot, app, "data")
        assert "8 records" in data_check and "tool_selection 8" in data_check and " | #" in data_check
        await pilot.press("ctrl+n", "ctrl+n")
        await type_into(pilot, app, "lora.r", "4")
        assert "trainable parameters" in await check_result(pilot, app, "lora")
        await pilot.press("ctrl+n")
        for key, value in (("train.max_steps", "4"), ("train.grad_accum", "1"), ("train.eval_steps", "0"),
                           ("train.save_steps", "2")):
            await type_into(pilot, app, key, value)
        select = app.screen.query_one("#field-train-device Select", Select)
        assert select.value == "cpu"
        await pilot.press("ctrl+n")
        assert "trains on the CPU" in await check_result(pilot, app, "review")
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: isinstance(app.screen, MonitorScreen) or not app.screen.starting,
                         timeout=180, what="the run to start")
        assert isinstance(app.screen, MonitorScreen), [n.message for n in app._notifications]
        [run] = list_runs(runs_dir)
        assert app.screen.run.path == run.path
        await wait_until(pilot, lambda: app.screen.snapshot is not None and app.screen.snapshot.status.state
                         == "completed", timeout=300, what="training to finish")
        assert len([m for m in app.screen.snapshot.metrics if m.get("loss") is not None]) == 4
        await text_when(pilot, app, "step 4/4")
    cfg = run.config()
    assert cfg.model.source == str(tiny_model_dir) and cfg.lora.r == 4 and cfg.data.eval_file == ""


async def type_in_one_burst(pilot, *keys: str) -> None:
    """Keys that reach the app together, as when a user types on while the app is busy
    (a check running): all queued before any is handled, then the app settles."""
    from textual import events

    driver = pilot.app._driver
    for key in keys:
        char = key if len(key) == 1 else {"minus": "-", "full_stop": "."}.get(key)
        event = events.Key(key, char)
        event.set_sender(pilot.app)
        driver.send_message(event)
    await pilot.pause(0.2)


def field_text(app: McpTuiApp, key: str) -> str:
    return app.screen.query_one(f"#field-{key.replace('.', '-')} Input", Input).value


async def test_keys_typed_on_arriving_at_a_step_go_to_its_first_field(runs_dir: Path) -> None:
    """The dataset path lost its first characters: they went to the step left behind."""
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: app.screen.step.name == "model")
        await pilot.pause(0.2)
        await type_in_one_burst(pilot, "ctrl+n", "ctrl+u", "/", "t", "m", "p", "/", "d", ".", "j", "s", "o", "n")
        assert app.screen.step.name == "data"
        assert field_text(app, "data.train_file") == "/tmp/d.json"
        assert field_text(app, "model.source") == "demo" and app.screen.cfg.model.source == "demo"


async def test_keys_typed_while_a_check_runs_go_where_the_focus_is(runs_dir: Path, monkeypatch) -> None:
    """LoRA step: `0`, Tab, `-1` typed while the trainable-parameter count runs."""
    import time as time_module

    import mcp_tui.tui.screens.wizard as wizard_module
    from mcp_tui.newrun.checks import StepCheck

    started = []

    def slow_count(cfg):  # holds the GIL as an import or a model build does
        started.append(time_module.monotonic())
        end = time_module.monotonic() + 1.5
        while time_module.monotonic() < end:
            sum(range(1000))
        return StepCheck(True, "trainable parameters: 1")

    monkeypatch.setattr(wizard_module, "count_trainable", slow_count)
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press(*["ctrl+n"] * 4)
        await wait_until(pilot, lambda: app.screen.step.name == "lora" and bool(started), what="the check")
        focused = app.screen.focused
        assert focused is app.screen.query_one("#field-lora-r Input")
        await type_in_one_burst(pilot, "ctrl+u", "0", "tab", "ctrl+u", "minus", "1")
        await wait_until(pilot, lambda: "trainable parameters" in check_text(app, "lora"), timeout=20)
        await pilot.pause(1.0)  # the checks the typing started have run and reported
        assert field_text(app, "lora.r") == "0" and field_text(app, "lora.alpha") == "-1"
        assert app.screen.focused is app.screen.query_one("#field-lora-alpha Input")


async def test_checks_wait_for_typing_to_pause(runs_dir: Path, monkeypatch) -> None:
    import mcp_tui.tui.screens.wizard as wizard_module
    from mcp_tui.newrun.checks import StepCheck

    seen: list[int] = []
    monkeypatch.setattr(wizard_module, "count_trainable", lambda cfg: seen.append(cfg.lora.r) or StepCheck(True, "ok"))
    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press(*["ctrl+n"] * 4)
        await wait_until(pilot, lambda: seen == [32], what="the step's first check")
        await type_in_one_burst(pilot, "ctrl+u", "1", "2", "8")  # three edits, one check
        await wait_until(pilot, lambda: len(seen) > 1, what="the check after typing")
        await pilot.pause(1.0)
        assert seen == [32, 128]


async def test_escape_with_unsaved_changes_asks(runs_dir: Path) -> None:
    from mcp_tui.tui.screens.home import HomeScreen
    from mcp_tui.tui.widgets.dialogs.confirm import ConfirmDialog

    app = wizard_app(runs_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press("ctrl+n", "escape")  # nothing changed: it closes
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        await pilot.press(*["ctrl+n"] * 4)
        await type_into(pilot, app, "lora.r", "24")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await text_when(pilot, app, "Discard")
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, WizardScreen))
        assert app.screen.cfg.lora.r == 24 and field_text(app, "lora.r") == "24"
        await pilot.press("escape", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
