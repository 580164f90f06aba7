"""The undo journal's triggers: every row goaltui changes notes how to put it back.

SQLite triggers, kept in each connection's ``temp`` schema (installed when the
connection opens, see :func:`install`): for every insert, update and delete of
a goaltui table they add a ``change_entry`` row holding the table, the row's id
and one statement that reverses the change, with every old value written by
``quote()`` (exact for text, numbers and floats alike); an insert's is left out,
since the table and id say it (:func:`undo_insert`), which keeps an import's
journal to a few dozen bytes a row. The repository gives
the entries of one write transaction to one ``change`` row before it commits
(:mod:`goaltui.storage.repository.changes`).

Temporary triggers rather than ones stored in the file: only goaltui's own
writes are journaled (a script, a migration or the benchmark's bulk loader
writing with plain ``sqlite3`` is not), and a migration that rebuilds a table
has no trigger to carry across. Undoing runs the reversing statements; the
triggers then record how to redo them, the same way.

A revision is never deleted by undo: the reverse of adding one marks it undone,
so the ledger keeps the reason it was given.

On PostgreSQL the triggers are stored with the tables and journal only
goaltui's connections (:mod:`goaltui.storage.pg_journal`); the entries mean the
same, and :func:`replay` runs them on either engine (what differs is said once,
in ``_DIALECTS``). Entries are numbered in the order they were written on both:
``seq`` is an AUTOINCREMENT key on SQLite and a sequence on PostgreSQL, and
goaltui's write transactions take turns (a write lock on each engine).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Table

from goaltui.storage import pg_journal
from goaltui.storage.tables import DATA_TABLES, RevisionRow, table_of

#: The tables whose changes can be undone.
JOURNALED = tuple(DATA_TABLES.values())
JOURNAL_TABLE = "change_entry"


def _q(name: str) -> str:
    return '"' + name + '"'


def _lit(text: str) -> str:
    """``text`` as an SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def _entry(table: Table, row: str, op: str, statement: str) -> str:
    return (
        f"INSERT INTO {JOURNAL_TABLE} (tbl, row_id, op, statement) "
        f"VALUES ({_lit(table.name)}, {row}.id, {_lit(op)}, {statement});"
    )


def trigger_sql(table: Table) -> list[str]:
    """The three ``CREATE TEMP TRIGGER`` statements that journal ``table``."""
    name = table.name
    cols = [c.name for c in table.columns]
    where = " || ' WHERE id = ' || {row}.id"
    # Taking back an insert needs no statement of its own: see undo_insert().
    undo_insert = "''"
    sets = " || ', ' || ".join(f"{_lit(_q(c) + ' = ')} || quote(old.{_q(c)})" for c in cols)
    undo_update = _lit(f"UPDATE {_q(name)} SET ") + f" || {sets}" + where.format(row="old")
    values = " || ', ' || ".join(f"quote(old.{_q(c)})" for c in cols)
    undo_delete = (
        _lit(f"INSERT INTO {_q(name)} ({', '.join(_q(c) for c in cols)}) VALUES (")
        + f" || {values} || ')'"
    )
    changed = " OR ".join(f"old.{_q(c)} IS NOT new.{_q(c)}" for c in cols)
    prefix = f"CREATE TEMP TRIGGER IF NOT EXISTS goaltui_undo_{name}"
    target = f"ON main.{_q(name)}"
    return [
        f"{prefix}_i AFTER INSERT {target} BEGIN {_entry(table, 'new', 'insert', undo_insert)} END",
        f"{prefix}_u AFTER UPDATE {target} WHEN {changed} "
        f"BEGIN {_entry(table, 'old', 'update', undo_update)} END",
        f"{prefix}_d AFTER DELETE {target} BEGIN {_entry(table, 'old', 'delete', undo_delete)} END",
    ]


_TRIGGERS = [sql for model in JOURNALED for sql in trigger_sql(table_of(model))]


def install(dbapi_connection: Any) -> None:
    """Journal this connection's writes, once the file has the journal (schema 5 on)."""
    cur = dbapi_connection.cursor()
    try:
        exists = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?"
        cur.execute(exists, (JOURNAL_TABLE,))
        if cur.fetchone() is None:
            return
        for sql in _TRIGGERS:
            cur.execute(sql)
    finally:
        cur.close()


class ReplayConflict(Exception):
    """A reversing statement met a row that is no longer as the journal left it."""


class ReplayBreaksLink(ReplayConflict):
    """A reversing statement would point a row at one that is gone."""


@dataclass(frozen=True)
class _Dialect:
    """What replaying the journal says differently on each engine."""

    #: A true boolean in SQL.
    true: str
    #: The driver's error for a statement that broke a constraint.
    integrity_error: Callable[[], type[Exception]]
    #: Whether that error is a link to a row that is gone.
    breaks_link: Callable[[Exception], bool]
    #: Run before the statements, and after them (where links are checked then).
    begin: str | None = None
    end: str | None = None


def _psycopg_integrity_error() -> type[Exception]:
    import psycopg

    return psycopg.IntegrityError


#: The one place that tells the engines apart, by SQLAlchemy's dialect name.
_DIALECTS = {
    "sqlite": _Dialect(
        "1", lambda: sqlite3.IntegrityError, lambda exc: "FOREIGN KEY" in str(exc).upper()
    ),
    # 23503: foreign_key_violation.
    "postgresql": _Dialect(
        "true",
        _psycopg_integrity_error,
        lambda exc: getattr(exc, "sqlstate", None) == "23503",
        pg_journal.REPLAY_BEGIN,
        pg_journal.REPLAY_END,
    ),
}


def undo_insert(table: str, row_id: int, dialect: str = "sqlite") -> str:
    """The statement that takes back an insert: the row goes (a revision is marked undone)."""
    if table == RevisionRow.__tablename__:
        true = _DIALECTS[dialect].true
        return f"UPDATE {_q(table)} SET undone = {true} WHERE id = {int(row_id)}"
    return f"DELETE FROM {_q(table)} WHERE id = {int(row_id)}"


def statement_of(table: str, row_id: int, op: str, statement: str, dialect: str = "sqlite") -> str:
    """The statement of a journal entry (an insert's is left out to keep the journal small)."""
    if op == "insert" and not statement:
        return undo_insert(table, row_id, dialect)
    return statement


def _newest_entry(cur: Any) -> int:
    cur.execute(f"SELECT coalesce(max(seq), 0) FROM {JOURNAL_TABLE}")
    return int(cur.fetchone()[0])


def _taken_since(cur: Any, start: int, table: str, row_id: int) -> bool:
    """Whether the row was deleted after journal entry ``start`` (by a cascade of this replay)."""
    cur.execute(
        f"SELECT 1 FROM {JOURNAL_TABLE} WHERE seq > {int(start)} AND tbl = {_lit(table)} "
        f"AND row_id = {int(row_id)} AND op = 'delete'"
    )
    return cur.fetchone() is not None


def replay(conn: Connection, entries: Iterable[tuple[str, int, str, str]]) -> None:
    """Run the statements of journal entries ``(table, row id, op, statement)`` in order,
    on the driver's cursor (a delete of thousands of rows is undone in as many
    statements: each one counts).

    Every statement puts back exactly one row: one that finds no row (another
    program deleted it meanwhile) is a conflict, like one that meets a row in
    the way; but a row this replay was to take away and that went already, with
    the row it pointed to, is no conflict. The statements run in the reverse
    order of the writes. On SQLite, whose journal lists the rows a delete
    cascades to before the row itself, parents go back before the rows that
    point to them, and links are checked after each statement; PostgreSQL's
    lists the row first, and links are checked once every row is back (see
    :mod:`goaltui.storage.pg_journal`). Either way only a row whose parent is
    gone fails.
    """
    dialect = _DIALECTS[conn.dialect.name]
    driver = conn.connection.driver_connection
    assert driver is not None  # the connection is open
    cur = driver.cursor()
    try:
        start = _newest_entry(cur)
        if dialect.begin:
            cur.execute(dialect.begin)
        for table, row_id, op, statement in entries:
            cur.execute(statement_of(table, row_id, op, statement, conn.dialect.name))
            if cur.rowcount == 0 and not (
                op == "insert" and _taken_since(cur, start, table, row_id)
            ):
                raise ReplayConflict("a row to put back is gone")
        if dialect.end:
            cur.execute(dialect.end)
    except dialect.integrity_error() as exc:
        if dialect.breaks_link(exc):
            raise ReplayBreaksLink(str(exc)) from None
        raise ReplayConflict(str(exc)) from None
    finally:
        cur.close()
