"""A small dialog to share the selected goal with a role, or stop sharing it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from goaltui.domain.text import one_line

#: The one line shown when no role was typed.
NO_ROLE = "Type the database role of the person to share it with."


@dataclass(frozen=True, slots=True)
class ShareChoice:
    """Share the goal with ``role`` (or, with ``share`` False, stop sharing it)."""

    role: str
    share: bool


class ShareScreen(ModalScreen[ShareChoice | None]):
    """Who the goal is shared with, and a role to share it with or take it back from.

    Enter (or the Share button) shares; the Stop sharing button takes it back;
    Escape closes without a change.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="share.cancel"),
    ]

    def __init__(self, heading: Text, grantees: list[str]) -> None:
        super().__init__(classes="dialog-screen")
        self.heading = heading
        self.grantees = grantees

    def compose(self) -> ComposeResult:
        now = (
            "Shared with: " + ", ".join(one_line(g, 40) for g in self.grantees) + "."
            if self.grantees
            else "Not shared with anyone yet."
        )
        with Vertical(classes="dialog share-form"):
            yield Static(self.heading, classes="dialog-title")
            yield Static(Text(now), id="share-now", classes="dialog-text")
            yield Static(
                "They see this goal with its KPIs, values, plan, check-ins and reviews, "
                "and can change none of it. Stopping takes it back at once.",
                classes="hint",
            )
            yield Input(
                self.grantees[0] if len(self.grantees) == 1 else "",
                placeholder="their database role, e.g. lea",
                id="f-role",
            )
            yield Static("", id="e-role", classes="field-error")
            yield Horizontal(
                Button("Share (enter)", id="share", variant="primary"),
                Button("Stop sharing", id="unshare"),
                Button("Cancel (esc)", id="cancel"),
                classes="dialog-buttons",
            )

    def on_mount(self) -> None:
        self.query_one("#f-role", Input).focus()

    def _choose(self, share: bool) -> None:
        role = self.query_one("#f-role", Input).value.strip()
        if not role:
            self.query_one("#e-role", Static).update(Text(NO_ROLE))
            return
        self.dismiss(ShareChoice(role, share))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self._choose(event.button.id == "share")

    def action_cancel(self) -> None:
        self.dismiss(None)
