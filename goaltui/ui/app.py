"""The goaltui dashboard application: screens, global keys, the database worker.

The first frame paints before SQLModel is imported: the database is opened in a
thread worker after mount, and screens show a loading state until it is ready.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.message import Message

from goaltui.domain.clock import Clock, SystemClock
from goaltui.text import one_line

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import AwaitMount

    from goaltui.domain.models import Goal
    from goaltui.services import GoalService

T = TypeVar("T")

MIN_WIDTH = 60
MIN_HEIGHT = 15

#: Imported in a thread once the first data is on screen, so that the first
#: switch to another screen (or the first KPI detail) does not pay for them.
WARM_MODULES = (
    "goaltui.ui.screens.timeline",
    "goaltui.ui.screens.kpis",
    "goaltui.ui.screens.kpi_detail",
    "goaltui.ui.screens.checkin",
    "goaltui.ui.screens.review",
    "goaltui.ui.screens.measurement_form",
    "goaltui.ui.screens.dialogs",
    "textual_plotext",
)


def _goal_commands() -> Any:
    """goaltui's palette commands, imported when the palette first opens."""
    from goaltui.ui.commands import GoalCommands

    return GoalCommands


#: Each mode's screen: its module under goaltui.ui.screens and its class.
MODE_SCREENS = {
    "goals": ("goals", "GoalsScreen"),
    "timeline": ("timeline", "TimelineScreen"),
    "kpis": ("kpis", "KpisScreen"),
    "checkin": ("checkin", "CheckinScreen"),
    "review": ("review", "ReviewScreen"),
    "start": ("start", "StartScreen"),
}

#: The modes whose first data the warm-up reads ahead, the most visited first.
READ_AHEAD = ("checkin", "kpis", "timeline", "review")

#: Seconds the read-ahead holds back after each switch of screens: its thread
#: shares one interpreter with the one drawing the screen, which comes first.
GIVE_WAY = 0.25


def _screen_class(mode: str) -> Any:
    """The class of a mode's screen, imported when first needed."""
    from importlib import import_module

    module, name = MODE_SCREENS[mode]
    return getattr(import_module(f"goaltui.ui.screens.{module}"), name)


def _subclasses(kind: type[Any]) -> set[type[Any]]:
    """Every subclass of ``kind`` defined so far, at any depth.

    Widgets made inside others (a Select's overlay, an Input's suggester) count:
    each new kind that mounts would otherwise restyle the whole app.
    """
    found: set[type[Any]] = set()
    todo: list[type[Any]] = [kind]
    while todo:
        sub: type[Any]
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return found


class DataChanged(Message):
    """The database changed (here or in another window): screens reload."""


class GoalApp(App[int]):
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
        mode: (lambda mode=mode: _screen_class(mode)()) for mode in MODE_SCREENS
    }
    DEFAULT_MODE = "start"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("1", "switch_mode('goals')", "Goals", show=False, id="screen.goals"),
        Binding("2", "switch_mode('timeline')", "Timeline", show=False, id="screen.timeline"),
        Binding("3", "switch_mode('kpis')", "KPIs", show=False, id="screen.kpis"),
        Binding("4", "switch_mode('checkin')", "Check-in", show=False, id="screen.checkin"),
        Binding("5", "switch_mode('review')", "Review", show=False, id="screen.review"),
        Binding("n", "new_goal", "New goal", id="goal.new"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def __init__(
        self,
        db_path: Path,
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
        self.service: GoalService | None = None
        self.open_error: str | None = None
        #: The goals read before the database opened (see ``storage.outline``).
        self.outline: list[Goal] | None = None
        self._db_ready = threading.Event()
        self._watcher: Any = None
        self._restoring_theme = False
        self._warmed = False
        #: The app is the whole process (``run_app``): it may tune the garbage collector.
        self.own_process = own_process
        self._styled: tuple[Any, ...] | None = None
        #: Per mode, its screen's first data read ahead, and the write stamp and day it is of.
        self._read_ahead: dict[str, tuple[tuple[int, Any], object]] = {}
        #: Clear for GIVE_WAY seconds after a switch of screens: the read-ahead waits.
        self._calm = threading.Event()
        self._calm.set()
        self._calm_timer: Timer | None = None
        from goaltui.ui.safe import guard_inputs

        guard_inputs()

    # -- start-up ------------------------------------------------------------------------
    def on_mount(self) -> None:
        self._restore_theme()
        # Paint the first frame before the heavy imports (SQLModel) start: an
        # import in a thread holds the GIL and would delay the paint.
        self.call_after_refresh(self.call_after_refresh, self._start_open)

    def _start_open(self) -> None:
        self.run_worker(self._open_service, thread=True, exit_on_error=False, name="open")
        self.switch_mode("goals")

    def _open_service(self) -> None:
        from goaltui.storage.outline import read_outline

        # Milliseconds with sqlite3 alone, while SQLModel takes about half a second
        # to import: the goals screen draws this outline in the meantime.
        outline = read_outline(self.db_path)
        if outline:
            self.call_from_thread(self._show_outline, outline)

        from goaltui.services import GoalService
        from goaltui.storage.db import ChangeWatcher, StoreError

        try:
            service = GoalService.open(self.db_path, self.clock)
            self._watcher = ChangeWatcher(self.db_path)
            empty = service.repo.is_empty()
        except StoreError as exc:
            self.open_error = str(exc)
            self._db_ready.set()
            self.call_from_thread(self._show_open_error)
            return
        self.service = service
        self._db_ready.set()
        self.call_from_thread(self._on_service_open, empty)

    def _show_outline(self, goals: list[Goal]) -> None:
        from goaltui.ui.screens.goals import GoalsScreen

        self.outline = goals  # a goals screen mounted later draws it from here
        for screen in self._screen_stacks.get("goals", []):
            if isinstance(screen, GoalsScreen) and screen.is_mounted:
                screen.show_outline(goals)

    def _show_open_error(self) -> None:
        from goaltui.ui.screens.dialogs import MessageScreen

        message = f"goaltui cannot open its database.\n\n{self.open_error}"
        self.push_screen(MessageScreen(message, title="Cannot open"), lambda _: self.exit(1))

    def _on_service_open(self, empty: bool) -> None:
        self.set_interval(self.watch_interval, self._check_changes, name="watch")
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

    def refresh_css(self, animate: bool = True) -> None:
        """Restyle every widget, unless nothing styles depend on changed since the last time.

        Textual restyles the whole app whenever a screen is shown for the first
        time (a few hundred milliseconds with a large goal tree); the new
        screen's own widgets are styled as they mount, so with the same sources,
        variables and classes as before that pass would change nothing.
        """
        key = self._style_key()
        if key == self._styled:
            return
        super().refresh_css(animate)
        self._styled = key

    def _style_key(self) -> tuple[Any, ...]:
        """What every widget's styles depend on."""
        return (
            tuple(self.stylesheet.source.items()),
            tuple(self.get_css_variables().items()),
            frozenset(self.classes),
        )

    # -- data ----------------------------------------------------------------------------
    def broadcast_changed(self) -> None:
        """Ask the visible screen (and the others when shown) to reload."""
        if self.service is not None:
            self.service.forget()  # results kept for reuse may be stale now
        for screen in self.screen_stack:
            screen.post_message(DataChanged())
        for mode in self.MODES:
            if mode != self.current_mode and mode in self._screen_stacks:
                for screen in self._screen_stacks[mode]:
                    screen.post_message(DataChanged())

    def _check_changes(self) -> None:
        watcher = self._watcher
        if watcher is None:
            return

        def check() -> None:
            if watcher.changed():
                self.call_from_thread(self.broadcast_changed)

        self.run_worker(check, thread=True, exclusive=True, group="watch", exit_on_error=False)

    def background(
        self,
        job: Callable[[GoalService], T],
        done: Callable[[T], object] | None = None,
        *,
        group: str = "default",
        exclusive: bool = False,
        failed: Callable[[str], None] | None = None,
    ) -> None:
        """Run ``job(service)`` in a thread; ``done(result)`` back on the UI thread.

        Errors the user can act on become one notification (or ``failed(message)``);
        a job that waits on another program's lock says so after a moment.
        """

        def run() -> None:
            from goaltui.services import ServiceError
            from goaltui.storage.db import StoreError

            self._db_ready.wait()
            service = self.service
            if service is None:
                return
            finished = threading.Event()
            started = time.monotonic()

            def waiting() -> None:
                if not finished.is_set():
                    self.notify(
                        "Waiting for the database: another program is writing to it…",
                        title="Please wait",
                        markup=False,
                        timeout=3,
                    )

            self.call_from_thread(self.set_timer, 1.5, waiting)
            try:
                result = job(service)
            except (ServiceError, StoreError) as exc:
                finished.set()
                message = one_line(exc, 300)
                self.call_from_thread(self._report, message, failed)
                return
            except Exception as exc:
                finished.set()
                message = f"Something went wrong: {type(exc).__name__}: {one_line(exc, 200)}"
                self.call_from_thread(self._report, message, failed)
                return
            finished.set()
            _ = started
            if done is not None:
                self.call_from_thread(done, result)
            self._warm_up()

        self.run_worker(run, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _warm_up(self) -> None:
        """Once, after the first data is shown: import the other screens, read their data."""
        if self._warmed:
            return
        self._warmed = True

        def give_way() -> None:
            if threading.current_thread() is thread:
                self._calm.wait(GIVE_WAY)

        def warm() -> None:
            from importlib import import_module

            for name in WARM_MODULES:
                try:
                    import_module(name)
                except Exception:  # a warm-up must never break the app
                    return
            try:
                self.call_from_thread(self._prime_styles)
            except RuntimeError:  # the app is closing
                return
            self.keep_for_good()
            # Then the data the other screens show first, so that a first switch
            # only has to draw. Each read waits while a screen is being switched to.
            service = self.service
            if service is None:
                return
            service.repo.before_read = give_way
            for mode in READ_AHEAD:
                give_way()
                if not self.is_running or mode in self._screen_stacks:
                    continue
                stamp = (service.repo.stamp, self.clock.today())
                try:
                    data = _screen_class(mode).fetch_first(service)
                except Exception:  # the screen reads it itself then
                    continue
                self._read_ahead[mode] = (stamp, data)
            service.repo.before_read = None
            self.keep_for_good()

        thread = threading.Thread(target=warm, name="goaltui-warm-up", daemon=True)

        def start() -> None:
            thread.start()

        # Not before the data is painted: the imports and reads hold the GIL.
        try:
            self.call_from_thread(self.call_after_refresh, self.set_timer, 0.25, start)
        except RuntimeError:  # the app is closing
            return

    def switch_mode(self, mode: str) -> AwaitMount:
        # The read-ahead holds back while the screen is drawn.
        self._calm.clear()
        if self._calm_timer is not None:
            self._calm_timer.stop()
        self._calm_timer = self.set_timer(GIVE_WAY, self._calm.set)
        return super().switch_mode(mode)

    def keep_for_good(self) -> None:
        """Leave everything made so far out of the collector's later passes.

        Modules, mounted screens and their first data live as long as the app:
        a collection that scans them again and again (40-70 ms with the large
        database) would stall a keystroke. Only when the app is the whole
        process (``run_app``); called when the outline is drawn, after the
        read-ahead and after each screen's first frame (a dialog open at such a
        moment is kept until the app exits). Garbage is collected first: once
        frozen, it would never be (a pass over what is not yet frozen, 3-30 ms).
        """
        if self.own_process:
            gc.collect()
            gc.freeze()

    def take_read_ahead(self, mode: str) -> object | None:
        """The first data of ``mode``'s screen, read ahead; None if nothing was written since."""
        stamp, data = self._read_ahead.pop(mode, (None, None))
        service = self.service
        if data is None or service is None or stamp != (service.repo.stamp, self.clock.today()):
            return None
        return data

    def _prime_styles(self) -> None:
        """Parse the default styles of every kind of widget imported so far, now.

        Textual parses the whole stylesheet again the first time a new kind of
        widget mounts (30-60 ms, on every screen's first visit) and restyles the
        app when a screen is first shown; done once here, while nothing else
        happens, the first switch to a screen only has to draw it.
        """
        from textual.widget import Widget

        for kind in _subclasses(Widget):
            try:
                # The styles a widget of this kind would add when mounted; they
                # depend on its class only, so no instance needs to be set up.
                bare: Widget = object.__new__(kind)
                for read_from, css, tie_breaker, scope in bare._get_default_css():
                    self.stylesheet.add_source(
                        css,
                        read_from=read_from,
                        is_default_css=True,
                        tie_breaker=tie_breaker,
                        scope=scope,
                    )
            except Exception:  # only a head start: each widget adds its own styles anyway
                continue
        # One full pass now, while nothing else happens, brings every style up to
        # date; showing a screen for the first time then has nothing to redo.
        self.refresh_css(animate=False)

    def _report(self, message: str, failed: Callable[[str], None] | None) -> None:
        if failed is not None:
            failed(message)
        else:
            self.notify(message, title="Not saved", severity="error", markup=False, timeout=6)

    def changed(self, message: str | None = None) -> None:
        """After a write: tell the user (literally) and reload every screen."""
        if message:
            self.notify(one_line(message, 300), markup=False)
        self.broadcast_changed()

    # -- actions ---------------------------------------------------------------------------
    def action_new_goal(self) -> None:
        """Open the new-goal wizard."""
        from goaltui.ui.screens.goal_form import open_new_goal

        open_new_goal(self)

    def action_help(self) -> None:
        """Show every key binding."""
        from goaltui.ui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_load_demo(self) -> None:
        """Fill the database with the demo goals."""
        from goaltui import demo

        def load(svc: GoalService) -> int:
            if not svc.repo.is_empty():
                return -1
            return demo.load(svc)

        def done(count: int) -> None:
            if count >= 0:
                self.changed(f"Added {count} demo goals.")

        self.background(load, done)

    def action_export_report(self) -> None:
        """Write the markdown report next to the database."""
        from goaltui.ui.screens.review import export_report

        export_report(self)

    # -- theme -------------------------------------------------------------------------------
    def _restore_theme(self) -> None:
        if self.settings_path is None:
            return
        from goaltui.settings import load_settings

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
            from goaltui.settings import load_settings, save_settings

            settings = load_settings(path)
            settings["theme"] = theme
            save_settings(path, settings)

        self.run_worker(save, thread=True, group="settings", exit_on_error=False)


def run_app(db_path: Path) -> int:
    """Run the dashboard on ``db_path`` until the user quits."""
    from goaltui.paths import config_file

    # Collect young objects less often: a full pass over a big goal tree's widgets
    # and data takes 0.1-0.4 s, and the default (every 700 allocations) starts one
    # in the middle of drawing a screen.
    gc.set_threshold(10_000, 20, 20)
    app = GoalApp(db_path, settings_path=config_file(), own_process=True)
    result = app.run()
    return int(result or 0)
