"""One config field in the wizard, built from its definition in `mcp_tui.config`.

The control follows the field's type (a checkbox for booleans, a list for choices, a text
box otherwise); every edit is checked with the same `coerce` that `--set` and TOML files
go through, and the error shows under the field as you type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from mcp_tui.config import ConfigError, FieldSpec, coerce
from mcp_tui.newrun.steps import as_text


def on_off(value: bool) -> str:
    return "on" if value else "off"


class OrderedInput(Input):
    """An Input that runs its own key bindings (backspace, ctrl+u, arrows...) as each key
    arrives. Textual runs a widget's bindings once the key has bubbled up to the app, after
    the keys typed behind it have already reached the widget: typed while the app is busy
    (a check running), `ctrl+u` then `/tmp` would insert `/tmp` first and then clear it."""

    async def _on_key(self, event: events.Key) -> None:
        for binding in self._bindings.key_to_bindings.get(event.key, ()):
            if not binding.priority and await self.app.run_action(binding.action, self):
                event.stop()
                event.prevent_default()
                return
        await super()._on_key(event)


class FieldEditor(Vertical):
    """Label, control, help line and inline error for one `section.name` key."""

    @dataclass
    class Changed(Message):
        """A field now holds `value`, or `error` says why the text is not a valid value."""

        editor: FieldEditor
        value: Any
        error: str

    def __init__(self, spec: FieldSpec, value: Any) -> None:
        super().__init__(classes="field", id=f"field-{spec.key.replace('.', '-')}")
        self.spec = spec
        self._initial = value
        self.error = ""

    def _control(self) -> Widget:
        spec, value = self.spec, self._initial
        if spec.type is bool:
            return Checkbox(on_off(bool(value)), value=bool(value), compact=True)
        if spec.choices is not None:
            return Select([(as_text(c), c) for c in spec.choices], value=value, allow_blank=False, compact=True)
        return OrderedInput(value=as_text(value), placeholder=as_text(spec.default), compact=True)

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-row"):
            yield Label(self.spec.name, classes="field-label")
            yield self._control()
        yield Static(self.spec.help, classes="field-help")
        yield Static("", classes="field-error")

    @property
    def control(self) -> Widget:
        return self.query_one(".field-row").children[1]

    def set_value(self, value: Any) -> None:
        """Show `value` (a preset was applied); the edit events re-validate it."""
        control = self.control
        if isinstance(control, Checkbox):
            control.value = bool(value)
        elif isinstance(control, Select):
            control.value = value
        elif isinstance(control, Input):
            control.value = as_text(value)

    def _report(self, raw: Any, from_text: bool) -> None:
        try:
            value, self.error = coerce(self.spec, raw, self.spec.key, from_text=from_text), ""
        except ConfigError as e:
            value, self.error = None, str(e).split(": ", 1)[-1]
        self.set_class(bool(self.error), "invalid")
        self.query_one(".field-error", Static).update(self.error)
        self.post_message(self.Changed(self, value, self.error))

    @on(Input.Changed)
    def _input(self, event: Input.Changed) -> None:
        event.stop()
        self._report(event.value, from_text=True)

    @on(Checkbox.Changed)
    def _checkbox(self, event: Checkbox.Changed) -> None:
        event.stop()
        event.checkbox.label = on_off(event.value)  # the state in words: colour is not enough
        self._report(event.value, from_text=False)

    @on(Select.Changed)
    def _select(self, event: Select.Changed) -> None:
        event.stop()
        if event.value is not Select.NULL:
            self._report(event.value, from_text=False)
