"""The journal undo reads: whose changes undo takes, redo's order, what is kept,
one change per labelled block, exact floats, and writes that are not journaled,
on both engines."""

from __future__ import annotations

import math
import random
import struct
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from goaltui.domain.changes import Origin, describe
from goaltui.services import GoalService, ServiceError
from goaltui.storage.repository import NotFound, PlanRows, labelled
from tests.storage.test_undo import ENGINES, Db, checkin, database, record

DEC_4 = date(2026, 12, 4)


def goal(svc: GoalService, title: str) -> int:
    return svc.create_goal(PlanRows(goal={"title": title, "start": date(2026, 11, 1)})).id


def titles(svc: GoalService) -> list[str]:
    return [g.title for g in svc.goals()]


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    with database(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def svc(db: Db) -> Iterator[GoalService]:
    s = db.open()
    try:
        yield s
    finally:
        s.close()


def test_each_side_undoes_its_own_newest_change_and_any_by_number(db: Db) -> None:
    tui = db.open(origin=Origin.TUI)
    cli = db.open()
    try:
        goal(tui, "Run")  # change 1
        goal(cli, "Read")  # change 2
        goal(tui, "Swim")  # change 3
        goal(cli, "Cook")  # change 4
        assert [(c.id, c.origin) for c in cli.undo_service.changes()] == [
            (4, Origin.CLI),
            (3, Origin.TUI),
            (2, Origin.CLI),
            (1, Origin.TUI),
        ]
        assert tui.undo_service.undo().id == 3
        assert titles(cli) == ["Run", "Read", "Cook"]
        assert cli.undo_service.undo().id == 4
        # By number, either side takes any change.
        assert cli.undo_service.undo(1).id == 1
        assert titles(tui) == ["Read"]
        with pytest.raises(
            ServiceError, match=r"^nothing changed in the dashboard is left to undo"
        ):
            tui.undo_service.undo()
        with pytest.raises(ServiceError, match=r"^change 3 is undone already$"):
            cli.undo_service.undo(3)
        with pytest.raises(ServiceError, match=r"^there is no change 9 to undo \(the last 100 "):
            cli.undo_service.undo(9)
        # Each side redoes its own.
        assert cli.undo_service.redo().id == 4
        assert titles(cli) == ["Read", "Cook"]
    finally:
        tui.close()
        cli.close()


def test_redo_takes_back_the_undos_in_reverse_order(svc: GoalService) -> None:
    gid = goal(svc, "Run")  # change 1
    svc.edit_goal(gid, {"title": "Run 5 km"})  # change 2
    svc.edit_goal(gid, {"title": "Run 10 km"})  # change 3, the same row as 2
    undo = svc.undo_service
    assert undo.undo().id == 3
    assert undo.undo().id == 2
    assert svc.goal(gid).title == "Run"
    assert undo.redo().id == 2
    assert svc.goal(gid).title == "Run 5 km"
    assert undo.redo().id == 3
    assert svc.goal(gid).title == "Run 10 km"
    with pytest.raises(ServiceError, match=r"^there is nothing to redo$"):
        undo.redo()
    # And once more, all the way down and up again.
    assert [undo.undo().id for _ in range(3)] == [3, 2, 1]
    assert svc.goals() == []
    assert [undo.redo().id for _ in range(3)] == [1, 2, 3]
    assert svc.goal(gid).title == "Run 10 km"


def test_redo_is_refused_when_the_other_side_changed_the_same_row(db: Db) -> None:
    tui = db.open(origin=Origin.TUI)
    cli = db.open()
    try:
        gid = goal(cli, "Run")  # change 1
        tui.edit_goal(gid, {"title": "Run 5 km"})  # change 2
        tui.undo_service.undo()
        cli.edit_goal(gid, {"title": "Run 8 km"})  # change 3
        with pytest.raises(ServiceError, match=r"^change 2 cannot be redone: change 3, made since"):
            tui.undo_service.redo()
        assert tui.goal(gid).title == "Run 8 km"
        # Undone in turn, the other side's change lets the dashboard's come back; then
        # the other side's own redo would undo it silently, and is refused.
        cli.undo_service.undo()
        assert tui.undo_service.redo().id == 2
        assert tui.goal(gid).title == "Run 5 km"
        with pytest.raises(ServiceError, match=r"^change 3 cannot be redone: change 2, made since"):
            cli.undo_service.redo()
        assert cli.goal(gid).title == "Run 5 km"
    finally:
        tui.close()
        cli.close()


def test_a_new_change_after_an_undo_leaves_nothing_to_redo(svc: GoalService) -> None:
    gid = goal(svc, "Run")
    svc.edit_goal(gid, {"title": "Run 5 km"})
    svc.undo_service.undo()
    svc.edit_goal(gid, {"why": "To sleep better"})
    with pytest.raises(ServiceError, match=r"^there is nothing to redo$"):
        svc.undo_service.redo()
    assert (svc.goal(gid).title, svc.goal(gid).why) == ("Run", "To sleep better")


def test_the_journal_keeps_the_last_100_changes(svc: GoalService, db: Db) -> None:
    gid = goal(svc, "Run")  # change 1
    for n in range(2, 106):  # changes 2 to 105
        svc.edit_goal(gid, {"title": f"Run {n} km"})
    # 105 made, 100 kept: 6 to 105.
    assert db.sql("SELECT count(*), min(id), max(id) FROM change") == [(100, 6, 105)]
    assert db.sql("SELECT count(*) FROM change_entry WHERE change_id < 6") == [(0,)]
    assert [c.id for c in svc.undo_service.changes()][::99] == [105, 6]
    with pytest.raises(ServiceError, match=r"^there is no change 5 to undo"):
        svc.undo_service.undo(5)
    assert svc.undo_service.undo().id == 105
    assert svc.goal(gid).title == "Run 104 km"


def test_a_change_older_than_30_days_is_let_go(svc: GoalService, db: Db) -> None:
    run = goal(svc, "Run")  # change 1
    goal(svc, "Read")  # change 2
    now = svc.clock.now()  # changes are dated by the service's clock
    old = (now - timedelta(days=31)).strftime("%Y-%m-%d %H:%M:%S.%f")
    recent = (now - timedelta(days=29)).strftime("%Y-%m-%d %H:%M:%S.%f")
    db.sql("UPDATE change SET at = ? WHERE id = 1", old)
    db.sql("UPDATE change SET at = ? WHERE id = 2", recent)
    assert [c.id for c in svc.undo_service.changes()] == [2, 1]
    # Any new change lets the old one go.
    svc.edit_goal(run, {"title": "Run 5 km"})
    assert [c.id for c in svc.undo_service.changes()] == [3, 2]
    assert db.sql("SELECT DISTINCT change_id FROM change_entry ORDER BY 1") == [(2,), (3,)]


def test_a_labelled_block_of_several_writes_is_one_change(svc: GoalService) -> None:
    with labelled("planning the spring"):
        run = goal(svc, "Run")
        goal(svc, "Swim")
        svc.edit_goal(run, {"title": "Run 10 km"})
    [change] = svc.undo_service.changes()
    # 2 goals added; the edit of one of them is not counted again.
    assert (change.label, change.summary) == ("planning the spring", "2 goals")
    assert len(svc.known_goals()) == 2
    svc.undo_service.undo()
    # What was kept for reuse is read again after an undo.
    assert svc.known_goals() == []
    svc.undo_service.redo()
    assert titles(svc) == ["Run 10 km", "Swim"]


def test_a_checkin_that_fails_leaves_no_change_behind(svc: GoalService, db: Db) -> None:
    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    changes = svc.undo_service.changes()
    before = db.sql("SELECT * FROM change_entry ORDER BY seq")
    with pytest.raises(NotFound, match="a step of this check-in was deleted"):
        checkin(svc, {kpi.id: 5.0}, steps_done=[999])
    assert svc.measurements(kpi.id) == []
    assert svc.undo_service.changes() == changes
    assert db.sql("SELECT * FROM change_entry ORDER BY seq") == before
    assert db.sql("SELECT count(*) FROM change_entry WHERE change_id IS NULL") == [(0,)]


def test_floats_come_back_bit_exact(svc: GoalService, db: Db) -> None:
    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    third = 1 / 3
    tricky = 0.1 + 0.2  # 0.30000000000000004, not 0.3
    checkin(svc, {kpi.id: tricky})
    record(svc, kpi, third, day=date(2026, 12, 3))
    ids = {m.value: m.id for m in svc.measurements(kpi.id)}
    for mid in ids.values():
        svc.kpi_service.delete_measurement(mid)
    assert svc.measurements(kpi.id) == []
    # A delete of one value is named by the row it took.
    last = svc.undo_service.undo()
    assert describe(last) == "deleting a KPI value (1 KPI value)"
    svc.undo_service.undo()
    values = [v for (v,) in db.sql("SELECT value FROM measurement ORDER BY id")]
    assert [v.hex() for v in values] == [tricky.hex(), third.hex()]
    assert values == [0.30000000000000004, 0.3333333333333333]
    assert values[0] != 0.3
    assert {m.value: m.id for m in svc.measurements(kpi.id)} == ids


def test_a_script_writing_with_the_engines_own_client_is_not_journaled(
    svc: GoalService, db: Db
) -> None:
    gid = goal(svc, "Run")
    entries = db.sql("SELECT * FROM change_entry ORDER BY seq")
    assert len(entries) == 1
    db.sql("UPDATE goal SET title = 'Run by hand' WHERE id = ?", gid)
    db.sql("DELETE FROM goal WHERE id = ?", gid)
    assert db.sql("SELECT * FROM change_entry ORDER BY seq") == entries
    assert [c.id for c in svc.undo_service.changes()] == [1]


def test_a_link_another_program_broke_stops_only_the_undo_that_needs_it(
    svc: GoalService, db: Db
) -> None:
    if db.postgres:
        pytest.skip("PostgreSQL checks every link, whoever writes: see the test after")
    run = goal(svc, "Run")
    read = goal(svc, "Read")
    pages = svc.add_kpi(read, name="pages", baseline=0, target=300)
    svc.delete_kpi(pages.id, reason="counting books instead")
    removed = svc.undo_service.changes()[0].id
    # A script deletes the goal with plain sqlite3, which does not check links: its
    # revisions are left pointing to a goal that is not there.
    db.sql("DELETE FROM goal WHERE id = ?", read)
    assert len(db.sql("PRAGMA foreign_key_check")) == 2
    svc.edit_goal(run, {"title": "Run 5 km"})
    assert svc.undo_service.undo().label == "changing the goal 'Run'"
    assert titles(svc) == ["Run"]
    # Bringing the KPI back would point it to the goal the script deleted.
    before = [db.sql(f"SELECT * FROM {t} ORDER BY id") for t in ("kpi", "revision")]
    assert before[0] == [] and len(before[1]) == 2  # the KPI's added and removed
    with pytest.raises(ServiceError, match=rf"^change {removed} cannot be undone: items it needs"):
        svc.undo_service.undo(removed)
    assert [db.sql(f"SELECT * FROM {t} ORDER BY id") for t in ("kpi", "revision")] == before
    assert not next(c for c in svc.undo_service.changes() if c.id == removed).undone


def test_a_row_whose_parent_a_script_deleted_stops_only_the_undo_that_needs_it(
    svc: GoalService, db: Db
) -> None:
    run = goal(svc, "Run")
    read = goal(svc, "Read")
    pages = svc.add_kpi(read, name="pages", baseline=0, target=300)
    svc.repo.add_measurements([(pages.id, DEC_4, 12.0, "")], svc.clock.now())
    [value] = svc.measurements(pages.id)
    svc.kpi_service.delete_measurement(value.id)
    removed = svc.undo_service.changes()[0].id
    # A script deletes the KPI (with its other values) as another program would.
    db.sql("DELETE FROM kpi WHERE id = ?", pages.id)
    svc.edit_goal(run, {"title": "Run 5 km"})
    assert svc.undo_service.undo().label == "changing the goal 'Run'"
    before = db.rows()
    # Bringing the value back would point it to the KPI the script deleted.
    with pytest.raises(ServiceError, match=rf"^change {removed} cannot be undone: items it needs"):
        svc.undo_service.undo(removed)
    assert db.rows() == before
    assert not next(c for c in svc.undo_service.changes() if c.id == removed).undone
    assert titles(svc) == ["Run", "Read"]


def test_an_undo_whose_row_another_program_deleted_is_refused(svc: GoalService, db: Db) -> None:
    gid = goal(svc, "Run")
    svc.edit_goal(gid, {"title": "Run 5 km"})
    db.sql("DELETE FROM goal WHERE id = ?", gid)
    before = db.sql("SELECT * FROM goal")
    with pytest.raises(ServiceError, match="what it touched was changed since"):
        svc.undo_service.undo()
    assert db.sql("SELECT * FROM goal") == before


#: Floats of every kind, as bit patterns: tiny, huge, negative zero, subnormal.
SPECIAL = [0.1 + 0.2, 1 / 3, -0.0, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, -1e-300]


def bits(value: float) -> int:
    return int(struct.unpack("<q", struct.pack("<d", value))[0])


def test_random_floats_come_back_bit_for_bit_after_delete_update_and_undo(
    svc: GoalService, db: Db
) -> None:
    rng = random.Random(20261204)
    # SQLite stores -0.0 as 0 whoever writes it; PostgreSQL keeps its sign.
    floats = [v for v in SPECIAL if db.postgres or bits(v) != bits(-0.0)]
    while len(floats) < 60:
        value = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
        if math.isfinite(value):
            floats.append(value)
    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    rows = [(kpi.id, DEC_4, v, "") for v in floats]
    svc.repo.add_measurements(rows, svc.clock.now())
    stored = db.sql("SELECT id, value FROM measurement ORDER BY id")
    assert [bits(v) for _, v in stored] == [bits(v) for v in floats]
    # Changed (each value to another), then deleted: two changes to take back.
    with labelled("changing the values"):
        for (mid, _), new in zip(stored, reversed(floats), strict=True):
            svc.repo.update("measurement", mid, {"value": new})
    with labelled("deleting the values"):
        for mid, _ in stored:
            svc.repo.delete("measurement", mid)
    assert db.sql("SELECT count(*) FROM measurement") == [(0,)]
    assert svc.undo_service.undo().label == "deleting the values"
    assert svc.undo_service.undo().label == "changing the values"
    again = db.sql("SELECT id, value FROM measurement ORDER BY id")
    assert [(i, bits(v)) for i, v in again] == [(i, bits(v)) for i, v in stored]


def test_a_column_only_the_server_has_comes_back_too(svc: GoalService, db: Db) -> None:
    if not db.postgres:
        pytest.skip("a column added on a PostgreSQL server alone")
    gid = goal(svc, "Run")  # the journal's triggers have run on goaltui's connection
    db.sql("ALTER TABLE goal ADD COLUMN colour text NOT NULL DEFAULT 'blue'")
    db.sql("ALTER TABLE goal ADD COLUMN shared_with text[] NOT NULL DEFAULT '{}'")
    db.sql("UPDATE goal SET colour = 'teal', shared_with = '{bob,\"o''neil\"}' WHERE id = ?", gid)
    svc.edit_goal(gid, {"title": "Run 5 km"})
    edited = db.rows()
    svc.delete_goal(gid)
    assert db.sql("SELECT count(*) FROM goal") == [(0,)]
    svc.undo_service.undo()
    assert db.rows() == edited
    svc.undo_service.undo()
    assert db.sql("SELECT title, colour, shared_with FROM goal") == [
        ("Run", "teal", ["bob", "o'neil"])
    ]
    svc.undo_service.redo()
    svc.undo_service.redo()
    assert db.sql("SELECT count(*) FROM goal") == [(0,)]


def test_what_the_journal_writes_does_not_hang_on_the_sessions_settings(
    svc: GoalService, db: Db
) -> None:
    if not db.postgres:
        pytest.skip("PostgreSQL's float and date output follow the session's settings")
    from tests.postgres import admin_connect

    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    svc.repo.add_measurements([(kpi.id, DEC_4, 0.1 + 0.2, "")], svc.clock.now())
    [(mid,)] = db.sql("SELECT id FROM measurement")
    # A connection that journals as goaltui's do, with settings that would print
    # 0.3 and 04/12/2026.
    with admin_connect(db.arg) as con:
        con.execute("SET goaltui.journal = 'on'")
        con.execute("SET extra_float_digits = 0")
        con.execute("SET DateStyle = 'SQL, DMY'")
        con.execute("DELETE FROM measurement WHERE id = %s", (mid,))
        [(statement,)] = con.execute(
            "SELECT statement FROM change_entry WHERE change_id IS NULL"
        ).fetchall()
    assert '"value":0.30000000000000004,' in statement
    assert '"day":"2026-12-04"' in statement
    db.sql("DELETE FROM change_entry WHERE change_id IS NULL")
