"""The goaltui dashboard application: screens, global keys, the database worker.

The first frame paints before SQLModel is imported: the database is opened in a
thread worker after mount, and screens show a loading state until it is ready.
"""

from __future__ import annotations

import gc
from collections.abc import Container, Iterable
from datetime import date
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen

from goaltui.domain.clock import Clock, SystemClock
from goaltui.domain.text import one_line
from goaltui.ui.crash import write_crash_report
from goaltui.ui.jobs import Jobs
from goaltui.ui.layout import SCREENS
from goaltui.ui.screens import MODE_SCREENS, screen_class

if TYPE_CHECKING:
    from goaltui.domain.changes import Change
    from goaltui.domain.progress import GoalSummary
    from goaltui.services import GoalService
    from goaltui.storage.paths import Location


def _goal_commands() -> Any:
    """goaltui's palette commands, imported when the palette first opens."""
    from goaltui.ui.commands import GoalCommands

    return GoalCommands


def _give_dialog_keys(screen: Screen[Any]) -> None:
    """Give a dialog a key bar of its own, so the keys shown are the dialog's."""
    from goaltui.ui.widgets.keybar import KeyBar

    if isinstance(screen, ModalScreen) and not screen.query(KeyBar):
        screen.mount(KeyBar())


class GoalApp(Jobs):
    """A keyboard-driven dashboard for one person's goals."""

    TITLE = "goaltui"
    #: Every screen's styles, read once at start-up (a few milliseconds): a
    #: screen that brought its own would restyle the whole app when first shown.
    CSS_PATH: ClassVar[list[str | PurePath]] = [
        f"styles/{name}.tcss" for name in ("app", "timeline", "kpis", "checkin", "review", "wizard")
    ]
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {lambda: _goal_commands()}

    # Screens are imported only when first shown.
    MODES: ClassVar[dict[str, Any]] = {
        mode: (lambda mode=mode: screen_class(mode)()) for mode in MODE_SCREENS
    }
    DEFAULT_MODE = "start"

    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(key, f"switch_mode('{mode}')", label, show=False, id=f"screen.{mode}")
            for key, mode, label in SCREENS
        ),
        Binding("n", "new_goal", "New goal", id="goal.new"),
        Binding("ctrl+z", "undo", "Undo the last change", show=False, id="app.undo"),
        Binding("ctrl+y,ctrl+shift+z", "redo", "Redo what was undone", show=False, id="app.redo"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        db_path: Location,
        *,
        clock: Clock | None = None,
        settings_path: Path | None = None,
        watch_interval: float = 1.0,
        own_process: bool = False,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.clock: Clock = clock or SystemClock()
        self.settings_path = settings_path
        self.watch_interval = watch_interval
        self.open_error: str | None = None
        #: The goals read before the database opened (see ``storage.outline``), as
        #: the tree shows them first (``domain.glance``), and the figures kept, if any.
        self.outline: list[GoalSummary] | None = None
        self.outline_glance: str | None = None
        #: Where the database stood when :attr:`outline_glance` was read or kept.
        self._glance_at: int | None = None
        self._restoring_theme = False
        #: The app is the whole process (``run_app``): it may tune the garbage collector.
        self.own_process = own_process
        from goaltui.ui.safe import guard_inputs

        guard_inputs()

    # -- start-up ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._restore_theme()
        self.screen_change_signal.subscribe(self, _give_dialog_keys)
        # Paint the first frame before the heavy imports (SQLModel) start: an
        # import in a thread holds the GIL and would delay the paint.
        self.call_after_refresh(self.call_after_refresh, self._start_open)

    def _start_open(self) -> None:
        self.run_worker(self._open_service, thread=True, exit_on_error=False, name="open")
        self.switch_mode("goals")

    def _open_service(self) -> None:
        from goaltui.storage.outline import first_look

        # Milliseconds with sqlite3 alone, while SQLModel takes about half a second
        # to import: the goals screen draws this outline in the meantime, with the
        # figures the last start kept when nothing changed since.
        look = first_look(self.db_path)
        if look is not None and look.goals:
            from goaltui.domain.glance import first_summaries

            first = first_summaries(look.goals, look.glance, self.clock.today())
            self.outline_glance = look.glance
            self.call_from_thread(self._show_outline, first)

        from goaltui.domain.changes import Origin
        from goaltui.services import GoalService
        from goaltui.storage.db import StoreError, watch

        try:
            service = GoalService.open(self.db_path, self.clock, origin=Origin.TUI)
            self._watcher = watch(self.db_path)
            self._glance_at = self._watcher.version()
            empty = service.is_empty()
            read_only = service.read_only()
        except StoreError as exc:
            self.open_error = str(exc)
            self._db_ready.set()
            self.call_from_thread(self._show_open_error)
            return
        self.service = service
        self._db_ready.set()
        self.call_from_thread(self._on_service_open, empty, read_only)

    def _show_outline(self, first: list[GoalSummary]) -> None:
        from goaltui.ui.screens.goals.screen import GoalsScreen

        self.outline = first  # a goals screen mounted later draws it from here
        for screen in self._screen_stacks.get("goals", []):
            if isinstance(screen, GoalsScreen) and screen.is_mounted:
                screen.show_outline(first)

    def glance_since(self) -> int | None:
        """Where the database stands before the tree's figures are worked out (see
        :meth:`keep_glance`); None when they cannot be kept."""
        watcher = self._watcher
        return watcher.version() if watcher is not None else None

    def keep_glance(
        self, since: int | None, day: date, summaries: list[GoalSummary], shared: Container[int]
    ) -> None:
        """Keep the tree's figures of ``day`` for the next start's first frame (of my
        own goals, not the ``shared`` with me), unless anything was committed since
        ``since`` (:meth:`glance_since`) or they are kept already. Called from the
        thread that worked them out."""
        from goaltui.domain.glance import encode

        watcher = self._watcher
        if watcher is None or since is None or day != self.clock.today():
            return
        text = encode([s for s in summaries if s.goal.id not in shared], day)
        if text == self.outline_glance and since == self._glance_at:
            return  # kept already, and nothing was committed since it was read
        if watcher.keep_glance(since, text):
            self.outline_glance, self._glance_at = text, since

    def _show_open_error(self) -> None:
        from goaltui.ui.screens.dialogs import MessageScreen

        message = f"goaltui cannot open its database.\n\n{self.open_error}"
        self.push_screen(MessageScreen(message, title="Cannot open"), lambda _: self.exit(1))

    def _on_service_open(self, empty: bool, read_only: bool = False) -> None:
        self.set_interval(self.watch_interval, self._check_changes, name="watch")
        if read_only:
            self.notify(
                "read-only: changes cannot be saved",
                title="Read-only database",
                severity="warning",
                markup=False,
                timeout=10,
            )
        # No broadcast here: screens mounted before the database opened have their
        # reload waiting on it already; a second one would compute it all twice.
        if empty:
            from goaltui.ui.screens.welcome import WelcomeScreen

            self.push_screen(WelcomeScreen())

    def on_unmount(self) -> None:
        watcher, self._watcher = self._watcher, None
        if watcher is not None:
            watcher.close()
        if self.service is not None:
            self.service.close()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's palette commands, less the two goaltui has its own of (help, theme)."""
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Theme"):
                yield command

    # -- actions ---------------------------------------------------------------------------
    def action_new_goal(
        self, parent_id: int | None = None, parent_title: str | None = None
    ) -> None:
        """Open the new-goal wizard (for a sub-goal of ``parent_id``, if given)."""
        from goaltui.ui.screens.goal_form import open_new_goal

        open_new_goal(self, parent_id, parent_title)

    def action_edit_goal(self, goal_id: int) -> None:
        """Open the wizard on a goal, to change it."""
        from goaltui.ui.screens.goal_form import open_goal_edit

        open_goal_edit(self, goal_id)

    def action_help(self) -> None:
        """Show every key binding."""
        from goaltui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_load_demo(self) -> None:
        """Fill the database with the demo goals."""
        from goaltui.services import demo

        def load(svc: GoalService) -> int:
            if not svc.is_empty():
                return -1
            return demo.load(svc)

        def done(count: int) -> None:
            if count >= 0:
                self.changed(f"Added {count} demo goals.")

        self.background(load, done)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and redo act from the five screens, not under a dialog or the wizard
        (there they are listed, but do nothing)."""
        if action in ("undo", "redo"):
            # Only the five screens say they undo (BaseScreen.UNDOES); dialogs do not.
            return True if getattr(self.screen, "UNDOES", False) else None
        return True

    def action_undo(self) -> None:
        """Take back the last change made in the dashboard (kept across restarts)."""
        self._undo(redo=False)

    def action_redo(self) -> None:
        """Make again the change undone last."""
        self._undo(redo=True)

    def _undo(self, redo: bool) -> None:
        from goaltui.domain.changes import undone_notice

        def job(svc: GoalService) -> Change:
            return svc.undo_service.redo() if redo else svc.undo_service.undo()

        def done(change: Change) -> None:
            self.changed(undone_notice(change, redo=redo), undone=True)

        def failed(message: str) -> None:
            title = "Nothing to redo" if redo else "Nothing undone"
            self.notify(message, title=title, severity="warning", markup=False, timeout=6)

        self.background(job, done, group="undo", failed=failed)

    def action_export_report(self) -> None:
        """Write the markdown report next to the database."""
        from goaltui.ui.export import export_report

        export_report(self)

    # -- theme -------------------------------------------------------------------------------
    def _restore_theme(self) -> None:
        if self.settings_path is None:
            return
        from goaltui.ui.settings import load_settings

        theme = load_settings(self.settings_path).get("theme")
        if isinstance(theme, str) and theme in self.available_themes:
            self._restoring_theme = True
            self.theme = theme
            self._restoring_theme = False

    def watch_theme(self, theme: str) -> None:
        if self._restoring_theme or self.settings_path is None or not self.is_running:
            return
        path = self.settings_path

        def save() -> None:
            from goaltui.ui.settings import load_settings, save_settings

            settings = load_settings(path)
            settings["theme"] = theme
            save_settings(path, settings)

        self.run_worker(save, thread=True, group="settings", exit_on_error=False)

    # -- crash -------------------------------------------------------------------------------
    def _print_error_renderables(self) -> None:
        """After an unhandled error: the traceback goes to a private file, and the
        terminal gets one line saying where (Textual would print it all there)."""
        if not self._exit_renderables:
            return
        try:
            where = str(write_crash_report(self._exit_renderables))
        except Exception as exc:  # the report is a courtesy: never fail because of it
            where = f"nowhere ({type(exc).__name__}: {one_line(exc, 100)})"
        self._exit_renderables.clear()
        self.error_console.file.write(
            f"goaltui: stopped by an unexpected error; the details were written to {where}\n"
        )
        self.error_console.file.flush()


def run_app(db_path: Location) -> int:
    """Run the dashboard on ``db_path`` until the user quits; non-zero after an error."""
    from goaltui.storage.paths import config_file

    # Collect young objects less often: a full pass over a big goal tree's widgets
    # and data takes 0.1-0.4 s, and the default (every 700 allocations) starts one
    # in the middle of drawing a screen.
    gc.set_threshold(10_000, 20, 20)
    app = GoalApp(db_path, settings_path=config_file(), own_process=True)
    result = app.run()
    return app.return_code or int(result or 0)
