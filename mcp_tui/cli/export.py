"""`mcp-tui export`: the headless twin of the app's export dialog."""

from __future__ import annotations

import argparse
import sys

EPILOG = """\
merged (default) writes the base model with the adapter merged in as safetensors shards,
one shard at a time (a 24B merge never holds the whole model in RAM and needs no GPU); a
QLoRA run is merged into the unquantized base weights. adapter writes the PEFT adapter
alone. Both get the tokenizer, chat template and a model card (README.md). The export is
written beside DIR and renamed into place only when complete."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `export` subcommand."""
    p = subparsers.add_parser("export", help="export a run: merged model or adapter, with a model card",
                              description="Export a trained run as a merged model or a PEFT adapter.",
                              epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("run", metavar="RUN", help="run id, unique id prefix, path, or 'latest'")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to create (must not exist or be empty)")
    p.add_argument("--mode", choices=("merged", "adapter"), default="merged", help="what to export (default: merged)")
    p.add_argument("--dtype", choices=("bf16", "fp16", "fp32"), default="bf16",
                   help="dtype of merged weights (default: bf16; ignored for --mode adapter)")
    p.add_argument("--checkpoint", metavar="STEP", default=None,
                   help="export a training checkpoint ('latest' or a step) instead of the final adapter")
    p.set_defaults(handler=run_export)


def run_export(args: argparse.Namespace) -> int:
    """Check the disk, export with a progress line, and print how to load and convert it."""
    from mcp_tui.export import ExportError, export_run, required_disk_bytes
    from mcp_tui.export.staging import free_bytes, gib
    from mcp_tui.runs import find_run

    try:
        run = find_run(args.run, args.runs_dir)
        needed = required_disk_bytes(run, args.mode, args.dtype, args.checkpoint)
        print(f"{run.id}: {args.mode} export needs {gib(needed)}; {gib(free_bytes(args.out))} free", file=sys.stderr)
        result = export_run(run, args.out, args.mode, args.dtype, _print_progress, args.checkpoint)
    except (ExportError, ValueError) as exc:
        print(f"mcp-tui export: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:  # the target folder cannot be made or written
        print(f"mcp-tui export: {exc.filename or args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nmcp-tui export: interrupted; nothing was left behind", file=sys.stderr)
        return 130
    print(f"exported {result.out_dir} ({gib(result.bytes_written)} in {result.seconds:.1f} s)")
    print("GGUF for llama.cpp / Ollama (from a llama.cpp checkout):")
    for command in result.gguf_commands:
        print(f"  {command}")
    return 0


def _print_progress(message: str, fraction: float) -> None:
    print(f"[{fraction:4.0%}] {message}", file=sys.stderr, flush=True)
