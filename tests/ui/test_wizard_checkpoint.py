"""The wizard's reverse plan ties a milestone to a KPI, proposes its value and saves it."""

from __future__ import annotations

from textual.widgets import Button

from tests.ui.conftest import wait_idle
from tests.ui.test_wizard import (
    SIZE,
    _traffic_until,
    fill,
    note,
    settle,
    stored,
    text_of,
    value,
)


async def test_propose_change_and_save_a_checkpoint(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await _traffic_until(pilot, 6)
        screen = app.screen
        last, first = screen.milestone_keys  # entered last first
        await fill(pilot, app, f"{first}-kpi", "monthly")  # a prefix is enough
        screen.query_one("#propose-checkpoints", Button).press()
        await settle(pilot, app)
        # 10000 -> 12000 visits from 2026-11-22 to 2027-05-22 (181 days); "First posts
        # out" is on 2026-12-22, day 30: 10000 + 2000 * 30 / 181 = 10331.5, a change of
        # 2000 rounds to whole visits: 10331 (rounded half to even: 10331.49 -> 10331).
        assert value(app, f"{first}-kpiv") == "10331"
        assert value(app, f"{last}-kpiv") == ""  # not tied to a KPI: nothing proposed
        # Out of order: below the baseline of an increase.
        await fill(pilot, app, f"{first}-kpiv", "9000")
        await settle(pilot, app)
        assert "out of order" in note(app, f"{first}-kpiv")
        await fill(pilot, app, f"{first}-kpiv", "10400")
        await settle(pilot, app)
        screen.go(7)
        await settle(pilot, app)
        assert "checkpoint: Monthly visits 10400 visits" in text_of(app, "summary")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = stored(app)
    try:
        m = next(m for m in svc.repo.milestones() if m.title == "First posts out")
        kpi = next(k for k in svc.repo.kpis() if k.id == m.kpi_id)
        assert (kpi.name, m.kpi_value) == ("Monthly visits", 10400.0)
    finally:
        svc.close()


async def test_editing_shows_the_checkpoint_and_a_new_value_asks_why(make_app):
    from goaltui.ui.screens.dialogs import ReasonScreen
    from tests.ui.test_wizard import DEFECTS, open_edit, type_text

    app = make_app()
    svc = stored(app)
    try:
        goal = next(g for g in svc.goals() if g.title.startswith(DEFECTS))
        (kpi,) = svc.repo.kpis([goal.id])
        m = next(m for m in svc.repo.milestones([goal.id]) if m.done_on is None)
        svc.milestone_service.set_checkpoint(m.id, kpi.id, 3)
    finally:
        svc.close()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_edit(pilot, app, DEFECTS)
        screen.go(6)
        await settle(pilot, app)
        key = next(k for k in screen.milestone_keys if value(app, f"{k}-title") == m.title)
        assert (value(app, f"{key}-kpi"), value(app, f"{key}-kpiv")) == ("Defect rate", "3")
        await fill(pilot, app, f"{key}-kpiv", "2.8")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await type_text(pilot, "Audits ahead of plan")
        await pilot.press("enter")
        await wait_idle(pilot, app)
    svc = stored(app)
    try:
        assert svc.repo.get("milestone", m.id).kpi_value == 2.8
        revs = [r for r in svc.repo.revisions(goal.id) if r.field == "kpi_value"]
        assert [(r.old, r.new, r.reason) for r in revs] == [("3", "2.8", "Audits ahead of plan")]
    finally:
        svc.close()
