"""A ``between`` KPI: readings, the range rule and its words, worked out by hand.

The figures below come from the rules in the README (a range is judged like the
stay kinds: the share of periods whose figure lies from the low end to the high
end, both included; 90 % and the latest in bounds is on track, from 75 % at risk,
below that off track), never from running :func:`read_kpi`.
"""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.bounds import keeps, range_problem
from goaltui.domain.kpi import History, read_kpi
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    Goal,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    PeriodValue,
)
from goaltui.domain.periods import aggregate
from goaltui.domain.present import describe_bounds, describe_target, format_target

D = date.fromisoformat
BETWEEN = KpiKind.BETWEEN
# Twelve weeks from Monday 2026-01-05 to Sunday 2026-03-29.
GOAL = Goal(id=1, title="G", start=D("2026-01-05"), deadline=D("2026-03-29"))


def band(how: Aggregation = Aggregation.MEAN, low: float = 45, high: float = 60) -> Kpi:
    return Kpi(
        id=7,
        goal_id=1,
        name="Focus",
        unit="min",
        baseline=low,
        target=low,
        high=high,
        kind=BETWEEN,
        cadence=Cadence.WEEKLY,
        aggregation=how,
    )


def read(kpi: Kpi, values: list[tuple[str, float]], today: str) -> KpiReading:
    periods = aggregate([(D(day), v) for day, v in values], kpi.cadence, kpi.aggregation)
    return read_kpi(kpi, GOAL, History.whole(periods), D(today))


# Weekly means: week 1 (50 + 50)/2 = 50 in, week 2 (60 + 64)/2 = 62 out,
# week 3 (58) in, week 4 (40 + 48)/2 = 44 out.
FOUR_WEEKS = [
    ("2026-01-05", 50),
    ("2026-01-08", 50),
    ("2026-01-12", 60),
    ("2026-01-15", 64),
    ("2026-01-21", 58),
    ("2026-01-26", 40),
    ("2026-01-30", 48),
]


def test_weekly_mean_two_of_four_weeks_in_bounds() -> None:
    reading = read(band(), FOUR_WEEKS, "2026-02-02")  # Monday of week 5, no value yet
    assert reading.in_bounds == (4, 2)  # 50 and 58 in; 62 above, 44 below
    assert reading.in_bounds_now is False  # the latest judged week, 44, is below 45
    assert reading.current == 44.0
    assert reading.status == KpiStatus.OFF_TRACK  # 2/4 = 50 % < 75 %
    assert reading.progress == pytest.approx(2 / 12)  # 2 good weeks of the goal's 12
    assert reading.expected == 45.0  # the low end, as the stay kinds show their bound
    assert reading.days_ahead is None and reading.forecast is None
    assert describe_bounds(reading) == "2 of 4 periods in bounds, out of bounds now"


def test_both_ends_count_as_in_bounds() -> None:
    # Week 1 exactly 45, week 2 exactly 60, week 3 60.5: 2 of 3 = 67 %, off track.
    values = [("2026-01-05", 45), ("2026-01-12", 60), ("2026-01-19", 60.5)]
    reading = read(band(), values, "2026-01-26")
    assert reading.in_bounds == (3, 2)
    assert reading.status == KpiStatus.OFF_TRACK


def test_nine_of_ten_and_in_bounds_now_is_on_track_then_achieved() -> None:
    # Ten weeks from 2026-01-05: week 3 is 70 (out), the others 50: 9/10 = 90 %.
    values = [(str(date.fromordinal(D("2026-01-05").toordinal() + 7 * w)), 50.0) for w in range(10)]
    values[2] = (values[2][0], 70.0)
    on = read(band(), values, "2026-03-16")  # week 11 begins, no value yet
    assert on.in_bounds == (10, 9)
    assert on.status == KpiStatus.ON_TRACK  # 90 % and the latest (50) in bounds
    after = read(band(), values, "2026-04-01")  # past the deadline: final verdict
    assert after.status == KpiStatus.ACHIEVED  # 9/10 >= 90 %


def test_three_of_four_is_at_risk() -> None:
    values = [("2026-01-05", 50), ("2026-01-12", 55), ("2026-01-19", 80), ("2026-01-26", 46)]
    reading = read(band(), values, "2026-02-02")
    assert reading.in_bounds == (4, 3)  # 75 %
    assert reading.in_bounds_now is True
    assert reading.status == KpiStatus.AT_RISK


def test_an_unfinished_week_counts_once_a_growing_total_is_past_the_high_end() -> None:
    kpi = band(Aggregation.SUM, low=3, high=5)
    # Week 1: 4 in. Week 2 so far (Mon-Tue): 2, could still land in 3..5: held back.
    values = [("2026-01-05", 4), ("2026-01-12", 1), ("2026-01-13", 1)]
    held = read(kpi, values, "2026-01-13")
    assert held.in_bounds == (1, 1)
    assert held.partial == PeriodValue(D("2026-01-12"), 2.0, 2, D("2026-01-13"))
    # Wednesday brings 4 more: 6 > 5, and a total only grows: out, counted now.
    over = read(kpi, [*values, ("2026-01-14", 4)], "2026-01-14")
    assert over.in_bounds == (2, 1)
    assert over.partial is None
    assert over.in_bounds_now is False


def test_keeps() -> None:
    kpi = band()
    assert [keeps(kpi, v) for v in (44.99, 45, 52, 60, 60.01)] == [False, True, True, True, False]


@pytest.mark.parametrize(
    ("kind", "low", "high", "problem"),
    [
        ("between", 45.0, 60.0, None),
        (
            "between",
            60.0,
            45.0,
            "a range needs its low end below its high end (60 is not below 45)",
        ),
        (
            "between",
            50.0,
            50.0,
            "a range needs its low end below its high end (50 is not below 50)",
        ),
        (
            "between",
            45.0,
            None,
            "a range needs its high end: enter the highest value that still counts",
        ),
        ("increase", 45.0, 60.0, "only a 'between' KPI has a high end: leave it empty"),
        ("stay_above", 45.0, None, None),
    ],
)
def test_range_problem(kind: str, low: float, high: float | None, problem: str | None) -> None:
    assert range_problem(kind, low, high) == problem


def test_the_target_in_words() -> None:
    kpi = band()
    assert format_target(kpi) == "45–60"
    assert describe_target(kpi) == "stay between 45 and 60 min"
    above = Kpi(1, 1, "Sleep", "h", 7, 7, KpiKind.STAY_ABOVE)
    assert format_target(above) == "7"
    assert describe_target(above) == "stay above 7 h"
    rise = Kpi(1, 1, "Visits", "", 100, 120.5)
    assert describe_target(rise) == "from 100 to 120.5"
