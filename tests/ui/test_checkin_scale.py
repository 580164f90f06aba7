"""The check-in form stays small with a long history: what it shows, what it leaves out."""

from __future__ import annotations

from datetime import date

from goaltui.domain.models import Goal
from goaltui.services import DueItem
from goaltui.ui.screens.checkin.data import GOAL_CAP, STEP_CAP, CheckinData, choose

TODAY = date(2026, 11, 22)


def goal(n: int) -> Goal:
    return Goal(id=n, title=f"Goal {n}", start=date(2024, 1, 1), deadline=None)


def step(n: int, goal_id: int, late: int) -> DueItem:
    return DueItem("step", f"Step {n}", goal_id, f"Goal {goal_id}", TODAY, n, late)


def test_few_goals_all_get_a_confidence_row():
    active = [goal(n) for n in range(1, 6)]
    shown, goals = choose([step(1, 2, 3)], active, recent=set())
    assert goals == active
    assert [d.ref_id for d in shown["step"]] == [1]


def test_many_steps_and_goals_are_capped_most_overdue_first():
    active = [goal(n) for n in range(1, 2001)]
    # due() lists the most overdue steps first
    due = [step(n, n, 1000 - n) for n in range(1, 901)]
    shown, goals = choose(due, active, recent={1500, 1999})
    assert [d.ref_id for d in shown["step"]] == list(range(1, STEP_CAP + 1))
    assert len(goals) == GOAL_CAP
    # goals with a step on the form come first; nothing idle is shown
    assert {g.id for g in goals} <= {d.goal_id for d in shown["step"]}
    data = CheckinData(due, {}, goals, {}, len(active), shown)
    assert data.hidden("step") == 900 - STEP_CAP
    assert data.hidden("kpi") == 0


def test_recent_checkins_fill_the_rows_left():
    active = [goal(n) for n in range(1, 100)]
    _shown, goals = choose([step(1, 7, 5)], active, recent={40, 41, 90})
    assert [g.id for g in goals] == [7, 40, 41, 90]
