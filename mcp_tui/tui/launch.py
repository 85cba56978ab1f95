"""Start a training run from the app: the wizard's Start button.

The same steps as `mcp-tui train` (`mcp_tui.train.launch`), after validating the config the
wizard edited. Called from a worker thread (it waits for the process).
"""

from __future__ import annotations

from pathlib import Path

from mcp_tui.config import RunConfig, validate
from mcp_tui.runs import Run
from mcp_tui.train.launch import create_checked_run, start_detached


def start_training(cfg: RunConfig, runs_dir: Path, name: str | None = None) -> Run:
    """The started run; ValueError (ConfigError included) with a one-line reason otherwise."""
    validate(cfg, "this run")
    run = create_checked_run(cfg, runs_dir, name, "choose a dataset on the Dataset step")
    start_detached(run)
    return run
