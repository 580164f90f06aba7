"""A database written by an older schema stays readable by every later goaltui.

``fixtures/schema-2.db``, ``schema-3.db`` and ``schema-4.db`` are committed and never
regenerated: when the schema changes, these tests prove the migration keeps
every row of a real file.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from goaltui.storage.db import SCHEMA_VERSION, open_engine

FIXTURES = Path(__file__).parent / "fixtures"
TABLES = ("goal", "kpi", "measurement", "milestone", "step", "checkin", "review", "revision")


def rows(path: Path, tables: tuple[str, ...] = TABLES) -> dict[str, list[tuple]]:
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables}
    finally:
        con.close()


def layout(path: Path) -> dict[str, str]:
    """Every table's and index's SQL, by name.

    A renamed table's name comes back quoted (``CREATE TABLE "goal"``): the same table.
    """
    con = sqlite3.connect(path)
    try:
        found = con.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL")
        return {name: " ".join(sql.replace(f'"{name}"', name).split()) for name, sql in found}
    finally:
        con.close()


@pytest.mark.parametrize("fixture", ["schema-2.db", "schema-3.db", "schema-4.db"])
def test_fixture_opens_and_keeps_every_row(tmp_path, fixture):
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / fixture, copy)
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


@pytest.mark.parametrize("fixture", ["schema-2.db", "schema-3.db", "schema-4.db"])
def test_a_migrated_file_is_laid_out_like_a_new_one(tmp_path, fixture):
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / fixture, copy)
    open_engine(copy).dispose()
    new = tmp_path / "new.db"
    open_engine(new).dispose()
    assert layout(copy) == layout(new)


def test_schema_3_keeps_its_pauses_and_the_new_fields_start_empty(tmp_path):
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema-3.db", copy)
    pauses = rows(copy, ("pause",))["pause"]
    assert pauses == [(1, 6, "2026-10-01", "2026-10-15"), (2, 6, "2026-11-20", None)]
    open_engine(copy).dispose()
    assert rows(copy, ("pause",))["pause"] == pauses
    con = sqlite3.connect(copy)
    try:
        assert con.execute("SELECT DISTINCT partner FROM goal").fetchall() == [("",)]
        assert con.execute("SELECT count(*) FROM kpi WHERE high IS NOT NULL").fetchone() == (0,)
        checkpoints = "SELECT count(*) FROM milestone WHERE coalesce(kpi_id, kpi_value) IS NOT NULL"
        assert con.execute(checkpoints).fetchone() == (0,)
        assert con.execute("SELECT DISTINCT importance FROM step").fetchall() == [("normal",)]
        assert con.execute("SELECT count(*) FROM obstacle").fetchone() == (0,)
        met = "SELECT count(*) FROM checkin WHERE obstacle_id IS NOT NULL"
        assert con.execute(met).fetchone() == (0,)
        # the new checks and links hold on the migrated tables
        con.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("UPDATE step SET importance = 'urgent' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("UPDATE milestone SET kpi_id = 999 WHERE id = 1")
        con.execute("UPDATE milestone SET kpi_id = 1 WHERE id = 1")
        con.execute("DELETE FROM kpi WHERE id = 1")  # a checkpoint's KPI goes: the milestone stays
        assert con.execute("SELECT kpi_id FROM milestone WHERE id = 1").fetchone() == (None,)
        con.rollback()
    finally:
        con.close()


def test_schema_4_gains_an_empty_journal_and_undoes_what_is_changed_after(tmp_path):
    copy = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema-4.db", copy)
    before = rows(copy)
    from goaltui.services import GoalService

    svc = GoalService.open(copy)
    try:
        assert svc.undo_service.changes() == []
        assert all(not r.undone for r in svc.repo.revisions())
        goal = svc.goals()[0]
        svc.delete_goal(goal.id)
        assert rows(copy) != before
        svc.undo_service.undo()
    finally:
        svc.close()
    # Every row is back as it was; revisions gained their "undone" flag, not set.
    revisions = [(*r, 0) for r in before.pop("revision")]
    assert rows(copy) == {**before, "revision": revisions}
