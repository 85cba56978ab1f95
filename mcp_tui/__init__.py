"""mcp-tui: fine-tune a code LLM to use MCP tools, watch it train, and prove it worked."""

__version__ = "0.1.0"
