"""The database file itself, with the standard library only: checks before opening it,
and the errors that say what is wrong with it.

Nothing here imports SQLAlchemy, so these checks (and a first read-only look at
the goals, see ``outline``) cost milliseconds, not the half second SQLModel takes
to import.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

APPLICATION_ID = 0x47544149  # "GTAI"
SCHEMA_VERSION = 6
#: Alembic's table of the revision a database is at, and the newest revision
#: (revisions are numbered like the schemas; a test checks it is the scripts' head).
VERSION_TABLE = "goaltui_version"


def revision_of(version: int) -> str:
    """The Alembic revision of schema ``version`` (revisions are numbered like the schemas)."""
    return f"{version:04d}"


HEAD_REVISION = revision_of(SCHEMA_VERSION)
BUSY_TIMEOUT_MS = 5_000

_FIRST_TABLES = frozenset(
    {"goal", "kpi", "measurement", "milestone", "step", "checkin", "review", "revision"}
)
#: The tables of each schema goaltui knows; a version not here is not one of its files.
KNOWN_TABLES: dict[int, frozenset[str]] = {
    1: _FIRST_TABLES,
    2: _FIRST_TABLES,
    3: _FIRST_TABLES | {"pause"},
    4: _FIRST_TABLES | {"pause", "obstacle"},
    5: _FIRST_TABLES | {"pause", "obstacle", "change", "change_entry"},
    6: _FIRST_TABLES | {"pause", "obstacle", "change", "change_entry", "goal_glance"},
}


class StoreError(Exception):
    """A problem with the database that a person can act on; the message says how."""


class StoreMissing(StoreError):
    """There is no database at the path yet (and creating one was not asked for)."""


class StoreUnreachable(StoreError):
    """The database server could not be reached, or the connection to it was lost.

    Nothing of the interrupted transaction was kept; the same write can be tried
    again once the server is back.
    """


class StoreBusy(StoreError):
    """Another program held the database's write lock for too long."""


def damaged_message(path: Path, what: str = "") -> str:
    """One line saying ``path`` is damaged and the exact commands that restore a backup."""
    done = f"; {what}" if what else ""
    return (
        f"the database {path} is damaged{done}; to restore a backup, close goaltui and run: "
        f"cp BACKUP.db {path} && rm -f {path}-wal {path}-shm"
    )


def describe_db_error(exc: BaseException, path: Path | None = None) -> str:
    """Turn a driver error into one line a person can act on."""
    text = str(getattr(exc, "orig", exc) or exc).lower()
    where = f" {path}" if path else ""
    if "locked" in text or "busy" in text:
        return "the database is busy in another goaltui window or script; try again in a moment"
    if "disk is full" in text or "file too large" in text or "disk i/o" in text:
        return f"cannot write the database{where}: the disk is full or the file is too large"
    if "readonly" in text or "read-only" in text:
        return f"the database{where} is read-only; check its permissions"
    if "malformed" in text or "not a database" in text:
        return damaged_message(path) if path else "the database is damaged; restore a backup"
    return f"database error{where}: {getattr(exc, 'orig', exc)}"


def _header_problem(path: Path) -> str | None:
    """Check the first 100 bytes without SQLite touching the file."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return f"cannot read {path}: {exc.strerror}"
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return f"{path} is not a goaltui database (it is not an SQLite file)"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return f"{path} has a damaged header"
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]
    # While another connection checkpoints, page 1 (with the new page count) can
    # be written before the pages that grow the file: a database in use (it has
    # a -wal file) is left to SQLite's own checks below.
    in_use = os.path.lexists(path.with_name(path.name + "-wal"))
    if not in_use and (size % page_size or (valid and pages and size < pages * page_size)):
        return f"{path} is damaged (truncated)"
    return None


def check_existing(path: Path) -> bool:
    """Refuse anything at ``path`` that is not a database file of this user.

    False when there is no database yet: nothing at ``path``, or an empty file of
    this user (what a goaltui stopped while creating its file used to leave).
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StoreError(f"cannot use {path}: {exc.strerror}") from None
    if stat.S_ISLNK(st.st_mode):
        try:
            st = os.stat(path)
        except OSError:
            raise StoreError(f"{path} is a link to a file that does not exist") from None
    if stat.S_ISDIR(st.st_mode):
        raise StoreError(f"{path} is a folder, not a database file; give a file path with --db")
    if not stat.S_ISREG(st.st_mode):
        raise StoreError(f"{path} is not a regular file; give a database file with --db")
    if st.st_uid != os.getuid():
        raise StoreError(f"{path} belongs to another user; goaltui opens only your own database")
    if st.st_size == 0:
        return False
    problem = _header_problem(path)
    if problem:
        raise StoreError(problem + "; nothing was changed")
    return True


def is_read_only(path: Path) -> bool:
    """True when the owner took away their own write permission (e.g. mode 0400).

    Read from the mode itself, so it holds for root too, whom the system lets write.
    """
    try:
        return not os.stat(path).st_mode & stat.S_IWUSR
    except OSError:
        return False


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` without changing it or leaving files beside it."""
    real = path.resolve()
    # A read-only connection to a WAL-mode file would leave -wal/-shm files behind
    # (it may not delete them): with no -wal there, the file alone is the whole
    # database, so read it as immutable and create nothing next to it.
    wal = real.with_name(real.name + "-wal")
    return f"file:{quote(str(real))}?mode=ro" + ("" if wal.exists() else "&immutable=1")


@contextmanager
def read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file (nor leave -wal/-shm files next to it)."""
    con = sqlite3.connect(read_only_uri(path), uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        yield con
    finally:
        con.close()


def probe(path: Path) -> tuple[int, int, frozenset[str]]:
    """(application_id, user_version, names of the tables), read without writing."""
    try:
        with read_only(path) as con:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            names = con.execute("SELECT name FROM sqlite_master WHERE type='table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path} cannot be read as a database ({exc}); nothing was changed"
        ) from None
    return int(app_id), int(version), frozenset(str(n) for (n,) in names)
