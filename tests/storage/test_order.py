"""Rows come back in the same order on SQLite and PostgreSQL, where a person sees the order."""

from __future__ import annotations

from datetime import date, datetime

NOW = datetime(2026, 11, 22, 9, 0)


def test_undated_steps_come_first_and_ties_keep_the_order_they_were_added(service):
    repo = service.repo
    goal = repo.add("goal", now=NOW, title="Order", start=date(2026, 1, 1))
    same_day = date(2026, 6, 1)
    first = repo.add("milestone", goal_id=goal.id, title="First", target_date=same_day)
    second = repo.add("milestone", goal_id=goal.id, title="Second", target_date=same_day)
    repo.add("step", milestone_id=first.id, title="dated", due=date(2026, 3, 1))
    repo.add("step", milestone_id=first.id, title="undated")
    repo.add("step", milestone_id=first.id, title="earlier", due=date(2026, 2, 1))
    repo.add("step", milestone_id=first.id, title="undated too")
    assert [m.title for m in repo.milestones([goal.id])] == ["First", "Second"]
    assert [s.title for s in repo.steps([first.id])] == [
        "undated",
        "undated too",
        "earlier",
        "dated",
    ]
    assert [m.id for m in repo.milestones()] == [first.id, second.id]
