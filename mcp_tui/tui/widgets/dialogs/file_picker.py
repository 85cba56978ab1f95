"""Pick a dataset file: browse with the arrow keys, or type a path."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DirectoryTree, Input, Label

DATA_SUFFIXES = (".jsonl", ".json")


class DataTree(DirectoryTree):
    """Folders and dataset files only; hidden entries are left out."""

    def filter_paths(self, paths):
        return [p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix in DATA_SUFFIXES)]


class FilePicker(ModalScreen[str | None]):
    """Dismisses with the chosen path, or None on Esc. A `datasets` folder is chosen by
    typing its path (enter on a folder in the tree opens it)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, start: Path, current: str = "") -> None:
        super().__init__()
        self.start = start
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="file-picker"):
            yield Label("Choose a dataset: enter on a file, or type a path and press enter")
            yield Input(value=self.current, placeholder="path/to/train.jsonl", id="picker-path")
            yield DataTree(self.start, id="picker-tree")

    def on_mount(self) -> None:
        self.query_one(DataTree).focus()

    @on(DirectoryTree.FileSelected)
    def _file(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))

    @on(Input.Submitted, "#picker-path")
    def _typed(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.dismiss(event.value.strip())
