"""Setting a step's importance on the timeline with one key; steps in urgency order."""

from __future__ import annotations

from goaltui.domain.models import Importance
from goaltui.ui.screens.timeline import TimelineScreen
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_timeline import POST_2, detail, open_timeline, select, step, stored, view


async def test_i_cycles_a_steps_importance_and_saves_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        assert isinstance(app.screen, TimelineScreen)
        await select(pilot, app, POST_2)
        assert "normal importance (i changes it)" in detail(app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert view(app).selected.title.startswith(POST_2)
        assert "high importance" in detail(app)
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert "low importance" in detail(app)
    svc = stored(app)
    try:
        assert step(svc, POST_2).importance == Importance.LOW
    finally:
        svc.close()


async def test_i_on_a_milestone_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        for _ in range(40):
            if view(app).selected is not None and view(app).selected.kind == "milestone":
                break
            await pilot.press("down")
        before = stored(app)
        try:
            steps = {s.id: s.importance for s in before.repo.steps()}
        finally:
            before.close()
        await pilot.press("i")
        await wait_idle(pilot, app)
        assert any("select a step" in n.message for n in app._notifications)
    after = stored(app)
    try:
        assert {s.id: s.importance for s in after.repo.steps()} == steps
    finally:
        after.close()


def test_steps_of_a_milestone_come_in_urgency_order(demo_service):
    svc = demo_service
    for tg in svc.timeline():
        for tm in tg.milestones:
            open_steps = [s for s in tm.steps if s.done_on is None]
            done = [s for s in tm.steps if s.done_on is not None]
            # Open steps first, done ones after; open ones by due date when all are of
            # normal importance (the demo's), overdue ones being the earliest.
            assert tm.steps == open_steps + done
            dues = [s.due for s in open_steps if s.due is not None]
            assert dues == sorted(dues)
    assert svc.clock.today() == TODAY
