"""A new database appears whole or not at all; refusals touch nothing; modes only tighten."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest
from sqlmodel import SQLModel

from goaltui.storage.db import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    StoreError,
    backup_to,
    engine_read_only,
    open_engine,
    write_session,
)
from tests._files import BAD_FILES, make_goaltui_db, sha256, sidecars


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def is_goaltui_db(path) -> bool:
    con = sqlite3.connect(path)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        version = con.execute("PRAGMA user_version").fetchone()[0]
        names = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        con.close()
    return app_id == APPLICATION_ID and version == SCHEMA_VERSION and {"goal", "pause"} <= names


def test_an_empty_file_is_taken_as_a_new_database(db_path):
    """What a goaltui killed while creating its file used to leave: a 0-byte file."""
    db_path.write_bytes(b"")
    os.chmod(db_path, 0o600)
    open_engine(db_path).dispose()
    assert is_goaltui_db(db_path)
    assert mode(db_path) == 0o600
    assert sorted(os.listdir(db_path.parent)) == ["goals.db"]


def test_an_empty_file_without_create_is_no_database_yet(db_path):
    from goaltui.storage.db import StoreMissing

    db_path.write_bytes(b"")
    with pytest.raises(StoreMissing):
        open_engine(db_path, create=False)
    assert db_path.read_bytes() == b""


def test_failure_while_creating_leaves_no_file(db_path, monkeypatch):
    """A full disk (or any error) half-way through creating: no file at the path, no
    temporary file beside it, and the next run creates the database."""

    def full(*_a, **_k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(SQLModel.metadata, "create_all", full)
    with pytest.raises((StoreError, OSError)):
        open_engine(db_path).dispose()
    assert os.listdir(db_path.parent) == []
    monkeypatch.undo()
    open_engine(db_path).dispose()
    assert is_goaltui_db(db_path)
    assert sorted(os.listdir(db_path.parent)) == ["goals.db"]


KILLED_WHILE_CREATING = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sqlmodel import SQLModel
    from goaltui.storage.db import open_engine

    real = SQLModel.metadata.create_all

    def half(conn, *a, **k):
        real(conn, *a, **k)
        os.kill(os.getpid(), signal.SIGKILL)  # after the tables, before the commit

    SQLModel.metadata.create_all = half
    open_engine(Path(sys.argv[1]))
    """
)


def test_killed_while_creating_then_the_next_run_works(db_path):
    done = subprocess.run(
        [sys.executable, "-c", KILLED_WHILE_CREATING, str(db_path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not os.path.lexists(db_path)  # never a half-made file under the real name
    open_engine(db_path).dispose()
    assert is_goaltui_db(db_path)
    # the killed process's temporary files are gone too
    assert sorted(os.listdir(db_path.parent)) == ["goals.db"]


def test_a_temporary_file_of_a_running_process_is_left_alone(db_path):
    """Only files of processes that are gone are removed (another goaltui may be
    creating the same database right now)."""
    alive = db_path.with_name(f".goaltui-new.{os.getppid()}.goals.db")
    alive.write_bytes(b"")
    open_engine(db_path).dispose()
    assert alive.exists()


@pytest.mark.parametrize(
    "kind", ["negative-schema", "unknown-schema-0", "goaltui-id-no-tables", "newer-schema"]
)
def test_unknown_schemas_are_refused_before_anything_is_touched(tmp_path, kind):
    """Bytes, mode and journal mode as they were; no backup, no -wal, nothing new."""
    path = tmp_path / "goals.db"
    BAD_FILES[kind](path)
    before = (sha256(path), mode(path), os.listdir(tmp_path))
    with pytest.raises(StoreError) as info:
        open_engine(path).dispose()
    message = str(info.value)
    if kind == "newer-schema":
        assert "newer goaltui (schema 99" in message and "upgrade goaltui" in message
    elif kind == "goaltui-id-no-tables":
        assert "lacks its tables" in message
    else:
        assert "not a goaltui database schema goaltui knows" in message
    assert "KeyError" not in message
    assert (sha256(path), mode(path), os.listdir(tmp_path)) == before
    con = sqlite3.connect(path)
    try:
        journal = con.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        con.close()
    assert journal == "delete"


def test_every_table_of_the_schema_is_known():
    from goaltui.storage.files import KNOWN_TABLES

    assert set(SQLModel.metadata.tables) == KNOWN_TABLES[SCHEMA_VERSION]


# -- permissions: the code reads the mode itself, so these hold as root too ---------------
def test_a_read_only_database_opens_read_only_and_stays_so(db_path):
    make_goaltui_db(db_path)
    os.chmod(db_path, 0o400)
    before = sha256(db_path)
    engine = open_engine(db_path)
    try:
        assert engine_read_only(engine)
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM goal").scalar() == 7
        refused = pytest.raises(StoreError, match="read-only: changes cannot be saved")
        with refused, write_session(engine):
            pass  # pragma: no cover
    finally:
        engine.dispose()
    assert mode(db_path) == 0o400
    assert sha256(db_path) == before
    assert sidecars(db_path) == []


@pytest.mark.parametrize(
    ("given", "kept"), [(0o644, 0o600), (0o640, 0o600), (0o700, 0o600), (0o444, 0o400)]
)
def test_modes_are_tightened_never_loosened(db_path, given, kept):
    make_goaltui_db(db_path)
    os.chmod(db_path, given)
    open_engine(db_path).dispose()
    assert mode(db_path) == kept


def test_an_old_read_only_database_is_not_upgraded(tmp_path):
    from tests.storage.test_migration import build_v1

    path = tmp_path / "old.db"
    build_v1(path)
    os.chmod(path, 0o400)
    before = sha256(path)
    with pytest.raises(StoreError, match="read-only") as info:
        open_engine(path).dispose()
    assert f"chmod u+w {path}" in str(info.value)
    assert sha256(path) == before
    assert os.listdir(tmp_path) == ["old.db"]


# -- backups ---------------------------------------------------------------------------
@pytest.mark.sqlite_only
def test_a_backup_left_half_written_by_a_killed_process_is_removed(tmp_path, demo_service):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True
    )
    pid = int(dead.stdout)
    left = [
        tmp_path / f".goaltui-part.{pid}.copy-1.db",
        tmp_path / f".goaltui-part.{pid}.x.db-journal",
    ]
    for p in left:
        p.write_bytes(b"half")
    backup_to(demo_service.repo.engine, tmp_path / "copy-2.db")
    assert not [p for p in left if p.exists()]
    assert (tmp_path / "copy-2.db").exists()


@pytest.mark.sqlite_only
def test_a_backup_that_fails_leaves_no_file(tmp_path, demo_service, monkeypatch):
    """The disk fills up while the copy is written: no file named like a backup."""
    import goaltui.storage.db as db

    target = tmp_path / "copy.db"

    def full(_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db, "_fsync", full)
    with pytest.raises(OSError):
        backup_to(demo_service.repo.engine, target)
    assert sorted(os.listdir(tmp_path)) == ["goals.db", "goals.db-shm", "goals.db-wal"]


def damage(path) -> None:
    """Overwrite the start of a page in the middle (a b-tree page of the demo data)."""
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    offset = 9 * page
    data[offset : offset + 64] = b"\xff" * 64
    path.write_bytes(bytes(data))


def test_a_damaged_database_is_not_backed_up(tmp_path):
    path = tmp_path / "goals.db"
    make_goaltui_db(path)
    damage(path)
    engine = open_engine(path)
    try:
        with pytest.raises(StoreError) as info:
            backup_to(engine, tmp_path / "copy.db")
    finally:
        engine.dispose()
    message = str(info.value)
    assert "damaged" in message
    assert f"cp BACKUP.db {path} && rm -f {path}-wal {path}-shm" in message
    assert os.listdir(tmp_path) == ["goals.db"]


def test_settings_folders_are_private_under_umask_0(tmp_path):
    """Saving the theme makes ~/.config and ~/.config/goaltui 0700, the file 0600."""
    from goaltui.ui.settings import load_settings, save_settings

    config = tmp_path / "home" / ".config"
    path = config / "goaltui" / "settings.json"
    old = os.umask(0)
    try:
        save_settings(path, {"theme": "nord"})
    finally:
        os.umask(old)
    assert load_settings(path) == {"theme": "nord"}
    assert mode(tmp_path / "home") == 0o700
    assert mode(config) == 0o700
    assert mode(config / "goaltui") == 0o700
    assert mode(path) == 0o600


def test_a_migration_whose_backup_fails_leaves_no_backup_and_no_change(tmp_path, monkeypatch):
    import goaltui.storage.db as db
    from tests.storage.test_migration import build_v1

    path = tmp_path / "old.db"
    build_v1(path)

    def full(_path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(db, "_fsync", full)
    with pytest.raises(StoreError, match="No space left"):
        open_engine(path).dispose()
    assert os.listdir(tmp_path) == ["old.db"]
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone() == (1,)
    finally:
        con.close()
