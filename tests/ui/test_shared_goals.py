"""The Goals screen and goals shared with me: a branch of their own, read-only.

Most tests run on SQLite with the sharing service answering as PostgreSQL
would (a goal shared by "lea"); the last one runs on a real server as B.
"""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static, Tree

from goaltui.services import GoalService
from goaltui.services.sharing import SharingService
from goaltui.ui.screens.goals.screen import GoalsScreen
from goaltui.ui.screens.goals.share_dialog import ShareScreen
from goaltui.ui.widgets.goal_tree import SHARED_BRANCH
from tests.ui.conftest import wait_idle
from tests.ui.test_goals import drawn_row, move_to, tree_titles

SHARED = "Increase website traffic"
READ_ONLY = "lea shared this goal with you to read; only lea can change it"
#: Every key that would change the selected goal.
EDIT_KEYS = ("a", "k", "o", "e", "x", "p", "d", "m", "g")


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def goal_id(app, prefix: str) -> int:
    svc = GoalService.open(app.db_path, app.clock)
    try:
        return next(g.id for g in svc.goals() if g.title.startswith(prefix))
    finally:
        svc.close()


@pytest.fixture
def shared_by_lea(monkeypatch):
    """SharingService answers as on PostgreSQL: the traffic goal is lea's, shared with me.

    Returns the (goal id, role, share?) calls the share dialog made.
    """
    calls: list[tuple[int, str, bool]] = []
    owners: dict[int, str] = {}

    def shared_with_me(self) -> dict[int, str]:
        if not owners:
            owners[next(g.id for g in self.goals.goals() if g.title.startswith(SHARED))] = "lea"
        return dict(owners)

    monkeypatch.setattr(SharingService, "available", lambda self: True)
    monkeypatch.setattr(SharingService, "shared_with_me", shared_with_me)
    monkeypatch.setattr(SharingService, "grantees", lambda self, goal_id: ["max"])
    monkeypatch.setattr(
        SharingService, "share", lambda self, g, r: calls.append((g, r, True)) or None
    )
    monkeypatch.setattr(
        SharingService, "unshare", lambda self, g, r: calls.append((g, r, False)) or None
    )
    return calls


async def test_goals_shared_with_me_sit_on_their_own_branch_marked_with_the_owner(
    make_app, shared_by_lea
):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        rows = tree_titles(app)
        branch = next(i for i, r in enumerate(rows) if SHARED_BRANCH in r)
        assert branch == len(rows) - 2  # after all of mine, with the one shared goal
        assert SHARED in rows[-1] and rows[-1].endswith("by lea")
        assert all("by lea" not in r for r in rows[:branch])
        tree = app.screen.query_one(Tree)
        node = tree._tree_lines[-1].node
        assert node.parent is not None and node.parent.data is None  # under the branch
        await move_to(pilot, app, SHARED_BRANCH)
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert "Goals others shared with you" in detail


async def test_every_editing_key_on_a_shared_goal_says_whose_it_is(make_app, shared_by_lea):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, SHARED)
        before = GoalService.open(app.db_path, app.clock)
        try:
            stored = before.goal(goal_id(app, SHARED))
        finally:
            before.close()
        for key in EDIT_KEYS:
            app._notifications.clear()
            await pilot.press(key)
            await wait_idle(pilot, app)
            assert isinstance(app.screen, GoalsScreen), key  # no dialog, no wizard
            assert messages(app) == [READ_ONLY], key
        app._notifications.clear()
        await pilot.press("s")
        await wait_idle(pilot, app)
        assert messages(app) == ["lea shared this goal with you to read; only lea can share it"]
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert detail.startswith("Shared with you by lea: you can read it")
        after = GoalService.open(app.db_path, app.clock)
        try:
            assert after.goal(stored.id) == stored
        finally:
            after.close()
        assert shared_by_lea == []


async def test_s_shares_my_goal_or_stops_sharing_it(make_app, shared_by_lea):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await move_to(pilot, app, "Launch the product")
        detail = app.screen.query_one("#detail-text", Static).content.plain
        assert detail.startswith("Shared with max (to read; s to share or stop).")
        await pilot.press("s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, ShareScreen)
        assert "Shared with: max." in app.screen.query_one("#share-now", Static).content.plain
        box = app.screen.query_one("#f-role", Input)
        assert box.value == "max"
        box.value = ""
        await pilot.press("enter")  # nobody typed: said so, still open
        assert isinstance(app.screen, ShareScreen)
        await pilot.press(*"lea", "enter")
        await wait_idle(pilot, app)
        launch = goal_id(app, "Launch the product")
        assert shared_by_lea == [(launch, "lea", True)]
        assert any(m.startswith("Shared with lea") for m in messages(app))
        await pilot.press("s")
        await wait_idle(pilot, app)
        await pilot.click("#unshare")
        await wait_idle(pilot, app)
        assert shared_by_lea[-1] == (launch, "max", False)


async def test_on_sqlite_nothing_is_shared_and_s_says_it_needs_postgresql(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        rows = tree_titles(app)
        assert not any(SHARED_BRANCH in r or "by " in r.split("  ")[-1] for r in rows)
        await move_to(pilot, app, SHARED)
        await pilot.press("s")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, GoalsScreen)
        assert messages(app)[-1].startswith("Sharing a goal needs a PostgreSQL database")
        await pilot.press("e")  # my own goal: the wizard opens as ever
        await wait_idle(pilot, app)
        assert not isinstance(app.screen, GoalsScreen)


@pytest.mark.postgres
async def test_b_sees_a_goal_a_shared_read_only_on_a_real_server(monkeypatch, tmp_path):
    from goaltui.domain.clock import FixedClock
    from goaltui.storage.paths import resolve_db_path
    from goaltui.ui.app import GoalApp
    from tests.storage.test_sharing_roles import two_people
    from tests.storage.test_sharing_security import TODAY, make_goals

    with two_people() as people:
        make_goals(people, monkeypatch)
        monkeypatch.setenv("PGPASSWORD", people.b.password)
        app = GoalApp(
            resolve_db_path(people.b.url),
            clock=FixedClock(TODAY),
            settings_path=tmp_path / "settings.json",
        )
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_idle(pilot, app, rounds=6)
            assert not [m for m in messages(app) if "does not exist" in m]
            rows = tree_titles(app)
            a = people.a.role
            assert any(SHARED_BRANCH in r for r in rows)
            assert next(r for r in rows if "Increase website" in r).endswith(f"by {a}")
            assert not any("Reduce the product" in r for r in rows)
            await move_to(pilot, app, "Increase website")  # the title is cut
            app._notifications.clear()
            await pilot.press("e")
            await wait_idle(pilot, app)
            assert messages(app) == [
                f"{a} shared this goal with you to read; only {a} can change it"
            ]
            tree = app.screen.query_one(Tree)
            assert "by" in drawn_row(tree, tree.cursor_node)
