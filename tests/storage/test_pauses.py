"""A goal's pauses as intervals: kept by status changes, migrated, exported and imported."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import date, datetime
from pathlib import Path

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus, Pause
from goaltui.services import GoalService
from goaltui.storage.repository import NotFound, PlanRows

FIXTURE = Path(__file__).parent / "fixtures" / "schema-2.db"

MAR_2 = date(2026, 3, 2)
MAR_10 = date(2026, 3, 10)
MAR_20 = date(2026, 3, 20)
APR_1 = date(2026, 4, 1)
APR_15 = date(2026, 4, 15)


def on(svc: GoalService, day: date) -> GoalService:
    svc.clock = FixedClock(day)
    return svc


def new_goal(svc: GoalService, title: str = "Run a marathon") -> int:
    goal = svc.create_goal(PlanRows(goal={"title": title, "start": date(2026, 1, 1)}))
    return goal.id


PAUSE_ROWS = 'SELECT id, goal_id, start, "end" FROM pause ORDER BY id'


def pause_rows(path: Path) -> list[tuple[int, int, str, str | None]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(PAUSE_ROWS).fetchall()
    finally:
        con.close()


# -- status changes through the service --------------------------------------------------


def test_pause_then_resume_records_one_interval(service, query):
    gid = new_goal(service)
    other = new_goal(service, "Read 20 books")

    goal = on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)
    assert goal.status == GoalStatus.PAUSED
    assert goal.updated_at == datetime(2026, 3, 2, 9, 0)
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, None)]}
    assert query(PAUSE_ROWS) == [(1, gid, "2026-03-02", None)]

    goal = on(service, MAR_20).set_status(gid, GoalStatus.ACTIVE)
    assert goal.status == GoalStatus.ACTIVE
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, MAR_20)]}
    assert query(PAUSE_ROWS) == [(1, gid, "2026-03-02", "2026-03-20")]
    # a goal never paused has no entry; asking for it alone gives nothing
    assert service.repo.pauses([other]) == {}
    assert service.repo.pauses([]) == {}


def test_two_pauses_in_start_order(service, query):
    gid = new_goal(service)
    other = new_goal(service, "Read 20 books")
    on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)
    on(service, MAR_10).set_status(other, GoalStatus.PAUSED)
    on(service, MAR_20).set_status(gid, GoalStatus.ACTIVE)
    on(service, APR_1).set_status(gid, GoalStatus.PAUSED)
    # leaving 'paused' for any status ends the pause, not only 'active'
    on(service, APR_15).set_status(gid, GoalStatus.ACHIEVED)

    assert service.repo.pauses([gid]) == {
        gid: [Pause(gid, MAR_2, MAR_20), Pause(gid, APR_1, APR_15)]
    }
    assert service.repo.pauses() == {
        gid: [Pause(gid, MAR_2, MAR_20), Pause(gid, APR_1, APR_15)],
        other: [Pause(other, MAR_10, None)],
    }
    assert query(PAUSE_ROWS) == [
        (1, gid, "2026-03-02", "2026-03-20"),
        (2, other, "2026-03-10", None),
        (3, gid, "2026-04-01", "2026-04-15"),
    ]
    assert service.goal(gid).status == GoalStatus.ACHIEVED


def test_editing_a_paused_goal_leaves_its_pause_alone(service, query):
    gid = new_goal(service)
    on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)

    goal = on(service, MAR_10).edit_goal(gid, {"title": "Run a half marathon"})
    assert goal.title == "Run a half marathon"
    assert goal.status == GoalStatus.PAUSED
    service.edit_goal(gid, {"deadline": date(2026, 12, 31)}, reason="knee injury")
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, None)]}

    # pausing a goal that is already paused opens nothing new
    on(service, MAR_20).set_status(gid, GoalStatus.PAUSED)
    assert query(PAUSE_ROWS) == [(1, gid, "2026-03-02", None)]


def test_same_day_changes_leave_no_broken_interval(service, query):
    gid = new_goal(service)
    # paused and resumed on one day: no day was paused, nothing is kept
    on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)
    service.set_status(gid, GoalStatus.PAUSED)
    service.set_status(gid, GoalStatus.ACTIVE)
    assert query(PAUSE_ROWS) == []
    assert service.repo.pauses() == {}

    # paused again on the day it was resumed: the same pause carries on
    service.set_status(gid, GoalStatus.PAUSED)
    on(service, MAR_10).set_status(gid, GoalStatus.ACTIVE)
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, MAR_10)]}
    service.set_status(gid, GoalStatus.PAUSED)
    on(service, MAR_20).set_status(gid, GoalStatus.ACTIVE)
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, MAR_20)]}
    assert [r[2:] for r in query(PAUSE_ROWS)] == [("2026-03-02", "2026-03-20")]


def test_final_review_postponed_pauses_the_goal(service):
    gid = new_goal(service)
    review = {
        "goal_id": gid,
        "kind": "final",
        "period_start": date(2026, 1, 1),
        "period_end": MAR_2,
    }
    on(service, MAR_2).add_review(**review, outcome="postponed")
    assert service.goal(gid).status == GoalStatus.PAUSED
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, None)]}

    on(service, APR_1).add_review(**{**review, "period_end": APR_1}, outcome="achieved")
    assert service.goal(gid).status == GoalStatus.ACHIEVED
    assert service.repo.pauses() == {gid: [Pause(gid, MAR_2, APR_1)]}


def test_status_of_a_deleted_goal_is_not_found(service, query):
    gid = new_goal(service)
    on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)
    service.delete_goal(gid)
    assert query(PAUSE_ROWS) == []  # the pause went with its goal
    with pytest.raises(NotFound):
        service.set_status(gid, GoalStatus.ACTIVE)
    assert query(PAUSE_ROWS) == []


def test_the_table_refuses_an_interval_that_ends_before_it_starts(service, query):
    gid = new_goal(service)
    with pytest.raises(NotFound):  # the repository reports a failed CHECK as NotFound
        service.repo.add("pause", goal_id=gid, start=MAR_10, end=MAR_10)
    with pytest.raises(NotFound):
        service.repo.add("pause", goal_id=gid, start=MAR_10, end=MAR_2)
    assert query(PAUSE_ROWS) == []


# -- migration from schema 2 ---------------------------------------------------------------


def test_migration_back_fills_an_open_pause_per_paused_goal(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    con = sqlite3.connect(path)
    con.execute(
        "UPDATE goal SET status = 'paused', updated_at = '2026-09-14 17:45:12.000000' WHERE id = 3"
    )
    con.execute(
        "UPDATE goal SET status = 'paused', updated_at = '2026-10-01 00:00:00.000000' WHERE id = 5"
    )
    con.commit()
    assert con.execute("PRAGMA user_version").fetchone() == (2,)
    con.close()

    svc = GoalService.open(path, FixedClock(date(2026, 11, 22)))
    try:
        assert svc.repo.pauses() == {
            3: [Pause(3, date(2026, 9, 14), None)],
            5: [Pause(5, date(2026, 10, 1), None)],
        }
        # the migrated pause is ended like any other
        svc.set_status(3, GoalStatus.ACTIVE)
        assert svc.repo.pauses([3]) == {3: [Pause(3, date(2026, 9, 14), date(2026, 11, 22))]}
    finally:
        svc.close()
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA user_version").fetchone() == (6,)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        indexes = con.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'pause'")
        assert {name for (name,) in indexes} >= {"ix_pause_goal"}
    finally:
        con.close()
    (backup,) = [p for p in tmp_path.iterdir() if p.name.startswith("old.db.v2-")]
    con = sqlite3.connect(backup)
    try:
        assert con.execute("PRAGMA user_version").fetchone() == (2,)
        assert con.execute("PRAGMA table_list(pause)").fetchall() == []
    finally:
        con.close()


def test_migrated_fixture_without_paused_goals_has_no_pauses(tmp_path):
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    svc = GoalService.open(path, FixedClock(date(2026, 11, 22)))
    try:
        assert svc.repo.pauses() == {}
        assert len(svc.goals()) == 7
    finally:
        svc.close()
    assert pause_rows(path) == []


# -- export and import ---------------------------------------------------------------------


@pytest.fixture
def paused_twice(service):
    """Goal 1 paused from Mar 2 to Mar 20 and again since Apr 1; goal 2 never paused."""
    gid = new_goal(service)
    new_goal(service, "Read 20 books")
    on(service, MAR_2).set_status(gid, GoalStatus.PAUSED)
    on(service, MAR_20).set_status(gid, GoalStatus.ACTIVE)
    on(service, APR_1).set_status(gid, GoalStatus.PAUSED)
    return service


def test_export_import_round_trip_keeps_pauses(paused_twice, tmp_path):
    from goaltui.services.exchange import from_json, to_json

    doc = json.loads(json.dumps(to_json(paused_twice)))
    assert doc["tables"]["pause"] == [
        {"id": 1, "goal_id": 1, "start": "2026-03-02", "end": "2026-03-20"},
        {"id": 2, "goal_id": 1, "start": "2026-04-01", "end": None},
    ]
    fresh = GoalService.open(tmp_path / "fresh.db", FixedClock(APR_15))
    try:
        assert from_json(fresh, doc) == 2
        assert fresh.repo.pauses() == {
            1: [Pause(1, MAR_2, MAR_20), Pause(1, APR_1, None)],
        }
        assert fresh.repo.dump() == paused_twice.repo.dump()
        assert json.loads(json.dumps(to_json(fresh))) == doc
        # beside the goals already there: new ids, the pauses follow their goal
        assert from_json(fresh, doc) == 2
        assert fresh.repo.pauses([3, 4]) == {
            3: [Pause(3, MAR_2, MAR_20), Pause(3, APR_1, None)],
        }
        # and the imported pause ends like any other
        fresh.set_status(3, GoalStatus.ACTIVE)
        assert fresh.repo.pauses([3]) == {3: [Pause(3, MAR_2, MAR_20), Pause(3, APR_1, APR_15)]}
    finally:
        fresh.close()


def test_import_of_an_export_without_pauses(paused_twice, tmp_path):
    from goaltui.services.exchange import from_json, to_json

    doc = json.loads(json.dumps(to_json(paused_twice)))
    del doc["tables"]["pause"]
    goal = doc["tables"]["goal"][0]
    assert (goal["status"], goal["updated_at"]) == ("paused", "2026-04-01T09:00:00")
    fresh = GoalService.open(tmp_path / "fresh.db", FixedClock(APR_15))
    try:
        assert from_json(fresh, doc) == 2
        # as the migration does: an open pause from the day the goal last changed
        assert fresh.repo.pauses() == {1: [Pause(1, APR_1, None)]}
        assert fresh.goal(2).status == GoalStatus.ACTIVE
    finally:
        fresh.close()


def test_import_refuses_a_pause_that_ends_before_it_starts(paused_twice, tmp_path):
    from goaltui.services.exchange import ImportProblem, from_json, to_json

    doc = json.loads(json.dumps(to_json(paused_twice)))
    doc["tables"]["pause"][0]["end"] = "2026-03-01"
    fresh = GoalService.open(tmp_path / "fresh.db", FixedClock(APR_15))
    try:
        with pytest.raises(
            ImportProblem, match="pause 1, end: the pause ends on or before the day it starts"
        ):
            from_json(fresh, doc)
        assert fresh.repo.is_empty()
        assert fresh.repo.pauses() == {}
    finally:
        fresh.close()
