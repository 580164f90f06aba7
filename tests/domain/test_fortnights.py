"""The biweekly cadence: fortnights of two ISO weeks, counted from the goal's start.

A goal starting on Wednesday 2026-01-07 has its first fortnight from Monday
2026-01-05 (the Monday of that ISO week) to Sunday 2026-01-18, the next from
2026-01-19, and so on every 14 days; before the start they are counted back the
same way (2025-12-22 to 2026-01-04, ...). Boundaries, and a biweekly ``sum`` KPI
read by hand, every figure worked out in the comments.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from goaltui.domain.models import Aggregation, Cadence, KpiKind, KpiStatus, PeriodValue
from goaltui.domain.periods import (
    aggregate,
    count_periods,
    fortnight_anchor,
    next_period,
    period_end,
    period_start,
    periods_back,
    periods_between,
)
from goaltui.domain.present import describe_pace, describe_stale
from tests.domain.test_reading import Case, check, d, goal, kpi, read, values

B = Cadence.BIWEEKLY
WEDNESDAY = d("2026-01-07")  # the goal's start: ISO week 2026-W02, Monday 2026-01-05


def test_the_anchor_is_the_monday_of_the_starts_iso_week() -> None:
    assert fortnight_anchor(WEDNESDAY) == d("2026-01-05")
    assert fortnight_anchor(d("2026-01-05")) == d("2026-01-05")  # a Monday is its own
    assert fortnight_anchor(d("2026-01-11")) == d("2026-01-05")  # Sunday of the same week


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        # The goal's first fortnight holds the two days before its start.
        ("2026-01-05", "2026-01-05", "2026-01-18"),
        ("2026-01-07", "2026-01-05", "2026-01-18"),
        ("2026-01-18", "2026-01-05", "2026-01-18"),  # Sunday of its second week
        ("2026-01-19", "2026-01-19", "2026-02-01"),  # 05 + 14
        ("2026-02-01", "2026-01-19", "2026-02-01"),
        ("2026-02-02", "2026-02-02", "2026-02-15"),  # 19 + 14: across the month end
        # Before the start, counted back 14 days at a time, across the year end.
        ("2026-01-04", "2025-12-22", "2026-01-04"),
        ("2025-12-31", "2025-12-22", "2026-01-04"),
        ("2025-12-21", "2025-12-08", "2025-12-21"),
        # 2026 has an ISO week 53 (Mon 2026-12-28 .. Sun 2027-01-03). 2026-12-21 is
        # 2026-01-05 + 350 days = 25 fortnights on (Jan 26 + Feb 28 + Mar 31 + Apr 30 +
        # May 31 + Jun 30 + Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 + Dec 21 = 350):
        # weeks 52 and 53 form one fortnight, and 2027 begins a new one on Monday 01-04.
        ("2026-12-21", "2026-12-21", "2027-01-03"),
        ("2026-12-28", "2026-12-21", "2027-01-03"),
        ("2026-12-31", "2026-12-21", "2027-01-03"),
        ("2027-01-01", "2026-12-21", "2027-01-03"),
        ("2027-01-03", "2026-12-21", "2027-01-03"),
        ("2027-01-04", "2027-01-04", "2027-01-17"),
    ],
)
def test_fortnights_of_a_goal_starting_on_a_wednesday(day: str, start: str, end: str) -> None:
    assert period_start(d(day), B, WEDNESDAY) == d(start)
    assert period_end(d(day), B, WEDNESDAY) == d(end)


@pytest.mark.parametrize(
    ("anchor", "day", "start", "end"),
    [
        # A goal starting in ISO week 53 (Wed 2026-12-30): its first fortnight is weeks
        # 2026-W53 and 2027-W01, Mon 2026-12-28 .. Sun 2027-01-10, across the year end.
        ("2026-12-30", "2026-12-28", "2026-12-28", "2027-01-10"),
        ("2026-12-30", "2027-01-10", "2026-12-28", "2027-01-10"),
        ("2026-12-30", "2027-01-11", "2027-01-11", "2027-01-24"),
        ("2026-12-30", "2026-12-27", "2026-12-14", "2026-12-27"),
        # A Sunday start belongs to the week of the Monday six days before.
        ("2026-01-11", "2026-01-12", "2026-01-05", "2026-01-18"),
        # A Monday start a week later shifts every fortnight by a week.
        ("2026-01-12", "2026-01-12", "2026-01-12", "2026-01-25"),
        ("2026-01-12", "2026-01-11", "2025-12-29", "2026-01-11"),
        # The calendar's first day: the fortnight would begin 0000-12-25; it is held
        # at 0001-01-01 and still ends on the Sunday of its second week.
        ("0001-01-08", "0001-01-01", "0001-01-01", "0001-01-07"),
    ],
)
def test_fortnights_follow_the_start(anchor: str, day: str, start: str, end: str) -> None:
    assert period_start(d(day), B, d(anchor)) == d(start)
    assert period_end(d(day), B, d(anchor)) == d(end)


def test_a_fortnight_needs_the_goals_start() -> None:
    with pytest.raises(ValueError, match="goal's start"):
        period_start(d("2026-01-07"), B)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-01-05", "2026-01-19"),
        ("2026-01-07", "2026-01-19"),  # from inside a fortnight: the next one's Monday
        ("2026-12-30", "2027-01-04"),  # out of the fortnight holding week 53
        ("2025-12-25", "2026-01-05"),  # before the start: up to the first one
    ],
)
def test_next_fortnight(start: str, expected: str) -> None:
    assert next_period(d(start), B, WEDNESDAY) == d(expected)


def test_no_fortnight_after_9999() -> None:
    with pytest.raises(OverflowError):
        next_period(date(9999, 12, 31), B, WEDNESDAY)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2026-01-07", "2026-01-18", 1),
        ("2026-01-18", "2026-01-19", 2),  # a Sunday and a Monday: two fortnights
        ("2026-01-11", "2026-01-12", 1),  # a Sunday and a Monday within one
        # The goal up to Wed 2026-05-27: 05-27 - 01-05 = 142 days, 142 // 14 = 10
        # fortnights after the first one: 11 in all.
        ("2026-01-07", "2026-05-27", 11),
        # 2025-12-22 to 2026-12-21, the fortnights holding them: 14 + 350 = 364 days,
        # 26 fortnights on: 27 in all.
        ("2025-12-31", "2027-01-01", 27),
        ("2026-01-19", "2026-01-18", 0),  # last before first
    ],
)
def test_count_fortnights(first: str, last: str, expected: int) -> None:
    assert count_periods(d(first), d(last), B, WEDNESDAY) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        ("2026-02-04", 0, "2026-02-02"),
        ("2026-02-04", 2, "2026-01-05"),  # 02-02 - 28 days
        ("2026-02-04", 3, "2025-12-22"),  # back across the year end
        ("0001-01-20", 5, "0001-01-01"),  # none before the calendar's first day
    ],
)
def test_fortnights_back(day: str, count: int, expected: str) -> None:
    assert periods_back(d(day), B, count, WEDNESDAY) == d(expected)


def test_fortnights_between_across_a_year_end() -> None:
    assert periods_between(d("2025-12-30"), d("2026-01-20"), B, WEDNESDAY) == [
        d("2025-12-22"),
        d("2026-01-05"),
        d("2026-01-19"),
    ]


def test_aggregate_by_fortnight() -> None:
    pairs = [(d("2026-01-04"), 1.0), (d("2026-01-05"), 2.0), (d("2026-01-18"), 3.0)]
    pairs.append((d("2026-01-19"), 4.0))
    assert aggregate(pairs, B, Aggregation.SUM, WEDNESDAY) == [
        PeriodValue(d("2025-12-22"), 1.0, 1, d("2026-01-04")),
        PeriodValue(d("2026-01-05"), 5.0, 2, d("2026-01-18")),  # 2 + 3
        PeriodValue(d("2026-01-19"), 4.0, 1, d("2026-01-19")),
    ]


def test_every_fortnight_is_two_whole_weeks_from_the_anchor() -> None:
    day = d("2025-06-01")
    while day < d("2028-01-01"):
        start = period_start(day, B, WEDNESDAY)
        assert start.weekday() == 0
        assert (start - d("2026-01-05")).days % 14 == 0
        assert period_end(day, B, WEDNESDAY) == start + timedelta(days=13)
        day += timedelta(days=3)


# Hours of practice per fortnight, 0 -> 140 from Wed 2026-01-07 to Wed 2026-05-27
# (140 days): the pace line is at N on day N after the start (dN).
# Fortnights: F1 Mon 01-05 .. Sun 01-18 (the goal's part: 01-07 .. 01-18, 12 days),
# F2 01-19 .. 02-01 (02-01 = d25), F3 02-02 .. 02-15 (02-15 = d39), F4 from 02-16.
PRACTICE = kpi(KpiKind.INCREASE, B, Aggregation.SUM, 0, 140)
SPRING = goal("2026-01-07", "2026-05-27")
F1 = (("2026-01-06", 3), ("2026-01-08", 2), ("2026-01-12", 3))  # the 3 is history
F2 = (("2026-01-20", 10), ("2026-01-27", 12), ("2026-01-30", 9))  # 31

CASES = [
    pytest.param(
        Case(
            PRACTICE,
            SPRING,
            values(*F1),
            d("2026-01-15"),  # Thursday, d8
            {
                # The first fortnight, no complete one before the start: F1's 2 + 3 = 5
                # so far (01-06 is before the start: history) is below today's pace, 8,
                # so it is compared with the pace pro rata: 9 of the goal's 12 days in
                # F1 passed (01-07 .. 01-15), 8 * 9 / 12 = 6. 1 short of 140: on track.
                "current": 5.0,
                "expected": 6.0,
                "pro_rata": True,
                "status": KpiStatus.ON_TRACK,
                "days_ahead": None,
                "judged_on": d("2026-01-15"),
            },
        ),
        id="first-fortnight-pro-rata",
    ),
    pytest.param(
        Case(
            PRACTICE,
            SPRING,
            values(*F1, *F2, ("2026-02-03", 4)),
            d("2026-02-04"),  # Wednesday, d28, in F3
            {
                # F3 so far: 4 < today's pace 28: held back. F2's total 10 + 12 + 9 = 31
                # is judged on its last day, Sun 02-01 = d25: the pace is 25.
                "current": 31.0,
                "expected": 25.0,
                "judged_on": d("2026-02-01"),
                "status": KpiStatus.ON_TRACK,
                # The line is at 31 on d31: 31 - 25 = 6 days ahead.
                "days_ahead": 6,
                "progress": 31 / 140,
                "partial": PeriodValue(d("2026-02-02"), 4.0, 1, d("2026-02-03")),
            },
        ),
        id="judged-on-the-last-complete-fortnight",
    ),
    pytest.param(
        Case(
            PRACTICE,
            SPRING,
            values(*F1, *F2),
            d("2026-02-16"),  # Monday, d40: F4's first day
            {
                # F3 (02-02 .. 02-15) had no values: a total of 0 judged on 02-15 = d39.
                # 39 short of 140 = 27.9 % > 15 %: off track; the line is at 0 on d0,
                # 0 - 39 = 39 days behind.
                "current": 0.0,
                "expected": 39.0,
                "judged_on": d("2026-02-15"),
                "status": KpiStatus.OFF_TRACK,
                "days_ahead": -39,
                "partial": None,
                # the last value on 01-30, 17 days before 02-16
                "stale_days": 17,
            },
        ),
        id="an-empty-fortnight-totals-zero",
    ),
]


# A fortnightly mean to stay at or above 5 over the same goal: 11 fortnights from F1
# (01-05) to the one holding the deadline 05-27 (05-25 = 01-05 + 140 days).
MOOD = kpi(KpiKind.STAY_ABOVE, B, Aggregation.MEAN, 3, 5)
CASES.append(
    pytest.param(
        Case(
            MOOD,
            SPRING,
            values(("2026-01-08", 6), ("2026-01-20", 3), ("2026-01-27", 5), ("2026-02-03", 7)),
            d("2026-02-16"),  # F4's first day, no value yet
            {
                # F1 mean 6 (in), F2 (3 + 5) / 2 = 4 (out), F3 7 (in): 2 of 3 complete
                # fortnights in bounds, 66.7 % < 75 %: off track. The level now is F3's 7.
                "in_bounds": (3, 2),
                "current": 7.0,
                "in_bounds_now": True,
                "status": KpiStatus.OFF_TRACK,
                "progress": 2 / 11,
            },
        ),
        id="stay-above-counts-fortnights-in-bounds",
    )
)


@pytest.mark.parametrize("case", CASES)
def test_biweekly_reading(case: Case) -> None:
    check(read(case), case.expect)


def test_words_for_a_fortnight() -> None:
    held_back = read(CASES[1].values[0])
    assert describe_pace(held_back, d("2026-02-04")) == (
        "pace line on 2026-02-01: 25 · this fortnight so far: 4 (not judged yet)"
    )
    # The last value (01-30) is 5 days old on 02-04: within a fortnight, nothing said.
    assert describe_stale(held_back) == ""
    # 17 days on 02-16: more than a fortnight (14 days).
    assert describe_stale(read(CASES[2].values[0])) == "last value 17 days ago"
    # 14 days on 02-13 is still within one.
    on_the_13th = Case(PRACTICE, SPRING, values(*F1, *F2), d("2026-02-13"), {})
    assert describe_stale(read(on_the_13th)) == ""
