"""Warming up: after the first data is shown, make every other screen's first visit only a draw.

A thread imports the other screens, parses the styles of every kind of widget
and reads each screen's first data ahead, holding back while a screen is
being switched to; what lives as long as the app is then frozen out of the
garbage collector's later passes.
"""

from __future__ import annotations

import gc
import threading
from concurrent.futures import CancelledError
from typing import TYPE_CHECKING, Any

from textual.app import App

from goaltui.ui.screens import screen_class

if TYPE_CHECKING:
    from textual.timer import Timer
    from textual.widget import AwaitMount

    from goaltui.domain.clock import Clock
    from goaltui.services import GoalService

#: Imported in a thread once the first data is on screen, so that the first
#: switch to another screen (or the first KPI detail) does not pay for them.
WARM_MODULES = (
    "goaltui.ui.screens.timeline",
    "goaltui.ui.screens.kpis.screen",
    "goaltui.ui.screens.kpi_detail",
    "goaltui.ui.screens.checkin.screen",
    "goaltui.ui.screens.review",
    "goaltui.ui.screens.measurement_form",
    "goaltui.ui.screens.dialogs",
    "textual_plotext",
)

#: The modes whose first data the warm-up reads ahead, the most visited first.
READ_AHEAD = ("checkin", "kpis", "timeline", "review")

#: Seconds the read-ahead holds back after each switch of screens: its thread
#: shares one interpreter with the one drawing the screen, which comes first.
GIVE_WAY = 0.25


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


class WarmUp(App[int]):
    """The warm-up of :class:`goaltui.ui.app.GoalApp` (its base class)."""

    #: Set by the app: the open storage (None until then), its clock, and
    #: whether it is the whole process (only then is the collector tuned).
    service: GoalService | None
    clock: Clock
    own_process: bool

    def __init__(self) -> None:
        super().__init__()
        self._warmed = False
        self._styled: tuple[Any, ...] | None = None
        #: Per mode, its screen's first data read ahead, and the write stamp and day it is of.
        self._read_ahead: dict[str, tuple[tuple[int, Any], object]] = {}
        #: Clear for GIVE_WAY seconds after a switch of screens: the read-ahead waits.
        self._calm = threading.Event()
        self._calm.set()
        self._calm_timer: Timer | None = None

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
            except (RuntimeError, CancelledError):  # the app is closing
                return
            self.keep_for_good()
            # Then the data the other screens show first, so that a first switch
            # only has to draw. Each read waits while a screen is being switched to.
            service = self.service
            if service is None:
                return
            service.set_before_read(give_way)
            for mode in READ_AHEAD:
                give_way()
                if not self.is_running or mode in self._screen_stacks:
                    continue
                stamp = (service.write_stamp(), self.clock.today())
                try:
                    data = screen_class(mode).fetch_first(service)
                except Exception:  # the screen reads it itself then
                    continue
                self._read_ahead[mode] = (stamp, data)
            service.set_before_read(None)
            self.keep_for_good()

        thread = threading.Thread(target=warm, name="goaltui-warm-up", daemon=True)

        def start() -> None:
            thread.start()

        # Not before the data is painted: the imports and reads hold the GIL.
        try:
            self.call_from_thread(self.call_after_refresh, self.set_timer, 0.25, start)
        except (RuntimeError, CancelledError):  # the app is closing
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
        if data is None or service is None or stamp != (service.write_stamp(), self.clock.today()):
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
