"""A small dialog that asks for one date, typed the way a person says it."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from goaltui.domain.parse import parse_date


class AskDateScreen(ModalScreen[date | None]):
    """Asks for a date (``2027-01-15``, ``+2w``, ``eom``…); Enter accepts, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="dialog.cancel"),
    ]

    def __init__(self, question: Text, today: date, current: date | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.question = question
        self.today = today
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="dialog-text")
            yield Static(
                "Type a date like 2027-01-15, or +3d, +2w, +1m, eom, eoq. Enter to accept.",
                classes="hint",
            )
            value = self.current.isoformat() if self.current is not None else ""
            yield Input(value, placeholder="new date", id="ask-date")
            yield Static("", id="ask-date-error", classes="field-error")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        try:
            day = parse_date(event.value, self.today)
        except ValueError as exc:
            self.query_one("#ask-date-error", Static).update(Text(str(exc)))
            return
        self.dismiss(day)

    def action_cancel(self) -> None:
        self.dismiss(None)
