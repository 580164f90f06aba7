"""``goaltui setup-postgres``: ready a PostgreSQL database for several people.

It prints the SQL (for an administrator to read and run with psql), or with
``--apply`` runs it as the administrator ``--db`` names. Both come from
:mod:`goaltui.storage.pg_access`; running either twice changes nothing.
"""

from __future__ import annotations

import argparse
import os
from typing import TextIO

from goaltui.cli.output import CliError, say


def _password_hint(role: str) -> str:
    from goaltui.storage.pg_access import quote_ident

    return (
        f"Set {role}'s password as the administrator in psql with: \\password {quote_ident(role)}"
        " (never on a command line); they then connect with their own role in --db."
    )


def run_setup(args: argparse.Namespace, out: TextIO) -> int:
    """Print the setup SQL, or run it with ``--apply``; returns the exit code."""
    from goaltui.storage import pg_access

    role = args.role.strip() if args.role is not None else None
    if role is not None and not pg_access.valid_role(role):
        raise CliError(
            f"--role {role!r}: a role name is letters, digits and _ (63 at most), "
            "starting with a letter or _"
        )
    if not args.apply:
        out.write(pg_access.script(pg_access.setup_statements(role), role))
        return 0
    _apply(args, role)
    say(
        out,
        "goaltui's tables, row-level security and the group role goaltui_user are ready; "
        "each person connects as a role of their own in goaltui_user.",
    )
    if role is not None:
        say(out, f"Role {role} is in goaltui_user. " + _password_hint(role))
    return 0


def _apply(args: argparse.Namespace, role: str | None) -> None:
    from sqlalchemy.exc import DBAPIError

    from goaltui.storage import pg_access
    from goaltui.storage.db import StoreError
    from goaltui.storage.paths import DbUrl, resolve_db_path
    from goaltui.storage.postgres import describe_error, make_engine, open_engine
    from goaltui.storage.txn import write_connection

    given = args.db or os.environ.get("GOALTUI_DB")
    url = resolve_db_path(args.db) if given else None
    if not isinstance(url, DbUrl):
        raise CliError(
            "setup-postgres --apply needs --db postgresql+psycopg://ADMIN@HOST/DATABASE "
            "(an administrator of that database); without --apply it prints the SQL"
        )
    engine = make_engine(url)
    try:
        with write_connection(engine) as conn:
            conn.exec_driver_sql(pg_access.group_role_statement())
        # goaltui's own way of creating its tables (with all that goes with them).
        open_engine(url, create=True).dispose()
        with write_connection(engine) as conn:
            pg_access.install(conn)
            for statement in pg_access.login_role_statements(role) if role else []:
                conn.exec_driver_sql(statement)
    except DBAPIError as exc:
        raise StoreError(describe_error(exc, url)) from None
    finally:
        engine.dispose()
