"""The changes undo can take back: naming them, listing them, undoing and redoing them.

Every write transaction of the repository ends in :func:`close_change`: the
journal entries its statements left (see :mod:`goaltui.storage.change_log`) become
one change, named by the :func:`labelled` block it ran in. ``mark`` orders
changes by when they were made, ``undone_mark`` by when they were undone:
redo takes the last one undone, unless a change was made since. Writes inside one
``labelled`` block make one change even across transactions.

A change is undone by running its entries' statements newest first, in one
transaction; the statements the triggers record meanwhile become its entries,
which redo runs the same way. Undo and redo refuse, and change nothing, when
a change made later (and not undone) touched a row they would change.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, tuple_, update
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.changes import KEEP_CHANGES, KEEP_DAYS, Change, Origin, summarize
from goaltui.storage import change_log
from goaltui.storage.files import StoreError
from goaltui.storage.repository.base import Store
from goaltui.storage.tables import ChangeEntryRow, ChangeRow, table_of


class UndoRefused(StoreError):
    """Undo or redo cannot be done without harming a later change; nothing was changed."""


#: The name of the change the writes in this context make, and the id it got.
_label: contextvars.ContextVar[tuple[str, list[int]] | None] = contextvars.ContextVar(
    "goaltui_change_label", default=None
)


#: A name the write running in this thread proposes for its change (see suggest_label).
_suggested = threading.local()


def suggest_label(label: str) -> None:
    """Name the change being written, unless a :func:`labelled` block or an earlier
    write of the same transaction named it already."""
    if not getattr(_suggested, "label", ""):
        _suggested.label = label


def forget_suggestion() -> str:
    """The name suggested so far in this thread (cleared): each transaction starts afresh."""
    label: str = getattr(_suggested, "label", "")
    _suggested.label = ""
    return label


@contextmanager
def labelled(label: str) -> Iterator[None]:
    """Every write inside is one change, named ``label`` ("the check-in of 4 Dec").

    An inner block joins the outer one's change.
    """
    if _label.get() is not None:
        yield
        return
    token = _label.set((label, []))
    try:
        yield
    finally:
        _label.reset(token)


def _plain(row: Any) -> Change:
    return Change(
        id=row.id,
        origin=Origin(row.origin),
        label=row.label,
        summary=row.summary,
        at=row.at if isinstance(row.at, datetime) else datetime.fromisoformat(row.at),
        undone=row.undone_mark is not None,
    )


_E = ChangeEntryRow
_C = ChangeRow
_PENDING = col(_E.change_id).is_(None)
_CHANGES = table_of(ChangeRow)
_ENTRIES = table_of(ChangeEntryRow)


def _newest_seq(session: Session, change_id: int | None = None) -> int:
    """The newest journal entry's number (of one change's entries, if given); 0 for none."""
    query = select(func.max(col(_E.seq)))
    if change_id is not None:
        query = query.where(col(_E.change_id) == change_id)
    newest: int | None = session.execute(query).scalar()
    return newest or 0


def _summary(conn: Connection, change_id: int) -> str:
    rows = conn.execute(
        select(col(_E.tbl), col(_E.op), func.count(func.distinct(col(_E.row_id))))
        .where(col(_E.change_id) == change_id)
        .group_by(col(_E.tbl), col(_E.op))
    )
    return summarize({(tbl, op): int(n) for tbl, op, n in rows})


def close_change(session: Session, origin: Origin, now: datetime) -> None:
    """Give the entries this transaction left to a change (a new one, or its block's).

    Core statements on the session's connection: this runs after every write,
    where the ORM's bookkeeping would cost more than the write itself.
    """
    session.flush()  # rows still held by the session reach the triggers first
    conn = session.connection()
    pending, newest = conn.execute(
        select(func.count(), func.max(col(_E.seq))).where(_PENDING)
    ).one()
    if not pending:
        return
    suggested = forget_suggestion()
    block = _label.get()
    label, ids = block if block is not None else (suggested, [])
    change_id = ids[0] if ids else None
    if (
        change_id is None
        or conn.execute(select(col(_C.id)).where(col(_C.id) == change_id)).first() is None
    ):
        made = conn.execute(insert(_CHANGES).values(origin=origin.value, label=label, at=now))
        assert made.inserted_primary_key is not None
        change_id = int(made.inserted_primary_key[0])
        ids[:] = [change_id]
    conn.execute(update(_ENTRIES).where(_PENDING).values(change_id=change_id))
    summary = _summary(conn, change_id)
    conn.execute(
        update(_CHANGES).where(col(_C.id) == change_id).values(mark=newest, summary=summary)
    )
    kept = select(col(_C.id)).order_by(col(_C.id).desc()).limit(KEEP_CHANGES)
    too_old = col(_C.at) < now - timedelta(days=KEEP_DAYS)
    conn.execute(delete(_CHANGES).where(col(_C.id).not_in(kept) | too_old))


def _later_dependents(
    session: Session, change: ChangeRow, after: int, entries: Any, redo: bool
) -> int | None:
    """A change made after ``after`` (and not undone) that touched a row in ``entries``.

    A redo passes over the earlier changes from its own origin. One of those with
    newer entries was undone after ``change`` was made (redo takes only what was undone
    since that origin's last change) and before ``change`` was undone (an undo is
    refused while a later change touched its rows), then redone: the rows are
    again as they were when ``change`` was undone (undo 3, undo 2, redo 2, redo 3).
    """
    # The entries written after ``after`` are read in order of ``seq`` (the key), and
    # each looked up among ``entries``: no index on (table, row) is kept for this,
    # which would cost every write more than these few look-ups save.
    other = _ENTRIES.alias("other")
    query = (
        select(other.c.change_id)
        .join(_CHANGES, col(_C.id) == other.c.change_id)
        .where(
            other.c.seq > after,
            other.c.change_id != change.id,
            tuple_(other.c.tbl, other.c.row_id).in_(entries),
            col(_C.undone_mark).is_(None),
        )
        .order_by(other.c.change_id.desc())
        .limit(1)
    )
    if redo:
        query = query.where(~((col(_C.origin) == change.origin) & (col(_C.id) < change.id)))
    return session.execute(query).scalar()


def _flip(session: Session, change: ChangeRow, redo: bool) -> Change:
    """Run ``change``'s entries newest first; what they record becomes its entries."""
    assert change.id is not None
    verb = "redone" if redo else "undone"
    mine = select(col(_E.tbl), col(_E.row_id)).where(col(_E.change_id) == change.id)
    # Its entries were written when it was last made (or undone): what came after is later.
    after = _newest_seq(session, change.id)
    later = _later_dependents(session, change, after, mine, redo)
    if later is not None:
        raise UndoRefused(
            f"change {change.id} cannot be {verb}: change {later}, made since, "
            f"changed the same items (undo it first: 'goaltui undo {later}')"
        )
    conn = session.connection()
    entries = session.execute(
        select(col(_E.tbl), col(_E.row_id), col(_E.op), col(_E.statement))
        .where(col(_E.change_id) == change.id)
        .order_by(col(_E.seq).desc())
    ).all()
    try:
        change_log.replay(conn, entries)
    except change_log.ReplayBreaksLink:
        raise UndoRefused(
            f"change {change.id} cannot be {verb}: items it needs were deleted since"
        ) from None
    except change_log.ReplayConflict:
        raise UndoRefused(
            f"change {change.id} cannot be {verb}: what it touched was changed since "
            "(by a change no longer kept, or by another program)"
        ) from None
    session.execute(delete(ChangeEntryRow).where(col(_E.change_id) == change.id))
    touched = select(col(_E.tbl), col(_E.row_id)).where(_PENDING)
    later = _later_dependents(session, change, after, touched, redo)
    if later is not None:
        raise UndoRefused(
            f"change {change.id} cannot be {verb}: change {later}, made since, "
            f"depends on what it would take away (undo it first: 'goaltui undo {later}')"
        )
    session.execute(update(ChangeEntryRow).where(_PENDING).values(change_id=change.id))
    change.undone_mark = None if redo else _newest_seq(session)
    session.flush()
    return _plain(change)


class ChangeStore(Store):
    """The journal of changes: list, undo, redo."""

    def changes(self, limit: int = KEEP_CHANGES) -> list[Change]:
        """The changes undo can still take back (or make again), newest first."""

        def run(session: Session) -> list[Change]:
            query = select(*ChangeRow.__table__.columns)  # type: ignore[attr-defined]
            query = query.order_by(col(_C.id).desc()).limit(limit)
            return [_plain(row) for row in session.execute(query)]

        return self._read(run)

    def undo(self, origin: Origin | None = None, change_id: int | None = None) -> Change:
        """Undo change ``change_id``, or the newest one made from ``origin``.

        :class:`LookupError` when there is none; :class:`UndoRefused` when a
        later change depends on it.
        """

        def run(session: Session) -> Change:
            if change_id is not None:
                change = session.get(ChangeRow, change_id)
                if change is None:
                    raise LookupError(
                        f"there is no change {change_id} to undo (the last {KEEP_CHANGES} "
                        f"changes of the past {KEEP_DAYS} days are kept; "
                        "'goaltui undo --list' shows them)"
                    )
                if change.undone_mark is not None:
                    raise LookupError(f"change {change_id} is undone already")
            else:
                query = select(ChangeRow).where(col(_C.undone_mark).is_(None))
                if origin is not None:
                    query = query.where(col(_C.origin) == origin.value)
                change = session.execute(query.order_by(col(_C.id).desc()).limit(1)).scalar()
                if change is None:
                    raise LookupError("there is nothing to undo")
            return _flip(session, change, redo=False)

        return self._write(run)

    def redo(self, origin: Origin) -> Change:
        """Make again the change from ``origin`` undone last, unless a new one came since."""

        def run(session: Session) -> Change:
            newest_made = select(func.max(col(_C.mark))).where(col(_C.origin) == origin.value)
            query = (
                select(ChangeRow)
                .where(
                    col(_C.origin) == origin.value,
                    col(_C.undone_mark).is_not(None),
                    col(_C.undone_mark) > func.coalesce(newest_made.scalar_subquery(), 0),
                )
                .order_by(col(_C.undone_mark).desc())
                .limit(1)
            )
            change = session.execute(query).scalar()
            if change is None:
                raise LookupError("there is nothing to redo")
            return _flip(session, change, redo=True)

        return self._write(run)
