"""Noticing what other programs commit to the database, with the standard library only."""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from pathlib import Path
from typing import Any

from goaltui.storage.files import is_read_only, read_only_uri


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
        ro = is_read_only(path)
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

    def close(self) -> None:
        """Release the watcher's connection (waits for a check in progress)."""
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


#: The channel goaltui's PostgreSQL triggers notify after every committed change.
CHANNEL = "goaltui_changed"


class NotifyWatcher:
    """Notices commits on a PostgreSQL server: ``LISTEN`` on goaltui's channel.

    The data tables' triggers send a notification with every transaction that
    changes them; the server delivers it when the transaction commits, to every
    listening connection. Checking for one reads the socket, never the tables.
    A connection lost (the server restarted) is opened again at the next check,
    which then answers True: changes made meanwhile were not heard.
    """

    def __init__(self, url: str) -> None:
        self._url = url.replace("postgresql+psycopg://", "postgresql://", 1)
        self._lock = threading.Lock()
        self._closed = False
        self._con: Any = self._listen()

    def _listen(self) -> Any:
        import psycopg

        con = psycopg.connect(
            self._url, autocommit=True, connect_timeout=5, application_name="goaltui-watch"
        )
        con.execute(f"LISTEN {CHANNEL}")
        return con

    def changed(self) -> bool:
        """True once after one or more commits by another connection."""
        import psycopg

        with self._lock:
            if self._closed:
                return False
            if self._con is None:
                try:
                    self._con = self._listen()
                except psycopg.Error:
                    return False
                return True
            try:
                own = self._con.info.backend_pid
                return any(n.pid != own for n in self._con.notifies(timeout=0))
            except psycopg.Error:
                with contextlib.suppress(psycopg.Error):
                    self._con.close()
                self._con = None
                return False

    def close(self) -> None:
        """Release the watcher's connection."""
        with self._lock:
            self._closed = True
            if self._con is not None:
                self._con.close()
                self._con = None
