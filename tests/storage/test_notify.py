"""A goaltui on one machine learns of what another commits to the same PostgreSQL
database: every data table notifies on commit, whoever writes; what its own engine
commits, and what commits nothing, it does not hear."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from goaltui.services import GoalService
from goaltui.storage.db import watch
from goaltui.storage.repository import PlanRows
from goaltui.storage.tables import DATA_TABLES
from goaltui.storage.watch import NotifyWatcher
from tests.cli.helpers import run_proc
from tests.postgres import admin_connect
from tests.storage.test_undo import DEC_4, Db, database

pytestmark = pytest.mark.postgres


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Db]:
    with database("postgres", tmp_path) as made:
        yield made


@pytest.fixture
def svc(db: Db) -> Iterator[GoalService]:
    s = db.open()
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def watcher(db: Db, svc: GoalService) -> Iterator[NotifyWatcher]:
    w = watch(db.location)
    assert isinstance(w, NotifyWatcher)
    try:
        yield w
    finally:
        w.close()


def heard(w: NotifyWatcher, within: float = 1.0) -> bool:
    """Whether ``w`` tells of a change within ``within`` seconds."""
    deadline = time.monotonic() + within
    while not w.changed():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True


def goal(svc: GoalService, title: str = "Run") -> int:
    return svc.create_goal(PlanRows(goal={"title": title, "start": DEC_4})).id


def test_a_commit_by_another_program_is_heard_within_a_second_and_once(
    svc: GoalService, db: Db, watcher: NotifyWatcher
) -> None:
    gid = goal(svc)
    db.sql("UPDATE goal SET title = 'Run by hand' WHERE id = ?", gid)
    started = time.monotonic()
    assert heard(watcher)
    assert time.monotonic() - started < 1.0
    assert not watcher.changed()
    db.sql("DELETE FROM goal WHERE id = ?", gid)
    assert heard(watcher)


def test_what_its_own_engine_commits_is_not_heard(svc: GoalService, watcher: NotifyWatcher) -> None:
    gid = goal(svc)
    svc.edit_goal(gid, {"title": "Run 5 km"})
    svc.undo_service.undo()
    svc.delete_goal(gid)
    assert not heard(watcher, 0.5)


def test_a_second_goaltui_process_is_heard(db: Db, watcher: NotifyWatcher) -> None:
    done = run_proc("--db", db.arg, "demo")
    assert done.code == 0, done.err
    assert heard(watcher)
    # Its writes were journaled for its own undo, as this process's are.
    assert db.sql("SELECT origin, label FROM change") == [("cli", "adding the demo goals")]


def test_nothing_committed_nothing_heard(svc: GoalService, db: Db, watcher: NotifyWatcher) -> None:
    gid = goal(svc)
    assert not heard(watcher, 0.2)
    # Statements that change no row, reads, and a write rolled back.
    db.sql("UPDATE goal SET title = 'x' WHERE id = ?", gid + 1000)
    db.sql("DELETE FROM kpi WHERE goal_id = ?", gid)
    db.sql("SELECT * FROM goal")
    with admin_connect(db.arg) as con:
        con.autocommit = False
        con.execute("UPDATE goal SET title = 'never' WHERE id = %s", (gid,))
        assert not heard(watcher, 0.3)  # not before the commit ...
        con.rollback()
    assert not heard(watcher, 0.3)  # ... and there was none
    assert svc.goal(gid).title == "Run"


def test_every_data_table_notifies_on_every_kind_of_write(
    db: Db, watcher: NotifyWatcher, svc: GoalService
) -> None:
    found = db.sql(
        "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE t.tgname LIKE 'goaltui_journal_%' OR t.tgname LIKE 'goaltui_notify_%'"
    )
    names = {
        (table, f"goaltui_{kind}_{op}")
        for table in DATA_TABLES
        for kind, ops in (("journal", "iud"), ("notify", "iudt"))
        for op in ops
    }
    assert set(found) == names
    gid = goal(svc)
    db.sql("INSERT INTO pause (goal_id, start) VALUES (?, ?)", gid, DEC_4)
    assert heard(watcher)
    db.sql("TRUNCATE pause")
    assert heard(watcher)
