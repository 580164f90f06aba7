"""Planned obstacles through the service, step importance, and the order of due steps."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goaltui.domain.models import Importance
from goaltui.services import GoalService, ServiceError
from goaltui.storage.repository import PlanRows

NOW = datetime(2026, 11, 22, 9, 0)  # the clock fixture's today: 2026-11-22


@pytest.fixture
def goal_id(service: GoalService) -> int:
    plan = PlanRows(
        goal={
            "title": "Run a half marathon",
            "status": "active",
            "start": date(2026, 9, 1),
            "deadline": date(2027, 4, 25),
        },
        obstacles=[{"obstacle": "It rains", "plan": "I run on the treadmill"}],
    )
    return service.create_goal(plan).id


def test_add_edit_and_remove_obstacles(service: GoalService, goal_id: int) -> None:
    added = service.add_obstacle(goal_id, "  Late meeting ", " I run at 6 am ")
    assert (added.obstacle, added.plan, added.position) == ("Late meeting", "I run at 6 am", 1)
    assert [o.obstacle for o in service.obstacles([goal_id])] == ["It rains", "Late meeting"]
    service.edit_obstacle(added.id, {"plan": "I run at lunch"})
    assert service.obstacles([goal_id])[1].plan == "I run at lunch"
    service.delete_obstacle(added.id)
    assert [o.obstacle for o in service.obstacles([goal_id])] == ["It rains"]


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_obstacle_is_refused_and_nothing_changes(
    service: GoalService, goal_id: int, blank: str
) -> None:
    first = service.obstacles([goal_id])[0]
    with pytest.raises(ServiceError, match=r"^an obstacle needs a few words"):
        service.add_obstacle(goal_id, blank, "a plan")
    with pytest.raises(ServiceError, match=r"^an obstacle needs a few words"):
        service.edit_obstacle(first.id, {"obstacle": blank})
    assert service.obstacles([goal_id]) == [first]


def test_a_checkin_names_the_planned_obstacle_it_met(service: GoalService, goal_id: int) -> None:
    rain = service.obstacles([goal_id])[0]
    service.save_checkin(
        {}, entries=[{"goal_id": goal_id, "obstacles": "storm", "obstacle_id": rain.id}]
    )
    assert service.checkins_on(date(2026, 11, 22))[goal_id].obstacle_id == rain.id
    # Removing the obstacle keeps the check-in and its words, without the link.
    service.delete_obstacle(rain.id)
    kept = service.checkins_on(date(2026, 11, 22))[goal_id]
    assert (kept.obstacles, kept.obstacle_id) == ("storm", None)


def test_importance_is_set_and_refused_when_unknown(service: GoalService, goal_id: int) -> None:
    m = service.add_milestone(goal_id, "10 km", date(2026, 12, 20))
    s = service.add_step(m.id, "Buy shoes", date(2026, 11, 30))
    assert s.importance == Importance.NORMAL
    assert service.edit_step(s.id, {"importance": "high"}).importance == Importance.HIGH
    with pytest.raises(ServiceError):
        service.edit_step(s.id, {"importance": "urgent"})
    assert service.repo.get("step", s.id).importance == Importance.HIGH


def test_due_steps_and_the_one_thing_follow_urgency_then_importance(
    service: GoalService, goal_id: int
) -> None:
    m = service.add_milestone(goal_id, "10 km", date(2026, 12, 20))
    add = service.add_step
    low_old = add(m.id, "Stretch", date(2026, 11, 10))  # 12 days overdue, low
    high_new = add(m.id, "Book a physio", date(2026, 11, 21))  # 1 day overdue, high
    today = add(m.id, "Run 5 km", date(2026, 11, 22))  # due today, normal
    soon_high = add(m.id, "Plan the route", date(2026, 11, 25))  # due soon, high
    service.edit_step(low_old.id, {"importance": "low"})
    service.edit_step(high_new.id, {"importance": "high"})
    service.edit_step(soon_high.id, {"importance": "high"})
    steps = [d for d in service.due() if d.kind == "step"]
    # Overdue first, high before low although low is older; then today; soon is not due.
    assert [d.title for d in steps] == ["Book a physio", "Stretch", "Run 5 km"]
    assert [d.importance for d in steps] == ["high", "low", "normal"]
    assert service.one_thing().ref_id == high_new.id
    for s in (high_new, low_old, today):
        service.edit_step(s.id, {"done_on": date(2026, 11, 22)})
    # Only the step due soon is open.
    assert service.one_thing().ref_id == soon_high.id
    service.edit_step(soon_high.id, {"done_on": date(2026, 11, 22)})
    assert service.one_thing() is None


def test_a_checkin_may_not_name_another_goals_obstacle(service: GoalService, goal_id: int) -> None:
    other = service.create_goal(
        PlanRows(goal={"title": "Read 12 books", "status": "active", "start": date(2026, 9, 1)})
    )
    rain = service.obstacles([goal_id])[0]
    with pytest.raises(ServiceError, match="its own goal"):
        service.save_checkin({}, entries=[{"goal_id": other.id, "obstacle_id": rain.id}])
    assert service.checkins_on(date(2026, 11, 22)) == {}


def test_set_obstacles_changes_adds_and_removes_at_once(service: GoalService, goal_id: int) -> None:
    rain = service.obstacles([goal_id])[0]
    late = service.add_obstacle(goal_id, "Late meeting", "I run at 6 am")
    after = service.set_obstacles(
        goal_id, [(None, "A cold", "I walk instead"), (rain.id, "It rains", "I run indoors")]
    )
    assert [(o.obstacle, o.plan, o.position) for o in after] == [
        ("A cold", "I walk instead", 0),
        ("It rains", "I run indoors", 1),
    ]
    assert after[1].id == rain.id
    assert late.obstacle not in {o.obstacle for o in after}


def test_set_obstacles_with_a_blank_one_changes_nothing(service: GoalService, goal_id: int) -> None:
    before = service.obstacles([goal_id])
    with pytest.raises(ServiceError, match=r"^an obstacle needs a few words"):
        service.set_obstacles(goal_id, [(None, "A cold", "rest"), (None, " ", "a plan")])
    with pytest.raises(ServiceError, match="another goal"):
        service.set_obstacles(goal_id, [(9999, "A cold", "rest")])
    assert service.obstacles([goal_id]) == before


def test_the_one_thing_can_be_a_step_due_later_or_undated(
    service: GoalService, goal_id: int
) -> None:
    m = service.add_milestone(goal_id, "10 km", date(2027, 2, 1))
    undated = service.add_step(m.id, "Find a club")  # later (no date), normal
    later = service.add_step(m.id, "Book the race", date(2027, 1, 10))  # 49 days ahead
    # Both are "later"; equal importance, so the dated one first.
    assert service.one_thing().ref_id == later.id
    service.edit_step(undated.id, {"importance": "high"})
    # Among later steps importance comes before the date: the undated high one.
    assert service.one_thing().ref_id == undated.id
