"""What every service shares: the database, the clock, and results kept until the next write."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from goaltui.domain import validate
from goaltui.domain.clock import Clock, SystemClock
from goaltui.services.errors import ServiceError
from goaltui.storage.repository import Repository

T = TypeVar("T")


class ServiceContext:
    """One database and one clock, with the results computed from them kept for reuse."""

    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self.repo = repo
        self.clock: Clock = clock or SystemClock()
        repo.now = lambda: self.clock.now()  # changes are dated by the same clock
        # {key: (write stamp, day, result)}: see kept.
        self._kept_memo: dict[tuple[Any, ...], tuple[int, date, Any]] = {}
        self._kept_locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._kept_guard = threading.Lock()

    def kept(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, reused until anything is written or the day changes.

        One computation per key at a time: a screen asking for what the
        background read-ahead is computing waits for it instead of starting again.
        """
        with self._kept_guard:
            lock = self._kept_locks.setdefault(key, threading.Lock())
        with lock:
            stamp, today = self.repo.stamp, self.clock.today()
            memo = self._kept_memo.get(key)
            if memo is not None and memo[0] == stamp and memo[1] == today:
                return memo[2]  # type: ignore[no-any-return]
            result = compute()
            if self.repo.stamp == stamp:
                self._kept_memo[key] = (stamp, today, result)
            return result


def check(table: str, fields: Mapping[str, Any]) -> None:
    """Refuse what the rules of :mod:`goaltui.domain.validate` do not allow in ``table``."""
    problem = validate.first_problem(table, fields)
    if problem is not None:
        raise ServiceError(problem)
