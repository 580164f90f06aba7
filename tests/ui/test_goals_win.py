"""``w`` on the Goals screen copies the selected goal's win summary to the clipboard."""

from __future__ import annotations

from goaltui.ui.screens.help import THIS_SCREEN, help_rows
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import move_to

ACHIEVED = "Double average time on site"


def _messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_w_copies_the_win_of_an_achieved_goal(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("h")  # the achieved goal is closed: show it
        await wait_idle(pilot, app)
        await move_to(pilot, app, ACHIEVED)
        await pilot.press("w")
        await wait_idle(pilot, app)
        copied = app.clipboard
        assert copied.startswith(
            f"Goal: {ACHIEVED} from 1 to 2 minutes in six months\n"
            "Status: achieved\n"
            "Targets reached:\n"
            "- Average time on site: 2 min (from 1 min)\n"
        )
        assert "Took: " in copied
        assert "Copied the win summary: paste it anywhere." in _messages(app)


async def test_w_on_a_goal_with_nothing_reached_copies_nothing(make_app, monkeypatch):
    app = make_app()
    copies: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copies.append)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Expand into new markets")
        await pilot.press("w")
        await wait_idle(pilot, app)
        assert copies == []
        assert any(m.startswith("Nothing reached on this goal yet.") for m in _messages(app))


async def test_help_lists_the_share_key(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        assert (THIS_SCREEN, "w", "Share win") in help_rows(app.screen)
