"""A fresh PostgreSQL database per test, on the server named by ``$GOALTUI_TEST_PG``.

``bash .ci/with-postgres COMMAND`` starts a throwaway server and sets the
variable; without it the tests that need a server are skipped, saying so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

ENV = "GOALTUI_TEST_PG"
SKIP_REASON = (
    "no PostgreSQL server: run the tests through 'bash .ci/with-postgres', "
    f"or set ${ENV} to a superuser's postgresql+psycopg:// URL"
)


def server_url() -> str:
    url = os.environ.get(ENV, "")
    if not url:
        pytest.skip(SKIP_REASON)
    return url


def with_database(url: str, name: str) -> str:
    """``url`` naming the database ``name`` instead of its own."""
    head, _, rest = url.partition("://")
    authority, _, tail = rest.partition("/")
    _, _, query = tail.partition("?")
    return f"{head}://{authority}/{name}" + (f"?{query}" if query else "")


def admin_connect(url: str | None = None):
    import psycopg

    plain = (url or server_url()).replace("postgresql+psycopg://", "postgresql://", 1)
    return psycopg.connect(plain, autocommit=True)


@contextmanager
def fresh_database() -> Iterator[str]:
    """A new empty database on the test server; dropped afterwards."""
    server = server_url()
    name = f"goaltui_t_{uuid.uuid4().hex[:12]}"
    with admin_connect(server) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        yield with_database(server, name)
    finally:
        with admin_connect(server) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
