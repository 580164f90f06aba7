"""Transactions: sessions for reading and writing, and retrying a write while the lock is held.

SQLite's ``BEGIN`` takes its write lock only at the first write, where two
writers could deadlock; a write transaction begins ``IMMEDIATE`` instead. The
engine's begin hook reads :data:`write_txn`; whoever opens a write transaction
sets it with :func:`writing` (the sessions below, and the migrations).
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from goaltui.storage.files import StoreBusy, StoreError

WRITE_PATIENCE_S = 15.0
#: The engine option that marks a database its owner made read-only.
READ_ONLY_OPTION = "goaltui_read_only"

T = TypeVar("T")

write_txn: contextvars.ContextVar[bool] = contextvars.ContextVar("goaltui_write", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """The transactions begun inside take the write lock up front."""
    token = write_txn.set(True)
    try:
        yield
    finally:
        write_txn.reset(token)


def engine_read_only(engine: Engine) -> bool:
    """True for a database its owner made read-only (see :func:`goaltui.storage.db.open_engine`)."""
    return bool(engine.get_execution_options().get(READ_ONLY_OPTION))


def _refuse_writes(engine: Engine) -> None:
    if engine_read_only(engine):
        path = engine.url.database
        raise StoreError(
            f"the database {path} is read-only: changes cannot be saved "
            f"(its owner made it so; 'chmod u+w {path}' allows changes again)"
        )


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection in a ``BEGIN IMMEDIATE`` transaction, committed on success."""
    _refuse_writes(engine)
    with writing(), engine.begin() as conn:
        yield conn


@contextmanager
def write_session(engine: Engine) -> Iterator[Session]:
    """A session whose transaction takes the write lock up front."""
    _refuse_writes(engine)
    with writing(), Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


@contextmanager
def read_session(engine: Engine) -> Iterator[Session]:
    """A session for reading: a deferred transaction, never blocking writers in WAL."""
    with Session(engine, expire_on_commit=False) as session:
        yield session
        session.rollback()


#: PostgreSQL's "try again": serialization failure, deadlock, lock wait timed out.
RETRY_STATES = frozenset({"40001", "40P01", "55P03"})


def is_busy(exc: BaseException) -> bool:
    """True for SQLite's "database is locked/busy" errors and PostgreSQL's "try again"."""
    orig = getattr(exc, "orig", exc)
    if getattr(orig, "sqlstate", None) in RETRY_STATES:
        return True
    text = str(orig).lower()
    return "locked" in text or "busy" in text


def retry_busy(
    fn: Callable[[], T],
    *,
    patience: float | None = None,
    on_wait: Callable[[float], None] | None = None,
) -> T:
    """Run ``fn``, retrying while another process holds the write lock.

    After ``patience`` seconds a :class:`StoreBusy` with a clear message is raised.
    ``on_wait`` is told how long it has waited so far, so a UI can say so.
    """
    patience = WRITE_PATIENCE_S if patience is None else patience
    started = time.monotonic()
    delay = 0.05
    while True:
        try:
            return fn()
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            waited = time.monotonic() - started
            if waited >= patience:
                raise StoreBusy(
                    "the database is held by another program (another goaltui or a script); "
                    "nothing was saved, try again in a moment"
                ) from None
            if on_wait is not None:
                on_wait(waited)
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
