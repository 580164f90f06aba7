"""A KPI against its pace line: expected value, progress, status and the full reading.

Rates, days ahead, forecasts and plan solving live in ``forecast`` and are
re-exported here, so ``from goaltui.domain.kpi import ...`` reaches all of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from goaltui.domain.forecast import (
    achieved_rate_per_week,
    days_ahead,
    forecast_date,
    reached,
    required_rate_per_week,
    solve_plan,
)
from goaltui.domain.models import (
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    PaceLine,
    PeriodValue,
)

__all__ = [
    "TOLERANCE",
    "achieved_rate_per_week",
    "current_value",
    "days_ahead",
    "forecast_date",
    "kpi_progress",
    "kpi_status",
    "pace_line",
    "pace_value",
    "reached",
    "read_kpi",
    "required_rate_per_week",
    "solve_plan",
    "worst_status",
]

#: How far behind pace still counts as on track, as a share of |target - baseline|.
#: Up to three times this is "at risk"; beyond it "off track".
TOLERANCE = 0.05
#: Share of periods in bounds a stay_above/below KPI needs to be on track / achieved.
IN_BOUNDS_GOOD = 0.9
#: Share of periods in bounds below which a stay_above/below KPI is off track.
IN_BOUNDS_RISK = 0.75
#: How long the pace line runs for a goal without a deadline.
NO_DEADLINE_DAYS = 365

_STAY = (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW)
_SLACK = 1e-9  # absorbs float noise at the exact edge of a band
_WORST_FIRST = (
    KpiStatus.MISSED,
    KpiStatus.OFF_TRACK,
    KpiStatus.AT_RISK,
    KpiStatus.ON_TRACK,
    KpiStatus.ACHIEVED,
)


def pace_line(kpi: Kpi, goal_start: date, deadline: date) -> PaceLine:
    """The straight line a KPI is expected to follow up to ``deadline``.

    It starts on ``kpi.pace_start`` (or the goal's start) at ``kpi.pace_from``
    (or the baseline) and ends on ``deadline`` at the target. For
    ``stay_above``/``stay_below`` KPIs the line is flat at the target, the bound
    to keep to all along.
    """
    start = kpi.pace_start or goal_start
    if kpi.kind in _STAY:
        return PaceLine(start=start, start_value=kpi.target, end=deadline, end_value=kpi.target)
    origin = kpi.pace_from if kpi.pace_from is not None else kpi.baseline
    return PaceLine(start=start, start_value=origin, end=deadline, end_value=kpi.target)


def pace_value(line: PaceLine, day: date) -> float:
    """The line's value on ``day``: interpolated, held at its ends outside them.

    A line with no length (end on or before start) is its end value everywhere.
    """
    if line.end <= line.start or day >= line.end:
        return line.end_value
    if day <= line.start:
        return line.start_value
    share = (day - line.start).days / (line.end - line.start).days
    low, high = sorted((line.start_value, line.end_value))
    value = line.start_value + (line.end_value - line.start_value) * share
    if not math.isfinite(value):  # the difference overflowed
        value = line.start_value * (1 - share) + line.end_value * share
    return min(max(value, low), high)


def current_value(series: Sequence[PeriodValue]) -> float | None:
    """The latest period's value, or None before the first measurement."""
    return series[-1].value if series else None


def _share_in_bounds(kpi: Kpi, series: Sequence[PeriodValue]) -> float:
    """The share of periods whose value keeps to a stay KPI's bound (0.0 without any)."""
    if not series:
        return 0.0
    inside = sum(reached(kpi.kind, period.value, kpi.target) for period in series)
    return inside / len(series)


def kpi_progress(kpi: Kpi, series: Sequence[PeriodValue]) -> float:
    """How far the KPI has come, from 0.0 to 1.0.

    ``increase``/``decrease``: the way from baseline to target covered by the
    latest value, clamped (when baseline equals target: 1.0 once the target is
    reached, else 0.0). ``stay_above``/``stay_below``: the share of periods in
    bounds. 0.0 without any value.
    """
    if kpi.kind in _STAY:
        return _share_in_bounds(kpi, series)
    current = current_value(series)
    if current is None:
        return 0.0
    span = kpi.target - kpi.baseline
    if span == 0:
        return 1.0 if reached(kpi.kind, current, kpi.target) else 0.0
    share = (current - kpi.baseline) / span
    return min(max(share, 0.0), 1.0) if not math.isnan(share) else 0.0


def kpi_status(
    kpi: Kpi,
    series: Sequence[PeriodValue],
    line: PaceLine,
    today: date,
    tolerance: float = TOLERANCE,
) -> KpiStatus:
    """Where the KPI stands on ``today``.

    ``increase``/``decrease``: no values is NO_DATA; a latest value at or past
    the target is ACHIEVED; past the line's end without it, MISSED. Otherwise
    the shortfall behind ``pace_value(line, today)``, as a share of
    |target - baseline| (or |target|, or 1), decides: up to ``tolerance`` ON_TRACK,
    up to three times it AT_RISK, beyond that OFF_TRACK.

    ``stay_above``/``stay_below`` count the share of periods in bounds: after
    the line's end, ACHIEVED from 90 %, else MISSED; before it, ON_TRACK from
    90 % with the latest period in bounds, AT_RISK from 75 %, else OFF_TRACK.
    """
    current = current_value(series)
    if current is None:
        return KpiStatus.NO_DATA
    if kpi.kind in _STAY:
        return stay_status(kpi, _share_in_bounds(kpi, series), current, line, today)
    if reached(kpi.kind, current, kpi.target):
        return KpiStatus.ACHIEVED
    if today > line.end:
        return KpiStatus.MISSED
    expected = pace_value(line, today)
    shortfall = expected - current if kpi.kind == KpiKind.INCREASE else current - expected
    span = abs(kpi.target - kpi.baseline) or abs(kpi.target) or 1.0
    behind = shortfall / span
    if behind <= tolerance + _SLACK:
        return KpiStatus.ON_TRACK
    if behind <= 3 * tolerance + _SLACK:
        return KpiStatus.AT_RISK
    return KpiStatus.OFF_TRACK


def stay_status(kpi: Kpi, share: float, latest: float, line: PaceLine, today: date) -> KpiStatus:
    """``kpi_status`` of a stay_above/below KPI with values: ``share`` of its periods
    kept to the bound, ``latest`` the value of the last one.
    """
    if today > line.end:
        return KpiStatus.ACHIEVED if share >= IN_BOUNDS_GOOD else KpiStatus.MISSED
    if share >= IN_BOUNDS_GOOD and reached(kpi.kind, latest, kpi.target):
        return KpiStatus.ON_TRACK
    if share >= IN_BOUNDS_RISK:
        return KpiStatus.AT_RISK
    return KpiStatus.OFF_TRACK


def worst_status(statuses: Iterable[KpiStatus]) -> KpiStatus | None:
    """The most worrying status: missed, off track, at risk, on track, achieved.

    NO_DATA counts only when nothing else is there; None for no statuses.
    """
    seen = list(statuses)
    if not seen:
        return None
    known = [status for status in seen if status != KpiStatus.NO_DATA]
    if not known:
        return KpiStatus.NO_DATA
    return min(known, key=_WORST_FIRST.index)


def read_kpi(
    kpi: Kpi,
    goal: Goal,
    series: Sequence[PeriodValue],
    today: date,
    original: PaceLine | None = None,
) -> KpiReading:
    """Everything the screens show about one KPI of ``goal`` on ``today``.

    The pace line ends on the goal's deadline, or a year after its start when
    it has none. Periods starting after the day of evaluation are left out.

    A PAUSED goal is frozen: it is evaluated as of the day it was last updated
    (``goal.updated_at``, which is when it was paused) if that is before
    ``today``, so pausing neither misses a deadline nor drifts behind pace.
    Without ``updated_at`` it is evaluated as of ``today``.

    ``expected`` is the pace line's value on that day; ``days_ahead`` is None
    for stay_above/below KPIs. ``original`` is the first pace line when a
    revision re-started it, passed through for the chart.
    """
    as_of = evaluation_day(goal, today)
    deadline = goal.deadline or _days_after(goal.start, NO_DEADLINE_DAYS)
    line = pace_line(kpi, goal.start, deadline)
    used = tuple(period for period in series if period.start <= as_of)
    current = current_value(used)
    return KpiReading(
        kpi=kpi,
        goal_title=goal.title,
        current=current,
        expected=pace_value(line, as_of),
        status=kpi_status(kpi, used, line, as_of),
        progress=kpi_progress(kpi, used),
        days_ahead=None if kpi.kind in _STAY else days_ahead(line, current, as_of),
        forecast=forecast_date(kpi, used, as_of),
        series=used,
        pace=line,
        original_pace=original,
    )


def evaluation_day(goal: Goal, today: date) -> date:
    """The day a KPI of ``goal`` is read on for ``today``: a paused goal stays as it was paused."""
    if goal.status == GoalStatus.PAUSED and goal.updated_at is not None:
        return min(today, goal.updated_at.date())
    return today


def _days_after(day: date, days: int) -> date:
    """``day`` plus ``days``, held at 9999-12-31."""
    return day + timedelta(days=min(days, (date.max - day).days))
