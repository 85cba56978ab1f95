"""Home: every run under the runs directory, the GPU panel, and the way to everything else.

Runs started elsewhere (the CLI, another session) appear by themselves: the table is
re-read in a worker every `app.poll_s` seconds.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from mcp_tui.tui.messages import RunsRead
from mcp_tui.tui.snapshots import RunsReader, gpu_users
from mcp_tui.tui.widgets.runs.table import RunsTable
from mcp_tui.tui.widgets.telemetry.panel import TelemetryPanel


class HomeScreen(Screen[None]):
    """The runs table and the GPU panel."""

    BINDINGS = [
        Binding("n", "new_run", "New run"),
        Binding("m", "monitor", "Monitor"),
        Binding("e", "evaluation", "Evaluate"),
        Binding("x", "export", "Export"),
        Binding("p", "playground", "Playground"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield RunsTable(id="runs")
        yield Static(id="runs-hint")
        yield TelemetryPanel(id="telemetry", classes="panel")
        yield Footer()

    def on_mount(self) -> None:
        self.reader = RunsReader(self.app.runs_dir)
        self.query_one("#telemetry").border_title = "GPU and host"
        self.query_one(RunsTable).border_title = f"Runs in {self.app.runs_dir}"
        self.watch(self.app, "telemetry", self._telemetry_changed)
        self.watch(self.app, "started_run", self._run_started)
        self.read_runs()
        self.set_interval(self.app.poll_s, self.read_runs)

    def _telemetry_changed(self, samples: tuple) -> None:
        self.query_one(TelemetryPanel).samples = samples

    def _run_started(self, run_id: str | None) -> None:
        if run_id is not None:
            self.query_one(RunsTable).select_run(run_id)

    @work(thread=True, exclusive=True, group="runs")
    def read_runs(self) -> None:
        self.post_message(RunsRead(self.reader.rows()))

    def on_runs_read(self, message: RunsRead) -> None:
        self.query_one(RunsTable).rows_data = tuple(message.rows)
        self.query_one(TelemetryPanel).labels = gpu_users(message.rows)
        hint = self.query_one("#runs-hint", Static)
        hint.update("" if message.rows else "No runs yet. Press n to start one (the wizard walks you through it).")
        hint.display = not message.rows

    def _selected(self) -> str | None:
        run_id = self.query_one(RunsTable).selected_run
        if run_id is None:
            self.notify("No run selected: press n to start one.", severity="warning")
        return run_id

    def action_new_run(self) -> None:
        from mcp_tui.tui.screens.wizard import WizardScreen

        self.app.push_screen(WizardScreen(self.app.preset))

    def action_monitor(self) -> None:
        from mcp_tui.tui.screens.monitor import MonitorScreen

        if (run_id := self._selected()) is not None:
            self.app.push_screen(MonitorScreen(self.app.runs_dir / run_id))

    @on(DataTable.RowSelected)
    def _row_selected(self) -> None:
        self.action_monitor()

    def action_evaluation(self) -> None:
        from mcp_tui.tui.screens.evaluation import EvaluationScreen

        if (run_id := self._selected()) is not None:
            self.app.push_screen(EvaluationScreen(self.app.runs_dir / run_id))

    def action_playground(self) -> None:
        from mcp_tui.tui.screens.agent import AgentScreen

        if (run_id := self._selected()) is not None:
            self.app.push_screen(AgentScreen(self.app.runs_dir / run_id))

    def action_export(self) -> None:
        from mcp_tui.tui.screens.export import ExportDialog

        if (run_id := self._selected()) is not None:
            self.app.push_screen(ExportDialog(self.app.runs_dir / run_id))
