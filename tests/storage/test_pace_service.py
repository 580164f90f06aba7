"""Pauses and revisions made through the service move the pace line as README says.

Figures are worked out by hand in the comments; the clock is moved by hand.
"""

from __future__ import annotations

from datetime import date, datetime, time

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus, KpiStatus
from goaltui.services import GoalService


def at(svc: GoalService, day: date) -> None:
    svc.clock = FixedClock(day, time(9, 0))


def make_goal(svc: GoalService) -> tuple[int, int]:
    """0 -> 100 from 2026-01-01 to 2026-04-11 (100 days): 1 a day."""
    now = datetime(2026, 1, 1, 9)
    g = svc.repo.add(
        "goal", now=now, title="Run", start=date(2026, 1, 1), deadline=date(2026, 4, 11)
    )
    k = svc.repo.add("kpi", goal_id=g.id, name="km", baseline=0, target=100, cadence="daily")
    return g.id, k.id


def test_a_pause_keeps_a_lead_and_moves_the_end(location):
    svc = GoalService.open(location, FixedClock(date(2026, 2, 1)))
    try:
        goal_id, kpi_id = make_goal(svc)
        # 2026-02-01 is day 31: the line is at 31; a value of 36 is 5 days ahead.
        svc.repo.add_measurements([(kpi_id, date(2026, 2, 1), 36.0, "")], datetime(2026, 2, 1))
        assert svc.reading(kpi_id).days_ahead == 5
        svc.set_status(goal_id, GoalStatus.PAUSED)
        at(svc, date(2026, 3, 20))  # paused for 47 days: nothing moves
        paused = svc.reading(kpi_id)
        assert (paused.days_ahead, paused.expected) == (5, 31.0)
        svc.set_status(goal_id, GoalStatus.ACTIVE)
        at(svc, date(2026, 4, 1))
        # 59 days after the value, 47 of them paused: 12 days of pace, so the
        # line is at 31 + 12 = 43. It was at 36 seven unpaused days ago: the lead
        # of 5 is used up by 12 days without a value, 7 days behind.
        back = svc.reading(kpi_id)
        assert back.expected == 43.0
        assert back.days_ahead == -7
        assert back.paused_days == 47
        # The line now ends 47 days after the deadline; the deadline is unchanged.
        assert back.pace_end == date(2026, 5, 28)
        assert svc.goal(goal_id).deadline == date(2026, 4, 11)
        assert (date(2026, 2, 1), 31.0) in back.pace.points
        assert (date(2026, 3, 20), 31.0) in back.pace.points
        assert back.status == KpiStatus.AT_RISK  # 7 % of the span behind
        # An edit while resumed does not touch the pause.
        svc.edit_goal(goal_id, {"title": "Run more"})
        assert svc.reading(kpi_id).days_ahead == -7
    finally:
        svc.close()


def test_revisions_chain_from_the_pace_of_their_day(location):
    svc = GoalService.open(location, FixedClock(date(2026, 1, 21)))
    try:
        goal_id, kpi_id = make_goal(svc)
        # Day 20: the line is at 20. The target goes to 80: from (01-21, 20) to
        # (04-11, 80), 80 days for 60, 0.75 a day.
        svc.edit_kpi(kpi_id, {"target": 80.0}, reason="injury")
        at(svc, date(2026, 2, 10))
        # Day 40: 20 + 0.75 * 20 = 35. The deadline moves to 2026-05-01: from
        # (02-10, 35) to (05-01, 80), 80 days for 45.
        svc.edit_goal(goal_id, {"deadline": date(2026, 5, 1)}, reason="a race moved")
        at(svc, date(2026, 3, 2))
        # Day 60: 35 + 45 * 20 / 80 = 46.25.
        svc.repo.add_measurements([(kpi_id, date(2026, 3, 2), 46.25, "")], datetime(2026, 3, 2))
        r = svc.reading(kpi_id)
        assert r.expected == 46.25
        assert r.days_ahead == 0
        assert r.status == KpiStatus.ON_TRACK
        assert r.pace.points == (
            (date(2026, 1, 1), 0.0),
            (date(2026, 1, 21), 20.0),
            (date(2026, 2, 10), 35.0),
            (date(2026, 5, 1), 80.0),
        )
        assert r.original_pace.points == ((date(2026, 1, 1), 0.0), (date(2026, 4, 11), 100.0))
        # A new baseline leaves the line alone from then on, and changes progress:
        # (46.25 - 10) / (80 - 10) = 51.8 %.
        svc.edit_kpi(kpi_id, {"baseline": 10.0}, reason="measured again")
        r = svc.reading(kpi_id)
        assert r.expected == 46.25
        assert round(r.progress, 3) == 0.518
    finally:
        svc.close()
