"""`goaltui undo [--list] [N]`: the command line takes back its own changes."""

from __future__ import annotations

import sqlite3

import pytest

from goaltui.domain.changes import Origin
from tests.cli.helpers import cli_at, location_of, open_db
from tests.cli.test_checkin import values_of


def changes(db):
    from sqlalchemy import text

    svc = open_db(db)
    try:
        query = "SELECT id, origin, label, undone_mark IS NOT NULL FROM change ORDER BY id"
        with svc.repo.engine.connect() as con:
            return [tuple(row) for row in con.execute(text(query))]
    finally:
        svc.close()


@pytest.mark.undo_journal
def test_undo_takes_back_the_last_checkin_of_the_command_line(capsys, demo_db_arg, clock):
    before = values_of(demo_db_arg, "Defect rate")
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Defect rate", "3.9")
    assert r.code == 0, r.err
    assert len(values_of(demo_db_arg, "Defect rate")) == len(before) + 1
    r = cli_at(capsys, clock, "--db", demo_db_arg, "undo")
    assert r.code == 0, r.err
    # The demo's today is 22 Nov 2026: the label names the day without its year.
    assert r.out == "Undone: 'Defect rate' 3.9 on 22 Nov (1 KPI value)\n"
    assert values_of(demo_db_arg, "Defect rate") == before


@pytest.mark.undo_journal
def test_a_checkin_of_several_kpis_is_one_change(capsys, demo_db_arg, clock):
    args = ("checkin", "Weekly visits", "11250", "Defect rate", "3.8")
    assert cli_at(capsys, clock, "--db", demo_db_arg, *args).code == 0
    r = cli_at(capsys, clock, "--db", demo_db_arg, "undo")
    assert r.out == (
        "Undone: 'Weekly visits' 11250 and 'Defect rate' 3.8 on 22 Nov (2 KPI values)\n"
    )
    assert changes(demo_db_arg)[-1][3] == 1


@pytest.mark.undo_journal
def test_the_list_shows_the_changes_newest_first_with_their_numbers(capsys, demo_db_arg, clock):
    cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Defect rate", "3.9")
    cli_at(capsys, clock, "--db", demo_db_arg, "undo")
    r = cli_at(capsys, clock, "--db", demo_db_arg, "undo", "--list")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == len(changes(demo_db_arg)) == 2
    newest, demo = lines
    assert newest.startswith("2  ") and newest.endswith(
        "command    'Defect rate' 3.9 on 22 Nov (1 KPI value)  [undone]"
    )
    assert demo.startswith("1  ") and "adding the demo goals (7 goals, 9 KPIs" in demo
    assert not demo.endswith("[undone]")


def test_undo_n_refuses_a_change_a_later_one_depends_on(capsys, demo_db, clock):
    # Change 1 made the demo goals; change 2 records a value of one of its KPIs.
    cli_at(capsys, clock, "--db", str(demo_db), "checkin", "Defect rate", "3.9")
    before = values_of(demo_db, "Defect rate")
    line = cli_at(capsys, clock, "--db", str(demo_db), "undo", "1").assert_failed(1)
    assert line == (
        "goaltui: change 1 cannot be undone: change 2, made since, depends on what it "
        "would take away (undo it first: 'goaltui undo 2')"
    )
    assert values_of(demo_db, "Defect rate") == before
    assert [c[3] for c in changes(demo_db)] == [0, 0]
    # Once the later one is undone, the first goes too.
    assert cli_at(capsys, clock, "--db", str(demo_db), "undo", "2").code == 0
    r = cli_at(capsys, clock, "--db", str(demo_db), "undo", "1")
    assert r.code == 0, r.err
    assert r.out.startswith("Undone: adding the demo goals (7 goals")
    con = sqlite3.connect(demo_db)
    try:
        assert con.execute("SELECT count(*) FROM goal").fetchone() == (0,)
    finally:
        con.close()


@pytest.mark.undo_journal
def test_undo_without_n_leaves_the_dashboards_changes_alone(capsys, demo_db_arg, clock):
    from goaltui.services import GoalService

    cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Defect rate", "3.9")
    svc = GoalService.open(location_of(demo_db_arg), clock, origin=Origin.TUI)
    goal = svc.goals()[0]
    svc.edit_goal(goal.id, {"title": "Changed in the dashboard"})
    svc.close()
    r = cli_at(capsys, clock, "--db", demo_db_arg, "undo")
    assert r.out == "Undone: 'Defect rate' 3.9 on 22 Nov (1 KPI value)\n"
    assert [(c[0], c[1], c[3]) for c in changes(demo_db_arg)] == [
        (1, "cli", 0),
        (2, "cli", 1),
        (3, "tui", 0),
    ]
    svc = GoalService.open(location_of(demo_db_arg), clock)
    try:
        assert svc.goal(goal.id).title == "Changed in the dashboard"
    finally:
        svc.close()


@pytest.mark.undo_journal
def test_nothing_to_undo_unknown_and_bad_numbers(capsys, db_path, demo_db_arg, clock):
    cli_at(capsys, clock, "--db", demo_db_arg, "undo")  # the demo goals go
    line = cli_at(capsys, clock, "--db", demo_db_arg, "undo").assert_failed(1)
    assert line == (
        "goaltui: nothing changed from the command line is left to undo "
        "('goaltui undo --list' shows every change kept)"
    )
    line = cli_at(capsys, clock, "--db", demo_db_arg, "undo", "99").assert_failed(1)
    assert line.startswith("goaltui: there is no change 99 to undo")
    line = cli_at(capsys, clock, "--db", demo_db_arg, "undo", "1").assert_failed(1)
    assert line == "goaltui: change 1 is undone already"
    line = cli_at(capsys, clock, "--db", demo_db_arg, "undo", "0").assert_failed(1)
    assert "a change number is 1 or more" in line
    line = cli_at(capsys, clock, "--db", demo_db_arg, "undo", "--list", "1").assert_failed(1)
    assert "not both" in line


def test_an_empty_journal_says_so(capsys, db_arg, clock, service):
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "undo", "--list")
    assert r.code == 0
    assert r.out == "No changes kept yet: every change made from now on can be undone.\n"


@pytest.mark.undo_journal
def test_an_undone_revision_round_trips_through_an_export(capsys, demo_db_arg, tmp_path, clock):
    import json

    from goaltui.services import GoalService

    svc = GoalService.open(location_of(demo_db_arg), clock)
    kpi = svc.kpis()[0]
    svc.edit_kpi(kpi.id, {"target": kpi.target + 1}, "a bolder target")
    svc.undo_service.undo()
    svc.close()
    out = tmp_path / "all.json"
    assert cli_at(capsys, clock, "--db", demo_db_arg, "export", "json", "--out", str(out)).code == 0
    doc = json.loads(out.read_text())
    undone = [r for r in doc["tables"]["revision"] if r["undone"]]
    assert [(r["field"], r["reason"]) for r in undone] == [("target", "a bolder target")]
    copy = tmp_path / "copy.db"
    assert cli_at(capsys, clock, "--db", str(copy), "import", str(out)).code == 0
    again = tmp_path / "again.json"
    assert cli_at(capsys, clock, "--db", str(copy), "export", "json", "--out", str(again)).code == 0
    assert json.loads(again.read_text()) == doc
