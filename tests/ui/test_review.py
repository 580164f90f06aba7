"""The Review screen: evidence for a period, a weekly review and a final review by keys."""

from __future__ import annotations

from textual.widgets import Static

from goaltui.domain.models import GoalStatus, Outcome, ReviewKind
from goaltui.services import GoalService
from goaltui.ui.screens.dialogs import PickGoalScreen
from goaltui.ui.screens.review import ReviewScreen, parse_range, preset_period
from tests.ui.conftest import ON_BOTH_ENGINES, TODAY, wait_idle


async def open_review(pilot, app) -> ReviewScreen:
    await wait_idle(pilot, app)
    await pilot.press("5")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, ReviewScreen)
    return app.screen


def evidence(screen) -> str:
    return str(screen.query_one("#evidence-text", Static).render())


def test_periods():
    assert preset_period("this week", TODAY) == (TODAY.replace(day=16), TODAY)
    assert preset_period("last week", TODAY)[0].day == 9
    assert preset_period("this quarter", TODAY)[0].month == 10
    start, end = parse_range("2026-11-01 to eom", TODAY)
    assert (start.day, end.day) == (1, 30)


@ON_BOTH_ENGINES
async def test_weekly_review_for_all_goals(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        text = evidence(screen)
        assert "German paying customers: 12 → 15" in text
        assert "Earlier reviews" in text and "Keep two posts in reserve." in text
        await pilot.press("tab", "tab")  # kind select, then "What worked?"
        await pilot.press(*"Shipped the pricing page", "enter")
        await pilot.press(*"Too many meetings", "enter", "enter")
        await pilot.press(*"Block mornings", "enter", "4")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, app.clock)
    try:
        latest = svc.reviews()[0]
        assert latest.goal_id is None and latest.kind == ReviewKind.WEEKLY
        assert latest.worked == "Shipped the pricing page"
        assert latest.obstacles == "Too many meetings"
        assert latest.next_steps == "Block mornings"
        assert latest.rating == 4
        assert latest.period_start == TODAY.replace(day=16)
    finally:
        svc.close()


@ON_BOTH_ENGINES
async def test_final_review_closes_the_goal(make_app):
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
        assert "Customer satisfaction" in evidence(screen)
        assert "Expand into new markets" not in evidence(screen)
        await pilot.press("tab", "enter", "down", "down", "enter")  # Final review
        await pilot.press("tab", *"Weekly fix-it sessions", "enter")
        await pilot.press("ctrl+s")  # no outcome yet: refused
        await wait_idle(pilot, app)
        assert "outcome" in str(screen.query_one("#review-error", Static).render())
        screen.query_one("#review-outcome").focus()
        await pilot.press("enter", "down", "enter")  # Achieved (after the blank prompt)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, app.clock)
    try:
        assert svc.goal(6).status == GoalStatus.ACHIEVED
        final = svc.reviews(6)[0]
        assert final.kind == ReviewKind.FINAL and final.outcome == Outcome.ACHIEVED
        assert final.worked == "Weekly fix-it sessions"
        assert final.period_start == TODAY.replace(day=1)
    finally:
        svc.close()


def test_snapshot_review(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await wait_idle(pilot, pilot.app)
        await pilot.press("5")
        await wait_idle(pilot, pilot.app)

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)
