"""Which step comes first: urgency, then importance.

Steps are put in one order everywhere a list of them is shown (the check-in,
the timeline, ``goaltui due``): the most urgent first (overdue, then due today,
then due within the next :data:`SOON_DAYS` days, then later or undated), and
among equally urgent steps the most important first (high, normal, low), then
the earliest due date, then the title. The first open step of that order is
"the one thing for today".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from enum import IntEnum
from typing import TypeVar

from goaltui.domain.models import Importance, Step

#: A step due within this many days after today is due soon.
SOON_DAYS = 7

#: Importance from most to least: the place of each in the order.
IMPORTANCE_RANK: dict[Importance, int] = {
    Importance.HIGH: 0,
    Importance.NORMAL: 1,
    Importance.LOW: 2,
}

#: What the importance key cycles to next: normal → high → low → normal.
NEXT_IMPORTANCE: dict[Importance, Importance] = {
    Importance.NORMAL: Importance.HIGH,
    Importance.HIGH: Importance.LOW,
    Importance.LOW: Importance.NORMAL,
}


class Urgency(IntEnum):
    """How soon a step wants doing, most urgent first."""

    OVERDUE = 0
    TODAY = 1
    SOON = 2
    LATER = 3
    #: Done steps want nothing more: they come after every open one.
    DONE = 4


def urgency(due: date | None, today: date, done: bool = False) -> Urgency:
    """How urgent a step due on ``due`` is on ``today`` (``None``: undated, so later)."""
    if done:
        return Urgency.DONE
    if due is None:
        return Urgency.LATER
    if due < today:
        return Urgency.OVERDUE
    if due == today:
        return Urgency.TODAY
    if due <= today + timedelta(days=SOON_DAYS):
        return Urgency.SOON
    return Urgency.LATER


def order_key(
    due: date | None, importance: Importance, title: str, today: date, done: bool = False
) -> tuple[int, int, date, str]:
    """The sort key of one step: urgency, importance, due date (undated last), title."""
    return (
        urgency(due, today, done),
        IMPORTANCE_RANK.get(Importance(importance), 1),
        due or date.max,
        title.casefold(),
    )


def step_key(step: Step, today: date) -> tuple[int, int, date, str]:
    """:func:`order_key` of a :class:`Step`."""
    return order_key(step.due, step.importance, step.title, today, step.done_on is not None)


S = TypeVar("S", bound=Step)


def by_urgency(steps: Iterable[S], today: date) -> list[S]:
    """``steps`` in the one order: open steps by urgency then importance, done ones last."""
    return sorted(steps, key=lambda s: step_key(s, today))


def one_thing(steps: Sequence[Step], today: date) -> Step | None:
    """The first open step of the order: what to do today, or ``None`` when none is open."""
    open_steps = [s for s in steps if s.done_on is None]
    return by_urgency(open_steps, today)[0] if open_steps else None


def describe_urgency(due: date | None, today: date) -> str:
    """'3d overdue', 'due today', 'due in 2d', 'due 14 Dec', 'no date'."""
    if due is None:
        return "no date"
    days = (due - today).days
    if days < 0:
        return f"{-days}d overdue"
    if days == 0:
        return "due today"
    if days <= SOON_DAYS:
        return f"due in {days}d"
    return f"due {due.day} {due:%b}"
