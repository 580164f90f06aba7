"""What counts as due today: the rules shared by ``goaltui due`` and ``goaltui remind``.

Pure: no database. The check-in service reads through the repository, ``remind``
(and ``due`` on a database file) through the standard library's sqlite3 alone;
all of them decide here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from goaltui.domain.models import Cadence, Importance
from goaltui.domain.periods import period_start
from goaltui.domain.text import and_list
from goaltui.domain.urgency import order_key


def kpi_value_due(last: date | None, cadence: Cadence, start: date, today: date) -> bool:
    """True when a KPI has no value yet in the period holding ``today``.

    ``last`` is the latest day it has a value for (None: never measured);
    fortnights are counted from ``start``, its goal's start.
    """
    if last is None:
        return True
    return period_start(last, cadence, start) < period_start(today, cadence, start)


@dataclass(frozen=True, slots=True)
class DueCounts:
    """How many things of each kind are due today or overdue."""

    kpis: int = 0
    steps: int = 0
    milestones: int = 0
    #: True when an active goal has no check-in today (``due`` lists it as one item).
    checkin: bool = False

    @property
    def total(self) -> int:
        """How many lines ``goaltui due`` shows."""
        return self.kpis + self.steps + self.milestones + int(self.checkin)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def remind_line(counts: DueCounts) -> str:
    """'goaltui: 2 KPIs and 1 step due'; empty when nothing is due (a prompt stays quiet)."""
    parts = [
        _count(n, word)
        for n, word in (
            (counts.kpis, "KPI"),
            (counts.steps, "step"),
            (counts.milestones, "milestone"),
        )
        if n
    ]
    if counts.checkin:
        parts.append("today's check-in")
    if not parts:
        return ""
    return f"goaltui: {and_list(parts)} due"


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something that wants attention today."""

    kind: str  # "kpi", "step", "milestone", "checkin"
    title: str
    goal_id: int
    goal_title: str
    due: date | None
    ref_id: int
    overdue_days: int = 0
    #: A step's importance (other kinds are of normal importance).
    importance: Importance = Importance.NORMAL


class DueGoal(Protocol):
    """What :func:`due_items` reads of a goal (a :class:`~goaltui.domain.models.Goal`)."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def start(self) -> date: ...


class DueKpi(Protocol):
    """What :func:`due_items` reads of a KPI."""

    @property
    def id(self) -> int: ...
    @property
    def goal_id(self) -> int: ...
    @property
    def name(self) -> str: ...
    @property
    def cadence(self) -> Cadence: ...


class DueMilestone(Protocol):
    """What :func:`due_items` reads of a milestone."""

    @property
    def id(self) -> int: ...
    @property
    def goal_id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def target_date(self) -> date: ...
    @property
    def done_on(self) -> date | None: ...


class DueStep(Protocol):
    """What :func:`due_items` reads of a step."""

    @property
    def id(self) -> int: ...
    @property
    def title(self) -> str: ...
    @property
    def due(self) -> date | None: ...
    @property
    def done_on(self) -> date | None: ...
    @property
    def importance(self) -> Importance: ...


#: The kinds of :class:`DueItem` in the order ``goaltui due`` lists them.
KIND_ORDER = {"milestone": 0, "step": 1, "kpi": 2, "checkin": 3}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def due_items(
    goals: Sequence[DueGoal],
    kpis: Iterable[DueKpi],
    last: Mapping[int, date],
    milestones: Iterable[DueMilestone],
    steps: Iterable[tuple[DueStep, int]],
    checked: Collection[int],
    today: date,
) -> list[DueItem]:
    """What is due on ``today`` or overdue, in the order ``goaltui due`` lists it.

    ``goals`` are the active goals (by id), ``kpis`` theirs (by goal, then id)
    with ``last`` the latest day each has a value for; ``milestones`` (by goal,
    date, position, id) and ``steps`` as ``(step, goal id)`` (by milestone, due
    date, id) may hold more than what is open and due: only those are listed.
    ``checked`` are the goals with a check-in today.
    """
    by_id = {g.id: g for g in goals}
    items: list[DueItem] = []
    for k in kpis:
        goal = by_id[k.goal_id]
        if kpi_value_due(last.get(k.id), k.cadence, goal.start, today):
            items.append(DueItem("kpi", k.name, k.goal_id, goal.title, today, k.id))
    for m in milestones:
        if m.done_on is None and m.target_date <= today:
            title = by_id[m.goal_id].title
            overdue = (today - m.target_date).days
            items.append(
                DueItem("milestone", m.title, m.goal_id, title, m.target_date, m.id, overdue)
            )
    for s, goal_id in steps:
        if s.done_on is None and s.due is not None and s.due <= today:
            title, overdue = by_id[goal_id].title, (today - s.due).days
            items.append(
                DueItem("step", s.title, goal_id, title, s.due, s.id, overdue, s.importance)
            )
    waiting = [g for g in goals if g.id not in checked]
    if waiting:
        title = "confidence and notes for " + _plural(len(waiting), "active goal")
        first = waiting[0]
        items.append(DueItem("checkin", title, first.id, "check-in", today, first.id))

    def key(i: DueItem) -> tuple[Any, ...]:
        if i.kind == "step":  # the one order of steps (goaltui.domain.urgency)
            return (KIND_ORDER[i.kind], order_key(i.due, i.importance, i.title, today))
        return (KIND_ORDER[i.kind], -i.overdue_days, i.goal_title, i.title)

    items.sort(key=key)
    return items
