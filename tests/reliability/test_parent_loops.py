"""A goal that is its own parent (or any loop of parents), as an older version or a
hand edit may leave it, stays visible everywhere with its sub-goals, and `m` on
the Goals screen repairs it. Import refuses such a file (test_import_rules.py).
"""

from __future__ import annotations

import sqlite3

import pytest

from tests._files import make_goaltui_db
from tests.cli.helpers import cli_at
from tests.reliability.conftest import assert_no_crash_notice, notifications

EXPAND = "Expand into new markets"
GERMANY = "Launch the product in Germany"


def _ids(path) -> dict[str, int]:
    con = sqlite3.connect(path)
    try:
        return {title: gid for gid, title in con.execute("SELECT id, title FROM goal")}
    finally:
        con.close()


def _id(path, prefix: str) -> int:
    return next(gid for title, gid in _ids(path).items() if title.startswith(prefix))


def _set_parents(path, changes: dict[int, int | None]) -> None:
    con = sqlite3.connect(path)
    try:
        with con:
            for gid, parent in changes.items():
                con.execute("UPDATE goal SET parent_id = ? WHERE id = ?", (parent, gid))
    finally:
        con.close()


@pytest.fixture
def looped_db(tmp_path):
    """The demo goals, "Expand into new markets" its own parent (its sub-goal under it),
    and two other goals each other's parent."""
    path = tmp_path / "goals.db"
    make_goaltui_db(path)
    expand = _id(path, EXPAND)
    traffic = _id(path, "Increase website traffic")
    defects = _id(path, "Reduce the product defect")
    _set_parents(path, {expand: expand, traffic: defects, defects: traffic})
    return path


def test_domain_tree_keeps_every_goal_of_a_loop():
    from datetime import date

    from goaltui.domain.models import Goal
    from goaltui.domain.progress import looped, tree_order

    def goal(gid, parent):
        return Goal(id=gid, title=str(gid), start=date(2026, 1, 1), deadline=None, parent_id=parent)

    goals = [goal(1, 1), goal(2, 1), goal(3, 4), goal(4, 5), goal(5, 3), goal(6, 5), goal(7, None)]
    assert looped({g.id: g.parent_id for g in goals}) == {1, 3, 4, 5}
    order = [(g.id, depth) for g, depth, _ in tree_order(goals)]
    # each goal of a loop at the top, their other sub-goals under them
    assert order == [(1, 0), (2, 1), (3, 0), (4, 0), (5, 0), (6, 1), (7, 0)]


@pytest.mark.parametrize("args", [["list"], ["list", "--all"]])
def test_list_shows_the_goals_of_a_loop_and_says_so(capsys, clock, looped_db, args):
    r = cli_at(capsys, clock, "--db", str(looped_db), *args)
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    expand = next(line for line in lines if EXPAND in line)
    germany = next(line for line in lines if GERMANY in line)
    assert lines.index(germany) == lines.index(expand) + 1
    assert expand.split("  ")[-1].startswith(EXPAND)  # at the top level
    assert germany.split("  ")[-1].startswith(GERMANY)  # its sub-goal under it, indented
    assert any(line.endswith(f"    {GERMANY} with 50 paying customers") for line in lines)
    assert any("Increase website traffic" in line for line in lines)
    assert any("Reduce the product defect" in line for line in lines)
    told = r.err.splitlines()
    assert len(told) == 3, told
    ids = sorted(_id(looped_db, p) for p in (EXPAND, "Increase website", "Reduce the product"))
    for gid, line in zip(ids, sorted(told, key=lambda t: int(t.split()[2])), strict=True):
        assert line.startswith(f"goaltui: goal {gid} (")
        assert line.endswith(
            "is its own parent or ancestor (a loop of parent goals), so it is shown at the top "
            "level; move it with m on the Goals screen"
        )


def test_the_report_has_the_goals_of_a_loop(capsys, clock, looped_db):
    r = cli_at(capsys, clock, "--db", str(looped_db), "export", "markdown")
    assert r.code == 0, r.err
    assert f"\n## {EXPAND}\n" in r.out
    assert f"\n### {GERMANY} with 50 paying customers\n" in r.out
    assert "\n## Increase website traffic" in r.out
    assert "\n## Reduce the product defect" in r.out
    assert len(r.err.splitlines()) == 3


def test_the_roll_up_treats_a_goal_of_a_loop_as_top_level(clock, looped_db):
    from goaltui.services import GoalService

    svc = GoalService.open(looped_db, clock)
    try:
        by_title = {s.goal.title: s for s in svc.summaries(include_archived=True)}
        expand = next(s for t, s in by_title.items() if t.startswith(EXPAND))
        germany = next(s for t, s in by_title.items() if t.startswith(GERMANY))
        assert (expand.depth, germany.depth) == (0, 1)
        assert 0.0 <= expand.progress <= 1.0
    finally:
        svc.close()


async def test_the_goals_screen_shows_them_and_m_repairs_one(looped_db, app_on):
    from textual.widgets import Tree

    from tests.ui.conftest import wait_idle
    from tests.ui.test_goals import move_to, tree_titles

    app = app_on(looped_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        titles = tree_titles(app)
        assert any(EXPAND in t for t in titles)
        assert any(GERMANY in t for t in titles)
        assert any("Increase website traffic" in t for t in titles)
        assert any("Reduce the product defect" in t for t in titles)
        tree = app.screen.query_one(Tree)
        assert [n.data for n in tree.root.children].count(_id(looped_db, EXPAND)) == 1
        shown = notifications(app)
        assert (
            "Goal tree repaired for display: 3 goals are their own parent or ancestor (a loop"
            " of parent goals), so they are shown at the top level. Select one and press m to"
            " move it." in shown
        ), shown
        await move_to(pilot, app, EXPAND)
        await pilot.press("m")
        await wait_idle(pilot, app)
        await pilot.press("enter")  # the first choice: the top level
        await wait_idle(pilot, app)
        assert_no_crash_notice(app)
    from goaltui.services import GoalService

    svc = GoalService.open(looped_db)
    try:
        expand = next(g for g in svc.goals() if g.title.startswith(EXPAND))
        assert expand.parent_id is None
        assert {g.id for g in svc.looped_goals()} == {
            _id(looped_db, "Increase website"),
            _id(looped_db, "Reduce the product"),
        }
    finally:
        svc.close()
