"""`checkin KPI VALUE`: finding the KPI, reading the value and the date."""

from __future__ import annotations

import csv
import io
import os
from datetime import date

import pytest

from tests._files import sha256, sidecars
from tests.cli.helpers import cli, cli_at, fingerprint, open_db
from tests.conftest import TODAY


@pytest.fixture
def kpi_db(demo_service, db_arg):
    """The demo goals plus KPIs whose names share beginnings."""
    goal = demo_service.goals()[0]
    for name in ("Push-ups", "Pull-ups", "Run", "Running distance"):
        demo_service.add_kpi(goal.id, name=name, baseline=0, target=100, cadence="daily")
    demo_service.close()
    return db_arg


def kpi_id(path, name):

    svc = open_db(path)
    try:
        return next(k.id for k in svc.repo.kpis() if k.name == name)
    finally:
        svc.close()


def values_of(path, name):

    svc = open_db(path)
    try:
        k = next(k for k in svc.repo.kpis() if k.name == name)
        return [(m.day, m.value, m.note) for m in svc.repo.measurements(k.id)]
    finally:
        svc.close()


def test_checkin_then_list_and_export_show_it(capsys, demo_db_arg, clock):
    db = demo_db_arg
    r = cli_at(capsys, clock, "--db", db, "checkin", "Weekly visits", "42", "--note", "launch day")
    assert r.code == 0, r.err
    assert r.out.startswith(f"Recorded 42 visits for Weekly visits on {TODAY.isoformat()}: ")
    assert r.err == ""

    r = cli_at(capsys, clock, "--db", db, "list", "--kpis")
    line = next(x for x in r.out.splitlines() if "Weekly visits" in x)
    assert "  42/12000 visits  " in line
    assert "off track" in line or "missed" in line or "at risk" in line

    r = cli_at(capsys, clock, "--db", db, "export", "csv")
    rows = list(csv.DictReader(io.StringIO(r.out)))
    mine = [row for row in rows if row["note"] == "launch day"]
    assert mine == [
        {
            "kpi_id": str(kpi_id(demo_db_arg, "Weekly visits")),
            "kpi": "Weekly visits",
            "goal": "Increase website traffic by 20% in six months",
            "unit": "visits",
            "date": "2026-11-22",
            "value": "42.0",
            "note": "launch day",
        }
    ]


def test_checkin_through_main_with_the_system_clock(capsys, demo_db_arg):
    r = cli(capsys, "--db", demo_db_arg, "checkin", "Defect rate", "3.25")
    assert r.code == 0, r.err
    today = date.today().isoformat()
    assert f"Recorded 3.25 % for Defect rate on {today}" in r.out
    assert (date.today(), 3.25, "") in values_of(demo_db_arg, "Defect rate")
    r = cli(capsys, "--db", demo_db_arg, "export", "csv")
    assert (
        f"Defect rate,Reduce the product defect rate from 5% to 2% by year end,%,{today},3.25,"
        in r.out
    )


def test_checkin_reaching_the_target_says_so(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Weekly visits", "12500")
    assert r.code == 0
    assert "Target reached: Weekly visits is at 12000 visits." in r.out


def test_checkin_date_and_relative_date(capsys, demo_db_arg, clock):
    db = demo_db_arg
    assert (
        cli_at(capsys, clock, "--db", db, "checkin", "Page load", "1.5", "--date", "yesterday").code
        == 0
    )
    assert (
        cli_at(
            capsys, clock, "--db", db, "checkin", "Page load", "1.6", "--date", "2026-01-31"
        ).code
        == 0
    )
    days = [(d, v) for d, v, _ in values_of(demo_db_arg, "Page load time")]
    assert (date(2026, 11, 21), 1.5) in days
    assert (date(2026, 1, 31), 1.6) in days


@pytest.mark.parametrize(
    ("args", "day"),
    [
        (["--date", "-2d"], date(2026, 11, 20)),  # the form the help shows
        (["--date", "-1w", "--note", "late"], date(2026, 11, 15)),
        (["--note", "-3d", "--date", "-3d"], date(2026, 11, 19)),
        (["--date=-4d"], date(2026, 11, 18)),
    ],
)
def test_a_relative_date_after_date_is_its_value(capsys, demo_db_arg, clock, args, day):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Page load", "1.25", *args)
    assert r.code == 0, r.err
    assert (day, 1.25) in [(d, v) for d, v, _ in values_of(demo_db_arg, "Page load time")]


def test_a_negative_value_is_still_a_value(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Defect rate", "-2", "--date", "-2d")
    assert r.code == 0, r.err
    assert (date(2026, 11, 20), -2.0, "") in values_of(demo_db_arg, "Defect rate")


@pytest.mark.parametrize(
    ("ref", "name"),
    [
        ("weekly visits", "Weekly visits"),  # exact, other case
        ("WEEKLY", "Weekly visits"),  # prefix, other case
        ("  Weekly vis ", "Weekly visits"),  # spaces around are ignored
        ("push", "Push-ups"),
        ("run", "Run"),  # an exact name wins over the longer one it starts
        ("runn", "Running distance"),
    ],
)
def test_kpi_by_name_or_prefix(capsys, kpi_db, clock, ref, name):
    r = cli_at(capsys, clock, "--db", str(kpi_db), "checkin", ref, "7")
    assert r.code == 0, r.err
    assert f" for {name} on " in r.out
    assert (TODAY, 7.0, "") in values_of(kpi_db, name)


def test_kpi_by_id(capsys, kpi_db, clock):
    ident = kpi_id(kpi_db, "Pull-ups")
    r = cli_at(capsys, clock, "--db", str(kpi_db), "checkin", str(ident), "12")
    assert r.code == 0, r.err
    assert " for Pull-ups on " in r.out
    assert values_of(kpi_db, "Pull-ups") == [(TODAY, 12.0, "")]


def test_ambiguous_prefix_names_the_matches(capsys, kpi_db):
    before = fingerprint(kpi_db)
    r = cli(capsys, "--db", str(kpi_db), "checkin", "pu", "12")
    line = r.assert_failed(1)
    assert "'Push-ups'" in line
    assert "'Pull-ups'" in line
    assert "several" in line
    assert r.out == ""
    assert fingerprint(kpi_db) == before


@pytest.mark.parametrize("ref", ["Nonexistent", "9999", "zz"])
def test_unknown_kpi(capsys, kpi_db, ref):
    before = fingerprint(kpi_db)
    r = cli(capsys, "--db", str(kpi_db), "checkin", ref, "12")
    line = r.assert_failed(1)
    assert "no KPI matches" in line
    assert "list --kpis" in line
    assert fingerprint(kpi_db) == before


@pytest.mark.parametrize(
    "value", ["abc", "nan", "NaN", "inf", "Infinity", "1e309", "", " ", "1,5", "0x10", "1e16"]
)
def test_bad_values_are_refused(capsys, demo_db, value):
    before = sha256(demo_db)
    r = cli(capsys, "--db", str(demo_db), "checkin", "Weekly visits", value)
    line = r.assert_failed(1)
    assert line.startswith("goaltui: value: ")
    assert r.out == ""
    assert sha256(demo_db) == before
    assert sidecars(demo_db) == []


@pytest.mark.parametrize(
    ("value", "stored"), [("85%", 85.0), ("-3.5", -3.5), ("2e3", 2000.0), ("+7", 7.0), (".5", 0.5)]
)
def test_good_values(capsys, demo_db_arg, clock, value, stored):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "Defect rate", value)
    assert r.code == 0, r.err
    assert (TODAY, stored, "") in values_of(demo_db_arg, "Defect rate")


@pytest.mark.parametrize(
    ("when", "words"),
    [
        ("2026-02-30", "not a date"),
        ("2026-13-01", "not a date"),
        ("someday", "not a date"),
        ("2026-11-23", "future"),
        ("tomorrow", "future"),
        ("+1d", "future"),
        ("9999-12-31", "future"),
        ("1850-01-01", "out of range"),
    ],
)
def test_bad_dates_are_refused(capsys, demo_db, clock, when, words):
    before = sha256(demo_db)
    r = cli_at(
        capsys, clock, "--db", str(demo_db), "checkin", "Weekly visits", "42", "--date", when
    )
    line = r.assert_failed(1)
    assert line.startswith("goaltui: --date: ")
    assert words in line
    assert sha256(demo_db) == before
    assert sidecars(demo_db) == []


def test_checkin_on_a_missing_database_creates_nothing(capsys, tmp_path):
    path = tmp_path / "missing.db"
    r = cli(capsys, "--db", str(path), "checkin", "Weekly visits", "42")
    r.assert_failed(1)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "value", "stored"),
    [
        ("Average time on site", "2:30", 2.5),  # min, m:ss
        ("Average time on site", "1:02:30", 62.5),  # min, h:mm:ss
        ("First reply time", "1:30", 1.5),  # h, h:mm
        ("Page load time", "0:01.5", 1.5),  # s, m:ss
    ],
)
def test_durations_for_time_units(capsys, demo_db_arg, clock, name, value, stored):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", name, value)
    assert r.code == 0, r.err
    today = [v for d, v, _n in values_of(demo_db_arg, name) if d == TODAY]
    assert pytest.approx(stored) in today


def test_a_duration_for_a_count_is_refused(capsys, demo_db):
    before = sha256(demo_db)
    r = cli(capsys, "--db", str(demo_db), "checkin", "Weekly visits", "28:10")
    line = r.assert_failed(1)
    assert line == (
        "goaltui: value: '28:10' is a duration, but this is a KPI in 'visits': "
        "enter a plain number, e.g. 3.5"
    )
    assert sha256(demo_db) == before


def test_a_negative_count_is_kept_with_a_note(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "checkin", "German paying customers", "-3")
    assert r.code == 0, r.err
    lines = r.out.splitlines()
    assert lines[-1] == (
        "Note: -3 is below zero, while 'German paying customers' runs from 0 to 50: "
        "kept, but check it."
    )
    assert (TODAY, -3.0, "") in values_of(demo_db_arg, "German paying customers")


def test_one_value_ahead_of_pace_has_a_real_forecast(capsys, service, db_arg, clock):
    """A first value ahead of the line is never read as "not at this rate"."""
    from goaltui.storage.repository import PlanRows

    # 0 -> 120 sign-ups from 2026-11-01 to 2027-03-01 (120 days): the line is at N on
    # day N. 40 on d19 (11-20), read on d21 (11-22): the line is at 21 and reaches 40 on
    # d40: 19 days ahead. From the baseline, (d0, 0) -> (d19, 40) is 40/19 a day: the
    # 80 to go take 38 days: d57 = 2026-12-28.
    service.create_goal(
        PlanRows(
            goal={
                "title": "Grow sign-ups",
                "start": date(2026, 11, 1),
                "deadline": date(2027, 3, 1),
            },
            kpis=[{"name": "Sign-ups", "unit": "", "baseline": 0, "target": 120}],
        )
    )
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "checkin", "Sign-ups", "40", "--date", "2026-11-20")
    assert r.code == 0, r.err
    assert r.out == (
        "Recorded 40 for Sign-ups on 2026-11-20: on track, 19 days ahead, target by 2026-12-28\n"
    )
    listed = cli_at(capsys, clock, "--db", db_arg, "list", "--kpis").out
    assert listed.rstrip().endswith("on track, 19 days ahead, target by 2026-12-28")
