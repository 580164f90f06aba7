"""What every part of the repository shares: the tables by name, the transactions
a part reads and writes in, and a few query helpers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import Select, SQLColumnExpression, select
from sqlalchemy.orm import Session
from sqlmodel import SQLModel

from goaltui.storage import convert
from goaltui.storage.convert import as_date as as_date
from goaltui.storage.files import StoreError
from goaltui.storage.tables import (
    DATA_TABLES,
    table_of,
)

T = TypeVar("T")
R = TypeVar("R", bound=SQLModel)

#: How many ids one ``IN (...)`` lists at the most.
CHUNK = 500

TABLES = DATA_TABLES
#: Each table's row as a plain object, by the table's name.
CONVERT: dict[str, Callable[[Any], Any]] = {
    "goal": convert.goal,
    "kpi": convert.kpi,
    "measurement": convert.measurement,
    "milestone": convert.milestone,
    "step": convert.step,
    "obstacle": convert.obstacle,
    "checkin": convert.checkin,
    "review": convert.review,
    "revision": convert.revision,
    "pause": convert.pause,
}


class NotFound(StoreError):
    """The row is gone, usually deleted in another window."""


class Store(ABC):
    """A part of the repository: its reads and writes run in the repository's transactions."""

    @abstractmethod
    def _read(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` with a session for reading and return what it returns."""

    @abstractmethod
    def _write(self, fn: Callable[[Session], T]) -> T:
        """Run ``fn`` in one write transaction and return what it returns."""


def existing(session: Session, table: type[R], row_id: int, what: str) -> R:
    """The row ``row_id`` of ``table``; :class:`NotFound`, naming ``what``, if it is gone."""
    row = session.get(table, row_id)
    if row is None:
        raise NotFound(f"that {what} no longer exists (deleted in another window?)")
    return row


def plain(model: type[SQLModel]) -> Select[Any]:
    """SELECT of a table's columns as plain rows, not ORM instances.

    Lists are converted to domain objects right away, so the ORM's identity map
    and instance set-up are pure cost: with thousands of rows, 3-4x the time.
    """
    return select(*table_of(model).columns)


def rows_for(
    session: Session,
    model: type[SQLModel],
    make: Callable[[Any], T],
    order: Sequence[SQLColumnExpression[Any]],
    parent: SQLColumnExpression[int],
    parent_ids: Iterable[int] | None,
) -> list[T]:
    """The rows of ``model`` in ``order``, each made into an object by ``make``.

    Only the rows whose ``parent`` is one of ``parent_ids``; all of them when it is None.
    """
    query = plain(model).order_by(*order)
    if parent_ids is not None:
        query = query.where(parent.in_(list(parent_ids)))
    return [make(r) for r in session.execute(query)]


def one_off(session: Session) -> None:
    """Compile the queries of this session for their one use only.

    For queries that spell out a value per KPI (a CASE of hundreds of
    branches): kept in the engine's statement cache, each would hold a
    megabyte or more for as long as the app runs.
    """
    session.connection().execution_options(compiled_cache=None)


def chunks(ids: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    """``ids`` in consecutive slices of at most ``size``."""
    for i in range(0, len(ids), size):
        yield ids[i : i + size]
