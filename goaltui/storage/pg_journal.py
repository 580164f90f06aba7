"""The undo journal on PostgreSQL, and the notification that tells other machines.

The counterpart of :mod:`goaltui.storage.change_log`'s SQLite triggers. On
PostgreSQL triggers live in the database, not in a connection, so they are
installed once, with the tables (:func:`install`), and journal only the
connections that ask for it: goaltui's own, which set ``goaltui.journal`` to
``on`` when they connect (:func:`on_connect`). A script or a migration writing
with ``psql`` is not journaled, as on SQLite.

For every insert, update and delete of a data table a row trigger adds a
``change_entry`` row with the same meaning as SQLite's: the table, the row's id
and one statement that reverses the change. The statement is built from the
row as it is stored, not from goaltui's table classes: it names every column
the table has (those added on the server alone with ``ALTER TABLE`` too), and
holds the old row as JSON text (``to_json``), read back into the table's own
column types by ``json_populate_record`` (an array as an array). JSON text, not
``jsonb``, keeps each value's text as PostgreSQL prints it: shortest-exact
digits for a float (``extra_float_digits`` is 1 inside the function whatever
the session says; ``-0``, ``NaN`` and ``Infinity`` kept), ISO dates and times
whatever ``DateStyle`` is. An insert's statement is left out
(:func:`goaltui.storage.change_log.undo_insert` makes it from the table and id).

The journal's trigger names sort after PostgreSQL's own foreign-key triggers
("RI_ConstraintTrigger..."), which fire first: a delete's cascade to the rows
pointing to a row is journaled before the row itself, so that undo, running
the statements newest first, puts the row back before the rows that need it.

Every data table also has statement triggers, for every writer, that send
``NOTIFY`` on :data:`goaltui.storage.watch.CHANNEL` when a statement changed
one row or more; the server delivers it when the transaction commits
(:class:`goaltui.storage.watch.NotifyWatcher` listens). They also forget the
writer's kept tree figures (:mod:`goaltui.storage.glance`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, event

from goaltui.storage import glance, watch
from goaltui.storage.tables import DATA_TABLES
from goaltui.storage.watch import CHANNEL

#: The setting a connection turns on to have its writes journaled.
SETTING = "goaltui.journal"
JOURNAL_FUNCTION = "goaltui_journal"
#: Where a pooled connection keeps its key among the watchers' own.
_OWN = "goaltui_own"

_JOURNAL = f"""
CREATE OR REPLACE FUNCTION {JOURNAL_FUNCTION}() RETURNS trigger
LANGUAGE plpgsql
SET extra_float_digits = 1
AS $body$
DECLARE
    old_row json;
    names text;
    source text;
    statement text;
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO change_entry (tbl, row_id, op, statement)
        VALUES (TG_TABLE_NAME, NEW.id, 'insert', '');
        RETURN NULL;
    END IF;
    old_row := to_json(OLD);
    SELECT string_agg(quote_ident(key), ', ') INTO names FROM json_object_keys(old_row) AS key;
    source := format('json_populate_record(NULL::%I, %L)', TG_TABLE_NAME, old_row::text);
    IF TG_OP = 'UPDATE' THEN
        statement := format(
            'UPDATE %I SET (%s) = (SELECT %s FROM %s) WHERE id = %s',
            TG_TABLE_NAME, names, names, source, OLD.id
        );
    ELSE
        statement := format(
            'INSERT INTO %I (%s) OVERRIDING SYSTEM VALUE SELECT %s FROM %s',
            TG_TABLE_NAME, names, names, source
        );
    END IF;
    INSERT INTO change_entry (tbl, row_id, op, statement)
    VALUES (TG_TABLE_NAME, OLD.id, lower(TG_OP), statement);
    RETURN NULL;
END
$body$
"""


def _notify_function(name: str, rows: str | None) -> str:
    """A statement trigger's function: notify when ``rows`` (a transition table) has any."""
    # The tree's figures kept for the next start are of the data before (storage.glance).
    send = f"DELETE FROM {glance.TABLE}; PERFORM pg_notify('{CHANNEL}', '');"
    if rows is not None:
        send = f"IF EXISTS (SELECT 1 FROM {rows}) THEN {send} END IF;"
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        f"AS $body$ BEGIN {send} RETURN NULL; END $body$"
    )


_NOTIFY_FUNCTIONS = [
    _notify_function("goaltui_notify_new", "goaltui_new_rows"),
    _notify_function("goaltui_notify_old", "goaltui_old_rows"),
    _notify_function("goaltui_notify", None),
]

_ON = f"current_setting('{SETTING}', true) = 'on'"


def trigger_sql(table: str) -> list[str]:
    """The statements that (re)create ``table``'s journal and notification triggers."""
    target = f'"{table}"'
    journal = f"FOR EACH ROW WHEN ({_ON}{{}}) EXECUTE FUNCTION {JOURNAL_FUNCTION}()"
    triggers = {
        "goaltui_journal_i": f"AFTER INSERT ON {target} " + journal.format(""),
        "goaltui_journal_u": f"AFTER UPDATE ON {target} "
        + journal.format(" AND OLD.* IS DISTINCT FROM NEW.*"),
        "goaltui_journal_d": f"AFTER DELETE ON {target} " + journal.format(""),
        # Transition tables need one trigger per kind of statement.
        "goaltui_notify_i": f"AFTER INSERT ON {target} REFERENCING NEW TABLE AS goaltui_new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION goaltui_notify_new()",
        "goaltui_notify_u": f"AFTER UPDATE ON {target} REFERENCING NEW TABLE AS goaltui_new_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION goaltui_notify_new()",
        "goaltui_notify_d": f"AFTER DELETE ON {target} REFERENCING OLD TABLE AS goaltui_old_rows "
        "FOR EACH STATEMENT EXECUTE FUNCTION goaltui_notify_old()",
        "goaltui_notify_t": f"AFTER TRUNCATE ON {target} "
        "FOR EACH STATEMENT EXECUTE FUNCTION goaltui_notify()",
    }
    statements: list[str] = []
    for name, body in triggers.items():
        statements.append(f"DROP TRIGGER IF EXISTS {name} ON {target}")
        statements.append(f"CREATE TRIGGER {name} {body}")
    return statements


def _deferrable_links(tables: list[str]) -> str:
    """Make every foreign key of ``tables`` deferrable (still checked per statement).

    Undo defers them while it replays (:data:`REPLAY_BEGIN`): the journal of a
    delete lists the row before the rows its cascade took, which undo, running
    newest first, puts back first; the links are checked once every row is back,
    so only a link to a row that is really gone fails.
    """
    names = ", ".join(f"'{t}'" for t in tables)
    return f"""
DO $links$
DECLARE c record;
BEGIN
    FOR c IN
        SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
        WHERE contype = 'f' AND NOT condeferrable
          AND conrelid = ANY (ARRAY[{names}]::regclass[])
    LOOP
        EXECUTE format(
            'ALTER TABLE %s ALTER CONSTRAINT %I DEFERRABLE INITIALLY IMMEDIATE', c.tbl, c.conname
        );
    END LOOP;
END
$links$
"""


#: Run before and after the statements of an undo (see :func:`_deferrable_links`).
REPLAY_BEGIN = "SET CONSTRAINTS ALL DEFERRED"
REPLAY_END = "SET CONSTRAINTS ALL IMMEDIATE"


def statements() -> list[str]:
    """The journal's and the notification's functions and triggers, as SQL (each may
    run again: it replaces what an earlier run made)."""
    out = [_JOURNAL, *_NOTIFY_FUNCTIONS, _deferrable_links(list(DATA_TABLES))]
    return out + [sql for table in DATA_TABLES for sql in trigger_sql(table)]


def install(conn: Connection) -> None:
    """Create the journal's and the notification's functions and triggers (again).

    Runs in the transaction that creates the tables, after them.
    """
    # On the driver's cursor, without parameters: the functions' ``%`` are format()'s.
    with conn.connection.driver_connection.cursor() as cur:  # type: ignore[union-attr]
        for sql in statements():
            cur.execute(sql)


def on_connect(dbapi_connection: Any, record: Any) -> None:
    """Journal this connection's writes (goaltui's own: see :mod:`goaltui.storage.postgres`),
    and tell this process's watchers that what it commits is their own."""
    with dbapi_connection.cursor() as cur:
        cur.execute(f"SELECT set_config('{SETTING}', 'on', false)")
    dbapi_connection.commit()  # a setting made in a transaction rolled back would be lost
    record.info[_OWN] = watch.own_connection(dbapi_connection.info)


def on_close(_dbapi_connection: Any, record: Any) -> None:
    """The connection is closing (see :func:`on_connect`)."""
    key = record.info.pop(_OWN, None)
    if key is not None:
        watch.forget_connection(key)


def listen(engine: Engine) -> None:
    """Journal ``engine``'s connections (each as it connects)."""
    event.listen(engine, "connect", on_connect)
    event.listen(engine, "close", on_close)
