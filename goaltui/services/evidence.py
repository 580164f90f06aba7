"""The evidence a review rests on: each goal's KPIs, milestones and notes over a period."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from goaltui.domain import kpi as kpi_rules
from goaltui.domain.bounds import BOUNDED
from goaltui.domain.confidence import ConfidenceEntry, confidence_in_period, confidence_trail
from goaltui.domain.models import (
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiStatus,
    Milestone,
    Obstacle,
    Review,
    Revision,
)
from goaltui.domain.obstacles import ObstaclesMet, obstacles_met
from goaltui.domain.pace import pace_value_on
from goaltui.services.errors import ServiceError
from goaltui.storage.repository import NotFound

if TYPE_CHECKING:
    from goaltui.services import GoalService


@dataclass(frozen=True, slots=True)
class KpiEvidence:
    """One KPI over a review period: value at its start and end against target and pace."""

    kpi: Kpi
    start_value: float | None
    end_value: float | None
    target: float
    pace_at_end: float | None
    status_at_start: KpiStatus
    status_at_end: KpiStatus
    days_at_end: int | None = None
    #: Where the line as first planned stood at the end, for a revised KPI.
    original_pace_at_end: float | None = None


@dataclass(frozen=True, slots=True)
class GoalEvidence:
    """What happened to one goal in a review period, from the data rather than memory."""

    goal: Goal
    kpis: Sequence[KpiEvidence]
    milestones_hit: Sequence[Milestone]
    milestones_missed: Sequence[Milestone]
    #: The confidence in force as the period began, then each one given in it
    #: (:func:`goaltui.domain.confidence.confidence_in_period`).
    confidence: Sequence[ConfidenceEntry]
    wins: Sequence[tuple[date, str]]
    obstacles: Sequence[tuple[date, str]]
    revisions: Sequence[Revision]
    reviews: Sequence[Review]
    #: The obstacles met in the period: planned ones (with their days) and the others.
    obstacles_met: ObstaclesMet = field(default_factory=ObstaclesMet)


def review_evidence(
    svc: GoalService, start: date, end: date, goal_id: int | None = None
) -> list[GoalEvidence]:
    """Per goal (one, or every open and recently closed one) the evidence for ``start``-``end``."""
    if end < start:
        raise ServiceError("the period ends before it starts")
    repo = svc.repo
    if goal_id is not None:
        try:
            chosen = [repo.get("goal", goal_id)]
        except NotFound:
            raise NotFound("that goal no longer exists") from None
    else:
        chosen = [
            g
            for g in svc.known_goals()
            if not g.archived and g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
        ]
    ids = [g.id for g in chosen]
    goals = {g.id: g for g in chosen}
    kpis = repo.kpis(ids) if ids else []
    kpi_evidence = _kpi_evidence(svc, kpis, goals, start, end)
    # Only what the period can show is read, grouped per goal once: with
    # thousands of goals a scan per goal is quadratic.
    kpis_of: dict[int, list[KpiEvidence]] = {}
    for k in kpis:
        kpis_of.setdefault(k.goal_id, []).append(kpi_evidence[k.id])
    milestones_of: dict[int, list[Milestone]] = {}
    for m in repo.milestones_in(ids, start, end) if ids else []:
        milestones_of.setdefault(m.goal_id, []).append(m)
    # Check-ins from before the period too: the confidence in force as it began.
    checkins_of: dict[int, list[CheckIn]] = {}
    for c in repo.checkins(goal_id, until=end):
        if c.goal_id in goals:
            checkins_of.setdefault(c.goal_id, []).append(c)
    reviews_of: dict[int, list[Review]] = {}
    for r in repo.reviews(goal_id):
        if r.goal_id is not None:
            reviews_of.setdefault(r.goal_id, []).append(r)
    planned_of = _by_goal_id(repo.obstacles(ids)) if ids else {}
    revisions_of: dict[int, list[Revision]] = {}
    for rev in repo.revisions_between(start, end, goal_id):
        revisions_of.setdefault(rev.goal_id, []).append(rev)
    today = svc.clock.today()
    out: list[GoalEvidence] = []
    for g in chosen:
        mine = milestones_of.get(g.id, [])
        hit = [m for m in mine if m.done_on is not None and start <= m.done_on <= end]
        missed = [
            m
            for m in mine
            if start <= m.target_date <= end
            and (m.done_on is None or m.done_on > m.target_date)
            and m.target_date < today
        ]
        history = checkins_of.get(g.id, [])
        notes = history[bisect_left(history, start, key=_day) :]
        confidence = confidence_in_period(confidence_trail(g, history), start, end)
        # Tuples: most goals have nothing in most of these, and () is shared.
        out.append(
            GoalEvidence(
                goal=g,
                kpis=tuple(kpis_of.get(g.id, ())),
                milestones_hit=tuple(hit),
                milestones_missed=tuple(missed),
                confidence=confidence,
                wins=tuple((c.day, c.wins) for c in notes if c.wins.strip()),
                obstacles=tuple((c.day, c.obstacles) for c in notes if c.obstacles.strip()),
                revisions=tuple(revisions_of.get(g.id, ())),
                reviews=tuple(reviews_of.get(g.id, ())),
                obstacles_met=obstacles_met(
                    [c for c in notes if c.day <= end], planned_of.get(g.id, ())
                ),
            )
        )
    return out


def _by_goal_id(obstacles: Sequence[Obstacle]) -> dict[int, list[Obstacle]]:
    out: dict[int, list[Obstacle]] = {}
    for o in obstacles:
        out.setdefault(o.goal_id, []).append(o)
    return out


def _day(checkin: CheckIn) -> date:
    return checkin.day


def _kpi_evidence(
    svc: GoalService, kpis: list[Kpi], goals: dict[int, Goal], start: date, end: date
) -> dict[int, KpiEvidence]:
    """Each KPI's one reading as the period began (its eve) and as it ended.

    A period that has not ended yet is read as it stands today, not on its last
    day: the figures are then today's, as every other screen shows them. The
    readings are the very ones every screen shows (``GoalService.read_on``),
    read on those two days from the few periods before each that a reading needs.
    """
    if not kpis:
        return {}
    recent = dict.fromkeys(Cadence, kpi_rules.RECENT_PERIODS + 1)
    eve = start - timedelta(days=1) if start > date.min else start
    until = max(eve, min(end, svc.clock.today()))
    at_eve, at_end = svc.read_on_days(kpis, goals, [eve, until], periods=recent)
    before = {r.kpi.id: r for r in at_eve}
    after = {r.kpi.id: r for r in at_end}
    out: dict[int, KpiEvidence] = {}
    for k in kpis:
        first, last = before[k.id], after[k.id]
        original = None
        if last.original_pace is not None:
            original = pace_value_on(last.original_pace, until)
        out[k.id] = KpiEvidence(
            kpi=k,
            start_value=first.current,
            end_value=last.current,
            target=k.target,
            # A bound has no pace to keep: its target is all there is to compare with.
            pace_at_end=None if k.kind in BOUNDED else last.expected,
            status_at_start=first.status,
            status_at_end=last.status,
            days_at_end=last.days_ahead,
            original_pace_at_end=original,
        )
    return out
