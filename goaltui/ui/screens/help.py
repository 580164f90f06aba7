"""``?``: every key that works here, and the global ones."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Static, TextArea

INTRO = (
    "goaltui turns an ambition into a SMART goal, plans it backward from its deadline "
    "into milestones and steps, and tracks its KPIs with a short daily check-in."
)


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of the screen underneath and of the whole app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen[object] | None = None) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", expand=True)
        table.add_column("key", no_wrap=True)
        table.add_column("does")
        table.add_column("where", style="italic")
        seen: set[tuple[str, str]] = set()
        below = self.target
        rows: list[tuple[str, str, str]] = []
        if below is not None:
            for key, active in below.active_bindings.items():
                binding = active.binding
                if not binding.description or (key, binding.description) in seen:
                    continue
                if isinstance(active.node, Input | TextArea):
                    continue  # editing keys of the focused field, not goaltui's
                seen.add((key, binding.description))
                where = "everywhere" if active.node is self.app else "this screen"
                rows.append(
                    (
                        binding.key_display or self.app.get_key_display(binding),
                        binding.description,
                        where,
                    )
                )
        rows.append(("ctrl+p", "command palette", "everywhere"))
        for key, does, where in sorted(rows, key=lambda r: (r[2] != "this screen", r[0])):
            table.add_row(Text(key, style="bold"), does, where)
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static(Text("Keys", style="bold"), classes="dialog-title")
            yield Static(Text(INTRO), classes="hint")
            yield Static(table)
            yield Static(Text("Esc closes this help.", style="italic"))

    def action_close(self) -> None:
        self.dismiss(None)
