"""KPI series aggregated in SQL, against the domain's pure ``aggregate`` as the reference."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from goaltui.domain.models import Aggregation, Cadence, PeriodValue

try:
    from goaltui.domain.periods import aggregate, period_start
except ImportError:  # the domain is being written elsewhere: expected values are given by hand
    aggregate = None
    period_start = None

NOW = datetime(2026, 11, 22, 9, 0)
START = date(2026, 1, 1)  # the goal's start: its fortnights begin on Monday 2025-12-29


@pytest.fixture
def repo(service):
    return service.repo


@pytest.fixture
def goal_id(repo):
    return repo.add("goal", now=NOW, title="Series", start=START).id


def make_kpi(repo, goal_id, cadence, how, name=None):
    return repo.add(
        "kpi",
        goal_id=goal_id,
        name=name or f"{cadence}-{how}",
        baseline=0,
        target=100,
        cadence=str(cadence),
        aggregation=str(how),
    )


def record(repo, kpi, values):
    """Record ``(day, value)`` pairs in this order (each in its own transaction)."""
    for day, value in values:
        repo.add_measurements([(kpi.id, day, value, "")], NOW)


def as_tuples(series):
    return [(p.start, pytest.approx(p.value, rel=1e-12, abs=1e-9), p.count) for p in series]


def check_against_reference(series, values, cadence, how, expected=None):
    if aggregate is not None:
        reference = aggregate(values, cadence, how, START)
        assert as_tuples(series) == [(p.start, p.value, p.count) for p in reference]
    if expected is not None:
        assert as_tuples(series) == expected


# values recorded out of day order, several on one day, across the year end
YEAR_END = [
    (date(2026, 12, 30), 5.0),
    (date(2026, 12, 28), 1.0),  # Monday of ISO week 2026-W53
    (date(2027, 1, 3), 7.0),  # Sunday of the same ISO week
    (date(2027, 1, 1), 2.0),
    (date(2027, 1, 3), 3.0),  # same day as the 7: recorded later, so it is the last
    (date(2027, 1, 4), 10.0),  # Monday: the next week
    (date(2026, 12, 27), 4.0),  # Sunday: the week before
]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            Aggregation.LAST,
            [
                (date(2026, 12, 21), 4.0, 1),
                (date(2026, 12, 28), 3.0, 5),
                (date(2027, 1, 4), 10.0, 1),
            ],
        ),
        (
            Aggregation.SUM,
            [
                (date(2026, 12, 21), 4.0, 1),
                (date(2026, 12, 28), 18.0, 5),
                (date(2027, 1, 4), 10.0, 1),
            ],
        ),
        (
            Aggregation.MEAN,
            [
                (date(2026, 12, 21), 4.0, 1),
                (date(2026, 12, 28), 3.6, 5),
                (date(2027, 1, 4), 10.0, 1),
            ],
        ),
    ],
)
def test_iso_week_across_the_year_end_is_one_week(repo, goal_id, how, expected):
    kpi = make_kpi(repo, goal_id, Cadence.WEEKLY, how)
    record(repo, kpi, YEAR_END)
    series = repo.series([kpi])[kpi.id]
    assert all(isinstance(p, PeriodValue) for p in series)
    check_against_reference(series, YEAR_END, Cadence.WEEKLY, how, expected)


MONTHS = [
    (date(2027, 1, 31), 1.0),
    (date(2027, 2, 1), 2.0),
    (date(2027, 2, 28), 3.0),
    (date(2027, 3, 1), 4.0),
    (date(2028, 2, 29), 5.0),  # leap day
    (date(2028, 2, 1), 6.0),
    (date(2027, 4, 30), 7.0),
    (date(2027, 5, 1), 8.0),
    (date(2027, 12, 31), 9.0),
    (date(2028, 1, 1), 10.0),
]


@pytest.mark.parametrize(
    ("how", "expected"),
    [
        (
            Aggregation.LAST,
            [
                (date(2027, 1, 1), 1.0, 1),
                (date(2027, 2, 1), 3.0, 2),
                (date(2027, 3, 1), 4.0, 1),
                (date(2027, 4, 1), 7.0, 1),
                (date(2027, 5, 1), 8.0, 1),
                (date(2027, 12, 1), 9.0, 1),
                (date(2028, 1, 1), 10.0, 1),
                (date(2028, 2, 1), 5.0, 2),
            ],
        ),
        (
            Aggregation.SUM,
            [
                (date(2027, 1, 1), 1.0, 1),
                (date(2027, 2, 1), 5.0, 2),
                (date(2027, 3, 1), 4.0, 1),
                (date(2027, 4, 1), 7.0, 1),
                (date(2027, 5, 1), 8.0, 1),
                (date(2027, 12, 1), 9.0, 1),
                (date(2028, 1, 1), 10.0, 1),
                (date(2028, 2, 1), 11.0, 2),
            ],
        ),
        (
            Aggregation.MEAN,
            [
                (date(2027, 1, 1), 1.0, 1),
                (date(2027, 2, 1), 2.5, 2),
                (date(2027, 3, 1), 4.0, 1),
                (date(2027, 4, 1), 7.0, 1),
                (date(2027, 5, 1), 8.0, 1),
                (date(2027, 12, 1), 9.0, 1),
                (date(2028, 1, 1), 10.0, 1),
                (date(2028, 2, 1), 5.5, 2),
            ],
        ),
    ],
)
def test_months_of_different_length(repo, goal_id, how, expected):
    kpi = make_kpi(repo, goal_id, Cadence.MONTHLY, how)
    record(repo, kpi, MONTHS)
    check_against_reference(repo.series([kpi])[kpi.id], MONTHS, Cadence.MONTHLY, how, expected)


def test_daily_several_values_a_day_and_empty_days_absent(repo, goal_id):
    values = [
        (date(2026, 3, 1), 1.0),
        (date(2026, 3, 1), 2.0),
        (date(2026, 3, 4), 5.0),
        (date(2026, 3, 1), 0.5),
    ]
    expected = {
        Aggregation.LAST: [(date(2026, 3, 1), 0.5, 3), (date(2026, 3, 4), 5.0, 1)],
        Aggregation.SUM: [(date(2026, 3, 1), 3.5, 3), (date(2026, 3, 4), 5.0, 1)],
        Aggregation.MEAN: [(date(2026, 3, 1), 3.5 / 3, 3), (date(2026, 3, 4), 5.0, 1)],
    }
    for how, exp in expected.items():
        kpi = make_kpi(repo, goal_id, Cadence.DAILY, how)
        record(repo, kpi, values)
        check_against_reference(repo.series([kpi])[kpi.id], values, Cadence.DAILY, how, exp)


def test_empty_weeks_are_absent(repo, goal_id):
    kpi = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.SUM)
    values = [(date(2026, 1, 5), 1.0), (date(2026, 1, 21), 2.0), (date(2026, 3, 1), 3.0)]
    record(repo, kpi, values)
    series = repo.series([kpi])[kpi.id]
    assert [p.start for p in series] == [date(2026, 1, 5), date(2026, 1, 19), date(2026, 2, 23)]
    check_against_reference(series, values, Cadence.WEEKLY, Aggregation.SUM)


def test_kpi_without_values_has_an_empty_series(repo, goal_id):
    empty = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.LAST, "empty")
    full = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.LAST, "full")
    record(repo, full, [(date(2026, 1, 5), 1.0)])
    series = repo.series([empty, full])
    assert series[empty.id] == []
    assert len(series[full.id]) == 1
    assert repo.series([]) == {}


def random_values(rng, n, first, days):
    return [
        (first + timedelta(days=rng.randrange(days)), round(rng.uniform(-1000, 1000), 3))
        for _ in range(n)
    ]


def test_random_values_match_the_reference_for_every_cadence_and_aggregation(repo, goal_id):
    rng = random.Random(20261122)
    kpis = {}
    recorded = {}
    rows = []
    for cadence in Cadence:
        for how in Aggregation:
            k = make_kpi(repo, goal_id, cadence, how)
            kpis[k.id] = k
            # few distinct days so that days repeat; around two year ends
            recorded[k.id] = random_values(rng, 120, date(2025, 11, 20), 480)
    # interleave the KPIs' rows and record them in one transaction, in this order
    for i in range(120):
        for kid in kpis:
            day, value = recorded[kid][i]
            rows.append((kid, day, value, ""))
    repo.add_measurements(rows, NOW)
    series = repo.series(list(kpis.values()))
    assert set(series) == set(kpis)
    for kid, k in kpis.items():
        values = recorded[kid]
        assert sum(p.count for p in series[kid]) == len(values)
        starts = [p.start for p in series[kid]]
        assert starts == sorted(set(starts))
        if aggregate is not None:
            check_against_reference(series[kid], values, k.cadence, k.aggregation)


# -- the since window ---------------------------------------------------------------------


@pytest.mark.parametrize("how", list(Aggregation))
@pytest.mark.parametrize(
    ("cadence", "since"),
    [
        (Cadence.DAILY, date(2026, 12, 30)),
        (Cadence.WEEKLY, date(2026, 12, 28)),  # a Monday: the start of a week
        (Cadence.WEEKLY, date(2026, 12, 31)),  # a Thursday: that whole week still counts
        (Cadence.MONTHLY, date(2027, 1, 1)),
        (Cadence.MONTHLY, date(2027, 1, 17)),  # mid-month: the whole month counts
    ],
)
def test_since_keeps_whole_periods_from_the_one_holding_the_day(repo, goal_id, cadence, since, how):
    kpi = make_kpi(repo, goal_id, cadence, how)
    values = []
    day = date(2026, 11, 1)
    while day <= date(2027, 2, 28):
        values.append((day, float(day.toordinal() % 97)))
        values.append((day, float(day.day)))
        day += timedelta(days=1)
    repo.add_measurements([(kpi.id, d, v, "") for d, v in values], NOW)
    series = repo.series([kpi], {kpi.id: since})[kpi.id]
    full = repo.series([kpi])[kpi.id]
    floor = {
        Cadence.DAILY: since,
        Cadence.WEEKLY: since - timedelta(days=since.weekday()),
        Cadence.MONTHLY: since.replace(day=1),
    }[cadence]
    # the window is exactly the tail of the full series, periods unchanged
    assert series == [p for p in full if p.start >= floor]
    assert series[0].start == floor
    kept = [(d, v) for d, v in values if d >= floor]
    check_against_reference(series, kept, cadence, how)


def test_since_per_kpi_in_one_group(repo, goal_id):
    a = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.SUM, "a")
    b = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.SUM, "b")
    c = make_kpi(repo, goal_id, Cadence.WEEKLY, Aggregation.SUM, "c")
    values = [(date(2026, 1, 5) + timedelta(weeks=w), float(w)) for w in range(10)]
    for k in (a, b, c):
        record(repo, k, values)
    series = repo.series([a, b, c], {a.id: date(2026, 2, 2), b.id: date(2026, 3, 4)})
    assert [p.start for p in series[a.id]] == [
        date(2026, 1, 5) + timedelta(weeks=w) for w in range(4, 10)
    ]
    assert [p.start for p in series[b.id]] == [date(2026, 3, 2), date(2026, 3, 9)]
    assert len(series[c.id]) == 10  # no window for c


def test_service_reads_only_the_recent_window(demo_service):
    """``readings`` uses a window; ``reading`` the whole series. The tail agrees."""
    for r in demo_service.readings():
        whole = demo_service.reading(r.kpi.id)
        assert len(r.series) <= len(whole.series)
        assert list(r.series) == list(whole.series[len(whole.series) - len(r.series) :])
        assert r.current == whole.current
