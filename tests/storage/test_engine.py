"""Engine set-up: pragmas on every connection, schema stamps, file and folder modes."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from contextlib import contextmanager
from datetime import date

import pytest

from goaltui.storage import db as dbmod
from goaltui.storage.db import APPLICATION_ID, SCHEMA_VERSION, open_engine, write_connection


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@contextmanager
def umask(value: int):
    old = os.umask(value)
    try:
        yield
    finally:
        os.umask(old)


def pragmas(conn) -> dict[str, object]:
    q = lambda name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # noqa: E731
    return {
        "journal_mode": q("journal_mode"),
        "foreign_keys": q("foreign_keys"),
        "busy_timeout": q("busy_timeout"),
    }


def test_every_pool_connection_has_the_pragmas(db_path):
    engine = open_engine(db_path)
    try:
        # several connections checked out at once: each is a separate DBAPI connection
        conns = [engine.connect() for _ in range(3)]
        try:
            raws = {id(c.connection.driver_connection) for c in conns}
            assert len(raws) == 3
            for c in conns:
                p = pragmas(c)
                assert p["journal_mode"] == "wal"
                assert p["foreign_keys"] == 1
                assert p["busy_timeout"] == dbmod.BUSY_TIMEOUT_MS > 0
        finally:
            for c in conns:
                c.close()
        # and after the pool has been emptied, a fresh one again
        engine.dispose()
        with engine.connect() as c:
            assert pragmas(c) == {
                "journal_mode": "wal",
                "foreign_keys": 1,
                "busy_timeout": dbmod.BUSY_TIMEOUT_MS,
            }
    finally:
        engine.dispose()


def test_write_transactions_take_the_lock_up_front(db_path):
    engine = open_engine(db_path)
    try:
        with write_connection(engine):
            other = sqlite3.connect(db_path, timeout=0)
            try:
                # a write lock is held even though nothing was written yet
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                # readers are not blocked (WAL)
                assert other.execute("SELECT count(*) FROM goal").fetchone() == (0,)
            finally:
                other.close()
    finally:
        engine.dispose()


def test_foreign_keys_are_enforced(service):
    from goaltui.storage.repository import NotFound

    with pytest.raises(NotFound):
        service.repo.add("milestone", goal_id=12345, title="x", target_date=date(2026, 1, 1))


def test_new_file_is_stamped(db_path):
    engine = open_engine(db_path)
    engine.dispose()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 6
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {
            "goal",
            "kpi",
            "measurement",
            "obstacle",
            "milestone",
            "step",
            "checkin",
            "review",
            "revision",
            "pause",
            "change",
            "change_entry",
            "goal_glance",
            "sqlite_sequence",
            "goaltui_version",
        }
        assert con.execute("SELECT version_num FROM goaltui_version").fetchall() == [("0006",)]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def test_reopening_changes_nothing(db_path):
    from tests._files import sha256

    open_engine(db_path).dispose()
    before = sha256(db_path)
    open_engine(db_path).dispose()
    assert sha256(db_path) == before


def test_empty_sqlite_file_of_nobody_is_adopted(db_path):
    """A SQLite file without tables and application_id 0 (e.g. made by `sqlite3 x.db
    'vacuum'`) is not someone else's data: goaltui may set it up."""
    con = sqlite3.connect(db_path)
    con.execute("VACUUM")
    con.close()
    assert db_path.stat().st_size > 0
    open_engine(db_path).dispose()
    con = sqlite3.connect(db_path)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()


@pytest.mark.parametrize("mask", [0o000, 0o022])
def test_database_and_side_files_are_private(tmp_path, mask):
    path = tmp_path / "goals.db"
    with umask(mask):
        engine = open_engine(path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM goal").fetchall()
                wal = path.with_name(path.name + "-wal")
                shm = path.with_name(path.name + "-shm")
                assert wal.exists()
                assert shm.exists()
                assert mode(path) == 0o600
                assert mode(wal) == 0o600
                assert mode(shm) == 0o600
        finally:
            engine.dispose()
    assert mode(path) == 0o600


def test_existing_database_with_loose_mode_is_tightened(db_path):
    open_engine(db_path).dispose()
    os.chmod(db_path, 0o644)
    open_engine(db_path).dispose()
    assert mode(db_path) == 0o600


def test_new_data_folder_is_private_even_with_umask_0(tmp_path, monkeypatch):
    from goaltui.storage.paths import default_data_dir, resolve_db_path

    xdg = tmp_path / "xdg" / "share"
    monkeypatch.setenv("XDG_DATA_HOME", str(xdg))
    monkeypatch.delenv("GOALTUI_DB", raising=False)
    path = resolve_db_path(None)
    assert path.parent == default_data_dir() == xdg / "goaltui"
    assert not xdg.exists()
    with umask(0):
        engine = open_engine(path)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("SELECT 1").fetchall()
                assert mode(path) == 0o600
                assert mode(path.with_name(path.name + "-wal")) == 0o600
        finally:
            engine.dispose()
    assert mode(xdg / "goaltui") == 0o700
    # folders made on the way follow the XDG rule too (0700), never world-writable
    assert mode(xdg) == 0o700
    assert mode(xdg.parent) == 0o700


def test_own_data_folder_writable_by_others_is_refused(tmp_path, monkeypatch):
    from goaltui.storage.db import StoreError
    from goaltui.storage.paths import default_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = default_data_dir()
    folder.mkdir(parents=True)
    os.chmod(folder, 0o777)
    with pytest.raises(StoreError, match="chmod 700"):
        open_engine(folder / "goaltui.db")
    assert os.listdir(folder) == []


def test_own_data_folder_readable_by_others_is_tightened(tmp_path, monkeypatch):
    from goaltui.storage.paths import default_data_dir

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    folder = default_data_dir()
    folder.mkdir(parents=True)
    os.chmod(folder, 0o755)
    open_engine(folder / "goaltui.db").dispose()
    assert mode(folder) == 0o700


def test_missing_database_is_not_created_without_create(tmp_path):
    from goaltui.storage.db import StoreMissing

    with pytest.raises(StoreMissing):
        open_engine(tmp_path / "nope.db", create=False)
    with pytest.raises(StoreMissing):
        open_engine(tmp_path / "no-folder" / "nope.db", create=False)
    assert os.listdir(tmp_path) == []


def test_folder_of_db_option_must_exist(tmp_path):
    from goaltui.storage.db import StoreError

    with pytest.raises(StoreError, match="does not exist"):
        open_engine(tmp_path / "missing" / "goals.db")
    assert os.listdir(tmp_path) == []


IMPORT_SCRIPT = """
import os, sys
import goaltui, goaltui.storage.paths, goaltui.domain.text, goaltui.domain
import goaltui.storage.db, goaltui.storage.migrations, goaltui.storage.repository
import goaltui.services, goaltui.services.exchange, goaltui.services.demo
import goaltui.domain.present, goaltui.cli
import goaltui.__main__
print("imported")
"""


def test_nothing_is_created_at_import_time(tmp_path):
    home = tmp_path / "home"
    work = tmp_path / "cwd"
    home.mkdir()
    work.mkdir()
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_RUNTIME_DIR": str(home / "run"),
        "GOALTUI_DB": str(home / "goaltui.db"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    done = subprocess.run(
        [sys.executable, "-c", IMPORT_SCRIPT],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "imported"
    assert list(home.rglob("*")) == []
    assert list(work.rglob("*")) == []
