"""Evaluation: start an A/B evaluation of a run, watch its progress, read the verdict.

The evaluation runs as a detached `mcp-tui eval RUN` process (it survives the app like
training does); this screen only reads eval/ in a worker: progress.json, summary.json and
the per-task results, which it lists with each model's pass/fail and lets you filter.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from mcp_tui.data.conversation import AGENTIC, CATEGORIES, Conversation
from mcp_tui.eval.folder import EvalFolder
from mcp_tui.runs import Run
from mcp_tui.tui.eval_view import EvalResults, filter_rows, read_eval
from mcp_tui.tui.messages import EvalRead, WorkFailed
from mcp_tui.step_progress import duration
from mcp_tui.subcommand import cli_command
from mcp_tui.tui.widgets.evaluation.progress import progress_panel
from mcp_tui.tui.widgets.evaluation.summary import SummaryTable
from mcp_tui.tui.widgets.evaluation.tasks import TaskList

def eval_command(run: Run) -> list[str]:
    """`mcp-tui --runs-dir DIR eval RUN` with this interpreter."""
    return cli_command("--runs-dir", str(run.path.parent.resolve()), "eval", run.id)


def spawn_eval(run: Run, extra: list[str] | tuple[str, ...] = ()) -> subprocess.Popen[bytes]:
    """Start the evaluation detached (own session), its output in the run's eval.log."""
    with EvalFolder.of_run(run).open_log() as log:
        return subprocess.Popen(
            [*eval_command(run), *extra], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True, close_fds=True,
        )


def task_sets(run: Run) -> list[Path]:
    """The task files the screen offers: the run's own eval.tasks_file, then every other
    bundled set (the foreign set for a run on the bundled one)."""
    from mcp_tui.config import resolve_path
    from mcp_tui.eval.tasks import TASK_SETS, task_set_path

    own = resolve_path(run.config().eval.tasks_file)
    others = [task_set_path(name) for name in TASK_SETS]
    return [own] + [p for p in others if p.resolve() != own.resolve()]


def progress_text(results: EvalResults | None, starting: bool, run_id: str = "RUN", stopping: bool = False) -> Text:
    """One line: not started / which model, how far, how fast / stopping / done."""
    if results is None:
        return Text("Reading eval/…", style="dim")
    if results.problem:
        return Text(f"{results.problem}. `mcp-tui eval {run_id} --fresh` starts the evaluation over.", style="red")
    p = results.progress
    if p is None:
        if starting:
            return Text("Started: loading the model and adapter, then answering the first batch (progress "
                        "shows after each batch)…", style="cyan")
        return Text("No evaluation yet. Press s to choose how many tasks and start (base and tuned answer each).")
    if p.get("state") == "done":
        return Text(f"Done: both models answered {p.get('total', '?')} tasks.", style="green")
    if p.get("state") == "failed" and not starting:
        return Text(f"Failed at {p.get('model', '?')} {p.get('done', 0)}/{p.get('total', '?')} tasks: "
                    f"{p.get('error', 'see eval.log')}. Press s to resume once it is fixed.", style="red")
    if results.evaluator_alive is False and not starting:
        return Text(f"Stopped at {p.get('model', '?')} {p.get('done', 0)}/{p.get('total', '?')} tasks (its process "
                    "is gone). Press s to resume where it stopped.", style="yellow")
    if stopping:
        return Text(f"Stopping at {p.get('model', '?')} {p.get('done', 0)}/{p.get('total', '?')} tasks: the answers "
                    "written so far are kept, s resumes.", style="yellow")
    eta = f", ETA {duration(p['eta_s'])}" if p.get("eta_s") is not None else ""
    rate = f", {p['tasks_per_s']:.2f} tasks/s" if p.get("tasks_per_s") else ""
    return Text(f"Evaluating {p.get('model', '?')}: {p.get('done', 0)}/{p.get('total', '?')} tasks{rate}{eta}",
                style="cyan")


class EvaluationScreen(Screen[None]):
    """Progress, summary table, filterable task list; enter opens the side-by-side view."""

    BINDINGS = [
        Binding("s", "start", "Start"),
        Binding("x", "stop", "Stop"),
        Binding("c", "cycle_category", "Category"),
        Binding("d", "toggle('only_disagree')", "Disagree"),
        Binding("r", "toggle('only_regress')", "Regress"),
        Binding("a", "ask", "Ask both"),
        Binding("t", "next_task_set", "Set"),
        Binding("p", "playground", "Playground"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    results: reactive[EvalResults | None] = reactive(None)
    category: reactive[str | None] = reactive(None)
    only_disagree: reactive[bool] = reactive(False)
    only_regress: reactive[bool] = reactive(False)

    def __init__(self, run_path: Path) -> None:
        super().__init__()
        self.run = Run(run_path)
        self.tasks: dict[str, Conversation] | None = None
        self.tasks_error = ""
        self.process: subprocess.Popen[bytes] | None = None
        self.stopping = False  # x was pressed; until the evaluator is gone
        self.footer_running = False  # whether the footer shows x (Stop) rather than s
        self.sets = task_sets(self.run)
        self.set_index = 0

    @property
    def tasks_file(self) -> Path:
        """The task set shown; the run's own is read from its config each time."""
        if self.set_index == 0:
            from mcp_tui.config import resolve_path

            return resolve_path(self.run.config().eval.tasks_file)
        return self.sets[self.set_index]

    @property
    def results_dir(self) -> Path:
        return self.run.eval_dir if self.set_index == 0 else self.run.results_dir(self.tasks_file)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="eval-progress", classes="panel")
        yield SummaryTable(id="summary")
        yield Static(id="filters")
        yield TaskList(id="tasks")
        # Eight keys fit 80 columns only compact and without the palette hint (ctrl+p still opens it).
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self._title()
        self.query_one("#summary").border_title = "summary (Δ in points; p: McNemar exact)"
        self._show_filters()
        self.query_one(TaskList).focus()  # arrows move through tasks, enter opens one
        self.load_tasks()
        self.read_results()
        self.set_interval(self.app.poll_s, self.read_results)

    def _title(self) -> None:
        self.query_one("#eval-progress").border_title = f"evaluation of {self.run.id} · {self.tasks_file.name}"

    @work(thread=True, exclusive=True, group="eval-tasks")
    def load_tasks(self) -> None:
        """The task file gives the list its order and the side-by-side view its prompts;
        results show before it is read."""
        from mcp_tui.eval.tasks import load_tasks

        path, error = self.tasks_file, ""
        try:
            tasks = {t.id: t for t in load_tasks(path)}
        except (OSError, ValueError) as e:  # DataError and ConfigError are ValueErrors
            error, tasks = str(e), {}
        if path == self.tasks_file:  # the set was not switched meanwhile
            self.tasks, self.tasks_error = tasks, error
            self.read_results()

    @work(thread=True, exclusive=True, group="eval-read")
    def read_results(self) -> None:
        self.post_message(EvalRead(read_eval(self.results_dir, self.tasks or {}, self.tasks_error)))
        exited = self.process is not None and self.process.poll() is not None
        if exited and (self.stopping or self.process.returncode == 0):  # stopped by x, or done
            self.process = None
        if self.process is not None and self.process.poll() is not None:
            code, self.process = self.process.returncode, None
            tail = EvalFolder.of_run(self.run).log_tail()
            self.post_message(WorkFailed("Evaluation", f"exited with code {code}: {tail}"))

    def on_eval_read(self, message: EvalRead) -> None:
        if self.tasks and not message.results.tasks:
            return  # read before the task file arrived (reads run in parallel threads); a newer read follows
        if message.results.tasks and message.results.tasks is not self.tasks:
            return  # read for the task set shown before a switch
        if self.stopping and not message.results.evaluator_alive and self.process is None:
            self.stopping = False
        self.results = message.results
        # The progress line also depends on the process and on stopping, which change without
        # the results changing (then their watcher does not run): one Static update per read.
        self._show_progress()
        if self.evaluation_running() != self.footer_running:  # s or x in the footer; redrawn only on a change
            self.footer_running = not self.footer_running
            self.refresh_bindings()

    def action_next_task_set(self) -> None:
        """Show the next task set: its results, and s evaluates on it."""
        if len(self.sets) < 2:
            self.notify("This run has one task set.")
            return
        self.set_index = (self.set_index + 1) % len(self.sets)
        self.tasks, self.tasks_error, self.results = None, "", None
        self.query_one(TaskList).rows_data = ()
        self._title()
        self.load_tasks()

    def evaluation_running(self) -> bool:
        """An evaluation of this set runs: started from here, or elsewhere (its pid lives)."""
        own = self.process is not None and self.process.poll() is None
        return own or bool(self.results is not None and self.results.evaluator_alive)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """s while nothing runs, x while something does: one of the two in the footer."""
        if action in ("start", "stop"):
            return self.evaluation_running() == (action == "stop")
        return True

    def watch_results(self, results: EvalResults | None) -> None:
        self._show_progress()
        summary = self.query_one(SummaryTable)
        summary.summary = results.summary if results else None
        summary.display = summary.summary is not None
        self._show_tasks()

    def _show_progress(self) -> None:
        starting = self.process is not None and self.process.poll() is None
        state = progress_text(self.results, starting, self.run.id, self.stopping)
        self.query_one("#eval-progress", Static).update(progress_panel(state, self.results, self.evaluation_running()))

    def _show_tasks(self) -> None:
        if self.results is None or self.tasks is None:
            return  # the list waits for the task file, so it opens in task order at the top
        rows = self.results.rows()
        shown = filter_rows(rows, self.category, self.only_disagree, self.only_regress)
        self.query_one(TaskList).rows_data = tuple(shown)
        self.query_one("#tasks").border_title = f"tasks: {len(shown)} of {len(rows)} (enter: side by side)"
        if self.results.tasks_error:
            self.query_one("#tasks").border_subtitle = self.results.tasks_error[:70]

    def _show_filters(self) -> None:
        def on_off(flag: bool) -> str:
            return "[b]on[/b]" if flag else "off"

        self.query_one("#filters", Static).update(
            f"category [b]{self.category or 'all'}[/b] (c)   disagreements {on_off(self.only_disagree)} (d)"
            f"   regressions {on_off(self.only_regress)} (r)"
        )

    def watch_category(self) -> None:
        self._refilter()

    def watch_only_disagree(self) -> None:
        self._refilter()

    def watch_only_regress(self) -> None:
        self._refilter()

    def _refilter(self) -> None:
        if self.is_mounted:
            self._show_filters()
            self._show_tasks()

    def action_cycle_category(self) -> None:
        order: list[str | None] = [None, *CATEGORIES, AGENTIC]
        self.category = order[(order.index(self.category) + 1) % len(order)]

    def action_toggle(self, name: str) -> None:
        setattr(self, name, not getattr(self, name))

    @on(DataTable.RowSelected, "#tasks")
    def _open_task(self) -> None:
        from mcp_tui.tui.screens.task_detail import TaskDetailScreen

        task_list = self.query_one(TaskList)
        ids = [r.id for r in task_list.rows_data]
        if self.results is None or task_list.selected_task is None:
            return
        self.app.push_screen(TaskDetailScreen(self.results, ids, ids.index(task_list.selected_task)))

    def action_start(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.notify("An evaluation started from here is still running.", severity="warning")
            return
        progress = self.results.progress if self.results else None
        if progress and progress.get("state") == "done":
            self.notify("This run is already evaluated; `mcp-tui eval --fresh` evaluates it again.")
            return
        if self.results is not None and self.results.evaluator_alive:
            self.notify(f"An evaluation of this run is already running (pid {progress['pid']}).", severity="warning")
            return
        if not (self.run.adapter_dir / "adapter_config.json").is_file():
            self.notify(f"{self.run.id} has no adapter yet: evaluate it once training has completed.",
                        severity="warning")
            return
        stopped_size = self.results.size if self.results is not None and progress else None
        if stopped_size:  # a stopped or failed evaluation resumes with its own size
            self._spawn(stopped_size)
            return
        if self.tasks is None or not self.tasks:
            self.notify(f"The task set is not read yet{': ' + self.tasks_error if self.tasks_error else ''}.",
                        severity="warning")
            return
        from mcp_tui.tui.widgets.dialogs.eval_start import EvalStartDialog

        dialog = EvalStartDialog(self.run.id, self.tasks_file.name, len(self.tasks), self.run.config().eval.limit)
        self.app.push_screen(dialog, lambda count: count and self._spawn(count))

    def _spawn(self, count: int) -> None:
        """Start `mcp-tui eval RUN --limit COUNT` (on the set shown) in the background."""
        extra = ["--limit", str(count)] + (["--tasks", str(self.tasks_file)] if self.set_index else [])
        self.process = spawn_eval(self.run, extra)
        self.notify(f"Evaluation of {count} tasks started in the background "
                    f"(log: {EvalFolder.of_run(self.run).log_path}); x stops it, s resumes.")
        self.watch_results(self.results)
        self.footer_running = True
        self.refresh_bindings()

    def action_stop(self) -> None:
        """Interrupt the evaluator (ours or one started elsewhere) as ctrl+c would: the
        batches it wrote stay, and s (or the same `mcp-tui eval`) resumes from there."""
        own = self.process is not None and self.process.poll() is None
        progress = self.results.progress if self.results else None
        pid = self.process.pid if own else (progress or {}).get("pid") if self.evaluation_running() else None
        if pid is None:
            self.notify("No evaluation of this run is running.")
            return
        try:
            os.kill(pid, signal.SIGTERM)
        except OSError as e:
            self.notify(f"Could not stop the evaluator (pid {pid}): {e.strerror}", severity="error")
            return
        self.stopping = True
        self.watch_results(self.results)

    def action_playground(self) -> None:
        from mcp_tui.tui.screens.agent import AgentScreen

        self.app.push_screen(AgentScreen(self.run.path))

    def action_ask(self) -> None:
        from mcp_tui.tui.screens.ask import AskScreen

        self.app.push_screen(AskScreen(self.run.path))
