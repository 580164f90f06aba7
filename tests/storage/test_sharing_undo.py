"""Undo on a database of several people: each undoes only their own changes, and an
undone delete brings every row back to its owner, out of the others' sight."""

from __future__ import annotations

import pytest

from goaltui.domain.clock import FixedClock
from tests.postgres import admin_connect
from tests.storage.test_sharing_roles import open_as, two_people
from tests.storage.test_sharing_security import TODAY, make_goals, rows_of

pytestmark = pytest.mark.postgres


def owners(admin_url: str) -> set[str]:
    with admin_connect(admin_url) as con:
        return {
            r[0]
            for t in ("goal", "kpi", "measurement", "milestone", "step", "change", "change_entry")
            for r in con.execute(f"SELECT DISTINCT owner FROM {t}")
        }


def test_an_undone_delete_gives_every_row_back_to_its_owner(monkeypatch):
    with two_people() as people:
        shared, others = make_goals(people, monkeypatch)
        victim = others[1]
        before = rows_of(people.admin_url, [victim])
        svc = open_as(people.a, monkeypatch, FixedClock(TODAY))
        try:
            svc.delete_goal(victim)
            assert rows_of(people.admin_url, [victim])["goal"] == []
            svc.undo_service.undo()
        finally:
            svc.close()
        after = rows_of(people.admin_url, [victim])
        assert {t: after[t] for t in before if t not in ("change", "change_entry")} == {
            t: before[t] for t in before if t not in ("change", "change_entry")
        }
        assert owners(people.admin_url) == {people.a.role}
        # B has no change to undo, and A's journal is not B's to see.
        svc = open_as(people.b, monkeypatch, FixedClock(TODAY))
        try:
            assert svc.undo_service.changes() == []
            assert [g.id for g in svc.goals()] == [shared]
        finally:
            svc.close()
