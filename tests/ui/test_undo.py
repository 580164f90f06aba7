"""Undo (ctrl+z) and redo (ctrl+y) in the dashboard, pressed as a person would.

Each test makes a change on one screen, takes it back, and checks both what is
stored (read with a second connection, or with plain ``sqlite3``) and what the
screen shows.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from textual.widgets import Tree

from goaltui.services import GoalService
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.dialogs import ConfirmScreen
from goaltui.ui.screens.kpi_detail import KpiDetailScreen
from goaltui.ui.screens.wizard.screen import WizardScreen
from goaltui.ui.widgets.line_table import LineTable
from tests.ui.conftest import ON_BOTH_ENGINES, TODAY, wait_idle
from tests.ui.test_goals import move_to, tree_titles
from tests.ui.test_kpis import fill_form, head, open_detail, row_texts
from tests.ui.test_timeline import (
    FOURTH,
    POST_2,
    detail,
    milestone,
    open_timeline,
    reschedule,
    select,
    step,
    type_text,
)

#: The tables of the journal itself (an undo adds to them) and the schema's
#: version: they are not compared.
#: Not a person's data: the journal, the counters, the revision, and the tree's
#: figures kept for the next start (the dashboard keeps them again after each load).
JOURNAL = ("change", "change_entry", "sqlite_sequence", "goaltui_version", "goal_glance")

MARKETS = "Expand into new markets"
GERMANY = "Launch the product in Germany with 50 paying customers"


def stored(app: GoalApp) -> GoalService:
    return GoalService.open(app.db_path, app.clock)


def all_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every goaltui table, by table, in id order (plain sqlite3)."""
    con = sqlite3.connect(path)
    try:
        names = [
            n
            for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if n not in JOURNAL
        ]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY id').fetchall() for n in names}
    finally:
        con.close()


def messages(app: GoalApp) -> list[str]:
    return [n.message for n in app._notifications]


def warnings(app: GoalApp) -> list[tuple[str, str]]:
    return [(n.title, n.message) for n in app._notifications if n.severity == "warning"]


async def press(pilot, app: GoalApp, *keys: str) -> None:
    await pilot.press(*keys)
    await wait_idle(pilot, app)


def goal_node(app: GoalApp, goal_id: int):
    tree = app.screen.query_one(Tree)
    return next(line.node for line in tree._tree_lines if line.node.data == goal_id)


# -- Goals ----------------------------------------------------------------------------------


async def test_a_deleted_goal_comes_back_whole_and_redo_deletes_it_again(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        before = all_rows(app.db_path)
        await move_to(pilot, app, MARKETS)
        await press(pilot, app, "d")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, app, "y")
        assert "Goal deleted: ctrl+z brings it back." in messages(app)
        assert not any(MARKETS in t for t in tree_titles(app))
        deleted = all_rows(app.db_path)
        assert [g[0] for g in deleted["goal"]] == [g[0] for g in before["goal"]][1:]
        assert deleted["goal"][0][:2] == (2, None)  # the sub-goal stays, at the top

        await press(pilot, app, "ctrl+z")
        # Every row is back as it was, with the same ids, the sub-goal's link too.
        assert all_rows(app.db_path) == before
        # Goal 1 has 1 KPI ("Revenue from new markets", monthly from 120 days ago:
        # 2026-07-25 + 30 days x 0..4 up to today = 5 values) and no milestone,
        # obstacle, check-in or review. The sub-goal's link counts as no goal more.
        assert messages(app)[-1] == (
            f"Undone: deleting the goal '{MARKETS}' (1 goal, 1 KPI and 5 KPI values)"
        )
        assert any(MARKETS in t for t in tree_titles(app))
        assert goal_node(app, 2).parent is goal_node(app, 1)  # under its parent again

        await press(pilot, app, "ctrl+y")
        assert all_rows(app.db_path) == deleted
        assert messages(app)[-1].startswith(f"Redone: deleting the goal '{MARKETS}' (1 goal")
        assert not any(MARKETS in t for t in tree_titles(app))


# -- Timeline -------------------------------------------------------------------------------


@ON_BOTH_ENGINES
async def test_a_step_marked_done_is_open_again(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await press(pilot, app, "x")
        assert "done on 2026-11-22" in detail(app)
        await press(pilot, app, "ctrl+z")
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on is None
        finally:
            svc.close()
        assert messages(app)[-1].startswith("Undone: ")
        assert "1 step" in messages(app)[-1]
        assert view_selected_title(app) == POST_2
        assert "done on" not in detail(app)
        await press(pilot, app, "ctrl+shift+z")  # redo, the other key for it
        assert messages(app)[-1].startswith("Redone: ")
        assert "done on 2026-11-22" in detail(app)
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on == TODAY
        finally:
            svc.close()


def view_selected_title(app: GoalApp) -> str:
    from goaltui.ui.widgets.timeline import TimelineView

    row = app.screen.query_one(TimelineView).selected
    return row.title if row is not None else ""


async def test_an_undone_reschedule_keeps_its_reason_on_record(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, FOURTH)
        await reschedule(pilot, app, "2026-12-20")
        await type_text(pilot, "holiday week")
        await press(pilot, app, "enter")
        assert "moved from 2026-12-07: holiday week" in detail(app)
        await press(pilot, app, "ctrl+z")
        svc = stored(app)
        try:
            assert milestone(svc, FOURTH).target_date == date(2026, 12, 7)
            rev = next(r for r in svc.repo.revisions() if r.reason == "holiday week")
            assert (rev.old, rev.new, rev.undone) == ("2026-12-07", "2026-12-20", True)
        finally:
            svc.close()
        con = sqlite3.connect(app.db_path)
        try:
            marks = con.execute("SELECT undone FROM revision WHERE reason = 'holiday week'")
            assert marks.fetchall() == [(1,)]
        finally:
            con.close()
        assert view_selected_title(app) == FOURTH
        assert "moved from 2026-12-07" not in detail(app)
        assert messages(app)[-1].startswith("Undone: ")


# -- KPIs -----------------------------------------------------------------------------------


@ON_BOTH_ENGINES
async def test_a_value_recorded_or_deleted_in_the_kpi_detail_is_taken_back(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        detail_screen = await open_detail(pilot, app, "German paying")
        table = detail_screen.query_one("#measure-table", LineTable)
        kpi_id = detail_screen.kpi_id
        before = row_texts(table)
        await press(pilot, app, "a")
        await fill_form(pilot, app, "45", day="today", note="big week")
        assert row_texts(table)[0].startswith("2026-11-22 45 big week")
        await press(pilot, app, "ctrl+z")
        assert isinstance(app.screen, KpiDetailScreen)
        assert row_texts(table) == before
        assert "at risk" in head(app)
        assert messages(app)[-1].startswith("Undone: ") and "1 KPI value" in messages(app)[-1]
        svc = stored(app)
        try:
            values = svc.measurements(kpi_id)
            assert all(m.note != "big week" for m in values)
            newest = values[0]
        finally:
            svc.close()

        # Delete the newest value (15 customers), then bring it back with its id.
        await press(pilot, app, "d")
        await press(pilot, app, "y")
        assert "Value deleted: ctrl+z brings it back." in messages(app)
        assert len(row_texts(table)) == len(before) - 1
        await press(pilot, app, "ctrl+z")
        assert row_texts(table) == before
        svc = stored(app)
        try:
            assert svc.measurements(kpi_id)[0] == newest
        finally:
            svc.close()


# -- Restart --------------------------------------------------------------------------------


async def test_undo_works_after_a_restart(make_app, ui_clock, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await press(pilot, app, "x")
    svc = stored(app)
    try:
        assert step(svc, POST_2).done_on == TODAY
    finally:
        svc.close()

    again = GoalApp(app.db_path, clock=ui_clock, settings_path=tmp_path / "settings.json")
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, again)
        await press(pilot, again, "ctrl+z")
        assert messages(again)[-1].startswith("Undone: ")
    svc = stored(again)
    try:
        assert step(svc, POST_2).done_on is None
    finally:
        svc.close()


# -- Dialogs and the wizard -----------------------------------------------------------------


async def test_ctrl_z_under_a_dialog_or_in_the_wizard_changes_nothing(make_app):
    from goaltui.ui.screens.help import HelpScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await press(pilot, app, "x")  # a change the dashboard could undo
        marked = all_rows(app.db_path)
        await press(pilot, app, "1")
        await move_to(pilot, app, "Reduce the product defect")

        await press(pilot, app, "d")  # the delete confirmation
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        await press(pilot, app, "ctrl+z")
        assert app.screen is dialog
        await press(pilot, app, "n")

        await press(pilot, app, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, app, "ctrl+z")
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, app, "escape")

        await press(pilot, app, "n")  # the new-goal wizard
        wizard = app.screen
        assert isinstance(wizard, WizardScreen)
        await press(pilot, app, "ctrl+z")
        assert app.screen is wizard
        assert all_rows(app.db_path) == marked
        assert not any(m.startswith("Undone") for m in messages(app))
        assert warnings(app) == []
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on == TODAY
            assert not any(c.undone for c in svc.undo_service.changes())
        finally:
            svc.close()

        await press(pilot, app, "escape")  # the wizard closed, ctrl+z works again
        assert not isinstance(app.screen, WizardScreen)
        await press(pilot, app, "ctrl+z")
        assert messages(app)[-1].startswith("Undone: ")
    svc = stored(app)
    try:
        assert step(svc, POST_2).done_on is None
    finally:
        svc.close()


# -- Nothing to undo, and the command line's changes ----------------------------------------


async def test_nothing_to_undo_warns_and_changes_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        before = all_rows(app.db_path)  # the demo was added from the command line
        await press(pilot, app, "ctrl+z")
        assert all_rows(app.db_path) == before
        assert len(warnings(app)) == 1
        title, message = warnings(app)[0]
        assert title == "Nothing undone"
        assert message.startswith("nothing changed in the dashboard is left to undo")
        await press(pilot, app, "ctrl+y")
        assert all_rows(app.db_path) == before
        assert warnings(app)[-1][0] == "Nothing to redo"
        assert not any(m.startswith(("Undone", "Redone")) for m in messages(app))


async def test_the_command_lines_change_is_not_undone_by_the_dashboard(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await press(pilot, app, "x")  # the dashboard's change
        cli = GoalService.open(app.db_path, app.clock)  # the command line's origin
        try:
            defect = next(g for g in cli.goals() if g.title.startswith("Reduce the product"))
            cli.delete_goal(defect.id)  # the command line's change, made after
        finally:
            cli.close()
        await press(pilot, app, "ctrl+z")
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on is None  # the dashboard's own is undone
            assert all(g.id != defect.id for g in svc.goals())  # the other is not
        finally:
            svc.close()
        await press(pilot, app, "ctrl+z")  # nothing of the dashboard's is left
        svc = stored(app)
        try:
            assert all(g.id != defect.id for g in svc.goals())
            assert step(svc, POST_2).done_on is None
        finally:
            svc.close()
        assert warnings(app)[-1][0] == "Nothing undone"


async def test_undo_is_refused_when_a_later_change_touched_the_same_step(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await press(pilot, app, "x")  # the dashboard marks it done
        cli = GoalService.open(app.db_path, app.clock)
        try:
            cli.edit_step(step(cli, POST_2).id, {"title": "Blog post two"})  # then the CLI
        finally:
            cli.close()
        before = all_rows(app.db_path)
        await press(pilot, app, "ctrl+z")
        assert all_rows(app.db_path) == before
        title, message = warnings(app)[-1]
        assert title == "Nothing undone" and "cannot be undone" in message
        assert not any(m.startswith("Undone") for m in messages(app))
