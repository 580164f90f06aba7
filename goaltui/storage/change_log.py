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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Table

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


def undo_insert(table: str, row_id: int) -> str:
    """The statement that takes back an insert: the row goes (a revision is marked undone)."""
    if table == RevisionRow.__tablename__:
        return f"UPDATE {_q(table)} SET undone = 1 WHERE id = {int(row_id)}"
    return f"DELETE FROM {_q(table)} WHERE id = {int(row_id)}"


def statement_of(table: str, row_id: int, op: str, statement: str) -> str:
    """The statement of a journal entry (an insert's is left out to keep the journal small)."""
    return undo_insert(table, row_id) if op == "insert" and not statement else statement


def replay(conn: Any, statements: Iterable[str]) -> None:
    """Run journal statements in order, on the driver's cursor (a delete of
    thousands of rows is undone in as many statements: each one counts).

    Every statement puts back exactly one row: one that finds no row (another
    program deleted it meanwhile) is a conflict, like one that meets a row in
    the way. Links are checked as each row goes back, as when it was written:
    the statements run in the reverse order of the writes, parents before the
    rows that point to them, so only a row whose parent is gone fails.
    """
    cur = conn.connection.driver_connection.cursor()
    try:
        for statement in statements:
            cur.execute(statement)
            if cur.rowcount == 0:
                raise ReplayConflict("a row to put back is gone")
    except sqlite3.IntegrityError as exc:
        if "FOREIGN KEY" in str(exc).upper():
            raise ReplayBreaksLink(str(exc)) from None
        raise ReplayConflict(str(exc)) from None
    finally:
        cur.close()
