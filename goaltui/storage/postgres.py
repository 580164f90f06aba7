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

from goaltui.storage import pg_access
from goaltui.storage.files import StoreError
from goaltui.storage.paths import DbUrl
from goaltui.storage.txn import RETRY_STATES, write_txn

#: The advisory lock every write transaction holds ("GTAI" as a number).
WRITE_LOCK_KEY = 0x47544149
#: How long one attempt waits for the write lock before it counts as busy.
LOCK_TIMEOUT_MS = 2_000
CONNECT_TIMEOUT_S = 5
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
            "options": f"-c lock_timeout={LOCK_TIMEOUT_MS}",
        },
    )
    event.listen(engine, "begin", _on_begin)
    return engine


def sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a psycopg error (under SQLAlchemy's wrapper), if it has one."""
    orig = getattr(exc, "orig", exc)
    state = getattr(orig, "sqlstate", None)
    return state if isinstance(state, str) else None


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
    if (
        "connection refused" in text
        or "could not connect" in text
        or "no such file or directory" in text
        or "timeout expired" in text
        or "could not translate host name" in text
        or "name or service not known" in text
    ):
        return f"cannot reach {where}: is the server running, and the host and port right?"
    if (
        "server closed the connection" in text
        or "terminating connection" in text
        or ("connection" in text and ("lost" in text or "closed" in text))
    ):
        return f"the connection to {where} was lost; nothing was saved, try again in a moment"
    first = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    return f"database error in {where}: {first}"


def open_engine(url: DbUrl, *, create: bool = True) -> Engine:
    """Connect to ``url``, creating goaltui's tables in an empty database.

    A database holding other tables, or goaltui's of another schema, is refused
    with a :class:`StoreError` before anything is written.
    """
    from sqlalchemy import inspect
    from sqlalchemy.exc import DBAPIError
    from sqlmodel import SQLModel

    from goaltui.storage import tables  # noqa: F401  (registers the tables)
    from goaltui.storage.files import StoreMissing
    from goaltui.storage.txn import write_connection

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            names = set(inspect(conn).get_table_names())
        if not names:
            if not create:
                raise StoreMissing(f"there are no goals in {url} yet")
            with write_connection(engine) as conn:
                SQLModel.metadata.create_all(conn)
                pg_access.install(conn)  # owners, row-level security and sharing
        elif "goal" not in names:
            raise StoreError(
                f"the PostgreSQL database {url} holds another program's tables; "
                "give goaltui a database of its own (nothing was changed)"
            )
    except StoreError:
        engine.dispose()
        raise
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(describe_error(exc, url)) from None
    return engine
