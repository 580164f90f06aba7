"""The key bar: the screen's keys on one line, current with focus, clickable."""

from __future__ import annotations

from goaltui.ui.screens.help import HelpScreen
from goaltui.ui.widgets.keybar import KeyBar
from tests.ui.conftest import wait_idle


def bar_text(app) -> str:
    return app.screen.query_one(KeyBar).render().plain


async def test_shows_the_screen_keys_and_follows_the_screen(make_app):
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await wait_idle(pilot, app)
        text = bar_text(app)
        assert " a Sub-goal " in text
        assert " ? Help " in text
        assert text.rstrip().endswith("palette")
        await pilot.press("2")
        await wait_idle(pilot, app)
        text = bar_text(app)
        assert "Reschedule" in text
        assert "Sub-goal" not in text


async def test_a_click_presses_the_key(make_app):
    app = make_app()
    async with app.run_test(size=(140, 36)) as pilot:
        await wait_idle(pilot, app)
        text = bar_text(app)
        column = text.index(" ? Help ") + 2
        await pilot.click(KeyBar, offset=(column, 0))
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HelpScreen)


async def test_a_narrow_bar_cuts_its_text_and_keeps_one_line(make_app):
    app = make_app()
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_idle(pilot, app)
        bar = app.screen.query_one(KeyBar)
        assert bar.size.height == 1
        assert "palette" not in bar_text(app) or len(bar_text(app)) <= 60


async def _bar_at(pilot, app, keys: str) -> str:
    for key in keys:
        await pilot.press(key)
        await wait_idle(pilot, app)
    return bar_text(app)


async def test_help_and_quit_never_fall_off_at_80_columns(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        for keys in ("", "2", "3", "5"):
            text = await _bar_at(pilot, app, keys)
            assert len(text) <= 80, (keys, text)
            assert " ? Help " in text, (keys, text)
            assert " q Quit " in text, (keys, text)
        # What did not fit is still one key away: the bar says so before "? Help".
        await pilot.press("1")
        await wait_idle(pilot, app)
        text = bar_text(app)
        assert "…" in text
        assert text.index("…") < text.index(" ? Help ")


async def test_the_timeline_bar_fits_at_120_columns(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        text = await _bar_at(pilot, app, "2")
        assert len(text) <= 120
        assert " ? Help " in text and " q Quit " in text
        assert " r Reschedule " in text


async def test_the_kpi_detail_keeps_help_and_quit_at_80_columns(make_app):
    from goaltui.ui.screens.kpi_detail import KpiDetailScreen

    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        await _bar_at(pilot, app, "3")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpiDetailScreen)
        text = bar_text(app)
        assert " ? Help " in text and " q Quit " in text, text
        assert " esc Back " in text, text


async def test_dialogs_show_their_own_keys(make_app):
    from goaltui.ui.screens.dialogs import ConfirmScreen
    from goaltui.ui.screens.welcome import WelcomeScreen

    app = make_app(demo=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        assert isinstance(app.screen, WelcomeScreen)
        text = bar_text(app)
        assert " d Load demo goals " in text, text
        assert "Delete" not in text and "Sub-goal" not in text, text
        # The dialog sits below the row of screens and above the key bar.
        dialog = app.screen.query_one("#welcome")
        assert dialog.region.y >= 1
        assert dialog.region.bottom <= 23
        await pilot.press("escape")
        await wait_idle(pilot, app)
        app.push_screen(ConfirmScreen("Really?"))
        await wait_idle(pilot, app)
        text = bar_text(app)
        assert " y Yes " in text and " n No " in text, text
        assert "Sub-goal" not in text
