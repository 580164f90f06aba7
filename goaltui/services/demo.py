"""Demo goals, from the examples SMART and reverse goal setting are taught with.

Everything is dated relative to the service's clock, and the "noise" in the
measurements comes from a seeded generator, so the demo is the same on every
machine for a given day.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from goaltui.domain.models import Cadence
from goaltui.storage.repository import CheckinRows, PlanRows, RevisionDraft

if TYPE_CHECKING:
    from goaltui.services import GoalService


def _d(today: date, days: int) -> date:
    return today + timedelta(days=days)


def _series(
    start: date,
    end: date,
    cadence: Cadence,
    value: Callable[[float], float],
    per_period: int = 1,
    length: int | None = None,
) -> list[tuple[date, float]]:
    """Values from ``start`` to ``end`` (inclusive).

    ``value`` gets the share 0-1 of ``length`` days (by default start to end) gone by.
    """
    step = {Cadence.DAILY: 1, Cadence.WEEKLY: 7, Cadence.MONTHLY: 30}[cadence]
    total = max(length or (end - start).days, 1)
    out = []
    day = start
    while day <= end:
        for _ in range(per_period):
            out.append((day, value((day - start).days / total)))
        day += timedelta(days=step)
    return out


def load(svc: GoalService) -> int:
    """Add the demo goals to the database in one transaction; returns how many goals
    were added (all of them, or none if anything fails or the process is killed)."""
    return svc.repo.atomic(lambda: _load(svc))


def _load(svc: GoalService) -> int:
    today = svc.clock.today()
    rng = random.Random(20260101)
    repo = svc.repo

    def t(days: int) -> date:
        return _d(today, days)

    created = 0

    def plan(goal: dict[str, Any], kpis: Any = (), milestones: Any = ()) -> int:
        nonlocal created
        stamp = datetime.combine(goal["start"], time(9, 0))
        g = repo.create_plan(PlanRows(goal=goal, kpis=kpis, milestones=milestones), stamp)
        created += 1
        return g.id

    # A company objective with a cascaded product goal under it.
    markets = plan(
        {
            "title": "Expand into new markets",
            "description": "Grow revenue outside the home market this year.",
            "why": "Half of our growth target cannot come from the home market.",
            "start": t(-120),
            "deadline": t(240),
            "confidence": 7,
            "resources": "Sales budget for two new regions.",
        }
    )
    plan(
        {
            "title": "Launch the product in Germany with 50 paying customers",
            "description": "Localised product, local payment methods, first 50 paying customers.",
            "why": "Germany is the first market of the expansion objective.",
            "parent_id": markets,
            "start": t(-100),
            "deadline": t(150),
            "confidence": 6,
            "resources": "A German-speaking support hire; translation agency.",
        },
        kpis=[
            {
                "name": "German paying customers",
                "unit": "customers",
                "baseline": 0,
                "target": 50,
                "kind": "increase",
                "cadence": "weekly",
                "aggregation": "last",
            }
        ],
        milestones=[
            {
                "title": "Product fully translated",
                "target_date": t(-40),
                "done_on": t(-44),
                "steps": [
                    {"title": "Pick a translation agency", "due": t(-80), "done_on": t(-82)},
                    {"title": "Translate the app and help pages", "due": t(-45), "done_on": t(-44)},
                ],
            },
            {
                "title": "Local payment methods live",
                "target_date": t(20),
                "steps": [
                    {"title": "Sign up with a SEPA payment provider", "due": t(-5)},
                    {"title": "Test checkout with SEPA and giropay", "due": t(15)},
                ],
            },
            {
                "title": "50 paying customers in Germany",
                "target_date": t(150),
                "steps": [{"title": "Run a launch webinar in German", "due": t(60)}],
            },
        ],
    )

    # Website traffic: +20 % in six months, blog posts as steps. On track.
    traffic_start = t(-105)
    traffic = plan(
        {
            "title": "Increase website traffic by 20% in six months",
            "description": "From 10,000 to 12,000 weekly visits, through four blog posts a "
            "month, search optimisation and a small ads budget.",
            "why": "More visitors means more trial sign-ups for the sales team.",
            "start": traffic_start,
            "deadline": traffic_start + timedelta(days=182),
            "confidence": 8,
            "resources": "A freelance writer; 500 a month for ads.",
        },
        kpis=[
            {
                "name": "Weekly visits",
                "unit": "visits",
                "baseline": 10000,
                "target": 12000,
                "kind": "increase",
                "cadence": "weekly",
                "aggregation": "last",
            },
            {
                "name": "Page load time",
                "unit": "s",
                "baseline": 2.4,
                "target": 2.0,
                "kind": "stay_below",
                "cadence": "weekly",
                "aggregation": "mean",
            },
        ],
        milestones=[
            {
                "title": f"{month} blog posts published",
                "target_date": t(offset),
                "done_on": t(offset) if offset < 0 else None,
                "steps": [
                    {
                        "title": f"Blog post {n} of {month}",
                        "due": t(offset - 28 + 7 * n),
                        "done_on": t(offset - 28 + 7 * n) if offset - 28 + 7 * n < 0 else None,
                    }
                    for n in range(1, 5)
                ],
            }
            for month, offset in (
                ("First month's", -75),
                ("Second month's", -45),
                ("Third month's", -15),
                ("Fourth month's", 15),
            )
        ]
        + [
            {
                "title": "Search optimisation of the top 20 pages",
                "target_date": t(40),
                "steps": [{"title": "Audit titles and descriptions", "due": t(20)}],
            }
        ],
    )

    # Career: Team Lead to Director, milestones only, worked out backward.
    plan(
        {
            "title": "Advance from Team Lead to Director by the end of next year",
            "description": "Take on a Senior Manager role first, then a Director role.",
            "why": "I want to shape the product strategy, not only deliver it.",
            "start": t(-150),
            "deadline": date(today.year + 1, 12, 31),
            "confidence": 6,
            "resources": "Training budget; a mentor; my manager's sponsorship.",
        },
        milestones=[
            {
                "title": "Complete a project management course",
                "target_date": t(-30),
                "done_on": t(-35),
                "steps": [
                    {
                        "title": "Choose a course and get it approved",
                        "due": t(-120),
                        "done_on": t(-118),
                    },
                    {"title": "Pass the final exam", "due": t(-30), "done_on": t(-35)},
                ],
            },
            {
                "title": "Find a leadership mentor",
                "target_date": t(25),
                "steps": [
                    {
                        "title": "Ask HR for the mentoring programme list",
                        "due": t(-10),
                        "done_on": t(-9),
                    },
                    {"title": "Have a first meeting with a mentor", "due": t(20)},
                ],
            },
            {
                "title": "Promoted to Senior Manager",
                "target_date": t(180),
                "steps": [{"title": "Lead the cross-team planning for next year", "due": t(90)}],
            },
            {"title": "Promoted to Director", "target_date": date(today.year + 1, 12, 31)},
        ],
    )

    # Quality: defect rate 5 % to 2 % by year end, weekly audits. At risk.
    year_end = date(today.year, 12, 31) if today.month < 10 else date(today.year + 1, 12, 31)
    defects = plan(
        {
            "title": "Reduce the product defect rate from 5% to 2% by year end",
            "description": "Weekly quality audits and a root-cause review of every escaped defect.",
            "why": "Defects drive most support tickets and two lost customers last quarter.",
            "start": t(-90),
            "deadline": year_end,
            "confidence": 5,
            "resources": "Two QA engineers; an hour a week from each team lead.",
        },
        kpis=[
            {
                "name": "Defect rate",
                "unit": "%",
                "baseline": 5.0,
                "target": 2.0,
                "kind": "decrease",
                "cadence": "weekly",
                "aggregation": "mean",
            }
        ],
        milestones=[
            {
                "title": "Weekly audits running in every team",
                "target_date": t(-60),
                "done_on": t(-58),
                "steps": [{"title": "Write the audit checklist", "due": t(-80), "done_on": t(-79)}],
            },
            {
                "title": "Root-cause reviews for all escaped defects",
                "target_date": t(30),
                "steps": [{"title": "Review last month's escaped defects", "due": t(-2)}],
            },
        ],
    )

    # Customer satisfaction 70 % to 85 %: revised from 90 % with a reason.
    csat_start = t(-120)
    csat = plan(
        {
            "title": "Raise customer satisfaction from 70% to 85% in six months",
            "description": "Monthly survey score, through faster first replies and a fix-it week.",
            "why": "Satisfied customers renew; renewals fund the expansion.",
            "start": csat_start,
            "deadline": csat_start + timedelta(days=182),
            "confidence": 7,
            "resources": "Support team; one fix-it week per quarter.",
        },
        kpis=[
            {
                "name": "Customer satisfaction",
                "unit": "%",
                "baseline": 70,
                "target": 85,
                "kind": "increase",
                "cadence": "monthly",
                "aggregation": "mean",
            },
            {
                "name": "First reply time",
                "unit": "h",
                "baseline": 6,
                "target": 4,
                "kind": "stay_below",
                "cadence": "weekly",
                "aggregation": "mean",
            },
        ],
        milestones=[
            {
                "title": "Fix-it week done",
                "target_date": t(-20),
                "done_on": t(-21),
            }
        ],
    )

    # Time on site, 1 to 2 minutes: achieved.
    tos_start = t(-200)
    tos = plan(
        {
            "title": "Double average time on site from 1 to 2 minutes in six months",
            "description": "Better internal links and a reading-time estimate on every article.",
            "why": "Engaged readers become subscribers.",
            "start": tos_start,
            "deadline": tos_start + timedelta(days=182),
            "confidence": 8,
            "status": "achieved",
        },
        kpis=[
            {
                "name": "Average time on site",
                "unit": "min",
                "baseline": 1.0,
                "target": 2.0,
                "kind": "increase",
                "cadence": "monthly",
                "aggregation": "mean",
            }
        ],
    )

    kpis = {k.name: k for k in repo.kpis()}
    now = svc.clock.now()
    rows: list[tuple[int, date, float, str]] = []

    def add(name: str, values: list[tuple[date, float]], digits: int = 1) -> None:
        k = kpis[name]
        rows.extend((k.id, d, round(v, digits), "") for d, v in values if d <= today)

    def noise(scale: float) -> float:
        return rng.uniform(-scale, scale)

    add(
        "Weekly visits",
        _series(
            traffic_start,
            today,
            Cadence.WEEKLY,
            lambda s: 10000 + 2000 * s * 1.04 + noise(200),
            length=182,
        ),
        0,
    )
    add(
        "Page load time",
        _series(traffic_start, today, Cadence.WEEKLY, lambda s: 1.95 - 0.2 * s + noise(0.08)),
        2,
    )
    add(
        "Defect rate",
        _series(t(-90), today, Cadence.WEEKLY, lambda s: 5.0 - 0.3 * s + noise(0.1)),
        2,
    )
    add(
        "Customer satisfaction",
        _series(
            csat_start, today, Cadence.MONTHLY, lambda s: 70 + 12 * s + noise(1.5), per_period=3
        ),
        0,
    )
    add(
        "First reply time",
        _series(csat_start, today, Cadence.WEEKLY, lambda s: 3.7 - 0.6 * s + noise(0.25)),
        1,
    )
    add(
        "Average time on site",
        _series(
            tos_start,
            tos_start + timedelta(days=190),
            Cadence.MONTHLY,
            lambda s: 1.0 + 1.15 * s + noise(0.05),
        ),
        2,
    )
    add(
        "German paying customers",
        _series(t(-40), today, Cadence.WEEKLY, lambda s: 17 * s + noise(0.5)),
        0,
    )
    repo.add_measurements(rows, now)

    # The satisfaction target was revised from 90 % to 85 %, with a reason.
    k = kpis["Customer satisfaction"]
    revised_on = t(-60)
    repo.update(
        "kpi",
        k.id,
        {"target": 85.0},
        [
            RevisionDraft(
                "kpi",
                k.id,
                csat,
                "target",
                "90",
                "85",
                "90% was above the best score in our industry benchmark; 85% still stretches us",
            )
        ],
        now=datetime.combine(revised_on, time(17, 30)),
    )

    # A few weeks of daily check-ins (a 9-day streak up to yesterday).
    entries = []
    for back in range(1, 10):
        day = t(-back)
        entries.append(
            {
                "goal_id": traffic,
                "day": day,
                "confidence": 8,
                "wins": "Blog post went out on time" if back % 7 == 1 else "",
                "obstacles": "",
                "note": "",
            }
        )
        entries.append(
            {
                "goal_id": defects,
                "day": day,
                "confidence": 5 if back < 5 else 6,
                "wins": "",
                "obstacles": "Audit skipped by one team" if back == 3 else "",
                "note": "",
            }
        )
    repo.save_checkin(CheckinRows(entries=entries), now)

    repo.add(
        "review",
        now=datetime.combine(t(-7), time(16, 0)),
        goal_id=traffic,
        kind="weekly",
        period_start=t(-13),
        period_end=t(-7),
        worked="Publishing every Tuesday; the SEO checklist.",
        obstacles="Writer was ill for a week.",
        lessons="Keep two posts in reserve.",
        next_steps="Draft two reserve posts.",
        rating=4,
    )
    repo.add(
        "review",
        now=datetime.combine(tos_start + timedelta(days=190), time(16, 0)),
        goal_id=tos,
        kind="final",
        period_start=tos_start,
        period_end=tos_start + timedelta(days=182),
        worked="Reading-time estimates and related-article links.",
        obstacles="Analytics changed its definition of a session mid-way.",
        lessons="Agree on the metric's definition before starting.",
        next_steps="Keep the links; move on to subscriber conversion.",
        rating=5,
        outcome="achieved",
    )
    return created
