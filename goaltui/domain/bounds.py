"""KPIs judged by bounds: ``stay_above``, ``stay_below`` and ``between``.

Such a KPI has no pace to keep: each period either keeps to the bounds or
does not, and the reading is the share of periods that did (see
:func:`read_bounded`). A ``between`` KPI's range runs from its ``target`` (the
low end) to its ``high``, both included. :func:`range_problem` is the one rule
every edge (service, forms, wizard, import) applies to a range.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from goaltui.domain.fmt import format_number
from goaltui.domain.models import (
    Aggregation,
    Goal,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    PeriodValue,
)
from goaltui.domain.periods import count_periods, one_way, period_start

if TYPE_CHECKING:
    from goaltui.domain.pace import Pace

#: Kinds judged by the share of periods in bounds rather than by a pace line.
BOUNDED = (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW, KpiKind.BETWEEN)
#: Share of periods in bounds a bounded KPI needs to be on track / achieved.
IN_BOUNDS_GOOD = 0.9
#: Share of periods in bounds below which a bounded KPI is off track.
IN_BOUNDS_RISK = 0.75


def keeps(kpi: Kpi, value: float) -> bool:
    """Whether ``value`` keeps to ``kpi``'s bounds (each bound itself is inside)."""
    if kpi.kind == KpiKind.BETWEEN:
        high = kpi.target if kpi.high is None else kpi.high
        return kpi.target <= value <= high
    if kpi.kind in (KpiKind.DECREASE, KpiKind.STAY_BELOW):
        return value <= kpi.target
    return value >= kpi.target


def range_problem(kind: KpiKind | str, low: float | None, high: float | None) -> str | None:
    """Why ``low`` and ``high`` cannot be the bounds of a KPI of ``kind``, or None.

    A ``between`` KPI needs a high end above its low end; any other kind has no
    high end.
    """
    if str(kind) != KpiKind.BETWEEN.value:
        if high is not None:
            return "only a 'between' KPI has a high end: leave it empty"
        return None
    if high is None:
        return "a range needs its high end: enter the highest value that still counts"
    if low is not None and not low < high:
        return (
            "a range needs its low end below its high end "
            f"({format_number(low)} is not below {format_number(high)})"
        )
    return None


def range_message(kind: KpiKind | str, low: float | None, high: float | None) -> str | None:
    """:func:`range_problem` as a sentence for a form ("A range needs ... ."), or None."""
    problem = range_problem(kind, low, high)
    return None if problem is None else problem[:1].upper() + problem[1:] + "."


def read_bounded(
    kpi: Kpi,
    goal: Goal,
    tally: tuple[int, int] | None,
    used: Sequence[PeriodValue],
    today: date,
    pace: Pace,
    base: dict[str, object],
) -> KpiReading:
    """A bounded KPI: the share of its periods that kept to the bounds.

    Complete periods with values from the goal's start count (``tally`` when
    storage counted them, else counted from ``used``). The current, unfinished
    period counts too when its figure is already final: a ``last`` value (the
    level now), or a figure already past a bound in the direction more values
    only confirm (a total, count or maximum above the upper bound, a minimum
    below the lower one). Progress is the share of all the goal's periods
    (start to the end of the pace line) that kept to the bounds.
    """
    current_start = period_start(today, kpi.cadence, goal.start)
    if tally is not None:
        periods, inside = tally
    else:
        complete = [p for p in used if p.start < current_start]
        periods = len(complete)
        inside = sum(keeps(kpi, p.value) for p in complete)
    latest = used[-1] if used else None
    partial = None
    now: float | None = None
    if latest is not None and latest.start == current_start:
        kept = keeps(kpi, latest.value)
        if today > pace.end_day or kpi.aggregation == Aggregation.LAST or _settled(kpi, latest):
            periods, inside, now = periods + 1, inside + kept, latest.value
        else:
            partial = latest
    if now is None:
        previous = [p for p in used if p.start < current_start]
        now = previous[-1].value if previous else None
    all_periods = count_periods(goal.start, max(pace.end_day, goal.start), kpi.cadence, goal.start)
    share = inside / periods if periods else 0.0
    in_now = None if now is None else keeps(kpi, now)
    if now is None or not periods:
        status = KpiStatus.NO_DATA
    elif today > pace.end_day:
        status = KpiStatus.ACHIEVED if share >= IN_BOUNDS_GOOD else KpiStatus.MISSED
    elif share >= IN_BOUNDS_GOOD and in_now:
        status = KpiStatus.ON_TRACK
    elif share >= IN_BOUNDS_RISK:
        status = KpiStatus.AT_RISK
    else:
        status = KpiStatus.OFF_TRACK
    return KpiReading(
        **base,  # type: ignore[arg-type]
        current=now,
        expected=kpi.target,
        status=status,
        progress=min(1.0, inside / all_periods) if all_periods else 0.0,
        days_ahead=None,
        forecast=None,
        judged_on=today if now is not None else None,
        in_bounds=(periods, inside),
        in_bounds_now=in_now,
        partial=partial,
    )


def _settled(kpi: Kpi, period: PeriodValue) -> bool:
    """Whether an unfinished period's figure can no longer change its verdict.

    A figure that only grows is settled once above an upper bound (or, for
    ``stay_above``, once it keeps to it); one that only falls, once below a
    lower bound (or, for ``stay_below``, once it keeps to it).
    """
    way = one_way(kpi.aggregation, kpi.kind)
    value = period.value
    if kpi.kind == KpiKind.BETWEEN:
        high = kpi.target if kpi.high is None else kpi.high
        return (way > 0 and value > high) or (way < 0 and value < kpi.target)
    kept = keeps(kpi, value)
    return (way > 0 and kept == (kpi.kind == KpiKind.STAY_ABOVE)) or (
        way < 0 and kept == (kpi.kind == KpiKind.STAY_BELOW)
    )
