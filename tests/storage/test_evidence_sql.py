"""Review evidence read through SQL aggregates equals the evidence read from whole series.

The reference below reads every KPI's whole series and the domain's ``read_kpi``
on the eve of the period and on its end (today, for a period still running);
``review_evidence`` asks SQL for only the few periods before each, the latest
older one and the counts of periods in bounds. Both must agree exactly,
floats included, on random data: every kind, cadence and aggregation, several
values a day, paused goals, periods on and off the data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from goaltui.domain import kpi as kpi_rules
from goaltui.domain.bounds import BOUNDED, keeps
from goaltui.domain.models import GoalStatus, PeriodValue
from goaltui.domain.periods import period_end
from goaltui.services.evidence import review_evidence

NOW = datetime(2026, 11, 22, 9, 0)
FIRST = date(2025, 10, 1)
KINDS = ("increase", "decrease", "stay_above", "stay_below", "between")
CADENCES = ("daily", "weekly", "biweekly", "monthly")  # fortnights from random starts
HOWS = ("last", "sum", "mean")


def reference(svc, start, end, goal_id=None):
    """The evidence as read from whole series: per goal, a comparable tuple."""
    goals = {g.id: g for g in svc.repo.goals()}
    if goal_id is not None:
        chosen = [goals[goal_id]]
    else:
        chosen = [
            g
            for g in goals.values()
            if not g.archived and g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
        ]
    ids = [g.id for g in chosen]
    kpis = svc.repo.kpis(ids) if ids else []
    starts = {k.id: goals[k.goal_id].start for k in kpis}
    series = svc.repo.series(kpis, None, starts) if kpis else {}
    milestones = svc.repo.milestones(ids) if ids else []
    checkins = svc.repo.checkins()  # oldest first: by day, then as written
    reviews = svc.repo.reviews()
    revisions = svc.repo.revisions()
    revisions_of = svc.repo.revisions_of(ids)
    pauses = svc.repo.pauses(ids)
    out = []
    for g in chosen:
        readings = []
        for k in (k for k in kpis if k.goal_id == g.id):
            whole = kpi_rules.History.whole(series[k.id])
            context = {"revisions": revisions_of.get(g.id, ()), "pauses": pauses.get(g.id, ())}
            eve = start - timedelta(days=1) if start > date.min else start
            at_start = kpi_rules.read_kpi(k, g, whole, eve, **context)
            until = max(eve, min(end, svc.clock.today()))  # a running period: as of today
            at_end = kpi_rules.read_kpi(k, g, whole, until, **context)
            readings.append(
                (
                    k,
                    at_start.current,
                    at_end.current,
                    k.target,
                    None if k.kind in BOUNDED else at_end.expected,  # a bound has no pace
                    at_start.status,
                    at_end.status,
                    at_end.days_ahead,
                )
            )
        mine = [m for m in milestones if m.goal_id == g.id]
        notes = [c for c in checkins if c.goal_id == g.id and start <= c.day <= end]
        out.append(
            (
                g,
                readings,
                [m for m in mine if m.done_on is not None and start <= m.done_on <= end],
                [
                    m
                    for m in mine
                    if start <= m.target_date <= end
                    and (m.done_on is None or m.done_on > m.target_date)
                    and m.target_date < svc.clock.today()
                ],
                confidence_reference(g, checkins, start, end),
                [(c.day, c.wins) for c in notes if c.wins.strip()],
                [(c.day, c.obstacles) for c in notes if c.obstacles.strip()],
                [r for r in revisions if r.goal_id == g.id and start <= r.at.date() <= end],
                [r for r in reviews if r.goal_id == g.id],
            )
        )
    return out


def confidence_reference(goal, checkins, start, end):
    """The goal's confidences up to ``end``, of those before ``start`` only the latest.

    The planning one first, then the last one given on each check-in day.
    """
    per_day = {}
    for c in checkins:
        if c.goal_id == goal.id and c.confidence is not None and c.day <= end:
            per_day[c.day] = c.confidence
    trail = [(day, value, "check-in") for day, value in per_day.items()]
    if goal.confidence is not None:
        planned = min(goal.start, goal.created_at.date())
        trail.insert(0, (planned, goal.confidence, "set when planned"))
    before = [e for e in trail if e[0] < start][-1:]
    return before + [e for e in trail if start <= e[0] <= end]


def comparable(evidence):
    return [
        (
            e.goal,
            [
                (
                    k.kpi,
                    k.start_value,
                    k.end_value,
                    k.target,
                    k.pace_at_end,
                    k.status_at_start,
                    k.status_at_end,
                    k.days_at_end,
                )
                for k in e.kpis
            ],
            list(e.milestones_hit),
            list(e.milestones_missed),
            list(e.confidence),
            list(e.wins),
            list(e.obstacles),
            list(e.revisions),
            list(e.reviews),
        )
        for e in evidence
    ]


def fill(svc, seed: int) -> None:
    """Goals of every kind of KPI with a year of noisy values, notes, reviews, revisions."""
    rnd = random.Random(seed)
    repo = svc.repo
    combos = [(kind, cad, how) for kind in KINDS for cad in CADENCES for how in HOWS]
    rnd.shuffle(combos)
    combos.sort(key=lambda c: c[0] != "between" or rnd.random() < 0.5)  # a few ranges each time
    for n in range(len(combos) // 3):
        deadline = rnd.choice([None, date(2026, 3, 31), date(2026, 12, 31), date(2027, 6, 30)])
        goal = repo.add(
            "goal",
            now=NOW,
            title=f"Goal {n}",
            start=FIRST + timedelta(days=rnd.randint(0, 60)),
            confidence=(None, 4, 8)[n % 3],
            deadline=deadline,
            archived=n == 11,
        )
        for kind, cad, how in combos[n * 3 : n * 3 + 3]:
            target = round(rnd.uniform(20, 200), 1)
            k = repo.add(
                "kpi",
                goal_id=goal.id,
                name=f"{kind} {cad} {how}",
                unit="u",
                baseline=0 if kind != "decrease" else 300,
                target=target,
                kind=kind,
                cadence=cad,
                aggregation=how,
                high=round(target * rnd.uniform(1.05, 1.5), 1) if kind == "between" else None,
            )
            if rnd.random() < 0.4:  # revised twice: the pace line bends on each day
                old = target
                for when in (datetime(2026, 3, 3, 10), datetime(2026, 8, 20, 18)):
                    new = round(old * rnd.uniform(0.8, 1.2), 1)
                    repo.add(
                        "revision",
                        goal_id=goal.id,
                        entity="kpi",
                        entity_id=k.id,
                        field=rnd.choice(["target", "baseline"]),
                        old=str(old),
                        new=str(new),
                        reason="re-planned",
                        at=when,
                    )
                    old = new
            rows = []
            day = FIRST + timedelta(days=rnd.randint(0, 90))
            while day <= date(2026, 11, 22):
                for _ in range(rnd.choice([1, 1, 2, 3])):  # same-day values: order matters
                    rows.append((k.id, day, round(rnd.uniform(0, 1.6 * target), 3), ""))
                day += timedelta(days=rnd.choice([1, 1, 2, 5, 13]))
            repo.add_measurements(rows, NOW)
        for m in range(3):
            due = date(2026, 1, 1) + timedelta(days=rnd.randint(0, 400))
            done = due + timedelta(days=rnd.randint(-20, 20)) if rnd.random() < 0.6 else None
            repo.add("milestone", goal_id=goal.id, title=f"M{m}", target_date=due, done_on=done)
        for _ in range(10):
            repo.add(
                "checkin",
                goal_id=goal.id,
                day=date(2026, 9, 1) + timedelta(days=rnd.randint(0, 82)),
                confidence=rnd.choice([None, 3, 7]),
                wins=rnd.choice(["", "won", " "]),
                obstacles=rnd.choice(["", "late"]),
            )
        repo.add(
            "review",
            now=NOW,
            goal_id=goal.id,
            kind="weekly",
            period_start=date(2026, 11, 9),
            period_end=date(2026, 11, 15),
            worked="fine",
        )
        for r in range(3):
            svc.edit_goal(
                goal.id,
                {"deadline": date(2027, 1, 1) + timedelta(days=r + n)},
                reason=f"r{r}",
            )
        when = rnd.choice([datetime(2026, 4, 15, 8), datetime(2026, 11, 18, 23, 59), NOW])
        status = rnd.choice(["active", "active", "paused", "achieved"])
        repo.update("goal", goal.id, {"status": status}, now=when)
        if rnd.random() < 0.5:  # paused for a while, once or twice
            repo.add("pause", goal_id=goal.id, start=date(2026, 2, 2), end=date(2026, 3, 16))
            if status == "paused":
                repo.add("pause", goal_id=goal.id, start=when.date(), end=None)


PERIODS = [
    (date(2026, 11, 16), date(2026, 11, 22)),
    (date(2026, 11, 9), date(2026, 11, 15)),
    (date(2026, 11, 1), date(2026, 11, 30)),
    (date(2026, 10, 1), date(2026, 12, 31)),
    (date(2026, 4, 15), date(2026, 4, 15)),
    (date(2026, 3, 2), date(2026, 5, 31)),
    (date(2025, 1, 1), date(2025, 6, 30)),
    (date(2027, 1, 1), date(2027, 3, 1)),
    (date(1, 1, 1), date(2026, 1, 1)),
]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_evidence_equals_the_reference(service, seed):
    fill(service, seed)
    for start, end in PERIODS:
        assert comparable(review_evidence(service, start, end)) == reference(service, start, end)
        for goal in service.repo.goals()[::4]:
            assert comparable(review_evidence(service, start, end, goal.id)) == reference(
                service, start, end, goal.id
            )


def test_last_periods_and_counts_against_the_series(service):
    fill(service, 7)
    repo = service.repo
    kpis = repo.kpis()
    series = repo.series(kpis, None)
    days = [date(2025, 9, 30), date(2026, 2, 28), date(2026, 6, 3), date(2026, 11, 22)]
    starts = {g.id: g.start for g in repo.goals()}
    through = {
        k.id: [period_end(d, k.cadence, starts[k.goal_id]) for d in days] + [None] for k in kpis
    }
    latest = repo.last_periods(kpis, through)
    below = {k.id for k in kpis if k.kind in ("decrease", "stay_below")}
    counts = repo.period_counts(kpis, through, at_most=below)
    for k in kpis:
        expected_latest: list[PeriodValue | None] = []
        expected_counts = []
        for day in through[k.id]:
            upto = [] if day is None else [p for p in series[k.id] if p.start <= day]
            expected_latest.append(upto[-1] if upto else None)
            reach = [keeps(k, p.value) for p in upto]
            expected_counts.append((len(upto), sum(reach)))
        assert latest[k.id] == expected_latest
        assert counts[k.id] == expected_counts


def test_a_goal_that_is_gone(service):
    from goaltui.storage.repository import NotFound

    with pytest.raises(NotFound, match="that goal no longer exists"):
        review_evidence(service, date(2026, 11, 1), date(2026, 11, 30), 999)
