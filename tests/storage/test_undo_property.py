"""Any run of changes to the demo goals, undone newest first, leaves every row as it was
(the revisions it wrote stay, marked undone); redone, every row as the run left it.
On both engines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus
from goaltui.services import GoalService, ServiceError
from goaltui.storage.repository import NotFound, PlanRows
from tests.storage.test_undo import checkin, database, record

TODAY = date(2026, 11, 22)

#: (what to do, which goal/KPI/step by position among those there are).
OPS = st.lists(
    st.tuples(
        st.sampled_from(
            [
                "delete_goal",
                "delete_kpi",
                "record",
                "retitle",
                "tick",
                "delete_milestone",
                "pause",
                "checkin",
                "add_goal",
            ]
        ),
        st.integers(min_value=0, max_value=50),
    ),
    min_size=1,
    max_size=6,
)


def apply(svc: GoalService, op: str, n: int) -> None:
    """Make one change, if there is something of its kind left to change."""
    goals = svc.goals()
    kpis = svc.kpis()
    steps = svc.repo.steps()
    milestones = svc.repo.milestones()
    try:
        if op == "delete_goal" and goals:
            svc.delete_goal(goals[n % len(goals)].id)
        elif op == "delete_kpi" and kpis:
            svc.delete_kpi(kpis[n % len(kpis)].id, "dropped")
        elif op == "record" and kpis:
            record(svc, kpis[n % len(kpis)], n / 7)
        elif op == "retitle" and goals:
            svc.edit_goal(goals[n % len(goals)].id, {"title": f"Goal number {n}"})
        elif op == "tick" and steps:
            step = steps[n % len(steps)]
            svc.edit_step(step.id, {"done_on": None if step.done_on else TODAY})
        elif op == "delete_milestone" and milestones:
            svc.delete_milestone(milestones[n % len(milestones)].id)
        elif op == "pause" and goals:
            svc.set_status(goals[n % len(goals)].id, GoalStatus.PAUSED)
        elif op == "checkin" and kpis and goals:
            checkin(
                svc,
                {kpis[n % len(kpis)].id: float(n)},
                steps_done=[s.id for s in steps[n % 3 :: 7] if not s.done_on],
                entries=[{"goal_id": goals[n % len(goals)].id, "confidence": 1 + n % 10}],
            )
        elif op == "add_goal":
            parent = goals[n % len(goals)].id if goals and n % 2 else None
            svc.create_goal(
                PlanRows(
                    goal={"title": f"New goal {n}", "start": TODAY, "parent_id": parent},
                    kpis=[{"name": "Count", "baseline": 0, "target": 10}],
                    milestones=[
                        {
                            "title": "Halfway",
                            "target_date": date(2027, 1, 10),
                            "steps": [{"title": "Go"}],
                        }
                    ],
                )
            )
    except (ServiceError, NotFound):
        pass


def round_trip(engine: str, folder: Path, ops: list[tuple[str, int]]) -> None:
    """Make the changes ``ops`` to the demo goals, undo them all, redo them all."""
    with database(engine, folder, demo=True) as db:
        svc = db.open(FixedClock(TODAY))
        try:
            start = db.rows()
            kept = len(svc.undo_service.changes())
            for op, n in ops:
                apply(svc, op, n)
            # A change that changes nothing (the same title twice) is not one.
            made = len(svc.undo_service.changes()) - kept
            end = db.rows()
            for _ in range(made):
                svc.undo_service.undo()
            undone = db.rows()
            # Every row is back, but the revisions the run wrote: they stay, marked undone.
            old = len(start["revision"])
            revisions = undone.pop("revision")
            assert undone == {t: v for t, v in start.items() if t != "revision"}
            assert revisions[:old] == start["revision"]
            marks = db.sql("SELECT undone FROM revision ORDER BY id")[old:]
            assert len(marks) == len(revisions) - old
            assert all(bool(m) for (m,) in marks)
            for _ in range(made):
                svc.undo_service.redo()
            assert db.rows() == end
        finally:
            svc.close()


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_undo_all_then_redo_all_round_trips_every_row(tmp_path_factory, ops):
    round_trip("sqlite", tmp_path_factory.mktemp("undo"), ops)


# A new database for each example (ids are never given twice within one): a copy of
# one holding the demo goals takes about 0.4 s on the test server, the changes and
# their undo and redo as much again; 15 examples keep the test near 12 s.
@pytest.mark.postgres
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=OPS)
def test_undo_all_then_redo_all_round_trips_every_row_on_postgresql(tmp_path_factory, ops):
    round_trip("postgres", tmp_path_factory.mktemp("undo"), ops)
