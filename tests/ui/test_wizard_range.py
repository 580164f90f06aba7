"""A range KPI ('stay between') made through the wizard by keys."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Label

from goaltui.domain.models import KpiKind
from goaltui.ui.screens.wizard.parts import KpiBlock
from goaltui.ui.screens.wizard.screen import WizardScreen
from tests.ui.conftest import wait_idle
from tests.ui.test_wizard import SIZE, note, open_wizard, settle, stored, text_of, type_text


async def test_a_range_kpi_through_the_wizard(make_app):
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_wizard(pilot, app)
        await type_text(pilot, "focus longer without drifting")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, "Keep deep work sessions between 45 and 60 minutes")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        key = f"{screen.query_one(KpiBlock).key}-high"
        high = screen.query_one(f"#f-{key}", Input)
        cell = high.parent
        assert cell is not None and not cell.display  # only a range has a high end
        await type_text(pilot, "Deep work")
        await pilot.press("tab")
        await type_text(pilot, "min")
        await pilot.press("tab", "tab")  # no baseline: a range needs none
        await type_text(pilot, "45")
        # The kind: increase, decrease, stay above, stay below, stay between.
        await pilot.press("tab", "enter", *["down"] * 4, "enter")
        await settle(pilot, app)
        assert cell.display
        low = screen.query_one(f"#f-{key.removesuffix('-high')}-target", Input).parent
        assert low is not None and str(low.query_one(Label).content) == "Low end"
        await pilot.press("shift+tab")  # the high end sits beside the low end
        await pilot.pause()
        assert screen.focused is high
        await type_text(pilot, "40")
        await settle(pilot, app)
        assert note(app, key) == (
            "✗ A range needs its low end below its high end (45 is not below 40)."
        )
        assert "✓ Measurable" not in text_of(app, "verdict-M")
        await pilot.press("end", "backspace", "backspace")
        await type_text(pilot, "60")
        await settle(pilot, app)
        assert "✓ Measurable" in text_of(app, "verdict-M")
        assert "staying between 45 and 60 min" in text_of(app, "verdict-M")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        await type_text(pilot, "8")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        await type_text(pilot, "Shorter sessions drift, longer ones tire me")
        await pilot.press("ctrl+n")
        await settle(pilot, app)
        await pilot.press("tab")
        await type_text(pilot, "+3m")
        await settle(pilot, app)
        await pilot.press("ctrl+r")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, WizardScreen)
    svc = stored(app)
    try:
        goal = next(g for g in svc.goals() if g.title.startswith("Keep deep work"))
        assert goal.deadline == date(2027, 2, 22)
        [kpi] = svc.repo.kpis([goal.id])
        assert (kpi.name, kpi.unit, kpi.kind, kpi.target, kpi.high) == (
            "Deep work",
            "min",
            KpiKind.BETWEEN,
            45.0,
            60.0,
        )
    finally:
        svc.close()
