"""Every surface shows one and the same reading of a KPI on the same day.

A goal per kind, with a KPI in every cadence and way of combining values, a
year of values (some before the goal's start, some stale), a pause and a chain
of revisions. For each KPI the status and days ahead/behind must be the same in
the overview readings (sparkline window), a KPI's detail (whole history), the
goal's detail pane, the goal tree's worst status, the review evidence on the
same day, ``goaltui list --kpis``, ``goaltui list``, ``goaltui checkin``'s reply
and the markdown report.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from goaltui.domain.bounds import BOUNDED
from goaltui.domain.models import Aggregation, Cadence, KpiKind, KpiStatus
from goaltui.domain.present import describe_reading
from goaltui.domain.progress import worst_status
from tests.cli.helpers import cli_at, open_db

TODAY = date(2026, 11, 22)
KINDS = list(KpiKind)
CADENCES = list(Cadence)
HOWS = list(Aggregation)


def fill(svc) -> dict[int, int]:
    """The goals and KPIs; returns KPI id -> goal id."""
    rnd = random.Random(16)
    repo = svc.repo
    now = datetime(2026, 1, 1, 9)
    owner: dict[int, int] = {}
    for n, kind in enumerate(KINDS):
        start = date(2026, 1, 5) + timedelta(days=7 * n)
        goal = repo.add(
            "goal",
            now=now,
            title=f"{kind.value} goal",
            start=start,
            deadline=date(2027, 3, 31),
        )
        for cadence in CADENCES:
            for how in HOWS:
                rising = kind in (KpiKind.INCREASE, KpiKind.STAY_ABOVE, KpiKind.BETWEEN)
                baseline, target = (10.0, 50.0) if rising else (50.0, 10.0)
                bounded = kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW, KpiKind.BETWEEN)
                k = repo.add(
                    "kpi",
                    goal_id=goal.id,
                    name=f"{kind.value} {cadence.value} {how.value}",
                    unit="u",
                    baseline=baseline,
                    target=target if not bounded else 30,
                    high=38.0 if kind == KpiKind.BETWEEN else None,  # values pass through it
                    kind=kind,
                    cadence=cadence,
                    aggregation=how,
                )
                owner[k.id] = goal.id
                rows = []
                day = start - timedelta(days=20)  # a few values before the start
                stop = TODAY - timedelta(days=rnd.choice([0, 0, 3, 60]))  # some go stale
                while day <= stop:
                    share = (day - start).days / 450
                    level = baseline + (target - baseline) * share
                    rows.append((k.id, day, round(level + rnd.uniform(-4, 4), 2), ""))
                    day += timedelta(days=rnd.choice([1, 2, 3, 6]))
                repo.add_measurements(rows, now)
                if rnd.random() < 0.5:
                    svc.repo.add(
                        "revision",
                        goal_id=goal.id,
                        entity="kpi",
                        entity_id=k.id,
                        field="target",
                        old=str(target),
                        new=str(target),
                        reason="checked again",
                        at=datetime(2026, 6, 1, 12),
                    )
        if n % 2:
            repo.add("pause", goal_id=goal.id, start=date(2026, 4, 6), end=date(2026, 5, 18))
            svc.edit_goal(goal.id, {"deadline": date(2027, 4, 30)}, reason="the pause")
    return owner


@pytest.fixture
def filled(service):
    owner = fill(service)
    return service, owner


def figures(reading) -> tuple[KpiStatus, int | None]:
    return reading.status, reading.days_ahead


def test_every_surface_shows_the_same_reading(filled, capsys, clock, db_arg):
    svc, owner = filled
    overview = {r.kpi.id: r for r in svc.readings()}
    assert len(overview) == len(KINDS) * len(CADENCES) * len(HOWS)
    statuses = {r.status for r in overview.values()}
    assert len(statuses) >= 3, statuses  # the data reaches several statuses, not one

    for kpi_id, reading in overview.items():
        # The KPI's detail reads the whole history; the figures are the same.
        detail = svc.reading(kpi_id)
        assert figures(detail) == figures(reading), reading.kpi.name
        assert detail.current == reading.current
        assert detail.forecast == reading.forecast
        assert detail.progress == reading.progress
        assert detail.in_bounds == reading.in_bounds

    goal_ids = sorted(set(owner.values()))
    for goal_id in goal_ids:
        pane = {r.kpi.id: r for r in svc.detail(goal_id).readings}
        for kpi_id, reading in pane.items():
            assert figures(reading) == figures(overview[kpi_id])

    # The goal tree: each goal's status is the worst of its KPIs' readings.
    for s in svc.summaries():
        mine = [r.status for r in overview.values() if r.kpi.goal_id == s.goal.id]
        assert s.worst == worst_status(mine)

    # The review's evidence for a period ending today, and for one still running
    # (this week, which ends after today): both are read as they stand today.
    for start, end in (
        (TODAY - timedelta(days=6), TODAY),
        (TODAY - timedelta(days=2), TODAY + timedelta(days=4)),
    ):
        for ev in svc.evidence(start, end):
            for k in ev.kpis:
                reading = overview[k.kpi.id]
                assert (k.status_at_end, k.days_at_end) == figures(reading), k.kpi.name
                assert k.end_value == reading.current
                bound = reading.kpi.kind in BOUNDED  # a bound shows its target, no pace
                assert k.pace_at_end == (None if bound else reading.expected)

    svc.close()
    # goaltui list --kpis: one line per KPI, with the reading described.
    listed = cli_at(capsys, clock, "--db", db_arg, "list", "--kpis")
    assert listed.code == 0
    lines = listed.out.splitlines()
    for kpi_id, reading in overview.items():
        (line,) = [x for x in lines if x.lstrip().startswith(f"{kpi_id}  ")]
        assert line.endswith("  " + describe_reading(reading)), line

    # goaltui list: the goal's KPI status column.
    listed = cli_at(capsys, clock, "--db", db_arg, "list")
    for goal_id in goal_ids:
        worst = worst_status(r.status for r in overview.values() if r.kpi.goal_id == goal_id)
        title = next(r.goal_title for r in overview.values() if r.kpi.goal_id == goal_id)
        (line,) = [x for x in listed.out.splitlines() if x.endswith(title)]
        assert f"  {worst.value}" in line, line

    # The markdown report: each KPI's row ends with the same description.
    report = cli_at(capsys, clock, "--db", db_arg, "export", "markdown")
    for reading in overview.values():
        assert f" | {describe_reading(reading)} |" in report.out, reading.kpi.name


def test_checkin_reply_reads_as_the_overview_does(filled, capsys, clock, db_arg):
    svc, _ = filled
    kpi = svc.repo.kpis()[0]
    svc.close()
    said = cli_at(capsys, clock, "--db", db_arg, "checkin", kpi.name, "33")
    assert said.code == 0

    again = open_db(db_arg, clock)
    try:
        reading = next(r for r in again.readings() if r.kpi.id == kpi.id)
        assert said.out.splitlines()[0].endswith(": " + describe_reading(reading))
    finally:
        again.close()


def test_a_parent_shows_the_worst_status_of_its_open_sub_goals(service):
    repo = service.repo
    now = datetime(2026, 1, 1, 9)
    parent = repo.add("goal", now=now, title="Expand", start=date(2026, 1, 5))
    child = repo.add(
        "goal",
        now=now,
        title="Germany",
        start=date(2026, 1, 5),
        deadline=date(2026, 12, 31),
        parent_id=parent.id,
    )
    closed = repo.add(
        "goal",
        now=now,
        title="France",
        start=date(2026, 1, 5),
        deadline=date(2026, 6, 30),
        parent_id=parent.id,
        status="abandoned",
    )
    # Germany: 10 -> 50 over 360 days; on 2026-11-22 (321 days in) the line is at
    # 10 + 40 * 321 / 360 = 45.67; a value of 41 is 4.67 behind, 11.7 % of the
    # span of 40: at risk.
    k = repo.add("kpi", goal_id=child.id, name="customers", baseline=10, target=50)
    repo.add_measurements([(k.id, date(2026, 11, 20), 41.0, "")], now)
    # France was abandoned off track; it no longer speaks for the parent.
    f = repo.add("kpi", goal_id=closed.id, name="visits", baseline=0, target=100)
    repo.add_measurements([(f.id, date(2026, 3, 1), 1.0, "")], now)
    by_title = {s.goal.title: s for s in service.summaries(include_archived=True)}
    assert by_title["Germany"].worst == KpiStatus.AT_RISK
    assert by_title["France"].worst == KpiStatus.MISSED
    assert by_title["Expand"].worst == KpiStatus.AT_RISK
