"""Speed-ups that must not change what is shown: the large-tree layout, kept results."""

from __future__ import annotations

import pytest
from textual.widgets import Tree

from goaltui.services import GoalService
from goaltui.storage.repository import PlanRows
from goaltui.ui.screens.goals import screen as goals_screen
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import drawn_row


def add_grandchild(app) -> None:
    """Give "Launch the product in Germany" (a sub-goal) a sub-goal of its own."""
    svc = GoalService.open(app.db_path, app.clock)
    try:
        parent = next(g for g in svc.goals() if g.title.startswith("Launch the product"))
        fields = {"title": "Hire a German sales lead", "start": app.clock.today()}
        svc.create_goal(PlanRows(goal={**fields, "parent_id": parent.id}))
    finally:
        svc.close()


def shown(app) -> list[str]:
    tree = app.screen.query_one(Tree)
    return [drawn_row(tree, line.node) for line in tree._tree_lines]


async def test_small_tree_is_fully_expanded(make_app):
    app = make_app()
    add_grandchild(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = " ".join(shown(app))
        assert "Launch the product" in titles
        assert "Hire a German sales lead" in titles


async def test_large_tree_opens_the_top_level_only(make_app, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(goals_screen, "COLLAPSE_OVER", 0)
    app = make_app()
    add_grandchild(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = " ".join(shown(app))
        assert "Launch the product" in titles  # the top level is open
        assert "Hire a German sales lead" not in titles  # deeper levels start closed
        # Open the sub-goal: it stays open when the data reloads.
        for _ in range(10):
            tree = app.screen.query_one(Tree)
            if "Launch the product" in drawn_row(tree, tree.cursor_node):
                break
            await pilot.press("down")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert "Hire a German sales lead" in " ".join(shown(app))
        app.changed()
        await wait_idle(pilot, app)
        assert "Hire a German sales lead" in " ".join(shown(app))
        # Close the top-level goal: it stays closed too.
        await pilot.press("up", "enter")
        await wait_idle(pilot, app)
        app.changed()
        await wait_idle(pilot, app)
        assert "Launch the product" not in " ".join(shown(app))


def test_kept_results_are_dropped_by_writes(make_app):
    app = make_app()
    svc = GoalService.open(app.db_path, app.clock)
    try:
        due = svc.due()
        assert svc.due() == due and svc.due() is not due  # kept, handed out as a copy
        plan = svc.timeline()
        assert svc.timeline() == plan
        svc.add_milestone(plan[0].goal.id, "A new milestone", app.clock.today())
        assert "A new milestone" in [i.title for i in svc.due() if i.kind == "milestone"]
        titles = [t.milestone.title for p in svc.timeline() for t in p.milestones]
        assert "A new milestone" in titles
        before = svc.readings()
        svc.forget()  # another program wrote: computed again
        assert svc.readings() == before
    finally:
        svc.close()


def nodes_made(app) -> int:
    todo, count = list(app.screen.query_one(Tree).root.children), 0
    while todo:
        node = todo.pop()
        count += 1
        todo.extend(node.children)
    return count


async def test_a_huge_tree_opens_closed_and_makes_rows_as_they_open(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(goals_screen, "COLLAPSE_OVER", 0)
    monkeypatch.setattr(goals_screen, "OPEN_TOP_UP_TO", 0)
    app = make_app()
    add_grandchild(app)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        tops = [s for s in app.screen._visible() if s.depth == 0]
        rows = shown(app)
        assert len(rows) == nodes_made(app) == len(tops)  # no row made for a closed goal
        assert not any("Launch the product" in row for row in rows)
        parent = next(i for i, row in enumerate(rows) if "Expand into new markets" in row)
        await pilot.press(*["down"] * parent, "enter")
        await wait_idle(pilot, app)
        assert "Launch the product" in " ".join(shown(app))
        assert "Hire a German sales lead" not in " ".join(shown(app))
