"""Rates, reaching a target, forecasts, and planning two of target/deadline/rate.

``goaltui.domain.kpi`` re-exports every public name here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import pairwise

from goaltui.domain.dates import MAX_YEAR
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Aggregation, Goal, Kpi, KpiKind, PeriodValue
from goaltui.domain.pace import Pace
from goaltui.domain.periods import period_end, periods_back

#: Periods back from today's whose values set the recent rate of the forecast.
RECENT_PERIODS = 8
#: Days between date.min and date.max: no answer in days is larger.
MAX_DAYS = (date.max - date.min).days
_LAST_DAY = date(MAX_YEAR, 12, 31)
_MAX_VALUE = 1e15


def reached(kind: KpiKind, current: float, target: float) -> bool:
    """Whether ``current`` has got to ``target`` in the direction ``kind`` asks for.

    ``INCREASE`` and ``STAY_ABOVE`` reach at or above the target; ``DECREASE``
    and ``STAY_BELOW`` at or below it.
    """
    if kind in (KpiKind.DECREASE, KpiKind.STAY_BELOW):
        return current <= target
    return current >= target


def slope(points: Sequence[tuple[float, float]]) -> float | None:
    """The least-squares slope of ``(x, y)`` points, per unit of x.

    None with fewer than two points, when they all sit on one x, or when it
    is not a finite number.
    """
    if len(points) < 2:
        return None
    xs = [x - points[0][0] for x, _ in points]
    ys = [y for _, y in points]
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    spread = math.fsum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    covariance = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    rate = covariance / spread
    return rate if math.isfinite(rate) else None


def achieved_rate_per_week(series: Sequence[PeriodValue], window: int = 8) -> float | None:
    """The least-squares slope of the last ``window`` period values, per 7 days.

    Each value sits on the last day it was recorded (its period's start when
    that is not known). None with fewer than two points, or all on one day.
    """
    points = list(series)[-window:] if window > 0 else []
    rate = slope([(float((p.day or p.start).toordinal()), p.value) for p in points])
    return None if rate is None else rate * 7


def required_rate_per_week(
    current: float, target: float, from_day: date, deadline: date
) -> float | None:
    """The change per week still needed to get from ``current`` to ``target`` by ``deadline``.

    None when the deadline is not after ``from_day``.
    """
    days = (deadline - from_day).days
    if days <= 0:
        return None
    return (target - current) * 7 / days


def solve_plan(
    baseline: float,
    start: date,
    target: float | None = None,
    deadline: date | None = None,
    rate_per_week: float | None = None,
) -> tuple[float, date, float]:
    """Given exactly two of target, deadline and rate per week, work out the third.

    Returns ``(target, deadline, rate_per_week)``. A derived deadline is the
    first whole day by which the target is reached.

    Raises:
        ValueError: one line, when not exactly two are given, a number is not
            finite, the rate is 0 or moves away from the target, the deadline is
            not after ``start``, or the result falls outside the range the app
            keeps (±1e15, up to 9999-12-31).
    """
    given = sum(value is not None for value in (target, deadline, rate_per_week))
    if given != 2:
        raise ValueError(f"Give exactly two of target, deadline and rate per week (got {given}).")
    for name, number in (("baseline", baseline), ("target", target), ("rate", rate_per_week)):
        if number is not None and not math.isfinite(number):
            raise ValueError(f"The {name} must be a finite number.")
    if deadline is not None and deadline <= start:
        raise ValueError(f"The deadline ({deadline}) must come after the start ({start}).")
    if rate_per_week == 0:
        raise ValueError("A rate of 0 per week never gets anywhere: give a rate above or below 0.")
    if target is not None and deadline is not None:
        return target, deadline, (target - baseline) * 7 / (deadline - start).days
    if deadline is not None and rate_per_week is not None:
        derived = baseline + rate_per_week * (deadline - start).days / 7
        if not abs(derived) <= _MAX_VALUE:
            raise ValueError("At this rate the target would be too large: lower the rate.")
        return derived, deadline, rate_per_week
    if target is not None and rate_per_week is not None:
        return target, _deadline_for(baseline, start, target, rate_per_week), rate_per_week
    raise ValueError("Give exactly two of target, deadline and rate per week.")


def _deadline_for(baseline: float, start: date, target: float, rate_per_week: float) -> date:
    """The first day by which ``rate_per_week`` from ``baseline`` reaches ``target``."""
    need = target - baseline
    if need == 0:
        raise ValueError("The target equals the baseline: there is nothing to reach.")
    if (need > 0) != (rate_per_week > 0):
        way = "raises" if need > 0 else "lowers"
        raise ValueError(
            f"At {format_number(rate_per_week)} a week the value moves away from the target "
            f"{format_number(target)}: use a rate that {way} it."
        )
    weeks = need / rate_per_week
    if not weeks * 7 <= (_LAST_DAY - start).days:  # also catches infinity
        raise ValueError(f"At this rate the target comes after {_LAST_DAY}: raise the rate.")
    # Rounding first keeps 1.1 / 0.1 * 7 (77.00000000000001) at 77 days.
    return start + timedelta(days=math.ceil(round(weeks * 7, 6)))


@dataclass(frozen=True, slots=True)
class Judged:
    """The figure a reading judges, the day it is compared with the pace, and how."""

    value: float
    on: date
    #: The day the figure describes (for ``last``, the day it was recorded).
    described: date
    #: The expected value when a first, unfinished period is judged pro rata.
    pro_rata: float | None = None


def forecast_day(
    kpi: Kpi,
    goal: Goal,
    used: list[PeriodValue],
    judged: Judged,
    today: date,
    pace: Pace,
    current_start: date,
) -> date | None:
    """The day the target is reached at the recent rate; None: not at this rate.

    The points are the values of the :data:`RECENT_PERIODS` periods before
    today's up to the judged one, each on the day it describes (the day recorded for
    ``last``, a period's last day for totals and means). With fewer than two,
    the baseline on the goal's start is the first. If that rate is flat or
    leads away from the target, the rate since the start (baseline to the
    judged value) is used, as it is when the recent rate would take past the
    year 9999; a KPI ahead of its pace line always has one. With
    values on the start day alone there is no rate yet: the plan's is used.
    Rates run on the plan clock, so paused days do not slow them.
    """
    if reached(kpi.kind, judged.value, kpi.target):
        return today
    stops = pace.stops
    since = periods_back(today, kpi.cadence, RECENT_PERIODS, goal.start)
    points: list[tuple[float, float]] = []
    for p in used:
        if p.start < since or p.start > judged.described:
            continue
        if p.start == current_start and judged.on != today:
            continue  # the unfinished period held back
        if kpi.aggregation == Aggregation.LAST:
            day = p.day or p.start
        else:
            day = min(period_end(p.start, kpi.cadence, goal.start), today)
        points.append((float(stops.plan(day)), p.value))
    last = (float(stops.plan(judged.described)), judged.value)
    if not points or points[-1] != last:
        points = [pt for pt in points if pt[0] < last[0]] + [last]
    origin = (float(stops.plan(goal.start)), kpi.baseline)
    if len(points) < 2 and origin[0] < last[0]:
        points.insert(0, origin)
    need = kpi.target - judged.value
    overall = slope([origin, last]) if origin[0] < last[0] else None
    recent = slope(points)
    planned = None
    if recent is None and overall is None:  # every value on the start day: no rate yet
        # The piece of the line in force then (a checkpoint may have bent it).
        knots = [(float(x), y) for x, y in pace.road.knots]
        pieces = [[a, b] for a, b in pairwise(knots) if a[0] <= last[0] < b[0]]
        planned = slope(pieces[0] if pieces else knots[-2:])
    for rate in (recent, overall, planned):
        if rate is None or rate == 0 or (need > 0) != (rate > 0):
            continue
        plan_day = last[0] + need / rate
        if not math.isfinite(plan_day):
            continue
        ordinal = math.ceil(stops.calendar(plan_day) - 1e-9)
        if ordinal > date.max.toordinal():
            continue  # so slow it is as good as flat: the next rate is tried
        return max(date.fromordinal(max(1, ordinal)), today)
    return None
