"""A goal's win as a few lines of plain text, to share with the people around you.

The summary names the goal, the KPIs that reached their target (with the
baseline they started from), the milestones reached with their dates, the
goal's status, how long it took, and the last review's "what worked" line.
User text goes through :func:`~goaltui.domain.text.one_line`, so the result is
safe on a terminal and in a clipboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from goaltui.domain.models import Goal, GoalStatus, KpiKind, KpiReading, KpiStatus, Milestone
from goaltui.domain.present import format_target, format_value
from goaltui.domain.text import one_line

#: Longest goal title, KPI name, milestone title and review line in a summary.
TITLE_WIDTH = 80
LINE_WIDTH = 160


@dataclass(frozen=True, slots=True)
class Win:
    """A goal's win summary and whether there is anything in it to share yet."""

    text: str
    reached: bool


def _unit(unit: str) -> str:
    return f" {one_line(unit, 20)}" if unit else ""


def _days(start: date, end: date) -> str:
    days = (end - start).days
    return f"{days} day{'s' if days != 1 else ''}"


def build_win(
    goal: Goal,
    readings: Sequence[KpiReading],
    milestones: Sequence[Milestone],
    today: date,
    closed_on: date | None = None,
    worked: str = "",
) -> Win:
    """The win summary of ``goal``.

    ``readings`` are its KPIs' readings: those with status achieved count as
    reached. ``milestones`` are its milestones: those with a done date count.
    ``closed_on`` is the day the goal was closed (None while it is open: the
    time is counted to ``today``); ``worked`` is the last review's "what worked".
    """
    kpis = [r.kpi for r in readings if r.status == KpiStatus.ACHIEVED]
    done = sorted(
        (m for m in milestones if m.done_on is not None),
        key=lambda m: (m.done_on or today, m.position),
    )
    achieved = goal.status == GoalStatus.ACHIEVED
    lines = [f"Goal: {one_line(goal.title, TITLE_WIDTH)}", f"Status: {goal.status.value}"]
    if kpis:
        lines.append("Targets reached:")
        for k in kpis:
            unit = _unit(k.unit)
            lines.append(
                f"- {one_line(k.name, TITLE_WIDTH)}: {format_target(k)}{unit}"
                + ("" if k.kind == KpiKind.BETWEEN else f" (from {format_value(k.baseline)}{unit})")
            )
    if done:
        lines.append("Milestones reached:")
        lines.extend(
            f"- {one_line(m.title, TITLE_WIDTH)} ({m.done_on.isoformat()})"
            for m in done
            if m.done_on is not None
        )
    end = closed_on if closed_on is not None else today
    if end >= goal.start:
        span = f"{goal.start.isoformat()} to {end.isoformat()} ({_days(goal.start, end)})"
        lines.append(f"Took: {span}" if closed_on is not None else f"So far: {span}")
    if worked.strip():
        lines.append(f"What worked: {one_line(worked.strip(), LINE_WIDTH)}")
    reached = achieved or bool(kpis) or bool(done)
    if not reached:
        lines.append("Nothing reached yet.")
    return Win("\n".join(lines) + "\n", reached)
