"""Shown on an empty database: start with the wizard or explore the demo goals."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from goaltui.ui.widgets.goal_detail import Hanging

WELCOME = (
    "goaltui helps you turn an ambition into a goal you can actually reach:\n\n"
    "  • make it SMART: specific, measurable, achievable, relevant, time-bound;\n"
    "  • plan it backward: from the deadline, what must be true just before it?\n"
    "  • track its KPIs with a check-in that takes seconds a day;\n"
    "  • review on evidence, and keep the reasons for every change.\n"
)


class WelcomeScreen(ModalScreen[None]):
    """The first thing a new user sees."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "wizard", "New goal", id="welcome.new"),
        Binding("d", "demo", "Load demo goals", id="welcome.demo"),
        Binding("escape", "close", "Close", id="welcome.close"),
    ]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog dialog-wide", id="welcome"):
            yield Static(Text("Welcome to goaltui", style="bold"), classes="dialog-title")
            yield Static(Hanging(Text(WELCOME)))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Create my first goal (n)", id="wizard", variant="primary")
                yield Button("Explore the demo goals (d)", id="demo")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "wizard":
            self.action_wizard()
        else:
            self.action_demo()

    def action_wizard(self) -> None:
        self.dismiss(None)
        self.app.call_later(self.app.run_action, "new_goal")

    def action_demo(self) -> None:
        self.dismiss(None)
        self.app.call_later(self.app.run_action, "load_demo")

    def action_close(self) -> None:
        self.dismiss(None)
