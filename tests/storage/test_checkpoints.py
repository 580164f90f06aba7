"""Checkpoints through the service: refused when they cannot stand, revised with a reason,
and bending the pace line every reading shows.

The goal: a defect rate from 5 % on 2026-01-01 down to 2 % on 2026-12-31. Day numbers
count from 2026-01-01: 04-01 = 90, 06-30 = 180.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.services.errors import ServiceError
from goaltui.services.exchange import ImportProblem, from_json, to_json
from goaltui.storage.repository import PlanRows


def make(svc: GoalService) -> tuple[int, int, int, int]:
    """(goal, defect KPI, stay KPI, mid-year milestone)."""
    now = datetime(2026, 1, 1, 9)
    g = svc.repo.add(
        "goal", now=now, title="Fewer defects", start=date(2026, 1, 1), deadline=date(2026, 12, 31)
    )
    k = svc.repo.add(
        "kpi", goal_id=g.id, name="defect rate", unit="%", baseline=5, target=2, kind="decrease"
    )
    stay = svc.repo.add(
        "kpi", goal_id=g.id, name="escapes", baseline=1, target=1, kind="stay_below"
    )
    m = svc.add_milestone(g.id, "Mid-year", date(2026, 6, 30))
    return g.id, k.id, stay.id, m.id


@pytest.fixture
def svc(location):
    s = GoalService.open(location, FixedClock(date(2026, 4, 1), time(9)))
    try:
        yield s
    finally:
        s.close()


def test_checkpoint_bends_the_reading(svc: GoalService) -> None:
    goal_id, kpi_id, _, m_id = make(svc)
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.75)
    # 04-01 is day 90: 5 - 1.25 * 90 / 180 = 4.375 (straight would be 4.258).
    kpi = svc.repo.get("kpi", kpi_id)
    goal = svc.goal(goal_id)
    reading = svc.read_on([kpi], {goal_id: goal}, date(2026, 4, 1))[0]
    assert reading.expected == pytest.approx(4.375)
    assert (date(2026, 6, 30), 3.75) in reading.pace.points


def test_first_value_needs_no_reason_a_change_does(svc: GoalService) -> None:
    _goal_id, kpi_id, _, m_id = make(svc)
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.75)
    assert [r for r in svc.repo.revisions() if r.field == "kpi_value"] == []
    with pytest.raises(ServiceError, match="kpi value needs a reason"):
        svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.5)
    assert svc.repo.get("milestone", m_id).kpi_value == 3.75
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.5, "the audits caught up")
    revs = [r for r in svc.repo.revisions() if r.field == "kpi_value"]
    assert [(r.entity, r.old, r.new, r.reason) for r in revs] == [
        ("milestone", "3.75", "3.5", "the audits caught up")
    ]


@pytest.mark.parametrize(
    ("value", "kpi", "day", "words"),
    [
        (4.0, "stay", None, "no pace line"),
        (6.0, "rate", None, "'Mid-year' (6 on 2026-06-30) is out of order"),
        (1.0, "rate", None, "out of order: 'defect rate' should fall from it to the target 2"),
        (3.0, "rate", date(2027, 1, 5), "must not lie after the goal's deadline"),
        (3.0, "other", None, "not one of its goal's"),
    ],
)
def test_refused_and_nothing_changed(
    svc: GoalService, value: float, kpi: str, day: date | None, words: str
) -> None:
    _goal_id, kpi_id, stay_id, m_id = make(svc)
    other = svc.repo.add("goal", now=datetime(2026, 1, 1), title="Other", start=date(2026, 1, 1))
    other_kpi = svc.repo.add("kpi", goal_id=other.id, name="x", baseline=0, target=1)
    ids = {"rate": kpi_id, "stay": stay_id, "other": other_kpi.id}
    changes: dict[str, object] = {"kpi_id": ids[kpi], "kpi_value": value}
    if day is not None:
        changes["target_date"] = day
    with pytest.raises(ServiceError, match=re.escape(words)):
        svc.edit_milestone(m_id, changes, "moved")
    m = svc.repo.get("milestone", m_id)
    assert (m.kpi_id, m.kpi_value, m.target_date) == (None, None, date(2026, 6, 30))


def test_kpi_and_goal_edits_keep_checkpoints_standing(svc: GoalService) -> None:
    goal_id, kpi_id, _, m_id = make(svc)
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.75)
    with pytest.raises(ServiceError, match="out of order"):
        svc.edit_kpi(kpi_id, {"target": 4}, "easier")
    with pytest.raises(ServiceError, match="deadline"):
        svc.edit_goal(goal_id, {"deadline": date(2026, 6, 1)}, "sooner")
    with pytest.raises(ServiceError, match="needs both"):
        svc.milestone_service.set_checkpoint(m_id, kpi_id, None)
    svc.milestone_service.set_checkpoint(m_id, None, None, "no longer tied")
    assert not svc.repo.get("milestone", m_id).is_checkpoint


def test_plan_rows_checked(svc: GoalService) -> None:
    kpis = [{"name": "rate", "baseline": 5, "target": 2, "kind": "decrease"}]
    milestone = {"title": "Mid", "target_date": date(2026, 6, 30), "kpi": 0, "kpi_value": 6.0}
    plan = PlanRows(
        goal={"title": "G", "start": date(2026, 1, 1), "deadline": date(2026, 12, 31)},
        kpis=kpis,
        milestones=[milestone],
    )
    with pytest.raises(ServiceError, match="out of order"):
        svc.create_goal(plan)
    assert svc.repo.goals() == []
    ok = PlanRows(goal=plan.goal, kpis=kpis, milestones=[{**milestone, "kpi_value": 3.75}])
    g = svc.create_goal(ok)
    (m,) = svc.repo.milestones([g.id])
    assert m.kpi_value == 3.75 and m.kpi_id is not None


def test_import_refuses_a_checkpoint_out_of_order(svc: GoalService, tmp_path) -> None:
    _, kpi_id, _, m_id = make(svc)
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.75)
    doc = json.loads(json.dumps(to_json(svc), default=str))
    (row,) = doc["tables"]["milestone"]
    row["kpi_value"] = 9
    other = GoalService.open(tmp_path / "other.db", FixedClock(date(2026, 4, 1)))
    try:
        with pytest.raises(ImportProblem, match="'Mid-year' \\(9 on 2026-06-30\\) is out of order"):
            from_json(other, doc)
        assert other.repo.goals() == []
    finally:
        other.close()


def test_a_deleted_kpi_leaves_no_checkpoint_in_the_way(svc: GoalService) -> None:
    goal_id, kpi_id, _, m_id = make(svc)
    svc.milestone_service.set_checkpoint(m_id, kpi_id, 3.75)
    svc.delete_kpi(kpi_id)
    m = svc.repo.get("milestone", m_id)
    assert (m.kpi_id, m.is_checkpoint) == (None, False)
    # The milestone can still move, and the goal's dates change.
    svc.edit_milestone(m_id, {"target_date": date(2026, 7, 31)}, "later")
    svc.edit_goal(goal_id, {"deadline": date(2026, 11, 30)}, "sooner")
    with pytest.raises(ServiceError, match="needs both"):
        svc.edit_milestone(m_id, {"kpi_value": 3.0}, "again")


def test_a_weekly_total_reaches_a_checkpoint_as_a_total(svc: GoalService) -> None:
    """Posts a week, 0 to 8 by the year end, with a checkpoint of 4 a week by 06-30.

    04-01 is a Wednesday: its week runs from Monday 03-30. A value of 3 alone is
    below 4; 3 + 2 = 5 recorded in the same week reaches it. Each value alone
    (3, then 2) never would.
    """
    now = datetime(2026, 1, 1, 9)
    g = svc.repo.add(
        "goal", now=now, title="Write more", start=date(2026, 1, 1), deadline=date(2026, 12, 31)
    )
    k = svc.repo.add(
        "kpi",
        goal_id=g.id,
        name="posts",
        baseline=0,
        target=8,
        kind="increase",
        cadence="weekly",
        aggregation="sum",
    )
    m = svc.add_milestone(g.id, "Four a week", date(2026, 6, 30))
    svc.milestone_service.set_checkpoint(m.id, k.id, 4)
    first = svc.record(k, 3, date(2026, 3, 30))
    assert first.checkpoints == ()
    second = svc.record(k, 2, date(2026, 4, 1))
    assert [title for _, title, _ in second.checkpoints] == ["Four a week"]
    # The check-in holds the week's total against it too: 3 + 2 - 2 = 3 so far,
    # and 1.5 more makes 4.5 (1.5 alone is well short of 4).
    svc.record(k, -2, date(2026, 3, 31))
    result = svc.save_checkin({k.id: 1.5}, [], [])
    assert [title for _, title, _ in result.checkpoints_reached] == ["Four a week"]
