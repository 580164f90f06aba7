"""Fixtures shared by the storage and CLI tests.

goaltui modules are imported inside the fixtures, so a test module that does not
use them is not affected by an import problem elsewhere.

Every test that takes ``service``, ``demo_service``, ``location``, ``db_arg``,
``demo_db_arg`` or ``query`` runs twice: on a SQLite file (``[sqlite]``) and on a
PostgreSQL database of its own (``[postgres]``, marked ``postgres``; skipped,
saying why, without ``$GOALTUI_TEST_PG``; see ``bash .ci/with-postgres``).

- ``location``: where the test's database is (the file's path, or a
  :class:`~goaltui.storage.paths.DbUrl`), to open a second service on it;
  ``db_arg`` is the same as ``--db`` takes it, for the command line.
- ``demo_db_arg``: ``--db`` of a closed database holding the demo goals.
- ``query``: SQL behind the repository's back, rows as sqlite3 gives them.
- ``@pytest.mark.sqlite_only``: the test is about the SQLite file itself (its
  bytes, modes, pragmas, side files) and runs on SQLite alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

import pytest

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _private_env(tmp_path_factory, monkeypatch):
    """Never let a test see or touch the real data folder, config or $GOALTUI_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("GOALTUI_DB", str(home / "env-goaltui.db"))


@pytest.fixture
def clock():
    from goaltui.domain.clock import FixedClock

    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "goals.db"


ENGINES = {
    "sqlite": pytest.param("sqlite", id="sqlite"),
    "postgres": pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
}


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "sqlite_only: about the SQLite file itself; the engine fixtures run it on SQLite alone",
    )


def pytest_generate_tests(metafunc):
    """Each test that uses ``db_engine`` once per engine (SQLite alone if ``sqlite_only``)."""
    if "db_engine" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker
    params = [ENGINES["sqlite"]]
    if not marker("sqlite_only"):
        params.append(ENGINES["postgres"])
    metafunc.parametrize("db_engine", params, indirect=True, scope="function")


@pytest.fixture
def db_engine(request) -> str:
    """The engine the test runs on: ``"sqlite"`` or ``"postgres"``."""
    return request.param


class PgTemplates:
    """Databases of this test process that new test databases are copied from.

    ``CREATE DATABASE ... TEMPLATE`` copies goaltui's tables (and the demo goals)
    in one step, instead of creating them anew for every test. A copy costs
    0.03-0.3 s (more while the machine is busy); a database with the empty
    tables is therefore emptied after its test (``TRUNCATE ... RESTART
    IDENTITY``, about 10 ms) and handed to the next test instead of dropped.
    """

    def __init__(self, server: str) -> None:
        self.server = server
        self.tag = uuid.uuid4().hex[:10]
        self.made: dict[str, str] = {}
        #: Databases with goaltui's tables, emptied, ready for the next test.
        self.spare: list[str] = []

    def template(self, kind: str) -> str:
        """The template database ``kind`` ("schema" or "demo"), made on first use."""
        if kind not in self.made:
            from goaltui.domain.clock import FixedClock
            from goaltui.services import GoalService, demo
            from goaltui.storage.paths import DbUrl
            from tests.postgres import admin_connect, with_database

            name = f"goaltui_{kind}_{self.tag}"
            with admin_connect(self.server) as con:
                con.execute(f'CREATE DATABASE "{name}"')
            self.made[kind] = name
            url = with_database(self.server, name)
            svc = GoalService.open(DbUrl(url, url), FixedClock(TODAY))
            try:
                if kind == "demo":
                    demo.load(svc)
            finally:
                svc.close()
        return self.made[kind]

    @contextmanager
    def copy(self, kind: str) -> Iterator[str]:
        """The URL of a database like the template ``kind``, for one test."""
        from tests.postgres import admin_connect, with_database

        if kind == "schema" and self.spare:
            name = self.spare.pop()
        else:
            template = self.template(kind)
            name = f"goaltui_t_{uuid.uuid4().hex[:12]}"
            with admin_connect(self.server) as con:
                con.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        url = with_database(self.server, name)
        try:
            yield url
        finally:
            if kind == "schema" and self._emptied(url):
                self.spare.append(name)
            else:
                with admin_connect(self.server) as con:
                    con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    @staticmethod
    def _emptied(url: str) -> bool:
        """Empty every table of ``url`` but the schema's version and restart its ids;
        False if that cannot be done, or the test changed which tables there are."""
        import psycopg

        from goaltui.storage.files import HEAD_REVISION, VERSION_TABLE
        from tests.postgres import admin_connect

        try:
            with admin_connect(url) as con:
                con.execute("SET lock_timeout = '1s'")  # a connection a test left open
                names = {
                    name
                    for (name,) in con.execute(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                    )
                }
                if VERSION_TABLE not in names:
                    return False
                version = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
                if version != [(HEAD_REVISION,)]:
                    return False
                tables = [f'"{name}"' for name in sorted(names - {VERSION_TABLE})]
                if tables:
                    con.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        except psycopg.Error:
            return False
        return True

    def drop(self) -> None:
        from tests.postgres import admin_connect

        with admin_connect(self.server) as con:
            for name in [*self.spare, *self.made.values()]:
                con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def pg_templates():
    """This process's template databases (skips the test without a PostgreSQL server)."""
    from tests.postgres import server_url

    templates = PgTemplates(server_url())
    yield templates
    templates.drop()


@pytest.fixture
def location(request, db_engine, db_path):
    """Where the test's database is: ``db_path``, or a new PostgreSQL database.

    The PostgreSQL database already has goaltui's (empty) tables, as a file
    has them once a service opened it; for a test of ``demo_service`` it holds
    the demo goals already (a copy of a template: loading them takes longer).
    """
    if db_engine == "sqlite":
        yield db_path
        return
    from goaltui.storage.paths import DbUrl

    kind = "demo" if "demo_service" in request.fixturenames else "schema"
    with request.getfixturevalue("pg_templates").copy(kind) as url:
        yield DbUrl(url, url)


@pytest.fixture
def db_arg(location) -> str:
    """The test's database as ``--db`` takes it: a file's path or a URL."""
    return getattr(location, "url", None) or str(location)


@pytest.fixture
def demo_db_arg(request, db_engine, db_path) -> Iterator[str]:
    """``--db`` of a closed database holding the demo goals (dated 2026-11-22), on either engine."""
    if db_engine == "sqlite":
        from tests._files import make_goaltui_db

        make_goaltui_db(db_path)
        yield str(db_path)
        return
    with request.getfixturevalue("pg_templates").copy("demo") as url:
        yield url


@pytest.fixture
def service(location, clock):
    from goaltui.services import GoalService

    svc = GoalService.open(location, clock)
    yield svc
    svc.close()


@pytest.fixture
def demo_service(service, db_engine):
    """``service`` holding the demo goals, as ``goaltui demo`` loads them on 2026-11-22."""
    from goaltui.services import demo

    if db_engine == "sqlite":  # on PostgreSQL, ``location`` copied them already
        demo.load(service)
    return service


def _as_sqlite_gives(value):
    """A value as sqlite3 reads it from goaltui's file: days and moments as text, flags as 0/1."""
    from datetime import datetime

    if isinstance(value, datetime):
        return value.isoformat(" ", timespec="microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


@pytest.fixture
def query(location):
    """``query(sql, **params)``: the rows of one SQL statement on the test's database.

    For looking behind the repository on either engine: ``:name`` parameters,
    rows as tuples with days and moments as ISO text and flags as 0/1 (as
    sqlite3 gives them from the file). Writes are committed.
    """
    from sqlalchemy import create_engine, text

    from goaltui.storage.paths import DbUrl

    url = location.url if isinstance(location, DbUrl) else f"sqlite:///{location}"
    engine = create_engine(url)

    def run(sql: str, **params) -> list[tuple]:
        with engine.begin() as con:
            result = con.execute(text(sql), params)
            if not result.returns_rows:
                return []
            return [tuple(_as_sqlite_gives(v) for v in row) for row in result]

    yield run
    engine.dispose()
