"""`goaltui undo [--list] [N]`: the command line takes back its own changes, on a file
and on a PostgreSQL database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from goaltui.domain.changes import Origin
from tests.cli.helpers import Result, cli_at
from tests.storage.test_undo import ENGINES, Db, database


@pytest.fixture(params=ENGINES)
def demo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    """The demo goals (dated 2026-11-22) in a database of either engine, closed."""
    with database(request.param, tmp_path, demo=True) as db:
        yield db


def changes(db: Db) -> list[tuple]:
    query = "SELECT id, origin, label, undone_mark IS NOT NULL FROM change ORDER BY id"
    return [(i, o, label, int(u)) for i, o, label, u in db.sql(query)]


def values_of(db: Db, name: str) -> list[tuple]:
    svc = db.open()
    try:
        k = next(k for k in svc.repo.kpis() if k.name == name)
        return [(m.day, m.value, m.note) for m in svc.repo.measurements(k.id)]
    finally:
        svc.close()


def checkin(capsys, clock, db: Db, *args: str) -> Result:
    """``goaltui checkin ARGS`` on ``db``."""
    return cli_at(capsys, clock, "--db", db.arg, "checkin", *args)


def test_undo_takes_back_the_last_checkin_of_the_command_line(capsys, demo, clock):
    before = values_of(demo, "Defect rate")
    r = checkin(capsys, clock, demo, "Defect rate", "3.9")
    assert r.code == 0, r.err
    assert len(values_of(demo, "Defect rate")) == len(before) + 1
    r = cli_at(capsys, clock, "--db", demo.arg, "undo")
    assert r.code == 0, r.err
    # The demo's today is 22 Nov 2026: the label names the day without its year.
    assert r.out == "Undone: 'Defect rate' 3.9 on 22 Nov (1 KPI value)\n"
    assert values_of(demo, "Defect rate") == before


def test_a_checkin_of_several_kpis_is_one_change(capsys, demo, clock):
    args = ("Weekly visits", "11250", "Defect rate", "3.8")
    assert checkin(capsys, clock, demo, *args).code == 0
    r = cli_at(capsys, clock, "--db", demo.arg, "undo")
    assert r.out == (
        "Undone: 'Weekly visits' 11250 and 'Defect rate' 3.8 on 22 Nov (2 KPI values)\n"
    )
    assert changes(demo)[-1][3] == 1


def test_the_list_shows_the_changes_newest_first_with_their_numbers(capsys, demo, clock):
    checkin(capsys, clock, demo, "Defect rate", "3.9")
    cli_at(capsys, clock, "--db", demo.arg, "undo")
    r = cli_at(capsys, clock, "--db", demo.arg, "undo", "--list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == len(changes(demo)) == 2
    newest, demo = lines
    assert newest.startswith("2  ") and newest.endswith(
        "command    'Defect rate' 3.9 on 22 Nov (1 KPI value)  [undone]"
    )
    assert demo.startswith("1  ") and "adding the demo goals (7 goals, 9 KPIs" in demo
    assert not demo.endswith("[undone]")


def test_undo_n_refuses_a_change_a_later_one_depends_on(capsys, demo, clock):
    # Change 1 made the demo goals; change 2 records a value of one of its KPIs.
    checkin(capsys, clock, demo, "Defect rate", "3.9")
    before = values_of(demo, "Defect rate")
    line = cli_at(capsys, clock, "--db", demo.arg, "undo", "1").assert_failed(1)
    assert line == (
        "goaltui: change 1 cannot be undone: change 2, made since, depends on what it "
        "would take away (undo it first: 'goaltui undo 2')"
    )
    assert values_of(demo, "Defect rate") == before
    assert [c[3] for c in changes(demo)] == [0, 0]
    # Once the later one is undone, the first goes too.
    assert cli_at(capsys, clock, "--db", demo.arg, "undo", "2").code == 0
    r = cli_at(capsys, clock, "--db", demo.arg, "undo", "1")
    assert r.code == 0, r.err
    assert r.out.startswith("Undone: adding the demo goals (7 goals")
    assert demo.sql("SELECT count(*) FROM goal") == [(0,)]


def test_undo_without_n_leaves_the_dashboards_changes_alone(capsys, demo, clock):
    checkin(capsys, clock, demo, "Defect rate", "3.9")
    svc = demo.open(clock, origin=Origin.TUI)
    goal = svc.goals()[0]
    svc.edit_goal(goal.id, {"title": "Changed in the dashboard"})
    svc.close()
    r = cli_at(capsys, clock, "--db", demo.arg, "undo")
    assert r.out == "Undone: 'Defect rate' 3.9 on 22 Nov (1 KPI value)\n"
    assert [(c[0], c[1], c[3]) for c in changes(demo)] == [
        (1, "cli", 0),
        (2, "cli", 1),
        (3, "tui", 0),
    ]
    svc = demo.open(clock)
    try:
        assert svc.goal(goal.id).title == "Changed in the dashboard"
    finally:
        svc.close()


def test_nothing_to_undo_unknown_and_bad_numbers(capsys, demo, clock):
    cli_at(capsys, clock, "--db", demo.arg, "undo")  # the demo goals go
    line = cli_at(capsys, clock, "--db", demo.arg, "undo").assert_failed(1)
    assert line == (
        "goaltui: nothing changed from the command line is left to undo "
        "('goaltui undo --list' shows every change kept)"
    )
    line = cli_at(capsys, clock, "--db", demo.arg, "undo", "99").assert_failed(1)
    assert line.startswith("goaltui: there is no change 99 to undo")
    line = cli_at(capsys, clock, "--db", demo.arg, "undo", "1").assert_failed(1)
    assert line == "goaltui: change 1 is undone already"
    line = cli_at(capsys, clock, "--db", demo.arg, "undo", "0").assert_failed(1)
    assert "a change number is 1 or more" in line
    line = cli_at(capsys, clock, "--db", demo.arg, "undo", "--list", "1").assert_failed(1)
    assert "not both" in line


@pytest.mark.parametrize("engine", ENGINES)
def test_an_empty_journal_says_so(capsys, tmp_path, clock, engine):
    with database(engine, tmp_path) as db:
        db.open(clock).close()
        r = cli_at(capsys, clock, "--db", db.arg, "undo", "--list")
        assert r.code == 0
        assert r.out == "No changes kept yet: every change made from now on can be undone.\n"


def test_an_undone_revision_round_trips_through_an_export(capsys, demo, tmp_path, clock):
    import json

    svc = demo.open(clock)
    kpi = svc.kpis()[0]
    svc.edit_kpi(kpi.id, {"target": kpi.target + 1}, "a bolder target")
    svc.undo_service.undo()
    svc.close()
    out = tmp_path / "all.json"
    assert cli_at(capsys, clock, "--db", demo.arg, "export", "json", "--out", str(out)).code == 0
    doc = json.loads(out.read_text())
    undone = [r for r in doc["tables"]["revision"] if r["undone"]]
    assert [(r["field"], r["reason"]) for r in undone] == [("target", "a bolder target")]
    copy = tmp_path / "copy.db"
    assert cli_at(capsys, clock, "--db", str(copy), "import", str(out)).code == 0
    again = tmp_path / "again.json"
    assert cli_at(capsys, clock, "--db", str(copy), "export", "json", "--out", str(again)).code == 0
    assert json.loads(again.read_text()) == doc


def test_the_demo_goals_undone_from_the_command_line_come_back_whole(capsys, demo, clock):
    before = demo.rows()
    r = cli_at(capsys, clock, "--db", demo.arg, "undo")
    assert r.code == 0, r.err
    assert r.out.startswith("Undone: adding the demo goals (7 goals, 9 KPIs")
    assert all(rows == [] for rows in demo.rows().values())
    r = cli_at(capsys, clock, "--db", demo.arg, "undo", "--list")
    assert r.out.startswith("1  ") and r.out.endswith("[undone]\n")
    svc = demo.open(clock)
    try:
        assert svc.undo_service.redo().id == 1
    finally:
        svc.close()
    assert demo.rows() == before
