"""A small database for the check-in tests: 5 daily KPIs and 2 steps due today."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.storage.repository import PlanRows

TODAY = date(2026, 11, 22)


def make_checkin_db(path: Path, clock: FixedClock) -> Path:
    """Two goals: five daily KPIs between them, two steps due, one milestone of one step."""
    svc = GoalService.open(path, clock)
    try:
        start = TODAY - timedelta(days=30)
        svc.create_goal(
            PlanRows(
                goal={
                    "title": "Run a half marathon",
                    "start": start,
                    "deadline": TODAY + timedelta(days=60),
                },
                kpis=[
                    {
                        "name": "Km run",
                        "unit": "km",
                        "baseline": 0,
                        "target": 20,
                        "cadence": "daily",
                    },
                    {"name": "Sleep", "unit": "h", "baseline": 6, "target": 8, "cadence": "daily"},
                    {
                        "name": "Weight",
                        "unit": "kg",
                        "baseline": 80,
                        "target": 75,
                        "kind": "decrease",
                        "cadence": "daily",
                    },
                ],
                milestones=[
                    {
                        "title": "Buy running shoes",
                        "target_date": TODAY + timedelta(days=3),
                        "steps": [{"title": "Visit the running shop", "due": TODAY}],
                    }
                ],
            )
        )
        svc.create_goal(
            PlanRows(
                goal={
                    "title": "Read [bold]more[/",
                    "start": start,
                    "deadline": TODAY + timedelta(days=60),
                },
                kpis=[
                    {
                        "name": "Pages read",
                        "unit": "pages",
                        "baseline": 0,
                        "target": 40,
                        "cadence": "daily",
                    },
                    {
                        "name": "Minutes read",
                        "unit": "min",
                        "baseline": 0,
                        "target": 60,
                        "cadence": "daily",
                    },
                ],
                milestones=[
                    {
                        "title": "Finish the first book",
                        "target_date": TODAY + timedelta(days=10),
                        "steps": [
                            {"title": "Read chapter 1", "due": TODAY - timedelta(days=1)},
                            {"title": "Read chapter 2", "due": TODAY + timedelta(days=5)},
                        ],
                    }
                ],
            )
        )
    finally:
        svc.close()
    return path
