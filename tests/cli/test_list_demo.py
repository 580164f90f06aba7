"""`demo`, `list` and `due`."""

from __future__ import annotations

import os
import re
import sqlite3

from tests.cli.helpers import cli, cli_at
from tests.conftest import TODAY

DEMO_TITLES = [
    "Expand into new markets",
    "Launch the product in Germany with 50 paying customers",
    "Increase website traffic by 20% in six months",
    "Advance from Team Lead to Director by the end of next year",
    "Reduce the product defect rate from 5% to 2% by year end",
    "Raise customer satisfaction from 70% to 85% in six months",
    "Double average time on site from 1 to 2 minutes in six months",
]
LINE = re.compile(
    r"^(?P<glyph>\S) +(?P<pct>\d{1,3})%  (?P<status>draft|active|paused|achieved|missed|abandoned)"
    r" +(?P<kpi>-|achieved|on track|at risk|off track|missed|no data) +"
    r"(?P<deadline>\d{4}-\d{2}-\d{2}|no deadline)(?: \((?:\d+d left|\d+d late)\))? +"
    r"(?P<title>.+)$"
)


def goal_count(query) -> int:
    """The goals in a SQLite file (a path), or through the ``query`` fixture."""
    if callable(query):
        return query("SELECT count(*) FROM goal")[0][0]
    con = sqlite3.connect(query)
    try:
        return con.execute("SELECT count(*) FROM goal").fetchone()[0]
    finally:
        con.close()


def test_demo_then_list(capsys, db_arg):
    r = cli(capsys, "--db", db_arg, "demo")
    assert r.code == 0, r.err
    assert r.out == "Added 7 demo goals. Run 'goaltui' to explore them.\n"
    assert r.err == ""

    r = cli(capsys, "list", "--db", db_arg)  # --db after the command works too
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert len(lines) == 7
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [m["title"].strip() for m in parsed] == DEMO_TITLES
    # the cascaded product goal is shown under its company objective
    assert lines[1].index("Launch") - lines[0].index("Expand") == 2
    assert lines[2].index("Increase") == lines[0].index("Expand")
    statuses = {m["title"].strip(): m["status"] for m in parsed}
    assert statuses[DEMO_TITLES[-1]] == "achieved"
    assert sum(s == "active" for s in statuses.values()) == 6
    by_title = {m["title"].strip(): m for m in parsed}
    done = by_title[DEMO_TITLES[-1]]
    assert done["pct"] == "100"
    assert done["glyph"] == "✔"
    assert all(0 <= int(m["pct"]) <= 100 for m in parsed)
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", m["deadline"]) for m in parsed)
    assert {m["kpi"] for m in parsed} >= {"on track", "at risk", "achieved", "-"}


def test_list_with_a_fixed_day(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "list")
    assert r.code == 0
    lines = r.out.splitlines()
    assert "2027-07-20 (240d left)" in lines[0]
    assert "2027-02-07 (77d left)" in lines[2]
    assert "2026-11-04" in lines[6]
    assert "left" not in lines[6]  # an achieved goal has no countdown


def test_list_hides_archived_unless_all(capsys, demo_service, db_arg, clock):
    goal = demo_service.goals()[2]
    demo_service.set_archived(goal.id, True)
    demo_service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "list")
    assert goal.title not in r.out
    assert len(r.out.splitlines()) == 6
    r = cli_at(capsys, clock, "--db", db_arg, "list", "--all")
    assert f"{goal.title} [archived]" in r.out
    assert len(r.out.splitlines()) == 7


def test_list_kpis(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "list", "--kpis")
    assert r.code == 0
    lines = r.out.splitlines()
    assert len(lines) == 9
    assert re.match(
        r"^\d+  Weekly visits +Increase website traffic by 2… +\d+/12000 visits  on track",
        lines[2],
    ), lines[2]
    assert "Average time on site" in lines[8]
    assert "achieved, target reached" in lines[8]
    # Each KPI says its goal, and the columns line up: the value starts at the
    # same column on every line, and so does what follows it.
    assert "Expand into new markets" in lines[0]
    assert "Launch the product in Germany…" in lines[1]
    assert "Double average time on site f…" in lines[8]
    assert "/200–260 €" in lines[4]  # a range shows both its ends
    starts = {line.index(next(word for word in line.split() if "/" in word)) for line in lines}
    assert len(starts) == 1, lines
    readings = {
        line.index(word)
        for line, word in zip(lines[1:4], ("at risk", "on track", "on track"), strict=True)
    }
    assert len(readings) == 1, lines


def test_demo_twice_needs_force(capsys, db_arg, query):
    assert cli(capsys, "--db", db_arg, "demo").code == 0
    before = goal_count(query)
    r = cli(capsys, "--db", db_arg, "demo")
    line = r.assert_failed(1)
    assert "--force" in line
    assert r.out == ""
    assert goal_count(query) == before == 7
    r = cli(capsys, "--db", db_arg, "demo", "--force")
    assert r.code == 0, r.err
    assert goal_count(query) == 14


def test_demo_is_the_same_for_a_given_day(capsys, tmp_path, clock):
    from goaltui.services import GoalService

    dumps = []
    for name in ("a.db", "b.db"):
        path = tmp_path / name
        assert cli_at(capsys, clock, "--db", str(path), "demo").code == 0
        svc = GoalService.open(path, clock)
        try:
            dumps.append(svc.repo.dump())
        finally:
            svc.close()
    assert dumps[0] == dumps[1]
    assert len(dumps[0]["measurement"]) > 80
    # One revised target, and two agreements with a partner.
    assert [(r["field"], r["new"]) for r in dumps[0]["revision"]] == [
        ("target", "85"),
        ("acknowledged", "Lea, country manager"),
        ("acknowledged", "Sam, head of support"),
    ]
    # Each practice of the method shows in the demo: a quarterly KPI, a range
    # counted in fortnights, a checkpoint, planned obstacles (one met at a
    # check-in) and steps of high and low importance.
    kpis = {k["name"]: k for k in dumps[0]["kpi"]}
    assert kpis["Revenue from new markets"]["cadence"] == "quarterly"
    ad = kpis["Ad spend"]
    assert (ad["kind"], ad["cadence"], ad["target"], ad["high"]) == (
        "between",
        "biweekly",
        200,
        260,
    )
    assert [m["kpi_value"] for m in dumps[0]["milestone"] if m["kpi_id"]] == [1.5]
    assert len(dumps[0]["obstacle"]) == 3
    assert sum(c["obstacle_id"] is not None for c in dumps[0]["checkin"]) == 1
    assert {s["importance"] for s in dumps[0]["step"]} == {"high", "normal", "low"}


def test_due(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "due")
    assert r.code == 0
    lines = r.out.splitlines()
    assert any(
        "5d overdue" in line and "Sign up with a SEPA payment provider" in line for line in lines
    )
    assert lines[-1].split()[:2] == ["today", "check-in"]


def test_due_with_nothing_due(capsys, service, db_arg, clock):
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "due")
    assert (r.code, r.out) == (0, "Nothing due today.\n")


def test_list_on_an_empty_database(capsys, service, db_arg, clock):
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "list")
    assert r.code == 0
    assert "No goals yet" in r.out
    r = cli_at(capsys, clock, "--db", db_arg, "list", "--kpis")
    assert r.out == "No KPIs yet.\n"


def test_list_and_due_on_a_missing_database_create_nothing(capsys, tmp_path):
    path = tmp_path / "missing.db"
    for command in ("list", "due"):
        r = cli(capsys, "--db", str(path), command)
        assert r.code == 0, r.err
        assert "No goals yet" in r.out
        assert "goaltui demo" in r.out
        assert len(r.out.splitlines()) == 1
        assert r.err == ""
    assert os.listdir(tmp_path) == []


def test_missing_default_database_creates_no_folder(capsys, tmp_path, monkeypatch):
    """Without --db and $GOALTUI_DB, the data folder is not made just to say 'no goals'."""
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("GOALTUI_DB")
    for command in ("list", "due"):
        r = cli(capsys, command)
        assert r.code == 0
        assert "No goals yet" in r.out
        assert str(data / "goaltui" / "goaltui.db") in r.out
    assert not data.exists()


def test_goaltui_db_variable_is_used(capsys, tmp_path, monkeypatch):
    path = tmp_path / "from-env.db"
    monkeypatch.setenv("GOALTUI_DB", str(path))
    assert cli(capsys, "demo").code == 0
    assert goal_count(path) == 7
    # --db wins over the variable
    other = tmp_path / "other.db"
    assert cli(capsys, "--db", str(other), "demo").code == 0
    assert goal_count(other) == 7


def test_db_in_a_missing_folder_is_refused(capsys, tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "goals.db"
    for args in (
        ["demo"],
        ["import", str(tmp_path / "x.json")],
        ["checkin", "x", "1"],
        ["export", "json"],
        ["backup"],
    ):
        r = cli(capsys, "--db", str(path), *args)
        line = r.assert_failed(1)
        assert "does not exist" in line
    assert os.listdir(tmp_path) == []


def test_list_and_due_refuse_a_database_in_a_missing_folder(capsys, tmp_path):
    """A folder that does not exist is a mistake to point out, not an empty start."""
    path = tmp_path / "no-such-folder" / "goals.db"
    for command in ("list", "due"):
        line = cli(capsys, "--db", str(path), command).assert_failed(1)
        assert line.startswith("goaltui: ")
        assert f"the folder {path.parent} does not exist; create it first" in line
    assert os.listdir(tmp_path) == []


def test_default_data_folder_is_made_private(capsys, tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("XDG_DATA_HOME", str(data))
    monkeypatch.delenv("GOALTUI_DB")
    r = cli(capsys, "demo")
    assert r.code == 0, r.err
    folder = data / "goaltui"
    assert oct(os.stat(folder).st_mode & 0o777) == oct(0o700)
    assert oct(os.stat(folder / "goaltui.db").st_mode & 0o777) == oct(0o600)
    assert TODAY  # the demo is dated by the system clock here; only the files matter
