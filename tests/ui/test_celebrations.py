"""A reached milestone on the timeline and a goal closed as achieved get a celebration."""

from __future__ import annotations

from goaltui.ui.screens.dialogs import PickGoalScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_review import open_review
from tests.ui.test_timeline import POST_2, milestone, open_timeline, select, stored

MILESTONE = "Search optimisation of the top 20 pages"


def _titles(app) -> list[str]:
    return [n.title for n in app._notifications]


async def test_x_on_a_milestone_celebrates_and_a_step_or_undo_does_not(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await pilot.press("x")  # a step: told, not celebrated
        await wait_idle(pilot, app)
        assert "🏁 Milestone reached" not in _titles(app)
        await select(pilot, app, "Search optimisation")
        await pilot.press("x")
        await wait_idle(pilot, app)
        cheers = [n for n in app._notifications if n.title == "🏁 Milestone reached"]
        assert [n.message for n in cheers] == [
            f"{MILESTONE} is reached. One more stretch of the road behind you."
        ]
        assert not cheers[0].markup
        await pilot.press("x")  # open again: no second celebration
        await wait_idle(pilot, app)
        assert _titles(app).count("🏁 Milestone reached") == 1
    svc = stored(app)
    try:
        assert milestone(svc, MILESTONE).done_on is None
    finally:
        svc.close()


async def test_a_final_review_of_an_achieved_goal_celebrates(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        await pilot.press("p", "p")  # this month
        await wait_idle(pilot, app)
        await pilot.press("g")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, PickGoalScreen)
        await pilot.press(*"customer satisfaction", "enter")
        await wait_idle(pilot, app)
        await pilot.press("tab", "enter", "down", "down", "enter")  # Final review
        await pilot.press("tab", *"Weekly fix-it sessions", "enter")
        screen.query_one("#review-outcome").focus()
        await pilot.press("enter", "down", "enter")  # Achieved
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        cheers = [n for n in app._notifications if n.title == "🏆 Goal achieved"]
        assert len(cheers) == 1
        assert cheers[0].message.startswith(
            "Raise customer satisfaction from 70% to 85% in six months is achieved."
        )
        assert "w on screen 1 (Goals)" in cheers[0].message
