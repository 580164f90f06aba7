"""`checkin` says when a value reaches an open checkpoint, and how to mark it; it marks nothing."""

from __future__ import annotations

from datetime import date, datetime

from tests.cli.helpers import cli_at, open_db


def test_checkin_names_the_checkpoint_it_reached(capsys, service, db_arg, clock):
    g = service.repo.add(
        "goal",
        now=datetime(2026, 1, 1),
        title="Stickier site",
        start=date(2026, 1, 1),
        deadline=date(2026, 12, 31),
    )
    k = service.repo.add(
        "kpi",
        goal_id=g.id,
        name="time on site",
        unit="min",
        baseline=1,
        target=2,
        kind="increase",
        cadence="daily",
    )
    first = service.add_milestone(g.id, "Summer redesign", date(2026, 6, 30))
    later = service.add_milestone(g.id, "Video guides", date(2026, 12, 1))
    service.milestone_service.set_checkpoint(first.id, k.id, 1.5)
    service.milestone_service.set_checkpoint(later.id, k.id, 1.8)
    service.close()

    r = cli_at(capsys, clock, "--db", db_arg, "checkin", "time on site", "1.4")
    assert r.code == 0, r.err
    assert "Checkpoint" not in r.out

    r = cli_at(capsys, clock, "--db", db_arg, "checkin", "time on site", "1.6")
    assert r.code == 0, r.err
    lines = [x for x in r.out.splitlines() if x.startswith("Checkpoint")]
    assert lines == [
        "Checkpoint reached: Summer redesign (time on site 1.5 min); "
        "mark it reached with x on the Timeline (2) in goaltui."
    ]

    svc = open_db(db_arg)
    try:
        assert svc.repo.get("milestone", first.id).done_on is None  # offered, not marked
    finally:
        svc.close()
