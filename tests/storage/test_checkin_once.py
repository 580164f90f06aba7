"""One check-in per goal and day: saving again updates it, older duplicates merge."""

from __future__ import annotations

from datetime import date, datetime

TODAY = date(2026, 11, 22)  # the clock of the ``service`` fixture


def goal(svc, title: str = "Run a half marathon"):
    return svc.repo.add(
        "goal", now=datetime(2026, 11, 1), title=title, start=date(2026, 11, 1), confidence=7
    )


def rows(query) -> list[tuple]:
    return query("SELECT goal_id, day, confidence, wins, obstacles FROM checkin ORDER BY id")


def test_saving_the_same_checkin_twice_keeps_one_row(service, query):
    g = goal(service)
    entry = {"goal_id": g.id, "confidence": 8, "wins": "10 km", "obstacles": ""}
    service.save_checkin({}, [], [entry])
    service.save_checkin({}, [], [entry])
    assert rows(query) == [(g.id, "2026-11-22", 8, "10 km", "")]
    # A second save with other words updates the same row.
    service.save_checkin({}, [], [{"goal_id": g.id, "wins": "12 km", "obstacles": "knee"}])
    assert rows(query) == [(g.id, "2026-11-22", 8, "12 km", "knee")]


def test_older_same_day_rows_merge_without_losing_text(service, query):
    g = goal(service)
    add = service.repo.add
    add("checkin", goal_id=g.id, day=TODAY, confidence=7, wins="long run")
    add("checkin", goal_id=g.id, day=TODAY, confidence=8, wins="long run", obstacles="rain")
    add("checkin", goal_id=g.id, day=TODAY, wins="stretching")
    # Read as one: the day's last confidence, each distinct text once.
    [one] = service.repo.checkins(g.id)
    assert (one.confidence, one.wins, one.obstacles) == (8, "long run; stretching", "rain")
    # The next save merges the rows for good, then applies what it gives.
    service.save_checkin({}, [], [{"goal_id": g.id, "obstacles": "rain; cold"}])
    assert rows(query) == [(g.id, "2026-11-22", 8, "long run; stretching", "rain; cold")]


def test_emptying_todays_checkin_removes_it_and_empty_entries_add_nothing(service, query):
    g = goal(service)
    service.save_checkin({}, [], [{"goal_id": g.id, "wins": "", "obstacles": ""}])
    assert rows(query) == []
    service.save_checkin({}, [], [{"goal_id": g.id, "confidence": 6}])
    service.save_checkin({}, [], [{"goal_id": g.id, "confidence": None, "wins": ""}])
    assert rows(query) == []


def test_a_value_of_todays_checkin_is_corrected_not_added(service):
    g = goal(service)
    kpi = service.add_kpi(g.id, name="Km run", baseline=0, target=21, cadence="daily")
    service.save_checkin({kpi.id: 5.0})
    [m] = service.measurements(kpi.id)
    result = service.save_checkin({kpi.id: 6.0}, corrections={kpi.id: m.id})
    assert [(x.id, x.value) for x in service.measurements(kpi.id)] == [(m.id, 6.0)]
    assert result.kpis == 1
