"""KPI readings: each KPI's status, progress and series, read with as little SQL as can be."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from goaltui.domain import kpi as kpi_rules
from goaltui.domain.bounds import BOUNDED
from goaltui.domain.checkpoints import knots_of
from goaltui.domain.models import Cadence, Goal, Kpi, KpiKind, KpiReading, PeriodValue
from goaltui.domain.periods import period_start, periods_back
from goaltui.services.context import ServiceContext
from goaltui.services.goals import GoalsService
from goaltui.storage.repository import WRITE_BUMPS

#: Periods of history an overview reads per KPI (the sparkline window).
OVERVIEW_PERIODS = {
    Cadence.DAILY: 60,
    Cadence.WEEKLY: 26,
    Cadence.BIWEEKLY: 13,
    Cadence.MONTHLY: 12,
    Cadence.QUARTERLY: 8,
}
#: Periods before the judged one a reading needs (the forecast's recent rate).
RECENT = kpi_rules.RECENT_PERIODS


class ReadingService:
    """Readings of KPIs on a day, with the recent windows and tallies kept for reuse."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService) -> None:
        self.ctx = ctx
        self.goals = goals
        # (write stamp, day, {kpi id: (kpi, window start, series)}): see _series.
        self._window_memo: tuple[int, date, dict[int, Any]] | None = None
        # (write stamp, {(kpi, goal start, days counted through): tallies}): see _tallies.
        self._tally_memo: tuple[int, dict[tuple[Any, ...], list[tuple[int, int]]]] = (-1, {})

    def readings(
        self, goal_ids: Sequence[int] | None = None, window: bool = True
    ) -> list[KpiReading]:
        """Each KPI's status, progress and series (recent window by default)."""
        key = ("readings", None if goal_ids is None else tuple(goal_ids), window)
        return list(self.ctx.kept(key, lambda: self._readings(goal_ids, window)))

    def _readings(self, goal_ids: Sequence[int] | None, window: bool) -> list[KpiReading]:
        goals = {g.id: g for g in self.goals.known_goals()}
        return self.read_today(self.ctx.repo.kpis(goal_ids), goals, window)

    def read_today(
        self, kpis: Sequence[Kpi], goals: Mapping[int, Goal], window: bool
    ) -> list[KpiReading]:
        """:meth:`read_on` the clock's today."""
        return self.read_on(kpis, goals, self.ctx.clock.today(), window)

    def reading(self, kpi_id: int) -> KpiReading:
        """One KPI with its whole series, for the detail chart."""
        repo = self.ctx.repo
        k = repo.get("kpi", kpi_id)
        goals = {k.goal_id: repo.get("goal", k.goal_id)}
        return self.read_today([k], goals, window=False)[0]

    def figures(self, kpis: Sequence[Kpi]) -> dict[int, KpiReading]:
        """Each KPI's reading today as a check-in confirms it (KPI id -> reading).

        Its figures come from the whole history, as :meth:`reading`'s do, but only
        the recent window of its series is read: what a recorded value is
        confirmed with, not a chart.
        """
        if not kpis:
            return {}
        goals = {i: self.ctx.repo.get("goal", i) for i in {k.goal_id for k in kpis}}
        return {r.kpi.id: r for r in self.read_today(kpis, goals, window=True)}

    def values_added(self, stamp: int, day: date) -> None:
        """Values on ``day`` were added, in the one write since :attr:`repo.stamp` was
        ``stamp``: the periods-in-bounds tallies of periods that ended before ``day``
        still hold (a check-in's value of today's period leaves them as they were)."""
        kept_at, tallies = self._tally_memo
        if kept_at != stamp or self.ctx.repo.stamp != stamp + WRITE_BUMPS:
            return  # something else was written too, or tried again: read afresh
        still = {
            key: counts
            for key, counts in tallies.items()
            if all(end is None or end < day for end in key[2])
        }
        self._tally_memo = (self.ctx.repo.stamp, still)

    def read_on(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        day: date,
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[KpiReading]:
        """Each KPI's one reading on ``day`` (:func:`goaltui.domain.kpi.read_kpi`).

        ``window``: read only the last ``periods[cadence]`` periods for drawing
        (the sparkline); the figures still come from the whole history: a KPI
        whose last value is older than that gets its latest period read on its
        own, and a stay KPI's periods in bounds are counted in SQL. Without
        ``window`` the whole series is read (a KPI's chart).
        """
        return self.read_on_days(kpis, goals, [day], window, periods)[0]

    def read_on_days(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        days: Sequence[date],
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[list[KpiReading]]:
        """:meth:`read_on` for several days at once, the SQL shared: one list per day."""
        if not kpis or not days:
            return [[] for _ in days]
        repo = self.ctx.repo
        goal_ids = {k.goal_id for k in kpis}
        revisions = repo.revisions_of(goal_ids)
        pauses = repo.pauses(goal_ids)
        knots = knots_of(repo.milestones(goal_ids))
        # Values from before a goal's start are history: drawn, never judged.
        starts = {k.id: goals[k.goal_id].start for k in kpis}
        drawn: dict[int, list[PeriodValue]] | None = None
        if not window:
            drawn = repo.series(kpis)
            judged = repo.series(kpis, from_day=starts)
            whole = {k.id: kpi_rules.History.whole(judged[k.id]) for k in kpis}
            histories = [whole for _ in days]
        else:
            histories = self._windowed(kpis, goals, days, periods, starts)
        return [
            [
                kpi_rules.read_kpi(
                    k,
                    goals[k.goal_id],
                    histories[i][k.id],
                    day,
                    revisions=revisions.get(k.goal_id, ()),
                    pauses=pauses.get(k.goal_id, ()),
                    series=None if drawn is None else drawn[k.id],
                    checkpoints=knots.get(k.id, ()),
                )
                for k in kpis
            ]
            for i, day in enumerate(days)
        ]

    def _windowed(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        days: Sequence[date],
        periods: Mapping[Cadence, int],
        starts: Mapping[int, date],
    ) -> list[dict[int, kpi_rules.History]]:
        """Per day, each KPI's recent window with what the figures need from before it."""
        repo = self.ctx.repo
        since = [
            {
                k.id: periods_back(
                    day, k.cadence, max(periods[k.cadence], RECENT + 1) - 1, starts[k.id]
                )
                for k in kpis
            }
            for day in days
        ]
        first = {k.id: min(s[k.id] for s in since) for k in kpis}
        if days == [self.ctx.clock.today()] and periods is OVERVIEW_PERIODS:
            series = self._series(kpis, first, starts)
        else:
            series = repo.series(kpis, first, starts)
        before: dict[int, list[date | None]] = {k.id: [None] * len(days) for k in kpis}
        for i, day in enumerate(days):
            for k in kpis:
                start = goals[k.goal_id].start
                if start < since[i][k.id] and not any(  # a complete period to judge
                    p.start < period_start(day, k.cadence, start) and (p.day or p.start) >= start
                    for p in series[k.id]
                    if p.start >= since[i][k.id]
                ):
                    before[k.id][i] = since[i][k.id] - timedelta(days=1)
        stale = [k for k in kpis if any(d is not None for d in before[k.id])]
        earlier = repo.last_periods(stale, before, starts) if stale else {}
        tallies = self._tallies(kpis, goals, days)
        return [
            {
                k.id: kpi_rules.History(
                    tuple(series[k.id]),
                    earlier[k.id][i] if k.id in earlier else None,
                    tallies[k.id][i] if k.id in tallies else None,
                )
                for k in kpis
            }
            for i in range(len(days))
        ]

    def _tallies(
        self, kpis: Sequence[Kpi], goals: Mapping[int, Goal], days: Sequence[date]
    ) -> dict[int, list[tuple[int, int]]]:
        """Per bounded KPI (stay_above/below, between) and day: complete periods from its
        goal's start before the day's, and how many kept to the bounds.

        One grouped pass over the history in SQL; kept until anything is written,
        so the Goals and KPI screens share it.
        """
        stay = [k for k in kpis if k.kind in BOUNDED]
        if not stay:
            return {}
        through: dict[int, list[date | None]] = {}
        for k in stay:
            firsts = [period_start(day, k.cadence, goals[k.goal_id].start) for day in days]
            through[k.id] = [f - timedelta(days=1) if f > date.min else None for f in firsts]

        def key(k: Kpi) -> tuple[Any, ...]:
            return (k, goals[k.goal_id].start, tuple(through[k.id]))

        repo = self.ctx.repo
        stamp = repo.stamp
        memo = self._tally_memo if self._tally_memo[0] == stamp else (stamp, {})
        missing = [k for k in stay if key(k) not in memo[1]]
        if missing:
            counts = repo.period_counts(
                missing,
                through,
                at_most=[k.id for k in missing if k.kind == KpiKind.STAY_BELOW],
                since={k.id: goals[k.goal_id].start for k in missing},
            )
            if repo.stamp == stamp:
                found = {key(k): counts[k.id] for k in missing}
                memo = (stamp, {**memo[1], **found})
                self._tally_memo = memo
            else:
                return counts | {k.id: memo[1][key(k)] for k in stay if key(k) in memo[1]}
        return {k.id: memo[1][key(k)] for k in stay}

    def _series(
        self, kpis: Sequence[Kpi], since: Mapping[int, date], from_day: Mapping[int, date]
    ) -> dict[int, list[PeriodValue]]:
        """The recent window of each KPI's series, reused until anything is written.

        The Goals screen reads every KPI's window; the KPI screen then needs the
        same windows again (of the active goals' KPIs): on a big history that
        second read alone would cost a few hundred milliseconds.
        """
        repo = self.ctx.repo
        stamp, today = repo.stamp, self.ctx.clock.today()
        memo = self._window_memo
        if memo is not None and memo[0] == stamp and memo[1] == today:
            known: dict[int, tuple[Kpi, tuple[date, date], list[PeriodValue]]] = memo[2]
            wanted = {k.id: (k, (since[k.id], from_day[k.id])) for k in kpis}
            if all(k.id in known and known[k.id][:2] == wanted[k.id] for k in kpis):
                return {k.id: list(known[k.id][2]) for k in kpis}
        series = repo.series(kpis, since, from_day)
        if repo.stamp == stamp:
            entries = {k.id: (k, (since[k.id], from_day[k.id]), series[k.id]) for k in kpis}
            if memo is not None and memo[0] == stamp and memo[1] == today:
                entries = {**memo[2], **entries}
            self._window_memo = (stamp, today, entries)
        return {kpi_id: list(v) for kpi_id, v in series.items()}
