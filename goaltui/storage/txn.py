"""Whether the transaction about to begin writes (shared by the engine and migrations).

SQLite's ``BEGIN`` takes its write lock only at the first write, where two
writers could deadlock; a write transaction begins ``IMMEDIATE`` instead. The
engine's begin hook reads :data:`write_txn`; whoever opens a write transaction
sets it with :func:`writing`.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

write_txn: contextvars.ContextVar[bool] = contextvars.ContextVar("goaltui_write", default=False)


@contextmanager
def writing() -> Iterator[None]:
    """The transactions begun inside take the write lock up front."""
    token = write_txn.set(True)
    try:
        yield
    finally:
        write_txn.reset(token)
