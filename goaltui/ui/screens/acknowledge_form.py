"""A small form to record that a partner or manager acknowledged a goal's plan."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from goaltui.domain.text import one_line
from goaltui.ui.screens.dialogs import FormScreen

#: The one line shown when nobody is named and the goal has no partner.
NOBODY = "Type who agreed to it: this goal has no partner yet."


@dataclass(frozen=True, slots=True)
class Acknowledgment:
    """Who acknowledged the plan, and their words (empty: none given)."""

    who: str
    words: str


class AcknowledgeScreen(FormScreen[Acknowledgment]):
    """Who acknowledged the goal (its partner, to start with) and their words; ctrl+s or
    Enter on the last field saves, Escape cancels."""

    DISCARD = "Throw away this acknowledgment? Nothing is recorded."

    def __init__(self, heading: Text, partner: str) -> None:
        super().__init__()
        self.heading = heading
        self.partner = one_line(partner)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog acknowledge-form"):
            yield Static(self.heading, classes="dialog-title")
            yield Static(
                "Record that your partner or manager has seen this plan and agrees with it. "
                "If the plan changes later, the agreement shows as out of date.",
                classes="hint",
            )
            yield Label("Who acknowledged it", classes="field-label")
            yield Input(self.partner, placeholder="partner or manager", id="f-who")
            yield Static("", id="e-who", classes="field-error")
            yield Label("Their words (optional)", classes="field-label")
            yield Input("", placeholder="e.g. agreed at our 1:1", id="f-words")
            yield self.buttons()

    def field_submitted(self, field: Input) -> None:
        """Enter: on to the words; from there, save."""
        if field.id == "f-words":
            self.run_worker(self.action_save(), exclusive=True, group="save")
        else:
            self.focus_next()

    async def action_save(self) -> None:
        await self.caught_up()  # the keys typed before ctrl+s count
        who = " ".join(self.query_one("#f-who", Input).value.split())
        if not who:
            self.query_one("#e-who", Static).update(Text(NOBODY))
            return
        words = self.query_one("#f-words", Input).value.strip()
        self.dismiss(Acknowledgment(who, words))
