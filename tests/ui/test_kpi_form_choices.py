"""The KPI form and the wizard offer every cadence and way of combining a period's values."""

from __future__ import annotations

from textual.widgets import Select, Static

from goaltui.domain.models import Aggregation, Cadence
from goaltui.ui.screens import kpi_form as form
from goaltui.ui.screens.goals.screen import GoalsScreen
from goaltui.ui.screens.kpi_form import KpiFormScreen
from goaltui.ui.screens.wizard import parts as wizard_parts
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import goal_by_title, move_to, stored


async def test_a_count_kpi_made_by_keys_is_stored_as_count(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiFormScreen)
        for typed in ("One-to-ones", "meetings", "0", "4"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        combine = app.screen.query_one("#f-aggregation", Select)
        combine.focus()
        await pilot.pause()
        # last, sum, mean, min, max, count: five steps down from "last"
        await pilot.press("enter", *["down"] * 5, "enter")
        await wait_idle(pilot, app)
        assert combine.value == Aggregation.COUNT.value
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        kpis = svc.repo.kpis([goal_by_title(svc, "Advance from Team Lead").id])
        assert [(k.name, k.aggregation) for k in kpis] == [("One-to-ones", Aggregation.COUNT)]
    finally:
        svc.close()


async def test_a_quarterly_kpi_made_by_keys_is_stored_as_quarterly(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiFormScreen)
        for typed in ("Promotions", "people", "0", "2"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        cadence = app.screen.query_one("#f-cadence", Select)
        cadence.focus()
        await pilot.pause()
        # daily, weekly, biweekly, monthly, quarterly: three steps down from "weekly"
        await pilot.press("enter", "down", "down", "down", "enter")
        await wait_idle(pilot, app)
        assert cadence.value == Cadence.QUARTERLY.value
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        kpis = svc.repo.kpis([goal_by_title(svc, "Advance from Team Lead").id])
        assert [(k.name, k.cadence) for k in kpis] == [("Promotions", Cadence.QUARTERLY)]
    finally:
        svc.close()


async def test_a_kpi_measured_every_two_weeks_made_by_keys_is_stored_as_biweekly(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiFormScreen)
        for typed in ("Mentor sessions", "sessions", "0", "12"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        cadence = app.screen.query_one("#f-cadence", Select)
        cadence.focus()
        await pilot.pause()
        # daily, weekly, biweekly...: one step down from "weekly"
        await pilot.press("enter", "down", "enter")
        await wait_idle(pilot, app)
        assert cadence.value == Cadence.BIWEEKLY.value
        shown = str(cadence.query_one("SelectCurrent Static#label", Static).render())
        assert "every two weeks" in shown
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        kpis = svc.repo.kpis([goal_by_title(svc, "Advance from Team Lead").id])
        assert [(k.name, k.cadence) for k in kpis] == [("Mentor sessions", Cadence.BIWEEKLY)]
    finally:
        svc.close()


def test_the_form_and_the_wizard_offer_every_choice():
    for offered, enum in (
        (form.CADENCES, Cadence),
        (form.COMBINE, Aggregation),
        (wizard_parts.CADENCES, Cadence),
        (wizard_parts.AGGREGATIONS, Aggregation),
    ):
        assert [value for _, value in offered] == [e.value for e in enum]
