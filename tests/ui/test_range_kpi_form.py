"""A range KPI ('stay between') made in the KPI form by keys, and a bad range refused."""

from __future__ import annotations

from textual.widgets import Input, Label, Select, Static

from goaltui.domain.models import KpiKind
from goaltui.ui.screens.goals.screen import GoalsScreen
from goaltui.ui.screens.kpi_form import KpiFormScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import goal_by_title, move_to, stored

GOAL = "Advance from Team Lead"


async def _fill_range(pilot, app, high_end: str) -> KpiFormScreen:
    await wait_idle(pilot, app)
    await move_to(pilot, app, GOAL)
    await pilot.press("k")
    await wait_idle(pilot, app)
    form = app.screen
    assert isinstance(form, KpiFormScreen)
    assert not form.query_one("#f-high", Input).display  # hidden until a range is chosen
    for typed in ("Deep work", "min", "50", "45"):
        await pilot.press(*typed, "enter")
        await pilot.pause()
    kind = form.query_one("#f-kind", Select)
    assert form.focused is kind
    # increase, decrease, stay above, stay below, between: four steps down
    await pilot.press("enter", *["down"] * 4, "enter")
    await wait_idle(pilot, app)
    assert kind.value == KpiKind.BETWEEN.value
    high = form.query_one("#f-high", Input)
    assert high.display
    assert str(form.query_one("#l-target", Label).content).startswith("Low end")
    await pilot.press("tab")
    await pilot.pause()
    assert form.focused is high
    await pilot.press(*high_end)
    await pilot.press("ctrl+s")
    await wait_idle(pilot, app)
    return form


async def test_a_range_kpi_made_by_keys_is_stored_with_both_ends(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _fill_range(pilot, app, "60")
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        kpis = svc.repo.kpis([goal_by_title(svc, GOAL).id])
        assert [(k.name, k.kind, k.target, k.high) for k in kpis] == [
            ("Deep work", KpiKind.BETWEEN, 45.0, 60.0)
        ]
    finally:
        svc.close()


async def test_a_range_whose_high_end_is_below_its_low_end_is_refused(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        form = await _fill_range(pilot, app, "40")
        assert app.screen is form  # still open, nothing saved
        message = str(form.query_one("#e-high", Static).content)
        assert message == "A range needs its low end below its high end (45 is not below 40)."
    svc = stored(app)
    try:
        assert svc.repo.kpis([goal_by_title(svc, GOAL).id]) == []
    finally:
        svc.close()
