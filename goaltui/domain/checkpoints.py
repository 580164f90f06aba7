"""Checkpoints: a milestone's KPI value to reach by its date, which bends the pace line.

A checkpoint names one of its goal's ``increase`` or ``decrease`` KPIs (a
stay KPI keeps to a bound and has no line to bend), lies after the goal's
start and not after its deadline, and keeps the line going one way: for an
``increase`` KPI the values never fall from the baseline, through the
checkpoints by date, to the target; a ``decrease`` KPI mirrors this.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from goaltui.domain.models import KpiKind, KpiReading, Milestone
from goaltui.domain.present import format_value

#: The kinds whose pace line a checkpoint can bend.
PACED = (KpiKind.INCREASE, KpiKind.DECREASE)


@dataclass(frozen=True, slots=True)
class Mark:
    """One checkpoint to check: the milestone's title, date and value."""

    title: str
    day: date
    value: float


def checkpoint_problem(
    kind: KpiKind,
    baseline: float,
    target: float,
    start: date,
    deadline: date | None,
    marks: Sequence[Mark],
    name: str = "the KPI",
) -> str | None:
    """Why the checkpoints ``marks`` of one KPI cannot stand, or None when they can.

    One message, naming the first checkpoint at fault.
    """
    if not marks:
        return None
    if kind not in PACED:
        return (
            f"{name} is a {kind.value.replace('_', ' ')} KPI: it keeps to a bound, so it has "
            "no pace line for a checkpoint to bend (only increase and decrease KPIs take one)"
        )
    for m in marks:
        if not math.isfinite(m.value):
            return f"the checkpoint {m.title!r} needs a value that is a number"
        if m.day <= start:
            return f"the checkpoint {m.title!r} must lie after the goal's start ({start})"
        if deadline is not None and m.day > deadline:
            return f"the checkpoint {m.title!r} must not lie after the goal's deadline ({deadline})"
    sign = 1.0 if kind == KpiKind.INCREASE else -1.0
    way = "rise" if sign > 0 else "fall"
    ordered = sorted(marks, key=lambda m: m.day)
    before, before_name = baseline, f"the baseline {format_value(baseline)}"
    for a, b in pairwise(ordered):
        if a.day == b.day and a.value != b.value:
            return (
                f"the checkpoints {a.title!r} and {b.title!r} ask {name} for two values "
                f"on {a.day}: give them one value, or different dates"
            )
    for m in ordered:
        if sign * (m.value - before) < 0:
            return _out_of_order(m, name, way, before_name)
        before, before_name = m.value, f"{format_value(m.value)} on {m.day}"
    last = ordered[-1]
    if sign * (target - last.value) < 0:
        return (
            f"the checkpoint {last.title!r} ({format_value(last.value)} on {last.day}) is out "
            f"of order: {name} should {way} from it to the target {format_value(target)}"
        )
    return None


def _out_of_order(m: Mark, name: str, way: str, before: str) -> str:
    return (
        f"the checkpoint {m.title!r} ({format_value(m.value)} on {m.day}) is out of order: "
        f"{name} should {way} from {before} to it"
    )


def marks_of(milestones: Iterable[Milestone], kpi_id: int) -> list[Mark]:
    """The checkpoints of ``kpi_id`` among ``milestones``."""
    return [
        Mark(m.title, m.target_date, m.kpi_value)
        for m in milestones
        if m.kpi_id == kpi_id and m.kpi_value is not None
    ]


def knots_of(milestones: Iterable[Milestone]) -> dict[int, list[tuple[date, float]]]:
    """Per KPI id, its checkpoints as (day, value): what the pace line bends through."""
    out: dict[int, list[tuple[date, float]]] = {}
    for m in milestones:
        if m.kpi_id is not None and m.kpi_value is not None:
            out.setdefault(m.kpi_id, []).append((m.target_date, m.kpi_value))
    return out


def reached(kind: KpiKind, value: float, checkpoint: float) -> bool:
    """True when ``value`` is at or past ``checkpoint`` the way ``kind`` goes."""
    if kind == KpiKind.INCREASE:
        return value >= checkpoint
    if kind == KpiKind.DECREASE:
        return value <= checkpoint
    return False


def figure_now(reading: KpiReading) -> float | None:
    """The KPI's figure as it stands now, to hold against a checkpoint.

    The period still running when it has values (its total, count, mean or
    latest so far: a weekly sum reaches a checkpoint of 20 when this week's
    values add up to 20, not when one of them is 20), else the judged value.
    """
    if reading.partial is not None:
        return reading.partial.value
    return reading.current


def propose(
    baseline: float, target: float, start: date, deadline: date, days: Sequence[date]
) -> list[float]:
    """Checkpoint values on the straight line from baseline to target, one per day in ``days``.

    Rounded for the size of the change: two decimals for a change under 10,
    one under 100, whole numbers beyond; days outside the line are held at
    its ends.
    """
    span = abs(target - baseline)
    digits = 2 if span < 10 else 1 if span < 100 else 0
    whole = (deadline - start).days
    out: list[float] = []
    for day in days:
        share = 1.0 if whole <= 0 else min(max((day - start).days / whole, 0.0), 1.0)
        value = round(baseline + (target - baseline) * share, digits)
        out.append(float(int(value)) if digits == 0 else value)
    return out
