"""`goaltui due --quiet`: the exit status alone answers (0 due, 1 nothing due, 2 error)."""

from __future__ import annotations

from datetime import date

from tests.cli.helpers import cli, cli_at
from tests.conftest import TODAY


def test_quiet_exits_0_and_prints_nothing_when_something_is_due(capsys, demo_db_arg, clock):
    # The demo on 2026-11-22 has two overdue steps and the day's check-in open.
    r = cli_at(capsys, clock, "--db", demo_db_arg, "due", "--quiet")
    assert (r.code, r.out, r.err) == (0, "", "")
    plain = cli_at(capsys, clock, "--db", demo_db_arg, "due")
    assert plain.code == 0 and "check-in" in plain.out


def test_quiet_exits_1_when_nothing_is_due(capsys, service, db_arg, clock):
    # One active goal, checked in today, with nothing else planned: nothing is due.
    goal = service.repo.add("goal", title="Read", start=date(2026, 1, 1))
    service.repo.add("checkin", goal_id=goal.id, day=TODAY, confidence=7)
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "due", "--quiet")
    assert (r.code, r.out, r.err) == (1, "", "")
    # Without --quiet the plain answer and its exit status are as before.
    plain = cli_at(capsys, clock, "--db", db_arg, "due")
    assert (plain.code, plain.out) == (0, "Nothing due today.\n")
    json_ = cli_at(capsys, clock, "--db", db_arg, "due", "--format", "json")
    assert (json_.code, json_.out) == (0, "[]\n")


def test_quiet_with_no_database_yet_means_nothing_due(capsys, tmp_path):
    r = cli(capsys, "--db", str(tmp_path / "none.db"), "due", "--quiet")
    assert (r.code, r.out, r.err) == (1, "", "")
    assert not (tmp_path / "none.db").exists()


def test_quiet_exits_2_with_one_line_on_a_database_error(capsys, tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("not a database at all\n" * 20)
    r = cli(capsys, "--db", str(bad), "due", "--quiet")
    line = r.assert_failed(2)
    assert r.out == ""
    assert len(r.err_lines) == 1
    assert "not a goaltui database" in line
    # The plain command keeps exit 1 for the same error.
    cli(capsys, "--db", str(bad), "due").assert_failed(1)


def test_quiet_refuses_json(capsys, demo_db_arg):
    r = cli(capsys, "--db", demo_db_arg, "due", "--quiet", "--format", "json")
    line = r.assert_failed(2)
    assert "--quiet" in line and "json" in line
    assert r.out == ""


def test_the_help_explains_the_exit_status(capsys):
    r = cli(capsys, "due", "--help")
    assert r.code == 0
    text = " ".join(r.out.split())
    assert "0 something is due today or overdue" in text
    assert "1 nothing is due" in text
    assert "2 an error" in text
