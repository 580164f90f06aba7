"""One reading of a KPI on a day: value, pace, status, days, forecast, progress.

:func:`read_kpi` is the only place these figures are worked out; every screen,
command and report shows what it returns. README's "How the numbers are worked
out" explains the rules with a worked example.

Plan solving, the rate helpers and the forecast live in ``forecast``; the
public ones are re-exported here, so ``from goaltui.domain.kpi import ...``
reaches all of them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from goaltui.domain.bounds import IN_BOUNDS_GOOD, IN_BOUNDS_RISK, read_bounded
from goaltui.domain.forecast import (
    MAX_DAYS,
    RECENT_PERIODS,
    Judged,
    achieved_rate_per_week,
    forecast_day,
    reached,
    required_rate_per_week,
    solve_plan,
)
from goaltui.domain.models import (
    Aggregation,
    Goal,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    Pause,
    PeriodValue,
    Revision,
)
from goaltui.domain.pace import STAY, Pace, build_pace
from goaltui.domain.periods import one_way, period_end, period_start

__all__ = [
    "IN_BOUNDS_GOOD",
    "IN_BOUNDS_RISK",
    "RECENT_PERIODS",
    "TOLERANCE",
    "History",
    "achieved_rate_per_week",
    "reached",
    "read_kpi",
    "required_rate_per_week",
    "solve_plan",
]

#: How far behind pace still counts as on track, as a share of |target - baseline|.
#: Up to three times this is "at risk"; beyond it "off track".
TOLERANCE = 0.05

_SLACK = 1e-9  # absorbs float noise at the exact edge of a band
_TOTALS = (Aggregation.SUM, Aggregation.COUNT)


@dataclass(frozen=True, slots=True)
class History:
    """What a reading needs of a KPI's values, however storage read them.

    ``periods``: the KPI's periods with values recorded from the goal's start
    on (earlier values are history, left out even within the period holding
    the start), in order. They must hold every period from
    :data:`RECENT_PERIODS` periods before the day of reading up to that day;
    earlier and later ones may be there too.

    ``earlier``: the latest period with values before ``periods``' first one,
    for a KPI whose last value is older than them (None when there is none, or
    when ``periods`` reaches back to the goal's start).

    ``tally``: for stay_above/below and between KPIs, the complete periods with values
    from the goal's start up to the period before the day of reading, and how
    many of them kept to the bound. None: counted from ``periods``, which then
    must reach back to the goal's start.
    """

    periods: tuple[PeriodValue, ...] = ()
    earlier: PeriodValue | None = None
    tally: tuple[int, int] | None = None

    @classmethod
    def whole(cls, periods: Iterable[PeriodValue]) -> History:
        """A history holding every period the KPI has."""
        return cls(tuple(periods))


def read_kpi(
    kpi: Kpi,
    goal: Goal,
    history: History,
    today: date,
    *,
    revisions: Sequence[Revision] = (),
    pauses: Sequence[Pause] = (),
    series: Sequence[PeriodValue] | None = None,
    tolerance: float = TOLERANCE,
    checkpoints: Sequence[tuple[date, float]] = (),
) -> KpiReading:
    """Everything shown about ``kpi`` of ``goal`` on ``today``.

    Values from before the goal's start are history: drawn, never judged. The
    pace comes from :func:`goaltui.domain.pace.build_pace` (revisions chain
    new lines, pauses stretch it, ``checkpoints`` bend it). ``series`` is what a chart or sparkline
    draws (``history.periods`` when not given); it never changes a figure.

    Which figure is judged, and on which day:

    - ``last``: the latest value, against today's pace (a level holds until the
      next one, so each day without news costs a day of lead).
    - ``sum``: a period's total. While the current period is unfinished its
      total so far is judged only when no later value can change the verdict
      (a rising KPI already at today's pace; a falling one already above it);
      otherwise the previous period's total is judged on its last day (0 when
      it has no values). In the goal's first period there is no previous one:
      the total so far is compared with the pace pro rata to the days passed.
    - ``count``: judged like ``sum`` (a count only grows within a period).
    - ``max`` of a rising KPI and ``min`` of a falling one: like ``sum``, as
      the figure only moves one way within a period; the current period's
      figure is judged early once it has reached today's pace. A previous
      period with no values has no figure: then they are judged like ``mean``.
    - ``mean``, and ``max``/``min`` the other way round: the latest complete
      period's figure, on its last day; the current period's only while
      there is no complete one.

    A complete period judged after a whole period with no values is compared
    with today's pace: it is old news.
    """
    pace = build_pace(kpi, goal, revisions, pauses, today, checkpoints)
    used = [p for p in history.periods if _counts(p, goal, today)]
    earlier = history.earlier
    if (
        earlier is not None
        and _counts(earlier, goal, today)
        and (not used or earlier.start < used[0].start)
    ):
        used.insert(0, earlier)
    last_day = max((p.day or p.start for p in used), default=None)
    base = {
        "kpi": kpi,
        "goal_title": goal.title,
        "series": tuple(history.periods if series is None else series),
        "pace": pace.line,
        "original_pace": pace.original_line,
        "last_day": last_day,
        "stale_days": None if last_day is None else max(0, (today - last_day).days),
        "pace_end": pace.end_day,
        "paused_days": pace.stops.total,
        "deadline": goal.deadline,
        "checkpoints": pace.checkpoints,
    }
    if kpi.kind in STAY:
        return read_bounded(kpi, goal, history.tally, used, today, pace, base)
    current_start = _unfinished_start(kpi, goal, today, pace)
    judged, partial = _judge(kpi, goal, used, today, pace)
    if judged is None:
        return KpiReading(
            **base,  # type: ignore[arg-type]
            current=None,
            expected=pace.value(today),
            status=KpiStatus.NO_DATA,
            progress=0.0,
            days_ahead=None,
            forecast=None,
            judged_on=None,
            partial=partial,
        )
    expected = judged.pro_rata if judged.pro_rata is not None else pace.value(judged.on)
    rising = kpi.kind == KpiKind.INCREASE
    return KpiReading(
        **base,  # type: ignore[arg-type]
        current=judged.value,
        expected=expected,
        status=_status(kpi, judged.value, expected, today, pace, tolerance),
        progress=_progress(kpi, judged.value),
        days_ahead=None if judged.pro_rata is not None else _days_ahead(pace, judged, rising),
        forecast=None
        if judged.pro_rata is not None
        else forecast_day(kpi, goal, used, judged, today, pace, current_start),
        judged_on=judged.on,
        partial=partial,
        pro_rata=judged.pro_rata is not None,
    )


# -- which figure is judged ------------------------------------------------------------------


def _unfinished_start(kpi: Kpi, goal: Goal, today: date, pace: Pace) -> date:
    """The first day of the period still open on ``today``.

    Once the pace line has ended no period waits for more values: the one
    holding today counts as complete (the day after today is returned).
    """
    if today > pace.end_day and today < date.max:
        return today + timedelta(days=1)
    return period_start(today, kpi.cadence, goal.start)


def _counts(period: PeriodValue, goal: Goal, today: date) -> bool:
    """A period is judged when it has a value from the goal's start on, and begins by today."""
    return period.start <= today and (period.day or period.start) >= goal.start


def _judge(
    kpi: Kpi, goal: Goal, used: list[PeriodValue], today: date, pace: Pace
) -> tuple[Judged | None, PeriodValue | None]:
    """The figure judged on ``today``, and the unfinished period held back, if any."""

    def end_of(start: date) -> date:  # the last day of the period beginning on ``start``
        return period_end(start, kpi.cadence, goal.start)

    current_start = _unfinished_start(kpi, goal, today, pace)
    previous_end = current_start - timedelta(days=1) if current_start > date.min else None
    latest = used[-1] if used else None
    unfinished = latest if latest is not None and latest.start == current_start else None
    complete = [p for p in used if p.start < current_start]

    if today > pace.end_day:  # over: the latest figure is final
        if latest is None:
            return None, None
        if kpi.aggregation == Aggregation.LAST:
            return Judged(latest.value, today, latest.day or latest.start), None
        return Judged(latest.value, today, min(end_of(latest.start), today)), None

    def on_its_day(period: PeriodValue) -> Judged:
        end = end_of(period.start)
        return Judged(period.value, end if end == previous_end else today, end)

    if kpi.aggregation == Aggregation.LAST:
        if latest is None:
            return None, None
        return Judged(latest.value, today, latest.day or latest.start), None
    running = one_way(kpi.aggregation, kpi.kind)
    if running:
        totals = kpi.aggregation in _TOTALS
        so_far = unfinished.value if unfinished is not None else 0.0
        expected = pace.value(today)
        if running < 0:
            done = so_far <= expected
        else:
            done = so_far >= expected if kpi.kind == KpiKind.INCREASE else so_far > expected
        if unfinished is not None and done:
            return Judged(so_far, today, today), None
        ends = bool(complete) and end_of(complete[-1].start) == previous_end
        if previous_end is not None and previous_end >= goal.start and (ends or totals):
            value = complete[-1].value if ends else 0.0
            return Judged(value, previous_end, previous_end), unfinished
        if totals:  # min/max of an empty period is unknown: judged like a mean below
            if unfinished is None:
                return None, None
            passed = (today - max(current_start, goal.start)).days + 1
            length = (end_of(current_start) - max(current_start, goal.start)).days + 1
            return Judged(so_far, today, today, pro_rata=expected * passed / max(length, 1)), None
    if complete:
        return on_its_day(complete[-1]), unfinished
    if unfinished is not None:
        return Judged(unfinished.value, today, today), None
    return None, None


# -- status, progress, days ahead, forecast ---------------------------------------------------


def _span(kpi: Kpi) -> float:
    return abs(kpi.target - kpi.baseline) or abs(kpi.target) or 1.0


def _status(
    kpi: Kpi, value: float, expected: float, today: date, pace: Pace, tolerance: float
) -> KpiStatus:
    """ACHIEVED at or past the target; MISSED after the pace line's end; else by the shortfall.

    The shortfall behind ``expected``, as a share of |target - baseline|, is on
    track up to ``tolerance``, at risk up to three times it, else off track.
    """
    if reached(kpi.kind, value, kpi.target):
        return KpiStatus.ACHIEVED
    if today > pace.end_day:
        return KpiStatus.MISSED
    shortfall = expected - value if kpi.kind == KpiKind.INCREASE else value - expected
    behind = shortfall / _span(kpi)
    if not math.isfinite(behind):
        behind = math.copysign(math.inf, shortfall) if shortfall else 0.0
    if behind <= tolerance + _SLACK:
        return KpiStatus.ON_TRACK
    if behind <= 3 * tolerance + _SLACK:
        return KpiStatus.AT_RISK
    return KpiStatus.OFF_TRACK


def _progress(kpi: Kpi, value: float) -> float:
    """The way from baseline to target covered by ``value``, 0.0-1.0.

    When baseline equals target: 1.0 once it is reached, else 0.0.
    """
    span = kpi.target - kpi.baseline
    if span == 0:
        return 1.0 if reached(kpi.kind, value, kpi.target) else 0.0
    share = (value - kpi.baseline) / span
    return min(max(share, 0.0), 1.0) if math.isfinite(share) else 0.0


def _days_ahead(pace: Pace, judged: Judged, rising: bool) -> int | None:
    """Days ahead (> 0) or behind (< 0) of the pace line, on the plan clock.

    The day the line is (or was) at the judged value, less the day it is
    judged on: Beeminder's safety buffer when ahead. Paused days never count.
    """
    here = pace.stops.plan(judged.on)
    found = pace.road.reaches(judged.value, here, rising)
    if found is None or not math.isfinite(found):
        return None
    return max(-MAX_DAYS, min(MAX_DAYS, math.floor(found - here + 0.5)))
