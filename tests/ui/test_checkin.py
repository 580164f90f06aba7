"""The Check-in screen, driven by keys as a person would."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.checkin.screen import CheckinScreen, StepBox
from goaltui.ui.screens.dialogs import ConfirmScreen
from tests.ui.checkin_data import make_checkin_db
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_wizard import press_at_once


def checkin_app(tmp_path: Path) -> GoalApp:
    clock = FixedClock(TODAY)
    db = make_checkin_db(tmp_path / "checkin.db", clock)
    return GoalApp(db, clock=clock, settings_path=tmp_path / "settings.json")


async def open_checkin(pilot, app) -> CheckinScreen:
    await wait_idle(pilot, app)
    await pilot.press("4")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, CheckinScreen)
    return app.screen


async def test_full_checkin_by_keys_in_few_keystrokes(tmp_path):
    app = checkin_app(tmp_path)
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        assert isinstance(app.focused, Input)
        assert app.focused.id and app.focused.id.startswith("kpi-")
        values = ["30", "25", "21", "7.5", "79"]  # Minutes, Pages, Km, Sleep, Weight
        keystrokes = 0
        for value in values:
            await pilot.press(*value)
            await pilot.press("enter")
            keystrokes += 1
        await pilot.press("space", "enter", "space", "enter")  # tick both steps
        keystrokes += 4
        # The confidence of the first goal is empty (no check-in yet): give it 7.
        await pilot.press("7", "tab")
        await pilot.press(*"new shoes")
        keystrokes += 1
        await pilot.press("ctrl+s")
        keystrokes += 1
        await wait_idle(pilot, app)
        # Its only step ticked, "Buy running shoes" is offered, not marked.
        assert isinstance(app.screen, ConfirmScreen)
        assert "All steps of “Buy running shoes” are done" in str(app.screen.question)
        await pilot.press("y")
        keystrokes += 1
        await wait_idle(pilot, app)
        assert app.screen is screen
        assert keystrokes <= 20
        notes = [(n.title, n.message) for n in app._notifications]
        head = str(screen.query_one("#checkin-head", Static).render())
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        latest = {k.name: svc.measurements(k.id)[0].value for k in svc.repo.kpis()}
        assert latest == {
            "Km run": 21.0,
            "Sleep": 7.5,
            "Weight": 79.0,
            "Pages read": 25.0,
            "Minutes read": 30.0,
        }
        assert all(s.done_on == TODAY for s in svc.repo.steps() if s.due and s.due <= TODAY)
        checkins = svc.repo.checkins()
        assert [(c.goal_id, c.confidence, c.wins) for c in checkins] == [(1, 7, "new shoes")]
        milestones = {m.title: m.done_on for m in svc.repo.milestones()}
        assert milestones["Buy running shoes"] == TODAY
        assert [d.kind for d in svc.due()] == ["checkin"]  # goal 2 left unrated
    finally:
        svc.close()
    assert "5 KPIs recorded, 2 steps done, 1 note saved, 1-day streak" in head
    titles = " ".join(t for t, _ in notes)
    assert "Target reached" in titles  # Km run went past 20
    assert "Milestone reached" in titles


def milestone_days(app: GoalApp) -> dict[str, object]:
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        return {m.title: m.done_on for m in svc.repo.milestones()}
    finally:
        svc.close()


async def tick_both_steps_and_save(pilot, app: GoalApp) -> CheckinScreen:
    """Skip the five values, tick the two due steps, save."""
    screen = await open_checkin(pilot, app)
    await pilot.press(*["enter"] * 5)
    assert isinstance(app.focused, StepBox)
    await pilot.press("space", "enter", "space", "ctrl+s")
    await wait_idle(pilot, app)
    return screen


@pytest.mark.parametrize("key", ["escape", "n"])
async def test_a_milestone_offered_can_be_left_open(tmp_path, key):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await tick_both_steps_and_save(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press(key)
        await wait_idle(pilot, app)
        assert app.screen is screen
        messages = " ".join(n.message for n in app._notifications)
        titles = " ".join(n.title for n in app._notifications)
    assert "“Buy running shoes” stays open" in messages
    assert "Milestone reached" not in titles
    days = milestone_days(app)
    assert days["Buy running shoes"] is None
    assert days["Finish the first book"] is None


async def test_milestones_ready_together_are_offered_one_after_another(tmp_path):
    app = checkin_app(tmp_path)
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        chapter_2 = next(s for s in svc.repo.steps() if s.title == "Read chapter 2")
        svc.edit_step(chapter_2.id, {"done_on": TODAY})
    finally:
        svc.close()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await tick_both_steps_and_save(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        first = str(app.screen.question)
        assert "Buy running shoes" in first and "Then 1 more milestone" in first
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ConfirmScreen)
        second = str(app.screen.question)
        assert "Finish the first book" in second and "more milestone" not in second
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert app.screen is screen
    days = milestone_days(app)
    assert days == {"Buy running shoes": None, "Finish the first book": TODAY}


def test_save_checkin_reports_ready_milestones_and_leaves_them_open(tmp_path):
    clock = FixedClock(TODAY)
    svc = GoalService.open(make_checkin_db(tmp_path / "checkin.db", clock), clock)
    try:
        steps = {s.title: s for s in svc.repo.steps()}
        shoes = next(m for m in svc.repo.milestones() if m.title == "Buy running shoes")
        result = svc.save_checkin(
            {}, [steps["Visit the running shop"].id, steps["Read chapter 1"].id]
        )
        assert result.milestones_ready == ((shoes.id, "Buy running shoes"),)
        assert all(m.done_on is None for m in svc.repo.milestones())
        # Left open on purpose: a later check-in does not ask again.
        later = svc.save_checkin({}, [steps["Read chapter 2"].id])
        assert [title for _, title in later.milestones_ready] == ["Finish the first book"]
        assert all(m.done_on is None for m in svc.repo.milestones())
    finally:
        svc.close()


async def test_bad_value_is_shown_at_the_field_and_nothing_saved(tmp_path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press("1", "2", "enter", *"abc", "enter")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        errors = [str(w.render()) for w in screen.query(".error") if w.display]
        assert len(errors) == 1 and "not a number" in errors[0]
        assert app.focused is not None and app.focused.has_class("-bad")
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        assert svc.repo.measurement_count() == 0
        assert svc.repo.checkins() == []
    finally:
        svc.close()


async def test_demo_checkin_prefills_confidence_and_skips_paused(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        svc = GoalService.open(app.db_path, app.clock)
        try:
            svc.set_status(4, __import__("goaltui.domain.models").domain.models.GoalStatus.PAUSED)
        finally:
            svc.close()
        screen = await open_checkin(pilot, app)
        assert screen.query_one("#conf-3", Input).value == "8"
        assert screen.query_one("#conf-5", Input).value == "5"
        assert not screen.query("#conf-4")  # paused: not due
        assert len(screen.query(StepBox)) == 2
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        # The last confidence, left as it was, is not stored again for today.
        svc = GoalService.open(app.db_path, app.clock)
        try:
            assert svc.repo.checkins(since=TODAY) == []
        finally:
            svc.close()
        screen.query_one("#conf-3", Input).value = "9"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, app.clock)
    try:
        today = {c.goal_id: c.confidence for c in svc.repo.checkins(since=TODAY)}
        assert today == {3: 9}
    finally:
        svc.close()


def today_rows(app: GoalApp) -> list[tuple[int, int | None, str, str]]:
    """The check-in rows of today as stored, one tuple per row (not merged)."""
    import sqlite3

    con = sqlite3.connect(app.db_path)
    try:
        return list(
            con.execute(
                "SELECT goal_id, confidence, wins, obstacles FROM checkin WHERE day = ? "
                "ORDER BY goal_id, id",
                (TODAY.isoformat(),),
            )
        )
    finally:
        con.close()


async def test_saving_again_updates_todays_checkin(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        screen.query_one("#wins-3", Input).focus()
        await pilot.press(*"long run")
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")  # nothing changed
        await wait_idle(pilot, app)
        assert today_rows(app) == [(3, None, "long run", "")]
        field = screen.query_one("#conf-3", Input)
        field.focus()
        field.value = "6"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert today_rows(app) == [(3, 6, "long run", "")]
    # Opened again the same day, the form holds today's check-in.
    app = GoalApp(app.db_path, clock=app.clock, settings_path=None)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        assert screen.query_one("#conf-3", Input).value == "6"
        assert screen.query_one("#wins-3", Input).value == "long run"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    assert today_rows(app) == [(3, 6, "long run", "")]


async def test_a_value_recorded_today_is_shown_and_corrected_not_added(tmp_path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press(*"30", "enter")  # Minutes read (the first due KPI)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.press("ctrl+s")  # nothing changed
        await wait_idle(pilot, app)
        svc = GoalService.open(app.db_path, FixedClock(TODAY))
        try:
            kpi = svc.find_kpi("Minutes read")
            assert [m.value for m in svc.measurements(kpi.id)] == [30.0]
        finally:
            svc.close()
        field = screen.query_one(f"#kpi-{kpi.id}", Input)
        assert field.value == "30"
        field.value = "35"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        assert [m.value for m in svc.measurements(kpi.id)] == [35.0]
    finally:
        svc.close()


def test_snapshot_checkin(snap_compare, tmp_path):
    async def run_before(pilot) -> None:
        await wait_idle(pilot, pilot.app)
        await pilot.press("4")
        await wait_idle(pilot, pilot.app)
        await pilot.press(*"30", "enter")

    assert snap_compare(checkin_app(tmp_path), terminal_size=(120, 36), run_before=run_before)


async def test_escape_leaves_the_fields_so_digits_switch_screens(make_app):
    from goaltui.ui.screens.checkin.screen import CheckinScreen
    from goaltui.ui.screens.review import ReviewScreen
    from tests.ui.conftest import wait_idle

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("4")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, CheckinScreen)
        await pilot.press("escape", "5")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReviewScreen)


async def test_closing_help_keeps_the_focus_out_of_the_fields(make_app):
    from goaltui.ui.screens.timeline import TimelineScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        assert isinstance(app.focused, Input)
        await pilot.press("escape", "question_mark")
        await wait_idle(pilot, app)
        assert app.screen is not screen  # the help
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert app.screen is screen and app.focused is None
        await pilot.press("2")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TimelineScreen)
        assert screen.query_one("#conf-3", Input).value == "8"


async def test_closing_the_palette_keeps_the_focus_out_of_the_fields(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press("escape", "ctrl+p")
        await wait_idle(pilot, app)
        assert app.screen is not screen
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert app.screen is screen and app.focused is None


async def test_typed_and_left_is_said_when_back_and_not_saved(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        field = screen.query_one("#conf-3", Input)
        field.focus()
        field.value = ""
        await pilot.press("4")  # 8 -> 4
        await pilot.press("escape", "1")
        await wait_idle(pilot, app)
        await pilot.press("4")
        await wait_idle(pilot, app)
        assert app.screen is screen
        head = str(screen.query_one("#checkin-head", Static).render())
        assert "Unsaved: 1 confidence rating — ctrl+s saves" in head
        assert today_rows(app) == []
        await pilot.press("ctrl+z")
        await wait_idle(pilot, app)
        assert field.value == "8"
        assert "Unsaved" not in str(screen.query_one("#checkin-head", Static).render())
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    assert today_rows(app) == []


async def test_a_value_recorded_from_the_command_line_shows_and_is_not_added_again(tmp_path):
    import io

    from goaltui.cli import build_parser, run_command

    app = checkin_app(tmp_path)
    args = build_parser().parse_args(["--db", str(app.db_path), "checkin", "Km run", "12"])
    assert run_command(args, io.StringIO(), FixedClock(TODAY)) == 0
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        svc = GoalService.open(app.db_path, FixedClock(TODAY))
        try:
            kpi = svc.find_kpi("Km run")
        finally:
            svc.close()
        assert screen.query_one(f"#kpi-{kpi.id}", Input).value == "12"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        assert [m.value for m in svc.measurements(kpi.id)] == [12.0]
    finally:
        svc.close()


async def test_durations_are_read_in_the_kpi_unit_and_odd_values_are_kept_with_a_note(tmp_path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        kpis = {k.name: k.id for k in screen.data.kpis.values()} if screen.data else {}
        screen.query_one(f"#kpi-{kpis['Sleep']}", Input).focus()
        await pilot.press(*"7:30")  # Sleep is in hours: h:mm
        screen.query_one(f"#kpi-{kpis['Km run']}", Input).focus()
        await pilot.press(*"-3")  # a distance run below zero: kept, but flagged
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        notes = [n.message for n in app._notifications]
    assert any("-3 is below zero" in n and "kept, but check it" in n for n in notes), notes
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        latest = {k.name: [m.value for m in svc.measurements(k.id)] for k in svc.repo.kpis()}
    finally:
        svc.close()
    assert latest["Sleep"][0] == 7.5
    assert latest["Km run"][0] == -3.0


async def test_a_goal_title_too_long_for_its_label_ends_in_an_ellipsis(tmp_path):
    clock = FixedClock(TODAY)
    db = make_checkin_db(tmp_path / "checkin.db", clock)
    svc = GoalService.open(db, clock)
    try:
        svc.edit_goal(1, {"title": "Run a half marathon in under two hours by April next year"})
    finally:
        svc.close()
    app = GoalApp(db, clock=clock, settings_path=tmp_path / "settings.json")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_checkin(pilot, app)
        label = screen.query_one("#checkin-form .goal-label", Static)
        shown = "".join(s.text for s in label.render_line(0)).strip()
    assert shown.startswith("Run a half")
    assert shown.endswith("…"), shown


async def test_keys_typed_without_a_pause_land_in_the_field_that_has_the_focus(tmp_path):
    """Typed fast or pasted: Enter moves on before the next keys arrive, and ctrl+s
    saves every key typed before it."""
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        # The five KPIs in the screen's order: Minutes, Pages, Km, Sleep, Weight.
        await press_at_once(
            pilot, *"30", "enter", *"25", "enter", *"21", "enter", *"7:30", "enter", *"79.5"
        )
        await press_at_once(pilot, "ctrl+s")
        await wait_idle(pilot, app)
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("n")
            await wait_idle(pilot, app)
        assert app.screen is screen
    svc = GoalService.open(app.db_path, FixedClock(TODAY))
    try:
        latest = {k.name: [m.value for m in svc.measurements(k.id)][:1] for k in svc.repo.kpis()}
    finally:
        svc.close()
    assert latest == {
        "Minutes read": [30.0],
        "Pages read": [25.0],
        "Km run": [21.0],
        "Sleep": [7.5],
        "Weight": [79.5],
    }


async def test_after_saving_no_negative_count_of_values_still_due(tmp_path):
    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        await pilot.press(*"30", "enter", *"25", "ctrl+s")
        await wait_idle(pilot, app)
        assert screen.data is not None
        assert screen.data.hidden("kpi") == 0
        form = " ".join(str(w.render()) for w in screen.query("#checkin-form Static"))
    assert "more value" not in form


async def test_loads_arriving_together_leave_each_row_once_and_alive(tmp_path):
    """Reloads (a save, another window's write) arrive as separate tasks, as do the rows
    added after the first frame: however they interleave, the form holds each row once,
    and every row takes keys."""
    import asyncio

    app = checkin_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_checkin(pilot, app)
        svc = GoalService.open(app.db_path, FixedClock(TODAY))
        try:
            loads = [CheckinScreen.fetch_first(svc) for _ in range(3)]
        finally:
            svc.close()
        await asyncio.gather(*(screen._show(data) for data in loads))
        await wait_idle(pilot, app)
        await pilot.pause(0.3)  # the rows added after the first frame
        await wait_idle(pilot, app)
        rows = list(screen.query_one("#checkin-form").children)
        ids = [w.id for w in screen.query("#checkin-form Input, #checkin-form StepBox")]
        dead = [w for w in rows if not w.is_running]
        assert screen.data is loads[-1]
        assert len(ids) == len(set(ids)), ids
        assert not dead, dead
        await pilot.press("ctrl+s")  # and a press waits for every row, as it did before
