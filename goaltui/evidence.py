"""The evidence a review rests on: each goal's KPIs, milestones and notes over a period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from goaltui.domain import kpi as kpi_rules
from goaltui.domain.models import (
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiStatus,
    Milestone,
    Review,
    Revision,
)
from goaltui.services import ServiceError
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


@dataclass(frozen=True, slots=True)
class GoalEvidence:
    """What happened to one goal in a review period, from the data rather than memory."""

    goal: Goal
    kpis: list[KpiEvidence]
    milestones_hit: list[Milestone]
    milestones_missed: list[Milestone]
    confidence: list[tuple[date, int]]
    wins: list[tuple[date, str]]
    obstacles: list[tuple[date, str]]
    revisions: list[Revision]
    reviews: list[Review]


def review_evidence(
    svc: GoalService, start: date, end: date, goal_id: int | None = None
) -> list[GoalEvidence]:
    """Per goal (one, or every open and recently closed one) the evidence for ``start``-``end``."""
    if end < start:
        raise ServiceError("the period ends before it starts")
    all_goals = {g.id: g for g in svc.repo.goals()}
    if goal_id is not None:
        if goal_id not in all_goals:
            raise NotFound("that goal no longer exists")
        chosen = [all_goals[goal_id]]
    else:
        chosen = [
            g
            for g in all_goals.values()
            if not g.archived and g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
        ]
    ids = [g.id for g in chosen]
    kpis = svc.repo.kpis(ids) if ids else []
    series = svc.repo.series(kpis, None) if kpis else {}
    originals = svc._original_paces(kpis, all_goals)
    milestones = svc.repo.milestones(ids) if ids else []
    # Grouped per goal once: with thousands of goals a scan per goal is quadratic.
    wanted = set(ids)
    kpis_of: dict[int, list[Kpi]] = {}
    for k in kpis:
        kpis_of.setdefault(k.goal_id, []).append(k)
    milestones_of: dict[int, list[Milestone]] = {}
    for m in milestones:
        milestones_of.setdefault(m.goal_id, []).append(m)
    checkins_of: dict[int, list[CheckIn]] = {}
    for c in svc.repo.checkins(since=start, until=end):
        if c.goal_id in wanted:
            checkins_of.setdefault(c.goal_id, []).append(c)
    reviews_of: dict[int, list[Review]] = {}
    for r in svc.repo.reviews():
        if r.goal_id is not None:
            reviews_of.setdefault(r.goal_id, []).append(r)
    revisions_of: dict[int, list[Revision]] = {}
    for rev in svc.repo.revisions(goal_id) if goal_id is not None else svc.repo.revisions():
        if start <= rev.at.date() <= end:
            revisions_of.setdefault(rev.goal_id, []).append(rev)
    out: list[GoalEvidence] = []
    for g in chosen:
        evidence: list[KpiEvidence] = []
        for k in kpis_of.get(g.id, []):
            values = series.get(k.id, [])
            before = [p for p in values if p.start < start]
            at_start = kpi_rules.read_kpi(k, g, before, start, originals.get(k.id))
            at_end = kpi_rules.read_kpi(k, g, values, end, originals.get(k.id))
            evidence.append(
                KpiEvidence(
                    kpi=k,
                    start_value=at_start.current,
                    end_value=at_end.current,
                    target=k.target,
                    pace_at_end=at_end.expected,
                    status_at_start=at_start.status,
                    status_at_end=at_end.status,
                )
            )
        mine = milestones_of.get(g.id, [])
        hit = [m for m in mine if m.done_on is not None and start <= m.done_on <= end]
        missed = [
            m
            for m in mine
            if start <= m.target_date <= end
            and (m.done_on is None or m.done_on > m.target_date)
            and m.target_date < svc.clock.today()
        ]
        notes = checkins_of.get(g.id, [])
        out.append(
            GoalEvidence(
                goal=g,
                kpis=evidence,
                milestones_hit=hit,
                milestones_missed=missed,
                confidence=[(c.day, c.confidence) for c in notes if c.confidence is not None],
                wins=[(c.day, c.wins) for c in notes if c.wins.strip()],
                obstacles=[(c.day, c.obstacles) for c in notes if c.obstacles.strip()],
                revisions=revisions_of.get(g.id, []),
                reviews=reviews_of.get(g.id, []),
            )
        )
    return out
