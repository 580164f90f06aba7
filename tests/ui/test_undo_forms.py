"""Undo (ctrl+z) of what the check-in and review forms saved, pressed as a person would."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.checkin.screen import CheckinScreen
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_checkin import checkin_app, open_checkin
from tests.ui.test_review import evidence, open_review
from tests.ui.test_undo import all_rows, messages, press


def today_values(app: GoalApp) -> dict[str, float]:
    """The KPI values stored for today, by KPI name."""
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        names = {k.id: k.name for k in svc.repo.kpis()}
        return {names[kid]: m.value for kid, m in svc.values_on(TODAY).items()}
    finally:
        svc.close()


def shown(screen: CheckinScreen, field: Input) -> str:
    """What the field of ``field``'s id holds now (a reload makes the fields anew)."""
    return screen.query_one(f"#{field.id}", Input).value


def checkin_head(screen: CheckinScreen) -> str:
    return str(screen.query_one("#checkin-head", Static).render())


async def test_ctrl_z_in_a_field_undoes_the_saved_checkin(tmp_path: Path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        field = app.focused
        assert isinstance(field, Input) and field.value == ""  # Minutes read
        await pilot.press("3", "0")
        await press(pilot, app, "ctrl+s")
        assert today_values(app) == {"Minutes read": 30.0}
        assert shown(screen, field) == "30" and "Saved: 1 KPI recorded" in checkin_head(screen)
        assert isinstance(app.focused, Input)  # on to the next field, nothing typed
        assert not screen.describe_unsaved()

        await press(pilot, app, "ctrl+z")  # nothing unsaved: the saved check-in goes
        assert today_values(app) == {}
        assert messages(app)[-1] == "Undone: the check-in of 22 Nov (1 KPI value)"
        assert shown(screen, field) == ""
        assert "Saved:" not in checkin_head(screen)  # it spoke of the check-in undone
        assert app.screen is screen


async def test_the_first_ctrl_z_puts_back_an_unsaved_edit_the_second_undoes(tmp_path: Path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        minutes = app.focused
        assert isinstance(minutes, Input)
        await pilot.press("3", "0")
        await press(pilot, app, "ctrl+s")
        await wait_idle(pilot, app, rounds=6)  # every screen reloads after a save
        saved = all_rows(app.db_path)
        # The focus stays on the field saved; the next empty one gets the new edit.
        assert isinstance(app.focused, Input) and app.focused.id == minutes.id
        pages = next(
            field
            for field in screen.query("#checkin-form Input").results(Input)
            if field.id != minutes.id
            and field.id
            and field.id.startswith("kpi")
            and not field.value
        )
        pages.focus()
        await wait_idle(pilot, app)
        await pilot.press("2", "5")
        await wait_idle(pilot, app)
        assert shown(screen, pages) == "25" and screen.describe_unsaved()

        await press(pilot, app, "ctrl+z")  # only the field is put back
        assert shown(screen, pages) == "" and shown(screen, minutes) == "30"
        assert "Unsaved" not in checkin_head(screen)
        assert all_rows(app.db_path) == saved
        assert not any(m.startswith("Undone") for m in messages(app))

        await press(pilot, app, "ctrl+z")  # now the saved check-in
        assert today_values(app) == {}
        assert shown(screen, minutes) == ""
        assert messages(app)[-1].startswith("Undone: the check-in of 22 Nov")


async def test_a_saved_review_is_removed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        svc = GoalService.open(app.db_path, app.clock)
        try:
            before = svc.reviews()
        finally:
            svc.close()
        await pilot.press("tab", "tab")  # the kind, then "What worked?"
        await pilot.press(*"Shipped the pricing page", "enter")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert "Shipped the pricing page" in evidence(screen)
        svc = GoalService.open(app.db_path, app.clock)
        try:
            assert svc.reviews()[0].worked == "Shipped the pricing page"
        finally:
            svc.close()

        await press(pilot, app, "ctrl+z")
        svc = GoalService.open(app.db_path, app.clock)
        try:
            assert svc.reviews() == before
        finally:
            svc.close()
        assert "Shipped the pricing page" not in evidence(screen)
        assert messages(app)[-1] == "Undone: a weekly review (1 review)"
