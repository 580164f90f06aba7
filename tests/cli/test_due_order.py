"""`goaltui due`: steps most urgent first, then most important; `--format json` names importance."""

from __future__ import annotations

import json
from datetime import date

import pytest

from goaltui.storage.repository import PlanRows
from tests.cli.helpers import cli_at


@pytest.fixture
def steps_db(service, db_arg):
    """Four steps of one goal, on the clock's today 2026-11-22."""
    plan = PlanRows(
        goal={"title": "Run a half marathon", "status": "active", "start": date(2026, 9, 1)},
        milestones=[
            {
                "title": "10 km",
                "target_date": date(2026, 12, 20),
                "steps": [
                    {"title": "Stretch", "due": date(2026, 11, 10), "importance": "low"},
                    {"title": "Book a physio", "due": date(2026, 11, 21), "importance": "high"},
                    {"title": "Run 5 km", "due": date(2026, 11, 22)},
                    {"title": "Buy gels", "due": date(2026, 11, 22), "importance": "high"},
                    {"title": "Plan the route", "due": date(2026, 11, 25), "importance": "high"},
                ],
            }
        ],
    )
    service.create_goal(plan)
    service.close()
    return db_arg


def test_due_lists_steps_by_urgency_then_importance(capsys, clock, steps_db):
    r = cli_at(capsys, clock, "--db", str(steps_db), "due")
    assert r.code == 0
    steps = [line for line in r.out.splitlines() if "  step  " in line]
    # Overdue: high (1 day) before low (12 days); today: high before normal.
    # "Plan the route" is due in 3 days: not due yet.
    assert [line.split("  step  ")[1].split("  (")[0].strip() for line in steps] == [
        "Book a physio",
        "Stretch",
        "Buy gels",
        "Run 5 km",
    ]
    assert steps[0].rstrip().endswith("[high]")
    assert steps[1].rstrip().endswith("[low]")
    assert steps[3].rstrip().endswith("(Run a half marathon)")


def test_due_as_json_names_the_importance(capsys, clock, steps_db):
    r = cli_at(capsys, clock, "--db", str(steps_db), "due", "--format", "json")
    assert r.code == 0
    items = json.loads(r.out)
    steps = [i for i in items if i["kind"] == "step"]
    assert [(s["title"], s["importance"], s["due"], s["overdue_days"]) for s in steps] == [
        ("Book a physio", "high", "2026-11-21", 1),
        ("Stretch", "low", "2026-11-10", 12),
        ("Buy gels", "high", "2026-11-22", 0),
        ("Run 5 km", "normal", "2026-11-22", 0),
    ]
    assert [i["kind"] for i in items][-1] == "checkin"
    assert all(s["goal"] == "Run a half marathon" for s in steps)


def test_due_as_json_with_nothing_due_is_an_empty_list(capsys, clock, service, db_arg):
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "due", "--format", "json")
    assert (r.code, json.loads(r.out)) == (0, [])
