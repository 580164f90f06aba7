"""A recorded value that gets a KPI to an open checkpoint is offered, never marked silently."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.dialogs import ConfirmScreen
from tests.ui.checkin_data import make_checkin_db
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_checkin import open_checkin


def checkpoint_app(tmp_path: Path) -> GoalApp:
    """The check-in database, with Weight (80 -> 75 kg) due at 78 kg in 20 days."""
    clock = FixedClock(TODAY)
    db = make_checkin_db(tmp_path / "checkin.db", clock)
    svc = GoalService.open(db, clock)
    try:
        weight = next(k for k in svc.repo.kpis() if k.name == "Weight")
        m = svc.add_milestone(weight.goal_id, "Lighter", TODAY + timedelta(days=20))
        svc.milestone_service.set_checkpoint(m.id, weight.id, 78)
    finally:
        svc.close()
    return GoalApp(db, clock=clock, settings_path=tmp_path / "settings.json")


def lighter_done(app: GoalApp) -> object:
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        return next(m.done_on for m in svc.repo.milestones() if m.title == "Lighter")
    finally:
        svc.close()


@pytest.mark.parametrize(("key", "done"), [("y", TODAY), ("n", None), ("escape", None)])
async def test_reaching_a_checkpoint_offers_to_mark_it(tmp_path, key, done):
    app = checkpoint_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press(*["enter"] * 4)  # Minutes, Pages, Km, Sleep left empty
        await pilot.press(*"77.5", "ctrl+s")  # Weight: past 78 on the way down
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.question)
        assert "checkpoint “Lighter” (Weight 78 kg)" in question
        await pilot.press(key)
        await wait_idle(pilot, app)
        assert app.screen is screen
    assert lighter_done(app) == done


async def test_a_value_short_of_the_checkpoint_asks_nothing(tmp_path):
    app = checkpoint_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press(*["enter"] * 4)
        await pilot.press(*"79", "ctrl+s")
        await wait_idle(pilot, app)
        assert app.screen is screen
    assert lighter_done(app) is None
