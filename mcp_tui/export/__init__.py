"""Export a run: the adapter alone, or merged into the base model, ready for transformers,
vLLM and llama.cpp. `export_run` does it; `required_disk_bytes` tells the cost first."""

from mcp_tui.export.errors import ExportError
from mcp_tui.export.exporter import DTYPES, MODES, ExportResult, export_run, required_disk_bytes

__all__ = ["DTYPES", "MODES", "ExportError", "ExportResult", "export_run", "required_disk_bytes"]
