"""Noticing what other programs commit to the database, with the standard library only."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

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
