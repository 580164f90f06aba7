"""The full reading of a KPI, as the screens show it."""

from datetime import date, datetime, timedelta

from goaltui.domain.kpi import read_kpi
from goaltui.domain.models import (
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    KpiStatus,
    PaceLine,
    PeriodValue,
)

START = date(2026, 1, 5)
DEADLINE = START + timedelta(days=100)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


def make_goal(**changes: object) -> Goal:
    fields: dict[str, object] = {
        "id": 1,
        "title": "Raise customer satisfaction from 70% to 85%",
        "start": START,
        "deadline": DEADLINE,
    }
    fields.update(changes)
    return Goal(**fields)  # type: ignore[arg-type]


KPI = Kpi(id=7, goal_id=1, name="CSAT", unit="%", baseline=0.0, target=100.0)


def points(*pairs: tuple[int, float]) -> list[PeriodValue]:
    return [PeriodValue(day(offset), value) for offset, value in pairs]


def test_read_kpi_on_pace() -> None:
    series = points((0, 0.0), (7, 7.0), (14, 14.0), (21, 21.0))
    reading = read_kpi(KPI, make_goal(), series, day(21))
    assert reading.kpi is KPI
    assert reading.goal_title == "Raise customer satisfaction from 70% to 85%"
    assert reading.current == 21.0
    assert reading.expected == 21.0
    assert reading.status == KpiStatus.ON_TRACK
    assert reading.progress == 0.21
    assert reading.days_ahead == 0
    assert reading.forecast == day(100)
    assert reading.series == tuple(series)
    assert reading.pace == PaceLine(START, 0.0, DEADLINE, 100.0)
    assert reading.original_pace is None


def test_read_kpi_without_measurements() -> None:
    reading = read_kpi(KPI, make_goal(), [], day(10))
    assert reading.current is None
    assert reading.status == KpiStatus.NO_DATA
    assert reading.progress == 0.0
    assert reading.days_ahead is None
    assert reading.forecast is None
    assert reading.series == ()
    assert reading.expected == 10.0


def test_read_kpi_after_the_deadline() -> None:
    reading = read_kpi(KPI, make_goal(), points((0, 0.0), (90, 80.0)), day(101))
    assert reading.status == KpiStatus.MISSED
    assert reading.expected == 100.0


def test_read_kpi_deadline_today_is_not_missed_yet() -> None:
    reading = read_kpi(KPI, make_goal(), points((0, 0.0), (98, 97.0)), DEADLINE)
    assert reading.status == KpiStatus.ON_TRACK


def test_read_kpi_without_a_deadline_runs_a_year() -> None:
    goal = make_goal(deadline=None)
    reading = read_kpi(KPI, goal, points((0, 0.0)), day(10))
    assert reading.pace is not None
    assert reading.pace.end == START + timedelta(days=365)


def test_read_kpi_keeps_the_original_line() -> None:
    original = PaceLine(START, 0.0, day(50), 100.0)
    revised = Kpi(7, 1, "CSAT", "%", 0.0, 100.0, pace_start=day(30), pace_from=20.0)
    reading = read_kpi(revised, make_goal(), points((30, 20.0)), day(30), original)
    assert reading.original_pace == original
    assert reading.pace == PaceLine(day(30), 20.0, DEADLINE, 100.0)
    assert reading.expected == 20.0
    assert reading.status == KpiStatus.ON_TRACK


def test_read_kpi_leaves_out_periods_after_the_day() -> None:
    reading = read_kpi(KPI, make_goal(), points((0, 0.0), (7, 7.0), (30, 90.0)), day(10))
    assert reading.current == 7.0
    assert len(reading.series) == 2


def test_paused_goal_is_frozen_on_the_day_it_was_paused() -> None:
    paused = make_goal(status=GoalStatus.PAUSED, updated_at=datetime(2026, 2, 4, 18, 30))
    series = points((0, 0.0), (28, 30.0))  # on pace on day 30 (2026-02-04)
    much_later = day(200)
    reading = read_kpi(KPI, paused, series, much_later)
    assert reading.status == KpiStatus.ON_TRACK  # not missed, though past the deadline
    assert reading.expected == 30.0
    assert reading.days_ahead == 0
    active = read_kpi(KPI, make_goal(), series, much_later)
    assert active.status == KpiStatus.MISSED


def test_paused_goal_ignores_values_recorded_after_pausing() -> None:
    paused = make_goal(status=GoalStatus.PAUSED, updated_at=datetime(2026, 2, 4, 9, 0))
    reading = read_kpi(KPI, paused, points((0, 0.0), (28, 30.0), (35, 100.0)), day(60))
    assert reading.current == 30.0
    assert reading.status == KpiStatus.ON_TRACK


def test_paused_goal_updated_in_the_future_uses_today() -> None:
    paused = make_goal(status=GoalStatus.PAUSED, updated_at=datetime(2027, 1, 1))
    assert read_kpi(KPI, paused, points((0, 0.0)), day(50)).expected == 50.0


def test_paused_goal_without_update_time_uses_today() -> None:
    paused = make_goal(status=GoalStatus.PAUSED)
    assert read_kpi(KPI, paused, points((0, 0.0)), day(50)).expected == 50.0


def test_read_kpi_stay_below() -> None:
    kpi = Kpi(8, 1, "defect rate", "%", baseline=5.0, target=2.0, kind=KpiKind.STAY_BELOW)
    series = points(*((7 * i, 1.5) for i in range(9)), (63, 2.5))
    reading = read_kpi(kpi, make_goal(), series, day(65))
    assert reading.expected == 2.0
    assert reading.status == KpiStatus.AT_RISK
    assert reading.progress == 0.9
    assert reading.days_ahead is None
    assert reading.forecast is None


def test_read_kpi_decrease_ahead_of_pace() -> None:
    kpi = Kpi(9, 1, "defect rate", "%", baseline=5.0, target=2.0, kind=KpiKind.DECREASE)
    reading = read_kpi(kpi, make_goal(), points((0, 5.0), (49, 3.2)), day(50))
    assert reading.status == KpiStatus.ON_TRACK
    assert reading.days_ahead == 10
    assert reading.progress == 0.6
