"""A quarterly KPI: due when its quarter has no value yet (as a monthly one is), and its window."""

from __future__ import annotations

from datetime import date, datetime

from goaltui.domain.models import GoalStatus
from goaltui.services.readings import OVERVIEW_PERIODS

NOW = datetime(2026, 11, 22, 9)  # the fixture clock's day: in the quarter 10-01 .. 12-31


def test_quarterly_due_only_without_a_value_this_quarter(demo_service):
    goal = next(g for g in demo_service.goals() if g.status == GoalStatus.ACTIVE)
    last_value = {
        "Q seen on the quarter's first day": (date(2026, 10, 1), "quarterly"),
        "Q seen on the last quarter's last day": (date(2026, 9, 30), "quarterly"),
        "Q never seen": (None, "quarterly"),
        "M seen last month": (date(2026, 10, 31), "monthly"),
    }
    for name, (day, cadence) in last_value.items():
        k = demo_service.add_kpi(goal.id, name=name, baseline=0, target=10, cadence=cadence)
        if day is not None:
            demo_service.repo.add_measurements([(k.id, day, 1.0, "")], NOW)
    due = {i.title for i in demo_service.due() if i.kind == "kpi"}
    assert "Q seen on the quarter's first day" not in due
    assert {
        "Q seen on the last quarter's last day",
        "Q never seen",
        "M seen last month",
    } <= due


def test_overview_reads_a_window_of_quarters(demo_service):
    """8 quarters are drawn, widened to the 9 the forecast reads (its 8 before this one)."""
    goal = demo_service.repo.add(
        "goal", now=NOW, title="Long", start=date(2024, 1, 1), deadline=date(2027, 12, 31)
    )
    k = demo_service.add_kpi(
        goal.id, name="Quarterly", baseline=0, target=10, cadence="quarterly", aggregation="sum"
    )
    # one value in each of the twelve quarters of 2024, 2025 and 2026
    rows = [(k.id, date(y, m, 15), 1.0, "") for y in (2024, 2025, 2026) for m in (2, 5, 8, 11)]
    demo_service.repo.add_measurements(rows, NOW)
    assert OVERVIEW_PERIODS[k.cadence] == 8
    reading = next(r for r in demo_service.readings([goal.id]) if r.kpi.id == k.id)
    quarters = [date(2024, 10, 1)] + [date(y, m, 1) for y in (2025, 2026) for m in (1, 4, 7, 10)]
    assert [p.start for p in reading.series] == quarters
    # a quarterly total: Q4 2026 is unfinished and behind, so Q3 is judged on its last day
    assert reading.judged_on == date(2026, 9, 30)
