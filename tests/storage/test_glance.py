"""The tree's figures kept between starts: read with the goals, forgotten at any change."""

from __future__ import annotations

import time
from datetime import date

import pytest

from goaltui.domain.models import GoalStatus
from goaltui.storage.db import watch
from goaltui.storage.outline import first_look
from goaltui.storage.tables import DATA_TABLES


def keep(location, payload: str) -> None:
    watcher = watch(location)
    try:
        since = watcher.version()
        assert since is not None
        assert watcher.keep_glance(since, payload)
    finally:
        watcher.close()


def kept(location) -> str | None:
    look = first_look(location)
    assert look is not None
    return look.glance


def test_the_figures_are_read_with_the_goals(demo_service, location):
    keep(location, "figures of today")
    look = first_look(location)
    assert look is not None
    assert look.glance == "figures of today"
    assert look.goals == demo_service.goals(include_archived=True)
    keep(location, "figures again")  # kept once: the new ones replace the old
    assert kept(location) == "figures again"


def test_a_new_database_keeps_none(service, location):
    look = first_look(location)
    assert look is not None and look.goals == [] and look.glance is None


@pytest.mark.parametrize("table", list(DATA_TABLES))
def test_a_change_to_any_data_table_forgets_them(demo_service, location, query, table):
    """Whoever writes: here a plain statement, as a script would send it."""
    if table == "pause":  # the demo pauses no goal
        demo_service.set_status(demo_service.goals()[0].id, GoalStatus.PAUSED)
    assert query(f'SELECT count(*) FROM "{table}"')[0][0] > 0  # the demo fills every table
    keep(location, "figures")
    query(f'UPDATE "{table}" SET id = id WHERE id = (SELECT min(id) FROM "{table}")')
    assert kept(location) is None


def test_a_value_recorded_or_a_goal_deleted_forgets_them(demo_service, location):
    keep(location, "figures")
    kpi = demo_service.kpis()[0]
    demo_service.record(kpi, 1.0, date(2026, 11, 22))
    assert kept(location) is None
    keep(location, "figures")
    demo_service.delete_goal(demo_service.goals()[-1].id)
    assert kept(location) is None


def test_a_statement_that_changes_nothing_keeps_them(demo_service, location, query):
    keep(location, "figures")
    query("DELETE FROM measurement WHERE id < 0")
    assert kept(location) == "figures"


def test_figures_worked_out_while_something_was_committed_are_not_kept(demo_service, location):
    watcher = watch(location)
    try:
        since = watcher.version()
        assert since is not None
        demo_service.record(demo_service.kpis()[0], 2.0, date(2026, 11, 22))
        deadline = time.monotonic() + 5  # a server's notification comes a moment later
        while watcher.version() == since and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not watcher.keep_glance(since, "figures of the data before")
        assert kept(location) is None
        now = watcher.version()
        assert now is not None and watcher.keep_glance(now, "figures of now")
    finally:
        watcher.close()
    assert kept(location) == "figures of now"


@pytest.mark.sqlite_only
def test_an_older_file_gains_the_table_and_its_triggers(tmp_path):
    import shutil
    import sqlite3
    from pathlib import Path

    from goaltui.storage.db import open_engine

    path = tmp_path / "goals.db"
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-4.db", path)
    open_engine(path).dispose()
    con = sqlite3.connect(path)
    try:
        triggers = {
            n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        }
    finally:
        con.close()
    assert triggers == {
        f"goal_glance_stale_{table}_{op}" for table in DATA_TABLES for op in ("i", "u", "d")
    }
    keep(path, "figures")
    assert kept(path) == "figures"


def test_a_change_heard_while_asking_where_the_database_stands_is_still_told(
    demo_service, location, query
):
    watcher = watch(location)
    try:
        assert not watcher.changed()
        since = watcher.version()
        query("UPDATE goal SET title = title WHERE id = (SELECT min(id) FROM goal)")
        deadline = time.monotonic() + 5  # a server's notification comes a moment later
        while watcher.version() == since and time.monotonic() < deadline:
            time.sleep(0.02)
        assert watcher.version() != since
        assert watcher.changed()  # another program's change: the screens reload
        assert not watcher.changed()
    finally:
        watcher.close()
