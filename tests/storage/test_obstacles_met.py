"""The review's evidence and its markdown list the obstacles met: planned (which, how many
days) and those that came without a plan."""

from __future__ import annotations

from datetime import date

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.services.exchange import review_markdown
from goaltui.storage.repository import PlanRows
from goaltui.ui.widgets.evidence_text import _goal_lines


def check_in(svc: GoalService, day: date, goal_id: int, **fields) -> None:
    svc.clock = FixedClock(day)
    svc.save_checkin({}, entries=[{"goal_id": goal_id, **fields}])


def test_a_week_of_obstacles_met(service: GoalService) -> None:
    goal = service.create_goal(
        PlanRows(
            goal={"title": "Run a half marathon", "status": "active", "start": date(2026, 9, 1)},
            obstacles=[
                {"obstacle": "it rains", "plan": "I run on the treadmill"},
                {"obstacle": "work runs late", "plan": "I run at 6 am"},
                {"obstacle": "I catch a cold", "plan": "I walk instead"},
            ],
        )
    )
    rain, late, _cold = service.obstacles([goal.id])
    # The week of Mon 16 to Sun 22 Nov 2026, and one day either side.
    check_in(service, date(2026, 11, 15), goal.id, obstacles="before the week")
    check_in(service, date(2026, 11, 16), goal.id, obstacles="storm", obstacle_id=rain.id)
    check_in(service, date(2026, 11, 17), goal.id, obstacle_id=late.id)
    check_in(service, date(2026, 11, 18), goal.id, obstacles="downpour", obstacle_id=rain.id)
    check_in(service, date(2026, 11, 19), goal.id, obstacles="knee hurts")
    check_in(service, date(2026, 11, 20), goal.id, obstacle_id=rain.id)
    check_in(service, date(2026, 11, 23), goal.id, obstacle_id=late.id)
    service.clock = FixedClock(date(2026, 11, 23))

    [ev] = service.evidence(date(2026, 11, 16), date(2026, 11, 22), goal.id)
    met = ev.obstacles_met
    # Rain on 16, 18 and 20 Nov: 3 days; late on 17 Nov only (23 Nov is after the week).
    assert [(p.obstacle.obstacle, len(p.days)) for p in met.planned] == [
        ("it rains", 3),
        ("work runs late", 1),
    ]
    # Without a plan: only 19 Nov (15 Nov is before the week).
    assert met.unplanned == ((date(2026, 11, 19), "knee hurts"),)

    text = review_markdown(service, date(2026, 11, 16), date(2026, 11, 22), goal.id)
    assert (
        "Obstacles met, with a plan:\n\n"
        "- If it rains → I run on the treadmill: 3 days (2026-11-16, 2026-11-18, 2026-11-20)\n"
        "- If work runs late → I run at 6 am: 1 day (2026-11-17)\n"
    ) in text
    assert "Obstacles met without a plan:\n\n- 2026-11-19: knee hurts\n" in text
    assert "cold" not in text

    shown = "\n".join("".join(text for text, _ in line) for line in _goal_lines(ev))
    assert "met as planned (3 days): If it rains → I run on the treadmill" in shown
    assert "met as planned (1 day): If work runs late → I run at 6 am" in shown
    assert "obstacle 19 Nov, no plan: knee hurts" in shown


def test_no_obstacles_no_sections(service: GoalService) -> None:
    goal = service.create_goal(
        PlanRows(goal={"title": "Read", "status": "active", "start": date(2026, 9, 1)})
    )
    text = review_markdown(service, date(2026, 11, 16), date(2026, 11, 22), goal.id)
    assert "Obstacles met" not in text
    assert not service.evidence(date(2026, 11, 16), date(2026, 11, 22))[0].obstacles_met
