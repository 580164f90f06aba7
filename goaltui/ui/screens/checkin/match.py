"""A goal's planned obstacles on the check-in: which one (if any) the day met, and its plan.

The choice sits under the goal's row: "none / unplanned" first, then each
planned obstacle. Once one is chosen its plan is shown as a reminder.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Select, Static
from textual.widgets.select import InvalidSelectValueError

from goaltui.domain.obstacles import THEN
from goaltui.ui.safe import safe

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from goaltui.domain.models import Goal, Obstacle

#: The choice that names no planned obstacle.
NONE = 0


class ObstacleMatch(Vertical):
    """Which planned obstacle a goal met today, with the plan for it shown once chosen."""

    def __init__(self, goal: Goal, obstacles: Sequence[Obstacle], chosen: int) -> None:
        super().__init__(classes="field match")
        self.goal_id = goal.id
        self.plans = {o.id: o.plan for o in obstacles}
        options: list[tuple[Text, int]] = [(Text("none / unplanned"), NONE)]
        options += [(safe(o.obstacle, limit=50), o.id) for o in obstacles]
        self.select: Select[int] = Select(
            options,
            value=chosen if chosen in self.plans else NONE,
            allow_blank=False,
            compact=True,
            id=f"match-{goal.id}",
            classes="match-select",
        )

    def compose(self):  # type: ignore[no-untyped-def]
        with Horizontal(classes="row"):
            yield Static(Text("planned obstacle met:"), classes="match-label")
            yield self.select
        reminder = self.reminder()
        line = Static(reminder, id=f"plan-{self.goal_id}", classes="plan-reminder")
        line.display = bool(reminder)
        yield line

    def reminder(self) -> Text:
        """'→ your plan: I run on the treadmill' for the chosen obstacle ("" for none)."""
        chosen = self.select.value
        if not isinstance(chosen, int) or chosen not in self.plans:
            return Text("")
        text = Text(f"{THEN} your plan: ", style="bold")
        text.append_text(safe(self.plans[chosen] or "none written yet", limit=70))
        return text

    def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        reminder = self.reminder()
        line = self.query_one(f"#plan-{self.goal_id}", Static)
        line.update(reminder)
        line.display = bool(reminder)


def match_row(goal: Goal, obstacles: Sequence[Obstacle], chosen: str) -> Widget:
    """The row for ``goal``; ``chosen`` is the id met today as text ("": none)."""
    return ObstacleMatch(goal, obstacles, int(chosen) if chosen.isdigit() else NONE)


def chosen_matches(form: DOMNode) -> dict[str, str]:
    """What each choice holds (field id -> obstacle id as text, "" for none)."""
    out: dict[str, str] = {}
    for box in form.query(".match-select").results(Select):
        if box.id:
            value = box.value
            out[box.id] = str(value) if isinstance(value, int) and value != NONE else ""
    return out


def set_matches(form: DOMNode, values: dict[str, str], *, only_given: bool = False) -> None:
    """Put each choice back to ``values`` (field id -> obstacle id as text; absent: none,
    or left as it is with ``only_given``)."""
    for box in form.query(".match-select").results(Select):
        if only_given and (box.id or "") not in values:
            continue
        text = values.get(box.id or "", "")
        try:
            box.value = int(text) if text.isdigit() else NONE
        except InvalidSelectValueError:  # that obstacle is no longer planned
            box.value = NONE
