"""A biweekly KPI: due when its goal's current fortnight has no value yet, and its window.

The fixture clock's day is Sunday 2026-11-22. A goal starting on Wednesday
2026-01-07 counts fortnights from Monday 2026-01-05: 11-22 - 01-05 = 321 days,
321 // 14 = 22 fortnights on, 01-05 + 308 days = Monday 11-09: today is the last
day of the fortnight 11-09 .. 11-22. A goal starting a week later (Wednesday
01-14, Monday 01-12) is in its fortnight 11-16 .. 11-29 (01-12 + 308 days).
"""

from __future__ import annotations

from datetime import date, datetime

from goaltui.services.readings import OVERVIEW_PERIODS

NOW = datetime(2026, 11, 22, 9)


def add_goal(svc, title, start):
    return svc.repo.add("goal", now=NOW, title=title, start=start, deadline=date(2027, 6, 30))


def test_biweekly_due_only_without_a_value_this_fortnight(service):
    early = add_goal(service, "Early", date(2026, 1, 7))
    later = add_goal(service, "Later", date(2026, 1, 14))
    last_value = {
        "B seen on the fortnight's first day": (early, date(2026, 11, 9), "biweekly"),
        "B seen on the last fortnight's last day": (early, date(2026, 11, 8), "biweekly"),
        "B never seen": (early, None, "biweekly"),
        # 11-09 lies in the later goal's fortnight 11-02 .. 11-15: due again
        "B of the later goal seen on 11-09": (later, date(2026, 11, 9), "biweekly"),
        "B of the later goal seen on 11-16": (later, date(2026, 11, 16), "biweekly"),
        "W seen last week": (early, date(2026, 11, 15), "weekly"),
    }
    for name, (goal, day, cadence) in last_value.items():
        k = service.add_kpi(goal.id, name=name, baseline=0, target=10, cadence=cadence)
        if day is not None:
            service.repo.add_measurements([(k.id, day, 1.0, "")], NOW)
    due = {i.title for i in service.due() if i.kind == "kpi"}
    assert due == {
        "B seen on the last fortnight's last day",
        "B never seen",
        "B of the later goal seen on 11-09",
        "W seen last week",
    }


def test_overview_reads_a_window_of_fortnights(service):
    """13 fortnights are drawn (about half a year); the forecast needs only 9."""
    goal = add_goal(service, "Long", date(2026, 1, 7))
    k = service.add_kpi(
        goal.id, name="Biweekly", baseline=0, target=10, cadence="biweekly", aggregation="sum"
    )
    # one value on the Wednesday of each fortnight: 01-07, 01-21, ..., 01-07 + 308 = 11-11
    rows = [
        (k.id, date.fromordinal(date(2026, 1, 7).toordinal() + 14 * n), 1.0, "") for n in range(23)
    ]
    service.repo.add_measurements(rows, NOW)
    assert OVERVIEW_PERIODS[k.cadence] == 13
    reading = next(r for r in service.readings([goal.id]) if r.kpi.id == k.id)
    # today's fortnight 11-09 and the 12 before it: 11-09 - 12 * 14 days = 05-25
    starts = [date.fromordinal(date(2026, 5, 25).toordinal() + 14 * n) for n in range(13)]
    assert starts[-1] == date(2026, 11, 9)
    assert [p.start for p in reading.series] == starts
    # a total per fortnight: 11-09 .. 11-22 holds 1 so far, far behind the pace line, so
    # the fortnight 10-26 .. 11-08 is judged on its last day
    assert reading.judged_on == date(2026, 11, 8)
    assert reading.current == 1.0
