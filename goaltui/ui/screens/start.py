"""The first frame: the screen bar and a loading line, painted at once.

The real screens (and SQLModel, in a worker) load right after it is on screen.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from goaltui.ui.screens.base import ScreenBar


class StartScreen(Screen[None]):
    """Shown for the moment it takes to open the database."""

    def compose(self) -> ComposeResult:
        yield ScreenBar("goals")
        yield Static(Text("Opening your goals…", style="italic"), id="start-note")
