"""Builders of files goaltui must refuse, and checks that they stay untouched."""

from __future__ import annotations

import functools
import hashlib
import os
import random
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path

APPLICATION_ID = 0x47544149


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    """The SQLite side files next to ``path`` (-wal, -shm, -journal) that exist."""
    return [
        s for s in ("-wal", "-shm", "-journal") if os.path.lexists(path.with_name(path.name + s))
    ]


@functools.cache
def _demo_bytes() -> bytes:
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService, demo
    from tests.conftest import TODAY

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        svc = GoalService.open(path, FixedClock(TODAY))
        try:
            demo.load(svc)
        finally:
            svc.close()
        return path.read_bytes()


def make_goaltui_db(path: Path) -> None:
    """A real goaltui database with the demo data, closed cleanly (built once per process)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(_demo_bytes())


def _newer_schema(path: Path, wal: bool) -> None:
    con = sqlite3.connect(path)
    if wal:
        con.execute("PRAGMA journal_mode = WAL")
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute("PRAGMA user_version = 99")
    con.execute("CREATE TABLE goal (id INTEGER PRIMARY KEY, title TEXT, future_column TEXT)")
    con.execute("INSERT INTO goal (title, future_column) VALUES ('from the future', 'x')")
    con.commit()
    con.close()


def _marked(path: Path, version: int, table: bool = True, mode: int = 0o644) -> None:
    """goaltui's application id with ``user_version`` = ``version``; a table or none.

    Made with a rollback journal and mode 0644, so that a switch to WAL or a chmod
    before the refusal shows in the bytes and the mode.
    """
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    con.execute(f"PRAGMA user_version = {version}")
    if table:
        con.execute("CREATE TABLE goal (id INTEGER PRIMARY KEY, title TEXT)")
    con.commit()
    con.close()
    os.chmod(path, mode)


def _foreign_sqlite(path: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("INSERT INTO contacts (name) VALUES ('Ada')")
    con.commit()
    con.close()


def _truncated(path: Path, align: bool) -> None:
    make_goaltui_db(path)
    data = path.read_bytes()
    cut = len(data) // 2
    if align:
        cut -= cut % 4096
    path.write_bytes(data[:cut])


def _bad_header(path: Path) -> None:
    make_goaltui_db(path)
    data = bytearray(path.read_bytes())
    data[16:18] = (768).to_bytes(2, "big")  # a page size that is not a power of two
    path.write_bytes(bytes(data))


def _bad_magic(path: Path) -> None:
    make_goaltui_db(path)
    data = bytearray(path.read_bytes())
    data[0:6] = b"SQLfoo"
    path.write_bytes(bytes(data))


#: name -> builder of a regular file goaltui must refuse (content checked by sha256).
BAD_FILES: dict[str, Callable[[Path], None]] = {
    "newer-schema": lambda p: _newer_schema(p, wal=False),
    "newer-schema-wal": lambda p: _newer_schema(p, wal=True),
    "text-file": lambda p: p.write_text("these are my goals, not a database\n"),
    "negative-schema": lambda p: _marked(p, -1),
    "unknown-schema-0": lambda p: _marked(p, 0),
    "goaltui-id-no-tables": lambda p: _marked(p, 3, table=False),
    "random-bytes": lambda p: p.write_bytes(random.Random(7).randbytes(8192)),
    "truncated-half": lambda p: _truncated(p, align=False),
    "truncated-half-page-aligned": lambda p: _truncated(p, align=True),
    "corrupted-header": _bad_header,
    "corrupted-magic": _bad_magic,
    "other-app-sqlite": _foreign_sqlite,
}

#: name -> builder of something at the path that is not a regular file.
BAD_NODES: dict[str, Callable[[Path], None]] = {
    "directory": lambda p: p.mkdir(),
    "fifo": lambda p: os.mkfifo(p),
    "dangling-symlink": lambda p: p.symlink_to(p.with_name("nowhere.db")),
}


def snapshot(path: Path) -> tuple:
    """What must not change: the bytes of a file, or the kind/target of a node."""
    st = os.lstat(path)
    if path.is_symlink():
        return ("link", os.readlink(path), os.path.lexists(path.with_name("nowhere.db")))
    if path.is_dir():
        return ("dir", sorted(os.listdir(path)), st.st_mode)
    if path.is_fifo():
        return ("fifo", st.st_mode)
    return ("file", sha256(path), st.st_mode, st.st_size)


def folder_listing(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))
