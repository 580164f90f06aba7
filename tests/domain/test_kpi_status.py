"""Pace lines, KPI progress and KPI status."""

from datetime import date, timedelta

import pytest

from goaltui.domain.kpi import (
    TOLERANCE,
    current_value,
    kpi_progress,
    kpi_status,
    pace_line,
    pace_value,
    worst_status,
)
from goaltui.domain.models import Kpi, KpiKind, KpiStatus, PaceLine, PeriodValue

START = date(2026, 1, 5)  # a Monday
DEADLINE = date(2026, 4, 15)  # 100 days later
ACH, ON, RISK, OFF, MISS, NONE = (
    KpiStatus.ACHIEVED,
    KpiStatus.ON_TRACK,
    KpiStatus.AT_RISK,
    KpiStatus.OFF_TRACK,
    KpiStatus.MISSED,
    KpiStatus.NO_DATA,
)


def make_kpi(baseline: float = 0.0, target: float = 100.0, kind: KpiKind = KpiKind.INCREASE) -> Kpi:
    return Kpi(id=1, goal_id=1, name="visits", unit="", baseline=baseline, target=target, kind=kind)


def series(*values: float, first: date = START) -> list[PeriodValue]:
    return [PeriodValue(first + timedelta(weeks=i), value) for i, value in enumerate(values)]


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def test_pace_line_from_baseline_at_goal_start() -> None:
    line = pace_line(make_kpi(10, 50), START, DEADLINE)
    assert line == PaceLine(START, 10.0, DEADLINE, 50.0)


def test_pace_line_restarted_by_a_revision() -> None:
    kpi = Kpi(1, 1, "visits", "", 10, 80, pace_start=date(2026, 2, 1), pace_from=30)
    assert pace_line(kpi, START, DEADLINE) == PaceLine(date(2026, 2, 1), 30, DEADLINE, 80)


def test_pace_line_restart_from_zero_is_kept() -> None:
    kpi = Kpi(1, 1, "visits", "", 10, 80, pace_start=date(2026, 2, 1), pace_from=0.0)
    assert pace_line(kpi, START, DEADLINE).start_value == 0.0


@pytest.mark.parametrize("kind", [KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW])
def test_pace_line_of_a_stay_kpi_is_flat_at_the_bound(kind: KpiKind) -> None:
    line = pace_line(make_kpi(5, 2, kind), START, DEADLINE)
    assert (line.start_value, line.end_value) == (2, 2)


@pytest.mark.parametrize(
    ("offset", "expected"),
    [(-10, 0.0), (0, 0.0), (25, 25.0), (50, 50.0), (99, 99.0), (100, 100.0), (500, 100.0)],
)
def test_pace_value_interpolates_and_clamps(offset: int, expected: float) -> None:
    line = PaceLine(START, 0.0, day(100), 100.0)
    assert pace_value(line, day(offset)) == pytest.approx(expected)


def test_pace_value_falling_line() -> None:
    line = PaceLine(START, 5.0, day(100), 2.0)
    assert pace_value(line, day(50)) == pytest.approx(3.5)
    assert pace_value(line, day(-1)) == 5.0
    assert pace_value(line, day(101)) == 2.0


@pytest.mark.parametrize("end", [START, START - timedelta(days=3)])
def test_pace_value_of_a_line_without_length_is_its_end(end: date) -> None:
    line = PaceLine(START, 0.0, end, 9.0)
    assert pace_value(line, START) == 9.0
    assert pace_value(line, day(-30)) == 9.0


def test_pace_value_huge_values_do_not_overflow() -> None:
    line = PaceLine(START, -1.5e308, day(2), 1.5e308)
    assert pace_value(line, day(1)) == pytest.approx(0.0, abs=1e300)


def test_current_value() -> None:
    assert current_value([]) is None
    assert current_value(series(1, 2, 3)) == 3


@pytest.mark.parametrize(
    ("kpi", "values", "expected"),
    [
        (make_kpi(0, 100), [], 0.0),
        (make_kpi(0, 100), [40], 0.4),
        (make_kpi(0, 100), [140], 1.0),
        (make_kpi(0, 100), [-20], 0.0),
        (make_kpi(70, 85), [80.5], 0.7),
        (make_kpi(5, 2, KpiKind.DECREASE), [3.5], 0.5),
        (make_kpi(5, 2, KpiKind.DECREASE), [1], 1.0),
        (make_kpi(5, 2, KpiKind.DECREASE), [6], 0.0),
        # Baseline equal to target: all or nothing.
        (make_kpi(5, 5), [5], 1.0),
        (make_kpi(5, 5), [4.9], 0.0),
        (make_kpi(5, 5), [], 0.0),
        (make_kpi(5, 5, KpiKind.DECREASE), [5], 1.0),
        (make_kpi(5, 5, KpiKind.DECREASE), [6], 0.0),
        # Stay kinds: the share of periods in bounds.
        (make_kpi(0, 2, KpiKind.STAY_BELOW), [1, 3, 2, 2], 0.75),
        (make_kpi(0, 80, KpiKind.STAY_ABOVE), [80, 79, 81, 90, 60], 0.6),
        (make_kpi(0, 80, KpiKind.STAY_ABOVE), [], 0.0),
    ],
)
def test_kpi_progress(kpi: Kpi, values: list[float], expected: float) -> None:
    assert kpi_progress(kpi, series(*values)) == pytest.approx(expected)


LINE = PaceLine(START, 0.0, day(100), 100.0)  # expects 1 a day


@pytest.mark.parametrize(
    ("values", "today", "expected"),
    [
        ([], day(50), NONE),
        ([100], day(50), ACH),
        ([120], day(50), ACH),
        ([100], day(150), ACH),  # reached: stays achieved after the deadline
        ([99], day(101), MISS),
        ([99], day(100), ON),  # deadline today: not missed yet
        ([50], day(50), ON),
        ([60], day(50), ON),  # ahead
        ([45], day(50), ON),  # 5 % behind: the edge of the band
        ([44], day(50), RISK),
        ([35], day(50), RISK),  # 15 %: the edge of at risk
        ([34], day(50), OFF),
        ([0], day(0), ON),
        ([0], day(-5), ON),  # before the line starts
        ([10, 20, 5], day(30), OFF),  # only the latest value counts
    ],
)
def test_kpi_status_increase(values: list[float], today: date, expected: KpiStatus) -> None:
    assert kpi_status(make_kpi(0, 100), series(*values), LINE, today) == expected


FALLING = PaceLine(START, 5.0, day(100), 2.0)  # defect rate 5 % to 2 %


@pytest.mark.parametrize(
    ("value", "today", "expected"),
    [
        (2.0, day(10), ACH),
        (1.5, day(10), ACH),
        (3.5, day(50), ON),
        (3.65, day(50), ON),  # 0.15 behind = 5 % of 3
        (3.8, day(50), RISK),
        (4.0, day(50), OFF),
        (3.0, day(50), ON),  # ahead
        (2.1, day(101), MISS),
        (2.1, day(100), ON),
    ],
)
def test_kpi_status_decrease(value: float, today: date, expected: KpiStatus) -> None:
    assert kpi_status(make_kpi(5, 2, KpiKind.DECREASE), series(value), FALLING, today) == expected


def test_kpi_status_tolerance_is_a_parameter() -> None:
    kpi, values = make_kpi(0, 100), series(40)
    assert TOLERANCE == 0.05
    assert kpi_status(kpi, values, LINE, day(50)) == RISK
    assert kpi_status(kpi, values, LINE, day(50), tolerance=0.1) == ON
    assert kpi_status(kpi, values, LINE, day(50), tolerance=0.02) == OFF


@pytest.mark.parametrize(
    ("baseline", "target", "value", "expected"),
    [
        (50, 50, 49, ON),  # span 0: |target| = 50 is the scale, 1 behind is 2 %
        (50, 50, 40, OFF),
        (0, 0, -0.04, ON),  # span 0 and target 0: a scale of 1
        (0, 0, -0.5, OFF),
    ],
)
def test_kpi_status_baseline_equals_target(
    baseline: float, target: float, value: float, expected: KpiStatus
) -> None:
    kpi = make_kpi(baseline, target)
    line = pace_line(kpi, START, day(100))
    assert kpi_status(kpi, series(value), line, day(50)) == expected


def stay(values: list[float], today: date, kind: KpiKind = KpiKind.STAY_BELOW) -> KpiStatus:
    kpi = make_kpi(3, 2, kind)
    return kpi_status(kpi, series(*values), pace_line(kpi, START, day(100)), today)


@pytest.mark.parametrize(
    ("values", "today", "expected"),
    [
        ([], day(50), NONE),
        ([2] * 10, day(50), ON),
        ([2] * 9 + [3], day(50), RISK),  # 90 % but the latest is out
        ([3] + [1] * 9, day(50), ON),
        ([3, 3] + [1] * 8, day(50), RISK),  # 80 %
        ([3, 3, 3] + [1] * 9, day(50), RISK),  # 75 %
        ([3, 3, 3, 3] + [1] * 8, day(50), OFF),  # 66 %
        ([3], day(50), OFF),
        ([1] * 9 + [3], day(101), ACH),  # after the deadline: 90 % is enough
        ([1] * 8 + [3, 3], day(101), MISS),
        ([2] * 10, day(100), ON),  # deadline today
    ],
)
def test_kpi_status_stay_below(values: list[float], today: date, expected: KpiStatus) -> None:
    assert stay(values, today) == expected


def test_kpi_status_stay_above() -> None:
    assert stay([2, 2.5, 9], day(50), KpiKind.STAY_ABOVE) == ON
    assert stay([2, 1.9, 9], day(50), KpiKind.STAY_ABOVE) == OFF
    assert stay([1.9], day(101), KpiKind.STAY_ABOVE) == MISS


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], None),
        ([NONE], NONE),
        ([NONE, NONE], NONE),
        ([NONE, ACH], ACH),
        ([ACH, ON, RISK], RISK),
        ([ON, OFF, ACH, RISK], OFF),
        ([OFF, MISS, NONE], MISS),
        ([ACH, ACH], ACH),
    ],
)
def test_worst_status(statuses: list[KpiStatus], expected: KpiStatus | None) -> None:
    assert worst_status(statuses) == expected
    assert worst_status(iter(statuses)) == expected
