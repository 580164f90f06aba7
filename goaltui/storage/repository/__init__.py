"""The storage API: one session per operation, plain objects in and out.

:class:`Repository` is made of one part per kind of data (goals, KPIs, plans,
the journal ...), each in its own module; this module gives them their
transactions. Every write runs in a ``BEGIN IMMEDIATE`` transaction and is
retried while another process holds the write lock (see :func:`retry_busy`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from goaltui.domain.changes import Origin
from goaltui.storage.db import store_error
from goaltui.storage.repository.base import TABLES as TABLES
from goaltui.storage.repository.base import NotFound as NotFound
from goaltui.storage.repository.changes import ChangeStore, close_change, forget_suggestion
from goaltui.storage.repository.changes import UndoRefused as UndoRefused
from goaltui.storage.repository.changes import labelled as labelled
from goaltui.storage.repository.goals import Footprint as Footprint
from goaltui.storage.repository.goals import GoalStore
from goaltui.storage.repository.journal import CheckinRows as CheckinRows
from goaltui.storage.repository.journal import JournalStore
from goaltui.storage.repository.kpis import KpiStore
from goaltui.storage.repository.periods import PeriodStore
from goaltui.storage.repository.plans import PlanRows as PlanRows
from goaltui.storage.repository.plans import PlanStore
from goaltui.storage.repository.rows import RevisionDraft as RevisionDraft
from goaltui.storage.repository.rows import RowStore
from goaltui.storage.repository.transfer import TransferStore
from goaltui.storage.txn import read_session, retry_busy, write_session

T = TypeVar("T")

#: (repository, session) of the :meth:`Repository.atomic` block running in this context.
_atomic: contextvars.ContextVar[tuple[Repository, Session] | None] = contextvars.ContextVar(
    "goaltui_atomic", default=None
)


#: How far one write through :meth:`Repository._write` that needed no second try
#: moves :attr:`Repository.stamp` (once before it, once after).
WRITE_BUMPS = 2


class Repository(
    RowStore,
    GoalStore,
    KpiStore,
    PeriodStore,
    PlanStore,
    JournalStore,
    TransferStore,
    ChangeStore,
):
    """All reads and writes of goaltui's data."""

    def __init__(self, engine: Engine, origin: Origin = Origin.CLI) -> None:
        self.engine = engine
        #: Where the changes made through this repository come from (for undo).
        self.origin = origin
        #: The time a change is recorded at (the services give their clock's).
        self.now: Callable[[], datetime] = datetime.now
        #: Bumped by every write through this repository (and by :meth:`bump`):
        #: a result computed under an older stamp may be stale.
        self.stamp = 0
        #: Called before every read: a background reader can wait there while
        #: the process has more urgent work (threads share one interpreter).
        self.before_read: Callable[[], None] | None = None

    def bump(self) -> None:
        """Mark anything read so far as possibly stale (another program wrote)."""
        self.stamp += 1

    def _session(self) -> Session | None:
        """The session of an :meth:`atomic` block of this repository, if one is running."""
        active = _atomic.get()
        return active[1] if active is not None and active[0] is self else None

    def atomic(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` so that every read and write it makes here is one transaction.

        All or nothing: if ``fn`` raises (or the process is killed), none of its
        writes are kept.
        """

        def run(session: Session) -> T:
            token = _atomic.set((self, session))
            try:
                return fn()
            finally:
                _atomic.reset(token)

        return self._write(run)

    def _write(self, fn: Callable[[Session], T]) -> T:
        session = self._session()
        if session is not None:
            self.stamp += 1  # what was read earlier in the block may be stale now
            result = fn(session)
            session.flush()
            return result

        def attempt() -> T:  # moves the stamp by WRITE_BUMPS
            forget_suggestion()
            self.stamp += 1
            try:
                with write_session(self.engine) as session:
                    result = fn(session)
                    close_change(session, self.origin, self.now())
                    return result
            finally:
                self.stamp += 1

        try:
            return retry_busy(attempt)
        except IntegrityError as exc:
            raise NotFound("that item no longer exists (it was changed in another window)") from (
                exc
            )
        except DBAPIError as exc:
            raise store_error(exc, self.engine) from None

    def _read(self, fn: Callable[[Session], T]) -> T:
        session = self._session()
        if session is not None:
            return fn(session)
        if self.before_read is not None:
            self.before_read()
        try:
            with read_session(self.engine) as session:
                return fn(session)
        except DBAPIError as exc:
            raise store_error(exc, self.engine) from None
