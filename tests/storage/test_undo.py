"""Undo and redo through the service, on a real file: every row comes back exactly.

Rows are compared with plain ``sqlite3`` (every column of every table), so what
undo puts back is checked as stored, not as goaltui reads it.
"""

from __future__ import annotations

import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

from goaltui.domain.changes import undone_notice
from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus
from goaltui.services import GoalService, ServiceError
from goaltui.storage.repository import PlanRows

TABLES = (
    "goal",
    "kpi",
    "measurement",
    "milestone",
    "step",
    "obstacle",
    "checkin",
    "review",
    "pause",
    "revision",
)
DEC_4 = date(2026, 12, 4)


def rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def at(svc: GoalService, day: date) -> GoalService:
    svc.clock = FixedClock(day, time(9, 0))
    return svc


def make(svc: GoalService, title: str = "Run a half marathon") -> tuple[int, list[int], list[int]]:
    """A goal with 3 KPIs, a milestone (a checkpoint of the first KPI) of 2 steps and a
    planned obstacle.

    Returns (goal, KPI ids, step ids).
    """
    goal = svc.create_goal(
        PlanRows(
            goal={
                "title": title,
                "status": "active",
                "start": date(2026, 11, 1),
                "deadline": date(2027, 2, 28),
            },
            kpis=[
                {"name": "km a week", "baseline": 0, "target": 40},
                {"name": "Long run km", "baseline": 5, "target": 21},
                {"name": "Weight", "unit": "kg", "baseline": 80, "target": 75, "kind": "decrease"},
            ],
            milestones=[
                {
                    "title": "First 10 km",
                    "target_date": date(2026, 12, 20),
                    "kpi": 0,
                    "kpi_value": 20,
                    "steps": [{"title": "Buy shoes"}, {"title": "Join a club"}],
                }
            ],
            obstacles=[{"obstacle": "It rains", "plan": "I run on the treadmill"}],
        )
    )
    kpis = [k.id for k in svc.kpis([goal.id])]
    steps = [s.id for s in svc.repo.steps([goal.id])]
    return goal.id, kpis, steps


@pytest.fixture
def svc(db_path: Path):
    s = GoalService.open(db_path, FixedClock(DEC_4))
    try:
        yield s
    finally:
        s.close()


def test_undo_of_a_checkin_restores_the_rows_and_redo_makes_them_again(
    svc: GoalService, db_path: Path
) -> None:
    goal_id, (km, long_run, weight), (shoes, _club) = make(svc)
    before = rows(db_path)
    svc.save_checkin(
        {km: 12.5, long_run: 8.0, weight: 79.2},
        steps_done=[shoes],
        entries=[{"goal_id": goal_id, "note": "Knee felt fine", "confidence": 7}],
    )
    made = rows(db_path)
    assert len(made["measurement"]) == 3
    assert made["step"] != before["step"]
    assert len(made["checkin"]) == 1

    undone = svc.undo_service.undo()
    assert rows(db_path) == before
    # 3 values added, 1 step ticked (updated), 1 check-in row added; 4 Dec is this year.
    assert undone.label == "the check-in of 4 Dec"
    assert undone.summary == "3 KPI values, 1 step and 1 check-in note"
    assert undone.undone
    assert undone_notice(undone) == (
        "Undone: the check-in of 4 Dec (3 KPI values, 1 step and 1 check-in note)"
    )

    redone = svc.undo_service.redo()
    assert rows(db_path) == made
    assert (redone.id, redone.undone) == (undone.id, False)
    assert undone_notice(redone, redo=True) == (
        "Redone: the check-in of 4 Dec (3 KPI values, 1 step and 1 check-in note)"
    )


def test_undo_of_a_goal_delete_brings_back_every_row_and_the_sub_goal_link(
    svc: GoalService, db_path: Path
) -> None:
    goal_id, (km, long_run, _weight), (shoes, _club) = make(svc)
    other, _, _ = make(svc, "Read 12 books")
    sub = svc.create_goal(
        PlanRows(goal={"title": "Stretch daily", "start": DEC_4, "parent_id": goal_id})
    )
    rain = svc.obstacles([goal_id])[0]
    at(svc, date(2026, 11, 20)).save_checkin(
        {km: 10.0, long_run: 6.0},
        steps_done=[shoes],
        entries=[{"goal_id": goal_id, "obstacles": "storm", "obstacle_id": rain.id}],
    )
    at(svc, date(2026, 11, 25)).set_status(goal_id, GoalStatus.PAUSED)
    at(svc, date(2026, 11, 28)).set_status(goal_id, GoalStatus.ACTIVE)
    at(svc, DEC_4).edit_kpi(km, {"target": 35.0}, reason="a sore knee")
    svc.add_review(
        goal_id=goal_id,
        kind="weekly",
        period_start=date(2026, 11, 27),
        period_end=DEC_4,
        worked="Early runs",
    )
    before = rows(db_path)
    assert [len(before[t]) for t in TABLES] == [3, 6, 2, 2, 4, 2, 1, 1, 1, 1]
    assert svc.repo.milestones([goal_id])[0].kpi_id == km

    svc.delete_goal(goal_id)
    gone = rows(db_path)
    assert [g[0] for g in gone["goal"]] == [other, sub.id]
    assert svc.goal(sub.id).parent_id is None
    assert [len(gone[t]) for t in TABLES] == [2, 3, 0, 1, 2, 1, 0, 0, 0, 0]

    undone = svc.undo_service.undo()
    assert rows(db_path) == before
    assert svc.goal(sub.id).parent_id == goal_id
    # Gone with the goal: 3 KPIs, 2 values, 1 milestone, 2 steps, 1 obstacle, the
    # check-in, the review and the pause; the sub-goal's update and the revision
    # are not named.
    assert undone.label == "deleting the goal 'Run a half marathon'"
    assert undone.summary == (
        "1 goal, 3 KPIs, 2 KPI values, 1 milestone, 2 steps, 1 planned obstacle, "
        "1 check-in note, 1 review and 1 pause"
    )
    svc.undo_service.redo()
    assert rows(db_path) == gone


def test_undo_and_redo_after_a_restart(db_path: Path) -> None:
    first = GoalService.open(db_path, FixedClock(DEC_4))
    goal_id, _, _ = make(first)
    empty = rows(db_path)
    first.edit_goal(goal_id, {"title": "Run a full marathon"})
    edited = rows(db_path)
    first.close()

    second = GoalService.open(db_path, FixedClock(DEC_4))
    change = second.undo_service.undo()
    assert change.label == "changing the goal 'Run a half marathon'"
    assert rows(db_path) == empty
    second.close()

    third = GoalService.open(db_path, FixedClock(DEC_4))
    try:
        assert third.undo_service.redo().id == change.id
        assert rows(db_path) == edited
        assert third.goal(goal_id).title == "Run a full marathon"
    finally:
        third.close()


def test_an_undone_revision_stays_marked_and_the_pace_line_is_as_before(
    db_path: Path,
) -> None:
    svc = GoalService.open(db_path, FixedClock(date(2026, 2, 10)))
    try:
        # 0 -> 100 from 2026-01-01 to 2026-04-11: 100 days, 1 a day.
        start, deadline = date(2026, 1, 1), date(2026, 4, 11)
        g = svc.repo.add("goal", now=svc.clock.now(), title="Run", start=start, deadline=deadline)
        kpi = svc.repo.add("kpi", goal_id=g.id, name="km", baseline=0, target=100)
        plain = svc.reading(kpi.id)
        # 02-10 is day 40: the line is at 40.
        assert plain.expected == 40.0
        # On 01-21 (day 20, the line at 20) the target goes to 80: from (01-21, 20)
        # to (04-11, 80), 80 days for 60, 0.75 a day.
        at(svc, date(2026, 1, 21)).edit_kpi(kpi.id, {"target": 80.0}, reason="injury")
        # On 02-10: 20 + 0.75 * 20 = 35.
        assert at(svc, date(2026, 2, 10)).reading(kpi.id).expected == 35.0
        [revision] = svc.repo.revisions()
        assert (revision.field, revision.reason, revision.undone) == ("target", "injury", False)

        undone = svc.undo_service.undo()
        assert undone.summary == "1 KPI"
        [kept] = svc.repo.revisions()
        assert (kept.id, kept.reason, kept.old, kept.new) == (
            revision.id,
            "injury",
            revision.old,
            revision.new,
        )
        assert kept.undone
        assert svc.repo.get("kpi", kpi.id).target == 100.0
        assert svc.reading(kpi.id) == plain

        svc.undo_service.redo()
        assert not svc.repo.revisions()[0].undone
        assert svc.repo.get("kpi", kpi.id).target == 80.0
        assert svc.reading(kpi.id).expected == 35.0
    finally:
        svc.close()


def test_undo_is_refused_while_a_later_change_touched_the_same_row(
    svc: GoalService, db_path: Path
) -> None:
    goal_id, _, _ = make(svc)
    a = svc.edit_goal(goal_id, {"title": "Run a full marathon"})
    b = svc.edit_goal(goal_id, {"why": "To feel strong"})
    assert (a.title, b.why) == ("Run a full marathon", "To feel strong")
    first, second = (c.id for c in svc.undo_service.changes()[1::-1])
    before = rows(db_path)
    with pytest.raises(ServiceError) as refused:
        svc.undo_service.undo(first)
    assert str(refused.value) == (
        f"change {first} cannot be undone: change {second}, made since, "
        f"changed the same items (undo it first: 'goaltui undo {second}')"
    )
    assert rows(db_path) == before
    assert not any(c.undone for c in svc.undo_service.changes())

    assert svc.undo_service.undo(second).id == second
    assert svc.undo_service.undo(first).id == first
    assert svc.goal(goal_id).title == "Run a half marathon"
    assert svc.goal(goal_id).why == ""


def test_undo_of_a_goal_is_refused_while_a_later_change_added_to_it(
    svc: GoalService, db_path: Path
) -> None:
    goal_id, _, _ = make(svc)
    created = svc.undo_service.changes()[0].id
    svc.add_kpi(goal_id, reason="more to track", name="Runs a week", baseline=0, target=4)
    added = svc.undo_service.changes()[0].id
    before = rows(db_path)
    with pytest.raises(ServiceError) as refused:
        svc.undo_service.undo(created)
    # Deleting the goal would take the new KPI (and its revision) with it.
    assert str(refused.value) == (
        f"change {created} cannot be undone: change {added}, made since, "
        f"depends on what it would take away (undo it first: 'goaltui undo {added}')"
    )
    assert rows(db_path) == before
    svc.undo_service.undo()
    svc.undo_service.undo()
    assert rows(db_path)["goal"] == []
    assert rows(db_path)["revision"] == []


def test_an_undone_revision_is_marked_wherever_the_ledger_is_shown(svc: GoalService) -> None:
    from goaltui.services.evidence import review_evidence
    from goaltui.services.exchange import to_markdown
    from goaltui.ui.widgets.evidence_text import evidence_lines
    from goaltui.ui.widgets.goal_detail import render_detail

    goal_id, (km, _, _), _ = make(svc)
    svc.edit_kpi(km, {"target": 50}, "a stronger club")
    svc.undo_service.undo()
    assert svc.kpis([goal_id])[0].target == 40
    pane = render_detail(svc.detail(goal_id), None, DEC_4).plain
    assert "because a stronger club  (undone)" in pane
    [ev] = review_evidence(svc, DEC_4, DEC_4, goal_id)
    assert "because a stronger club  (undone)" in evidence_lines([ev]).plain
    assert "a stronger club (undone)" in to_markdown(svc)
