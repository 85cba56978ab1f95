"""The one error type of the export package: a sentence for the user, never a traceback."""

from collections.abc import Iterator
from contextlib import contextmanager

from mcp_tui.train.weights import CheckpointError


class ExportError(Exception):
    """An export cannot start or cannot finish; the message names the file or number and the fix."""


@contextmanager
def checkpoint_problems_as_export_errors() -> Iterator[None]:
    """A base checkpoint that cannot be read (train/weights.py, shared with the streamed
    load) stops the export with the same sentence, as an ExportError."""
    try:
        yield
    except CheckpointError as exc:
        raise ExportError(str(exc)) from None
