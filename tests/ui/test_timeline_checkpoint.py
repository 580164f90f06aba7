"""k on the Timeline sets, changes (with a reason) and clears a milestone's checkpoint."""

from __future__ import annotations

from goaltui.ui.screens.checkpoint_form import CheckpointFormScreen
from goaltui.ui.screens.dialogs import ReasonScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_timeline import FOURTH, detail, milestone, open_timeline, select, stored


def checkpoint_of(app) -> tuple[object, object]:
    svc = stored(app)
    try:
        m = milestone(svc, FOURTH)
        kpi = next((k.name for k in svc.repo.kpis() if k.id == m.kpi_id), None)
        return kpi, m.kpi_value
    finally:
        svc.close()


def kpi_value_revisions(app) -> list[tuple[str, str, str]]:
    svc = stored(app)
    try:
        return [(r.old, r.new, r.reason) for r in svc.repo.revisions() if r.field == "kpi_value"]
    finally:
        svc.close()


async def test_set_change_and_clear_a_checkpoint_by_keys(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, FOURTH)
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CheckpointFormScreen)
        # Weekly visits is the goal's only KPI with a line (page load time stays below).
        await pilot.press(*"11500", "ctrl+s")
        await wait_idle(pilot, app)
        assert checkpoint_of(app) == ("Weekly visits", 11500.0)
        assert kpi_value_revisions(app) == []  # a first value is no revision
        assert "checkpoint: Weekly visits 11500 visits" in detail(app)

        # A new value is a new target: it asks why.
        await pilot.press("k")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+u", *"11800", "ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press(*"ads", "space", *"work", "enter")
        await wait_idle(pilot, app)
        assert checkpoint_of(app) == ("Weekly visits", 11800.0)
        assert kpi_value_revisions(app) == [("11500", "11800", "ads work")]

        # Out of order with the target: one message, nothing changed.
        await pilot.press("k")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+u", *"13000", "ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press(*"more", "enter")
        await wait_idle(pilot, app)
        assert checkpoint_of(app) == ("Weekly visits", 11800.0)
        assert any("out of order" in n.message for n in app._notifications)

        # An empty value clears it (a reason, as the value it had goes).
        await pilot.press("k")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+u", "ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press(*"dropped", "enter")
        await wait_idle(pilot, app)
        assert checkpoint_of(app) == (None, None)
        assert "checkpoint:" not in detail(app)


async def test_a_step_has_no_checkpoint(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, "Blog post 2 of Fourth")
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, CheckpointFormScreen)
        assert any("belongs to a milestone" in n.message for n in app._notifications)
