"""The evidence view draws exactly what a Static with the whole text draws, a line at a time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from textual.app import App, ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.geometry import Offset
from textual.selection import Selection
from textual.widgets import Static

from goaltui.domain.confidence import CHECK_IN, PLANNED, ConfidenceEntry
from goaltui.domain.models import (
    Goal,
    GoalStatus,
    Kpi,
    KpiStatus,
    Milestone,
    Outcome,
    Review,
    ReviewKind,
    Revision,
)
from goaltui.services.evidence import GoalEvidence, KpiEvidence
from goaltui.ui.widgets.evidence_text import evidence_lines
from goaltui.ui.widgets.evidence_view import KEEP_LINES, EvidenceView

DAY = date(2026, 11, 20)


def goal_evidence(n: int, title: str = "") -> GoalEvidence:
    goal = Goal(
        id=n,
        title=title or f"Goal {n} — grow the newsletter to a size worth writing for",
        start=date(2026, 1, 1),
        deadline=date(2026, 12, 31),
        status=GoalStatus.PAUSED if n % 3 == 0 else GoalStatus.ACTIVE,
    )
    kpi = Kpi(
        id=n,
        goal_id=n,
        name=f"Subscribers of the weekly letter {n}",
        unit="people per week",
        baseline=0,
        target=12500.5,
    )
    return GoalEvidence(
        goal=goal,
        kpis=[
            KpiEvidence(
                kpi, 10.0, 12345.678, 12500.5, 11000.123, KpiStatus.AT_RISK, KpiStatus.ON_TRACK
            ),
            KpiEvidence(kpi, None, None, 1.0, None, KpiStatus.NO_DATA, KpiStatus.NO_DATA),
        ]
        if n % 2
        else [],
        milestones_hit=[Milestone(1, n, "First 漢字 milestone, wide characters", DAY, DAY)],
        milestones_missed=[Milestone(2, n, "Second one", DAY)],
        confidence=[
            ConfidenceEntry(DAY - timedelta(days=9), 4, PLANNED),
            ConfidenceEntry(DAY, 7, CHECK_IN),
        ],
        wins=[(DAY, "A win\twith a tab and a rather long description that has to wrap somewhere")],
        obstacles=[(DAY, "Meetings")],
        revisions=[
            Revision(1, "kpi", n, n, "target", "100", "200", "more readers", datetime(2026, 11, 20))
        ],
        reviews=[
            Review(
                1,
                n,
                ReviewKind.FINAL,
                date(2026, 11, 1),
                date(2026, 11, 15),
                worked="Line one\nline two\twith a tab\n\nafter a blank line " + "word " * 30,
                rating=4,
                outcome=Outcome.ACHIEVED,
            )
        ],
    )


ITEMS = [goal_evidence(n) for n in range(1, 8)]


class Both(App[None]):
    """The same evidence in a Static and in the view, side by side, alike in every style."""

    CSS = """
    VerticalScroll { width: 1fr; border: round $primary; padding: 0 1; }
    """

    def __init__(self, items: list[GoalEvidence]) -> None:
        super().__init__()
        self.lines = evidence_lines(items)

    def compose(self) -> ComposeResult:
        with Horizontal():
            with VerticalScroll(id="left"):
                yield Static(self.lines.text(), id="static")
            with VerticalScroll(id="right"):
                yield EvidenceView("Gathering the evidence…", id="view")

    def on_mount(self) -> None:
        self.query_one(EvidenceView).show(self.lines)


def strips(widget: Static, rows: int) -> list[list[tuple[str, object]]]:
    return [[(s.text, s.style) for s in widget.render_line(y)] for y in range(rows)]


async def test_same_lines_and_styles_as_a_static():
    """Lines that fit are drawn exactly as a Static draws them."""
    app = Both(ITEMS)
    async with app.run_test(size=(420, 40)) as pilot:
        await pilot.pause()
        static, view = app.query_one("#static", Static), app.query_one(EvidenceView)
        assert static.size == view.size
        assert strips(view, view.size.height) == strips(static, static.size.height)
        assert str(view.render()) == str(static.render())


async def test_wrapped_rows_hang_under_the_start_of_their_line():
    app = Both(ITEMS)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        static, view = app.query_one("#static", Static), app.query_one(EvidenceView)
        assert view.size.height > len(view.evidence)  # long lines wrapped
        rows = ["".join(text for text, _ in row) for row in strips(view, view.size.height)]
        # "  win 20 Nov: A win␉with a tab and a rather long description..." wraps
        # under its text, two cells in.
        first = next(i for i, row in enumerate(rows) if "win 20 Nov" in row)
        assert rows[first].startswith("  win 20 Nov")
        assert rows[first + 1].startswith("  ") and rows[first + 1][2] != " "
        # A review's text of several lines: each line under the first.
        worked = next(i for i, row in enumerate(rows) if "worked: Line one" in row)
        column = rows[worked].index("Line one")
        assert rows[worked + 1].startswith(" " * column + "line two")
        after = next(i for i, row in enumerate(rows) if "after a blank line" in row)
        assert rows[after].startswith(" " * column + "after a blank line")
        assert rows[after + 1].startswith(" " * column + "word")
        # Nothing is lost: the words of the view are the words of the Static.
        shown = [
            w
            for row in strips(static, static.size.height)
            for w in "".join(t for t, _ in row).split()
        ]
        assert " ".join(rows).split() == shown


async def test_selection_matches_a_static():
    app = Both(ITEMS)
    async with app.run_test(size=(420, 40)) as pilot:
        await pilot.pause()
        static, view = app.query_one("#static", Static), app.query_one(EvidenceView)
        selection = Selection(Offset(3, 2), Offset(10, 25))
        assert view.get_selection(selection) == static.get_selection(selection)
        app.screen.selections = {static: selection, view: selection}
        await pilot.pause()
        assert strips(view, view.size.height) == strips(static, static.size.height)


async def until(pilot, done, frames: int = 100) -> None:
    """Pause until ``done()`` holds, for at most ``frames`` short pauses."""
    for _ in range(frames):
        await pilot.pause(0.02)
        if done():
            return


async def test_only_lines_on_screen_are_drawn():
    items = [goal_evidence(n) for n in range(1, 1001)]
    app = Both([])
    async with app.run_test(size=(100, 30)) as pilot:
        view = app.query_one(EvidenceView)
        drawn: list[int] = []
        draw = view._draw
        view._draw = lambda index, width: (drawn.append(index), draw(index, width))[1]  # type: ignore[method-assign]
        view.show(evidence_lines(items))
        # A busy machine may take a few frames to lay the view out and paint it.
        await until(pilot, lambda: view.size.height > 20_000 and bool(drawn))
        assert view.size.height > 20_000
        assert 0 < len(drawn) < 40
        app.query_one("#right", VerticalScroll).scroll_end(animate=False)
        await until(pilot, lambda: max(drawn) > len(view.evidence) - 40)
        assert len(drawn) < 80 and max(drawn) > len(view.evidence) - 40
        assert len(view._strips) <= KEEP_LINES


async def test_messages_and_no_goals():
    app = Both([])
    async with app.run_test(size=(100, 20)) as pilot:
        await pilot.pause()
        view = app.query_one(EvidenceView)
        assert str(view.render()) == "No open goals to review in this period."
        view.show_message("The database is locked")
        await pilot.pause()
        assert str(view.render()) == "The database is locked"
        assert view.render_line(0).text.startswith("The database is locked")
