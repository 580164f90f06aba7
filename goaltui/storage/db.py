"""Opening the database: the engine and its SQLite pragmas, creating a new file,
backups, and bringing an older schema up to date.

This module and ``files`` (its standard-library half) set SQLite up; the
repository above them builds its queries from SQLModel/SQLAlchemy constructs.
It re-exports the names of ``files``, ``txn`` and ``watch`` that the rest of
goaltui opens and uses a database with.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import SQLModel

from goaltui.storage import (
    change_log,
    tables,  # noqa: F401  (registers the tables)
)
from goaltui.storage.files import APPLICATION_ID as APPLICATION_ID
from goaltui.storage.files import (
    BUSY_TIMEOUT_MS,
    KNOWN_TABLES,
    check_existing,
    is_read_only,
    probe,
    read_only_uri,
)
from goaltui.storage.files import SCHEMA_VERSION as SCHEMA_VERSION
from goaltui.storage.files import StoreBusy as StoreBusy
from goaltui.storage.files import StoreError as StoreError
from goaltui.storage.files import StoreMissing as StoreMissing
from goaltui.storage.files import StoreUnreachable as StoreUnreachable
from goaltui.storage.files import damaged_message as damaged_message
from goaltui.storage.files import describe_db_error as describe_db_error
from goaltui.storage.paths import DbUrl, Location, PathError, make_private, prepare_db_location
from goaltui.storage.txn import READ_ONLY_OPTION, write_txn
from goaltui.storage.txn import engine_read_only as engine_read_only
from goaltui.storage.txn import is_busy as is_busy
from goaltui.storage.txn import read_session as read_session
from goaltui.storage.txn import retry_busy as retry_busy
from goaltui.storage.txn import write_connection as write_connection
from goaltui.storage.txn import write_session as write_session
from goaltui.storage.watch import ChangeWatcher as ChangeWatcher
from goaltui.storage.watch import NotifyWatcher

PAGE_CACHE_KB = 512


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Autocommit at the driver level: SQLAlchemy's "begin" hook below issues
    # BEGIN itself, and pragmas run outside any transaction.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    # Each pooled connection keeps its own page cache (2 MB by default); the
    # reads are index look-ups and short scans that the OS caches anyway.
    cur.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KB}")
    cur.close()
    change_log.install(dbapi_connection)


def _on_connect_read_only(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute(f"PRAGMA cache_size = -{PAGE_CACHE_KB}")
    cur.close()


def _on_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write_txn.get() else "BEGIN")


def _make_engine(path: Path, *, read_only: bool = False) -> Engine:
    if not read_only:
        engine = create_engine(
            f"sqlite:///{path}",
            connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        )
        event.listen(engine, "connect", _on_connect)
        event.listen(engine, "begin", _on_begin)
        return engine
    uri = read_only_uri(path)

    def connect() -> sqlite3.Connection:
        return sqlite3.connect(
            uri, uri=True, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000
        )

    # The URL keeps the plain path (commands read it from there); the creator opens
    # the file read-only, and write_session/write_connection refuse before trying.
    engine = create_engine(f"sqlite:///{path}", creator=connect)
    event.listen(engine, "connect", _on_connect_read_only)
    event.listen(engine, "begin", _on_begin)
    engine.update_execution_options(**{READ_ONLY_OPTION: True})
    return engine


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(p)


def _sidecars(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in ("-journal", "-wal", "-shm")]


def _publish(tmp: Path, target: Path, *, replace_empty: bool = False) -> bool:
    """Give the finished file ``tmp`` the name ``target``; False if ``target`` exists.

    A hard link never replaces a file (another goaltui may have made ``target``
    meanwhile); only an empty file may be replaced. The folder is synced after.
    """
    try:
        try:
            empty = replace_empty and os.lstat(target).st_size == 0
        except FileNotFoundError:
            empty = False
        if empty:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)
            except FileExistsError:
                return False
            except OSError:
                # No hard links on this file system: rename, if the name is still free.
                if os.path.lexists(target):
                    return False
                os.rename(tmp, target)
        with contextlib.suppress(OSError):
            _fsync(target.parent)
        return True
    finally:
        _remove(tmp)


def _temp_name(target: Path, kind: str) -> Path:
    """A hidden name beside ``target`` for a file this process is writing."""
    return target.with_name(f".goaltui-{kind}.{os.getpid()}.{target.name}")


def _remove_abandoned(folder: Path, kind: str) -> None:
    """Delete the temporary files of goaltui processes killed while writing them."""
    prefix = f".goaltui-{kind}."
    with contextlib.suppress(OSError):
        for name in os.listdir(folder):
            pid = name.removeprefix(prefix).split(".", 1)[0]
            if not name.startswith(prefix) or not pid.isdigit():
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:
                _remove(folder / name)
            except OSError:
                pass  # alive (another user's process cannot be signalled)


def _create_schema(conn: Connection) -> None:
    """goaltui's tables, marked as a goaltui database at the newest revision."""
    from goaltui.storage import migrations

    SQLModel.metadata.create_all(conn)
    migrations.glance_triggers(conn)
    migrations.stamp_head(conn)
    conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    migrations.mirror_version(conn)


def _create_database(path: Path) -> None:
    """Build a new database under a temporary name beside ``path``, then move it in.

    A goaltui killed half-way (or stopped by a full disk) leaves no file at
    ``path``, only its hidden temporary file, which the next run deletes.
    """
    target = Path(os.path.realpath(path))
    replace_empty = os.path.lexists(target)
    _remove_abandoned(target.parent, "new")
    tmp = _temp_name(target, "new")
    _remove(tmp, *_sidecars(tmp))
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
        engine = _make_engine(tmp)
        try:
            with write_connection(engine) as conn:
                _create_schema(conn)
        finally:
            engine.dispose()  # the last connection folds the -wal into the file
        _fsync(tmp)
        # Another goaltui may have created the database meanwhile: then theirs is used.
        _publish(tmp, target, replace_empty=replace_empty)
    except OSError as exc:
        raise StoreError(f"cannot create {path}: {exc.strerror}") from None
    except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
        raise StoreError(describe_db_error(exc, path)) from None
    finally:
        _remove(tmp, *_sidecars(tmp))


def backup_to(engine: Engine, target: Path) -> None:
    """Copy the database consistently to ``target`` with SQLite's backup API.

    The copy is written under a temporary name and checked; only a whole, sound
    copy gets the name ``target`` (which is never overwritten). A damaged
    database gives a :class:`StoreError` and no file.
    """
    tmp = _temp_name(target, "part")
    _remove_abandoned(target.parent, "part")
    try:
        fd = os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.fchmod(fd, 0o600)
        os.close(fd)
        raw = engine.raw_connection()
        try:
            dest = sqlite3.connect(str(tmp))
            try:
                source = raw.driver_connection
                assert source is not None  # the connection is open
                source.backup(dest)
                problems = dest.execute("PRAGMA quick_check").fetchall()
            finally:
                dest.close()
        finally:
            raw.close()
        if problems != [("ok",)]:
            raise StoreError(damaged_message(Path(str(engine.url.database)), "no backup was made"))
        _fsync(tmp)
        if not _publish(tmp, target):
            raise FileExistsError(errno.EEXIST, "File exists", str(target))
    except sqlite3.DatabaseError as exc:
        text = str(exc).lower()
        if "malformed" in text or "not a database" in text:
            source = Path(str(engine.url.database))
            raise StoreError(damaged_message(source, "no backup was made")) from None
        raise StoreError(f"cannot write the backup {target} ({exc}); no backup was made") from None
    finally:
        _remove(tmp, *_sidecars(tmp))


def _backup_path(path: Path, version: int) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    n = 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
    return candidate


def open_engine(path: Location, *, create: bool = True) -> Engine:
    """Open (or create) the goaltui database at ``path`` and bring its schema up to date.

    A file that is not a goaltui database, or one written by a newer goaltui, is
    refused with a :class:`StoreError` and left untouched: every check runs
    before anything is written. A file its owner made read-only (no write bit)
    opens read-only, and every write to it is refused.
    """
    from goaltui.storage import migrations

    if isinstance(path, DbUrl):
        from goaltui.storage import postgres

        return postgres.open_engine(path, create=create)
    if not create and not (os.path.lexists(path) and check_existing(path)):
        raise StoreMissing(f"there is no goaltui database at {path} yet")
    try:
        prepare_db_location(path)
    except PathError as exc:
        raise StoreError(str(exc)) from None
    if not check_existing(path):
        if os.path.lexists(path) and is_read_only(path):
            raise StoreError(
                f"{path} is an empty read-only file; remove it, or allow writing "
                f"('chmod u+w {path}'), and goaltui creates its database there"
            )
        _create_database(path)
        if not check_existing(path):  # pragma: no cover - removed by someone meanwhile
            raise StoreError(f"cannot create {path}: it was removed while being created")
    read_only = is_read_only(path)
    app_id, version, names = probe(path)
    if app_id == 0 and not names:
        version = 0  # an empty SQLite file: goaltui's tables are made in it
    elif app_id != APPLICATION_ID:
        raise StoreError(f"{path} is not a goaltui database; nothing was changed")
    elif version > SCHEMA_VERSION:
        raise StoreError(
            f"{path} was made by a newer goaltui (schema {version}, this one reads "
            f"up to {SCHEMA_VERSION}); upgrade goaltui to open it"
        )
    elif version not in KNOWN_TABLES:
        raise StoreError(
            f"{path} is not a goaltui database schema goaltui knows (schema {version}); "
            "nothing was changed"
        )
    elif not KNOWN_TABLES[version] <= names:
        missing = ", ".join(sorted(KNOWN_TABLES[version] - names))
        raise StoreError(
            f"{path} is marked as a goaltui database but lacks its tables ({missing}); "
            "nothing was changed"
        )
    if read_only and version < SCHEMA_VERSION:
        raise StoreError(
            f"{path} is read-only and needs an upgrade to this goaltui's schema; "
            f"allow writing ('chmod u+w {path}') once so goaltui can upgrade it"
        )
    make_private(path)
    engine = _make_engine(path, read_only=read_only)
    try:
        if version == 0:
            with write_connection(engine) as conn:
                _create_schema(conn)
        elif version < SCHEMA_VERSION:
            backup_to(engine, _backup_path(path, version))
            migrations.migrate(engine, version)
        elif migrations.VERSION_TABLE not in names and not read_only:
            # A file of the newest schema from before the revisions had their table.
            with write_connection(engine) as conn:
                migrations.stamp_head(conn)
        if version < SCHEMA_VERSION:
            # Connections opened before the journal existed do not journal: start afresh.
            engine.dispose()
        if not read_only:
            for suffix in ("-wal", "-shm"):
                make_private(path.with_name(path.name + suffix))
    except StoreError:
        engine.dispose()
        raise
    except OSError as exc:
        engine.dispose()
        raise StoreError(f"cannot back up {path} before upgrading it: {exc.strerror}") from None
    except (OperationalError, DBAPIError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise StoreError(describe_db_error(exc, path)) from None
    return engine


def location_of(engine: Engine) -> Location:
    """Where ``engine``'s database lives, fit to show (a URL without its password)."""
    if engine.dialect.name == "sqlite":
        return Path(str(engine.url.database))
    given = engine.get_execution_options().get("goaltui_location")
    if isinstance(given, DbUrl):
        return given
    url = engine.url.render_as_string(hide_password=False)
    return DbUrl(url, engine.url.render_as_string(hide_password=True))


def store_error(exc: BaseException, engine: Engine) -> StoreError:
    """The :class:`StoreError` a person sees for a driver error on either engine.

    A PostgreSQL server out of reach gives :class:`StoreUnreachable`: nothing
    was kept, and the same write may be tried again once it is back.
    """
    where = location_of(engine)
    if isinstance(where, DbUrl):
        from goaltui.storage import postgres

        message = postgres.describe_error(exc, where)
        if postgres.unreachable(exc):
            return StoreUnreachable(message)
        return StoreError(message)
    return StoreError(describe_db_error(exc, where))


def watch(where: Location) -> ChangeWatcher | NotifyWatcher:
    """Something that tells when another program changed the database at ``where``."""
    if isinstance(where, DbUrl):
        return NotifyWatcher(where)
    return ChangeWatcher(where)
