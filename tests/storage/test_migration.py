"""Schema 1 to the current one: every row kept, a backup first, links and integrity intact."""

from __future__ import annotations

import os
import random
import sqlite3
import stat
from datetime import date, datetime, timedelta

import pytest

from goaltui.storage.db import APPLICATION_ID, SCHEMA_VERSION, StoreError, open_engine
from goaltui.storage.migrations import SCHEMA_V1
from tests._files import sidecars

TABLES = ("goal", "kpi", "measurement", "milestone", "step", "checkin", "review", "revision")
STATUSES = ("draft", "active", "paused", "achieved", "missed", "abandoned")


def build_v1(path, seed: int = 1) -> dict[str, int]:
    """A schema-1 file with goals and children in every table; returns counts per table."""
    rng = random.Random(seed)
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_V1)
    con.execute("PRAGMA foreign_keys = ON")
    start = date(2026, 1, 1)
    stamp = datetime(2026, 1, 1, 9, 0).isoformat(sep=" ")
    ids = {t: 0 for t in TABLES}

    def nxt(table):
        ids[table] += 1
        return ids[table]

    goals = []
    for g in range(12):
        gid = nxt("goal")
        parent = goals[rng.randrange(len(goals))] if goals and g % 3 else None
        con.execute(
            "INSERT INTO goal VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                gid,
                parent,
                f"Goal {g} – ünïcødé ✔ '\"",
                f"desc {g}",
                f"why {g}",
                start.isoformat(),
                (start + timedelta(days=200 + g)).isoformat() if g % 4 else None,
                rng.choice([None, 1, 5, 10]),
                "res",
                STATUSES[g % len(STATUSES)],
                g % 5 == 0,
                stamp,
                stamp,
            ),
        )
        goals.append(gid)
        for k in range(2):
            kid = nxt("kpi")
            con.execute(
                "INSERT INTO kpi VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    kid,
                    gid,
                    f"KPI {g}.{k}",
                    "%",
                    1.5 * k,
                    100.25,
                    "increase",
                    ("daily", "weekly", "monthly")[k % 3],
                    ("last", "sum", "mean")[g % 3],
                    "2026-03-01" if k else None,
                    12.5 if k else None,
                ),
            )
            for _ in range(12):
                con.execute(
                    "INSERT INTO measurement VALUES (?,?,?,?,?,?)",
                    (
                        nxt("measurement"),
                        kid,
                        (start + timedelta(days=rng.randrange(300))).isoformat(),
                        rng.uniform(-1e6, 1e6),
                        rng.choice(["", "note", "ñ\nline"]),
                        stamp,
                    ),
                )
        for m in range(2):
            mid = nxt("milestone")
            con.execute(
                "INSERT INTO milestone VALUES (?,?,?,?,?,?)",
                (
                    mid,
                    gid,
                    f"MS {g}.{m}",
                    (start + timedelta(days=30 * (m + 1))).isoformat(),
                    "2026-02-01" if m == 0 else None,
                    m,
                ),
            )
            for s in range(3):
                con.execute(
                    "INSERT INTO step VALUES (?,?,?,?,?)",
                    (
                        nxt("step"),
                        mid,
                        f"Step {g}.{m}.{s}",
                        (start + timedelta(days=10 * s)).isoformat() if s else None,
                        None,
                    ),
                )
        for c in range(4):
            con.execute(
                "INSERT INTO checkin VALUES (?,?,?,?,?,?,?)",
                (
                    nxt("checkin"),
                    gid,
                    (start + timedelta(days=c)).isoformat(),
                    rng.choice([None, 3, 9]),
                    "w",
                    "o",
                    "n",
                ),
            )
        con.execute(
            "INSERT INTO review VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                nxt("review"),
                gid if g % 2 else None,
                "weekly",
                "2026-01-01",
                "2026-01-07",
                "a",
                "b",
                "c",
                "d",
                3,
                None,
                stamp,
            ),
        )
        for r in range(3):
            con.execute(
                "INSERT INTO revision VALUES (?,?,?,?,?,?,?,?,?)",
                (
                    nxt("revision"),
                    gid,
                    "kpi",
                    ids["kpi"],
                    "target",
                    "90",
                    str(80 + r),
                    f"reason {r}",
                    stamp,
                ),
            )
    con.commit()
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    con.close()
    return dict(ids)


def read_rows(path, tables=TABLES, columns_of=None):
    con = sqlite3.connect(path)
    try:
        out = {}
        for t in tables:
            cols = columns_of[t] if columns_of else None
            select = ", ".join(cols) if cols else "*"
            out[t] = con.execute(f"SELECT {select} FROM {t} ORDER BY id").fetchall()
        return out
    finally:
        con.close()


def columns(path) -> dict[str, list[str]]:
    con = sqlite3.connect(path)
    try:
        return {t: [r[1] for r in con.execute(f"PRAGMA table_info({t})")] for t in TABLES}
    finally:
        con.close()


def pragma(path, name):
    con = sqlite3.connect(path)
    try:
        return con.execute(f"PRAGMA {name}").fetchall()
    finally:
        con.close()


def backups(path):
    return sorted(p for p in path.parent.iterdir() if p.name.startswith(path.name + ".v1-"))


def test_migration_keeps_every_row(tmp_path):
    path = tmp_path / "old.db"
    counts = build_v1(path)
    assert sum(counts.values()) > 500
    v1_columns = columns(path)
    before = read_rows(path)

    engine = open_engine(path)
    engine.dispose()

    assert pragma(path, "user_version") == [(SCHEMA_VERSION,)] == [(6,)]
    assert pragma(path, "application_id") == [(APPLICATION_ID,)]
    assert pragma(path, "foreign_key_check") == []
    assert pragma(path, "integrity_check") == [("ok",)]
    after_columns = columns(path)
    assert "weight" in after_columns["goal"]
    after = read_rows(path, columns_of=v1_columns)  # the old columns, by name
    for t in TABLES:
        assert len(after[t]) == counts[t], t
        assert after[t] == before[t], t
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT DISTINCT weight FROM goal").fetchall() == [(1.0,)]
        # goals 3 and 9 were paused: each gets an open pause from its last change
        assert con.execute('SELECT goal_id, start, "end" FROM pause ORDER BY id').fetchall() == [
            (3, "2026-01-01", None),
            (9, "2026-01-01", None),
        ]
        # the rebuilt goal table still enforces its links and checks
        con.execute("PRAGMA foreign_keys = ON")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute("UPDATE goal SET status = 'bogus' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError):
            con.execute(
                "INSERT INTO kpi (goal_id, name, unit, baseline, target, kind, cadence,"
                " aggregation) VALUES (999, 'x', '', 0, 1, 'increase', 'daily', 'last')"
            )
        # deleting a migrated goal still cascades (the foreign keys survived the rebuild)
        con.execute("DELETE FROM goal WHERE id = 12")
        assert con.execute("SELECT count(*) FROM kpi WHERE goal_id = 12").fetchone() == (0,)
        con.rollback()
    finally:
        con.close()

    (bak,) = backups(path)
    assert bak.name.endswith(".bak")
    assert stat.S_IMODE(os.stat(bak).st_mode) == 0o600
    assert pragma(bak, "user_version") == [(1,)]
    assert pragma(bak, "integrity_check") == [("ok",)]
    assert columns(bak) == v1_columns
    assert read_rows(bak) == before


def test_migrated_file_works_through_the_service(tmp_path, clock):
    from goaltui.services import GoalService

    path = tmp_path / "old.db"
    counts = build_v1(path, seed=2)
    svc = GoalService.open(path, clock)
    try:
        assert len(svc.goals()) == counts["goal"]
        assert svc.repo.measurement_count() == counts["measurement"]
        assert len(svc.summaries(include_archived=True)) == counts["goal"]
        k = svc.repo.kpis()[0]
        svc.record(k, 1.0)
        assert svc.repo.measurement_count() == counts["measurement"] + 1
    finally:
        svc.close()
    # opening again neither migrates nor backs up a second time
    before = len(backups(path))
    GoalService.open(path, clock).close()
    assert len(backups(path)) == before == 1


def test_bad_values_of_schema_1_are_made_valid(tmp_path):
    path = tmp_path / "old.db"
    build_v1(path)
    con = sqlite3.connect(path)
    con.execute("UPDATE goal SET confidence = 42, status = 'someday' WHERE id = 1")
    con.commit()
    con.close()
    open_engine(path).dispose()
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT confidence, status FROM goal WHERE id = 1").fetchone() == (
            None,
            "active",
        )
    finally:
        con.close()


def test_failed_migration_changes_nothing(tmp_path):
    """A dangling link in the old file: the migration refuses and rolls back."""
    path = tmp_path / "old.db"
    build_v1(path)
    con = sqlite3.connect(path)  # foreign keys off: a dangling KPI can be written
    con.execute(
        "INSERT INTO kpi (id, goal_id, name, unit, baseline, target, kind, cadence, aggregation)"
        " VALUES (9999, 4242, 'orphan', '', 0, 1, 'increase', 'daily', 'last')"
    )
    con.commit()
    con.close()
    before = read_rows(path)
    with pytest.raises(StoreError, match="links"):
        open_engine(path).dispose()
    assert sidecars(path) == []
    assert pragma(path, "user_version") == [(1,)]
    assert read_rows(path) == before
    assert "weight" not in columns(path)["goal"]
    assert pragma(path, "table_list(pause)") == []
    assert len(backups(path)) == 1
