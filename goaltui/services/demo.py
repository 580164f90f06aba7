"""Demo goals, from the examples SMART and reverse goal setting are taught with.

Everything is dated relative to the service's clock, and the "noise" in the
measurements comes from a seeded generator, so the demo is the same on every
machine for a given day. The goals themselves are in :mod:`goaltui.services.demo_goals`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from goaltui.domain.agreement import ACKNOWLEDGED
from goaltui.domain.models import Cadence
from goaltui.services.demo_goals import CSAT_START, HALF_YEAR, TOS_START, demo_goals
from goaltui.services.demo_series import DemoSeries, demo_series
from goaltui.storage.repository import (
    CheckinRows,
    PlanRows,
    Repository,
    RevisionDraft,
    labelled,
)

if TYPE_CHECKING:
    from goaltui.services import GoalService


@dataclass(frozen=True, slots=True)
class DemoReview:
    """A review of the goal ``goal`` (a key), written at ``at``."""

    goal: str
    at: date
    fields: dict[str, Any]


def load(svc: GoalService) -> int:
    """Add the demo goals to the database in one transaction; returns how many goals
    were added (all of them, or none if anything fails or the process is killed)."""
    with labelled("adding the demo goals"):
        return svc.repo.atomic(lambda: _load(svc))


def _load(svc: GoalService) -> int:
    today = svc.clock.today()
    repo = svc.repo
    ids = _add_goals(repo, today)
    now = svc.clock.now()
    kpis = {k.name: k.id for k in repo.kpis()}
    rng = random.Random(20260101)

    def noise(scale: float) -> float:
        return rng.uniform(-scale, scale)

    rows = [
        (kpis[s.kpi], day, round(value, s.digits), "")
        for s in demo_series(today, noise)
        for day, value in _values(s)
        if day <= today
    ]
    repo.add_measurements(rows, now)

    # The satisfaction target was revised from 90 % to 85 %, with a reason.
    kpi_id = kpis["Customer satisfaction"]
    reason = "90% was above the best score in our industry benchmark; 85% still stretches us"
    repo.update(
        "kpi",
        kpi_id,
        {"target": 85.0},
        [RevisionDraft("kpi", kpi_id, ids["csat"], "target", "90", "85", reason)],
        now=datetime.combine(today - timedelta(days=60), time(17, 30)),
    )
    (audit,) = repo.obstacles([ids["defects"]])
    repo.save_checkin(CheckinRows(entries=_checkins(today, ids, audit.id)), now)
    _acknowledge(repo, today, ids)
    for review in _reviews(today):
        at = datetime.combine(review.at, time(16, 0))
        repo.add("review", now=at, goal_id=ids[review.goal], **review.fields)
    return len(ids)


def _add_goals(repo: Repository, today: date) -> dict[str, int]:
    """Store each demo goal with its KPIs and plan, as written on its start; key -> id."""
    ids: dict[str, int] = {}
    for demo in demo_goals(today):
        fields = dict(demo.fields)
        if demo.parent is not None:
            fields["parent_id"] = ids[demo.parent]
        stamp = datetime.combine(fields["start"], time(9, 0))
        rows = PlanRows(
            goal=fields, kpis=demo.kpis, milestones=demo.milestones, obstacles=demo.obstacles
        )
        ids[demo.key] = repo.create_plan(rows, stamp).id
    return ids


def _values(series: DemoSeries) -> list[tuple[date, float]]:
    """The series' values from its start to its end (inclusive), ``per_period`` each period."""
    step = {Cadence.DAILY: 1, Cadence.WEEKLY: 7, Cadence.MONTHLY: 30}[series.cadence]
    start, end = series.start, series.end
    total = max(series.length or (end - start).days, 1)
    out = []
    day = start
    while day <= end:
        for _ in range(series.per_period):
            out.append((day, series.value((day - start).days / total)))
        day += timedelta(days=step)
    return out


def _checkins(today: date, ids: dict[str, int], audit: int) -> list[dict[str, Any]]:
    """Nine days of check-ins of two goals up to yesterday (a 9-day streak).

    The skipped audit three days ago was the planned obstacle ``audit``.
    """

    def entry(goal: str, day: date, confidence: int, wins: str, obstacles: str) -> dict[str, Any]:
        return {
            "goal_id": ids[goal],
            "day": day,
            "confidence": confidence,
            "wins": wins,
            "obstacles": obstacles,
            "note": "",
            "obstacle_id": audit if obstacles else None,
        }

    entries = []
    for back in range(1, 10):
        day = today - timedelta(days=back)
        win = "Blog post went out on time" if back % 7 == 1 else ""
        skipped = "Audit skipped by one team" if back == 3 else ""
        entries.append(entry("traffic", day, 8, win, ""))
        entries.append(entry("defects", day, 5 if back < 5 else 6, "", skipped))
    return entries


def _acknowledge(repo: Repository, today: date, ids: dict[str, int]) -> None:
    """The Germany launch agreed with its country manager and still current; the
    satisfaction goal agreed before its target was revised, so out of date."""
    agreed = (
        ("germany", "Lea, country manager", "Agreed, with SEPA before the webinar.", -95),
        ("csat", "Sam, head of support", "acknowledged", CSAT_START + 10),
    )
    for key, who, words, back in agreed:
        repo.add(
            "revision",
            goal_id=ids[key],
            entity="goal",
            entity_id=ids[key],
            field=ACKNOWLEDGED,
            old="1",
            new=who,
            reason=words,
            at=datetime.combine(today + timedelta(days=back), time(11, 0)),
        )


def _reviews(today: date) -> list[DemoReview]:
    """A weekly review of the traffic goal and the final review of the achieved one."""
    tos_start = today + timedelta(days=TOS_START)
    return [
        DemoReview(
            "traffic",
            today + timedelta(days=-7),
            {
                "kind": "weekly",
                "period_start": today + timedelta(days=-13),
                "period_end": today + timedelta(days=-7),
                "worked": "Publishing every Tuesday; the SEO checklist.",
                "obstacles": "Writer was ill for a week.",
                "lessons": "Keep two posts in reserve.",
                "next_steps": "Draft two reserve posts.",
                "rating": 4,
            },
        ),
        DemoReview(
            "tos",
            tos_start + timedelta(days=190),
            {
                "kind": "final",
                "period_start": tos_start,
                "period_end": tos_start + timedelta(days=HALF_YEAR),
                "worked": "Reading-time estimates and related-article links.",
                "obstacles": "Analytics changed its definition of a session mid-way.",
                "lessons": "Agree on the metric's definition before starting.",
                "next_steps": "Keep the links; move on to subscriber conversion.",
                "rating": 5,
                "outcome": "achieved",
            },
        ),
    ]
