"""Cadence periods and the reference aggregation of values per period."""

from datetime import date

import pytest

from goaltui.domain.models import Aggregation, Cadence, PeriodValue
from goaltui.domain.periods import (
    aggregate,
    count_periods,
    next_period,
    period_end,
    period_start,
    periods_back,
    periods_between,
)

D, W, M = Cadence.DAILY, Cadence.WEEKLY, Cadence.MONTHLY


@pytest.mark.parametrize(
    ("day", "cadence", "start", "end"),
    [
        (date(2026, 5, 14), D, date(2026, 5, 14), date(2026, 5, 14)),
        (date(2026, 5, 14), W, date(2026, 5, 11), date(2026, 5, 17)),
        (date(2026, 5, 11), W, date(2026, 5, 11), date(2026, 5, 17)),  # Monday
        (date(2026, 5, 17), W, date(2026, 5, 11), date(2026, 5, 17)),  # Sunday
        (date(2026, 5, 14), M, date(2026, 5, 1), date(2026, 5, 31)),
        # ISO week 53 of 2026 runs Monday 2026-12-28 to Sunday 2027-01-03.
        (date(2026, 12, 31), W, date(2026, 12, 28), date(2027, 1, 3)),
        (date(2027, 1, 1), W, date(2026, 12, 28), date(2027, 1, 3)),
        (date(2027, 1, 3), W, date(2026, 12, 28), date(2027, 1, 3)),
        (date(2027, 1, 4), W, date(2027, 1, 4), date(2027, 1, 10)),
        # Months of every length.
        (date(2026, 2, 14), M, date(2026, 2, 1), date(2026, 2, 28)),
        (date(2028, 2, 29), M, date(2028, 2, 1), date(2028, 2, 29)),
        (date(2026, 4, 30), M, date(2026, 4, 1), date(2026, 4, 30)),
        (date(2026, 12, 31), M, date(2026, 12, 1), date(2026, 12, 31)),
        (date(2028, 2, 29), D, date(2028, 2, 29), date(2028, 2, 29)),
        # The very ends of the calendar.
        (date(9999, 12, 31), W, date(9999, 12, 27), date(9999, 12, 31)),
        (date(1, 1, 1), W, date(1, 1, 1), date(1, 1, 7)),
    ],
)
def test_period_start_and_end(day: date, cadence: Cadence, start: date, end: date) -> None:
    assert period_start(day, cadence) == start
    assert period_end(day, cadence) == end


def test_week_53_is_iso_week_53() -> None:
    assert date(2026, 12, 31).isocalendar()[:2] == (2026, 53)
    assert period_start(date(2027, 1, 1), W).isocalendar()[:2] == (2026, 53)


@pytest.mark.parametrize(
    ("start", "cadence", "expected"),
    [
        (date(2026, 5, 14), D, date(2026, 5, 15)),
        (date(2026, 12, 31), D, date(2027, 1, 1)),
        (date(2026, 5, 11), W, date(2026, 5, 18)),
        (date(2026, 5, 14), W, date(2026, 5, 18)),  # from mid-week
        (date(2026, 12, 28), W, date(2027, 1, 4)),
        (date(2026, 1, 31), M, date(2026, 2, 1)),
        (date(2026, 12, 1), M, date(2027, 1, 1)),
        (date(2028, 2, 29), M, date(2028, 3, 1)),
    ],
)
def test_next_period(start: date, cadence: Cadence, expected: date) -> None:
    assert next_period(start, cadence) == expected


@pytest.mark.parametrize("cadence", list(Cadence))
def test_next_period_past_the_calendar(cadence: Cadence) -> None:
    with pytest.raises(OverflowError):
        next_period(date(9999, 12, 31), cadence, date(2026, 1, 7))


@pytest.mark.parametrize(
    ("first", "last", "cadence", "expected"),
    [
        (date(2026, 5, 14), date(2026, 5, 16), D, [date(2026, 5, d) for d in (14, 15, 16)]),
        (date(2026, 5, 14), date(2026, 5, 14), D, [date(2026, 5, 14)]),
        (date(2026, 5, 15), date(2026, 5, 14), D, []),
        (
            date(2026, 12, 24),
            date(2027, 1, 5),
            W,
            [date(2026, 12, 21), date(2026, 12, 28), date(2027, 1, 4)],
        ),
        (date(2026, 12, 31), date(2027, 1, 1), W, [date(2026, 12, 28)]),
        (
            date(2026, 1, 31),
            date(2026, 3, 1),
            M,
            [date(2026, 1, 1), date(2026, 2, 1), date(2026, 3, 1)],
        ),
        (date(9999, 12, 20), date(9999, 12, 31), M, [date(9999, 12, 1)]),
        (date(9999, 12, 20), date(9999, 12, 31), W, [date(9999, 12, 20), date(9999, 12, 27)]),
        (date(9999, 12, 30), date(9999, 12, 31), D, [date(9999, 12, 30), date(9999, 12, 31)]),
    ],
)
def test_periods_between(first: date, last: date, cadence: Cadence, expected: list[date]) -> None:
    assert periods_between(first, last, cadence) == expected


def test_periods_between_a_year_of_weeks() -> None:
    weeks = periods_between(date(2026, 1, 1), date(2026, 12, 31), W)
    assert weeks[0] == date(2025, 12, 29)
    assert weeks[-1] == date(2026, 12, 28)
    assert len(weeks) == 53
    assert all(week.weekday() == 0 for week in weeks)


MIXED = [
    (date(2026, 5, 12), 10.0),
    (date(2026, 5, 14), 30.0),
    (date(2026, 5, 11), 20.0),  # recorded later, for an earlier day
    (date(2026, 5, 18), 5.0),
    (date(2026, 5, 18), 7.0),  # same day, recorded later
]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            Aggregation.LAST,
            [
                PeriodValue(date(2026, 5, 11), 30.0, 3, date(2026, 5, 14)),
                PeriodValue(date(2026, 5, 18), 7.0, 2, date(2026, 5, 18)),
            ],
        ),
        (
            Aggregation.SUM,
            [
                PeriodValue(date(2026, 5, 11), 60.0, 3, date(2026, 5, 14)),
                PeriodValue(date(2026, 5, 18), 12.0, 2, date(2026, 5, 18)),
            ],
        ),
        (
            Aggregation.MEAN,
            [
                PeriodValue(date(2026, 5, 11), 20.0, 3, date(2026, 5, 14)),
                PeriodValue(date(2026, 5, 18), 6.0, 2, date(2026, 5, 18)),
            ],
        ),
    ],
)
def test_aggregate_weekly(how: Aggregation, expected: list[PeriodValue]) -> None:
    assert aggregate(MIXED, W, how) == expected


def test_aggregate_sorts_by_period_and_counts() -> None:
    values = [(date(2026, 3, 5), 1.0), (date(2026, 1, 9), 2.0), (date(2026, 3, 1), 3.0)]
    result = aggregate(values, M, Aggregation.SUM)
    assert result == [
        PeriodValue(date(2026, 1, 1), 2.0, 1, date(2026, 1, 9)),
        PeriodValue(date(2026, 3, 1), 4.0, 2, date(2026, 3, 5)),
    ]


def test_aggregate_daily_last_keeps_the_latest_recorded() -> None:
    values = [(date(2026, 5, 1), 1.0), (date(2026, 5, 1), 2.0), (date(2026, 5, 1), 1.5)]
    assert aggregate(values, D, Aggregation.LAST) == [
        PeriodValue(date(2026, 5, 1), 1.5, 3, date(2026, 5, 1))
    ]


def test_aggregate_sum_is_exact() -> None:
    values = [(date(2026, 5, 1), 0.1)] * 10
    assert aggregate(values, D, Aggregation.SUM)[0].value == 1.0


@pytest.mark.parametrize(
    ("first", "last", "cadence", "expected"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), D, 1),
        (date(2028, 2, 28), date(2028, 3, 1), D, 3),  # 28, 29 (leap day), 1
        (date(2026, 12, 31), date(2027, 1, 4), W, 2),  # ISO week 53 of 2026, then week 1
        (date(2026, 1, 5), date(2026, 1, 11), W, 1),
        (date(2026, 1, 31), date(2026, 2, 1), M, 2),
        (date(2026, 1, 1), date(2026, 12, 31), M, 12),
        (date(2026, 5, 2), date(2026, 5, 1), D, 0),
    ],
)
def test_count_periods(first: date, last: date, cadence: Cadence, expected: int) -> None:
    assert count_periods(first, last, cadence) == expected


@pytest.mark.parametrize(
    ("day", "cadence", "count", "expected"),
    [
        (date(2026, 3, 1), D, 1, date(2026, 2, 28)),
        (date(2028, 3, 1), D, 1, date(2028, 2, 29)),
        (date(2027, 1, 6), W, 1, date(2026, 12, 28)),  # back into ISO week 53
        (date(2026, 3, 31), M, 8, date(2025, 7, 1)),
    ],
)
def test_periods_back(day: date, cadence: Cadence, count: int, expected: date) -> None:
    assert periods_back(day, cadence, count) == expected


@pytest.mark.parametrize("how", list(Aggregation))
def test_aggregate_nothing(how: Aggregation) -> None:
    assert aggregate([], W, how) == []
