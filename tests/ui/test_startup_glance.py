"""The next start draws the tree's figures in its first frame, when nothing changed since."""

from __future__ import annotations

import re
from datetime import date

from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService
from goaltui.ui.app import GoalApp
from tests.ui.conftest import ON_BOTH_ENGINES, wait_idle
from tests.ui.test_startup import first_rows, rendered_rows

OUTLINE = re.compile(r" {5}…  ")  # progress not known yet
FIGURES = re.compile(r"\d+%  ")


async def full_rows(app: GoalApp) -> list[str]:
    """The tree's rows once everything is worked out (and the figures kept)."""
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        rows = rendered_rows(app)
    assert rows and all(FIGURES.search(row) for row in rows), rows
    return rows


def again(app: GoalApp, clock: FixedClock, tmp_path) -> GoalApp:
    return GoalApp(app.db_path, clock=clock, settings_path=tmp_path / "settings.json")


@ON_BOTH_ENGINES
async def test_the_next_start_shows_the_figures_first(make_app, ui_clock, tmp_path, monkeypatch):
    app = make_app()
    rows = await full_rows(app)
    first, then = await first_rows(again(app, ui_clock, tmp_path), monkeypatch)
    assert first == rows  # before SQLModel is in: every figure as the full reading gives it
    assert then == rows


@ON_BOTH_ENGINES
async def test_after_a_change_the_next_start_shows_the_outline_first(
    make_app, ui_clock, tmp_path, monkeypatch
):
    app = make_app()
    await full_rows(app)
    svc = GoalService.open(app.db_path, ui_clock)  # another program records a value
    try:
        svc.record(svc.kpis()[0], 1.0, ui_clock.today())
    finally:
        svc.close()
    first, then = await first_rows(again(app, ui_clock, tmp_path), monkeypatch)
    assert first and all(OUTLINE.search(row) for row in first), first
    assert all(FIGURES.search(row) for row in then), then
    # ... and that start kept the new figures for the one after.
    first, _ = await first_rows(again(app, ui_clock, tmp_path), monkeypatch)
    assert first == then


async def test_another_day_shows_the_outline_first(make_app, ui_clock, tmp_path, monkeypatch):
    app = make_app()
    await full_rows(app)
    tomorrow = FixedClock(date.fromordinal(ui_clock.today().toordinal() + 1))
    first, then = await first_rows(again(app, tomorrow, tmp_path), monkeypatch)
    assert first and all(OUTLINE.search(row) for row in first), first
    assert all(FIGURES.search(row) for row in then), then
