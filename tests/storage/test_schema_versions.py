"""Schema versions are Alembic revisions: stamped on new databases, run on old ones,
and a database of another program or of a newer goaltui is refused unchanged."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from goaltui.storage.db import StoreError, open_engine
from goaltui.storage.migrations import HEAD, SCHEMA_V1, VERSION_TABLE
from goaltui.storage.paths import DbUrl
from tests._files import sha256
from tests.postgres import admin_connect, fresh_database

FOLDER = Path(__file__).parents[2] / "goaltui" / "storage" / "schema_versions"


def layout(path: Path) -> list[tuple[str, str, str]]:
    """Every table and index with its SQL, as SQLite keeps it (whitespace and the
    quotes a renamed table gains aside)."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
        ).fetchall()
    finally:
        con.close()
    return [(t, n, " ".join(s.replace('"', "").split())) for t, n, s in rows]


def version_rows(path: Path) -> list[tuple[str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    finally:
        con.close()


def test_the_newest_revision_is_the_head_of_the_scripts():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(FOLDER))
    assert script.get_current_head() == HEAD == "0006"
    chain = [r.revision for r in script.walk_revisions()]
    assert chain == ["0006", "0005", "0004", "0003", "0002", "0001"]


def test_a_new_file_is_stamped_with_the_head(tmp_path):
    path = tmp_path / "new.db"
    open_engine(path).dispose()
    assert version_rows(path) == [("0006",)]


def test_every_revision_from_schema_1_lays_out_a_file_like_a_new_one(tmp_path):
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    con = sqlite3.connect(old)
    con.executescript(SCHEMA_V1)
    con.close()
    open_engine(old).dispose()
    open_engine(new).dispose()
    assert layout(old) == layout(new)
    assert version_rows(old) == [("0006",)]


def test_a_file_of_the_newest_schema_from_before_the_revisions_is_stamped_once(tmp_path):
    path = tmp_path / "goals.db"
    open_engine(path).dispose()
    con = sqlite3.connect(path)
    con.execute(f"DROP TABLE {VERSION_TABLE}")
    con.commit()
    con.close()
    open_engine(path).dispose()
    assert version_rows(path) == [("0006",)]
    digest = sha256(path)
    open_engine(path).dispose()
    assert sha256(path) == digest
    assert not list(tmp_path.glob("*.bak"))  # no upgrade, so no backup


@pytest.mark.postgres
def test_a_new_postgresql_database_gets_every_table_and_the_head():
    from goaltui.storage.tables import DATA_TABLES

    with fresh_database() as url:
        open_engine(DbUrl(url, url)).dispose()
        with admin_connect(url) as con:
            names = {
                r[0]
                for r in con.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                ).fetchall()
            }
            assert {t.__tablename__ for t in DATA_TABLES.values()} | {
                "change",
                VERSION_TABLE,
            } <= names
            rows = con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
            assert rows == [("0006",)]
        open_engine(DbUrl(url, url)).dispose()  # a second open changes nothing


def _tables_and_rows(url: str) -> list[tuple[str, int]]:
    with admin_connect(url) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            ).fetchall()
        ]
        return [(n, con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0]) for n in names]


@pytest.mark.postgres
def test_another_programs_postgresql_database_is_refused_unchanged():
    with fresh_database() as url:
        with admin_connect(url) as con:
            con.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)")
            con.execute("INSERT INTO invoices (total) VALUES (12.5)")
        before = _tables_and_rows(url)
        with pytest.raises(StoreError, match="holds another program's tables"):
            open_engine(DbUrl(url, url))
        assert _tables_and_rows(url) == before == [("invoices", 1)]


@pytest.mark.postgres
def test_a_postgresql_database_of_a_newer_goaltui_is_refused_unchanged():
    with fresh_database() as url:
        open_engine(DbUrl(url, url)).dispose()
        with admin_connect(url) as con:
            con.execute(f"UPDATE {VERSION_TABLE} SET version_num = '0099'")
        before = _tables_and_rows(url)
        with pytest.raises(StoreError, match=r"newer goaltui \(revision 0099"):
            open_engine(DbUrl(url, url))
        assert _tables_and_rows(url) == before


@pytest.mark.postgres
def test_an_empty_postgresql_database_is_not_created_by_a_reading_command():
    from goaltui.storage.db import StoreMissing

    with fresh_database() as url:
        with pytest.raises(StoreMissing):
            open_engine(DbUrl(url, url), create=False)
        assert _tables_and_rows(url) == []
