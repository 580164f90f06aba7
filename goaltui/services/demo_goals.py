"""The demo goals as data, from the examples SMART and reverse goal setting are taught with.

Every date is counted from the day the demo is loaded, so the demo always shows
the same story: one goal on track, one at risk, one achieved, one revised.
:mod:`goaltui.services.demo` stores them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

#: Days from today on which the goals with a fixed length start.
TRAFFIC_START, CSAT_START, TOS_START = -105, -120, -200
#: Six months, the length of those goals.
HALF_YEAR = 182


@dataclass(frozen=True, slots=True)
class DemoGoal:
    """One goal's fields with its KPIs, milestones and planned obstacles.

    ``parent`` is another one's ``key``.
    """

    key: str
    fields: dict[str, Any]
    kpis: list[dict[str, Any]] = field(default_factory=list)
    milestones: list[dict[str, Any]] = field(default_factory=list)
    parent: str | None = None
    obstacles: list[dict[str, Any]] = field(default_factory=list)


def _kpi(
    name: str,
    unit: str,
    baseline: float,
    target: float,
    kind: str,
    cadence: str,
    aggregation: str,
    high: float | None = None,
) -> dict[str, Any]:
    return {
        "name": name,
        "unit": unit,
        "baseline": baseline,
        "target": target,
        "kind": kind,
        "cadence": cadence,
        "aggregation": aggregation,
        "high": high,
    }


def _milestone(
    title: str, target_date: date, done_on: date | None = None, *steps: dict[str, Any]
) -> dict[str, Any]:
    return {"title": title, "target_date": target_date, "done_on": done_on, "steps": list(steps)}


def _checkpoint(
    title: str, target_date: date, kpi: int, value: float, done_on: date | None = None
) -> dict[str, Any]:
    """A milestone that asks the goal's KPI number ``kpi`` (0 first) to reach ``value``."""
    return {**_milestone(title, target_date, done_on), "kpi": kpi, "kpi_value": value}


def _step(
    title: str, due: date, done_on: date | None = None, importance: str = "normal"
) -> dict[str, Any]:
    return {"title": title, "due": due, "done_on": done_on, "importance": importance}


def _obstacle(obstacle: str, plan: str) -> dict[str, Any]:
    return {"obstacle": obstacle, "plan": plan}


def demo_goals(today: date) -> list[DemoGoal]:
    """The demo goals in the order they are stored (a parent before its sub-goals)."""

    def t(days: int) -> date:
        return today + timedelta(days=days)

    traffic_start, csat_start, tos_start = t(TRAFFIC_START), t(CSAT_START), t(TOS_START)
    # Quality's deadline: the year end, or the next one late in the year.
    year_end = date(today.year, 12, 31) if today.month < 10 else date(today.year + 1, 12, 31)
    blog_months = (
        ("First month's", -75),
        ("Second month's", -45),
        ("Third month's", -15),
        ("Fourth month's", 15),
    )
    return [
        # A company objective with a cascaded product goal under it.
        DemoGoal(
            "markets",
            {
                "title": "Expand into new markets",
                "description": "Grow revenue outside the home market this year.",
                "why": "Half of our growth target cannot come from the home market.",
                "start": t(-120),
                "deadline": t(240),
                "confidence": 7,
                "resources": "Sales budget for two new regions.",
            },
            kpis=[_kpi("Revenue from new markets", "k€", 0, 300, "increase", "quarterly", "sum")],
        ),
        DemoGoal(
            "germany",
            {
                "title": "Launch the product in Germany with 50 paying customers",
                "description": "Localised product, local payment methods, "
                "first 50 paying customers.",
                "why": "Germany is the first market of the expansion objective.",
                "start": t(-100),
                "deadline": t(150),
                "confidence": 6,
                "resources": "A German-speaking support hire; translation agency.",
                "partner": "Lea, country manager",
            },
            kpis=[
                _kpi("German paying customers", "customers", 0, 50, "increase", "weekly", "last")
            ],
            milestones=[
                _milestone(
                    "Product fully translated",
                    t(-40),
                    t(-44),
                    _step("Pick a translation agency", t(-80), t(-82)),
                    _step("Translate the app and help pages", t(-45), t(-44)),
                ),
                _milestone(
                    "Local payment methods live",
                    t(20),
                    None,
                    _step("Sign up with a SEPA payment provider", t(-5), None, "high"),
                    _step("Test checkout with SEPA and giropay", t(15)),
                ),
                _milestone(
                    "50 paying customers in Germany",
                    t(150),
                    None,
                    _step("Run a launch webinar in German", t(60)),
                ),
            ],
            parent="markets",
            obstacles=[
                _obstacle(
                    "the payment provider's checks take more than a month",
                    "launch with card payments and add SEPA once it is approved",
                )
            ],
        ),
        # Website traffic: +20 % in six months, blog posts as steps. On track.
        DemoGoal(
            "traffic",
            {
                "title": "Increase website traffic by 20% in six months",
                "description": "From 10,000 to 12,000 weekly visits, through four blog posts a "
                "month, search optimisation and a small ads budget.",
                "why": "More visitors means more trial sign-ups for the sales team.",
                "start": traffic_start,
                "deadline": traffic_start + timedelta(days=HALF_YEAR),
                "confidence": 8,
                "resources": "A freelance writer; 500 a month for ads.",
            },
            kpis=[
                _kpi("Weekly visits", "visits", 10000, 12000, "increase", "weekly", "last"),
                _kpi("Page load time", "s", 2.4, 2.0, "stay_below", "weekly", "mean"),
                _kpi("Ad spend", "€", 230, 200, "between", "biweekly", "sum", high=260),
            ],
            milestones=[
                _milestone(
                    f"{month} blog posts published",
                    t(offset),
                    t(offset) if offset < 0 else None,
                    *(
                        _step(f"Blog post {n} of {month}", t(due), t(due) if due < 0 else None)
                        for n in range(1, 5)
                        for due in [offset - 28 + 7 * n]
                    ),
                )
                for month, offset in blog_months
            ]
            + [
                _milestone(
                    "Search optimisation of the top 20 pages",
                    t(40),
                    None,
                    _step("Audit titles and descriptions", t(20), None, "high"),
                )
            ],
            obstacles=[
                _obstacle(
                    "the freelance writer is away for a week",
                    "publish a post from the reserve and write the next one myself",
                )
            ],
        ),
        # Career: Team Lead to Director, milestones only, worked out backward.
        DemoGoal(
            "career",
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
                _milestone(
                    "Complete a project management course",
                    t(-30),
                    t(-35),
                    _step("Choose a course and get it approved", t(-120), t(-118)),
                    _step("Pass the final exam", t(-30), t(-35)),
                ),
                _milestone(
                    "Find a leadership mentor",
                    t(25),
                    None,
                    _step("Ask HR for the mentoring programme list", t(-10), t(-9)),
                    _step("Have a first meeting with a mentor", t(20), None, "high"),
                ),
                _milestone(
                    "Promoted to Senior Manager",
                    t(180),
                    None,
                    _step("Lead the cross-team planning for next year", t(90)),
                    _step("Tidy the team wiki", t(120), None, "low"),
                ),
                _milestone("Promoted to Director", date(today.year + 1, 12, 31)),
            ],
        ),
        # Quality: defect rate 5 % to 2 % by year end, weekly audits. At risk.
        DemoGoal(
            "defects",
            {
                "title": "Reduce the product defect rate from 5% to 2% by year end",
                "description": "Weekly quality audits and a root-cause review of every "
                "escaped defect.",
                "why": "Defects drive most support tickets and two lost customers last quarter.",
                "start": t(-90),
                "deadline": year_end,
                "confidence": 5,
                "resources": "Two QA engineers; an hour a week from each team lead.",
            },
            kpis=[_kpi("Defect rate", "%", 5.0, 2.0, "decrease", "weekly", "mean")],
            milestones=[
                _milestone(
                    "Weekly audits running in every team",
                    t(-60),
                    t(-58),
                    _step("Write the audit checklist", t(-80), t(-79)),
                ),
                _milestone(
                    "Root-cause reviews for all escaped defects",
                    t(30),
                    None,
                    _step("Review last month's escaped defects", t(-2), None, "high"),
                ),
            ],
            obstacles=[
                _obstacle(
                    "a team skips its weekly audit",
                    "run that team's audit with its lead at the next stand-up",
                )
            ],
        ),
        # Customer satisfaction 70 % to 85 %: revised from 90 % with a reason.
        DemoGoal(
            "csat",
            {
                "title": "Raise customer satisfaction from 70% to 85% in six months",
                "description": "Monthly survey score, through faster first replies and a "
                "fix-it week.",
                "why": "Satisfied customers renew; renewals fund the expansion.",
                "start": csat_start,
                "deadline": csat_start + timedelta(days=HALF_YEAR),
                "confidence": 7,
                "resources": "Support team; one fix-it week per quarter.",
                "partner": "Sam, head of support",
            },
            kpis=[
                _kpi("Customer satisfaction", "%", 70, 85, "increase", "monthly", "mean"),
                _kpi("First reply time", "h", 6, 4, "stay_below", "weekly", "mean"),
            ],
            milestones=[_milestone("Fix-it week done", t(-20), t(-21))],
        ),
        # Time on site, 1 to 2 minutes: achieved.
        DemoGoal(
            "tos",
            {
                "title": "Double average time on site from 1 to 2 minutes in six months",
                "description": "Better internal links and a reading-time estimate on every "
                "article.",
                "why": "Engaged readers become subscribers.",
                "start": tos_start,
                "deadline": tos_start + timedelta(days=HALF_YEAR),
                "confidence": 8,
                "status": "achieved",
            },
            kpis=[_kpi("Average time on site", "min", 1.0, 2.0, "increase", "monthly", "mean")],
            milestones=[
                _checkpoint(
                    "Halfway: 1.5 minutes on site",
                    tos_start + timedelta(days=91),
                    0,
                    1.5,
                    tos_start + timedelta(days=85),
                )
            ],
        ),
    ]
