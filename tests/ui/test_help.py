"""Help (``?``) lists goaltui's keys for the screen, grouped; the palette has one help."""

from __future__ import annotations

from goaltui.ui.screens.help import EVERYWHERE, MOVING, THIS_SCREEN, HelpScreen, help_rows
from tests.ui.conftest import wait_idle

TEXTUAL_INTERNALS = (
    "super+c",
    "^pgdn",
    "^pgup",
    "Page Right",
    "Page Left",
    "ancestor",
    "Copy",
    "Scroll",
)


async def _rows_on(pilot, app, key: str):
    await pilot.press(key)
    await wait_idle(pilot, app)
    return help_rows(app.screen)


def _check_clean(rows) -> None:
    text = "\n".join(f"{keys} {does}" for _group, keys, does in rows)
    for internal in TEXTUAL_INTERNALS:
        assert internal not in text, (internal, text)
    actions = [does for _group, _keys, does in rows]
    assert len(actions) == len(set(actions)), text
    assert sum("palette" in does.lower() for does in actions) == 1, text


async def test_goals_help_lists_goaltui_keys_grouped(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        rows = await _rows_on(pilot, app, "1")
        _check_clean(rows)
        assert (THIS_SCREEN, "a", "Sub-goal") in rows
        assert (THIS_SCREEN, "d del", "Delete") in rows
        assert (EVERYWHERE, "?", "Help") in rows
        assert (EVERYWHERE, "q", "Quit") in rows
        assert (EVERYWHERE, "2", "Timeline") in rows
        assert (EVERYWHERE, "^z", "Undo the last change") in rows
        assert (EVERYWHERE, "^y shift+^z", "Redo what was undone") in rows
        # Help lists them while it is open over the screen (where they do nothing).
        goals = app.screen
        await pilot.press("question_mark")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HelpScreen)
        assert (EVERYWHERE, "^z", "Undo the last change") in help_rows(goals)
        groups = [group for group, _keys, _does in rows]
        assert groups == sorted(groups, key=(THIS_SCREEN, MOVING, EVERYWHERE).index)


async def test_timeline_help_has_zoom_once(make_app):
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        rows = await _rows_on(pilot, app, "2")
        _check_clean(rows)
        zoom_in = [row for row in rows if row[2] == "Zoom in"]
        assert zoom_in == [(THIS_SCREEN, "+ =", "Zoom in")]
        await pilot.press("question_mark")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, HelpScreen)


async def test_the_palette_has_one_entry_for_help(make_app):
    from goaltui.ui.commands import COMMANDS

    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        names = [name for name, _action, _help in COMMANDS]
        names += [command.title for command in app.get_system_commands(app.screen)]
        assert names.count("Help") == 1
        assert "Keys" not in names
        assert len(names) == len(set(names)), names
        assert sum("theme" in name.lower() for name in names) == 1, names
