"""The small forms (a KPI, a measurement) open on their first field, and Esc asks
before throwing away what was typed."""

from __future__ import annotations

from textual.widgets import Input

from goaltui.ui.screens.dialogs import ConfirmScreen
from goaltui.ui.screens.goals.screen import GoalsScreen
from goaltui.ui.screens.kpi_form import KpiFormScreen
from goaltui.ui.screens.measurement_form import MeasurementFormScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import goal_by_title, move_to, stored
from tests.ui.test_kpis import open_detail


async def test_add_kpi_typed_by_keys_lands_in_each_field(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiFormScreen)
        assert app.focused is app.screen.query_one("#f-name", Input)
        for typed in ("Direct reports", "people", "6", "20"):
            await pilot.press(*typed, "enter")
            await pilot.pause()
        form = app.screen
        assert [form.query_one(f"#f-{n}", Input).value for n in ("name", "unit", "baseline")] == [
            "Direct reports",
            "people",
            "6",
        ]
        assert form.query_one("#f-target", Input).value == "20"
        # Esc on a half-filled form asks; "n" keeps it as it was.
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert app.screen is form and form.query_one("#f-name", Input).value == "Direct reports"
        await pilot.press("escape", "y")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        assert svc.repo.kpis([goal_by_title(svc, "Advance from Team Lead").id]) == []
    finally:
        svc.close()


async def test_an_untouched_form_closes_at_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)


async def test_measurement_form_asks_before_throwing_a_value_away(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_detail(pilot, app, "Weekly visits")
        await pilot.press("a")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, MeasurementFormScreen)
        await pilot.press(*"123", "escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert app.screen is detail


async def test_measurement_form_reads_a_duration_in_the_kpi_unit(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_detail(pilot, app, "Page load time")
        await pilot.press("a")
        await wait_idle(pilot, app)
        form = app.screen
        assert isinstance(form, MeasurementFormScreen)
        await pilot.press(*"0:02.2", "ctrl+s")  # seconds: m:ss, 0 min 2.2 s
        await wait_idle(pilot, app)
        assert app.screen is detail
        kpi = detail.facts.reading.kpi if detail.facts else None
    assert kpi is not None and kpi.name == "Page load time" and kpi.unit == "s"
    svc = stored(app)
    try:
        assert svc.measurements(kpi.id)[0].value == 2.2
    finally:
        svc.close()
