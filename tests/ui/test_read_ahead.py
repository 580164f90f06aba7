"""The other screens' first data, read after start-up, is shown in their first frame."""

from __future__ import annotations

import time

import pytest

from goaltui.ui import warm_up
from goaltui.ui.screens.checkin.screen import CheckinData, CheckinScreen
from goaltui.ui.screens.kpis.screen import KpisScreen
from goaltui.ui.screens.review import ReviewScreen
from goaltui.ui.screens.timeline import TimelineScreen
from goaltui.ui.widgets.line_table import LineTable
from tests.ui.conftest import wait_idle

FIELDS = "#checkin-form Input, #checkin-form StepBox"
SCREENS = {
    "4": CheckinScreen,
    "3": KpisScreen,
    "2": TimelineScreen,
    "5": ReviewScreen,
}


async def read_ahead_done(pilot, app) -> None:
    deadline = time.monotonic() + 15
    while set(app._read_ahead) != set(warm_up.READ_AHEAD):
        assert time.monotonic() < deadline, f"read ahead so far: {sorted(app._read_ahead)}"
        await pilot.pause(0.05)


@pytest.fixture
def reloads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The screens that read their data themselves (in a worker), in order."""
    seen: list[str] = []
    for screen in SCREENS.values():

        def counted(self, real=screen.reload) -> None:
            seen.append(type(self).__name__)
            real(self)

        monkeypatch.setattr(screen, "reload", counted)
    return seen


def shows_data(screen) -> bool:
    if isinstance(screen, CheckinScreen):
        return screen.data is not None and bool(screen.query(FIELDS))
    if isinstance(screen, KpisScreen):
        return screen.query_one(LineTable).row_count > 0
    if isinstance(screen, TimelineScreen):
        return bool(screen.view.rows)
    if isinstance(screen, ReviewScreen):
        return bool(screen.evidence)
    raise AssertionError(screen)


async def test_each_screen_opens_with_its_data(make_app, reloads):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await read_ahead_done(pilot, app)
        for key, kind in SCREENS.items():
            await pilot.press(key)
            # Mounted and shown: the data is there without any worker.
            assert isinstance(app.screen, kind)
            assert shows_data(app.screen), kind.__name__
            if isinstance(app.screen, CheckinScreen):
                await pilot.press("escape")  # digits switch screens again
        assert reloads == []  # nothing was read twice
        assert app._read_ahead == {}  # each read-ahead is let go once shown


async def test_the_check_in_draws_its_first_rows_with_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await read_ahead_done(pilot, app)
        data = app._read_ahead["checkin"][1]
        assert isinstance(data, CheckinData)
        await pilot.press("4")
        screen = app.screen
        assert isinstance(screen, CheckinScreen) and screen.data is data
        await wait_idle(pilot, app)
        # The rows after the first screenful follow: the same form as a reload gives.
        ids = [w.id for w in screen.query(FIELDS)]
        assert ids and screen.focused is not None and screen.focused.id == ids[0]
        assert not screen.filling
        await pilot.press("ctrl+r")
        await wait_idle(pilot, app)
        assert [w.id for w in screen.query(FIELDS)] == ids


async def test_a_write_after_the_read_ahead_is_read_again(make_app, reloads):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await read_ahead_done(pilot, app)
        svc = app.service
        assert svc is not None
        kpi = next(k for k in svc.repo.kpis() if k.name == "Weekly visits")
        svc.record(kpi, 12_345)
        app.changed()  # what a write from this window does
        await pilot.press("3")
        await wait_idle(pilot, app)
        # Read again (the change watcher may notice the write and read once more).
        assert reloads and set(reloads) == {"KpisScreen"}
        table = app.screen.query_one(LineTable)
        values = [table.row_text(i) for i in range(table.row_count)]
        assert any("12345" in v or "12,345" in v for v in values), values


async def test_the_read_ahead_holds_back_while_a_screen_is_switched_to(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    # A switch that never ends: the warm-up thread must not read meanwhile.
    monkeypatch.setattr(warm_up, "GIVE_WAY", 60.0)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)  # the goals screen read its own data all the same
        assert app.screen.query_one("GoalTree").root.children
        await pilot.pause(1.0)
        assert app._read_ahead == {}
        # The switch is over: the read-ahead goes on, and a switch holds it again.
        app._calm.set()
        await read_ahead_done(pilot, app)
        await pilot.press("2")
        assert not app._calm.is_set()


async def test_a_switch_holds_the_read_ahead_back_for_a_moment_only(
    make_app, monkeypatch: pytest.MonkeyPatch
):
    # Long enough that a busy machine still sees the hold; short enough for a test.
    monkeypatch.setattr(warm_up, "GIVE_WAY", 2.0)
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.pause(2.2)  # the hold of the switch to the goals screen is over
        assert app._calm.is_set()
        await pilot.press("2")
        assert not app._calm.is_set()
        await pilot.pause(2.5)
        assert app._calm.is_set()
