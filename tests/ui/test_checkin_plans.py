"""The check-in's one thing for today and its planned obstacles, by keys."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.widgets import Select, Static

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.storage.repository import PlanRows
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.checkin.screen import CheckinScreen
from tests.ui.conftest import TODAY, wait_idle


def plans_app(tmp_path: Path) -> GoalApp:
    """One goal with two planned obstacles and three open steps of different urgency."""
    clock = FixedClock(TODAY)
    path = tmp_path / "plans.db"
    svc = GoalService.open(path, clock)
    try:
        svc.create_goal(
            PlanRows(
                goal={
                    "title": "Run a half marathon",
                    "start": TODAY - timedelta(days=30),
                    "deadline": TODAY + timedelta(days=60),
                },
                milestones=[
                    {
                        "title": "10 km without stopping",
                        "target_date": TODAY + timedelta(days=20),
                        "steps": [
                            {"title": "Run 5 km", "due": TODAY},
                            {
                                "title": "Stretch",
                                "due": TODAY - timedelta(days=3),
                                "importance": "low",
                            },
                            {
                                "title": "Book a physio",
                                "due": TODAY - timedelta(days=1),
                                "importance": "high",
                            },
                        ],
                    }
                ],
                obstacles=[
                    {"obstacle": "It rains", "plan": "I run on the treadmill"},
                    {"obstacle": "Work runs late", "plan": "I run at 6 am"},
                ],
            )
        )
    finally:
        svc.close()
    return GoalApp(path, clock=clock, settings_path=tmp_path / "settings.json")


async def open_checkin(pilot, app) -> CheckinScreen:
    await wait_idle(pilot, app)
    await pilot.press("4")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, CheckinScreen)
    return app.screen


async def test_the_one_thing_for_today_heads_the_checkin(tmp_path):
    app = plans_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot, app)
        head = str(screen.query_one("#checkin-head", Static).render())
        # Overdue beats today; among the overdue, high beats low though low is older.
        assert "▶ The one thing for today: Book a physio (1d overdue · high)" in head
        steps = [box.step_id for box in screen.query("StepBox")]
        titles = {s.id: s.title for s in app.service.repo.steps()}
        assert [titles[i] for i in steps] == ["Book a physio", "Stretch", "Run 5 km"]


async def test_an_obstacle_matched_to_its_plan_is_saved_with_the_checkin(tmp_path):
    app = plans_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot, app)
        for _ in range(12):
            if app.focused is not None and app.focused.id == "match-1":
                break
            await pilot.press("tab")
        assert app.focused.id == "match-1"
        assert str(screen.query_one("#plan-1", Static).render()) == ""
        await pilot.press("enter", "down", "enter")  # open, past "none", pick "It rains"
        await wait_idle(pilot, app)
        assert screen.query_one("#match-1", Select).value == 1
        reminder = str(screen.query_one("#plan-1", Static).render())
        assert reminder == "→ your plan: I run on the treadmill"
        await pilot.press("shift+tab")
        await pilot.press(*"storm")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        [checkin] = svc.repo.checkins()
        assert (checkin.obstacles, checkin.obstacle_id) == ("storm", 1)
    finally:
        svc.close()


async def test_a_match_alone_is_saved_and_shown_again(tmp_path):
    app = plans_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        screen.query_one("#match-1", Select).focus()
        await pilot.press("enter", "down", "down", "enter")  # "Work runs late"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+r")
        await wait_idle(pilot, app)
        assert screen.query_one("#match-1", Select).value == 2
        assert "I run at 6 am" in str(screen.query_one("#plan-1", Static).render())
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        assert [c.obstacle_id for c in svc.repo.checkins()] == [2]
    finally:
        svc.close()


async def test_a_reload_keeps_a_choice_made_and_the_one_saved(tmp_path):
    app = plans_app(tmp_path)
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        other = svc.create_goal(
            PlanRows(
                goal={"title": "Read more", "start": TODAY - timedelta(days=30)},
                obstacles=[{"obstacle": "Too tired", "plan": "I read one page"}],
            )
        )
        svc.save_checkin({}, entries=[{"goal_id": 1, "obstacle_id": 2}])
    finally:
        svc.close()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        assert screen.query_one("#match-1", Select).value == 2
        screen.query_one(f"#match-{other.id}", Select).focus()
        await pilot.press("enter", "down", "enter")
        await pilot.press("ctrl+r")
        await wait_idle(pilot, app)
        assert screen.query_one("#match-1", Select).value == 2  # as saved
        assert screen.query_one(f"#match-{other.id}", Select).value == 3  # as chosen
        assert screen.describe_unsaved() == "1 planned obstacle"
