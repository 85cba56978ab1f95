"""`mcp-tui data`: check, generate, import and convert datasets and tool catalogs.

    mcp-tui data check FILE[=WEIGHT] ... [--model M] [--call-format F] [--listing L] [--max-seq-len N] [--catalog F]
                       [--json]
    mcp-tui data synth --n N --seed S [--split train|eval] [--catalog F] --out FILE
    mcp-tui data synth --universe --n N --seed S [--split train|foreign] --out FILE
    mcp-tui data synth --universe --pairs --n N --seed S --out FILE
    mcp-tui data synth --bundled [--out-dir DIR]
    mcp-tui data import-tools [--name NAME] [--out F] [--merge] -- COMMAND [ARGS...]
    mcp-tui data convert IN OUT
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

EPILOG = """\
Formats are detected per record: canonical (Conversation.to_dict), OpenAI chat (messages,
tools, tool_calls), ShareGPT/Hermes (conversations, <tool_call>), xLAM (query, tools,
answers), plain (instruction, completion, metadata); JSONL, JSON arrays, or a folder
written by datasets' save_to_disk.

--model for check: 'demo' (SmolLM2), 'tekken' (Mistral's Tekken from mistral_common: exact
token counts for Devstral), a local model folder, a .gguf file or a cached hub id."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add `data` and its subcommands."""
    p = subparsers.add_parser("data", help="check, generate, import and convert MCP datasets",
                              description="Datasets and tool catalogs for MCP tool-use training.",
                              epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="data_command", metavar="SUBCOMMAND", required=True)

    c = sub.add_parser("check", help="format, categories, token lengths and every problem with its line")
    c.add_argument("file", nargs="+", metavar="FILE[=WEIGHT]",
                   help="dataset file or datasets folder; several make a mix (with weights, as data.sources)")
    c.add_argument("--model", help="tokenizer for token lengths: demo, tekken, a folder, a .gguf, a hub id")
    c.add_argument("--call-format", metavar="F",
                   help="xml, hermes or native: how calls are rendered for token lengths "
                        "(default: the preset's data.call_format with --preset, else xml)")
    c.add_argument("--max-seq-len", type=int, default=0, metavar="N",
                   help="flag conversations longer than N tokens (default: the preset's data.max_seq_len with --preset)")
    c.add_argument("--catalog", metavar="F", help="tools for records that list none (default: bundled catalog)")
    c.add_argument("--listing", choices=("json", "compact"),
                   help="how the system prompt lists tools, for token counts (default: the preset's data.tool_listing, "
                        "else json)")
    c.add_argument("--json", action="store_true", help="print the report as JSON")
    c.set_defaults(handler=run_check)

    s = sub.add_parser("synth", help="generate tasks in every category from a tool catalog or the tool universe")
    s.add_argument("--catalog", metavar="F", help="tool catalog (default: the bundled one)")
    s.add_argument("--universe", action="store_true",
                   help="draw from the built-in universe of 1000+ tools in 38 domains instead of a catalog")
    s.add_argument("--pairs", action="store_true",
                   help="with --universe: N contrastive pairs (2N tasks), each hard negative (a near-miss listing, "
                        "a missing required value) beside its twin that lists the tool or states the value and calls")
    s.add_argument("--n", type=int, metavar="N", help="number of tasks (of pairs, with --pairs)")
    s.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (same seed, same bytes)")
    s.add_argument("--split", choices=("train", "eval", "foreign"), default="train",
                   help="catalog: eval uses held-out phrasings and servers training never sees; universe: foreign "
                        "uses domains, naming styles and phrasings training never sees")
    s.add_argument("--out", metavar="FILE", help="output JSONL")
    s.add_argument("--bundled", action="store_true",
                   help="regenerate the bundled train, eval (developer tools and foreign) and agentic files")
    s.add_argument("--out-dir", metavar="DIR", help="with --bundled: where to write (default: the package's data)")
    s.set_defaults(handler=run_synth)

    i = sub.add_parser("import-tools", help="list a live MCP server's tools (stdio) into a catalog file",
                       usage="mcp-tui data import-tools [--name NAME] [--out F] [--merge] -- COMMAND [ARGS...]")
    i.add_argument("--name", help="server name in the catalog (default: the name the server reports)")
    i.add_argument("--out", default="catalog.json", metavar="F", help="catalog file to write (default: catalog.json)")
    i.add_argument("--merge", action="store_true", help="add to (or replace the server in) an existing --out file")
    i.add_argument("--timeout", type=float, default=60.0, metavar="S", help="seconds to wait for the listing")
    i.add_argument("server_command", nargs=argparse.REMAINDER, help="the server's command line, after --")
    i.set_defaults(handler=run_import)

    v = sub.add_parser("convert", help="read any supported format and write canonical JSONL")
    v.add_argument("input", help="dataset file or datasets folder")
    v.add_argument("output", help="JSONL file to write")
    v.set_defaults(handler=run_convert)


def _fail(message: str) -> int:
    print(f"mcp-tui data: {message}", file=sys.stderr)
    return 1


def _tokenizer(model: str) -> tuple[Any, str]:
    """A tokenizer by the --model names the help lists."""
    if model == "tekken":
        import mistral_common
        from mistral_common.tokens.tokenizers.mistral import MistralTokenizer

        return MistralTokenizer.from_file(str(Path(mistral_common.__file__).parent / "data" / "tekken_240911.json")), model
    from mcp_tui.config import RunConfig
    from mcp_tui.train.model import load_tokenizer

    cfg = RunConfig()
    cfg.model.source = model
    return load_tokenizer(cfg), model


def run_check(args: argparse.Namespace) -> int:
    from mcp_tui.config import ConfigError, load_config
    from mcp_tui.data.formats import DataError
    from mcp_tui.data.mixing import parse_sources
    from mcp_tui.data.validate import check_mix, render_report, report_json
    from mcp_tui.tools.calls import call_format
    from mcp_tui.tools.catalog import CatalogError, load_catalog
    from mcp_tui.train.model import ModelError

    try:
        catalog = load_catalog(args.catalog)
        max_seq_len = args.max_seq_len
        model, fmt, listing = args.model, args.call_format, args.listing
        if args.preset:
            cfg = load_config(args.preset, [])
            max_seq_len = max_seq_len or cfg.data.max_seq_len
            model = model or cfg.model.source
            fmt = fmt or cfg.data.call_format
            listing = listing or cfg.data.tool_listing
        try:
            renders = call_format(fmt or "xml", listing or "json")
        except ValueError as e:
            return _fail(f"--call-format: {e}")
        tokenizer, name = _tokenizer(model) if model else (None, "")
        plan = parse_sources(",".join(args.file))
        report = check_mix(plan, catalog, tokenizer, renders, max_seq_len=max_seq_len, tokenizer_name=name)
    except (DataError, CatalogError, ConfigError, ModelError, ValueError) as e:
        return _fail(str(e))
    print(report_json(report) if args.json else render_report(report))
    return 0 if report.ok else 1


def run_synth(args: argparse.Namespace) -> int:
    from mcp_tui.bundled import BUNDLED
    from mcp_tui.data import universe
    from mcp_tui.data.formats import write_jsonl
    from mcp_tui.data.synth import SynthError, synthesize
    from mcp_tui.tools.catalog import CatalogError, bundled_catalog_path, load_catalog

    try:
        catalog = load_catalog(args.catalog)
        if args.bundled:
            out_dir = Path(args.out_dir) if args.out_dir else bundled_catalog_path().parent
            for name, bundled in BUNDLED.items():
                records = bundled.build(catalog)
                write_jsonl(records, out_dir / name)
                print(f"wrote {out_dir / name}: {len(records)} records: {bundled.about}")
            return 0
        if not args.n or not args.out:
            return _fail("synth needs --n N and --out FILE (or --bundled)")
        if args.n < 1:
            return _fail(f"--n must be at least 1, got {args.n}")
        if args.pairs:
            if not args.universe or args.split != "train":
                return _fail("--pairs draws from the universe's training split: use --universe --split train")
            tasks = universe.contrastive_pairs(args.n, args.seed)
        elif args.universe:
            if args.split == "eval":
                return _fail("--universe has the splits train and foreign (its held-out split); use --split foreign")
            tasks = universe.generate(args.n, args.seed, args.split)
        elif args.split == "foreign":
            return _fail("--split foreign needs --universe (a catalog's held-out split is eval)")
        else:
            tasks = synthesize(catalog, args.n, args.seed, args.split)
        write_jsonl(tasks, args.out)
    except (CatalogError, SynthError, universe.UniverseError) as e:
        return _fail(str(e))
    except OSError as e:
        return _fail(f"cannot write {e.filename or args.out}: {e.strerror or e}")
    print(f"wrote {args.out}: {len(tasks)} {args.split} tasks (seed {args.seed})")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from mcp_tui.tools.catalog import Catalog, CatalogError, load_catalog, save_catalog
    from mcp_tui.tools.import_server import ServerImportError, import_tools

    command = args.server_command[1:] if args.server_command[:1] == ["--"] else args.server_command
    try:
        server = import_tools(command, args.name, args.timeout)
        catalog = load_catalog(args.out) if args.merge and Path(args.out).exists() else Catalog()
        catalog.servers[server.name] = server
        save_catalog(catalog, args.out)
    except (ServerImportError, CatalogError, OSError) as e:
        return _fail(str(e))
    print(f"wrote {args.out}: server {server.name!r} with {len(server.tools)} tools "
          f"({', '.join(t.name for t in server.tools)})")
    return 0


def run_convert(args: argparse.Namespace) -> int:
    from mcp_tui.data.formats import EMPTY_DATASET, DataError, read_report, write_jsonl

    try:
        result = read_report(args.input)
    except DataError as e:
        return _fail(str(e))
    if not result.conversations and not result.errors:
        return _fail(f"{args.input}: {EMPTY_DATASET}; nothing written")
    if result.errors:
        for err in result.errors[:20]:
            print(err, file=sys.stderr)
        return _fail(f"{len(result.errors)} records could not be read; nothing written (run `mcp-tui data check`)")
    try:
        write_jsonl(result.conversations, args.output)
    except OSError as e:
        return _fail(f"{args.output}: {e.strerror or e}")
    formats = ", ".join(f"{k} {v}" for k, v in result.formats.most_common())
    print(f"wrote {args.output}: {len(result.conversations)} conversations ({formats})")
    return 0
