"""Rates, days ahead of pace, forecasts, and planning two of target/deadline/rate.

``goaltui.domain.kpi`` re-exports every public name here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from goaltui.domain.dates import MAX_YEAR
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Kpi, KpiKind, PaceLine, PeriodValue

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


def days_ahead(line: PaceLine, current: float | None, today: date) -> int | None:
    """How many days ahead of its pace line ``current`` is on ``today``.

    Finds the day ``d`` on which the (unclamped) line reaches ``current`` and
    returns ``(d - today).days``, rounded to whole days: positive means the
    line only gets there later, so the KPI is ahead of pace; negative means it
    is behind. This holds for rising and falling lines alike. None without a
    value, or when the line is flat or has no length.
    """
    if current is None:
        return None
    span = (line.end - line.start).days
    rise = line.end_value - line.start_value
    if span <= 0 or rise == 0:
        return None
    offset = (current - line.start_value) / rise * span
    if not math.isfinite(offset):
        return None
    ahead = math.floor(line.start.toordinal() + offset - today.toordinal() + 0.5)
    return max(-MAX_DAYS, min(MAX_DAYS, ahead))


def achieved_rate_per_week(series: Sequence[PeriodValue], window: int = 8) -> float | None:
    """The least-squares slope of the last ``window`` period values, per 7 days.

    None with fewer than two points, or when they all sit on one day.
    """
    points = list(series)[-window:] if window > 0 else []
    if len(points) < 2:
        return None
    origin = points[0].start
    xs = [float((point.start - origin).days) for point in points]
    ys = [point.value for point in points]
    mean_x = math.fsum(xs) / len(xs)
    mean_y = math.fsum(ys) / len(ys)
    spread = math.fsum((x - mean_x) ** 2 for x in xs)
    if spread == 0:
        return None
    covariance = math.fsum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    rate = covariance / spread * 7
    return rate if math.isfinite(rate) else None


def forecast_date(
    kpi: Kpi, series: Sequence[PeriodValue], today: date, window: int = 8
) -> date | None:
    """When the KPI reaches its target at its recent rate.

    ``today`` once the latest value has reached the target. Otherwise the
    recent slope (see ``achieved_rate_per_week``) is extended from the last
    period's start and value; the answer is never before ``today``. None when
    there is no value, the slope is flat or points away from the target, the
    date would fall after 9999-12-31, or the KPI is a ``stay_above/below`` one.
    """
    if kpi.kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW) or not series:
        return None
    last = series[-1]
    if reached(kpi.kind, last.value, kpi.target):
        return today
    rate = achieved_rate_per_week(series, window)
    need = kpi.target - last.value
    if rate is None or rate == 0 or (need > 0) != (rate > 0):
        return None
    days = need / rate * 7
    if not math.isfinite(days):
        return None
    ordinal = last.start.toordinal() + math.ceil(days)
    if ordinal > _LAST_DAY.toordinal():
        return None
    return max(date.fromordinal(ordinal), today)


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
