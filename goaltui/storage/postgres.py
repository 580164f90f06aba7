"""Opening a PostgreSQL database: the engine, its write lock and what its errors mean.

The tables are the same SQLModel tables as on SQLite. A write transaction takes
one transaction-level advisory lock first, the counterpart of SQLite's ``BEGIN
IMMEDIATE``: two goaltuis checking in at once wait for each other instead of
reading the same state and both writing. Serialization failures, deadlocks and
a lock wait that times out count as "busy" and are retried like SQLite's lock.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event

from goaltui.storage import pg_access, pg_journal
from goaltui.storage.files import StoreError
from goaltui.storage.paths import DbUrl
from goaltui.storage.txn import RETRY_STATES, write_txn

#: The advisory lock every write transaction holds ("GTAI" as a number).
WRITE_LOCK_KEY = 0x47544149
#: How long one attempt waits for the write lock before it counts as busy.
LOCK_TIMEOUT_MS = 2_000
CONNECT_TIMEOUT_S = 5
#: The engine option holding the :class:`DbUrl` the engine was made from.
LOCATION_OPTION = "goaltui_location"
INSTALL_HINT = "a PostgreSQL database needs the psycopg driver: pip install 'goaltui[postgres]'"


def _on_begin(conn: Any) -> None:
    if write_txn.get():
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK_KEY})")


def make_engine(url: DbUrl) -> Engine:
    """An engine for ``url``; nothing is connected yet."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise StoreError(INSTALL_HINT) from None
    engine = create_engine(
        url.url,
        pool_pre_ping=True,
        connect_args={
            "connect_timeout": CONNECT_TIMEOUT_S,
            "application_name": "goaltui",
            # No JIT: goaltui's queries are short, and compiling one (half a second
            # for the KPI tallies of a large database) costs more than it saves.
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS} -c jit=off",
        },
    )
    event.listen(engine, "begin", _on_begin)
    # Messages name the database as the person wrote it (without a password).
    engine.update_execution_options(**{LOCATION_OPTION: url})
    pg_journal.listen(engine)  # goaltui's own connections journal their writes, for undo
    return engine


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg error (under SQLAlchemy's wrapper), if it has one."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


def unreachable(exc: BaseException) -> bool:
    """True when the server is out of reach or the connection was lost (try again later)."""
    state = sqlstate(exc)
    if state is not None:
        # Class 08: connection exceptions; 57P01-57P03: the server shuts down or
        # restarts; 55000 with this text: the database refuses connections for now.
        text = str(getattr(exc, "orig", exc)).lower()
        return (
            state.startswith("08")
            or state in {"57P01", "57P02", "57P03"}
            or (state == "55000" and "not currently accepting connections" in text)
        )
    text = str(getattr(exc, "orig", exc)).lower()
    return any(
        words in text
        for words in (
            "connection failed",
            "not currently accepting connections",
            "connection refused",
            "could not connect",
            "server closed the connection",
            "connection is closed",
            "consuming input failed",
            "connection timeout expired",
            "no such file or directory",
            "the connection is lost",
        )
    )


def describe_error(exc: BaseException, url: DbUrl) -> str:
    """One line a person can act on, for an error from the server or the driver.

    The URL is shown without its password; the driver's own text is left out
    where it could repeat connection details.
    """
    orig = getattr(exc, "orig", exc)
    text = str(orig).lower()
    state = sqlstate(exc)
    where = f"the PostgreSQL database {url}"
    if state in RETRY_STATES:
        return "the database is busy with another goaltui or a script; try again in a moment"
    if state == "28P01" or "password authentication failed" in text:
        return f"{where} refused the password; check ~/.pgpass, $PGPASSWORD or your service file"
    if "no password supplied" in text or "fe_sendauth" in text:
        return f"{where} asks for a password; put it in ~/.pgpass or $PGPASSWORD"
    if state == "3D000" or ("database" in text and "does not exist" in text):
        return f"{where} does not exist on its server; its administrator creates it first"
    if state == "28000" or ("role" in text and "does not exist" in text):
        return f"{where} does not know your role; ask its administrator for one"
    if state == "42501" or "permission denied" in text:
        return f"{where} does not let your role do that; ask its administrator"
    if "could not translate host name" in text or "name or service not known" in text:
        return f"cannot reach {where}: no such host"
    if unreachable(exc):
        if "connection failed" in text or "connection refused" in text or state == "55000":
            return f"cannot reach {where}: is the server running, and the host and port right?"
        return f"the connection to {where} was lost; nothing was saved, try again in a moment"
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"database error in {where}: {first}"


def open_engine(url: DbUrl, *, create: bool = True) -> Engine:
    """Connect to ``url``, creating goaltui's tables in an empty database.

    A database holding another program's tables, or goaltui's at a revision this
    goaltui does not know (a newer one), is refused with a :class:`StoreError`
    before anything is written. An older revision is upgraded in one
    transaction: PostgreSQL's DDL is transactional, so a failed step keeps nothing.
    """
    from sqlalchemy.exc import DBAPIError

    engine = make_engine(url)
    try:
        _bring_up_to_date(engine, url, create)
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(describe_error(exc, url)) from None
    return engine


def _revision(engine: Engine) -> tuple[str | None, bool]:
    """(goaltui's revision in the database or None, whether it holds any table at all)."""
    from sqlalchemy import inspect, text

    from goaltui.storage.migrations import VERSION_TABLE

    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if VERSION_TABLE not in names:
            return None, bool(names)
        found = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    return (found[0] if len(found) == 1 else ""), True


def _bring_up_to_date(engine: Engine, url: DbUrl, create: bool) -> None:
    from sqlmodel import SQLModel

    from goaltui.storage import (
        migrations,
        tables,  # noqa: F401  (registers the tables)
    )
    from goaltui.storage.files import StoreMissing
    from goaltui.storage.txn import write_connection

    revision, any_table = _revision(engine)
    if revision is None and any_table:
        raise StoreError(
            f"the PostgreSQL database {url} holds another program's tables; "
            "give goaltui a database of its own (nothing was changed)"
        )
    if revision is None:
        if not create:
            raise StoreMissing(f"there are no goals in {url} yet")
        with write_connection(engine) as conn:
            SQLModel.metadata.create_all(conn)
            pg_journal.install(conn)
            migrations.stamp_head(conn)
            pg_access.install(conn)  # owners, row-level security and sharing
        return
    if revision == migrations.HEAD:
        return
    if not revision.isdigit() or int(revision) > int(migrations.HEAD):
        raise StoreError(
            f"the PostgreSQL database {url} was made by a newer goaltui (revision "
            f"{revision or '?'}, this one knows up to {migrations.HEAD}); upgrade goaltui "
            "to open it (nothing was changed)"
        )
    with write_connection(engine) as conn:
        migrations.upgrade(conn, int(revision))
        # What a revision added gets its journal triggers, owners and policies too.
        pg_journal.install(conn)
        pg_access.install(conn)
