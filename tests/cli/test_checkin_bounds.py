"""`goaltui checkin` confirms a stay KPI's periods in bounds as they are after the value.

A value of today's period leaves the complete periods as they were; one dated
into a complete period can take that period out of bounds, and the line says so.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.cli.helpers import cli_at

NOW = datetime(2026, 11, 22, 9)  # the fixture clock's today, Sunday of the week from 11-16


@pytest.fixture
def stay_db(service, db_arg):
    """Floor (at least 10, its last value a week) and Ceiling (at most 10, its last value),
    from Monday 10-26: three complete weeks before today's, each in bounds."""
    goal = service.repo.add(
        "goal",
        now=NOW,
        title="Keep it steady",
        start=date(2026, 10, 26),
        deadline=date(2027, 6, 30),
    )
    rows = []
    for name, kind, value in (("Floor", "stay_above", 12.0), ("Ceiling", "stay_below", 8.0)):
        k = service.add_kpi(
            goal.id,
            name=name,
            baseline=value,
            target=10,
            kind=kind,
            cadence="weekly",
            aggregation="last",
        )
        rows += [(k.id, day, value, "") for day in (date(2026, 10, 27), date(2026, 11, 3))]
        rows.append((k.id, date(2026, 11, 10), value, ""))
    service.repo.add_measurements(rows, NOW)
    service.close()
    return db_arg


def _line(r):
    assert (r.code, r.err) == (0, ""), r
    return r.out.splitlines()


def test_a_value_of_today_leaves_the_complete_periods_as_they_were(capsys, clock, stay_db):
    lines = _line(cli_at(capsys, clock, "--db", stay_db, "checkin", "Floor", "15"))
    # The running week counts once it has a value: 4 weeks, each in bounds.
    assert lines == ["Recorded 15 for Floor on 2026-11-22: on track, 4 of 4 periods in bounds"]
    lines = _line(cli_at(capsys, clock, "--db", stay_db, "checkin", "Floor", "4"))
    assert lines == [
        "Recorded 4 for Floor on 2026-11-22: at risk, 3 of 4 periods in bounds, out of bounds now"
    ]


def test_a_value_in_a_complete_period_is_counted_at_once(capsys, clock, stay_db):
    r = cli_at(capsys, clock, "--db", stay_db, "checkin", "Floor", "4", "--date", "2026-11-11")
    # The week from 11-09 ends on 4 now: out of bounds, and no value since.
    assert _line(r) == [
        "Recorded 4 for Floor on 2026-11-11: off track, 2 of 3 periods in bounds, "
        "out of bounds now, last value 11 days ago"
    ]


def test_several_values_in_a_complete_period_are_counted_at_once(capsys, clock, stay_db):
    r = cli_at(
        capsys, clock, "--db", stay_db, "checkin", "Floor", "4", "Ceiling", "20",
        "--date", "2026-11-04",
    )  # fmt: skip
    assert _line(r) == [
        "Recorded 4 for Floor on 2026-11-04: off track, 2 of 3 periods in bounds, "
        "last value 12 days ago",
        "Recorded 20 for Ceiling on 2026-11-04: off track, 2 of 3 periods in bounds, "
        "last value 12 days ago",
    ]
