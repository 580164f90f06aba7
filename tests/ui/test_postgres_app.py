"""The dashboard on a PostgreSQL database: a check-in by keys, and a server that
goes out of reach in the middle of one."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from goaltui.domain.clock import FixedClock
from goaltui.storage.paths import DbUrl
from goaltui.ui.app import GoalApp
from goaltui.ui.screens.checkin.screen import CheckinScreen
from tests.postgres import admin_connect, fresh_database, server_url, with_database
from tests.ui.checkin_data import make_checkin_db
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_checkin import open_checkin

pytestmark = pytest.mark.postgres


def name_of(url: str) -> str:
    return url.split("://", 1)[1].split("/", 1)[1].split("?", 1)[0]


def values_of(url: str, kpi: str) -> list[float]:
    with admin_connect(url) as con:
        rows = con.execute(
            "SELECT m.value FROM measurement m JOIN kpi k ON k.id = m.kpi_id "
            "WHERE k.name = %s ORDER BY m.id",
            (kpi,),
        ).fetchall()
    return [r[0] for r in rows]


def cut_off(url: str) -> None:
    """Take the database out of reach: no new connection, every open one ended."""
    name = name_of(url)
    with admin_connect(with_database(server_url(), "postgres")) as con:
        con.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )


def reconnect(url: str) -> None:
    with admin_connect(with_database(server_url(), "postgres")) as con:
        con.execute(f'ALTER DATABASE "{name_of(url)}" WITH ALLOW_CONNECTIONS true')


def head(screen: CheckinScreen) -> str:
    return str(screen.query_one("#checkin-head", Static).render())


async def test_a_checkin_by_keys_is_stored_on_the_server(tmp_path: Path):
    clock = FixedClock(TODAY)
    with fresh_database() as url:
        make_checkin_db(DbUrl(url, url), clock)  # type: ignore[arg-type]
        app = GoalApp(DbUrl(url, url), clock=clock, settings_path=tmp_path / "s.json")
        async with app.run_test(size=(120, 36)) as pilot:
            await open_checkin(pilot, app)
            await pilot.press("3", "0", "ctrl+s")
            await wait_idle(pilot, app)
        assert values_of(url, "Minutes read") == [30.0]


async def test_a_server_out_of_reach_keeps_the_checkin_and_saves_it_once_back(tmp_path: Path):
    clock = FixedClock(TODAY)
    with fresh_database() as url:
        make_checkin_db(DbUrl(url, url), clock)  # type: ignore[arg-type]
        app = GoalApp(DbUrl(url, url), clock=clock, settings_path=tmp_path / "s.json")
        async with app.run_test(size=(120, 36)) as pilot:
            screen = await open_checkin(pilot, app)
            box = app.focused
            assert isinstance(box, Input)
            await pilot.press("3", "0")
            cut_off(url)
            try:
                await pilot.press("ctrl+s")
                deadline = time.monotonic() + 10
                while not screen.waiting and time.monotonic() < deadline:
                    await pilot.pause(0.05)
                assert screen.waiting
                assert "Not saved yet: the database server is out of reach" in head(screen)
                assert box.value == "30"  # what was typed stays
                assert any(
                    "saved once the server is back" in str(n.message) for n in app._notifications
                )
            finally:
                reconnect(url)
            deadline = time.monotonic() + 15
            while screen.waiting and time.monotonic() < deadline:
                await pilot.pause(0.1)
            assert not screen.waiting
            await wait_idle(pilot, app)
            assert "✔ Saved:" in head(screen)
        assert values_of(url, "Minutes read") == [30.0]  # saved once, not twice


async def test_another_machines_change_shows_within_a_second_or_so(tmp_path: Path):
    """A value recorded by another goaltui process reaches the dashboard through
    NOTIFY: the Goals screen's tree shows the new title without a key pressed."""
    import subprocess
    import sys

    from goaltui.ui.widgets.goal_tree import GoalTree

    clock = FixedClock(TODAY)
    with fresh_database() as url:
        make_checkin_db(DbUrl(url, url), clock)  # type: ignore[arg-type]
        app = GoalApp(DbUrl(url, url), clock=clock, settings_path=tmp_path / "s.json")
        async with app.run_test(size=(120, 36)) as pilot:
            await wait_idle(pilot, app)
            tree = app.screen.query_one(GoalTree)

            def titles() -> list[str]:
                """The tree's lines as drawn (a row's label is drawn from its summary)."""
                return [strip.text for strip in tree.render_lines(tree.region.reset_offset)]

            assert not any("Elsewhere" in t for t in titles())
            with admin_connect(url) as con:
                (goal_id,) = con.execute("SELECT min(id) FROM goal").fetchone()
            subprocess.run(
                [sys.executable, "-c", RENAME, url, str(goal_id)], check=True, timeout=60
            )
            started = time.monotonic()
            while time.monotonic() - started < 10:
                await pilot.pause(0.1)
                if any("Elsewhere" in t for t in titles()):
                    break
            else:
                raise AssertionError(f"the change never showed: {titles()}")
            assert time.monotonic() - started < 3


RENAME = """
import sys
from goaltui.services import GoalService
from goaltui.storage.paths import DbUrl
url, goal_id = sys.argv[1], int(sys.argv[2])
svc = GoalService.open(DbUrl(url, url))
svc.edit_goal(goal_id, {"title": "Elsewhere renamed"})
svc.close()
"""
