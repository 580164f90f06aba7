"""``min``, ``max`` and ``count`` per period in SQL equal the domain's reference on random data.

Every cadence and way of combining, on a temporary SQLite file: the series against
:func:`goaltui.domain.periods.aggregate`, and the latest periods and the periods
that reached against that series. The KPIs belong to goals starting on random
days, as fortnights are counted from a goal's start.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from goaltui.domain.bounds import keeps
from goaltui.domain.models import Aggregation, Cadence, KpiKind, PeriodValue
from goaltui.domain.periods import aggregate, period_end

NOW = datetime(2026, 11, 22, 9, 0)
FIRST = date(2025, 11, 20)


def fill(repo, seed):
    """A KPI per cadence, way of combining and kind (up, down, a range): (kpis, values)."""
    rng = random.Random(seed)
    goals = [
        repo.add("goal", now=NOW, title=f"Combine {n}", start=FIRST + timedelta(rng.randrange(480)))
        for n in range(4)
    ]
    kpis, recorded, rows = [], {}, []
    for cadence in Cadence:
        for how in Aggregation:
            for kind in (KpiKind.INCREASE, KpiKind.DECREASE, KpiKind.BETWEEN):
                low = rng.choice([2.0, 5.0, 50.0])
                k = repo.add(
                    "kpi",
                    goal_id=rng.choice(goals).id,
                    name=f"{cadence}-{how}-{kind}",
                    baseline=0 if kind == KpiKind.INCREASE else 10,
                    target=low,
                    high=low + rng.choice([3.0, 40.0]) if kind == KpiKind.BETWEEN else None,
                    kind=kind,
                    cadence=str(cadence),
                    aggregation=str(how),
                )
                kpis.append(k)
                # few distinct days so they repeat; around two year ends
                recorded[k.id] = [
                    (FIRST + timedelta(days=rng.randrange(480)), round(rng.uniform(-100, 100), 3))
                    for _ in range(90)
                ]
    for i in range(90):
        for k in kpis:
            day, value = recorded[k.id][i]
            rows.append((k.id, day, value, ""))
    repo.add_measurements(rows, NOW)
    return kpis, recorded, {k.id: next(g.start for g in goals if g.id == k.goal_id) for k in kpis}


@pytest.mark.parametrize("seed", [3, 11, 12])
def test_series_latest_periods_and_counts_match_the_reference(service, seed):
    repo = service.repo
    kpis, recorded, starts = fill(repo, seed)
    series = repo.series(kpis)
    for k in kpis:
        reference = aggregate(recorded[k.id], k.cadence, k.aggregation, starts[k.id])
        got = [(p.start, p.value, p.count, p.day) for p in series[k.id]]
        assert got == [
            (p.start, pytest.approx(p.value, rel=1e-12, abs=1e-9), p.count, p.day)
            for p in reference
        ], k.name
    days = [date(2025, 12, 31), date(2026, 3, 31), date(2026, 11, 22), date(2027, 3, 1)]
    through = {k.id: [period_end(d, k.cadence, starts[k.id]) for d in days] + [None] for k in kpis}
    latest = repo.last_periods(kpis, through)
    below = {k.id for k in kpis if k.kind == KpiKind.DECREASE}
    counts = repo.period_counts(kpis, through, at_most=below)
    for k in kpis:
        want_latest: list[PeriodValue | None] = []
        want_counts = []
        for day in through[k.id]:
            upto = [] if day is None else [p for p in series[k.id] if p.start <= day]
            want_latest.append(upto[-1] if upto else None)
            want_counts.append((len(upto), sum(keeps(k, p.value) for p in upto)))
        assert latest[k.id] == want_latest, k.name
        assert counts[k.id] == want_counts, k.name


def test_count_ignores_the_values_and_min_max_keep_the_extremes(service):
    """By hand: a week of -3, 7 and 0 (recorded out of order) and a week of one 4."""
    repo = service.repo
    goal = repo.add("goal", now=NOW, title="Week", start=date(2026, 1, 1))
    made = {}
    for how in (Aggregation.MIN, Aggregation.MAX, Aggregation.COUNT):
        made[how] = repo.add(
            "kpi",
            goal_id=goal.id,
            name=str(how),
            baseline=0,
            target=10,
            cadence="weekly",
            aggregation=str(how),
        )
        repo.add_measurements(
            [
                (made[how].id, date(2026, 1, 7), 7.0, ""),  # Wednesday
                (made[how].id, date(2026, 1, 5), -3.0, ""),  # Monday
                (made[how].id, date(2026, 1, 11), 0.0, ""),  # Sunday: the same week
                (made[how].id, date(2026, 1, 12), 4.0, ""),  # Monday: the next week
            ],
            NOW,
        )
    series = repo.series(list(made.values()))
    values = {how: [(p.start, p.value, p.count) for p in series[k.id]] for how, k in made.items()}
    assert values[Aggregation.MIN] == [(date(2026, 1, 5), -3.0, 3), (date(2026, 1, 12), 4.0, 1)]
    assert values[Aggregation.MAX] == [(date(2026, 1, 5), 7.0, 3), (date(2026, 1, 12), 4.0, 1)]
    assert values[Aggregation.COUNT] == [(date(2026, 1, 5), 3.0, 3), (date(2026, 1, 12), 1.0, 1)]
