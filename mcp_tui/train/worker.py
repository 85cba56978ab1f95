"""The training process: `python -m mcp_tui.train.worker RUN_DIR [--resume]`.

Read top to bottom, a run is: load the config, the tokenizer and the base model; apply the
memory switches (kernels.prepare_model); attach LoRA and fuse its layers
(kernels.prepare_adapters); tokenize the data with exact
completion-only labels; then transformers' Trainer does the loop. A callback turns the
Trainer's events into the run directory's files (metrics.jsonl, status.json, events.log)
and marks each checkpoint COMPLETE once it is on disk, so a resume never starts from a
half-written one. SIGTERM (or Ctrl-C in the foreground) saves a checkpoint at the end of
the current step and exits as `stopped`; `--resume` continues from the newest complete
checkpoint with the same step count, optimizer, scheduler, RNG and data order.
"""

from __future__ import annotations

import argparse
import contextlib
import math
import os
import signal
import socket
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from mcp_tui.config import ConfigError, RunConfig
from mcp_tui.fileio import FileError, disk_full, is_disk_full
from mcp_tui.runs import (HEARTBEAT_INTERVAL_S, FollowerRun, Run, RunBusyError, mark_checkpoint_complete,
                          process_start_time)
from mcp_tui.train import distributed


class StopRequest:
    """Set by SIGTERM/SIGINT; read by the Trainer callback at the end of each step.

    More SIGTERMs change nothing (`mcp-tui stop` twice, Stop pressed twice: one checkpoint,
    then exit). A second SIGINT aborts at once (KeyboardInterrupt), for a user at the
    keyboard of a foreground run who will not wait. `wake` lets the heartbeat thread
    write `stopping` at once, not when the current step ends."""

    def __init__(self) -> None:
        self.requested = False
        self.signal_name = ""
        self.wake = threading.Event()

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)

    def _handle(self, signum: int, _frame: Any) -> None:
        if self.requested:
            if signum == signal.SIGINT:
                raise KeyboardInterrupt
            return
        self.request(signal.Signals(signum).name)

    def request(self, reason: str) -> None:
        """Ask for a stop (a signal, or the launcher of a multi-GPU run gone); the first reason stays."""
        if not self.requested:
            self.requested = True
            self.signal_name = reason
            self.wake.set()


class Heartbeat:
    """A daemon thread refreshing status.json's heartbeat, so readers can tell a live
    worker from one that vanished (see Run.status), and writing `stopping` as soon as a
    stop is requested, so the monitor shows it until the worker exits."""

    def __init__(self, run: Run, stop: StopRequest, interval: float = HEARTBEAT_INTERVAL_S) -> None:
        self.run = run
        self.stop = stop
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="heartbeat", daemon=True)

    def _loop(self) -> None:
        announced = False
        while not self._stop.is_set():
            self.stop.wake.wait(self.interval)
            if self._stop.is_set():
                return
            changes: dict[str, Any] = {"heartbeat": time.time()}
            if self.stop.requested and not announced:
                changes["state"] = "stopping"
                announced = True
            with contextlib.suppress(OSError, FileError):  # a full disk fails the run elsewhere
                self.run.write_status(**changes)
            if announced:
                self.stop.wake.clear()

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self.stop.wake.set()
        self._thread.join(timeout=self.interval + 1)


def _gpu_mem_gib() -> float | None:
    import torch

    if not torch.cuda.is_available():
        return None
    return round(torch.cuda.max_memory_allocated() / 2**30, 3)


def _gpu_index() -> int | None:
    """This rank's GPU by NVML index (the panels' numbering), None on CPU."""
    import torch

    from mcp_tui.gpu import nvml_index

    if not torch.cuda.is_available():
        return None
    device = torch.cuda.current_device()
    return nvml_index(str(getattr(torch.cuda.get_device_properties(device), "uuid", "")), device)


class TokenCounter:
    """The tokens this rank trained on since it was last read: the Trainer counts every
    rank's together; the monitor shows each rank's share."""

    def __init__(self) -> None:
        self.tokens = 0

    def add(self, inputs: dict[str, Any]) -> None:
        mask = inputs.get("attention_mask")
        self.tokens += int(mask.sum()) if mask is not None else int(inputs["input_ids"].numel())

    def take(self) -> int:
        tokens, self.tokens = self.tokens, 0
        return tokens


def _rank_columns(counter: TokenCounter, seconds: float) -> dict[str, Any]:
    """Every rank's tokens/s and peak GPU memory (a collective: all ranks log together), as
    the metrics' per-rank lists, and the peak over them; nothing extra with one rank."""
    mem = _gpu_mem_gib()
    if distributed.world_size() == 1:
        return {"gpu_mem_gib": mem}
    per_rank = distributed.gather([counter.take() / seconds, -1.0 if mem is None else mem])
    mems = [m for _, m in per_rank if m >= 0]
    return {"gpu_mem_gib": max(mems) if mems else None,
            "rank_tokens_per_s": [round(t, 1) for t, _ in per_rank],
            "rank_gpu_mem_gib": [round(m, 3) for m in mems] if mems else None}


def make_run_callback(run: Run, stop: StopRequest, elapsed_offset: float, counter: TokenCounter) -> Any:
    """The Trainer callback that writes the run directory (rank 0's; on other ranks the
    writes do nothing, but the collectives in it keep every rank in step)."""
    from transformers import TrainerCallback

    class RunCallback(TrainerCallback):
        def __init__(self) -> None:
            self.t0 = time.time()
            self.last_time = self.t0
            self.last_tokens: int | None = None
            # The step in progress: its micro-batches are a sign of life between logged steps.
            self.first = True
            self.micro = 0
            self.step_tokens0 = 0

        def on_train_begin(self, args, state, control, **kwargs):
            self.t0 = self.last_time = time.time()
            self.last_tokens = state.num_input_tokens_seen
            counter.take()
            _announce_start(run, stop, state)

        def on_step_begin(self, args, state, control, **kwargs):
            now = time.time()
            self.micro, self.step_tokens0 = 0, state.num_input_tokens_seen
            run.write_status(step_started=now, step_micro=0, step_micros=args.gradient_accumulation_steps,
                             step_tokens=0, step_updated=now, step_first=self.first)

        def on_substep_end(self, args, state, control, **kwargs):
            self.micro += 1
            run.write_status(step_micro=self.micro, step_tokens=state.num_input_tokens_seen - self.step_tokens0,
                             step_updated=time.time())

        def on_step_end(self, args, state, control, **kwargs):
            self.first = False
            run.write_status(step_started=0.0)  # logged next: the step shows as a point, no longer in progress
            _stop_with_every_rank(run, stop, state, control)

        def on_log(self, args, state, control, logs=None, **kwargs):
            logs = logs or {}
            now = time.time()
            record: dict[str, Any] = {"step": state.global_step, "epoch": round(float(state.epoch or 0.0), 4),
                                      "elapsed_s": round(elapsed_offset + now - self.t0, 2)}
            if "eval_loss" in logs:
                record["eval_loss"] = logs["eval_loss"]
            if "loss" in logs:
                tokens = state.num_input_tokens_seen  # every rank's, summed by the Trainer
                record.update(_loss_columns(logs, counter, now - self.last_time, tokens - (self.last_tokens or 0)))
                self.last_time, self.last_tokens = now, tokens
            if "loss" not in record and "eval_loss" not in record:
                return  # the end-of-training summary: nothing per-step in it
            run.append_metrics(record)
            run.write_status(step=state.global_step, epoch=record["epoch"])

        def on_save(self, args, state, control, **kwargs):
            _mark_saved(run, state.global_step)

    return RunCallback()


def _loss_columns(logs: dict[str, Any], counter: TokenCounter, seconds: float, tokens: int) -> dict[str, Any]:
    """A training log's columns: loss, learning rate, gradient norm, and the `tokens` of the
    last `seconds` as throughput (every rank's, and each rank's)."""
    seconds = max(seconds, 1e-6)
    return {"loss": logs["loss"], "lr": logs.get("learning_rate"), "grad_norm": logs.get("grad_norm"),
            "tokens_per_s": round(tokens / seconds, 1), **_rank_columns(counter, seconds)}


def _announce_start(run: Run, stop: StopRequest, state: Any) -> None:
    """status.json and the events line as training starts: the step, and every rank's GPU
    (a collective: every rank calls it)."""
    index = _gpu_index()
    gpus = [int(i) for (i,) in distributed.gather([-1 if index is None else index]) if i >= 0]
    run.write_status(state="stopping" if stop.requested else "running", step=state.global_step,
                     total_steps=state.max_steps, epoch=float(state.epoch or 0.0), gpus=gpus)
    run.log_event(f"training: step {state.global_step} of {state.max_steps}")


def _stop_with_every_rank(run: Run, stop: StopRequest, state: Any, control: Any) -> None:
    """Every rank stops at the same step, whichever of them was asked to: it saves a checkpoint
    and ends the loop (a collective)."""
    if distributed.agree(stop.requested) and not control.should_training_stop:
        stop.request("a stop signal to another rank")
        control.should_save = True
        control.should_training_stop = True
        run.write_status(state="stopping", step=state.global_step)


def _mark_saved(run: Run, step: int) -> None:
    """Once every rank has written its part of the checkpoint, rank 0 marks it COMPLETE, so a
    resume never starts from a half-written one."""
    distributed.barrier()
    if not run.writer:
        return
    folder = run.checkpoint_folder(step)
    mark_checkpoint_complete(folder)
    run.write_status(step=step)
    run.log_event(f"checkpoint saved: {folder.name}")


def build_datasets(cfg: RunConfig, tokenizer: Any, run: Run) -> tuple[Any, Any]:
    """Train (and optional eval) datasets with exact completion-only labels; the train
    set is the mix of train_file and data.sources, each source's share logged."""
    from mcp_tui.data.formats import read_dataset
    from mcp_tui.data.mixing import mix, mix_plan
    from mcp_tui.data.tokenize import build_train_dataset, encoding_note
    from mcp_tui.tools.calls import call_format

    fmt = call_format(cfg.data.call_format, cfg.data.tool_listing)
    run.log_event(encoding_note(tokenizer, fmt))

    def build(conversations: list[Any], origins: list[int] | None = None) -> tuple[Any, Any]:
        return build_train_dataset(conversations, tokenizer, fmt, max_seq_len=cfg.data.max_seq_len,
                                   too_long=cfg.data.too_long, packing=cfg.data.packing, origins=origins)

    mixed = mix(mix_plan(cfg.data.train_file, cfg.data.sources), cfg.train.seed)
    needed = conversations_needed(cfg)
    if needed < len(mixed.conversations):
        run.log_event(f"train data: {needed} of {len(mixed.conversations)} conversations drawn at random for "
                      f"{cfg.train.max_steps} steps of {cfg.train.batch_size * cfg.train.grad_accum} (10% spare)")
        mixed = mixed.sample(needed, cfg.train.seed)
    train, stats = build(mixed.conversations, mixed.origins)
    for k, share in enumerate(mixed.shares):
        share.kept, share.tokens = stats.by_origin.get(k, [0, 0])
    name = Path(cfg.data.train_file).name if len(mixed.shares) == 1 else "mix"
    run.log_event(f"train data {name}: {_data_summary(stats.summary())}")
    if len(mixed.shares) > 1:
        run.log_event(f"train data sources: {mixed.summary()}")
    if stats.rows == 0:
        raise ConfigError(f"{cfg.data.train_file}: no conversation fits data.max_seq_len = "
                          f"{cfg.data.max_seq_len}; raise it or set data.too_long = \"truncate\"")
    evaluation = None
    if cfg.train.eval_steps > 0 and cfg.data.eval_file:
        held_out = read_dataset(cfg.data.eval_file)
        evaluation, eval_stats = build(held_out[: cfg.data.max_eval_samples or None])
        run.log_event(f"eval data {Path(cfg.data.eval_file).name}: {_data_summary(eval_stats.summary())}")
    return train, evaluation


def conversations_needed(cfg: RunConfig) -> int:
    """How many conversations `max_steps` steps consume, with 10% spare for the ones too
    long to keep; unlimited for epoch-based runs and for packed rows (their count is only
    known once packed). Tokenizing only those makes a short run start in seconds."""
    if cfg.train.max_steps <= 0 or cfg.data.packing:
        return sys.maxsize
    return int(cfg.train.max_steps * cfg.train.batch_size * cfg.train.grad_accum * 1.1) + 16


def _data_summary(s: dict[str, Any]) -> str:
    return (f"{s['kept']} of {s['total']} conversations ({s['dropped_too_long']} too long, {s['truncated']} truncated, "
            f"{s['dropped_no_labels']} left without labels), "
            f"{s['tokens']} tokens ({s['trainable_tokens']} trained), length mean {s['length_mean']:.0f} "
            f"p95 {s['length_p95']} max {s['length_max']}")


def warmup_steps(ratio: float, total_steps: int) -> int:
    """The optimizer steps of the learning-rate warmup: `train.warmup_ratio` of the run's
    steps, rounded up (a short run with any warmup warms up for at least one step)."""
    return math.ceil(ratio * total_steps)


def training_arguments(cfg: RunConfig, run: Run, device_type: str) -> Any:
    """TrainingArguments from the config; output goes to the run's checkpoints/."""
    from transformers import TrainingArguments

    from mcp_tui.train.dtype import choose_dtype
    from mcp_tui.train.kernels import optimizer_name

    t = cfg.train
    evaluating = t.eval_steps > 0 and bool(cfg.data.eval_file)
    return TrainingArguments(
        output_dir=str(run.checkpoints_dir),
        max_steps=t.max_steps,
        num_train_epochs=t.epochs,
        per_device_train_batch_size=t.batch_size,
        per_device_eval_batch_size=t.batch_size,
        gradient_accumulation_steps=t.grad_accum,
        learning_rate=t.lr,
        lr_scheduler_type=t.scheduler,
        warmup_steps=0,  # RunTrainer.create_scheduler sets it once the step count is known
        weight_decay=t.weight_decay,
        max_grad_norm=t.max_grad_norm,
        optim=optimizer_name(cfg),
        seed=t.seed,
        data_seed=t.seed,
        logging_steps=t.logging_steps,
        save_strategy="steps",
        save_steps=t.save_steps,
        save_total_limit=t.save_total_limit,
        eval_strategy="steps" if evaluating else "no",
        eval_steps=t.eval_steps if evaluating else None,
        # kernels.prepare_model turns checkpointing on (non-reentrant) before LoRA is attached.
        gradient_checkpointing=False,
        bf16=device_type == "cuda" and cfg.quant.compute_dtype == "bfloat16"
        and choose_dtype(cfg.model.dtype, device_type).name != "float32",
        use_cpu=device_type == "cpu",
        include_num_input_tokens_seen="non_padding",
        remove_unused_columns=False,
        report_to="none",
        disable_tqdm=True,
        dataloader_pin_memory=device_type == "cuda",
        **parallel_arguments(cfg),
    )


def parallel_arguments(cfg: RunConfig) -> dict[str, Any]:
    """TrainingArguments for several ranks (DDP; config.validate refuses FSDP): no search for
    unused parameters (every adapter weight gets a gradient each step, and the search is what
    breaks with gradient checkpointing)."""
    return {"ddp_find_unused_parameters": False} if distributed.world_size() > 1 else {}


def make_trainer(model: Any, cfg: RunConfig, run: Run, tokenizer: Any, datasets: tuple[Any, Any],
                 callbacks: list[Any], device_type: str, counter: TokenCounter) -> Any:
    """A Trainer whose every training forward/backward runs inside kernels.training_context,
    and whose loss needs logits only where there are labels (labelled_loss.py) when the
    model allows; events.log says which loss is used."""
    from transformers import Trainer

    from mcp_tui.data.tokenize import PadCollator, pad_token_id
    from mcp_tui.train import labelled_loss
    from mcp_tui.train.kernels import training_context

    reason = labelled_loss.unsupported_reason(model, cfg)
    run.log_event(labelled_loss.loss_note(reason))

    class RunTrainer(Trainer):
        def training_step(self, model: Any, inputs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            counter.add(inputs)
            with training_context(cfg):
                return super().training_step(model, inputs, *args, **kwargs)

        def compute_loss(self, model: Any, inputs: dict[str, Any], *args: Any, **kwargs: Any) -> Any:
            if reason is None:
                inputs = labelled_loss.keep_labelled_logits(inputs)
            return super().compute_loss(model, inputs, *args, **kwargs)

        def create_scheduler(self, num_training_steps: int, optimizer: Any = None) -> Any:
            # Here the Trainer knows the run's steps (max_steps, or those of the epochs).
            self.args.warmup_steps = warmup_steps(cfg.train.warmup_ratio, num_training_steps)
            return super().create_scheduler(num_training_steps, optimizer)

    if cfg.train.tensorboard and run.writer:
        from torch.utils.tensorboard import SummaryWriter
        from transformers.integrations import TensorBoardCallback

        callbacks = callbacks + [TensorBoardCallback(SummaryWriter(log_dir=str(run.tensorboard_dir)))]
    train, evaluation = datasets
    return RunTrainer(
        model=model, args=training_arguments(cfg, run, device_type), train_dataset=train, eval_dataset=evaluation,
        data_collator=PadCollator(pad_token_id(tokenizer)), processing_class=tokenizer, callbacks=callbacks,
    )


def train(run: Run, resume: bool, stop: StopRequest) -> str:
    """Train the run to its end (or until a stop request); returns the final state."""
    import torch
    from transformers import set_seed

    from mcp_tui.train.kernels import prepare_adapters, prepare_model
    from mcp_tui.train.model import (attach_lora, dtype_choice, load_base_model, load_tokenizer, model_kind, pick_device,
                                      resolve_model)

    cfg = run.config()
    device = pick_device(cfg)
    distributed.start(use_cuda=device.type == "cuda")
    if cfg.train.cpu_threads:
        torch.set_num_threads(cfg.train.cpu_threads)
    set_seed(cfg.train.seed)
    checkpoint = run.prepare_resume() if resume else None
    if resume:
        run.log_event(f"resuming from {checkpoint.name}" if checkpoint else "no complete checkpoint: starting over")
    folder = resolve_model(cfg.model)
    run.log_event(model_kind(folder).describe())
    tokenizer = load_tokenizer(cfg, folder)
    run.log_event(dtype_choice(cfg, device).describe())
    model = load_base_model(cfg, device, folder)
    for note in prepare_model(model, cfg):
        run.log_event(note)
    model = attach_lora(model, cfg)
    for note in prepare_adapters(model, cfg):
        run.log_event(note)
    trainable, total = model.get_nb_trainable_parameters()
    layers = f"; adapters in the last {cfg.lora.last_layers} decoder layers only" if cfg.lora.last_layers else ""
    run.log_event(f"model {cfg.model.source} on {device}: {trainable:,} trainable of {total:,} parameters{layers}")
    datasets = build_datasets(cfg, tokenizer, run)
    if distributed.agree(stop.requested):  # every rank returns here, or none
        return "stopped"
    if distributed.world_size() > 1:
        run.log_event(ranks_note(cfg))
    counter = TokenCounter()
    callbacks = [make_run_callback(run, stop, run.elapsed_s(), counter)]
    trainer = make_trainer(model, cfg, run, tokenizer, datasets, callbacks, device.type, counter)
    trainer.train(resume_from_checkpoint=str(checkpoint) if checkpoint else None)
    if stop.requested and trainer.state.global_step < trainer.state.max_steps:
        run.log_event(f"stopped by {stop.signal_name} at step {trainer.state.global_step} (checkpoint saved)")
        return "stopped"
    adapter = trainer.accelerator.unwrap_model(trainer.model)
    run.save_adapter(lambda folder: (adapter.save_pretrained(folder),
                                     tokenizer.save_pretrained(folder)))
    run.log_event(f"completed at step {trainer.state.global_step}; adapter saved to {run.adapter_dir.name}/")
    return "completed"


def ranks_note(cfg: RunConfig) -> str:
    """The events line of a multi-rank run: how the work is shared, and the global batch
    (the step count is the same as on one GPU; each step sees N times the sequences)."""
    t, n = cfg.train, distributed.world_size()
    return (f"{n} ranks (ddp: a whole copy of the model on each, every rank on its own batches); global batch = {t.batch_size} x {t.grad_accum} x {n} = "
            f"{t.batch_size * t.grad_accum * n} sequences per step")


def run_worker(run_dir: str | os.PathLike, resume: bool = False) -> int:
    """Run one training job in this process, keeping status.json truthful throughout.
    Returns the process exit code (0 completed or stopped, 1 failed, 130 aborted).

    The worker holds the run's lock while it trains: a second worker on the same run
    refuses (exit 1) without touching its files. Until training begins the status is
    `pending` with this worker's pid, so the launcher knows it really started."""
    # Before CUDA starts: expandable segments keep reserved memory within ~0.3-0.8 GiB of
    # allocated (bench/results); without them the caching allocator fragments at long
    # contexts and reserves GiBs more than it uses, which is what runs out on a 24 GB card.
    os.environ.setdefault("PYTORCH_CUDA_ALLOC_CONF", "expandable_segments:True")
    # Ranks other than 0 of a multi-GPU run train the same way but write nothing.
    run = Run(run_dir) if distributed.is_main() else FollowerRun(run_dir)
    stop = StopRequest()
    stop.install()
    distributed.watch_launcher(lambda: stop.request("the exit of its launcher"))
    try:
        with run.worker_lock():
            return _train_locked(run, resume, stop)
    except RunBusyError as exc:
        print(f"mcp-tui worker: {exc}", file=sys.stderr)
        distributed.record_failure(str(exc), exc)
        return 1


def _train_locked(run: Run, resume: bool, stop: StopRequest) -> int:
    from mcp_tui.data.formats import DataError
    from mcp_tui.train.model import ModelError

    pid = distributed.run_pid()
    try:
        # A damaged status.json is rewritten whole here; `started` keeps the run's place in the list.
        run.write_status(state="pending", pid=pid, host=socket.gethostname(), pid_started=process_start_time(pid),
                         heartbeat=time.time(), error="", started=run.started() or time.time(), gpus=[])
        run.log_event(f"worker started (pid {pid}){' to resume' if resume else ''}")
    except FileError as exc:
        return _fail(run, str(exc), show_traceback=False)
    with Heartbeat(run, stop) if run.writer else contextlib.nullcontext():
        try:
            state = train(run, resume, stop)
        except (ConfigError, ModelError, DataError, FileError) as exc:  # the message is the whole story
            return _fail(run, _with_resume_hint(run, exc), show_traceback=False, exc=exc)
        except KeyboardInterrupt as exc:
            _fail(run, "aborted by a second stop signal; `--resume` continues from the last checkpoint",
                  show_traceback=False, exc=exc)
            return 130
        except Exception as exc:  # noqa: BLE001 - the status must say failed whatever broke
            if is_disk_full(exc, run.path):
                return _fail(run, _with_resume_hint(run, disk_full(run.path)), show_traceback=False, exc=exc)
            return _fail(run, f"{type(exc).__name__}: {exc}", show_traceback=True, exc=exc)
    try:
        run.write_status(state=state, error="", step_started=0.0)
    except FileError as exc:
        return _fail(run, str(exc), show_traceback=False)
    return 0


def _with_resume_hint(run: Run, exc: Exception) -> str:
    """A full disk (or another damaged write) is fixed outside, then the run goes on."""
    if isinstance(exc, FileError) and is_disk_full(exc):
        return f"{exc.path}: {exc.why}; free some space, then `mcp-tui train --resume {run.id}` continues"
    return str(exc)


def _fail(run: Run, message: str, show_traceback: bool, exc: BaseException | None = None) -> int:
    line = message.strip().splitlines()[0] if message.strip() else "unknown error"
    if show_traceback:
        traceback.print_exc()
    print(f"mcp-tui worker: {line}", file=sys.stderr)
    if distributed.world_size() > 1:
        # The launcher writes `failed` once every rank is gone, naming the rank that failed
        # first: this one, or another whose death is what broke this one.
        distributed.record_failure(line, exc)
        return 1
    with contextlib.suppress(FileError):  # a full disk may refuse the events line; the status matters
        run.log_event(f"failed: {line}")
    with contextlib.suppress(FileError):
        run.write_status(state="failed", error=line, step_started=0.0)
    return 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m mcp_tui.train.worker",
                                     description="Train one run directory (normally started by `mcp-tui train`).")
    parser.add_argument("run_dir")
    parser.add_argument("--resume", action="store_true", help="continue from the newest complete checkpoint")
    args = parser.parse_args(argv)
    return run_worker(args.run_dir, resume=args.resume)


if __name__ == "__main__":
    sys.exit(main())
