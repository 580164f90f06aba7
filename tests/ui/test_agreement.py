"""Recording a partner's acknowledgment from the Goals screen, by keys, and the detail line."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from goaltui.ui.screens.acknowledge_form import NOBODY, AcknowledgeScreen
from goaltui.ui.screens.goals.screen import GoalsScreen
from tests.ui.conftest import ON_BOTH_ENGINES, wait_idle
from tests.ui.test_goals import goal_by_title, move_to, stored

GOAL = "Advance from Team Lead"


def detail_text(app) -> str:
    return app.screen.query_one("#detail-text", Static).content.plain


def set_partner(app, partner: str) -> None:
    svc = stored(app)
    try:
        svc.edit_goal(goal_by_title(svc, GOAL).id, {"partner": partner})
    finally:
        svc.close()


async def test_nobody_named_is_refused_then_a_typed_name_is_recorded(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, GOAL)
        assert "not acknowledged" not in detail_text(app)  # no partner, no line
        await pilot.press("g")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AcknowledgeScreen)
        assert app.screen.query_one("#f-who", Input).value == ""
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, AcknowledgeScreen)
        assert str(app.screen.query_one("#e-who", Static).render()) == NOBODY
        await pilot.press(*"Maria", "enter", *"Go ahead", "enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        await wait_idle(pilot, app)
        # The demo's goal has no revisions: the plan as created, version 1.
        assert "Agreed with Maria on 22 Nov (version 1)" in detail_text(app)
        assert "acknowledged by Maria (version 1): “Go ahead”" in detail_text(app)
    svc = stored(app)
    try:
        [row] = svc.repo.revisions(goal_by_title(svc, GOAL).id)
        assert (row.field, row.old, row.new, row.reason) == (
            "acknowledged",
            "1",
            "Maria",
            "Go ahead",
        )
    finally:
        svc.close()


@ON_BOTH_ENGINES
async def test_the_partner_is_offered_and_a_later_deadline_puts_it_out_of_date(make_app):
    app = make_app()
    set_partner(app, "Sam")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, GOAL)
        assert "Partner: Sam, not acknowledged yet" in detail_text(app)
        await pilot.press("g")
        await wait_idle(pilot, app)
        assert app.screen.query_one("#f-who", Input).value == "Sam"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert "Agreed with Sam on 22 Nov (version 1)" in detail_text(app)
        svc = stored(app)
        try:
            goal = goal_by_title(svc, GOAL)
            svc.edit_goal(goal.id, {"deadline": date(2028, 1, 31)}, "a new role opens later")
        finally:
            svc.close()
        app.broadcast_changed()
        await wait_idle(pilot, app)
        assert (
            "Agreement out of date: deadline changed 22 Nov (Sam agreed to version 1 on 22 Nov)"
            in detail_text(app)
        )


async def test_escape_records_nothing(make_app):
    app = make_app()
    set_partner(app, "Sam")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, GOAL)
        await pilot.press("g")
        await wait_idle(pilot, app)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        assert svc.repo.revisions(goal_by_title(svc, GOAL).id) == []
    finally:
        svc.close()


async def test_the_partner_is_set_in_the_relevant_step_of_the_goal_edit(make_app):
    from tests.ui.test_wizard import SIZE, fill, open_edit, settle

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_edit(pilot, app, GOAL)
        screen.go(4)
        await settle(pilot, app)
        await fill(pilot, app, "partner", "Maria  Lopez")
        await settle(pilot, app)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        await wait_idle(pilot, app)
        assert "Partner: Maria Lopez, not acknowledged yet" in detail_text(app)
    svc = stored(app)
    try:
        assert goal_by_title(svc, GOAL).partner == "Maria Lopez"
    finally:
        svc.close()
