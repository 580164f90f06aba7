"""The forecast in words agrees with ahead/behind, or says why not (worked by hand)."""

from __future__ import annotations

from datetime import date

from goaltui.domain.kpi import History, read_kpi
from goaltui.domain.models import Aggregation, Cadence, Goal, Kpi, KpiKind, KpiStatus
from goaltui.domain.periods import aggregate
from goaltui.domain.present import describe_reading, forecast_kind


def reading(kind, cadence, baseline, target, start, deadline, values, today):
    goal = Goal(id=1, title="G", start=date.fromisoformat(start), deadline=deadline)
    kpi = Kpi(7, 1, "K", "u", baseline, target, kind, cadence, Aggregation.LAST)
    days = [(date.fromisoformat(day), float(value)) for day, value in values]
    periods = aggregate(days, cadence, Aggregation.LAST)
    return read_kpi(kpi, goal, History.whole(periods), date.fromisoformat(today))


def test_ahead_but_slowing_says_the_forecast_is_after_the_deadline():
    # 0 -> 100 from 2026-01-01 to 2026-04-11 (100 days): the line is at N on day N.
    # 80 on d50 (02-20), 81 on d57 (02-27), read on 02-27: the line is at 57 and reaches
    # 81 on d81: 24 days ahead. The recent rate is 1 a week (1/7 a day): 19 to go take
    # 133 days: d190 = 2026-07-10, three months after the deadline.
    r = reading(
        KpiKind.INCREASE,
        Cadence.WEEKLY,
        0,
        100,
        "2026-01-01",
        date(2026, 4, 11),
        [("2026-02-20", 80), ("2026-02-27", 81)],
        "2026-02-27",
    )
    assert (r.status, r.days_ahead, r.forecast) == (KpiStatus.ON_TRACK, 24, date(2026, 7, 10))
    assert forecast_kind(r) == "late"
    assert describe_reading(r) == (
        "on track, 24 days ahead, but slowing: target by 2026-07-10 at the recent rate, "
        "after the deadline"
    )


def test_a_forecast_held_at_today_says_so_instead_of_a_date():
    # 365 -> 0 from 2026-01-01 to 2027-01-01: the line is at 365 - N on day N.
    # One value, 300 on d10 (01-11), read on d102 (04-13): the line is at 263, and at
    # 300 on d65: 37 days behind. From the baseline, (d0, 365) -> (d10, 300) is -6.5 a
    # day: 300 to go take 46.15 days, d56.15 = 02-26, long before today. The reading
    # holds the date at today; the words say what that means.
    r = reading(
        KpiKind.DECREASE,
        Cadence.DAILY,
        365,
        0,
        "2026-01-01",
        date(2027, 1, 1),
        [("2026-01-11", 300)],
        "2026-04-13",
    )
    assert (r.days_ahead, r.forecast, r.stale_days) == (-37, date(2026, 4, 13), 92)
    assert forecast_kind(r) == "by now"
    text = describe_reading(r)
    assert text == (
        "at risk, 37 days behind, at the recent rate the target would be reached by now: "
        "no value shows it yet, last value 92 days ago"
    )
    assert "target by" not in text


def test_behind_but_catching_up_says_so():
    # 0 -> 100 from 2026-01-01 to 2026-04-11. 5 on d40 (02-10), 37 on d47 (02-17),
    # read on 02-17: the line is at 47 and reaches 37 on d37: 10 days behind, 10 % of
    # the way short: at risk. The recent rate is 32 a week: 63 to go take 63 * 7 / 32 =
    # 13.8 days: d60.8 -> d61 = 03-03, before the deadline.
    r = reading(
        KpiKind.INCREASE,
        Cadence.WEEKLY,
        0,
        100,
        "2026-01-01",
        date(2026, 4, 11),
        [("2026-02-10", 5), ("2026-02-17", 37)],
        "2026-02-17",
    )
    assert (r.status, r.days_ahead, r.forecast) == (KpiStatus.AT_RISK, -10, date(2026, 3, 3))
    assert forecast_kind(r) == "early"
    assert describe_reading(r) == (
        "at risk, 10 days behind, catching up: target by 2026-03-03 at the recent rate"
    )


def test_ahead_and_on_time_is_said_plainly():
    # 0 -> 100 over 100 days; 60 on d50 (02-20), 70 on d57 (02-27): 13 days ahead; the
    # recent rate 10 a week reaches 100 in 21 days: d78 = 03-20, before the deadline.
    r = reading(
        KpiKind.INCREASE,
        Cadence.WEEKLY,
        0,
        100,
        "2026-01-01",
        date(2026, 4, 11),
        [("2026-02-20", 60), ("2026-02-27", 70)],
        "2026-02-27",
    )
    assert forecast_kind(r) == ""
    assert describe_reading(r) == "on track, 13 days ahead, target by 2026-03-20"


def test_ahead_with_a_recent_rate_too_slow_for_the_calendar_still_has_a_forecast():
    # 1 -> -1 from 2026-01-05 over 365 days: the line falls 2/365 a day. 1e-200 on d0,
    # 0 on d1, read on d1: the line is at 0.9945 and reaches 0 on d182.5: 182 days ahead.
    # The recent rate, -1e-200 a day, would take 1e200 days for the 1 to go: as good as
    # flat, so the rate since the start is used: (d0, 1) -> (d1, 0) is -1 a day, one more
    # day: d2 = 2026-01-07.
    r = reading(
        KpiKind.DECREASE,
        Cadence.DAILY,
        1,
        -1,
        "2026-01-05",
        date(2027, 1, 5),
        [("2026-01-05", 1e-200), ("2026-01-06", 0)],
        "2026-01-06",
    )
    assert (r.days_ahead, r.forecast) == (182, date(2026, 1, 7))
    assert describe_reading(r) == "on track, 182 days ahead, target by 2026-01-07"
