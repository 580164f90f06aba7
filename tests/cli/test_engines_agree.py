"""SQLite and PostgreSQL give the same answers: the demo's commands, and a JSON export
carried from one engine to the other and back, byte for byte."""

from __future__ import annotations

import pytest

from tests.cli.helpers import cli, cli_at

pytestmark = pytest.mark.postgres

COMMANDS = [
    ["list"],
    ["list", "--kpis", "--all"],
    ["due"],
    ["due", "--format", "json"],
    ["remind"],
    ["export", "markdown"],
    ["export", "csv"],
    ["export", "json"],
    ["export", "ical"],
]


@pytest.fixture
def pg_empty(pg_templates):
    """The URL of a new PostgreSQL database with goaltui's empty tables."""
    with pg_templates.copy("schema") as url:
        yield url


@pytest.fixture
def pg_demo(pg_templates):
    """The URL of a new PostgreSQL database holding the demo goals."""
    with pg_templates.copy("demo") as url:
        yield url


def test_every_command_prints_the_same_on_both_engines(capsys, clock, demo_db, pg_demo):
    for args in COMMANDS:
        on_sqlite = cli_at(capsys, clock, "--db", str(demo_db), *args)
        on_postgres = cli_at(capsys, clock, "--db", pg_demo, *args)
        assert on_sqlite.code == on_postgres.code == 0, (args, on_postgres.err)
        assert on_postgres.out == on_sqlite.out, args


def test_a_sqlite_export_imports_into_postgres_and_exports_back_identical(
    capsys, demo_db, pg_empty, tmp_path
):
    first, second = tmp_path / "from-sqlite.json", tmp_path / "from-postgres.json"
    assert cli(capsys, "--db", str(demo_db), "export", "json", "--out", str(first)).code == 0
    r = cli(capsys, "--db", pg_empty, "import", str(first))
    assert r.code == 0, r.err
    assert cli(capsys, "--db", pg_empty, "export", "json", "--out", str(second)).code == 0
    assert second.read_bytes() == first.read_bytes()


def test_a_postgres_export_imports_into_sqlite_and_exports_back_identical(
    capsys, pg_demo, tmp_path
):
    first, second = tmp_path / "from-postgres.json", tmp_path / "from-sqlite.json"
    db = tmp_path / "copy.db"
    assert cli(capsys, "--db", pg_demo, "export", "json", "--out", str(first)).code == 0
    r = cli(capsys, "--db", str(db), "import", str(first))
    assert r.code == 0, r.err
    assert cli(capsys, "--db", str(db), "export", "json", "--out", str(second)).code == 0
    assert second.read_bytes() == first.read_bytes()


def test_ids_after_an_import_into_postgres_are_new(capsys, clock, demo_db, pg_empty, tmp_path):
    """The import brought its ids; the next value recorded gets one of its own."""
    out = tmp_path / "demo.json"
    assert cli(capsys, "--db", str(demo_db), "export", "json", "--out", str(out)).code == 0
    assert cli(capsys, "--db", pg_empty, "import", str(out)).code == 0
    for db in (str(demo_db), pg_empty):
        r = cli_at(capsys, clock, "--db", db, "checkin", "Defect rate", "2.5")
        assert r.code == 0, r.err
    on_sqlite = cli_at(capsys, clock, "--db", str(demo_db), "export", "csv").out
    on_postgres = cli_at(capsys, clock, "--db", pg_empty, "export", "csv").out
    assert on_postgres == on_sqlite
