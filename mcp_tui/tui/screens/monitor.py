"""Monitor: one run, live, whether it is running here, elsewhere, or long finished.

Attaching only reads the run directory (a worker polls it every `app.poll_s`), so
closing the screen, the app or the SSH connection never touches the training process.
Stop asks the worker to checkpoint and exit (SIGTERM), after a confirmation; Resume
starts a stopped, crashed or failed run again from its last checkpoint.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import Footer, Header

from mcp_tui.runs import Run
from mcp_tui.tui.messages import RunRead, WorkFailed
from mcp_tui.tui.snapshots import RunSnapshot, RunsReader, rank_labels
from mcp_tui.tui.widgets.dialogs.confirm import ConfirmDialog
from mcp_tui.tui.widgets.monitor.charts import MetricChart
from mcp_tui.tui.widgets.monitor.events import EventsTail
from mcp_tui.tui.widgets.monitor.progress import RunProgress
from mcp_tui.tui.widgets.telemetry.panel import TelemetryPanel


# Run states that `train --resume` continues from the last checkpoint.
RESUMABLE = ("stopped", "crashed", "failed")


class MonitorScreen(Screen[None]):
    """Progress, curves, GPU gauges and events of one run."""

    BINDINGS = [
        Binding("s", "stop", "Stop run"),
        Binding("r", "resume", "Resume"),
        Binding("e", "evaluation", "Evaluate"),
        Binding("x", "export", "Export"),
        Binding("escape", "app.pop_screen", "Back"),
        Binding("q", "app.quit", "Quit"),
    ]

    snapshot: reactive[RunSnapshot | None] = reactive(None)

    def __init__(self, run_path: Path) -> None:
        super().__init__()
        self.run = Run(run_path)

    def compose(self) -> ComposeResult:
        yield Header()
        yield RunProgress(id="progress", classes="panel").data_bind(MonitorScreen.snapshot)
        with Horizontal(id="charts"):
            yield MetricChart("loss", {"loss": "train", "eval_loss": "eval"}, id="loss-chart").data_bind(
                MonitorScreen.snapshot
            )
            with Vertical(id="side-charts"):
                yield MetricChart("learning rate", {"lr": "lr"}, id="lr-chart").data_bind(MonitorScreen.snapshot)
                yield MetricChart("grad norm", {"grad_norm": "grad norm"}, id="grad-chart").data_bind(
                    MonitorScreen.snapshot
                )
        with Horizontal(id="monitor-bottom"):
            yield TelemetryPanel(history=True, id="gauges", classes="panel")
            yield EventsTail(id="events").data_bind(MonitorScreen.snapshot)
        yield Footer()

    def on_mount(self) -> None:
        self.reader = RunsReader(self.run.path.parent)
        self.query_one("#progress").border_title = self.run.id
        self.query_one("#gauges").border_title = "GPU and host"
        self.query_one("#events").border_title = "events"
        self.watch(self.app, "telemetry", self._telemetry_changed)
        self.read_run()
        self.set_interval(self.app.poll_s, self.read_run)

    def _telemetry_changed(self, samples: tuple) -> None:
        self.query_one(TelemetryPanel).samples = samples

    @work(thread=True, exclusive=True, group="monitor")
    def read_run(self) -> None:
        self.post_message(RunRead(self.reader.snapshot(self.run)))

    def on_run_read(self, message: RunRead) -> None:
        before = self.snapshot.status.state if self.snapshot else None
        self.snapshot = message.snapshot
        self.query_one(TelemetryPanel).labels = rank_labels(message.snapshot)
        if self.snapshot.status.state != before:
            self.refresh_bindings()  # Stop while it runs, Resume once it stopped
        if self.snapshot.label:
            self.query_one("#progress").border_subtitle = self.snapshot.label

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.snapshot.status.state if self.snapshot else None
        if action == "stop":
            return state is not None and self.snapshot.status.live
        if action == "resume":
            return state in RESUMABLE
        return True

    def action_resume(self) -> None:
        self.notify(f"Resuming {self.run.id} from its last checkpoint…")
        self.resume_run()

    @work(thread=True, exclusive=True, group="resume")
    def resume_run(self) -> None:
        """What `mcp-tui train --resume RUN` does: the same checks, the same detached worker."""
        from mcp_tui.config import ConfigError
        from mcp_tui.train.launch import check_resumable, start_detached

        try:
            check_resumable(self.run)
            start_detached(self.run, resume=True)
        except (ValueError, OSError, ConfigError) as e:
            self.post_message(WorkFailed("Resume", str(e)))
            return
        self.app.call_from_thread(self.notify, f"{self.run.id} resumed.")

    def action_stop(self) -> None:
        if self.snapshot is None or not self.snapshot.status.live:
            self.notify("This run is not running.", severity="warning")
            return
        if self.snapshot.status.state == "stopping":
            self.notify(f"{self.run.id} is already stopping: it exits once its checkpoint is saved.")
            return
        question = f"Stop {self.run.id}? It saves a checkpoint first; `mcp-tui train --resume` continues it."
        self.app.push_screen(ConfirmDialog(question, yes="Stop"), self._stop_confirmed)

    def _stop_confirmed(self, yes: bool | None) -> None:
        if yes:
            self.stop_run()

    @work(thread=True, group="stop")
    def stop_run(self) -> None:
        from mcp_tui.train.launch import request_stop

        try:
            st = request_stop(self.run)
        except (OSError, ValueError) as e:
            self.post_message(WorkFailed("Stop", str(e)))
            return
        if st.state == "stopping":
            self.app.call_from_thread(self.notify, f"{self.run.id} is already stopping.")
            return
        self.app.call_from_thread(self.notify, f"Asked {self.run.id} to checkpoint and stop.")

    def action_evaluation(self) -> None:
        from mcp_tui.tui.screens.evaluation import EvaluationScreen

        self.app.push_screen(EvaluationScreen(self.run.path))

    def action_export(self) -> None:
        from mcp_tui.tui.screens.export import ExportDialog

        self.app.push_screen(ExportDialog(self.run.path))
