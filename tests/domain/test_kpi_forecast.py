"""Recent rate, and planning two of target, deadline and rate."""

from datetime import date, timedelta

import pytest

from goaltui.domain.kpi import (
    achieved_rate_per_week,
    required_rate_per_week,
    solve_plan,
)
from goaltui.domain.models import PeriodValue

START = date(2026, 1, 5)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def weekly(*values: float, first: date = START) -> list[PeriodValue]:
    return [PeriodValue(first + timedelta(weeks=i), value) for i, value in enumerate(values)]


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
