"""The win service: finds a goal by id or title and gathers what it reached."""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.services import ServiceError


def _goal_id(svc, title_start: str) -> int:
    return next(g.id for g in svc.goals() if g.title.startswith(title_start))


def test_the_achieved_demo_goal_shares_its_target_and_closing(demo_service) -> None:
    win = demo_service.win("double average time")
    assert win.reached
    lines = win.text.splitlines()
    assert lines[0] == "Goal: Double average time on site from 1 to 2 minutes in six months"
    assert lines[1] == "Status: achieved"
    assert "- Average time on site: 2 min (from 1 min)" in lines
    assert any(line.startswith("Took: 2026-05-06 to ") for line in lines)
    assert lines[-1].startswith("What worked: ")


def test_a_goal_by_id_and_a_milestone_marked_done(service) -> None:
    from goaltui.storage.repository import PlanRows

    goal = service.create_goal(
        PlanRows(
            goal={"title": "Run a 10k", "start": date(2026, 10, 1), "deadline": date(2027, 1, 1)},
        )
    )
    assert not service.win(goal.id).reached
    m = service.add_milestone(goal.id, "Run 5k without stopping", date(2026, 11, 30))
    service.edit_milestone(m.id, {"done_on": date(2026, 11, 20)})
    win = service.win(str(goal.id))
    assert win.reached
    assert win.text == (
        "Goal: Run a 10k\n"
        "Status: active\n"
        "Milestones reached:\n"
        "- Run 5k without stopping (2026-11-20)\n"
        "So far: 2026-10-01 to 2026-11-22 (52 days)\n"
    )


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("no such goal", "no goal matches 'no such goal'; 'goaltui list --all' shows them"),
        ("  ", "give a goal title or id"),
        (9999, "there is no goal 9999"),
    ],
)
def test_an_unknown_goal_is_a_clear_error(demo_service, ref, message) -> None:
    with pytest.raises(ServiceError) as err:
        demo_service.win(ref)
    assert str(err.value) == message


def test_a_title_that_matches_several_goals_asks_for_more(demo_service) -> None:
    with pytest.raises(ServiceError, match="matches several goals"):
        demo_service.win("in six months")
