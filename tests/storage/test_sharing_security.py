"""The server, not goaltui, keeps each person's goals to themselves.

A makes goals through goaltui and shares one with B. B then connects with
plain psycopg, bypassing goaltui entirely, and can read and change nothing of
A's other goals, in any table; can read the shared goal and everything under
it; and can change none of it. Unsharing takes the access back at once.
"""

from __future__ import annotations

from datetime import date, timedelta

import psycopg
import pytest

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus
from goaltui.services import demo
from goaltui.storage.pg_access import OWNED_TABLES, PARENTS
from tests.postgres import admin_connect
from tests.storage.test_sharing_roles import People, open_as, two_people

pytestmark = pytest.mark.postgres

TODAY = date(2026, 11, 22)
SHARED = "Increase website traffic"


def rows_query(table: str) -> str:
    """The ids of ``table``'s rows under the goal %(goal)s."""
    parent = PARENTS[table]
    if parent is None:
        return "SELECT id FROM goal WHERE id = %(goal)s"
    column, via = parent
    if via == "goal":
        return f"SELECT id FROM {table} WHERE {column} = %(goal)s"
    return (
        f"SELECT id FROM {table} WHERE {column} IN (SELECT id FROM {via} WHERE goal_id = %(goal)s)"
    )


def make_goals(people: People, monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[int]]:
    """A's demo goals through goaltui, with a revision and a pause (it stays paused)
    on the shared one and an unshared one, and a change in the journal; the shared
    goal is shared with B.

    Returns (the shared goal's id, the ids of A's other goals).
    """
    svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
    try:
        demo.load(svc)
        goals = {g.title: g.id for g in svc.goals()}
        shared = next(i for t, i in goals.items() if t.startswith(SHARED))
        other = next(i for t, i in goals.items() if t.startswith("Reduce the product"))
        for goal_id in (shared, other):
            deadline = svc.goal(goal_id).deadline
            assert deadline is not None
            svc.edit_goal(goal_id, {"deadline": deadline + timedelta(days=7)}, reason="later")
            svc.set_status(goal_id, GoalStatus.PAUSED)
        svc.sharing_service.share(shared, people.b.role)
    finally:
        svc.close()
    with people.a.connect() as con:  # the undo journal's tables hold A's rows too
        change = con.execute(
            "INSERT INTO change (origin, label, summary, at, mark) "
            "VALUES ('cli', 'x', '', now(), 0) RETURNING id"
        ).fetchone()[0]
        con.execute(
            "INSERT INTO change_entry (change_id, tbl, row_id, op, statement) "
            "VALUES (%s, 'goal', 1, 'update', 'SELECT 1')",
            (change,),
        )
    return shared, [i for i in goals.values() if i != shared]


def rows_of(admin_url: str, goal_ids: list[int]) -> dict[str, list[int]]:
    """Each table's row ids under ``goal_ids`` (and every journal row), as the admin sees them."""
    out: dict[str, list[int]] = {}
    with admin_connect(admin_url) as con:
        for table in PARENTS:
            query = rows_query(table)
            out[table] = sorted(
                r[0] for goal in goal_ids for r in con.execute(query, {"goal": goal})
            )
        out["change"] = [r[0] for r in con.execute("SELECT id FROM change")]
        out["change_entry"] = [r[0] for r in con.execute("SELECT seq FROM change_entry")]
    return out


def key(table: str) -> str:
    return "seq" if table == "change_entry" else "id"


def a_row(admin_url: str, table: str, row_id: int) -> dict:
    with admin_connect(admin_url) as con, con.cursor(row_factory=psycopg.rows.dict_row) as cur:
        row = cur.execute(f"SELECT * FROM {table} WHERE {key(table)} = %s", (row_id,)).fetchone()
    row.pop(key(table))
    return row


def insert(con, table: str, row: dict) -> None:
    cols = ", ".join(f'"{c}"' for c in row)
    marks = ", ".join(["%s"] * len(row))
    con.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


def refused(con, table: str, row: dict) -> bool:
    try:
        insert(con, table, row)
    except psycopg.errors.InsufficientPrivilege:
        return True
    return False


def test_b_can_neither_read_nor_change_a_row_of_as_unshared_goals(monkeypatch):
    with two_people() as people:
        _, others = make_goals(people, monkeypatch)
        hidden = rows_of(people.admin_url, others)
        assert [t for t in OWNED_TABLES if not hidden[t]] == [], hidden  # every table is tried
        with people.b.connect() as b:
            for table in OWNED_TABLES:
                ids = hidden[table]
                where = f"WHERE {key(table)} = ANY(%s)"
                assert b.execute(f"SELECT count(*) FROM {table} {where}", (ids,)).fetchone() == (
                    0,
                ), table
                done = b.execute(f"UPDATE {table} SET owner = owner {where}", (ids,))
                assert done.rowcount == 0, table
                assert b.execute(f"DELETE FROM {table} {where}", (ids,)).rowcount == 0, table
                row = a_row(people.admin_url, table, ids[0])
                assert refused(b, table, row), table  # a row in A's name
                if table != "goal" and table not in ("change", "change_entry"):
                    row.pop("owner")
                    assert refused(b, table, row), table  # B's row under A's goal
        assert rows_of(people.admin_url, others) == hidden


def test_b_reads_the_shared_goal_and_all_under_it_and_changes_none_of_it(monkeypatch):
    with two_people() as people:
        shared, _ = make_goals(people, monkeypatch)
        seen = rows_of(people.admin_url, [shared])
        assert all(seen[t] for t in PARENTS), seen  # every table has rows to read
        with people.b.connect() as b:
            for table in PARENTS:
                ids = seen[table]
                got = sorted(r[0] for r in b.execute(f"SELECT id FROM {table}"))
                assert got == ids, table  # exactly the shared goal's rows
                assert b.execute(f"UPDATE {table} SET owner = owner").rowcount == 0, table
                assert b.execute(f"DELETE FROM {table}").rowcount == 0, table
                row = a_row(people.admin_url, table, ids[0])
                assert refused(b, table, row), table
            # B cannot pass the goal on, nor take a share away from A.
            assert refused(b, "goal_share", {"goal_id": shared, "grantee": people.b.role})
            assert b.execute("DELETE FROM goal_share").rowcount == 0
            # B's own goal cannot hang under A's.
            goal = a_row(people.admin_url, "goal", shared)
            goal.pop("owner")
            goal["parent_id"] = shared
            assert refused(b, "goal", goal)
        assert rows_of(people.admin_url, [shared]) == seen

        svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
        try:
            svc.sharing_service.unshare(shared, people.b.role)
        finally:
            svc.close()
        with people.b.connect() as b:
            for table in PARENTS:
                assert b.execute(f"SELECT count(*) FROM {table}").fetchone() == (0,), table


def test_goaltui_as_b_knows_whose_goal_is_whose(monkeypatch):
    with two_people() as people:
        shared, _ = make_goals(people, monkeypatch)
        svc = open_as(people.b, monkeypatch, FixedClock(TODAY))
        try:
            assert [g.id for g in svc.goals()] == [shared]
            sharing = svc.sharing_service
            assert sharing.me() == people.b.role
            assert sharing.shared_with_me() == {shared: people.a.role}
            line = sharing.read_only_reason(shared)
            assert line == (
                f"{people.a.role} shared this goal with you to read; "
                f"only {people.a.role} can change it"
            )
        finally:
            svc.close()
        svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
        try:
            assert svc.sharing_service.shared_with_me() == {}
            assert svc.sharing_service.grantees(shared) == [people.b.role]
        finally:
            svc.close()


def test_a_grantee_reads_through_the_indexes_not_everyones_rows():
    with two_people() as people:
        with people.a.connect() as a:
            a.execute(
                "INSERT INTO goal (title, description, why, start, confidence, resources, "
                "status, archived, weight, created_at, updated_at, partner) "
                "SELECT 'g' || i, '', '', '2026-01-01', NULL, '', 'active', false, 1, now(), "
                "now(), '' FROM generate_series(1, 200) i"
            )
            a.execute(
                "INSERT INTO kpi (goal_id, name, unit, baseline, target, kind, cadence, "
                "aggregation) SELECT id, 'k', '', 0, 1, 'increase', 'weekly', 'last' FROM goal"
            )
            a.execute(
                "INSERT INTO measurement (kpi_id, day, value, note, created_at) "
                "SELECT k.id, '2026-01-01'::date + i, i, '', now() "
                "FROM kpi k, generate_series(1, 200) i"
            )
            goal = a.execute("SELECT min(id) FROM goal").fetchone()[0]
            a.execute(
                "INSERT INTO goal_share (goal_id, grantee) VALUES (%s, %s)", (goal, people.b.role)
            )
        with admin_connect(people.admin_url) as con:
            con.execute("ANALYZE")
        with people.b.connect() as b:
            plan = "\n".join(r[0] for r in b.execute("EXPLAIN SELECT * FROM measurement"))
            assert b.execute("SELECT count(*) FROM measurement").fetchone() == (200,)
        assert "Seq Scan on measurement" not in plan, plan
        assert "ix_measurement_kpi_day" in plan and "ix_measurement_owner" in plan, plan
