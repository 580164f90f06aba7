"""The quarterly cadence: calendar quarters from January, April, July and October.

Boundaries and a quarterly ``sum`` KPI's readings, every figure worked out by hand.
"""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.models import Aggregation, Cadence, KpiKind, KpiStatus, PeriodValue
from goaltui.domain.periods import (
    aggregate,
    count_periods,
    next_period,
    period_end,
    period_start,
    periods_back,
    periods_between,
)
from tests.domain.test_reading import Case, check, d, goal, kpi, read, values

Q = Cadence.QUARTERLY


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        ("2026-01-01", "2026-01-01", "2026-03-31"),
        ("2026-02-14", "2026-01-01", "2026-03-31"),
        ("2026-03-31", "2026-01-01", "2026-03-31"),
        ("2026-04-01", "2026-04-01", "2026-06-30"),
        ("2026-09-30", "2026-07-01", "2026-09-30"),
        ("2026-10-01", "2026-10-01", "2026-12-31"),
        ("2026-12-31", "2026-10-01", "2026-12-31"),
        ("2028-02-29", "2028-01-01", "2028-03-31"),
        ("9999-12-31", "9999-10-01", "9999-12-31"),
        ("0001-01-01", "0001-01-01", "0001-03-31"),
    ],
)
def test_quarter_start_and_end(day: str, start: str, end: str) -> None:
    assert period_start(d(day), Q) == d(start)
    assert period_end(d(day), Q) == d(end)


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        ("2026-01-01", "2026-04-01"),
        ("2026-05-17", "2026-07-01"),  # from inside a quarter: the next one's first day
        ("2026-10-01", "2027-01-01"),  # across the year end
        ("2026-12-31", "2027-01-01"),
    ],
)
def test_next_quarter(start: str, expected: str) -> None:
    assert next_period(d(start), Q) == d(expected)


def test_no_quarter_after_9999() -> None:
    with pytest.raises(OverflowError):
        next_period(date(9999, 10, 1), Q)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2026-01-01", "2026-03-31", 1),
        ("2026-03-31", "2026-04-01", 2),  # two days, two quarters
        ("2026-02-14", "2027-01-01", 5),  # the four of 2026 and the first of 2027
        ("2025-11-15", "2027-12-31", 9),  # 1 + 4 + 4
        ("2026-04-01", "2026-03-31", 0),  # last before first
    ],
)
def test_count_quarters(first: str, last: str, expected: int) -> None:
    assert count_periods(d(first), d(last), Q) == expected


@pytest.mark.parametrize(
    ("day", "count", "expected"),
    [
        ("2026-02-14", 0, "2026-01-01"),
        ("2026-02-14", 1, "2025-10-01"),  # back across the year end
        ("2026-05-05", 5, "2025-01-01"),  # Q2 2026 -> Q1 2026, Q4, Q3, Q2, Q1 2025
        ("0001-02-01", 3, "0001-01-01"),  # no quarter before the first one
    ],
)
def test_quarters_back(day: str, count: int, expected: str) -> None:
    assert periods_back(d(day), Q, count) == d(expected)


def test_quarters_between_across_a_year_end() -> None:
    assert periods_between(d("2025-11-15"), d("2026-04-01"), Q) == [
        d("2025-10-01"),
        d("2026-01-01"),
        d("2026-04-01"),
    ]


def test_aggregate_by_quarter() -> None:
    pairs = [(d("2025-12-31"), 1.0), (d("2026-01-01"), 2.0), (d("2026-03-31"), 3.0)]
    pairs.append((d("2026-04-01"), 4.0))
    assert aggregate(pairs, Q, Aggregation.SUM) == [
        PeriodValue(d("2025-10-01"), 1.0, 1, d("2025-12-31")),
        PeriodValue(d("2026-01-01"), 5.0, 2, d("2026-03-31")),
        PeriodValue(d("2026-04-01"), 4.0, 1, d("2026-04-01")),
    ]


# Sales per quarter from 0 to 364 between 2026-01-01 and 2026-12-31 (364 days): pace = N
# on dN.  Q1 ends 03-31 = d89, Q2 ends 06-30 = d180; 02-15 = d45, 05-01 = d120,
# 07-02 = d182.
SALES = kpi(KpiKind.INCREASE, Q, Aggregation.SUM, 0, 364)
YEAR = goal("2026-01-01", "2026-12-31")
Q1_SALES = (("2026-01-15", 40), ("2026-02-20", 30), ("2026-03-10", 25))  # 95

CASES = [
    pytest.param(
        Case(
            SALES,
            YEAR,
            values(("2026-01-15", 40)),
            d("2026-02-15"),
            {
                # The goal's first quarter, no earlier one: 40 so far against the pace
                # pro rata. Pace today 45; 46 of Q1's 90 days passed: 45 * 46 / 90 = 23.
                "current": 40.0,
                "expected": 23.0,
                "pro_rata": True,
                "status": KpiStatus.ON_TRACK,
                "days_ahead": None,
            },
        ),
        id="first-quarter-pro-rata",
    ),
    pytest.param(
        Case(
            SALES,
            YEAR,
            values(*Q1_SALES, ("2026-04-10", 50)),
            d("2026-05-01"),
            {
                # Q2 so far: 50 < pace today (120): held back. Q1's total 95 is judged on
                # its last day, d89: pace 89; ahead.
                "current": 95.0,
                "expected": 89.0,
                "judged_on": d("2026-03-31"),
                "status": KpiStatus.ON_TRACK,
                # The line is at 95 on d95; 95 - 89 = +6.
                "days_ahead": 6,
                "progress": 95 / 364,
            },
        ),
        id="quarter-judged-on-the-last-complete-one",
    ),
    pytest.param(
        Case(
            SALES,
            YEAR,
            values(*Q1_SALES, ("2026-04-10", 50), ("2026-06-15", 60)),
            d("2026-07-02"),
            {
                # Q3 has nothing yet; Q2's total 110 is judged on 06-30 = d180: pace 180.
                # Shortfall 70 / 364 = 19.2 % > 15 %: off track.
                "current": 110.0,
                "expected": 180.0,
                "judged_on": d("2026-06-30"),
                "status": KpiStatus.OFF_TRACK,
                # The line is at 110 on d110; 110 - 180 = -70.
                "days_ahead": -70,
                "partial": None,
            },
        ),
        id="quarter-just-ended-is-judged",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_quarterly_reading(case: Case) -> None:
    check(read(case), case.expect)
