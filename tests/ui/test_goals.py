"""The Goals screen, driven by keys as a person would."""

from __future__ import annotations

import json

from rich.style import Style
from textual.widgets import Input, Static, Tree

from goaltui.services import GoalService
from goaltui.ui.screens.dialogs import ReasonScreen
from goaltui.ui.screens.goals.screen import GoalsScreen
from tests.ui.conftest import ON_BOTH_ENGINES, wait_idle


def drawn_row(tree: Tree, node) -> str:
    """A tree row as it is drawn: glyph, title, progress, days left, status."""
    return tree.render_label(node, Style(), Style()).plain


def tree_titles(app) -> list[str]:
    tree = app.screen.query_one(Tree)
    return [drawn_row(tree, line.node) for line in tree._tree_lines]


def selected_title(app) -> str:
    tree = app.screen.query_one(Tree)
    return drawn_row(tree, tree.cursor_node)


def stored(app) -> GoalService:
    return GoalService.open(app.db_path, app.clock)


def goal_by_title(svc: GoalService, prefix: str):
    return next(g for g in svc.goals() if g.title.startswith(prefix))


async def move_to(pilot, app, prefix: str) -> None:
    for _ in range(30):
        if prefix in selected_title(app):
            await wait_idle(pilot, app)
            return
        await pilot.press("down")
    raise AssertionError(f"{prefix!r} not found in the tree")


async def test_demo_goals_are_listed_with_detail(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = " ".join(tree_titles(app))
        assert "Increase website traffic by 20%" in titles
        assert "Launch the product in Germany" in titles
        assert "Double average time on site" not in titles  # achieved: hidden
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert "SMART" in detail


async def test_tree_titles_use_the_room_and_the_columns_line_up(make_app):
    from goaltui.ui.widgets.goal_tree import GoalTree

    for size in ((80, 24), (120, 40)):
        app = make_app(name=f"goals-{size[0]}.db")
        async with app.run_test(size=size) as pilot:
            await wait_idle(pilot, app)
            tree = app.screen.query_one(GoalTree)
            lines = [tree.render_line(y).text.rstrip() for y in range(6)]
            # The progress column ends at the same cell on every row, whatever the depth.
            ends = {line.rindex("%") for line in lines}
            assert len(ends) == 1, lines
            width = tree.scrollable_content_region.width
            # A cut title ends in "…", right before the progress column.
            launch = next(line for line in lines if "Launch the product" in line)
            assert "…   30%" in launch, launch
            if size[0] == 120:
                # 70 cells: guides 3, glyph 2, then the title up to the 28-cell tail.
                assert "Launch the product in Germany with 5…" in launch, launch
                assert width == 70
                assert all(line.endswith(("at risk", "on track", "left")) for line in lines)


def test_detail_lines_hang_under_their_label():
    from rich.console import Console
    from rich.text import Text

    from goaltui.ui.widgets.goal_detail import Hanging

    console = Console(width=30, record=True, color_system=None)
    text = Text("What: Grow revenue outside the home market this year.\n")
    text.append("○ 2027-01-15  A long milestone title here")
    console.print(Hanging(text))
    assert console.export_text().splitlines() == [
        "What: Grow revenue outside the",
        "      home market this year.",
        "○ 2027-01-15  A long milestone",  # 2 + 28 cells
        "  title here",
    ]


async def test_navigate_and_detail_follows(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Reduce the product defect")
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert "Defect rate" in detail
        assert "Root-cause reviews for all escaped defects" in detail


async def test_add_child_goal(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Expand into new markets")
        await pilot.press("a")
        await wait_idle(pilot, app)
        # The wizard (or the form) opens with the parent chosen; type a title and save.
        screen = app.screen
        assert not isinstance(screen, GoalsScreen)
    svc = stored(app)
    try:
        assert len(svc.goals()) == 7
    finally:
        svc.close()


@ON_BOTH_ENGINES
async def test_edit_deadline_needs_a_reason(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Raise customer satisfaction")
        await pilot.press("e")
        await wait_idle(pilot, app)
        # The wizard opens filled in; a new deadline asks why before saving.
        assert app.screen.query_one("#f-title", Input).value.startswith("Raise customer")
        app.screen.query_one("#f-deadline", Input).value = "2027-03-31"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ReasonScreen)
        await pilot.press("enter")
        await wait_idle(pilot, app)
        error = str(app.screen.query_one("#reason-error", Static).render())
        assert "reason is needed" in error
        app.screen.query_one("#reason", Input).value = "Survey moved to March"
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        goal = goal_by_title(svc, "Raise customer satisfaction")
        assert goal.deadline.isoformat() == "2027-03-31"
        revs = [r for r in svc.repo.revisions(goal.id) if r.field == "deadline"]
        assert revs and revs[0].reason == "Survey moved to March"
    finally:
        svc.close()


async def test_archive_and_show_closed(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("x")
        await wait_idle(pilot, app)
        assert not any("Advance from Team Lead" in t for t in tree_titles(app))
        await pilot.press("h")
        await wait_idle(pilot, app)
        assert any("Advance from Team Lead" in t and "archived" in t for t in tree_titles(app))
    svc = stored(app)
    try:
        assert goal_by_title(svc, "Advance from Team Lead").archived
    finally:
        svc.close()


@ON_BOTH_ENGINES
async def test_delete_asks_and_says_what_goes(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Reduce the product defect")
        await pilot.press("d")
        await wait_idle(pilot, app)
        question = str(app.screen.query_one(".dialog-text", Static).render())
        assert "1 KPI" in question and "measurements" in question and "milestones" in question
        await pilot.press("n")  # keep it
        await wait_idle(pilot, app)
        assert any("Reduce the product defect" in t for t in tree_titles(app))
        await pilot.press("d")
        await wait_idle(pilot, app)
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert not any("Reduce the product defect" in t for t in tree_titles(app))
    svc = stored(app)
    try:
        assert not any(g.title.startswith("Reduce the product defect") for g in svc.goals())
        assert not any(k.name == "Defect rate" for k in svc.repo.kpis())
    finally:
        svc.close()


@ON_BOTH_ENGINES
async def test_reparent_and_refuse_a_cycle(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        # Move the traffic goal under "Expand into new markets".
        await move_to(pilot, app, "Increase website traffic")
        await pilot.press("m")
        await wait_idle(pilot, app)
        await pilot.press(*"Expand")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        # Now try to move "Expand into new markets" under its own child.
        await pilot.press("home")
        await move_to(pilot, app, "Expand into new markets")
        await pilot.press("m")
        await wait_idle(pilot, app)
        await pilot.press(*"Launch")
        await pilot.press("enter")
        await wait_idle(pilot, app)
    svc = stored(app)
    try:
        expand = goal_by_title(svc, "Expand into new markets")
        traffic = goal_by_title(svc, "Increase website traffic")
        assert traffic.parent_id == expand.id
        assert expand.parent_id is None  # the cycle was refused
    finally:
        svc.close()


async def test_filter_by_text(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("slash", *"germany")
        await wait_idle(pilot, app)
        titles = tree_titles(app)
        # The match and its parent (for context) stay; the rest go.
        assert any("Germany" in t for t in titles)
        assert any("Expand into new markets" in t for t in titles)
        assert not any("website traffic" in t for t in titles)
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert any("website traffic" in t for t in tree_titles(app))


async def test_theme_is_remembered(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        app.theme = "nord"
        await wait_idle(pilot, app)
    settings = json.loads((tmp_path / "settings.json").read_text())
    assert settings["theme"] == "nord"
    again = make_app(name="other.db")
    async with again.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, again)
        assert again.theme == "nord"


async def test_hostile_titles_render_literally(make_app):
    app = make_app(demo=False)
    svc = stored(app)
    from goaltui.storage.repository import PlanRows

    hostile = [
        "[bold]x[/",
        "[@click=app.quit]hi[/]",
        "[link=https://example.org]x[/link]",
        "\x1b]0;pwned\x07 title",
        "\x9b31m red",
        "abc\u202edcba",
        "家族 👨‍👩‍👧 goals",
        "long " * 1000,
    ]
    try:
        for title in hostile:
            svc.create_goal(PlanRows(goal={"title": title, "start": app.clock.today()}))
    finally:
        svc.close()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = "\n".join(tree_titles(app))
        assert "[bold]x[/" in titles
        assert "[@click=app.quit]hi[/]" in titles
        assert "\x1b" not in titles and "\x9b" not in titles and "\u202e" not in titles
        assert "␛]0;pwned␇" in titles
        await pilot.press("down", "down")
        await wait_idle(pilot, app)
        assert app.is_running  # the action link did not quit the app


async def test_welcome_on_empty_database(make_app):
    from goaltui.ui.screens.welcome import WelcomeScreen

    app = make_app(demo=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("d")
        await wait_idle(pilot, app)
        assert any("website traffic" in t for t in tree_titles(app))


async def test_other_window_changes_appear(make_app):
    app = make_app()
    app.watch_interval = 0.2
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        svc = stored(app)
        try:
            from goaltui.storage.repository import PlanRows

            svc.create_goal(
                PlanRows(goal={"title": "Written elsewhere", "start": app.clock.today()})
            )
        finally:
            svc.close()
        for _ in range(40):
            await pilot.pause(0.05)
            if any("Written elsewhere" in t for t in tree_titles(app)):
                break
        assert any("Written elsewhere" in t for t in tree_titles(app))


async def test_sizes_never_crash(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        for size in [(20, 5), (1, 1), (59, 14), (80, 24), (250, 80), (30, 10), (120, 36)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
        assert app.is_running
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert app.has_class("-too-small")


class TestGoalsSnapshots:
    def test_goals_120x36(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=(120, 36), run_before=_settle)

    def test_goals_80x24(self, snap_compare, make_app):
        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=_settle)

    def test_welcome(self, snap_compare, make_app):
        assert snap_compare(make_app(demo=False), terminal_size=(100, 30), run_before=_settle)


async def _settle(pilot) -> None:
    await wait_idle(pilot, pilot.app)


@ON_BOTH_ENGINES
async def test_add_a_kpi_to_a_goal(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Advance from Team Lead")
        await pilot.press("k")
        await wait_idle(pilot, app)
        app.screen.query_one("#f-name", Input).value = "Direct reports"
        app.screen.query_one("#f-baseline", Input).value = "6"
        app.screen.query_one("#f-target", Input).value = "6"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert "equals the baseline" in str(app.screen.query_one("#e-target", Static).render())
        app.screen.query_one("#f-target", Input).value = "20"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
    svc = stored(app)
    try:
        goal = goal_by_title(svc, "Advance from Team Lead")
        kpi = next(k for k in svc.repo.kpis([goal.id]))
        assert (kpi.name, kpi.baseline, kpi.target) == ("Direct reports", 6.0, 20.0)
    finally:
        svc.close()


async def test_new_kpi_target_needs_a_reason_and_starts_a_new_pace_line(make_app):
    from goaltui.ui.screens.kpi_detail import KpiDetailScreen

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("3")
        await wait_idle(pilot, app)
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiDetailScreen)
        kpi_id = app.screen.kpi_id
        await pilot.press("t")
        await wait_idle(pilot, app)
        app.screen.query_one("#f-target", Input).value = "3"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert "needs a reason" in str(app.screen.query_one("#e-reason", Static).render())
        app.screen.query_one("#f-reason", Input).value = "Audits found more defects than expected"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiDetailScreen)
    svc = stored(app)
    try:
        kpi = svc.repo.get("kpi", kpi_id)
        assert kpi.target == 3.0
        rev = next(r for r in svc.repo.revisions() if r.entity == "kpi" and r.entity_id == kpi_id)
        assert (rev.field, rev.new, rev.reason) == (
            "target",
            "3",
            "Audits found more defects than expected",
        )
        reading = svc.reading(kpi_id)
        assert reading.original_pace is not None
        assert app.clock.today() in [day for day, _ in reading.pace.points]
    finally:
        svc.close()
