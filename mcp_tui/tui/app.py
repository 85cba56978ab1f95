"""The `mcp-tui` terminal app: composes the screens and samples telemetry.

Everything slow (NVML, run directories, model loads, generation) happens in Textual
thread workers that post messages; the event loop only draws. GPU/host telemetry is
sampled here once for every screen, and handed down as the `telemetry` reactive (a short
history, newest last) that the panels watch.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen

from mcp_tui.gpu import NvmlTelemetry, Telemetry, TelemetrySource
from mcp_tui.runs import default_runs_dir
from mcp_tui.tui.messages import RunStarted, TelemetrySampled, WorkFailed

# Samples kept for the gauges' sparklines: two minutes at the default interval.
HISTORY = 60


class McpTuiApp(App[None]):
    """Home, wizard, monitor, evaluation and export, over one runs directory."""

    CSS_PATH = "app.tcss"
    TITLE = "mcp-tui"
    SUB_TITLE = "fine-tune a code model to use MCP tools"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False, priority=True)]

    telemetry: reactive[tuple[Telemetry, ...]] = reactive(())
    # The run last started from this app, which the home table selects once it lists it.
    started_run: reactive[str | None] = reactive(None)

    def __init__(
        self,
        runs_dir: Path | None = None,
        preset: str | None = None,
        telemetry_source: TelemetrySource | None = None,
        poll_s: float = 1.0,
        telemetry_s: float = 2.0,
        start: str = "home",
        watch_terminal: bool = False,
    ) -> None:
        """`start` = "new" opens the new-run wizard over the home screen; `watch_terminal`
        makes the app exit when its terminal goes away (the real app, not tests)."""
        super().__init__()
        self.start = start
        self.watch_terminal = watch_terminal
        self.runs_dir = Path(runs_dir) if runs_dir is not None else default_runs_dir()
        self.preset = preset
        self.telemetry_source = telemetry_source or NvmlTelemetry()
        # How often screens re-read run directories; tests shorten or lengthen it.
        self.poll_s = poll_s
        self.telemetry_s = telemetry_s

    def on_mount(self) -> None:
        from mcp_tui.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        if self.start == "new":
            from mcp_tui.tui.screens.wizard import WizardScreen

            self.push_screen(WizardScreen(self.preset))
        self.sample_telemetry()
        self.set_interval(self.telemetry_s, self.sample_telemetry)
        if self.watch_terminal:
            from mcp_tui.tui.terminal_watch import watch_terminal

            watch_terminal(self)

    @work(thread=True, exclusive=True, group="telemetry")
    def sample_telemetry(self) -> None:
        self.post_message(TelemetrySampled(self.telemetry_source.sample()))

    def on_telemetry_sampled(self, message: TelemetrySampled) -> None:
        self.telemetry = (*self.telemetry[-(HISTORY - 1) :], message.telemetry)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette (ctrl+p) also offers the playground where a screen has it."""
        yield from super().get_system_commands(screen)
        if hasattr(screen, "action_playground"):
            yield SystemCommand("Agent playground", "Base and tuned work a task through MCP servers, side by side",
                                screen.action_playground)

    def on_run_started(self, message: RunStarted) -> None:
        self.started_run = message.run_id

    def on_work_failed(self, message: WorkFailed) -> None:
        self.notify(message.error, title=message.what, severity="error", timeout=10)


def run_app(runs_dir: str | os.PathLike | None = None, preset: str | None = None, start: str = "home") -> int:
    """Open the app (the `mcp-tui` command without a subcommand, or `mcp-tui new`);
    returns the exit code."""
    if preset is not None:
        from mcp_tui.config import ConfigError, load_config

        try:
            load_config(preset)
        except ConfigError as e:
            print(f"mcp-tui: {e}")
            return 2
    app = McpTuiApp(Path(runs_dir) if runs_dir else None, preset, start=start, watch_terminal=True)
    app.run()
    return app.return_code or 0
