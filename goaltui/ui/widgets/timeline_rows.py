"""The timeline's rows: each goal, then its milestones and their steps, and the state
of each (done, overdue, due soon, planned)."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, overload

from goaltui.domain.models import Goal, Milestone, Step

if TYPE_CHECKING:
    from goaltui.services.plan import Moved, TimelineGoal

#: An open item due within this many days is "due soon".
SOON_DAYS = 7

GLYPH = {"done": "✔", "overdue": "!", "soon": "◐", "milestone": "◆", "step": "·"}
STATE_WORD = {
    "done": "done",
    "overdue": "overdue",
    "soon": "due soon",
    "future": "planned",
    "undated": "no date",
}
LEGEND = "✔ done  ! overdue  ◐ due soon  ◆ milestone  · step  │ today  ⚑ deadline  ○╌ moved"


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the timeline: a goal, a milestone or a step."""

    kind: str  # "goal", "milestone" or "step"
    goal: Goal
    item: Milestone | Step | None = None
    milestone: Milestone | None = None
    moved: Moved | None = None
    count: int = 0  # for a goal: its milestones and steps
    paused: int = 0  # for a goal: days paused so far
    checkpoint: str = ""  # for a checkpoint milestone: what it asks of its KPI

    @property
    def key(self) -> tuple[str, int]:
        """What identifies the row across reloads."""
        return (self.kind, self.item.id if self.item is not None else self.goal.id)

    @property
    def when(self) -> date | None:
        """The milestone's target date or the step's due date."""
        if isinstance(self.item, Milestone):
            return self.item.target_date
        if isinstance(self.item, Step):
            return self.item.due
        return None

    @property
    def title(self) -> str:
        """The item's (or goal's) title."""
        return self.item.title if self.item is not None else self.goal.title

    def state(self, today: date) -> str:
        """done, overdue, soon, future or undated."""
        if self.item is None:
            return "future"
        if self.item.done_on is not None:
            return "done"
        when = self.when
        if when is None:
            return "undated"
        if when < today:
            return "overdue"
        return "soon" if (when - today).days <= SOON_DAYS else "future"

    def glyph(self, today: date) -> str:
        """The status glyph: ✔ ! ◐, else ◆ for a milestone and · for a step."""
        state = self.state(today)
        return GLYPH.get(state, GLYPH["step" if self.kind == "step" else "milestone"])


class Rows(Sequence[Row]):
    """The visible rows: each goal, then (unless folded) its milestones and their steps.

    A long plan has tens of thousands of rows and a screen shows a few dozen:
    each row is kept as three indexes into the plan and made when asked for.
    """

    def __init__(self, plan: list[TimelineGoal], collapsed: set[int]) -> None:
        self.plan = plan
        # Per row: its goal's index in the plan, its milestone's, its step's (-1: none).
        self._goal, self._milestone, self._step = array("i"), array("i"), array("i")
        for g, tg in enumerate(plan):
            self._add(g, -1, -1)
            if tg.goal.id in collapsed:
                continue
            for m, tm in enumerate(tg.milestones):
                self._add(g, m, -1)
                for step in range(len(tm.steps)):
                    self._add(g, m, step)

    def _add(self, goal: int, milestone: int, step: int) -> None:
        self._goal.append(goal)
        self._milestone.append(milestone)
        self._step.append(step)

    def __len__(self) -> int:
        return len(self._goal)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        tg = self.plan[self._goal[index]]
        m, step = self._milestone[index], self._step[index]
        if m < 0:
            count = sum(1 + len(tm.steps) for tm in tg.milestones)
            return Row("goal", tg.goal, count=count, paused=tg.paused_days)
        tm = tg.milestones[m]
        if step < 0:
            return Row(
                "milestone", tg.goal, tm.milestone, tm.milestone, tm.moved, checkpoint=tm.checkpoint
            )
        s = tm.steps[step]
        return Row("step", tg.goal, s, tm.milestone, tm.steps_moved.get(s.id))

    def find(self, key: tuple[str, int]) -> int | None:
        """The index of the row with ``key`` (see :attr:`Row.key`), if it is shown."""
        kind, wanted = key
        plan = self.plan
        for i, (g, m, step) in enumerate(zip(self._goal, self._milestone, self._step, strict=True)):
            if kind == "goal":
                if m < 0 and plan[g].goal.id == wanted:
                    return i
            elif kind == "milestone":
                if m >= 0 and step < 0 and plan[g].milestones[m].milestone.id == wanted:
                    return i
            elif step >= 0 and plan[g].milestones[m].steps[step].id == wanted:
                return i
        return None
