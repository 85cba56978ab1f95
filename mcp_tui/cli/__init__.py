"""The `mcp-tui` command: no arguments opens the app; each subcommand is the headless
twin of a screen. Each module in this package registers its own subcommands through
`register(subparsers)`, so a feature's CLI lives next to nothing else."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

APP_HELP = """\
Run without a subcommand to open the terminal app. It works over SSH, at 80x24, in
256-color terminals and without a mouse: every action has a key, shown in the footer.
Training runs in its own process: closing the app or losing the connection never stops
it, and reopening the app re-attaches to every run under --runs-dir.
"""


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every subcommand module registered."""
    parser = argparse.ArgumentParser(
        prog="mcp-tui",
        description="Fine-tune a code LLM to use MCP tools (QLoRA), watch it train, and A/B-evaluate it.",
        epilog=APP_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--runs-dir", default=None, help="where runs live (default: ./runs or $MCP_TUI_RUNS)")
    parser.add_argument("--preset", default=None, help="preset the app's new-run wizard starts on")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `mcp-tui` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from mcp_tui.tui.app import run_app

        return run_app(runs_dir=args.runs_dir, preset=args.preset)
    return int(args.handler(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
