"""Planning for a goal's likely obstacles from screen 1 (o), by keys."""

from __future__ import annotations

from textual.widgets import Static

from goaltui.ui.screens.goals.screen import GoalsScreen
from goaltui.ui.screens.obstacles_form import ObstaclesFormScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import goal_by_title, move_to, stored

TRAFFIC = "Advance from Team Lead"  # a demo goal with no obstacles planned yet


async def test_o_plans_obstacles_and_the_detail_shows_them(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, TRAFFIC)
        await pilot.press("o")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ObstaclesFormScreen)
        await pilot.press(*"a post slips", "tab", *"I publish a short one")
        await pilot.press("ctrl+o")
        await wait_idle(pilot, app)
        await pilot.press(*"ads cost more", "tab", *"I pause the ads")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert "If a post slips → I publish a short one" in detail
        assert "If ads cost more → I pause the ads" in detail
        # Emptying a row removes that obstacle.
        await pilot.press("o")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+u", "tab", "ctrl+u", "ctrl+s")
        await wait_idle(pilot, app)
    svc = stored(app)
    try:
        goal = goal_by_title(svc, TRAFFIC)
        assert [(o.obstacle, o.plan) for o in svc.obstacles([goal.id])] == [
            ("ads cost more", "I pause the ads")
        ]
    finally:
        svc.close()


async def test_a_plan_without_its_obstacle_is_refused_in_one_line(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, TRAFFIC)
        await pilot.press("o")
        await wait_idle(pilot, app)
        await pilot.press("tab", *"I publish a short one", "ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ObstaclesFormScreen)
        error = str(app.screen.query_one("#obstacle-error", Static).render())
        assert error == "A plan needs its obstacle: say what might happen, or empty the row."
        assert app.focused.id == "ob-0"
    svc = stored(app)
    try:
        assert svc.obstacles([goal_by_title(svc, TRAFFIC).id]) == []
    finally:
        svc.close()
