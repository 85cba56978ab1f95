"""Text from files (run folders, evaluation results, configs) made safe to print: the one
place that keeps control characters from reaching a terminal raw.

An escape sequence in an error message or an events line would otherwise be executed by
the terminal (recolouring, moving the cursor, retitling the window, or worse), in
`mcp-tui monitor` as in the app. Tabs and newlines stay; every other C0/C1 control
character and DEL is shown as a visible `\\xNN`.
"""

from __future__ import annotations

import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with control characters (except tab and newline) written as `\\xNN`."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def quoted(text: str, limit: int = 60) -> str:
    """A user's text quoted for an error message: printable, and cut short when long (a
    5000-digit argument must not become a 5000-character error line)."""
    shown = printable(text)
    if len(shown) > limit:
        shown = f"{shown[: limit - 20]}...({len(text)} characters)"
    return repr(shown)


def printable_value(value: Any) -> Any:
    """A JSON value with every string in it (keys included) made printable."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, list):
        return [printable_value(v) for v in value]
    if isinstance(value, dict):
        return {printable(str(k)): printable_value(v) for k, v in value.items()}
    return value
