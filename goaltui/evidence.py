"""The evidence a review rests on: each goal's KPIs, milestones and notes over a period."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from goaltui.domain import kpi as kpi_rules
from goaltui.domain.kpi import evaluation_day
from goaltui.domain.models import (
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    Milestone,
    Review,
    Revision,
)
from goaltui.domain.periods import period_end
from goaltui.services import ServiceError
from goaltui.storage.repository import NotFound

if TYPE_CHECKING:
    from goaltui.services import GoalService

_STAY = (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW)


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


@dataclass(frozen=True, slots=True)
class GoalEvidence:
    """What happened to one goal in a review period, from the data rather than memory."""

    goal: Goal
    kpis: Sequence[KpiEvidence]
    milestones_hit: Sequence[Milestone]
    milestones_missed: Sequence[Milestone]
    confidence: Sequence[tuple[date, int]]
    wins: Sequence[tuple[date, str]]
    obstacles: Sequence[tuple[date, str]]
    revisions: Sequence[Revision]
    reviews: Sequence[Review]


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
    checkins_of: dict[int, list[CheckIn]] = {}
    for c in repo.checkins(goal_id, since=start, until=end):
        if c.goal_id in goals:
            checkins_of.setdefault(c.goal_id, []).append(c)
    reviews_of: dict[int, list[Review]] = {}
    for r in repo.reviews(goal_id):
        if r.goal_id is not None:
            reviews_of.setdefault(r.goal_id, []).append(r)
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
        notes = checkins_of.get(g.id, [])
        # Tuples: most goals have nothing in most of these, and () is shared.
        out.append(
            GoalEvidence(
                goal=g,
                kpis=tuple(kpis_of.get(g.id, ())),
                milestones_hit=tuple(hit),
                milestones_missed=tuple(missed),
                confidence=tuple((c.day, c.confidence) for c in notes if c.confidence is not None),
                wins=tuple((c.day, c.wins) for c in notes if c.wins.strip()),
                obstacles=tuple((c.day, c.obstacles) for c in notes if c.obstacles.strip()),
                revisions=tuple(revisions_of.get(g.id, ())),
                reviews=tuple(reviews_of.get(g.id, ())),
            )
        )
    return out


def _through(day: date | None, cadence: Cadence) -> date | None:
    """The last day of the period holding ``day``: the periods that began by ``day`` end there."""
    return None if day is None else period_end(day, cadence)


def _kpi_evidence(
    svc: GoalService, kpis: list[Kpi], goals: dict[int, Goal], start: date, end: date
) -> dict[int, KpiEvidence]:
    """Each KPI at the start and at the end of the period.

    A reading needs the latest period counted on its day, and for a stay_above/
    stay_below KPI how many periods so far kept to the bound. Both come from
    SQL; the series itself is never read.
    """
    through: dict[int, tuple[date | None, date | None]] = {}
    for k in kpis:
        g = goals[k.goal_id]
        # At the start: the periods that began before it (and by the day it is read on).
        first = None
        if start > date.min:
            first = min(start - timedelta(days=1), evaluation_day(g, start))
        through[k.id] = (_through(first, k.cadence), _through(evaluation_day(g, end), k.cadence))
    latest = svc.repo.last_periods(kpis, through) if kpis else {}
    stay = [k for k in kpis if k.kind in _STAY]
    counts = (
        svc.repo.period_counts(
            stay,
            through,
            # reached(): at or below the target for these, at or above for the others
            at_most=[k.id for k in stay if k.kind == KpiKind.STAY_BELOW],
        )
        if stay
        else {}
    )
    out: dict[int, KpiEvidence] = {}
    for k in kpis:
        g = goals[k.goal_id]
        first_period, last_period = latest[k.id]
        read_start = kpi_rules.read_kpi(k, g, [first_period] if first_period else [], start)
        read_end = kpi_rules.read_kpi(k, g, [last_period] if last_period else [], end)
        status_start, status_end = read_start.status, read_end.status
        if k.kind in _STAY:
            tally = counts[k.id]
            status_start = _stay_status(k, read_start, tally[0], evaluation_day(g, start))
            status_end = _stay_status(k, read_end, tally[1], evaluation_day(g, end))
        out[k.id] = KpiEvidence(
            kpi=k,
            start_value=read_start.current,
            end_value=read_end.current,
            target=k.target,
            pace_at_end=read_end.expected,
            status_at_start=status_start,
            status_at_end=status_end,
        )
    return out


def _stay_status(kpi: Kpi, reading: KpiReading, tally: tuple[int, int], as_of: date) -> KpiStatus:
    """A stay_above/below KPI's status from its count of periods and of those in bounds."""
    periods, inside = tally
    if reading.current is None or not periods or reading.pace is None:
        return KpiStatus.NO_DATA
    return kpi_rules.stay_status(kpi, inside / periods, reading.current, reading.pace, as_of)
