"""`mcp-tui new`: open the app's new-run wizard, or with --plain ask the same questions as
plain prompts (questionary) for terminals where the full-screen app cannot run.

Both walk the steps of `mcp_tui.newrun.steps` and ask the fields `mcp_tui.config`
defines for each step's sections, with their help text, choices and bounds, validated by
the same `coerce` as TOML files and `--set`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

NEW_EPILOG = """\
Without --plain this opens the terminal app on its wizard. --plain asks the same questions
one at a time (arrow keys and enter; Ctrl-C cancels), prints the resolved TOML and the VRAM
estimate, then starts the run detached or saves the TOML for `mcp-tui train --config`."""


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the `new` subcommand."""
    p = subparsers.add_parser("new", help="configure and start a new run (the wizard; --plain for simple prompts)",
                              description="Configure a new training run step by step.", epilog=NEW_EPILOG,
                              formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--plain", action="store_true", help="ask with plain prompts instead of the full-screen app")
    p.set_defaults(handler=cmd_new)


def cmd_new(args: argparse.Namespace) -> int:
    """Run the wizard (app or plain); the exit code."""
    from mcp_tui.config import ConfigError, load_config
    from mcp_tui.runs import default_runs_dir

    runs_dir = Path(args.runs_dir) if args.runs_dir else default_runs_dir()
    if args.preset is not None:
        try:
            load_config(args.preset)
        except ConfigError as e:
            print(f"mcp-tui: error: {e}", file=sys.stderr)
            return 2
    if not args.plain:
        from mcp_tui.tui.app import run_app

        return run_app(runs_dir, args.preset, start="new")
    return plain_wizard(runs_dir, args.preset)


class Cancelled(Exception):
    """The user pressed Ctrl-C at a prompt."""


def _answer(question: Any) -> Any:
    value = question.ask()
    if value is None:
        raise Cancelled
    return value


def ask_field(spec: Any, current: Any, **io: Any) -> Any:
    """One field's question, typed by the field: a yes/no, a list of choices, or text
    checked as it is typed."""
    import questionary

    from mcp_tui.config import ConfigError, coerce
    from mcp_tui.newrun.steps import as_text

    message = f"{spec.key} ({spec.help})"
    if spec.type is bool:
        return _answer(questionary.confirm(message, default=bool(current), **io))
    if spec.choices is not None:
        choices = [questionary.Choice(as_text(c), value=c) for c in spec.choices]
        default = next(c for c in choices if c.value == current) if current in spec.choices else None
        return _answer(questionary.select(message, choices=choices, default=default, **io))

    def valid(text: str) -> bool | str:
        try:
            coerce(spec, text, spec.key, from_text=True)
        except ConfigError as e:
            return str(e).split(": ", 1)[-1]
        return True

    text = _answer(questionary.text(message, default=as_text(current), validate=valid, **io))
    return coerce(spec, text, spec.key, from_text=True)


def plain_wizard(runs_dir: Path, preset: str | None = None, **io: Any) -> int:
    """The wizard as prompts. `io` (prompt_toolkit input/output) is for tests."""
    try:
        return _plain_wizard(runs_dir, preset, **io)
    except Cancelled:
        print("cancelled; nothing was started", file=sys.stderr)
        return 1


def _plain_wizard(runs_dir: Path, preset: str | None, **io: Any) -> int:
    import questionary
    import tomli_w
    from rich.console import Console
    from rich.syntax import Syntax

    from mcp_tui.config import field_specs, list_presets, load_config, save_config
    from mcp_tui.gpu import NvmlTelemetry
    from mcp_tui.newrun.checks import count_trainable, dataset_check, describe_model, review_check
    from mcp_tui.newrun.steps import STEPS, preset_order

    console = Console(highlight=False)
    presets = sorted(list_presets(), key=lambda p: preset_order(p[0]))
    choices = [questionary.Choice(name, value=name, description=desc) for name, desc in presets]
    default = next((c for c in choices if c.value == preset), choices[0])
    cfg = load_config(_answer(questionary.select("Preset", choices=choices, default=default, **io)))
    checks = {"model": describe_model, "data": dataset_check, "lora": count_trainable}
    for step in STEPS[1:-1]:
        console.print(f"[bold]{step.title}[/bold]: {step.intro}")
        if _answer(questionary.confirm(f"Change the {step.title.lower()} settings?", default=False, **io)):
            for spec in field_specs():
                if spec.section in step.sections:
                    section = getattr(cfg, spec.section)
                    setattr(section, spec.name, ask_field(spec, getattr(section, spec.name), **io))
        if step.name in checks:
            console.print(checks[step.name](cfg).body)
    console.print(Syntax(tomli_w.dumps(cfg.to_dict()), "toml"))
    review = review_check(cfg, NvmlTelemetry().sample())
    console.print(review.body)
    action = _answer(questionary.select("Now", choices=["Start training", "Save TOML", "Quit"], **io))
    if action == "Save TOML":
        path = Path(_answer(questionary.text("Save to", default="run.toml", **io))).expanduser()
        try:
            save_config(cfg, path)
        except (OSError, ValueError) as e:  # FileError is a ValueError
            print(f"mcp-tui: error: {e}", file=sys.stderr)
            return 1
        console.print(f"saved {path}; start it with `mcp-tui train --config {path}`")
    elif action == "Start training":
        return _start(cfg, runs_dir, console)
    return 0


def _start(cfg: Any, runs_dir: Path, console: Any) -> int:
    from mcp_tui.train.model import ModelError
    from mcp_tui.train.launch import start_training

    try:
        run = start_training(cfg, runs_dir)
    except (ValueError, ModelError) as e:
        print(f"mcp-tui: error: {e}", file=sys.stderr)
        return 1
    console.print(f"run {run.id} started; watch it with `mcp-tui monitor {run.id}` or in `mcp-tui`")
    return 0
