"""A range KPI on screen: the KPI list, its detail and chart, the goal's pane."""

from __future__ import annotations

from datetime import date

from textual.widgets import Static

from goaltui.ui.widgets.line_table import LineTable
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import goal_by_title, move_to
from tests.ui.test_kpis import head, open_detail, open_kpis, row_texts, stored

GOAL = "Advance from Team Lead"


def add_range(app) -> None:
    svc = stored(app)
    try:
        goal = goal_by_title(svc, GOAL)
        kpi = svc.add_kpi(
            goal.id,
            name="Deep work",
            unit="min",
            baseline=45.0,
            target=45.0,
            high=60.0,
            kind="between",
            cadence="weekly",
            aggregation="mean",
        )
        # Two complete weeks before today (Sunday 2026-11-22): 50 in, 62 out.
        svc.record(kpi, 50, date(2026, 11, 4))
        svc.record(kpi, 62, date(2026, 11, 11))
    finally:
        svc.close()


async def test_the_list_and_the_detail_show_the_range(make_app):
    app = make_app()
    add_range(app)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_kpis(pilot, app)
        [row] = [t for t in row_texts(screen.query_one("#kpi-table", LineTable)) if "Deep" in t]
        assert "62 / 45–60" in row
        await pilot.press("escape")
        await open_detail(pilot, app, "Deep work")
        shown = head(app)
        assert "62 / 45–60 min" in shown
        assert "1 of 2 periods in bounds, out of bounds now" in shown
        assert "range 45–60" in shown
        assert "══ range 45–60: low and high end" in shown
        assert "pace" not in shown.split("chart:")[1]  # the band stands for the pace


async def test_the_goal_pane_shows_the_range(make_app):
    app = make_app()
    add_range(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, GOAL)
        await wait_idle(pilot, app)
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert "62 / 45–60" in detail
        assert "1 of 2 periods in bounds" in detail
