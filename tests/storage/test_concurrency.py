"""Several writers at once lose nothing and never show "database is locked"."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date, datetime

import pytest

from goaltui.storage import db as dbmod
from goaltui.storage.db import StoreBusy, open_engine, retry_busy, write_session
from goaltui.storage.tables import GoalRow

WRITER = textwrap.dedent(
    """
    import os, sys, time
    from datetime import date
    from pathlib import Path
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService

    path, name, n, mode = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
    svc = GoalService.open(path, FixedClock(date(2026, 11, 22)))
    kpi = svc.find_kpi("Push-ups")
    (path.parent / f"{name}.ready").touch()
    go = path.parent / "go"
    deadline = time.monotonic() + 30
    while not go.exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.002)
    for i in range(n):
        day = date(2026, 1, 1 + i % 28)
        if mode == "record":
            svc.record(kpi, float(i), day, f"{name} {i}")
        else:
            svc.repo.add_measurements([(kpi.id, day, float(i), f"{name} {i}")], svc.clock.now())
    svc.close()
    print(name, "done")
    """
)


@pytest.mark.slow
def test_two_processes_writing_at_once_lose_nothing(tmp_path, clock):
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    path = tmp_path / "goals.db"
    svc = GoalService.open(path, clock)
    svc.create_goal(
        PlanRows(
            goal={"title": "Strength", "start": date(2026, 1, 1)},
            kpis=[{"name": "Push-ups", "baseline": 0, "target": 100, "cadence": "daily"}],
        )
    )
    svc.close()

    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    # one writer goes through the whole service (readings before and after each
    # value), the other through the repository alone: both commit every value.
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), name, "500", mode],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for name, mode in (("a", "record"), ("b", "repo"))
    ]
    try:
        deadline = time.monotonic() + 30
        while not all((tmp_path / f"{n}.ready").exists() for n in "ab"):
            assert all(w.poll() is None for w in writers), [w.communicate() for w in writers]
            assert time.monotonic() < deadline
            time.sleep(0.01)
        (tmp_path / "go").touch()
        results = [w.communicate(timeout=60) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
    for w, (out, err) in zip(writers, results, strict=True):
        assert w.returncode == 0, err
        assert "locked" not in err.lower()
        assert "busy" not in err.lower()
        assert err == ""
        assert out.strip().endswith("done")

    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT count(*) FROM measurement").fetchone() == (1000,)
        for name in "ab":
            notes = {
                r[0]
                for r in con.execute(
                    "SELECT note FROM measurement WHERE note LIKE ?", (f"{name} %",)
                )
            }
            assert notes == {f"{name} {i}" for i in range(500)}
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


# -- retry_busy ---------------------------------------------------------------------------


@pytest.fixture
def quick_engine(db_path, monkeypatch):
    """An engine whose driver gives up on a held lock after 50 ms, so the
    retrying is done by retry_busy (the real timeout is several seconds)."""
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 50)
    engine = open_engine(db_path)
    yield engine
    engine.dispose()


@pytest.fixture
def lock_holder(db_path, quick_engine):
    """Another connection holding the write lock (BEGIN IMMEDIATE)."""
    con = sqlite3.connect(db_path, timeout=0, check_same_thread=False)
    con.isolation_level = None
    con.execute("BEGIN IMMEDIATE")
    yield con
    if con.in_transaction:
        con.execute("ROLLBACK")
    con.close()


def insert_goal(engine, title):
    def attempt():
        with write_session(engine) as session:
            now = datetime(2026, 11, 22, 9, 0)
            session.add(
                GoalRow(title=title, start=date(2026, 1, 1), created_at=now, updated_at=now)
            )

    return attempt


def goal_titles(db_path):
    con = sqlite3.connect(db_path)
    try:
        return [r[0] for r in con.execute("SELECT title FROM goal ORDER BY id")]
    finally:
        con.close()


def test_retry_busy_gives_up_with_a_clear_message(quick_engine, lock_holder, db_path):
    waits = []
    started = time.monotonic()
    with pytest.raises(StoreBusy) as info:
        retry_busy(insert_goal(quick_engine, "blocked"), patience=0.5, on_wait=waits.append)
    elapsed = time.monotonic() - started
    message = str(info.value)
    assert "locked" not in message.lower()
    assert "nothing was saved" in message
    assert 0.5 <= elapsed < 3
    assert waits
    assert waits == sorted(waits)
    lock_holder.execute("ROLLBACK")
    assert goal_titles(db_path) == []


def test_retry_busy_succeeds_once_the_lock_is_released(quick_engine, lock_holder, db_path):
    waits = []
    release = threading.Timer(0.3, lambda: lock_holder.execute("COMMIT"))
    release.start()
    try:
        retry_busy(insert_goal(quick_engine, "got through"), patience=5, on_wait=waits.append)
    finally:
        release.join()
    assert waits  # it did have to wait
    assert goal_titles(db_path) == ["got through"]


def test_retry_busy_does_not_retry_other_errors(quick_engine):
    from sqlalchemy.exc import OperationalError

    calls = []

    def broken():
        calls.append(1)
        with quick_engine.connect() as conn:
            conn.exec_driver_sql("SELECT * FROM no_such_table")

    with pytest.raises(OperationalError):
        retry_busy(broken, patience=5)
    assert calls == [1]


@pytest.mark.sqlite_only
def test_readers_are_not_blocked_by_a_writer(service, db_path):
    con = sqlite3.connect(db_path, timeout=0)
    con.isolation_level = None
    con.execute("BEGIN IMMEDIATE")
    con.execute(
        "INSERT INTO goal (title, description, why, start, resources, status, archived, weight,"
        " created_at, updated_at) VALUES ('pending', '', '', '2026-01-01', '', 'active', 0, 1,"
        " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
    )
    try:
        started = time.monotonic()
        assert service.goals() == []  # the uncommitted goal is not seen, and no waiting
        assert service.summaries() == []
        assert time.monotonic() - started < 1
    finally:
        con.execute("COMMIT")
        con.close()
    assert [g.title for g in service.goals()] == ["pending"]
