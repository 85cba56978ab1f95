"""The one error type of the export package: a sentence for the user, never a traceback."""


class ExportError(Exception):
    """An export cannot start or cannot finish; the message names the file or number and the fix."""
