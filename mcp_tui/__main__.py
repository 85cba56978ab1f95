"""`python -m mcp_tui ...` is `mcp-tui ...` (for machines where the package is on PYTHONPATH
but not installed, such as the GPU machine)."""

import sys

from mcp_tui.cli import main

sys.exit(main())
