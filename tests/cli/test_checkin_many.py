"""`checkin KPI VALUE [KPI VALUE ...]`: several KPIs in one transaction, all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from tests.cli.helpers import cli_at
from tests.cli.test_checkin import values_of
from tests.conftest import TODAY


@pytest.fixture
def kpi_db(demo_service, db_arg):
    goal = demo_service.goals()[0]
    for name, target in (("Push-ups", 100), ("Pull-ups", 100), ("Stretching", 10)):
        demo_service.add_kpi(goal.id, name=name, baseline=0, target=target, cadence="daily")
    demo_service.close()
    return db_arg


def stored(db):
    return {name: values_of(db, name) for name in ("Push-ups", "Pull-ups", "Stretching")}


def test_several_values_are_recorded_each_with_its_line(capsys, kpi_db, clock):
    r = cli_at(
        capsys, clock, "--db", str(kpi_db), "checkin",
        "Push-ups", "30", "Pull-ups", "5", "Stretching", "10", "--note", "gym",
    )  # fmt: skip
    assert r.code == 0, r.err
    assert r.err == ""
    lines = r.out.splitlines()
    recorded = [x for x in lines if x.startswith("Recorded ")]
    assert [x.split(" on ")[0] for x in recorded] == [
        "Recorded 30 for Push-ups",
        "Recorded 5 for Pull-ups",
        "Recorded 10 for Stretching",
    ]
    # Stretching went from its baseline 0 to 10, its target: that line follows it.
    assert "Target reached: Stretching is at 10." in lines
    assert lines.index("Target reached: Stretching is at 10.") > lines.index(recorded[2])
    assert stored(kpi_db) == {
        "Push-ups": [(TODAY, 30.0, "gym")],
        "Pull-ups": [(TODAY, 5.0, "gym")],
        "Stretching": [(TODAY, 10.0, "gym")],
    }


def test_a_bad_value_stores_nothing_and_names_its_kpi(capsys, kpi_db, clock):
    r = cli_at(capsys, clock, "--db", str(kpi_db), "checkin", "Push-ups", "30", "Pull-ups", "many")
    line = r.assert_failed(1)
    assert "Pull-ups" in line and "nothing was recorded" in line
    assert r.out == ""
    assert stored(kpi_db) == {"Push-ups": [], "Pull-ups": [], "Stretching": []}


def test_an_unknown_kpi_stores_nothing_and_is_named(capsys, kpi_db, clock):
    r = cli_at(capsys, clock, "--db", str(kpi_db), "checkin", "Push-ups", "30", "Yoga", "1")
    line = r.assert_failed(1)
    assert "Yoga" in line and "nothing was recorded" in line
    assert stored(kpi_db) == {"Push-ups": [], "Pull-ups": [], "Stretching": []}


def test_a_kpi_named_twice_stores_nothing(capsys, kpi_db, clock):
    r = cli_at(capsys, clock, "--db", str(kpi_db), "checkin", "Push-ups", "30", "push-ups", "5")
    assert "named twice" in r.assert_failed(1)
    assert stored(kpi_db)["Push-ups"] == []


def test_an_odd_number_of_arguments_is_a_usage_error(capsys, kpi_db, clock):
    from tests.cli.helpers import cli

    r = cli(capsys, "--db", str(kpi_db), "checkin", "Push-ups", "30", "Pull-ups")
    line = r.assert_failed(2)
    assert "'Pull-ups' has no value" in line
    assert stored(kpi_db) == {"Push-ups": [], "Pull-ups": [], "Stretching": []}


def test_the_write_is_one_transaction(service):
    # The second KPI disappears between the check and the write (deleted in another
    # window): the first value must not be kept either.
    goal = service.repo.add("goal", title="Fit", start=date(2026, 1, 1))
    a = service.add_kpi(goal.id, name="A", baseline=0, target=10, cadence="daily")
    b = service.add_kpi(goal.id, name="B", baseline=0, target=10, cadence="daily")
    service.delete_kpi(b.id)
    with pytest.raises(Exception, match="no longer exists"):
        service.kpi_service.record_many([(a, 1.0), (b, 2.0)], TODAY)
    assert service.measurements(a.id) == []
