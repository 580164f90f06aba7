"""A screen that explains what it will show, for screens still being built."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.widgets import Static

from goaltui.ui.screens.base import BaseScreen


class ComingScreen(BaseScreen):
    """Says, in a sentence or two, what this screen is for."""

    DESCRIPTION: ClassVar[str] = ""

    def compose_body(self) -> ComposeResult:
        yield Static(self.DESCRIPTION, classes="coming")
