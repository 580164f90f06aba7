"""A range KPI shows both its ends where a target is shown: `list --kpis`, the report."""

from __future__ import annotations

from datetime import date

from goaltui.storage.repository import PlanRows
from tests.cli.helpers import cli_at


def test_list_and_report_show_the_range(capsys, service, clock, db_arg):
    goal = service.create_goal(
        PlanRows(
            goal={"title": "Focus", "start": date(2026, 10, 5), "deadline": date(2026, 12, 27)},
            kpis=[
                {
                    "name": "Deep work",
                    "unit": "min",
                    "baseline": 45.0,
                    "target": 45.0,
                    "high": 60.0,
                    "kind": "between",
                    "cadence": "weekly",
                    "aggregation": "mean",
                }
            ],
        )
    )
    [kpi] = service.repo.kpis([goal.id])
    service.record(kpi, 52, date(2026, 11, 10))  # the week of 9 Nov: 52, in bounds
    service.close()
    listed = cli_at(capsys, clock, "--db", db_arg, "list", "--kpis")
    assert listed.code == 0
    assert "52/45–60 min" in listed.out
    assert "1 of 1 period in bounds" in listed.out
    report = cli_at(capsys, clock, "--db", db_arg, "export", "markdown")
    assert "| 45–60 min |" in report.out
