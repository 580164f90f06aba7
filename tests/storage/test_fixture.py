"""A database written by this schema version stays readable by every later goaltui.

``fixtures/schema-2.db`` is committed and never regenerated: when the schema
changes, this test proves the migration keeps every row of a real file.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from goaltui.storage.db import SCHEMA_VERSION, open_engine

FIXTURE = Path(__file__).parent / "fixtures" / "schema-2.db"
TABLES = ("goal", "kpi", "measurement", "milestone", "step", "checkin", "review", "revision")


def rows(path: Path) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in TABLES}
    finally:
        con.close()


def test_fixture_opens_and_keeps_every_row(tmp_path):
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, copy)
    before = rows(copy)
    assert sum(len(v) for v in before.values()) > 100
    engine = open_engine(copy)
    engine.dispose()
    after = rows(copy)
    for table in TABLES:
        assert len(after[table]) == len(before[table]), table
        # Columns may be added by later schemas; the old ones keep their values.
        for old, new in zip(before[table], after[table], strict=True):
            assert new[: len(old)] == old or set(old) <= set(new), table
    con = sqlite3.connect(copy)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()
