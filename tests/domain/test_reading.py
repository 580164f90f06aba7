"""What a person sees of a KPI on a day: a table of readings worked out by hand.

Every expected figure below was worked out with pencil and paper from the rules in
README's "How the numbers are worked out" (the arithmetic sits next to each case), never
by running :func:`read_kpi`. Day numbers ``dN`` count calendar days from the goal's
start (``d0`` is the start); while a goal is paused the *plan clock* ``pN`` stands
still. Conventions taken from the README and the docstrings:

- days ahead/behind: (plan day the line is at the judged value) - (plan day judged on),
  rounded to the nearest whole day (halves up);
- forecast: the first whole calendar day on or after the moment the target is reached,
  never before today;
- status: shortfall / |target - baseline| <= 5 % on track, <= 15 % at risk, else off.

Periods are formed the way storage forms them: ``History.whole(aggregate(...))`` of the
values from the goal's start on, all values drawn.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime

import pytest

from goaltui.domain.kpi import History, read_kpi
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    Goal,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    Pause,
    PeriodValue,
    Revision,
)
from goaltui.domain.periods import aggregate

INC, DEC = KpiKind.INCREASE, KpiKind.DECREASE
ABOVE, BELOW = KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW
DAILY, WEEKLY, MONTHLY = Cadence.DAILY, Cadence.WEEKLY, Cadence.MONTHLY
LAST, SUM, MEAN = Aggregation.LAST, Aggregation.SUM, Aggregation.MEAN
ON, RISK, OFF = KpiStatus.ON_TRACK, KpiStatus.AT_RISK, KpiStatus.OFF_TRACK
ACHIEVED, MISSED = KpiStatus.ACHIEVED, KpiStatus.MISSED


def d(text: str) -> date:
    return date.fromisoformat(text)


def goal(start: str, deadline: str | None) -> Goal:
    return Goal(
        id=1,
        title="G",
        start=d(start),
        deadline=None if deadline is None else d(deadline),
    )


def kpi(
    kind: KpiKind,
    cadence: Cadence,
    how: Aggregation,
    baseline: float,
    target: float,
) -> Kpi:
    return Kpi(
        id=7,
        goal_id=1,
        name="K",
        unit="u",
        baseline=baseline,
        target=target,
        kind=kind,
        cadence=cadence,
        aggregation=how,
    )


def values(*pairs: tuple[str, float]) -> tuple[tuple[date, float], ...]:
    return tuple((d(day), float(value)) for day, value in pairs)


def revision(rid: int, entity: str, field_: str, old: str, new: str, on: str) -> Revision:
    return Revision(
        id=rid,
        entity=entity,
        entity_id=7 if entity == "kpi" else 1,
        goal_id=1,
        field=field_,
        old=old,
        new=new,
        reason="because",
        at=datetime.combine(d(on), datetime.min.time()).replace(hour=9),
    )


@dataclass(frozen=True)
class Case:
    kpi: Kpi
    goal: Goal
    values: tuple[tuple[date, float], ...]
    today: date
    expect: dict[str, object]
    revisions: tuple[Revision, ...] = ()
    pauses: tuple[Pause, ...] = ()
    extra: dict[str, object] = field(default_factory=dict)


def read(case: Case) -> KpiReading:
    """As storage reads it: the judged periods hold values from the goal's start only."""
    how = (case.kpi.cadence, case.kpi.aggregation, case.goal.start)
    judged = aggregate([(d, v) for d, v in case.values if d >= case.goal.start], *how)
    return read_kpi(
        case.kpi,
        case.goal,
        History.whole(judged),
        case.today,
        revisions=case.revisions,
        pauses=case.pauses,
        series=aggregate(case.values, *how),
    )


def points(*pairs: tuple[str, float]) -> tuple[tuple[date, float], ...]:
    return tuple((d(day), float(value)) for day, value in pairs)


def check(reading: KpiReading, expect: dict[str, object]) -> None:
    """Assert every figure named in ``expect`` (floats to 1e-9 relative)."""
    for name, wanted in expect.items():
        if name in ("pace_points", "original_points"):
            line = reading.pace if name == "pace_points" else reading.original_pace
            assert line is not None, name
            got = line.points
            assert [day for day, _ in got] == [day for day, _ in wanted], name  # type: ignore[union-attr]
            assert [v for _, v in got] == pytest.approx([v for _, v in wanted]), name  # type: ignore[union-attr]
        elif name == "has_forecast":
            assert (reading.forecast is not None) == wanted, name
        elif name == "series_starts":
            assert [p.start for p in reading.series] == wanted, name
        elif isinstance(wanted, float):
            assert getattr(reading, name) == pytest.approx(wanted, rel=1e-9, abs=1e-12), name
        else:
            assert getattr(reading, name) == wanted, name


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------

# A weekly total from 70 to 126 between Monday 2026-01-05 and Monday 2026-03-02 (56 days):
# the pace rises 56 / 56 = 1 a day, so on dN it is 70 + N.
#   d6 = Sun 01-11, d13 = Sun 01-18, d14 = Mon 01-19, d15 = Tue 01-20, d16 = Wed 01-21.
VISITS = kpi(INC, WEEKLY, SUM, 70, 126)
VISITS_GOAL = goal("2026-01-05", "2026-03-02")

# A 100-day goal: 2026-01-01 to 2026-04-11, 0 -> 100, pace = N on dN.
#   d10 = 01-11, d20 = 01-21, d40 = 02-10, d57 = 02-27, d59 = 03-01, d60 = 03-02,
#   d63 = 03-05, d70 = 03-12, d76 = 03-18, d99 = 04-10, d100 = 04-11, d120 = 05-01.
HUNDRED = goal("2026-01-01", "2026-04-11")

# A 364-day goal: 2026-01-01 to 2026-12-31, 0 -> 364, pace = N on dN.
#   d59 = 03-01, d104 = 04-15, d120 = 05-01, d181 = 07-01, d191 = 07-11, d211 = 07-31,
#   d212 = 08-01, d364 = 12-31, d365 = 2027-01-01.
YEAR = goal("2026-01-01", "2026-12-31")
PAUSE_1 = Pause(1, d("2026-03-01"), d("2026-05-01"))  # Mar 1..Apr 30: 31 + 30 = 61 days
PAUSE_2 = Pause(1, d("2026-07-01"), d("2026-07-11"))  # Jul 1..Jul 10: 10 days

# Weight from 100 down to 80 between Monday 2026-01-05 and Monday 2026-05-25 (140 days):
# the pace falls 20 / 140 = 1/7 a day, so on dN it is 100 - N/7.
WEIGHT = kpi(DEC, WEEKLY, MEAN, 100, 80)
WEIGHT_GOAL = goal("2026-01-05", "2026-05-25")

CASES = [
    # --- the README's worked example -------------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 1.0, 2.0),
            goal("2026-01-01", "2026-07-01"),
            values(("2026-04-01", 1.3)),
            d("2026-04-01"),
            {
                # 181 days; 04-01 is d90. Pace on d90: 1.0 + 90/181 = 1.497238.
                "expected": 1.0 + 90 / 181,
                "current": 1.3,
                # Shortfall 0.197238 of a 1.0 span: 19.7 % > 15 %.
                "status": OFF,
                # Line at 1.3 on d(0.3 * 181) = d54.3; 54.3 - 90 = -35.7 -> -36.
                "days_ahead": -36,
                # One value: baseline on 01-01 is the first point; rate 0.3 / 90 a day;
                # 0.7 more takes 0.7 * 90 / 0.3 = 210 days: 04-01 + 210 = 10-28.
                "forecast": d("2026-10-28"),
                "progress": 0.3,
                "stale_days": 0,
                "judged_on": d("2026-04-01"),
                "pace_end": d("2026-07-01"),
                "pace_points": points(("2026-01-01", 1.0), ("2026-07-01", 2.0)),
                "original_pace": None,
            },
        ),
        id="worked-example-one-value",
    ),
    # --- increase / daily / last: several values, ahead ------------------------------------
    pytest.param(
        Case(
            kpi(INC, DAILY, LAST, 0, 100),
            HUNDRED,
            values(("2026-01-09", 11), ("2026-01-10", 13), ("2026-01-11", 15)),
            d("2026-01-11"),
            {
                "expected": 10.0,  # d10
                "current": 15.0,
                "status": ON,  # above the line
                "days_ahead": 5,  # the line gets to 15 on d15: 15 - 10
                # Points (d8, 11), (d9, 13), (d10, 15): slope 2 a day; 85 more takes 42.5
                # days: d52.5 -> first whole day d53 = 02-23.
                "forecast": d("2026-02-23"),
                "progress": 0.15,
                "stale_days": 0,
            },
        ),
        id="increase-daily-last-ahead",
    ),
    # --- increase / daily / last: no deadline, the line runs a year ------------------------
    pytest.param(
        Case(
            kpi(INC, DAILY, LAST, 0, 365),
            goal("2026-01-01", None),
            values(("2026-04-11", 110)),
            d("2026-04-11"),
            {
                # No deadline: the line ends 365 days after the start, 2027-01-01; pace = N.
                "pace_end": d("2027-01-01"),
                "expected": 100.0,  # 04-11 is d100
                "current": 110.0,
                "status": ON,
                "days_ahead": 10,  # line at 110 on d110
                # One value: (d0, 0) -> (d100, 110): 1.1 a day; 255 more: 231.82 days ->
                # d331.82 -> d332 = 11-29 (11-01 is d304).
                "forecast": d("2026-11-29"),
                "progress": 110 / 365,
                "deadline": None,
            },
        ),
        id="increase-no-deadline",
    ),
    # --- values recorded at period ends (monthly last) -------------------------------------
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 365),
            goal("2026-01-01", "2027-01-01"),
            values(("2026-01-31", 30), ("2026-02-28", 58), ("2026-03-31", 89)),
            d("2026-04-15"),
            {
                # 365 days, pace = N. 01-31 = d30, 02-28 = d58, 03-31 = d89, 04-15 = d104.
                # `last`: the latest value (89) against today's pace (104).
                "expected": 104.0,
                "current": 89.0,
                "status": ON,  # 15 / 365 = 4.1 %
                "days_ahead": -15,  # line at 89 on d89: 89 - 104
                # Points on the days recorded: (30, 30), (58, 58), (89, 89): slope exactly 1;
                # 276 more: d89 + 276 = d365 = 2027-01-01. (On the months' first days,
                # d0/d31/d59, the slope would be 0.998 and the forecast 2026-12-03.)
                "forecast": d("2027-01-01"),
                "progress": 89 / 365,
                "stale_days": 15,
                "last_day": d("2026-03-31"),
            },
        ),
        id="values-at-period-ends",
    ),
    # --- decrease / daily / last: a value 92 days old --------------------------------------
    pytest.param(
        Case(
            kpi(DEC, DAILY, LAST, 365, 0),
            goal("2026-01-01", "2027-01-01"),
            values(("2026-01-11", 300)),
            d("2026-04-13"),
            {
                # Pace 365 - N. 01-11 = d10, 04-13 = d102 (01-11 + 92 days).
                "stale_days": 92,
                "last_day": d("2026-01-11"),
                "expected": 263.0,  # 365 - 102
                "current": 300.0,
                "status": RISK,  # (300 - 263) / 365 = 10.1 %
                "days_ahead": -37,  # line at 300 on d65: 65 - 102
                # One value: (d0, 365) -> (d10, 300): -6.5 a day; 300 to go: 46.15 days ->
                # d56.15 -> d57 = 02-27, before today: the forecast is today.
                "forecast": d("2026-04-13"),
                "progress": 65 / 365,
            },
        ),
        id="decrease-daily-last-stale-92-days",
    ),
    # --- weekly sum: judged on last week's total --------------------------------------------
    pytest.param(
        Case(
            VISITS,
            VISITS_GOAL,
            values(
                ("2026-01-05", 36),
                ("2026-01-09", 40),  # week 1 total 76 = pace on its Sunday (d6)
                ("2026-01-12", 40),
                ("2026-01-16", 43),  # week 2 total 83 = pace on its Sunday (d13)
                ("2026-01-19", 10),  # Monday of week 3
            ),
            d("2026-01-19"),
            {
                # Week 3 is unfinished and 10 < today's 84: judged is week 2's 83 on 01-18.
                "judged_on": d("2026-01-18"),
                "expected": 83.0,
                "current": 83.0,
                "status": ON,
                "days_ahead": 0,
                # Points (d6, 76), (d13, 83): 1 a day; 43 more: d56 = 03-02.
                "forecast": d("2026-03-02"),
                "progress": 13 / 56,
                "partial": PeriodValue(d("2026-01-19"), 10.0, 1, d("2026-01-19")),
            },
        ),
        id="weekly-sum-monday-judged-on-last-week",
    ),
    pytest.param(
        Case(
            VISITS,
            VISITS_GOAL,
            values(("2026-01-05", 36), ("2026-01-09", 40)),  # week 2 has no values
            d("2026-01-21"),
            {
                # Week 3 unfinished, nothing in it; week 2 (ends 01-18, d13) had no
                # values: 0 against the pace 83 on its last day.
                "judged_on": d("2026-01-18"),
                "expected": 83.0,
                "current": 0.0,
                "status": OFF,  # 83 / 56 = 148 %
                # The line never was at 0; carried back it is there on d(-70): -70 - 13.
                "days_ahead": -83,
                # Points (d6, 76), (d13, 0) fall; since the start (d0, 70) -> (d13, 0)
                # falls too: not at this rate.
                "forecast": None,
                "progress": 0.0,
            },
        ),
        id="weekly-sum-empty-last-week-is-zero",
    ),
    pytest.param(
        Case(
            VISITS,
            VISITS_GOAL,
            values(
                ("2026-01-05", 36),
                ("2026-01-09", 40),
                ("2026-01-12", 40),
                ("2026-01-16", 43),
                ("2026-01-19", 40),
                ("2026-01-20", 45),
            ),
            d("2026-01-20"),
            {
                # Week 3 so far 85 = today's pace (d15: 85): a rising total at today's
                # pace is judged now.
                "judged_on": d("2026-01-20"),
                "expected": 85.0,
                "current": 85.0,
                "status": ON,
                "days_ahead": 0,
                # Points (d6, 76), (d13, 83), (d15, 85) all on y = x + 70: slope 1;
                # 41 more: d56 = 03-02.
                "forecast": d("2026-03-02"),
                "progress": 15 / 56,
                "partial": None,
            },
        ),
        id="weekly-sum-rising-at-todays-pace-judged-now",
    ),
    pytest.param(
        Case(
            VISITS,
            VISITS_GOAL,
            values(("2026-01-05", 10), ("2026-01-06", 12), ("2026-01-07", 10)),
            d("2026-01-07"),
            {
                # First week, no previous one: 32 so far against today's pace (d2: 72)
                # pro rata 3 of 7 days: 72 * 3 / 7 = 30.857. Not behind.
                "judged_on": d("2026-01-07"),
                "expected": 72 * 3 / 7,
                "current": 32.0,
                "status": ON,
                "days_ahead": None,  # a pro-rata figure has no day on the line
                # The first period, pro rata: no forecast yet.
                "forecast": None,
                # (32 - 70) / 56 < 0: 0 % of the way.
                "progress": 0.0,
            },
        ),
        id="weekly-sum-first-week-pro-rata",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, SUM, 0, 56),
            VISITS_GOAL,
            values(("2026-01-05", 1)),
            d("2026-01-07"),
            {
                # 0 -> 56 over 56 days: pace = N. Today d2: 2, pro rata 2 * 3 / 7 = 0.857.
                "expected": 2 * 3 / 7,
                "current": 1.0,
                "status": ON,
                "days_ahead": None,
                # A total two days into its first week says nothing of a rate yet:
                # no forecast (README: the first period is judged pro rata only).
                "forecast": None,
                "progress": 1 / 56,
            },
        ),
        id="weekly-sum-first-week-pro-rata-from-zero",
    ),
    pytest.param(
        Case(
            kpi(DEC, WEEKLY, SUM, 126, 70),
            VISITS_GOAL,
            values(
                ("2026-01-12", 60),
                ("2026-01-14", 69),  # week 2: 129
                ("2026-01-19", 40),
                ("2026-01-20", 40),
                ("2026-01-21", 40),  # week 3 so far: 120
            ),
            d("2026-01-21"),
            {
                # Pace 126 - N; today d16: 110. 120 > 110 already: more values only add,
                # so week 3 is judged now.
                "judged_on": d("2026-01-21"),
                "expected": 110.0,
                "current": 120.0,
                "status": OFF,  # 10 / 56 = 17.9 %
                "days_ahead": -10,  # line at 120 on d6: 6 - 16
                # Points (d13, 129), (d16, 120): -3 a day; 50 to go: 16.67 days -> d32.67
                # -> d33 = 02-07.
                "forecast": d("2026-02-07"),
                "progress": 6 / 56,  # (120 - 126) / (70 - 126)
                "partial": None,
            },
        ),
        id="decrease-weekly-sum-over-pace-midweek",
    ),
    # --- decrease / weekly / mean -----------------------------------------------------------
    pytest.param(
        Case(
            WEIGHT,
            WEIGHT_GOAL,
            values(
                ("2026-01-06", 100),
                ("2026-01-08", 99),  # week 1 mean 99.5, its Sunday 01-11 = d6
                ("2026-01-13", 98),
                ("2026-01-15", 98.5),  # week 2 mean 98.25, its Sunday 01-18 = d13
                ("2026-01-19", 97),  # week 3, unfinished
            ),
            d("2026-01-21"),
            {
                # The latest complete week (2) on its last day: pace 100 - 13/7 = 98.1429.
                "judged_on": d("2026-01-18"),
                "expected": 100 - 13 / 7,
                "current": 98.25,
                "status": ON,  # 0.107 / 20 = 0.5 %
                # Line at 98.25 when N/7 = 1.75: d12.25; 12.25 - 13 = -0.75 -> -1.
                "days_ahead": -1,
                # (d6, 99.5), (d13, 98.25): -1.25/7 a day; 18.25 to go: 102.2 days ->
                # d115.2 -> d116 = 05-01.
                "forecast": d("2026-05-01"),
                "progress": 1.75 / 20,
                "partial": PeriodValue(d("2026-01-19"), 97.0, 1, d("2026-01-19")),
                "stale_days": 2,
            },
        ),
        id="decrease-weekly-mean-last-complete-week",
    ),
    pytest.param(
        Case(
            WEIGHT,
            WEIGHT_GOAL,
            values(
                ("2026-01-06", 100), ("2026-01-08", 99), ("2026-01-13", 98), ("2026-01-15", 98.5)
            ),
            d("2026-01-28"),
            {
                # Week 3 (01-19..25) had no values: week 2's mean is old news, compared
                # with today's pace (d23): 100 - 23/7 = 96.714.
                "judged_on": d("2026-01-28"),
                "expected": 100 - 23 / 7,
                "current": 98.25,
                "status": RISK,  # 1.536 / 20 = 7.7 %
                "days_ahead": -11,  # 12.25 - 23 = -10.75 -> -11
                "forecast": d("2026-05-01"),  # same two points as above
                "progress": 1.75 / 20,
                "stale_days": 13,
            },
        ),
        id="decrease-weekly-mean-old-news",
    ),
    pytest.param(
        Case(
            WEIGHT,
            WEIGHT_GOAL,
            values(("2026-01-05", 99), ("2026-01-06", 98.2)),
            d("2026-01-07"),
            {
                # No complete week yet: the current mean 98.6, today (d2): 100 - 2/7.
                "judged_on": d("2026-01-07"),
                "expected": 100 - 2 / 7,
                "current": 98.6,
                "status": ON,
                # Line at 98.6 when N = 1.4 * 7 = 9.8: 9.8 - 2 = 7.8 -> 8.
                "days_ahead": 8,
                # (d0, 100) -> (d2, 98.6): -0.7 a day; 18.6 to go: 26.57 days -> d28.57
                # -> d29 = 02-03.
                "forecast": d("2026-02-03"),
                "progress": 1.4 / 20,
            },
        ),
        id="decrease-weekly-mean-first-week",
    ),
    # --- pauses -----------------------------------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 364),
            YEAR,
            values(("2026-03-01", 64)),
            d("2026-03-01"),
            {
                # Before the pause: 64 on d59, line at 64 on d64: 5 days ahead.
                "expected": 59.0,
                "days_ahead": 5,
                "status": ON,
                "paused_days": 0,
                "pace_end": d("2026-12-31"),
                # (d0, 0) -> (d59, 64); 300 more at 64/59 a day: 276.56 days -> d335.56
                # -> d336 = 2026-12-03.
                "forecast": d("2026-12-03"),
            },
        ),
        id="pause-before-it-5-days-ahead",
    ),
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 364),
            YEAR,
            values(("2026-03-01", 64)),
            d("2026-05-01"),
            pauses=(PAUSE_1,),
            expect={
                # Resumed on 05-01 (d120) after 61 paused days: plan clock p = 120 - 61 = 59.
                "expected": 59.0,
                "current": 64.0,
                "days_ahead": 5,  # still 5 days ahead
                "status": ON,
                "paused_days": 61,
                "pace_end": d("2027-03-02"),  # 12-31 + 61 days
                "deadline": d("2026-12-31"),
                "stale_days": 61,
                # Flat over the pause at 59, then on to 364 on the moved end.
                "pace_points": points(
                    ("2026-01-01", 0),
                    ("2026-03-01", 59),
                    ("2026-05-01", 59),
                    ("2027-03-02", 364),
                ),
                # Same rate as before, on the plan clock: p335.56; on the calendar 61 days
                # later: d396.56 -> d397 = 2027-02-02.
                "forecast": d("2027-02-02"),
                "progress": 64 / 364,
            },
        ),
        id="pause-resumed-still-5-days-ahead",
    ),
    pytest.param(
        Case(
            kpi(INC, DAILY, LAST, 0, 364),
            YEAR,
            values(("2026-03-01", 64), ("2026-07-31", 150)),
            d("2026-08-01"),
            pauses=(PAUSE_2, PAUSE_1),  # given out of order
            expect={
                # 08-01 = d212, paused 61 + 10 = 71 days before it: p141. 07-31: p140.
                "expected": 141.0,
                "current": 150.0,
                "days_ahead": 9,  # line at 150 on p150
                "status": ON,
                "paused_days": 71,
                "pace_end": d("2027-03-12"),  # 12-31 + 71 days
                # Second flat stretch at p(07-01) = 181 - 61 = 120.
                "pace_points": points(
                    ("2026-01-01", 0),
                    ("2026-03-01", 59),
                    ("2026-05-01", 59),
                    ("2026-07-01", 120),
                    ("2026-07-11", 120),
                    ("2027-03-12", 364),
                ),
                # Only 07-31 is within 8 daily periods: (p0, 0) -> (p140, 150): 150/140 a
                # day; 214 more: 199.73 days -> p339.73; on the calendar past both pauses
                # (+71): d410.73 -> d411 = 2027-02-16.
                "forecast": d("2027-02-16"),
                "progress": 150 / 364,
            },
        ),
        id="two-pauses",
    ),
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 364),
            YEAR,
            values(("2026-03-01", 64)),
            d("2026-04-15"),
            pauses=(Pause(1, d("2026-03-01"), None),),
            expect={
                # Paused since 03-01, still on 04-15 (d104): 45 paused days, p59.
                "expected": 59.0,
                "days_ahead": 5,
                "status": ON,
                "paused_days": 45,
                "pace_end": d("2027-02-14"),  # 12-31 + 45
                "pace_points": points(
                    ("2026-01-01", 0),
                    ("2026-03-01", 59),
                    ("2026-04-15", 59),
                    ("2027-02-14", 364),
                ),
                # p335.56 + 45 = d380.56 -> d381 = 2027-01-17.
                "forecast": d("2027-01-17"),
            },
        ),
        id="pause-running-frozen",
    ),
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 364),
            YEAR,
            values(("2026-03-01", 64)),
            d("2026-04-30"),
            pauses=(Pause(1, d("2026-03-01"), None),),
            expect={
                # Still paused on 04-30 (d119): 60 paused days, p59: the pace has not moved.
                "expected": 59.0,
                "days_ahead": 5,
                "paused_days": 60,
                "pace_end": d("2027-03-01"),  # 12-31 + 60
            },
        ),
        id="pause-running-frozen-later",
    ),
    # --- revisions: target, then deadline, then baseline ------------------------------------
    pytest.param(
        Case(
            kpi(INC, WEEKLY, LAST, 10, 150),  # as it stands now
            goal("2026-01-01", "2026-05-21"),  # as it stands now
            values(("2026-03-05", 80), ("2026-03-12", 85)),
            d("2026-03-12"),
            revisions=(
                revision(1, "kpi", "target", "100", "150", "2026-01-21"),
                revision(2, "goal", "deadline", "2026-04-11", "2026-05-21", "2026-02-10"),
                revision(3, "kpi", "baseline", "0", "10", "2026-03-02"),
            ),
            expect={
                # First plan: 0 -> 100, d0..d100, 1 a day.
                # d20 (01-21) target 150: from (d20, 20) to (d100, 150): 130/80 = 1.625.
                # d40 (02-10) deadline 05-21 = d140: from (d40, 20 + 20 * 1.625 = 52.5)
                #   to (d140, 150): 97.5/100 = 0.975 a day.
                # d60 (03-02) baseline 10: from (d60, 52.5 + 20 * 0.975 = 72) to
                #   (d140, 150): 78/80 = 0.975 a day, the same line.
                "pace_points": points(
                    ("2026-01-01", 0),
                    ("2026-01-21", 20),
                    ("2026-02-10", 52.5),
                    ("2026-03-02", 72),
                    ("2026-05-21", 150),
                ),
                "original_points": points(("2026-01-01", 0), ("2026-04-11", 100)),
                # Today d70: 72 + 10 * 0.975 = 81.75.
                "expected": 81.75,
                "current": 85.0,
                "status": ON,
                # Line at 85 on d60 + 13/0.975 = d73.33: 3.33 -> 3.
                "days_ahead": 3,
                # (d63, 80), (d70, 85): 5/7 a day; 65 more: 91 days: d161 = 06-11.
                "forecast": d("2026-06-11"),
                # The new baseline counts: (85 - 10) / (150 - 10) = 0.5357, not 85/150.
                "progress": 75 / 140,
                "pace_end": d("2026-05-21"),
            },
        ),
        id="revisions-target-deadline-baseline",
    ),
    # --- values before the start -------------------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 50, 150),
            goal("2026-03-01", "2026-06-09"),  # 100 days, pace 50 + N
            values(("2026-01-15", 200), ("2026-02-15", 180), ("2026-03-11", 62)),
            d("2026-03-11"),
            {
                # 200 and 180 are history: were they judged the KPI would be achieved.
                "expected": 60.0,  # 03-11 is d10
                "current": 62.0,
                "status": ON,
                "days_ahead": 2,  # line at 62 on d12
                # Only March counts: (d0, 50) -> (d10, 62): 1.2 a day; 88 more: 73.33
                # days -> d83.33 -> d84 = 05-24.
                "forecast": d("2026-05-24"),
                "progress": 0.12,
                "series_starts": [d("2026-01-01"), d("2026-02-01"), d("2026-03-01")],
                "last_day": d("2026-03-11"),
                "stale_days": 0,
            },
        ),
        id="values-before-start-drawn-not-judged",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, SUM, 0, 56),
            goal("2026-01-07", "2026-03-04"),  # Wednesday to Wednesday, 56 days, pace N
            values(("2026-01-05", 50), ("2026-01-08", 1)),  # Monday before the start
            d("2026-01-09"),
            {
                # The goal's first week (Mon 01-05..Sun 01-11), 5 of its days in the goal.
                # Only Thursday's 1 is from the start on: so far 1, against today's pace
                # (d2: 2) pro rata 3 of 5 days: 1.2. Shortfall 0.2 / 56 = 0.4 %.
                "current": 1.0,
                "expected": 1.2,
                "status": ON,
                "progress": 1 / 56,
            },
        ),
        id="values-before-start-in-the-goals-first-week",
    ),
    # --- stay KPIs ---------------------------------------------------------------------------
    pytest.param(
        Case(
            kpi(BELOW, MONTHLY, MEAN, 5, 4),
            YEAR,
            values(("2026-01-10", 3.0), ("2026-01-20", 3.5)),
            d("2026-02-10"),
            {
                # January's mean 3.25 <= 4: 1 of 1 complete month in bounds.
                "in_bounds": (1, 1),
                "in_bounds_now": True,
                "status": ON,  # 100 % and the latest in bounds
                "current": 3.25,
                "expected": 4.0,
                # One good month of the goal's 12 (Jan..Dec): 1/12, not 100 %.
                "progress": 1 / 12,
                "days_ahead": None,
                "forecast": None,
                "stale_days": 21,
                "pace_points": points(("2026-01-01", 4), ("2026-12-31", 4)),
            },
        ),
        id="stay-below-monthly-mean-one-good-month",
    ),
    pytest.param(
        Case(
            kpi(ABOVE, WEEKLY, SUM, 0, 3),
            goal("2026-01-05", "2026-03-29"),  # 12 weeks
            values(
                *[(f"2026-01-{day:02d}", 1) for day in (5, 7, 9)],  # week 1: 3, in
                *[(f"2026-01-{day:02d}", 1) for day in (12, 13, 14, 15)],  # week 2: 4, in
                *[(f"2026-01-{day:02d}", 1) for day in (19, 21, 23)],  # week 3: 3, in
                *[(f"2026-01-{day:02d}", 1) for day in (27, 29)],  # week 4: 2, out
            ),
            d("2026-02-02"),
            {
                "in_bounds": (4, 3),  # "3 of 4"
                "in_bounds_now": False,  # the latest, week 4, is out
                "status": RISK,  # 75 %: from 75 % at risk
                "current": 2.0,
                "expected": 3.0,
                "progress": 3 / 12,
                "days_ahead": None,
                "forecast": None,
                "stale_days": 4,  # 01-29 -> 02-02
            },
        ),
        id="stay-above-weekly-sum-3-of-4-out-now",
    ),
    pytest.param(
        Case(
            kpi(ABOVE, WEEKLY, SUM, 0, 3),
            goal("2026-01-05", "2026-03-29"),
            values(
                *[(f"2026-01-{day:02d}", 1) for day in (5, 7, 9, 12, 13, 14, 15, 19, 21, 23)],
                *[(f"2026-01-{day:02d}", 1) for day in (27, 29)],
                ("2026-02-02", 1),  # week 5 so far: 1, could still reach 3
            ),
            d("2026-02-02"),
            {
                "in_bounds": (4, 3),
                "in_bounds_now": False,
                "status": RISK,
                "current": 2.0,
                "progress": 3 / 12,
                "partial": PeriodValue(d("2026-02-02"), 1.0, 1, d("2026-02-02")),
            },
        ),
        id="stay-above-weekly-sum-unfinished-week-not-counted",
    ),
    pytest.param(
        Case(
            kpi(ABOVE, WEEKLY, SUM, 0, 3),
            goal("2026-01-05", "2026-03-29"),
            values(
                *[(f"2026-01-{day:02d}", 1) for day in (5, 7, 9, 12, 13, 14, 15, 19, 21, 23)],
                *[(f"2026-01-{day:02d}", 1) for day in (27, 29)],
                ("2026-02-02", 2),
                ("2026-02-03", 1),  # week 5 so far: 3, already kept: final
            ),
            d("2026-02-03"),
            {
                "in_bounds": (5, 4),
                "in_bounds_now": True,
                "status": RISK,  # 80 %
                "current": 3.0,
                "progress": 4 / 12,
                "partial": None,
            },
        ),
        id="stay-above-weekly-sum-week-already-kept-counts",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, LAST, 70, 60),
            goal("2026-01-01", "2026-02-09"),  # 40 days
            values(
                *[
                    (f"2026-01-{i:02d}", v)
                    for i, v in enumerate([58, 59, 62, 57, 58, 59, 60, 55, 56, 58], start=1)
                ]
            ),
            d("2026-01-10"),
            {
                # 01-01..01-09 complete (8 in: 62 is out, 60 <= 60 is in) plus today's
                # `last` value, final: 10 periods, 9 in.
                "in_bounds": (10, 9),
                "in_bounds_now": True,
                "status": ON,  # 90 % and in now
                "current": 58.0,
                "expected": 60.0,
                "progress": 9 / 40,
            },
        ),
        id="stay-below-daily-last-90-percent-on-track",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, LAST, 70, 60),
            goal("2026-01-01", "2026-02-09"),
            values(
                *[
                    (f"2026-01-{i:02d}", v)
                    for i, v in enumerate([58, 59, 59, 57, 58, 59, 60, 55, 56, 61], start=1)
                ]
            ),
            d("2026-01-10"),
            {
                "in_bounds": (10, 9),
                "in_bounds_now": False,  # 61 today
                "status": RISK,  # 90 % but out now: from 75 % at risk
                "current": 61.0,
                "progress": 9 / 40,
            },
        ),
        id="stay-below-daily-last-90-percent-out-now",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, LAST, 70, 60),
            goal("2026-01-01", "2026-02-09"),
            values(
                *[
                    (f"2026-01-{i:02d}", v)
                    for i, v in enumerate([58, 61, 62, 63, 58, 59, 60, 55, 56, 58], start=1)
                ]
            ),
            d("2026-01-10"),
            {
                "in_bounds": (10, 7),
                "in_bounds_now": True,
                "status": OFF,  # 70 % < 75 %
                "progress": 7 / 40,
            },
        ),
        id="stay-below-daily-last-70-percent-off-track",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, SUM, 2500, 2000),
            goal("2026-01-01", "2026-01-10"),  # 10 days
            values(
                ("2026-01-01", 1800),
                ("2026-01-02", 2100),  # out
                ("2026-01-03", 1900),
                ("2026-01-04", 1950),
                ("2026-01-05", 1200),
                ("2026-01-05", 1000),  # today so far 2200: past the bound, final
            ),
            d("2026-01-05"),
            {
                "in_bounds": (5, 3),
                "in_bounds_now": False,
                "status": OFF,  # 60 %
                "current": 2200.0,
                "progress": 3 / 10,
            },
        ),
        id="stay-below-daily-sum-past-bound-today",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, SUM, 2500, 2000),
            goal("2026-01-01", "2026-01-10"),
            values(
                ("2026-01-01", 1800),
                ("2026-01-02", 2100),
                ("2026-01-03", 1900),
                ("2026-01-04", 1950),
                ("2026-01-05", 1500),  # today so far: could still go over
            ),
            d("2026-01-05"),
            {
                "in_bounds": (4, 3),
                "in_bounds_now": True,  # the latest complete day, 01-04
                "status": RISK,  # 75 %
                "current": 1950.0,
                "progress": 3 / 10,
                "partial": PeriodValue(d("2026-01-05"), 1500.0, 1, d("2026-01-05")),
            },
        ),
        id="stay-below-daily-sum-today-not-final",
    ),
    # --- leap day and ISO week 53 -----------------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, DAILY, LAST, 0, 30),
            goal("2028-02-01", "2028-03-02"),  # 29 + 1 = 30 days in a leap year
            values(("2028-02-27", 27), ("2028-02-28", 28), ("2028-02-29", 29)),
            d("2028-02-29"),
            {
                "expected": 28.0,  # 02-29 is d28
                "current": 29.0,
                "days_ahead": 1,
                "status": ON,
                # (d26, 27), (d27, 28), (d28, 29): 1 a day; 1 more: d29 = 03-01 (it would
                # be 03-02 without the 29th).
                "forecast": d("2028-03-01"),
                "progress": 29 / 30,
            },
        ),
        id="leap-day-daily",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, SUM, 0, 56),
            goal("2026-12-14", "2027-02-08"),  # Mondays, 56 days, pace N
            values(
                ("2026-12-15", 6),  # week of 12-14: 6
                ("2026-12-22", 6),
                ("2026-12-24", 7),  # week of 12-21: 13
                ("2026-12-30", 10),
                ("2027-01-02", 11),  # ISO week 53 (12-28..01-03): 21
                ("2027-01-04", 5),  # week 1 of 2027, unfinished
            ),
            d("2027-01-04"),
            {
                # Week 53 is one week across the year end: 21, judged on 01-03 (d20).
                "judged_on": d("2027-01-03"),
                "expected": 20.0,
                "current": 21.0,
                "status": ON,
                "days_ahead": 1,
                # (d6, 6), (d13, 13), (d20, 21): slope 105/98 = 15/14; 35 more: 32.67 days
                # -> d52.67 -> d53 = 2027-02-05.
                "forecast": d("2027-02-05"),
                "progress": 21 / 56,
                "series_starts": [
                    d("2026-12-14"),
                    d("2026-12-21"),
                    d("2026-12-28"),
                    d("2027-01-04"),
                ],
            },
        ),
        id="iso-week-53-weekly-sum",
    ),
    # --- ahead of pace always has a forecast ------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, WEEKLY, LAST, 0, 100),
            HUNDRED,
            values(("2026-02-20", 80), ("2026-02-27", 75)),  # d50, d57: falling
            d("2026-02-27"),
            {
                "expected": 57.0,
                "current": 75.0,
                "status": ON,
                "days_ahead": 18,  # line at 75 on d75
                # Recent rate (d50, 80) -> (d57, 75) leads away; since the start
                # (d0, 0) -> (d57, 75): 25 more takes 25 * 57 / 75 = 19 days: d76 = 03-18.
                "forecast": d("2026-03-18"),
                "progress": 0.75,
            },
        ),
        id="ahead-falling-uses-rate-since-start",
    ),
    pytest.param(
        Case(
            kpi(DEC, WEEKLY, LAST, 100, 0),
            HUNDRED,
            values(("2026-02-20", 20), ("2026-02-27", 20)),  # flat
            d("2026-02-27"),
            {
                # Pace 100 - N: d57: 43. 20 is below it: ahead; line at 20 on d80.
                "expected": 43.0,
                "current": 20.0,
                "status": ON,
                "days_ahead": 23,
                # Flat recent rate; since the start (d0, 100) -> (d57, 20): -80/57 a day;
                # 20 to go: 14.25 days -> d71.25 -> d72 = 03-14.
                "forecast": d("2026-03-14"),
                "progress": 0.8,
            },
        ),
        id="ahead-flat-uses-rate-since-start",
    ),
    pytest.param(
        Case(
            kpi(INC, DAILY, LAST, 0, 100),
            HUNDRED,
            values(("2026-01-01", 5)),  # recorded on the start day
            d("2026-01-03"),
            {
                # d2: pace 2, value 5, line at 5 on d5: 3 days ahead, on track.
                "expected": 2.0,
                "current": 5.0,
                "days_ahead": 3,
                "status": ON,
                # README: a KPI ahead of its line never reads "not at this rate". The
                # value and the baseline sit on the same day, so neither README rule gives
                # a rate; read_kpi's docstring: "the plan's is used": 1 a day from (d0, 5):
                # 95 more: d95 = 04-06.
                "forecast": d("2026-04-06"),
                "progress": 0.05,
            },
        ),
        id="ahead-value-on-the-start-day-has-forecast",
    ),
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 1000),
            goal("2026-01-01", "2027-12-31"),  # 729 days: pace 1000 N / 729
            values(("2026-01-31", 10), ("2026-02-28", 100)),  # d30, d58
            d("2026-11-15"),  # d318
            {
                "stale_days": 260,  # 318 - 58
                "expected": 318 * 1000 / 729,  # 436.21
                "current": 100.0,
                "status": OFF,  # 336.2 / 1000 = 33.6 %
                # Line at 100 on d72.9: 72.9 - 318 = -245.1 -> -245.
                "days_ahead": -245,
                # No value in the last eight months (Mar..Oct, nor Nov): the rate since
                # the start, (d0, 0) -> (d58, 100); 900 more: 522 days: d580 =
                # 2027-08-04. (The two old values' slope, 90 in 28 days, would give d338.)
                "forecast": d("2027-08-04"),
                "progress": 0.1,
            },
        ),
        id="no-value-in-last-eight-periods-rate-since-start",
    ),
    # --- after the deadline -----------------------------------------------------------------
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 100),
            HUNDRED,
            values(("2026-03-01", 60), ("2026-04-10", 90)),
            d("2026-05-01"),
            {
                "status": MISSED,
                "current": 90.0,
                "expected": 100.0,  # the line holds its end
                "judged_on": d("2026-05-01"),
                "days_ahead": -30,  # line at 90 on d90; today d120
                # (d59, 60), (d99, 90): 0.75 a day; 10 more: d112.33 -> 04-24, before
                # today: today.
                "forecast": d("2026-05-01"),
                "progress": 0.9,
            },
        ),
        id="after-deadline-missed",
    ),
    pytest.param(
        Case(
            kpi(INC, MONTHLY, LAST, 0, 100),
            HUNDRED,
            values(("2026-03-01", 60), ("2026-04-10", 100)),
            d("2026-05-01"),
            {
                "status": ACHIEVED,
                "current": 100.0,
                "expected": 100.0,
                "days_ahead": 0,
                "forecast": d("2026-05-01"),  # reached: today
                "progress": 1.0,
            },
        ),
        id="after-deadline-achieved",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, SUM, 70, 125),
            goal("2026-01-05", "2026-03-01"),  # Monday to Sunday, 55 days, pace 70 + N
            values(("2026-02-17", 105), ("2026-02-24", 110)),
            d("2026-03-04"),
            {
                # Past the end: the latest total (week of 02-23, 110) is final.
                "status": MISSED,
                "current": 110.0,
                "expected": 125.0,
                # Line at 110 on d40; today d58: -18.
                "days_ahead": -18,
                # (d48, 105), (d55, 110): 5/7 a day; 15 more: 21 days: d76 = 03-22.
                "forecast": d("2026-03-22"),
                "progress": 40 / 55,
            },
        ),
        id="after-deadline-weekly-sum-missed",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, SUM, 70, 125),
            goal("2026-01-05", "2026-03-01"),
            values(("2026-02-17", 105), ("2026-02-24", 125)),
            d("2026-03-04"),
            {
                "status": ACHIEVED,
                "current": 125.0,
                "forecast": d("2026-03-04"),
                "progress": 1.0,
            },
        ),
        id="after-deadline-weekly-sum-achieved",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, LAST, 70, 60),
            goal("2026-01-01", "2026-01-10"),
            values(
                *[
                    (f"2026-01-{i:02d}", v)
                    for i, v in enumerate([58, 59, 62, 57, 58, 59, 60, 55, 56, 58], start=1)
                ]
            ),
            d("2026-01-15"),
            {
                "in_bounds": (10, 9),
                "status": ACHIEVED,  # 90 % after the end
                "progress": 0.9,
                "stale_days": 5,
            },
        ),
        id="after-deadline-stay-achieved",
    ),
    pytest.param(
        Case(
            kpi(BELOW, DAILY, LAST, 70, 60),
            goal("2026-01-01", "2026-01-10"),
            values(
                *[
                    (f"2026-01-{i:02d}", v)
                    for i, v in enumerate([58, 59, 62, 57, 58, 59, 61, 55, 56, 58], start=1)
                ]
            ),
            d("2026-01-15"),
            {
                "in_bounds": (10, 8),
                "status": MISSED,  # 80 % after the end
                "progress": 0.8,
            },
        ),
        id="after-deadline-stay-missed",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_reading(case: Case) -> None:
    check(read(case), case.expect)


# ---------------------------------------------------------------------------------------------
# "Ahead, but not at this rate" never appears
# ---------------------------------------------------------------------------------------------

_PATTERNS = {
    "rising": (1.0, 1.2, 1.4, 1.6),
    "flat": (1.3, 1.3, 1.3, 1.3),
    "falling": (1.6, 1.5, 1.4, 1.3),
    "zigzag": (1.5, 1.2, 1.6, 1.1),
}


@pytest.mark.parametrize(
    ("kind", "cadence", "how", "pattern"),
    list(
        itertools.product(
            (INC, DEC), (DAILY, WEEKLY, Cadence.BIWEEKLY, MONTHLY), (LAST, SUM, MEAN), _PATTERNS
        )
    ),
)
def test_ahead_always_has_a_forecast(kind, cadence, how, pattern) -> None:
    """Whatever the recent values do, a KPI ahead of its line has a forecast date."""
    step = {DAILY: 1, WEEKLY: 7, Cadence.BIWEEKLY: 14, MONTHLY: 30}[cadence]
    start = date(2026, 1, 1)
    # Scaled so the values sit well ahead of a slow line; first value a day after the start.
    scale = 1.0 if kind == INC else -1.0
    base = 0.0
    target = 10.0 * scale
    entries = [
        (date.fromordinal(start.toordinal() + 1 + i * step), scale * v)
        for i, v in enumerate(_PATTERNS[pattern])
    ]
    k = kpi(kind, cadence, how, base, target)
    g = goal("2026-01-01", "2027-06-30")
    periods = aggregate(entries, cadence, how, g.start)
    last = entries[-1][0]
    for offset in range(0, 3 * step + 1):
        today = date.fromordinal(last.toordinal() + offset)
        reading = read_kpi(k, g, History.whole(periods), today)
        if reading.days_ahead is not None and reading.days_ahead > 0:
            assert reading.forecast is not None, (today, reading.current, reading.days_ahead)
