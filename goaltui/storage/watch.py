"""Noticing what other programs commit to the database, with the standard library only."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

from goaltui.storage import glance
from goaltui.storage.files import is_read_only, read_only_uri
from goaltui.storage.paths import DbUrl


class ChangeWatcher:
    """Notices commits made by other connections (``PRAGMA data_version``).

    The modification time of the file is no use in WAL mode: a commit only
    touches the -wal file. ``data_version`` changes on this connection whenever
    any other connection commits.
    """

    def __init__(self, path: Path) -> None:
        # One connection used from worker threads and closed from the UI thread:
        # the lock keeps a close from ever racing a query (that would crash).
        self._lock = threading.Lock()
        # A read-only database is watched read-only too (and leaves no files beside it).
        ro = self._read_only = is_read_only(path)
        self._con: sqlite3.Connection | None = sqlite3.connect(
            read_only_uri(path) if ro else str(path), uri=ro, check_same_thread=False, timeout=1.0
        )
        self._con.isolation_level = None
        self._last = self._version()

    def _version(self) -> int:
        assert self._con is not None
        return int(self._con.execute("PRAGMA data_version").fetchone()[0])

    def changed(self) -> bool:
        """True once after each commit by another connection."""
        with self._lock:
            if self._con is None:
                return False
            try:
                current = self._version()
            except sqlite3.Error:
                return False
            if current != self._last:
                self._last = current
                return True
            return False

    def version(self) -> int | None:
        """What :meth:`keep_glance` compares: it moves with every commit by another
        connection (the dashboard's own storage is one), None when unknown."""
        with self._lock:
            if self._con is None:
                return None
            try:
                return self._version()
            except sqlite3.Error:
                return None

    def keep_glance(self, since: int, payload: str) -> bool:
        """Keep the tree's figures (``storage.glance``) unless something was committed
        since :meth:`version` was ``since``; True when kept.

        Written on this connection, so that the note is not taken for another
        program's change; never waits long for another writer, and a read-only
        database keeps nothing.
        """
        with self._lock:
            con = self._con
            if con is None or self._read_only:
                return False
            try:
                con.execute("BEGIN IMMEDIATE")
                try:
                    if self._version() != since:
                        con.execute("ROLLBACK")
                        return False
                    con.execute(glance.FORGET)
                    con.execute(glance.KEEP, (payload,))
                except BaseException:
                    con.execute("ROLLBACK")
                    raise
                con.execute("COMMIT")
                return True
            except sqlite3.Error:
                return False

    def close(self) -> None:
        """Release the watcher's connection (waits for a check in progress)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


#: The channel goaltui's PostgreSQL triggers notify after every committed change.
CHANNEL = "goaltui_changed"

#: The server processes of this process's own goaltui connections, by database.
_own: dict[tuple[str, str, str], set[int]] = {}
_own_lock = threading.Lock()


def _database(info: Any) -> tuple[str, str, str]:
    """Which database a psycopg connection's ``info`` names (host, port, name)."""
    return (str(info.host), str(info.port), str(info.dbname))


def own_connection(info: Any) -> tuple[tuple[str, str, str], int]:
    """Note a connection of this process's engines, by its psycopg ``info``; its key.

    A :class:`NotifyWatcher` leaves out what those connections commit: the
    process knows of its own changes (its screens reload after them). A second
    goaltui, even on this machine, is another process and is heard.
    """
    key = (_database(info), int(info.backend_pid))
    with _own_lock:
        _own.setdefault(key[0], set()).add(key[1])
    return key


def forget_connection(key: tuple[tuple[str, str, str], int]) -> None:
    """The connection ``key`` (from :func:`own_connection`) is closed: its server
    process id may be another program's next."""
    with _own_lock:
        _own.get(key[0], set()).discard(key[1])


class NotifyWatcher:
    """Notices commits on a PostgreSQL server: ``LISTEN`` on goaltui's channel.

    The data tables' triggers send a notification with every statement that
    changes them, whoever writes (another machine's goaltui, a script); the
    server delivers it when the transaction commits, to every listening
    connection. Checking for one reads the socket, never the tables. What this
    process's own engines commit is left out (see :func:`own_connection`). A
    connection lost (the server restarted) is opened again at the next check,
    which then answers True: changes made meanwhile were not heard.
    """

    def __init__(self, url: DbUrl) -> None:
        self._url = url.libpq
        self._lock = threading.Lock()
        self._closed = False
        #: Notifications heard so far, this process's own too (see :meth:`version`).
        self._heard = 0
        #: The server processes of the notifications :meth:`changed` has not seen yet.
        self._unread: list[int] = []
        self._con: Any = self._listen()

    def _listen(self) -> Any:
        import psycopg

        con = psycopg.connect(
            self._url, autocommit=True, connect_timeout=5, application_name="goaltui-watch"
        )
        self._where = _database(con.info)
        con.execute(f"LISTEN {CHANNEL}")
        return con

    def changed(self) -> bool:
        """True once after one or more commits by another program."""
        import psycopg

        with self._lock:
            if self._closed:
                return False
            if self._con is None:
                try:
                    self._con = self._listen()
                except psycopg.Error:
                    return False
                self._heard += 1  # what was committed meanwhile was not heard
                return True
            if self._heard_now() is None:
                return False
            # Those heard by version() meanwhile count too.
            pids, self._unread = self._unread, []
            with _own_lock:
                own = _own.get(self._where, set())
                return any(pid not in own for pid in pids)

    def _heard_now(self) -> list[int] | None:
        """The server processes of the notifications waiting (counted in ``_heard``);
        None when the connection is lost (closed: the next check opens it again)."""
        import psycopg

        try:
            pids = [n.pid for n in self._con.notifies(timeout=0)]
        except psycopg.Error:
            with contextlib.suppress(psycopg.Error):
                self._con.close()
            self._con = None
            return None
        self._heard += len(pids)
        self._unread += pids
        return pids

    def version(self) -> int | None:
        """How many changes were heard, this process's own too (None: not listening).

        What :meth:`keep_glance` compares; a change committed a moment ago may
        not be heard yet, and the figures kept then are thrown away with the
        next start's own reading (``storage.glance``)."""
        with self._lock:
            if self._closed or self._con is None or self._heard_now() is None:
                return None
            return self._heard

    def keep_glance(self, since: int, payload: str) -> bool:
        """Keep the tree's figures unless a change was heard since :meth:`version`
        was ``since``; True when kept."""
        import psycopg

        with self._lock:
            if self._closed or self._con is None or self._heard_now() is None:
                return False
            if self._heard != since:
                return False
            try:
                with self._con.transaction():
                    self._con.execute(f"{glance.FORGET} WHERE owner = current_user")
                    self._con.execute(
                        f"INSERT INTO {glance.TABLE} (payload) VALUES (%s)", (payload,)
                    )
            except psycopg.Error:
                return False
            return True

    def close(self) -> None:
        """Release the watcher's connection."""
        with self._lock:
            self._closed = True
            if self._con is not None:
                self._con.close()
                self._con = None
