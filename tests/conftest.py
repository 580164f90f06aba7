"""Fixtures shared by the storage and CLI tests.

goaltui modules are imported inside the fixtures, so a test module that does not
use them is not affected by an import problem elsewhere.

``service`` (and so ``demo_service``) runs each test that takes it twice: on a
SQLite file (``[sqlite]``) and on a fresh PostgreSQL database (``[postgres]``,
marked ``postgres``; skipped, saying why, without ``$GOALTUI_TEST_PG``). A test
about the SQLite file itself (its bytes, modes, pragmas, sqlite3 reads) carries
``@pytest.mark.sqlite_only`` and runs on SQLite alone. ``location`` is where the
test's database is (the file's path, or a :class:`~goaltui.storage.paths.DbUrl`),
to open a second service on the same data.
"""

from __future__ import annotations

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


#: Why a test marked ``undo_journal`` is expected to fail on PostgreSQL for now.
NO_UNDO_JOURNAL = "the undo journal is not kept on PostgreSQL yet"


def pytest_configure(config):
    config.addinivalue_line(
        "markers",
        "sqlite_only: about the SQLite file itself; the engine fixtures run it on SQLite alone",
    )
    config.addinivalue_line(
        "markers",
        f"undo_journal: reads the undo journal; expected to fail on PostgreSQL ({NO_UNDO_JOURNAL})",
    )


def pytest_generate_tests(metafunc):
    """Each test that uses ``db_engine`` once per engine (SQLite alone if ``sqlite_only``)."""
    if "db_engine" not in metafunc.fixturenames:
        return
    marker = metafunc.definition.get_closest_marker
    params = [ENGINES["sqlite"]]
    if not marker("sqlite_only"):
        postgres = ENGINES["postgres"]
        if marker("undo_journal"):
            xfail = pytest.mark.xfail(reason=NO_UNDO_JOURNAL, strict=False)
            postgres = pytest.param("postgres", id="postgres", marks=[*postgres.marks, xfail])
        params.append(postgres)
    metafunc.parametrize("db_engine", params, indirect=True, scope="function")


@pytest.fixture
def db_engine(request) -> str:
    """The engine the test runs on: ``"sqlite"`` or ``"postgres"``."""
    return request.param


@pytest.fixture
def location(db_engine, db_path):
    """Where the test's database is: ``db_path``, or a new empty PostgreSQL database."""
    if db_engine == "sqlite":
        yield db_path
        return
    from goaltui.storage.paths import DbUrl
    from tests.postgres import fresh_database

    with fresh_database() as url:
        yield DbUrl(url, url)


@pytest.fixture
def service(location, clock):
    from goaltui.services import GoalService

    svc = GoalService.open(location, clock)
    yield svc
    svc.close()


@pytest.fixture
def demo_service(service):
    from goaltui.services import demo

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
