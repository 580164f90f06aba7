"""`goaltui due` counts a biweekly KPI's fortnights from its goal's start."""

from __future__ import annotations

from datetime import date, datetime

from tests.cli.helpers import cli_at

NOW = datetime(2026, 11, 22, 9)


def test_due_on_the_command_line_counts_fortnights_from_the_start(capsys, service, db_arg, clock):
    # Fortnights from Monday 2026-01-05; the fixture's today, Sunday 11-22, ends the one
    # from Monday 11-09 (01-05 + 22 * 14 days). A value on 11-09 is this fortnight's (a
    # weekly KPI would be due again since 11-16); one on Sunday 11-08 is the last one's.
    goal = service.repo.add(
        "goal", now=NOW, title="Mentor", start=date(2026, 1, 7), deadline=date(2027, 6, 30)
    )
    for name, day in (("Mentor talks", date(2026, 11, 9)), ("Reading hours", date(2026, 11, 8))):
        k = service.add_kpi(goal.id, name=name, baseline=0, target=10, cadence="biweekly")
        service.repo.add_measurements([(k.id, day, 1.0, "")], NOW)
    service.close()
    r = cli_at(capsys, clock, "--db", db_arg, "due")
    assert r.code == 0, r.err
    assert "Reading hours" in r.out
    assert "Mentor talks" not in r.out
