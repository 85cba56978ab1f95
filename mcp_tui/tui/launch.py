"""Start a training run from the app: the wizard's Start button.

The same steps as `mcp-tui train`: resolve paths, check the data exists and the machine
can train this config, create the run directory, launch the detached worker and wait
until it reports itself. Called from a worker thread (it waits for the process).
"""

from __future__ import annotations

from pathlib import Path

from mcp_tui.config import ConfigError, RunConfig, check_hardware, resolved_paths, validate
from mcp_tui.runs import Run, create_run


def start_training(cfg: RunConfig, runs_dir: Path, name: str | None = None) -> Run:
    """The started run; ValueError (ConfigError included) with a one-line reason otherwise."""
    import torch

    from mcp_tui.train.launch import spawn_worker, wait_started

    cfg = resolved_paths(cfg)
    validate(cfg, "this run")
    for key, path in (("data.train_file", cfg.data.train_file), ("data.eval_file", cfg.data.eval_file)):
        if path and not Path(path).exists():
            raise ConfigError(f"{key}: {path} not found; choose a dataset on the Dataset step")
    check_hardware(cfg, torch.cuda.is_available())
    run = create_run(runs_dir, cfg, name)
    launch = spawn_worker(run)
    st = wait_started(launch)
    if st.state in ("failed", "crashed") or launch.process.poll() not in (None, 0):
        raise ValueError(f"run {run.id} failed to start: {st.error or f'see {run.worker_log}'}")
    return run
