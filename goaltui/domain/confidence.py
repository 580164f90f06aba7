"""A goal's confidence over time: the one given when planning, then each day's check-in.

Every screen and report that shows a confidence reads it from here, so a goal
never shows two figures without saying which is which.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter
from typing import NamedTuple

from goaltui.domain.models import CheckIn, Goal

#: The source of the confidence given in the new-goal wizard.
PLANNED = "set when planned"
#: The source of a confidence given in a daily check-in.
CHECK_IN = "check-in"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class ConfidenceEntry(NamedTuple):
    """One dated confidence, 1-10, and where it was given (:data:`PLANNED` or :data:`CHECK_IN`)."""

    day: date
    value: int
    source: str


def planning_day(goal: Goal) -> date:
    """The day the wizard's confidence counts from: the goal's start, or its creation if earlier."""
    if goal.created_at is None:
        return goal.start
    return min(goal.start, goal.created_at.date())


def confidence_trail(goal: Goal, checkins: Iterable[CheckIn]) -> tuple[ConfidenceEntry, ...]:
    """The goal's confidence history, oldest first.

    The wizard's confidence (when one was given) comes first, dated
    :func:`planning_day`; then one entry per day with a check-in confidence, in
    day order. Of several check-ins on one day the last one that gives a
    confidence counts (the order given within a day is kept). Check-ins without
    a confidence, and those of other goals, are left out. Repeated values are
    kept: each is a dated fact.
    """
    out: list[ConfidenceEntry] = []
    if goal.confidence is not None:
        out.append(ConfidenceEntry(planning_day(goal), goal.confidence, PLANNED))
    by_day: dict[date, int] = {}
    for c in sorted(checkins, key=attrgetter("day")):  # stable: a day's rows keep their order
        if c.goal_id == goal.id and c.confidence is not None:
            by_day[c.day] = c.confidence
    out.extend(ConfidenceEntry(day, value, CHECK_IN) for day, value in by_day.items())
    return tuple(out)


def current_confidence(goal: Goal, checkins: Iterable[CheckIn]) -> ConfidenceEntry | None:
    """The latest entry of :func:`confidence_trail`; None when no confidence was ever given."""
    trail = confidence_trail(goal, checkins)
    return trail[-1] if trail else None


def confidence_in_period(
    trail: Sequence[ConfidenceEntry], start: date, end: date
) -> tuple[ConfidenceEntry, ...]:
    """The part of ``trail`` a review of ``start``-``end`` shows.

    First the confidence in force as the period began (the latest entry dated
    before ``start``, which may be the planning one), then the entries dated in
    the period. Empty when nothing was given before or during the period.
    """
    before: ConfidenceEntry | None = None
    inside: list[ConfidenceEntry] = []
    for entry in trail:
        if entry.day < start:
            before = entry
        elif entry.day <= end:
            inside.append(entry)
    return ((before,) if before is not None else ()) + tuple(inside)


def short_day(day: date, today: date | None = None) -> str:
    """'3 Dec'; with the year ('3 Dec 2025') when ``today`` is given and in another year."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    if today is not None and today.year != day.year:
        text += f" {day.year}"
    return text


def confidence_source(entry: ConfidenceEntry, today: date | None = None) -> str:
    """Where ``entry`` came from: 'set when planned' or 'check-in 3 Dec'."""
    if entry.source == CHECK_IN:
        return f"{CHECK_IN} {short_day(entry.day, today)}"
    return entry.source


def describe_confidence(entry: ConfidenceEntry | None, today: date | None = None) -> str:
    """'7/10 (check-in 3 Dec)', '8/10 (set when planned)', or 'not rated'."""
    if entry is None:
        return "not rated"
    return f"{entry.value}/10 ({confidence_source(entry, today)})"


def changes(trail: Sequence[ConfidenceEntry]) -> list[ConfidenceEntry]:
    """The entries of ``trail`` where the figure changed: the first of each run of equals."""
    out: list[ConfidenceEntry] = []
    for entry in trail:
        if not out or entry.value != out[-1].value:
            out.append(entry)
    return out


def trend(trail: Sequence[ConfidenceEntry], last: int = 3) -> str:
    """'6 → 7 → 8': the last ``last`` changes of ``trail``, oldest first.

    A run of equal figures counts once ('8 → 8 → 8' says nothing); '' when the
    figure never changed.
    """
    moves = changes(trail)
    if len(moves) < 2:
        return ""
    return " → ".join(str(e.value) for e in moves[-last:])


def describe_current(trail: Sequence[ConfidenceEntry], today: date | None = None) -> str:
    """The latest confidence with its date and the short trend to it.

    '8/10 (check-in 21 Nov), trend 6 → 7 → 8'; '8/10 (check-in 21 Nov), the same
    since 12 Nov'; '7/10 (set when planned)'; 'not rated'.
    """
    text = describe_confidence(trail[-1] if trail else None, today)
    recent = trend(trail)
    if recent:
        return f"{text}, trend {recent}"
    if len(trail) > 1:
        return f"{text}, the same since {short_day(trail[0].day, today)}"
    return text


def describe_period(entries: Sequence[ConfidenceEntry], today: date | None = None) -> str:
    """A review period's confidence: 'Confidence falling: 8 → 7 (from 8 set when planned)'.

    ``entries`` as :func:`confidence_in_period` gives them (not empty). The
    first figure, usually the one in force as the period began, says where it
    came from. A run of equal figures counts once; long trends keep the first
    and the last seven changes.
    """
    first, last = entries[0], entries[-1]
    moves = changes(entries)
    if len(moves) == 1:
        still = "unchanged at " if len(entries) > 1 else ""
        return f"Confidence {still}{first.value} ({confidence_source(first, today)})"
    values = [str(e.value) for e in moves]
    if len(values) > 8:
        values = [values[0], "…", *values[-7:]]
    if first.value == last.value:
        word = "back to where it was"
    else:
        word = "rising" if last.value > first.value else "falling"
    whence = f"from {first.value} {confidence_source(first, today)}"
    return f"Confidence {word}: {' → '.join(values)} ({whence})"
