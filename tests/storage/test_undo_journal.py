"""The journal undo reads: whose changes undo takes, redo's order, what is kept,
one change per labelled block, exact floats, and writes that are not journaled."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from goaltui.domain.changes import Origin, describe
from goaltui.domain.clock import FixedClock
from goaltui.services import GoalService, ServiceError
from goaltui.storage.repository import NotFound, PlanRows, labelled

DEC_4 = date(2026, 12, 4)


def goal(svc: GoalService, title: str) -> int:
    return svc.create_goal(PlanRows(goal={"title": title, "start": date(2026, 11, 1)})).id


def sql(path: Path, query: str, *args: object) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        found = con.execute(query, args).fetchall()
        con.commit()
        return found
    finally:
        con.close()


def titles(svc: GoalService) -> list[str]:
    return [g.title for g in svc.goals()]


@pytest.fixture
def svc(db_path: Path):
    s = GoalService.open(db_path, FixedClock(DEC_4))
    try:
        yield s
    finally:
        s.close()


def test_each_side_undoes_its_own_newest_change_and_any_by_number(db_path: Path) -> None:
    tui = GoalService.open(db_path, FixedClock(DEC_4), origin=Origin.TUI)
    cli = GoalService.open(db_path, FixedClock(DEC_4))
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


def test_redo_is_refused_when_the_other_side_changed_the_same_row(db_path: Path) -> None:
    tui = GoalService.open(db_path, FixedClock(DEC_4), origin=Origin.TUI)
    cli = GoalService.open(db_path, FixedClock(DEC_4))
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


def test_the_journal_keeps_the_last_100_changes(svc: GoalService, db_path: Path) -> None:
    gid = goal(svc, "Run")  # change 1
    for n in range(2, 106):  # changes 2 to 105
        svc.edit_goal(gid, {"title": f"Run {n} km"})
    # 105 made, 100 kept: 6 to 105.
    assert sql(db_path, "SELECT count(*), min(id), max(id) FROM change") == [(100, 6, 105)]
    assert sql(db_path, "SELECT count(*) FROM change_entry WHERE change_id < 6") == [(0,)]
    assert [c.id for c in svc.undo_service.changes()][::99] == [105, 6]
    with pytest.raises(ServiceError, match=r"^there is no change 5 to undo"):
        svc.undo_service.undo(5)
    assert svc.undo_service.undo().id == 105
    assert svc.goal(gid).title == "Run 104 km"


def test_a_change_older_than_30_days_is_let_go(svc: GoalService, db_path: Path) -> None:
    run = goal(svc, "Run")  # change 1
    goal(svc, "Read")  # change 2
    now = svc.clock.now()  # changes are dated by the service's clock
    old = (now - timedelta(days=31)).strftime("%Y-%m-%d %H:%M:%S.%f")
    recent = (now - timedelta(days=29)).strftime("%Y-%m-%d %H:%M:%S.%f")
    sql(db_path, "UPDATE change SET at = ? WHERE id = 1", old)
    sql(db_path, "UPDATE change SET at = ? WHERE id = 2", recent)
    assert [c.id for c in svc.undo_service.changes()] == [2, 1]
    # Any new change lets the old one go.
    svc.edit_goal(run, {"title": "Run 5 km"})
    assert [c.id for c in svc.undo_service.changes()] == [3, 2]
    assert sql(db_path, "SELECT DISTINCT change_id FROM change_entry ORDER BY 1") == [(2,), (3,)]


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


def test_a_checkin_that_fails_leaves_no_change_behind(svc: GoalService, db_path: Path) -> None:
    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    changes = svc.undo_service.changes()
    before = sql(db_path, "SELECT * FROM change_entry ORDER BY seq")
    with pytest.raises(NotFound, match="a step of this check-in was deleted"):
        svc.save_checkin({kpi.id: 5.0}, steps_done=[999])
    assert svc.measurements(kpi.id) == []
    assert svc.undo_service.changes() == changes
    assert sql(db_path, "SELECT * FROM change_entry ORDER BY seq") == before
    assert sql(db_path, "SELECT count(*) FROM change_entry WHERE change_id IS NULL") == [(0,)]


def test_floats_come_back_bit_exact(svc: GoalService, db_path: Path) -> None:
    gid = goal(svc, "Run")
    kpi = svc.add_kpi(gid, name="km", baseline=0, target=40)
    third = 1 / 3
    tricky = 0.1 + 0.2  # 0.30000000000000004, not 0.3
    svc.save_checkin({kpi.id: tricky})
    svc.record(kpi, third, day=date(2026, 12, 3))
    ids = {m.value: m.id for m in svc.measurements(kpi.id)}
    for mid in ids.values():
        svc.kpi_service.delete_measurement(mid)
    assert svc.measurements(kpi.id) == []
    # A delete of one value is named by the row it took.
    last = svc.undo_service.undo()
    assert describe(last) == "deleting a KPI value (1 KPI value)"
    svc.undo_service.undo()
    values = [v for (v,) in sql(db_path, "SELECT value FROM measurement ORDER BY id")]
    assert [v.hex() for v in values] == [tricky.hex(), third.hex()]
    assert values == [0.30000000000000004, 0.3333333333333333]
    assert values[0] != 0.3
    assert {m.value: m.id for m in svc.measurements(kpi.id)} == ids


def test_a_file_written_by_plain_sqlite_is_not_journaled(svc: GoalService, db_path: Path) -> None:
    gid = goal(svc, "Run")
    entries = sql(db_path, "SELECT * FROM change_entry ORDER BY seq")
    assert len(entries) == 1
    sql(db_path, "UPDATE goal SET title = 'Run by hand' WHERE id = ?", gid)
    sql(db_path, "DELETE FROM goal WHERE id = ?", gid)
    assert sql(db_path, "SELECT * FROM change_entry ORDER BY seq") == entries
    assert [c.id for c in svc.undo_service.changes()] == [1]


def test_a_link_another_program_broke_stops_only_the_undo_that_needs_it(
    svc: GoalService, db_path: Path
) -> None:
    run = goal(svc, "Run")
    read = goal(svc, "Read")
    pages = svc.add_kpi(read, name="pages", baseline=0, target=300)
    svc.delete_kpi(pages.id, reason="counting books instead")
    removed = svc.undo_service.changes()[0].id
    # A script deletes the goal with plain sqlite3, which does not check links: its
    # revisions are left pointing to a goal that is not there.
    sql(db_path, "DELETE FROM goal WHERE id = ?", read)
    assert len(sql(db_path, "PRAGMA foreign_key_check")) == 2
    svc.edit_goal(run, {"title": "Run 5 km"})
    assert svc.undo_service.undo().label == "changing the goal 'Run'"
    assert titles(svc) == ["Run"]
    # Bringing the KPI back would point it to the goal the script deleted.
    before = [sql(db_path, f"SELECT * FROM {t} ORDER BY id") for t in ("kpi", "revision")]
    assert before[0] == [] and len(before[1]) == 2  # the KPI's added and removed
    with pytest.raises(ServiceError, match=rf"^change {removed} cannot be undone: items it needs"):
        svc.undo_service.undo(removed)
    assert [sql(db_path, f"SELECT * FROM {t} ORDER BY id") for t in ("kpi", "revision")] == before
    assert not next(c for c in svc.undo_service.changes() if c.id == removed).undone


def test_an_undo_whose_row_another_program_deleted_is_refused(svc, db_path):
    gid = goal(svc, "Run")
    svc.edit_goal(gid, {"title": "Run 5 km"})
    con = sqlite3.connect(db_path)
    try:
        con.execute("DELETE FROM goal WHERE id = ?", (gid,))
        con.commit()
    finally:
        con.close()
    before = sql(db_path, "SELECT * FROM goal")
    with pytest.raises(ServiceError, match="what it touched was changed since"):
        svc.undo_service.undo()
    assert sql(db_path, "SELECT * FROM goal") == before
