"""What every top-level screen shares: the screen bar, the key bar, reloading."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Container
from textual.screen import Screen
from textual.widgets import Static

from goaltui.ui.layout import SCREENS, TOO_SMALL_NOTE, too_small
from goaltui.ui.widgets.keybar import KeyBar

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.ui.app import GoalApp
    from goaltui.ui.messages import DataChanged

#: Seconds to let a drawn frame reach the terminal before more work starts.
FRAME_OUT = 0.03


class ScreenBar(Static):
    """The row of screens at the top, the current one highlighted."""

    def __init__(self, current: str) -> None:
        super().__init__(id="screen-bar")
        self.current = current

    def render(self) -> Text:
        text = Text(" goaltui ", style="bold reverse")
        for key, mode, label in SCREENS:
            text.append("  ")
            if mode == self.current:
                text.append(f" {key} {label} ", style="bold reverse")
            else:
                text.append(f" {key} ", style="bold")
                text.append(f"{label} ")
        return text


class BaseScreen(Screen[None]):
    """A top-level screen: compose ``compose_body``, reload on ``DataChanged``."""

    MODE: ClassVar[str] = "goals"
    #: ctrl+z and ctrl+y undo and redo the dashboard's changes from this screen.
    UNDOES: ClassVar[bool] = True
    #: What :meth:`fetch_first` read ahead, from compose until it is shown.
    first_data: Any = None
    _resumed = False
    #: Nothing was focused when an overlay (help, the palette, a dialog) opened.
    _unfocused_under_overlay = False

    @property
    def goal_app(self) -> GoalApp:
        """The application, typed (a top-level screen runs only in the goaltui app)."""
        return cast("GoalApp", self.app)

    def compose(self) -> ComposeResult:
        if self.reads_ahead():
            # Read while another screen was shown: the first frame can show it all.
            self.first_data = self.goal_app.take_read_ahead(self.MODE)
        yield ScreenBar(self.MODE)
        with Container(classes="screen-body"):
            yield from self.compose_body()
        yield Static(TOO_SMALL_NOTE, classes="too-small-note")
        yield KeyBar()

    def compose_body(self) -> ComposeResult:
        """The screen's own widgets (with :attr:`first_data`, if it suits them)."""
        yield from ()

    @on(events.Mount)
    def _load_first(self) -> None:
        # Textual calls this after the screen's own on_mount.
        first, self.first_data = self.first_data, None
        if first is None:
            self.reload()
        else:
            self.show_first(first)
        if self.reads_ahead():
            # A screen of its own mode lives as long as the app.
            self.after_first_frame(self.goal_app.keep_for_good)

    @on(events.ScreenResume)
    def _first_resume(self, event: events.ScreenResume) -> None:
        # Runs before Screen's own handler. The first time, every widget has just
        # been styled as it mounted: styling them all again would only delay the paint.
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    @on(events.ScreenSuspend)
    def _remember_focus(self) -> None:
        # Still on the stack: an overlay opened over this screen (a switch of
        # screens leaves the stack). Keys typed after it closes must go where
        # they went before it opened: with nothing focused, to the screen.
        self._unfocused_under_overlay = self.focused is None and self in self.app.screen_stack

    def _update_auto_focus(self) -> None:
        # Textual focuses the first field of a screen resumed with nothing focused.
        if self._unfocused_under_overlay:
            self._unfocused_under_overlay = False
            return
        super()._update_auto_focus()

    def action_leave_fields(self) -> None:
        """Step out of the fields: focus goes to the screen (1-5 switch screens again)."""
        self.set_focus(None)

    def after_first_frame(self, callback: Callable[[], object]) -> None:
        """Call ``callback`` once the coming frame is drawn and written out.

        For the rest of a long list: made right after the frame is drawn, it
        would hold that frame back from the terminal.
        """
        self.call_after_refresh(self.set_timer, FRAME_OUT, callback)

    @classmethod
    def reads_ahead(cls) -> bool:
        """Whether the app reads this screen's first data ahead (it has a ``fetch_first``)."""
        return cls.fetch_first is not BaseScreen.fetch_first

    @staticmethod
    def fetch_first(svc: GoalService) -> object | None:
        """What the screen shows when it opens, read ahead in a thread (None: nothing)."""
        return None

    def show_first(self, data: Any) -> None:
        """Show what :meth:`fetch_first` read, instead of reading it again."""

    def on_resize(self) -> None:
        size = self.app.size
        self.app.set_class(too_small(size.width, size.height), "-too-small")

    def on_data_changed(self, message: DataChanged) -> None:
        if message.undone:
            self.after_undo()
        self.reload()

    def after_undo(self) -> None:
        """A change was undone or redone: forget what the screen said of its own saves."""

    def reload(self) -> None:
        """Fetch the screen's data in a worker and show it."""
