"""The wizard's likely obstacles (Achievable step) and each step's importance, by keys."""

from __future__ import annotations

from goaltui.domain.models import Importance
from goaltui.ui.screens.wizard.screen import WizardScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_wizard import (
    DEFECTS,
    SIZE,
    _traffic_until,
    fill,
    open_edit,
    settle,
    stored,
    text_of,
    type_text,
)

TRAFFIC = "Increase website traffic by 20% over six months"


async def test_obstacles_and_importance_entered_in_the_wizard_are_saved(make_app):
    app = make_app(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _traffic_until(pilot, 6)
        screen = app.screen
        assert isinstance(screen, WizardScreen)
        # The step under the second milestone: space makes it high.
        [step_key] = screen.pages.plan.query(".step-row").results()
        toggle = screen.query_one(f"#s-{step_key.key}-importance")
        toggle.focus()
        await pilot.press("space")
        await settle(pilot, app)
        assert "high" in str(toggle.render())
        screen.go(3)
        await settle(pilot, app)
        assert "What might get in the way? Plan for one." in text_of(app, "verdict-A")
        first = screen.pages.obstacles.keys[0]
        await fill(pilot, app, f"{first}-obstacle", "a post slips")
        await pilot.press("tab")
        await type_text(pilot, "I publish a short one")
        await pilot.press("ctrl+o")  # another row, its first field focused
        await settle(pilot, app)
        await type_text(pilot, "ads cost more")
        await pilot.press("tab")
        await type_text(pilot, "I pause the ads")
        await settle(pilot, app)
        assert "8/10, with a plan for 2 likely obstacles." in text_of(app, "verdict-A")
        screen.go(7)
        await settle(pilot, app)
        summary = text_of(app, "summary")
        assert "If a post slips → I publish a short one" in summary
        assert "If ads cost more → I pause the ads" in summary
        assert "Publish blog post 1  [high]" in summary
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, WizardScreen)
    svc = stored(app)
    try:
        goal = next(g for g in svc.goals() if g.title == TRAFFIC)
        assert [(o.obstacle, o.plan) for o in svc.obstacles([goal.id])] == [
            ("a post slips", "I publish a short one"),
            ("ads cost more", "I pause the ads"),
        ]
        [step] = [s for s in svc.repo.steps() if s.title == "Publish blog post 1"]
        assert step.importance == Importance.HIGH
    finally:
        svc.close()


async def test_a_plan_without_its_obstacle_is_marked_and_a_goal_without_any_saves(make_app):
    app = make_app(demo=False)
    async with app.run_test(size=SIZE) as pilot:
        await _traffic_until(pilot, 3)
        screen = app.screen
        first = screen.pages.obstacles.keys[0]
        await fill(pilot, app, f"{first}-plan", "I publish a short one")
        await settle(pilot, app)
        assert screen.checked().errors[f"{first}-obstacle"] == (
            "Say what might happen, or empty the plan."
        )
        await fill(pilot, app, f"{first}-plan", "")
        await settle(pilot, app)
        screen.go(7)
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, WizardScreen)
    svc = stored(app)
    try:
        goal = next(g for g in svc.goals() if g.title == TRAFFIC)
        assert svc.obstacles([goal.id]) == []
    finally:
        svc.close()


async def test_editing_a_goal_adds_and_removes_obstacles(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_edit(pilot, app, DEFECTS)
        screen.go(3)
        await settle(pilot, app)
        first = screen.pages.obstacles.keys[0]
        await fill(pilot, app, f"{first}-obstacle", "audits slip")
        await pilot.press("tab")
        await type_text(pilot, "I audit on Friday")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, WizardScreen)
        svc = stored(app)
        try:
            goal = next(g for g in svc.goals() if g.title.startswith(DEFECTS))
            [planned] = svc.obstacles([goal.id])
            assert (planned.obstacle, planned.plan) == ("audits slip", "I audit on Friday")
        finally:
            svc.close()
        # Open again: the row shows it; Remove takes it away.
        screen = await open_edit(pilot, app, DEFECTS)
        screen.go(3)
        await settle(pilot, app)
        [key] = screen.pages.obstacles.keys
        assert screen.query_one(f"#f-{key}-obstacle").value == "audits slip"
        screen.query_one(f"#remove-{key}").press()
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        if not isinstance(app.screen, WizardScreen) and app.screen.__class__.__name__ == (
            "ConfirmScreen"
        ):
            await pilot.press("y")
            await wait_idle(pilot, app)
    svc = stored(app)
    try:
        goal = next(g for g in svc.goals() if g.title.startswith(DEFECTS))
        assert svc.obstacles([goal.id]) == []
    finally:
        svc.close()
