"""Steps added or moved through the service stay after the goal's start and the milestone before."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goaltui.services import GoalService, ServiceError

NOW = datetime(2026, 11, 22, 9, 0)
START = date(2026, 1, 5)


@pytest.fixture
def plan(service: GoalService) -> dict[str, int]:
    """A goal from 2026-01-05 with 'Draft ready' (2026-03-01) then 'Venue booked' (2026-05-01)."""
    goal = service.repo.add(
        "goal", now=NOW, title="Hold the conference", start=START, deadline=date(2026, 12, 31)
    )
    venue = service.add_milestone(goal.id, "Venue booked", date(2026, 5, 1))
    draft = service.add_milestone(goal.id, "Draft ready", date(2026, 3, 1))
    return {"goal": goal.id, "draft": draft.id, "venue": venue.id}


def step_dues(service: GoalService, milestone_id: int) -> list[date | None]:
    return [s.due for s in service.repo.steps([milestone_id])]


@pytest.mark.parametrize(
    ("milestone", "due", "error"),
    [
        ("draft", date(2020, 3, 1), "is due 2020-03-01, before the goal starts (2026-01-05)."),
        ("draft", date(2026, 1, 4), "before the goal starts (2026-01-05)"),
        ("draft", START, None),
        ("draft", date(2026, 1, 20), None),
        ("venue", date(2026, 2, 28), "before the milestone before it ('Draft ready', 2026-03-01)"),
        ("venue", date(2026, 3, 1), None),
        ("venue", None, None),
    ],
)
def test_add_step(
    service: GoalService,
    plan: dict[str, int],
    milestone: str,
    due: date | None,
    error: str | None,
) -> None:
    if error is None:
        step = service.add_step(plan[milestone], "Book the venue", due)
        assert step.due == due
        assert step_dues(service, plan[milestone]) == [due]
        return
    with pytest.raises(ServiceError, match=r"^The step 'Book the venue' ") as caught:
        service.add_step(plan[milestone], "Book the venue", due)
    assert error in str(caught.value)
    assert step_dues(service, plan[milestone]) == []


def test_edit_step_refuses_a_due_date_before_the_start(
    service: GoalService, plan: dict[str, int]
) -> None:
    step = service.add_step(plan["venue"], "Book the venue", date(2026, 4, 1))
    with pytest.raises(ServiceError) as caught:
        service.edit_step(step.id, {"due": date(2020, 3, 1)}, "earlier")
    assert str(caught.value).startswith(
        "The step 'Book the venue' is due 2020-03-01, before the goal starts (2026-01-05)."
    )
    with pytest.raises(ServiceError, match=r"\('Draft ready', 2026-03-01\)"):
        service.edit_step(step.id, {"due": date(2026, 2, 1), "title": "Sign"}, "earlier")
    assert service.repo.get("step", step.id).due == date(2026, 4, 1)
    assert service.repo.revisions(plan["goal"]) == []


def test_edit_step_accepts_the_previous_milestones_day_and_other_changes(
    service: GoalService, plan: dict[str, int]
) -> None:
    step = service.add_step(plan["venue"], "Book the venue", date(2026, 4, 1))
    moved = service.edit_step(step.id, {"due": date(2026, 3, 1)}, "the draft is enough")
    assert moved.due == date(2026, 3, 1)
    # A step stored before these checks keeps working for changes that leave its date alone.
    old = service.repo.add("step", milestone_id=plan["venue"], title="Old", due=date(2020, 1, 1))
    assert service.edit_step(old.id, {"title": "Older"}).title == "Older"
    assert service.edit_step(old.id, {"due": None}, "no date yet").due is None


def test_a_deleted_milestone_no_longer_bounds_the_steps_after_it(
    service: GoalService, plan: dict[str, int]
) -> None:
    service.delete_milestone(plan["draft"])
    assert service.add_step(plan["venue"], "Book the venue", date(2026, 1, 10)).due == date(
        2026, 1, 10
    )
