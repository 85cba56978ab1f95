"""New run, step by step: preset, model, dataset, quantization, LoRA, training, review.

Every field comes from its definition in `mcp_tui.config` (help text, choices, bounds),
so the wizard asks exactly what `mcp-tui new --plain` asks and validates it the same way.
Checks that touch disk or build models (is the model there, the dataset report, the
trainable-parameter count, the VRAM estimate) run in workers when their inputs change.
Start creates the run directory and launches the detached training process.
"""

from __future__ import annotations

import copy
import dataclasses
import subprocess
import threading
from pathlib import Path

import tomli_w
from rich.syntax import Syntax
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.reactive import reactive
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Button, ContentSwitcher, Footer, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from mcp_tui.config import RunConfig, field_specs, list_presets, load_config, save_config
from mcp_tui.gpu import Telemetry
from mcp_tui.newrun.checks import (StepCheck, count_trainable, dataset_check, describe_model, review_check,
                                   validation_problem)
from mcp_tui.newrun.steps import STEPS, preset_order
from mcp_tui.runs import run_name_problem
from mcp_tui.tui.messages import RunStarted
from mcp_tui.tui.subprocesses import kill
from mcp_tui.tui.widgets.wizard.field import FieldEditor, OrderedInput
from mcp_tui.tui.widgets.wizard.steps import StepBar

# Seconds a step (or its inputs) must stay unchanged before its check runs.
CHECK_DELAY_S = 0.6
# Which live check each step shows, and the keys whose change reruns it.
CHECKS: dict[str, tuple[str, ...]] = {
    "model": ("model.source", "model.trust_remote_code"),
    "data": ("data.train_file", "data.sources", "data.eval_file", "data.max_seq_len", "data.tool_listing",
             "model.source"),
    "lora": ("lora.r", "lora.target_modules", "lora.last_layers", "model.source"),
    "review": (),
}


@dataclasses.dataclass
class CheckDone(Message):
    """A step's check finished for the config it was started with."""

    step: str
    stamp: int
    check: StepCheck


@dataclasses.dataclass
class Started(Message):
    """Start finished: the new run's folder, or the reason it could not start."""

    run_path: Path | None
    error: str


def section_title(section: str) -> Text:
    """`[train]  The optimization loop …`: the section's own docstring, from config.py."""
    doc = (type(getattr(RunConfig(), section)).__doc__ or "").strip().splitlines()[0]
    return Text(f"[{section}]  {doc}")


class WizardScreen(Screen[None]):
    """The new-run wizard. ctrl+n / ctrl+b move between steps; Esc cancels."""

    BINDINGS = [
        Binding("ctrl+b", "step(-1)", "Back", priority=True),
        Binding("ctrl+n", "step(1)", "Next", priority=True),
        Binding("ctrl+o", "browse", "Open dataset", priority=True),
        Binding("ctrl+t", "start", "Start training", priority=True),
        Binding("ctrl+s", "save", "Save TOML", priority=True),
        # Focus moves as each key is handled (priority: before the app hands the keys after it
        # to the field that had focus), so typing on after Tab while a check runs is not misrouted.
        Binding("tab", "focus_next", "Next field", show=False, priority=True),
        Binding("shift+tab", "focus_previous", "Previous field", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    index: reactive[int] = reactive(0)

    def __init__(self, preset: str | None = None) -> None:
        super().__init__()
        self.presets = sorted(list_presets(), key=lambda p: preset_order(p[0]))
        names = [name for name, _ in self.presets]
        self.preset = preset if preset in names else names[0]
        self.cfg: RunConfig = load_config(self.preset)
        # What Esc may drop without asking: the preset as loaded, or the config last saved.
        self.saved: RunConfig = copy.deepcopy(self.cfg)
        self.errors: dict[str, str] = {}
        self.stamp = 0
        self._check_timers: dict[str, Timer] = {}
        self.starting = False
        self.data_check: subprocess.Popen[str] | None = None
        self._data_check_lock = threading.Lock()
        # Why the run cannot start, by the step whose check found it (a missing model).
        self.blockers: dict[str, str] = {}

    # ---------------------------------------------------------------- layout

    def compose(self) -> ComposeResult:
        yield Header()
        yield StepBar().data_bind(index=WizardScreen.index)
        yield Static(id="step-intro")
        with ContentSwitcher(initial="step-preset", id="steps"):
            with VerticalScroll(id="step-preset"):
                yield OptionList(*[Option(Text.assemble((name, "bold"), "\n", (desc, "dim")), id=name)
                                   for name, desc in self.presets], id="preset-list")
            for step in STEPS[1:-1]:
                with VerticalScroll(id=f"step-{step.name}"):
                    if step.name in CHECKS:
                        yield Static("", id=f"check-{step.name}", classes="check")
                    for section in step.sections:
                        if len(step.sections) > 1:
                            yield Static(section_title(section), classes="section-title")
                        for spec in field_specs():
                            if spec.section == section:
                                yield FieldEditor(spec, getattr(getattr(self.cfg, spec.section), spec.name))
            with VerticalScroll(id="step-review"):
                with Horizontal(classes="field-row"):
                    yield Label("run name", classes="field-label")
                    yield OrderedInput(placeholder="optional label for the run id", id="run-name", compact=True)
                yield Static("", id="check-review", classes="check")
                yield Static("", id="toml")
        with Horizontal(id="wizard-buttons"):
            yield Button("Back", id="back", compact=True)
            yield Button("Next", id="next", variant="primary", compact=True)
            yield Button("Save TOML", id="save", compact=True)
            yield Button("Start training", id="start", variant="success", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        options = self.query_one("#preset-list", OptionList)
        options.highlighted = [name for name, _ in self.presets].index(self.preset)
        self.watch_index(0)

    # ---------------------------------------------------------------- navigation

    @property
    def step(self):
        return STEPS[self.index]

    def watch_index(self, index: int) -> None:
        step = STEPS[index]
        if step.name != "data":
            kill(self.data_check)  # its report is redone when the step is shown again
        self.query_one("#steps", ContentSwitcher).current = f"step-{step.name}"
        self.query_one("#step-intro", Static).update(step.intro)
        last = index == len(STEPS) - 1
        self.query_one("#back", Button).disabled = index == 0
        self.query_one("#next", Button).display = not last
        for button in ("#save", "#start"):
            self.query_one(button, Button).display = last
        self.refresh_bindings()
        if step.name == "review":
            self.query_one("#toml", Static).update(Syntax(tomli_w.dumps(self.cfg.to_dict()), "toml"))
        if step.name in CHECKS:
            self._schedule_check(step.name)
        self._focus_step()

    def _focus_step(self) -> None:
        """The step's first control; on the review, the page itself (arrows scroll the TOML).
        Focused at once, not after the next refresh: keys typed right after ctrl+n must reach
        this step, not a field of the step just left (the dataset path lost its first
        characters to the model step that way)."""
        panel = self.query_one(f"#step-{self.step.name}")
        focusable = [w for w in panel.query("Input, Select, Checkbox, OptionList") if w.focusable]
        self.set_focus(panel if self.step.name == "review" or not focusable else focusable[0])

    def action_cancel(self) -> None:
        """Close the wizard; with changes not saved (or a field still invalid), ask first."""
        if self.cfg == self.saved and not self.errors:
            self.app.pop_screen()
            return
        from mcp_tui.tui.widgets.dialogs.confirm import ConfirmDialog

        def answered(discard: bool | None) -> None:
            if discard:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog("Discard the changes made to this run's settings?", yes="Discard"),
                             answered)

    def action_focus_next(self) -> None:
        self.focus_next()

    def action_focus_previous(self) -> None:
        self.focus_previous()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        last = self.index == len(STEPS) - 1
        if action in ("start", "save"):
            return last
        if action == "browse":
            return self.step.name == "data"
        return True

    def _step_errors(self, step_index: int) -> list[str]:
        sections = STEPS[step_index].sections
        return [f"{k}: {e}" for k, e in self.errors.items() if k.split(".")[0] in sections]

    def action_step(self, delta: int) -> None:
        target = self.index + delta
        if not 0 <= target < len(STEPS):
            return
        if delta > 0:
            if self.step.name == "preset":
                self._apply_preset()
            problems = self._step_errors(self.index)
            if problems:
                self.notify(problems[0], title="Fix this field first", severity="error")
                return
        self.index = target

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        self.action_step(-1)

    @on(Button.Pressed, "#next")
    def _next(self) -> None:
        self.action_step(1)

    # ---------------------------------------------------------------- editing

    def _apply_preset(self) -> None:
        highlighted = self.query_one("#preset-list", OptionList).highlighted
        name = self.presets[highlighted or 0][0]
        if name == self.preset:
            return
        self.preset, self.cfg = name, load_config(name)
        self.saved = copy.deepcopy(self.cfg)
        for editor in self.query(FieldEditor):
            spec = editor.spec
            editor.set_value(getattr(getattr(self.cfg, spec.section), spec.name))

    @on(OptionList.OptionSelected, "#preset-list")
    def _preset_chosen(self) -> None:
        self.action_step(1)

    @on(FieldEditor.Changed)
    def _field_changed(self, event: FieldEditor.Changed) -> None:
        spec = event.editor.spec
        if event.error:
            self.errors[spec.key] = event.error
            return
        self.errors.pop(spec.key, None)
        section = getattr(self.cfg, spec.section)
        if getattr(section, spec.name) == event.value:
            return
        setattr(section, spec.name, event.value)
        for step, keys in CHECKS.items():
            if spec.key in keys:
                self.blockers.pop(step, None)  # found for other inputs; Start checks again anyway
            if spec.key in keys and step == self.step.name:
                self._schedule_check(step)

    def _schedule_check(self, step: str) -> None:
        """Run the step's check once its inputs (or the step shown) stay put for a moment:
        paging through steps or typing a path starts no heavy work on every key."""
        if step in self._check_timers:
            self._check_timers[step].stop()
        self.stamp += 1  # results of checks started before this change are stale
        self.query_one(f"#check-{step}", Static).update("checking…")
        self._check_timers[step] = self.set_timer(CHECK_DELAY_S, lambda: self._run_check(step))

    def action_browse(self) -> None:
        from mcp_tui.tui.widgets.dialogs.file_picker import FilePicker

        def chosen(path: str | None) -> None:
            if path:
                self.query_one("#field-data-train_file", FieldEditor).set_value(path)

        self.app.push_screen(FilePicker(Path.cwd(), self.cfg.data.train_file), chosen)

    # ---------------------------------------------------------------- checks

    def _run_check(self, step: str) -> None:
        if step != self.step.name:
            return
        with self._data_check_lock:  # a data check registering now sees the new stamp
            if step == "data":
                kill(self.data_check)
            self.stamp += 1
        samples = self.app.telemetry
        self.check_worker(step, self.stamp, copy.deepcopy(self.cfg), samples[-1] if samples else None)

    @work(thread=True, group="wizard-check")
    def check_worker(self, step: str, stamp: int, cfg: RunConfig, telemetry: Telemetry | None) -> None:
        if step == "review":
            check = review_check(cfg, telemetry)
        elif step == "data":
            check = dataset_check(cfg, started=lambda process: self._data_check_started(process, stamp))
        else:
            check = {"model": describe_model, "lora": count_trainable}[step](cfg)
        self.post_message(CheckDone(step, stamp, check))

    def _data_check_started(self, process: subprocess.Popen[str], stamp: int) -> None:
        """Keep the newest check's process, kill the other. Two checks can overlap when the
        inputs change as one starts, and their processes may start in either order: a stale
        check starting last must not kill the current one (its step would say "cancelled")."""
        with self._data_check_lock:
            if stamp != self.stamp:
                kill(process)
                return
            kill(self.data_check)
            self.data_check = process

    def on_unmount(self) -> None:
        kill(self.data_check)

    def on_check_done(self, message: CheckDone) -> None:
        if message.stamp == self.stamp:
            self.blockers[message.step] = message.check.blocker
            widget = self.query_one(f"#check-{message.step}", Static)
            widget.update(message.check.body)
            widget.set_class(not message.check.ok, "bad")

    # ---------------------------------------------------------------- start / save

    def _ready(self, title: str = "Cannot start yet") -> bool:
        """Every field valid, the config consistent, the model found, the run name usable;
        otherwise the first problem is shown and nothing is started or saved."""
        problems = [e for i in range(len(STEPS)) for e in self._step_errors(i)]
        problems = problems or [p for p in [validation_problem(self.cfg)] if p]
        problems = problems or [b for b in self.blockers.values() if b]
        problems = problems or [p for p in [run_name_problem(self._run_name())] if self._run_name() and p]
        if problems:
            self.notify(problems[0], title=title, severity="error", timeout=10)
        return not problems

    def _run_name(self) -> str:
        return self.query_one("#run-name", Input).value.strip()

    @on(Button.Pressed, "#start")
    def action_start(self) -> None:
        if self.starting or not self._ready():
            return
        self.starting = True
        self.query_one("#start", Button).disabled = True
        self.notify("Creating the run and launching the training process…")
        self.start_worker(copy.deepcopy(self.cfg), self._run_name() or None)

    @work(thread=True, group="wizard-start")
    def start_worker(self, cfg: RunConfig, name: str | None) -> None:
        from mcp_tui.train.launch import start_training

        from mcp_tui.train.model import ModelError

        try:
            run = start_training(cfg, self.app.runs_dir, name)
        except (ValueError, OSError, ModelError) as e:
            self.post_message(Started(None, str(e)))
            return
        self.post_message(Started(run.path, ""))

    def on_started(self, message: Started) -> None:
        self.starting = False
        self.query_one("#start", Button).disabled = False
        if message.run_path is None:
            self.notify(message.error, title="Training did not start", severity="error", timeout=15)
            return
        from mcp_tui.tui.screens.monitor import MonitorScreen

        self.app.post_message(RunStarted(message.run_path.name))
        self.app.switch_screen(MonitorScreen(message.run_path))

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        """Save the config as <run name or preset>.toml in the working folder. A bad name or
        a folder that cannot be written is a message; every field stays as it was."""
        if not self._ready(title="Cannot save yet"):
            return
        path = Path.cwd() / f"{self._run_name() or self.preset}.toml"
        try:
            save_config(self.cfg, path)
        except (OSError, ValueError) as e:  # FileError is a ValueError
            self.notify(str(e), title="Not saved", severity="error", timeout=10)
            return
        self.saved = copy.deepcopy(self.cfg)
        self.notify(f"Saved {path}; train it with `mcp-tui train --config {path.name}`.")
