"""The call formats by name: the one place that knows every format module.

The formats implement `CallFormat` (call_types.py) and never import this registry, so it
can import them all at the top; a new format is one module added to FORMATS.
"""

from __future__ import annotations

from mcp_tui.tools.call_types import CallFormat
from mcp_tui.tools.hermes_format import HermesFormat
from mcp_tui.tools.native_format import NativeFormat
from mcp_tui.tools.text_format import TextFormat
from mcp_tui.tools.xml_format import XmlMcpFormat

FORMATS: dict[str, type] = {"xml": XmlMcpFormat, "hermes": HermesFormat, "native": NativeFormat}


def call_format(name: str, listing: str = "json") -> CallFormat:
    """The call format registered under `name` (the `data.call_format` setting). A text
    format lists the tools in its system prompt as `listing` says (`data.tool_listing`);
    a native format leaves the listing to the model's own template."""
    if name not in FORMATS:
        raise ValueError(f"unknown call format {name!r}; expected one of {', '.join(FORMATS)}")
    if issubclass(FORMATS[name], TextFormat):
        return FORMATS[name](listing=listing)
    return FORMATS[name]()
