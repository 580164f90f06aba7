"""A goal's likely obstacles and the plan for each: "if this happens, I will …".

Reached with ``o`` on screen 1. One row per obstacle; ctrl+o adds a row; a row
emptied of both its fields is removed on save. ctrl+s saves the whole list at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Static

from goaltui.ui.screens.dialogs import FormScreen

if TYPE_CHECKING:
    from goaltui.domain.models import Obstacle

#: One row of the list as saved: (stored id or None for a new one, obstacle, plan).
ObstacleRowText = tuple[int | None, str, str]

HINT = (
    "What could get in your way, and what will you do then? Naming it now makes "
    "it easier to act when it comes. ctrl+o adds a row; empty a row to remove it."
)


class ObstaclesFormScreen(FormScreen[list[ObstacleRowText]]):
    """Edit a goal's planned obstacles; closes with the whole list (see :data:`ObstacleRowText`)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+o", "add_row", "Another obstacle", id="obstacles.add"),
    ]
    DISCARD = "Throw away the changes to these obstacles? Nothing is saved."

    def __init__(self, heading: Text, obstacles: Sequence[Obstacle]) -> None:
        super().__init__()
        self.heading = heading
        self.obstacles = list(obstacles)
        #: Row number -> the stored obstacle it shows (absent: a new row).
        self.stored: dict[int, int] = {}
        self._rows = 0

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide form", id="obstacle-form"):
            yield Static(self.heading, classes="dialog-title")
            yield Static(Text(HINT), classes="hint")
            for o in self.obstacles:
                yield self._row(o.obstacle, o.plan, o.id)
            if not self.obstacles:
                yield self._row("", "")
            yield Static("", id="obstacle-error", classes="field-error")
            yield self.buttons()

    def _row(self, obstacle: str, plan: str, stored: int | None = None) -> Horizontal:
        n = self._rows
        self._rows += 1
        if stored is not None:
            self.stored[n] = stored
        return Horizontal(
            Static(Text("If"), classes="obstacle-if"),
            Input(obstacle, placeholder="this happens…", id=f"ob-{n}", classes="obstacle"),
            Static(Text("→"), classes="obstacle-if"),
            Input(plan, placeholder="I will…", id=f"plan-{n}", classes="obstacle"),
            classes="obstacle-row",
        )

    async def action_add_row(self) -> None:
        """Add an empty row under the others and focus it."""
        row = self._row("", "")
        await self.query_one("#obstacle-form").mount(row, before="#obstacle-error")
        row.query_one(Input).focus()

    def rows(self) -> list[tuple[int, str, str]]:
        """(row number, obstacle, plan) of every row, as typed."""
        out = []
        for n in range(self._rows):
            found = self.query(f"#ob-{n}")
            if found:
                plan = self.query_one(f"#plan-{n}", Input).value
                out.append((n, found.first(Input).value, plan))
        return out

    async def action_save(self) -> None:
        await self.caught_up()  # the keys typed before ctrl+s count
        result: list[ObstacleRowText] = []
        for n, obstacle, plan in self.rows():
            if not obstacle.strip() and not plan.strip():
                continue  # an empty row: removed
            if not obstacle.strip():
                self.query_one("#obstacle-error", Static).update(
                    Text("A plan needs its obstacle: say what might happen, or empty the row.")
                )
                self.query_one(f"#ob-{n}", Input).focus()
                return
            result.append((self.stored.get(n), obstacle.strip(), plan.strip()))
        self.dismiss(result)
