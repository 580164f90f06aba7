"""The Timeline screen, driven by keys as a person would; then what was stored."""

from __future__ import annotations

import time
from dataclasses import replace
from datetime import date, timedelta

from textual.app import App, ComposeResult
from textual.widgets import Static

from goaltui.domain.models import Goal, Milestone, Step
from goaltui.services import GoalService
from goaltui.services.plan import TimelineGoal, TimelineMilestone
from goaltui.ui.screens.date_ask import AskDateScreen
from goaltui.ui.screens.dialogs import ConfirmScreen, ReasonScreen
from goaltui.ui.widgets.timeline import TimelineView
from goaltui.ui.widgets.timeline_dates import header_labels, unit_index
from tests.ui.conftest import ON_BOTH_ENGINES, TODAY, wait_idle

FOURTH = "Fourth month's blog posts published"
POST_2 = "Blog post 2 of Fourth month's"


def stored(app) -> GoalService:
    return GoalService.open(app.db_path, app.clock)


def view(app) -> TimelineView:
    return app.screen.query_one(TimelineView)


def detail(app) -> str:
    return str(app.screen.query_one("#timeline-detail", Static).render())


def milestone(svc: GoalService, title: str) -> Milestone:
    return next(m for m in svc.repo.milestones() if m.title == title)


def step(svc: GoalService, title: str) -> Step:
    return next(s for s in svc.repo.steps() if s.title == title)


async def open_timeline(pilot, app) -> None:
    await wait_idle(pilot, app)
    await pilot.press("2")
    await wait_idle(pilot, app)


async def select(pilot, app, title: str) -> None:
    for _ in range(60):
        row = view(app).selected
        if row is not None and row.title.startswith(title):
            await wait_idle(pilot, app)
            return
        await pilot.press("right_square_bracket")  # the next open item
    raise AssertionError(f"{title!r} not found on the timeline")


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[("space" if ch == " " else ch) for ch in text])


@ON_BOTH_ENGINES
async def test_rows_grouped_by_goal_and_navigation(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        tl = view(app)
        kinds = [r.kind for r in tl.rows]
        assert kinds[0] == "goal" and "milestone" in kinds and "step" in kinds
        assert tl.selected is not None and tl.selected.kind == "goal"
        assert "Goal:" in detail(app)
        await pilot.press("down")
        assert tl.cursor == 1
        assert "Milestone:" in detail(app)
        await pilot.press("end")
        assert tl.cursor == len(tl.rows) - 1
        await pilot.press("home")
        assert tl.cursor == 0
        await select(pilot, app, POST_2)
        assert "due soon" in detail(app) and "2026-11-23" in detail(app)
        # folding the goal hides its milestones and steps and selects the goal
        before = len(tl.rows)
        await pilot.press("enter")
        assert tl.selected.kind == "goal"
        assert tl.selected.goal.title.startswith("Increase website traffic")
        assert len(tl.rows) < before
        assert not any(r.title == POST_2 for r in tl.rows)
        await pilot.press("enter")
        assert len(tl.rows) == before
        await pilot.press("c")
        assert all(r.kind == "goal" for r in tl.rows)
        await pilot.press("c")
        assert len(tl.rows) == before


async def test_zoom_scroll_and_jump_to_today(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        tl = view(app)
        assert tl.zoom == "week"
        assert tl.view_origin <= TODAY <= tl.view_end
        week_span = tl.view_end - tl.view_origin
        await pilot.press("plus")
        assert tl.zoom == "day"
        assert tl.view_end - tl.view_origin < week_span
        await pilot.press("plus")  # already the finest
        assert tl.zoom == "day"
        await pilot.press("minus", "minus")
        assert tl.zoom == "month"
        await pilot.press("minus")
        assert tl.zoom == "quarter"
        assert tl.view_end - tl.view_origin > timedelta(days=700)
        await pilot.press("minus")
        assert tl.zoom == "quarter"
        await pilot.press("plus", "plus")
        assert tl.zoom == "week"
        start = tl.view_origin
        await pilot.press("right", "right", "right", "right", "right")
        assert tl.view_origin > start
        assert tl.view_origin > TODAY  # today scrolled out of view
        await pilot.press("t")
        assert tl.view_origin <= TODAY <= tl.view_end
        assert unit_index(tl.view_origin, TODAY, tl.zoom) == tl.columns // 4
        await pilot.press("left")
        assert tl.view_origin < start


def test_the_month_header_names_every_month():
    # Weeks from Monday 19 October 2026: Nov starts in the third column (x = 6),
    # where "Oct 2026" would run into it; the week of Monday 30 November is
    # mostly December (its Thursday is 3 December); Jan 2027 from the week of 4 January.
    assert header_labels(date(2026, 10, 19), 27, "week") == [
        (6, "Nov 2026"),
        (18, "Dec"),
        (33, "Jan 2027"),
        (45, "Feb"),
        (57, "Mar"),
        (69, "Apr"),
    ]
    # Days from 26 November: room for "Nov 2026" before Dec, in the sixth column.
    assert header_labels(date(2026, 11, 26), 18, "day") == [(0, "Nov 2026"), (15, "Dec")]
    assert header_labels(date(2026, 1, 1), 30, "month") == [(0, "2026"), (48, "2027"), (96, "2028")]


async def test_the_timeline_header_has_no_missing_month(make_app):
    for size in ((80, 24), (120, 40)):
        app = make_app(name=f"goals-{size[0]}.db")
        async with app.run_test(size=size) as pilot:
            await open_timeline(pilot, app)
            tl = view(app)
            header = tl.render_line(0).text
            months = [word for word in header.split() if word in MONTHS]
            expected = MONTHS[MONTHS.index(months[0]) :] + MONTHS
            assert months == expected[: len(months)], header
            assert len(months) >= 3, header


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


async def test_titles_take_the_room_there_is(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_timeline(pilot, app)
        tl = view(app)
        # 2/5 of the 118 cells the view has: 47, enough for this 45-character goal title.
        assert tl.label_width == 47
        lines = [tl.render_line(y).text for y in range(2, tl.size.height)]
        assert any("▾ Increase website traffic by 20% in six months " in line for line in lines)
        cut = [line[: tl.label_width].rstrip() for line in lines if "Raise customer" in line]
        assert cut and cut[0].endswith("…"), cut


async def test_zooming_keeps_today_or_the_selected_day_in_view(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_timeline(pilot, app)
        tl = view(app)
        tl.move_to(0)  # a goal: no day of its own
        await wait_idle(pilot, app)
        for key, zoom in (("plus", "day"), ("minus", "week"), ("minus", "month"), ("plus", "week")):
            await pilot.press(key)
            assert tl.zoom == zoom
            assert tl.view_origin <= TODAY <= tl.view_end, (zoom, tl.view_origin, tl.view_end)
        await select(pilot, app, FOURTH)
        day = tl.selected.when
        await pilot.press("g")  # its date in view
        assert tl.view_origin <= day <= tl.view_end
        await pilot.press("plus")
        assert tl.zoom == "day"
        assert tl.view_origin <= day <= tl.view_end


@ON_BOTH_ENGINES
async def test_mark_done_and_undone(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await pilot.press("x")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on == TODAY
        finally:
            svc.close()
        assert view(app).selected.title == POST_2  # the selection survives the reload
        assert "done on 2026-11-22" in detail(app)
        assert view(app).selected.glyph(TODAY) == "✔"
        await pilot.press("x")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert step(svc, POST_2).done_on is None
        finally:
            svc.close()
        # a milestone too
        await select(pilot, app, "Search optimisation")
        await pilot.press("x")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert milestone(svc, "Search optimisation of the top 20 pages").done_on == TODAY
        finally:
            svc.close()


async def test_the_last_step_done_leaves_its_milestone_open(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, "Audit titles")  # the only step of its milestone
        await pilot.press("x")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert step(svc, "Audit titles and descriptions").done_on == TODAY
            assert milestone(svc, "Search optimisation of the top 20 pages").done_on is None
        finally:
            svc.close()


async def reschedule(pilot, app, new: str) -> None:
    await pilot.press("r")
    await wait_idle(pilot, app)
    assert isinstance(app.screen, AskDateScreen)
    await pilot.press("ctrl+u")
    await type_text(pilot, new)
    await pilot.press("enter")
    await wait_idle(pilot, app)


@ON_BOTH_ENGINES
async def test_reschedule_needs_a_reason_and_shows_the_move(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, FOURTH)
        await reschedule(pilot, app, "2026-12-20")
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")  # an empty reason is refused
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("escape")  # giving up keeps the old date
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert milestone(svc, FOURTH).target_date == date(2026, 12, 7)
        finally:
            svc.close()
        await reschedule(pilot, app, "2026-12-20")
        await type_text(pilot, "holiday week")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            m = milestone(svc, FOURTH)
            assert m.target_date == date(2026, 12, 20)
            rev = next(r for r in svc.repo.revisions() if r.entity == "milestone")
            assert (rev.entity_id, rev.field, rev.old, rev.new) == (
                m.id,
                "target_date",
                "2026-12-07",
                "2026-12-20",
            )
            assert rev.reason == "holiday week"
        finally:
            svc.close()
        row = view(app).selected
        assert row.title == FOURTH and row.when == date(2026, 12, 20)
        assert row.moved is not None and row.moved.old == "2026-12-07"
        assert "moved from 2026-12-07: holiday week" in detail(app)


async def test_a_bad_date_is_refused_in_place(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await reschedule(pilot, app, "someday")
        assert isinstance(app.screen, AskDateScreen)
        error = str(app.screen.query_one("#ask-date-error", Static).render())
        assert error
        await pilot.press("escape")
        assert not isinstance(app.screen, AskDateScreen)


async def test_reschedule_after_the_deadline_needs_confirmation(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, "Search optimisation")  # goal deadline 2027-02-07
        await reschedule(pilot, app, "2027-03-01")
        assert isinstance(app.screen, ConfirmScreen)
        assert "2027-02-07" in str(app.screen.question)
        await pilot.press("n")
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, (ConfirmScreen, ReasonScreen))
        svc = stored(app)
        try:
            m = milestone(svc, "Search optimisation of the top 20 pages")
            assert m.target_date == date(2027, 1, 1)
        finally:
            svc.close()
        await reschedule(pilot, app, "2027-03-01")
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await type_text(pilot, "agency booked late")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            m = milestone(svc, "Search optimisation of the top 20 pages")
            assert m.target_date == date(2027, 3, 1)
            assert any(r.reason == "agency booked late" for r in svc.repo.revisions())
        finally:
            svc.close()


async def test_reschedule_a_step(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, POST_2)
        await reschedule(pilot, app, "+3d")
        assert isinstance(app.screen, ReasonScreen)
        await type_text(pilot, "sick")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            assert step(svc, POST_2).due == TODAY + timedelta(days=3)
            rev = next(r for r in svc.repo.revisions() if r.entity == "step")
            assert (rev.field, rev.reason) == ("due", "sick")
        finally:
            svc.close()


async def test_user_text_is_not_markup(make_app):
    app = make_app()
    svc = GoalService.open(app.db_path, app.clock)
    try:
        goal = next(g for g in svc.goals() if g.title.startswith("Increase website traffic"))
        svc.edit_goal(goal.id, {"title": "[bold]x[/ \x1b]0;pwned\x07"})
        svc.add_milestone(goal.id, "[red]m[/red", date(2026, 12, 1))
    finally:
        svc.close()
    async with app.run_test(size=(120, 36)) as pilot:
        await open_timeline(pilot, app)
        await select(pilot, app, "[red]m[/red")
        assert "[red]m[/red" in detail(app)
        assert "[bold]x[/" in detail(app)
        assert "\x1b" not in detail(app)


# -- many items: only what is visible is drawn --------------------------------------------
def big_plan(goals: int = 100, milestones: int = 40, steps: int = 4) -> list[TimelineGoal]:
    plan = []
    ids = iter(range(1, 10**7))
    for g in range(goals):
        goal = Goal(id=g + 1, title=f"Goal {g}", start=TODAY, deadline=TODAY + timedelta(400))
        items = []
        for m in range(milestones):
            mid = next(ids)
            when = TODAY + timedelta(days=m * 9 - 90)
            ms = Milestone(id=mid, goal_id=goal.id, title=f"M {g}.{m}", target_date=when)
            sts = [
                Step(id=next(ids), milestone_id=mid, title=f"S {g}.{m}.{s}", due=when)
                for s in range(steps)
            ]
            items.append(TimelineMilestone(milestone=ms, steps=sts))
        plan.append(TimelineGoal(goal=goal, milestones=items))
    return plan


class BigApp(App[None]):
    def compose(self) -> ComposeResult:
        yield TimelineView(TODAY, id="timeline")


async def test_twenty_thousand_items_stay_smooth():
    plan = big_plan()
    assert sum(1 + len(tm.steps) for tg in plan for tm in tg.milestones) == 20_000
    app = BigApp()
    async with app.run_test(size=(120, 36)) as pilot:
        tl = app.query_one(TimelineView)
        tl.focus()
        started = time.perf_counter()
        tl.set_plan(plan, TODAY)
        await pilot.pause()
        for key in ("pagedown", "pagedown", "down", "right", "minus", "end", "t", "home"):
            await pilot.press(key)
        elapsed = time.perf_counter() - started
        assert tl.cursor == 0 and tl.zoom == "month"
        assert elapsed < 2.0
        started = time.perf_counter()
        for _ in range(20):
            for y in range(tl.size.height):
                tl.render_line(y)
        assert (time.perf_counter() - started) / 20 < 0.05  # one full screen


async def test_today_keeps_its_place_when_the_plan_comes_after_the_first_frame():
    """The titles' column is as wide as the longest title: a plan that arrives after
    the first frame (the usual case, read in a worker) places the view again, so
    today stands a quarter of the way in whatever came first."""
    plan = big_plan(goals=2, milestones=3)
    long = "Run a half marathon in under two hours by April next year"
    plan[0] = TimelineGoal(goal=replace(plan[0].goal, title=long), milestones=plan[0].milestones)
    app = BigApp()
    async with app.run_test(size=(120, 36)) as pilot:
        tl = app.query_one(TimelineView)
        await pilot.pause()
        before = tl.view_origin  # placed with an empty plan: a narrow titles' column
        tl.set_plan(plan, TODAY)
        await pilot.pause()
        assert tl.label_width > 16
        assert unit_index(tl.view_origin, TODAY, tl.zoom) == tl.columns // 4
        assert tl.view_origin != before
        # Moved by a key, the view stays where it was put when the plan is read again.
        await pilot.press("right")
        moved = tl.view_origin
        tl.set_plan(plan, TODAY)
        await pilot.pause()
        assert tl.view_origin == moved


# -- snapshots ------------------------------------------------------------------------------
async def _to_timeline(pilot) -> None:
    await open_timeline(pilot, pilot.app)


def test_snapshot_weeks(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_to_timeline)


def test_snapshot_months(snap_compare, make_app):
    async def run_before(pilot) -> None:
        await open_timeline(pilot, pilot.app)
        await pilot.press("minus", "down", "down", "down")

    assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)


def test_snapshot_small_terminal(snap_compare, make_app):
    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_to_timeline)
