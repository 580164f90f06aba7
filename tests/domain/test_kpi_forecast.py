"""Days ahead of pace, recent rate, forecast, and planning target/deadline/rate."""

from datetime import date, timedelta

import pytest

from goaltui.domain.kpi import (
    achieved_rate_per_week,
    days_ahead,
    forecast_date,
    required_rate_per_week,
    solve_plan,
)
from goaltui.domain.models import Kpi, KpiKind, PaceLine, PeriodValue

START = date(2026, 1, 5)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def weekly(*values: float, first: date = START) -> list[PeriodValue]:
    return [PeriodValue(first + timedelta(weeks=i), value) for i, value in enumerate(values)]


def make_kpi(baseline: float, target: float, kind: KpiKind = KpiKind.INCREASE) -> Kpi:
    return Kpi(id=1, goal_id=1, name="k", unit="", baseline=baseline, target=target, kind=kind)


RISING = PaceLine(START, 0.0, day(100), 100.0)
FALLING = PaceLine(START, 5.0, day(100), 2.0)


@pytest.mark.parametrize(
    ("line", "current", "today", "expected"),
    [
        (RISING, 50.0, day(50), 0),
        (RISING, 60.0, day(50), 10),  # the line gets to 60 ten days later: ahead
        (RISING, 40.0, day(50), -10),
        (RISING, 150.0, day(50), 100),  # beyond the line's end: not clamped
        (RISING, -10.0, day(0), -10),
        (RISING, 50.4, day(50), 0),
        (RISING, 50.6, day(50), 1),
        (FALLING, 3.5, day(50), 0),
        (FALLING, 3.2, day(50), 10),  # lower is better: ahead
        (FALLING, 3.8, day(50), -10),
        (RISING, None, day(50), None),
        (PaceLine(START, 5.0, day(100), 5.0), 4.0, day(50), None),  # flat
        (PaceLine(START, 0.0, START, 5.0), 4.0, day(50), None),  # no length
    ],
)
def test_days_ahead(
    line: PaceLine, current: float | None, today: date, expected: int | None
) -> None:
    assert days_ahead(line, current, today) == expected


def test_days_ahead_is_bounded_for_a_nearly_flat_line() -> None:
    line = PaceLine(START, 0.0, day(1), 1e-290)
    result = days_ahead(line, 1e15, day(0))
    assert result == (date.max - date.min).days


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        ([], None),
        ([5.0], None),
        ([0.0, 1.0], 1.0),
        ([0.0, 2.0, 4.0, 6.0], 2.0),
        ([10.0, 8.0, 6.0], -2.0),
        ([3.0, 3.0, 3.0], 0.0),
        ([0.0, 2.0, 1.0, 3.0], 0.8),  # least squares, not first-to-last
    ],
)
def test_achieved_rate_per_week(values: list[float], expected: float | None) -> None:
    rate = achieved_rate_per_week(weekly(*values))
    assert rate == (pytest.approx(expected) if expected is not None else None)


def test_achieved_rate_uses_the_last_window() -> None:
    values = weekly(100.0, 0.0, 1.0, 2.0, 3.0)
    assert achieved_rate_per_week(values, window=4) == pytest.approx(1.0)
    assert achieved_rate_per_week(values, window=1) is None
    assert achieved_rate_per_week(values, window=0) is None


def test_achieved_rate_per_week_of_daily_and_monthly_series() -> None:
    daily = [PeriodValue(day(i), float(i)) for i in range(5)]
    assert achieved_rate_per_week(daily) == pytest.approx(7.0)
    monthly = [PeriodValue(date(2026, 1, 1), 0.0), PeriodValue(date(2026, 2, 1), 31.0)]
    assert achieved_rate_per_week(monthly) == pytest.approx(7.0)


def test_achieved_rate_per_week_all_on_one_day() -> None:
    same_day = [PeriodValue(START, 1.0), PeriodValue(START, 5.0)]
    assert achieved_rate_per_week(same_day) is None


TODAY = day(21)


@pytest.mark.parametrize(
    ("kpi", "values", "expected"),
    [
        (make_kpi(0, 10), [0.0, 1.0, 2.0, 3.0], day(21 + 49)),  # 7 more weeks at 1/week
        (make_kpi(0, 10), [0.0, 5.0, 10.0], TODAY),  # already there
        (make_kpi(0, 10), [0.0, 5.0, 12.0], TODAY),
        (make_kpi(0, 10), [3.0, 2.0, 1.0], None),  # the wrong way
        (make_kpi(0, 10), [3.0, 3.0, 3.0], None),  # flat
        (make_kpi(0, 10), [3.0], None),
        (make_kpi(0, 10), [], None),
        (make_kpi(5, 2, KpiKind.DECREASE), [5.0, 4.5, 4.0, 3.5], day(21 + 21)),
        (make_kpi(5, 2, KpiKind.DECREASE), [5.0, 5.5, 6.0], None),
        (make_kpi(5, 2, KpiKind.DECREASE), [5.0, 3.0, 2.0], TODAY),
        (make_kpi(0, 2, KpiKind.STAY_BELOW), [1.0, 1.0], None),
        (make_kpi(0, 2, KpiKind.STAY_ABOVE), [1.0, 3.0], None),
        (make_kpi(0, 1e15), [0.0, 1e-9], None),  # past 9999-12-31
    ],
)
def test_forecast_date(kpi: Kpi, values: list[float], expected: date | None) -> None:
    assert forecast_date(kpi, weekly(*values), TODAY) == expected


def test_forecast_is_never_before_today() -> None:
    # The last value is from long ago; at its rate the target came and went.
    old = weekly(0.0, 1.0, 2.0, first=date(2025, 1, 6))
    assert forecast_date(make_kpi(0, 3), old, TODAY) == TODAY


def test_forecast_date_rounds_up_to_a_whole_day() -> None:
    assert forecast_date(make_kpi(0, 3.5), weekly(0.0, 1.0, 2.0, 3.0), TODAY) == day(25)


@pytest.mark.parametrize(
    ("current", "target", "deadline", "expected"),
    [
        (0.0, 10.0, day(14), 5.0),
        (10.0, 0.0, day(7), -10.0),
        (5.0, 5.0, day(7), 0.0),
        (0.0, 10.0, START, None),
        (0.0, 10.0, day(-1), None),
    ],
)
def test_required_rate_per_week(
    current: float, target: float, deadline: date, expected: float | None
) -> None:
    assert required_rate_per_week(current, target, START, deadline) == expected


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"target": 20.0, "deadline": day(70)}, (20.0, day(70), 1.0)),
        ({"target": 0.0, "deadline": day(14)}, (0.0, day(14), -5.0)),
        ({"target": 20.0, "rate_per_week": 2.0}, (20.0, day(35), 2.0)),
        ({"target": 0.0, "rate_per_week": -1.0}, (0.0, day(70), -1.0)),
        ({"target": 11.0, "rate_per_week": 0.1}, (11.0, day(70), 0.1)),  # 1 / 0.1 is not 10.0
        ({"target": 10.5, "rate_per_week": 1.0}, (10.5, day(4), 1.0)),  # rounded up
        ({"deadline": day(28), "rate_per_week": 2.5}, (20.0, day(28), 2.5)),
        ({"deadline": day(28), "rate_per_week": -2.5}, (0.0, day(28), -2.5)),
    ],
)
def test_solve_plan(given: dict[str, float | date], expected: tuple[float, date, float]) -> None:
    target, deadline, rate = solve_plan(10.0, START, **given)  # type: ignore[arg-type]
    assert target == pytest.approx(expected[0])
    assert deadline == expected[1]
    assert rate == pytest.approx(expected[2])


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ({}, "exactly two"),
        ({"target": 20.0}, "exactly two"),
        ({"target": 20.0, "deadline": day(7), "rate_per_week": 1.0}, "exactly two"),
        ({"target": 20.0, "rate_per_week": 0.0}, "0 per week"),
        ({"deadline": day(7), "rate_per_week": 0.0}, "0 per week"),
        ({"target": 20.0, "rate_per_week": -1.0}, "moves away from the target"),
        ({"target": 0.0, "rate_per_week": 1.0}, "moves away from the target"),
        ({"target": 10.0, "rate_per_week": 1.0}, "nothing to reach"),
        ({"target": 20.0, "deadline": START}, "must come after the start"),
        ({"target": 20.0, "deadline": day(-7)}, "must come after the start"),
        ({"deadline": day(-7), "rate_per_week": 1.0}, "must come after the start"),
        ({"target": 1e15, "rate_per_week": 1e-6}, "after 9999-12-31"),
        ({"target": 20.0, "rate_per_week": 1e-320}, "after 9999-12-31"),
        ({"deadline": date(9999, 1, 1), "rate_per_week": 1e12}, "too large"),
        ({"target": float("nan"), "deadline": day(7)}, "finite"),
        ({"target": 20.0, "rate_per_week": float("inf")}, "finite"),
    ],
)
def test_solve_plan_rejects(given: dict[str, float | date], words: str) -> None:
    with pytest.raises(ValueError, match=words):
        solve_plan(10.0, START, **given)  # type: ignore[arg-type]


def test_solve_plan_rejects_a_baseline_that_is_not_finite() -> None:
    with pytest.raises(ValueError, match="baseline"):
        solve_plan(float("inf"), START, target=1.0, deadline=day(7))
