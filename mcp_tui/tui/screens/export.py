"""Export dialog: merged model or adapter alone, written by `export_run` in a worker.

The disk the export needs is computed first (from safetensors headers, in a worker: for
the demo model it may convert the GGUF once), and the progress bar follows the
exporter's own progress callback. Esc during the export cancels it; the exporter then
leaves nothing behind.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from mcp_tui.runs import Run


class Cancelled(Exception):
    """Raised from the progress callback to stop the exporter."""


@dataclass
class ExportProgress(Message):
    message: str
    fraction: float


@dataclass
class ExportDone(Message):
    """The export finished (`text` says where and how to use it) or failed (`error`)."""

    text: str
    error: str


@dataclass
class SizeKnown(Message):
    key: tuple[str, str]
    text: Text


def default_out(run: Run, mode: str) -> Path:
    """exports/<run id>-<mode> beside the runs folder."""
    return run.path.parent.parent / "exports" / f"{run.id}-{mode}"


class ExportDialog(ModalScreen[None]):
    """Choose what to export and where; Enter on the path (or Export) starts it."""

    BINDINGS = [Binding("escape", "close", "Cancel / close")]

    def __init__(self, run_path: Path) -> None:
        super().__init__()
        self.run = Run(run_path)
        self.cancel = threading.Event()
        self.exporting = False

    def compose(self) -> ComposeResult:
        from mcp_tui.export import DTYPES, MODES

        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(f"Export {self.run.id}", classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Label("what", classes="field-label")
                yield Select([(m, m) for m in MODES], value=MODES[0], allow_blank=False, id="mode", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("dtype (merged)", classes="field-label")
                yield Select([(d, d) for d in DTYPES], value=DTYPES[0], allow_blank=False, id="dtype", compact=True)
            with Horizontal(classes="field-row"):
                yield Label("into folder", classes="field-label")
                yield Input(str(default_out(self.run, MODES[0])), id="out", compact=True)
            yield Static("", id="export-size")
            yield ProgressBar(total=1.0, id="export-bar", show_eta=False)
            yield Static("", id="export-status")
            yield Static("tab: next field · enter on the folder: export · esc: close (cancels a running export)",
                         classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", variant="primary", id="export", compact=True)
                yield Button("Close", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#mode").focus()
        self._estimate_disk()

    def _choice(self) -> tuple[str, str]:
        return str(self.query_one("#mode", Select).value), str(self.query_one("#dtype", Select).value)

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        if event.select.id == "mode":
            self.query_one("#out", Input).value = str(default_out(self.run, str(event.value)))
        self._estimate_disk()

    def _estimate_disk(self) -> None:
        self.query_one("#export-size", Static).update("Working out the disk space needed…")
        self.size_worker(self._choice())

    @work(thread=True, exclusive=True, group="export-size")
    def size_worker(self, key: tuple[str, str]) -> None:
        from mcp_tui.export import ExportError, required_disk_bytes
        from mcp_tui.export.staging import gib

        try:
            text = f"Needs {gib(required_disk_bytes(self.run, *key))} of disk."
        except (ExportError, OSError, ValueError, RuntimeError) as e:
            self.post_message(SizeKnown(key, Text(str(e), style="red")))
            return
        self.post_message(SizeKnown(key, Text(text)))

    def on_size_known(self, message: SizeKnown) -> None:
        if message.key == self._choice():
            self.query_one("#export-size", Static).update(message.text)

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#out")
    def action_export(self) -> None:
        if self.exporting:
            return
        self.exporting = True
        self.cancel.clear()
        self.query_one("#export", Button).disabled = True
        mode, dtype = self._choice()
        self.export_worker(Path(self.query_one("#out", Input).value).expanduser(), mode, dtype)

    @work(thread=True, group="export")
    def export_worker(self, out: Path, mode: str, dtype: str) -> None:
        from mcp_tui.export import ExportError, export_run

        def progress(message: str, fraction: float) -> None:
            if self.cancel.is_set():
                raise Cancelled
            self.post_message(ExportProgress(message, fraction))

        try:
            result = export_run(self.run, out, mode, dtype, progress=progress)
        except Cancelled:
            self.post_message(ExportDone("", "Export cancelled; nothing was written."))
            return
        except (ExportError, OSError, ValueError, RuntimeError) as e:
            self.post_message(ExportDone("", str(e)))
            return
        lines = [f"Wrote {result.out_dir} in {result.seconds:.0f} s."] + [f"  {c}" for c in result.gguf_commands[:2]]
        self.post_message(ExportDone("\n".join(lines), ""))

    def on_export_progress(self, message: ExportProgress) -> None:
        self.query_one("#export-bar", ProgressBar).update(progress=message.fraction)
        self.query_one("#export-status", Static).update(Text(message.message))

    def on_export_done(self, message: ExportDone) -> None:
        self.exporting = False
        self.query_one("#export", Button).disabled = False
        status = self.query_one("#export-status", Static)
        status.update(Text(message.error, style="red") if message.error else Text(message.text))
        if not message.error:
            self.query_one("#export-bar", ProgressBar).update(progress=1.0)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        if self.exporting:
            self.cancel.set()
            self.query_one("#export-status", Static).update("Cancelling…")
            return
        self.dismiss(None)
