"""Start-up: the goal tree's outline appears before the storage opens, then progress."""

from __future__ import annotations

import re
import threading

from rich.style import Style
from textual.widgets import Tree

from goaltui.services import GoalService
from goaltui.ui.screens.goals.screen import GoalsScreen
from tests.ui.conftest import wait_idle


def rendered_rows(app) -> list[str]:
    tree = app.screen.query_one(Tree)
    return [tree.render_label(line.node, Style(), Style()).plain for line in tree._tree_lines]


async def first_rows(app, monkeypatch) -> tuple[list[str], list[str]]:
    """The tree's rows while the storage is still opening, and once it is open."""
    gate = threading.Event()
    real_open = GoalService.open.__func__

    def held_open(cls, *args, **kwargs):
        gate.wait(10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(GoalService, "open", classmethod(held_open))
    async with app.run_test(size=(120, 36)) as pilot:
        first: list[str] = []
        for _ in range(250):
            await pilot.pause(0.02)
            trees = app.screen.query(Tree) if isinstance(app.screen, GoalsScreen) else []
            if trees and trees.first().root.children:
                first = rendered_rows(app)
                break
        assert app.service is None  # the storage is still opening
        gate.set()
        await wait_idle(pilot, app)
        return first, rendered_rows(app)


async def test_outline_first_then_progress(make_app, monkeypatch):
    first, then = await first_rows(make_app(), monkeypatch)
    assert any("Increase website traffic by 20%" in row for row in first)
    # Progress not known yet: "…" in its column (right-aligned, after two spaces).
    assert all(re.search(r" {5}…  ", row) for row in first), first
    assert then and not any(re.search(r" {5}…  ", row) for row in then)
    assert all(re.search(r"\d+%  ", row) for row in then), then


async def test_outline_keeps_the_cursor_when_progress_arrives(make_app, monkeypatch):
    app = make_app()
    gate = threading.Event()
    real_open = GoalService.open.__func__

    def held_open(cls, *args, **kwargs):
        gate.wait(10)
        return real_open(cls, *args, **kwargs)

    monkeypatch.setattr(GoalService, "open", classmethod(held_open))
    async with app.run_test(size=(120, 36)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            trees = app.screen.query(Tree) if isinstance(app.screen, GoalsScreen) else []
            if trees and trees.first().root.children:
                break
        await pilot.pause(0.05)
        await pilot.press("down", "down")
        chosen = app.screen.query_one(Tree).cursor_node
        assert chosen is not None
        gate.set()
        await wait_idle(pilot, app)
        assert app.screen.query_one(Tree).cursor_node.data == chosen.data


def test_the_first_frame_needs_no_database_layer():
    """The app and its screens import without SQLAlchemy, SQLModel or psycopg: those
    load in a thread after the first paint, while the outline is shown."""
    import subprocess
    import sys

    code = (
        "import sys, goaltui.ui.app\n"
        "from goaltui.ui.screens import MODE_SCREENS, screen_class\n"
        "[screen_class(name) for name in MODE_SCREENS]\n"
        "print(sorted(m for m in ('sqlalchemy', 'sqlmodel', 'psycopg') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
