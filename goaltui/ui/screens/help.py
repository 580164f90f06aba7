"""``?``: goaltui's keys for the screen underneath, grouped, and the global ones."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

INTRO = (
    "goaltui turns an ambition into a SMART goal, plans it backward from its deadline "
    "into milestones and steps, and tracks its KPIs with a short daily check-in."
)

THIS_SCREEN = "On this screen"
MOVING = "Moving around"
EVERYWHERE = "Everywhere"
GROUPS = (THIS_SCREEN, MOVING, EVERYWHERE)

#: (group, keys, what they do), one row per action.
HelpRow = tuple[str, str, str]


def _own_keys(node: DOMNode) -> set[tuple[str, str]]:
    """The (key, action) pairs that goaltui's own classes bind on ``node``.

    Textual's classes bind keys of their own (copy, scroll, tree moves…) that the
    screens do not present: help leaves those out.
    """
    own: set[tuple[str, str]] = set()
    for cls in type(node).__mro__:
        if not cls.__module__.startswith("goaltui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", ()):
            if isinstance(binding, Binding):
                own.update((key.strip(), binding.action) for key in binding.key.split(","))
    return own


def help_rows(screen: Screen[object]) -> list[HelpRow]:
    """goaltui's keys that work on ``screen`` now, one row per action, in groups."""
    app = screen.app
    rows: dict[tuple[str, str], tuple[str, list[str], str]] = {}
    own: dict[int, set[tuple[str, str]]] = {}
    for active in screen.active_bindings.values():
        node, binding = active.node, active.binding
        if id(node) not in own:
            own[id(node)] = _own_keys(node)
        if not binding.description or (binding.key, binding.action) not in own[id(node)]:
            continue
        if node is app:
            group = EVERYWHERE
        elif binding.show or node is screen:
            group = THIS_SCREEN
        else:
            group = MOVING
        key = app.get_key_display(binding)
        row = rows.setdefault(
            (binding.action, binding.description), (group, [], binding.description)
        )
        if key in row[1]:  # "plus,equals_sign" both shown as "+": say what the other is
            key = app.get_key_display(Binding(binding.key, ""))
        if key not in row[1]:
            row[1].append(key)
    if app.ENABLE_COMMAND_PALETTE and screen.active_bindings.get(app.COMMAND_PALETTE_BINDING):
        rows[("command_palette", "")] = (
            EVERYWHERE,
            [app.get_key_display(Binding(app.COMMAND_PALETTE_BINDING, ""))],
            "Command palette: every command by name",
        )
    return sorted(
        ((group, " ".join(keys), does) for group, keys, does in rows.values()),
        key=lambda row: GROUPS.index(row[0]),
    )


class HelpScreen(ModalScreen[None]):
    """Lists goaltui's keys for the screen underneath and for the whole app."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
    ]

    def __init__(self, target: Screen[object] | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.target = target

    def compose(self) -> ComposeResult:
        rows = help_rows(self.target) if self.target is not None else []
        with VerticalScroll(classes="dialog dialog-wide"):
            yield Static(Text("Keys", style="bold"), classes="dialog-title")
            yield Static(Text(INTRO), classes="hint")
            for group in GROUPS:
                table = Table(box=None, show_header=False, expand=True, padding=(0, 2, 0, 0))
                table.add_column("key", no_wrap=True, min_width=10)
                table.add_column("does", ratio=1)
                for row_group, keys, does in rows:
                    if row_group == group:
                        table.add_row(Text(keys, style="bold"), does)
                if table.row_count:
                    yield Static(Text(group, style="bold underline"))
                    yield Static(table, classes="help-group")

    def action_close(self) -> None:
        self.dismiss(None)
