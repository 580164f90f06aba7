"""Reverse goal setting: milestones planned backward from the deadline, steps under them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True)
class ScheduleProblem:
    """Something wrong with the date at ``index`` of the list that was checked."""

    index: int
    message: str


def spread_evenly(start: date, deadline: date, count: int) -> list[date]:
    """``count`` dates spread evenly after ``start``, the last on ``deadline``.

    The i-th (1-based) lies at ``start + (deadline - start) * i / count``,
    rounded to the nearest day, so the dates rise strictly whenever the span
    has at least ``count`` days; a shorter span repeats days but never passes
    the deadline. Chronological order; empty for ``count`` 0.

    Raises:
        ValueError: if ``deadline`` is before ``start`` or ``count`` is negative.
    """
    if deadline < start:
        raise ValueError(f"The deadline ({deadline}) is before the start ({start}).")
    if count < 0:
        raise ValueError(f"Can't spread {count} milestones.")
    span = (deadline - start).days
    return [
        start + timedelta(days=(2 * span * i + count) // (2 * count)) for i in range(1, count + 1)
    ]


def chronological(items_last_first: Sequence[_T]) -> list[_T]:
    """Milestones as entered (last first) turned into chronological order."""
    return list(reversed(items_last_first))


def check_milestones(
    start: date | None, deadline: date, dates_last_first: Sequence[date | None]
) -> list[ScheduleProblem]:
    """Check milestone dates entered backward from the deadline.

    ``dates_last_first`` is in the order the person entered them: the last
    milestone (closest to the deadline) first. Each needs a date, no later than
    the deadline, no earlier than ``start`` (when given), and strictly before
    the milestone entered just before it, which comes after it in time.
    ``index`` in each problem is the position in ``dates_last_first``; the
    messages number milestones from 1 in that same order.
    """
    problems: list[ScheduleProblem] = []
    later: date | None = None
    for index, day in enumerate(dates_last_first):
        name = f"Milestone {index + 1}"
        if day is None:
            problems.append(ScheduleProblem(index, f"{name} needs a date."))
            continue
        if day > deadline:
            message = f"{name} ({day}) is after the deadline ({deadline})."
            problems.append(ScheduleProblem(index, message))
        if start is not None and day < start:
            message = f"{name} ({day}) is before the start ({start})."
            problems.append(ScheduleProblem(index, message))
        if later is not None and day >= later:
            message = f"{name} ({day}) must come before the milestone after it ({later})."
            problems.append(ScheduleProblem(index, message))
        later = day
    return problems


def milestone_before(
    day: date, milestones: Sequence[tuple[str, date | None]]
) -> tuple[str, date] | None:
    """The milestone just before ``day``: the latest of ``milestones`` dated earlier.

    ``milestones`` are ``(title, target date)`` pairs in any order; undated ones
    and those on or after ``day`` are passed over; of several on the same day,
    the first given wins. ``None`` when there is none, as for the first
    milestone of a goal.
    """
    earlier = [(when, title) for title, when in milestones if when is not None and when < day]
    if not earlier:
        return None
    when, title = max(earlier, key=lambda pair: pair[0])
    return title, when


def _step_name(index: int, titles: Sequence[str]) -> str:
    title = titles[index].strip() if index < len(titles) else ""
    return f"The step '{title}'" if title else f"Step {index + 1}"


def check_steps(
    milestone_date: date | None,
    step_dues: Sequence[date | None],
    *,
    start: date | None = None,
    previous: tuple[str, date] | None = None,
    titles: Sequence[str] = (),
) -> list[ScheduleProblem]:
    """Check the due dates of one milestone's steps.

    Steps may be undated. A dated step may be due no earlier than the goal's
    ``start`` and no earlier than ``previous``, the ``(title, target date)`` of
    the milestone before its own (see :func:`milestone_before`); on either of
    those days is fine. It may be due no later than its own milestone
    (``milestone_date``; ``None`` leaves that side open). Each bound left out
    is not checked. ``titles``, in the order of ``step_dues``, name the steps in
    the messages; without one a step is numbered from 1. Every problem of a
    step is reported, the earliest bound first.
    """
    problems: list[ScheduleProblem] = []
    for index, due in enumerate(step_dues):
        if due is None:
            continue
        name = _step_name(index, titles)
        if start is not None and due < start:
            message = f"{name} is due {due}, before the goal starts ({start})."
            problems.append(ScheduleProblem(index, message))
        if previous is not None and due < previous[1]:
            title, when = previous
            which = f"'{title.strip()}', {when}" if title.strip() else f"{when}"
            message = f"{name} is due {due}, before the milestone before it ({which})."
            problems.append(ScheduleProblem(index, message))
        if milestone_date is not None and due > milestone_date:
            message = f"{name} is due {due}, after its milestone ({milestone_date})."
            problems.append(ScheduleProblem(index, message))
    return problems
