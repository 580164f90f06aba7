"""A KPI's values combined per cadence period, computed in SQL."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    case,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlmodel import col

from goaltui.domain.models import Aggregation, Cadence, Kpi, KpiKind, PeriodValue
from goaltui.domain.periods import period_start
from goaltui.storage.repository.base import Store, as_date, chunks, one_off
from goaltui.storage.repository.period_sql import (
    combine_sql,
    fortnight_parities,
    goal_starts,
    period_key_sql,
    period_start_sql,
)
from goaltui.storage.sqlfn import avg_in_order, sum_in_order
from goaltui.storage.tables import KpiRow, MeasurementRow


class PeriodStore(Store):
    """KPI values per period: series, the latest periods, and periods that reached."""

    def series(
        self,
        kpis: Sequence[Kpi],
        since: Mapping[int, date] | None = None,
        from_day: Mapping[int, date] | None = None,
    ) -> dict[int, list[PeriodValue]]:
        """Each KPI's values combined per cadence period, computed in SQL.

        ``since`` optionally limits a KPI to periods from a day on (its key is the
        KPI id), so an overview reads only the recent window. ``from_day`` leaves
        out the values recorded before a day (a goal's start: they are history),
        also within the period that holds it.
        """
        result: dict[int, list[PeriodValue]] = {k.id: [] for k in kpis}
        groups: dict[tuple[Cadence, Aggregation], list[Kpi]] = {}
        for k in kpis:
            groups.setdefault((k.cadence, k.aggregation), []).append(k)

        def run(session: Session) -> dict[int, list[PeriodValue]]:
            m = MeasurementRow
            anchors = goal_starts(session, kpis)  # fortnights count from a goal's start
            for (cadence, how), members in groups.items():
                ids = [k.id for k in members]
                # One pass over the (kpi_id, day, value) index, grouped by a cheap
                # period key; the period's first day comes from min(day).
                parity = fortnight_parities(anchors, col(m.kpi_id))
                key = period_key_sql(col(m.day), cadence, parity)
                where: list[ColumnElement[bool]] = [col(m.kpi_id).in_(ids)]
                floors_of = {k.id: from_day[k.id] for k in members if from_day and k.id in from_day}
                if floors_of:
                    where.append(col(m.day) >= case(floors_of, value=col(m.kpi_id), else_=date.min))
                if since:
                    floors = [
                        period_start(since[k.id], cadence, anchors.get(k.id))
                        for k in members
                        if k.id in since
                    ]
                    if len(floors) == len(members):
                        where.append(col(m.day) >= min(floors))
                first = func.min(col(m.day))
                query: Select[Any, Any, Any, Any, Any]
                if how == Aggregation.LAST:
                    # The last value of a period: its latest day (max(day) per group),
                    # then the newest row of that day, one index look-up per period.
                    buckets = (
                        select(
                            col(m.kpi_id).label("kpi_id"),
                            first.label("first"),
                            func.max(col(m.day)).label("last"),
                            func.count().label("n"),
                        )
                        .where(*where)
                        .group_by(col(m.kpi_id), key)
                        .subquery()
                    )
                    value = _newest_value(buckets.c.kpi_id, buckets.c.last)
                    query = select(
                        buckets.c.kpi_id, buckets.c.first, value, buckets.c.n, buckets.c.last
                    )
                else:
                    combine = combine_sql(col(m.value), how, col(m.day))
                    query = (
                        select(col(m.kpi_id), first, combine, func.count(), func.max(col(m.day)))
                        .where(*where)
                        .group_by(col(m.kpi_id), key)
                    )
                starts: dict[Any, date] = {}  # (day, anchor) -> its period's first day
                for kpi_id, day, value, count, last in session.execute(query):
                    anchor = anchors.get(kpi_id)
                    start = starts.get((day, anchor))
                    if start is None:
                        start = period_start(as_date(day), cadence, anchor)
                        starts[(day, anchor)] = start
                    if (
                        since
                        and kpi_id in since
                        and start < period_start(since[kpi_id], cadence, anchor)
                    ):
                        continue
                    result[kpi_id].append(
                        PeriodValue(start, float(value), int(count), as_date(last))
                    )
            for values in result.values():
                values.sort(key=lambda v: v.start)
            return result

        return self._read(run)

    def last_periods(
        self,
        kpis: Sequence[Kpi],
        through: Mapping[int, Sequence[date | None]],
        from_day: Mapping[int, date] | None = None,
    ) -> dict[int, list[PeriodValue | None]]:
        """Each KPI's latest period with values on or before each day of ``through[kpi.id]``.

        The period is the KPI's cadence period, its values combined as
        :meth:`series` combines them; ``None`` where there is no such value (or
        no day). Only those periods' rows are read, through the (kpi_id, day)
        index: one query per cadence, never a scan of the history.
        """
        width = max((len(through[k.id]) for k in kpis), default=0)
        out: dict[int, list[PeriodValue | None]] = {k.id: [None] * width for k in kpis}

        def run(session: Session) -> dict[int, list[PeriodValue | None]]:
            one_off(session)
            m = MeasurementRow
            anchors = goal_starts(session, kpis)  # fortnights count from a goal's start
            for cadence, chunk in _cadence_chunks(kpis):
                floors = {k.id: from_day[k.id] for k in chunk if from_day and k.id in from_day}
                parts: list[Select[Any, Any, Any]] = []
                for which in range(width):
                    days = {k.id: through[k.id][which] for k in chunk}
                    ids = [kpi_id for kpi_id, day in days.items() if day is not None]
                    if not ids:
                        continue
                    limit = case({kpi_id: days[kpi_id] for kpi_id in ids}, value=col(KpiRow.id))
                    bounds = [col(m.kpi_id) == col(KpiRow.id), col(m.day) <= limit]
                    if floors:
                        bounds.append(
                            col(m.day) >= case(floors, value=col(KpiRow.id), else_=date.min)
                        )
                    latest = select(func.max(col(m.day))).where(*bounds).scalar_subquery()
                    parts.append(
                        select(
                            col(KpiRow.id).label("kpi_id"),
                            literal(which).label("which"),
                            latest.label("last"),
                        ).where(col(KpiRow.id).in_(ids))
                    )
                if not parts:
                    continue
                lasts = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
                row = aliased(MeasurementRow)
                period = and_(
                    col(row.kpi_id) == lasts.c.kpi_id,
                    col(row.day)
                    >= period_start_sql(
                        lasts.c.last, cadence, fortnight_parities(anchors, lasts.c.kpi_id)
                    ),
                    col(row.day) <= lasts.c.last,
                )
                if floors:
                    period = and_(
                        period,
                        col(row.day) >= case(floors, value=col(row.kpi_id), else_=date.min),
                    )
                last_value = _newest_value(lasts.c.kpi_id, lasts.c.last)
                by_last = [k.id for k in chunk if k.aggregation == Aggregation.LAST]
                query = (
                    select(
                        lasts.c.kpi_id,
                        lasts.c.which,
                        func.min(col(row.day)),
                        func.count(),
                        sum_in_order(col(row.value), col(row.day), col(row.value)),
                        avg_in_order(col(row.value), col(row.day), col(row.value)),
                        func.min(col(row.value)),
                        func.max(col(row.value)),
                        case((lasts.c.kpi_id.in_(by_last), last_value)),
                        lasts.c.last,
                    )
                    .select_from(lasts)
                    .join(row, period)
                    .group_by(lasts.c.kpi_id, lasts.c.which, lasts.c.last)
                )
                how = {k.id: k.aggregation for k in chunk}
                rows = session.execute(query)
                for kpi_id, which, day, count, total, mean, low, high, last, newest in rows:
                    first = as_date(day)
                    value = {
                        Aggregation.LAST: last,
                        Aggregation.SUM: total,
                        Aggregation.MIN: low,
                        Aggregation.MAX: high,
                        Aggregation.COUNT: count,
                    }.get(how[kpi_id], mean)
                    out[kpi_id][which] = PeriodValue(
                        period_start(first, cadence, anchors.get(kpi_id)),
                        float(value),
                        int(count),
                        as_date(newest),
                    )
            return out

        return self._read(run)

    def period_counts(
        self,
        kpis: Sequence[Kpi],
        through: Mapping[int, Sequence[date | None]],
        at_most: Iterable[int] = (),
        since: Mapping[int, date] | None = None,
    ) -> dict[int, list[tuple[int, int]]]:
        """Per KPI and day of ``through[kpi.id]``: its periods up to that day, and those reaching.

        Each day must be the last day of a period; ``None`` counts nothing. A
        period reaches when its combined value (as in :meth:`series`) is at or
        above the KPI's target, or at or below it for the KPIs in ``at_most``; for a
        ``between`` KPI, when it lies from its target to its ``high``, both included.
        With ``since``, values before ``since[kpi.id]`` (the goal's start: they
        are history) are left out, also within the period that holds it.
        One grouped pass per cadence in SQL: no period reaches Python.
        """
        below = set(at_most)
        width = max((len(through[k.id]) for k in kpis), default=0)
        out: dict[int, list[tuple[int, int]]] = {k.id: [(0, 0)] * width for k in kpis}

        def run(session: Session) -> dict[int, list[tuple[int, int]]]:
            one_off(session)
            m = MeasurementRow
            parity = fortnight_parities(goal_starts(session, kpis), col(m.kpi_id))
            for cadence, chunk in _cadence_chunks(kpis):
                days = [d for k in chunk for d in through[k.id] if d is not None]
                if not days:
                    continue
                floors = {k.id: since[k.id] for k in chunk if since and k.id in since}
                floor = (
                    [col(m.day) >= case(floors, value=col(m.kpi_id), else_=date.min)]
                    if floors
                    else []
                )
                buckets = (
                    select(
                        col(m.kpi_id).label("kpi_id"),
                        func.min(col(m.day)).label("first"),
                        func.max(col(m.day)).label("last"),
                        sum_in_order(col(m.value), col(m.day), col(m.value)).label("total"),
                        avg_in_order(col(m.value), col(m.day), col(m.value)).label("mean"),
                        func.min(col(m.value)).label("low"),
                        func.max(col(m.value)).label("high"),
                        func.count().label("n"),
                    )
                    .where(
                        col(m.kpi_id).in_([k.id for k in chunk]), col(m.day) <= max(days), *floor
                    )
                    .group_by(col(m.kpi_id), period_key_sql(col(m.day), cadence, parity))
                    .subquery()
                )
                last_value = _newest_value(buckets.c.kpi_id, buckets.c.last)
                kpi_id = buckets.c.kpi_id
                by_how = {how: [k.id for k in chunk if k.aggregation == how] for how in Aggregation}
                value = case(
                    (kpi_id.in_(by_how[Aggregation.LAST]), last_value),
                    (kpi_id.in_(by_how[Aggregation.SUM]), buckets.c.total),
                    (kpi_id.in_(by_how[Aggregation.MIN]), buckets.c.low),
                    (kpi_id.in_(by_how[Aggregation.MAX]), buckets.c.high),
                    (kpi_id.in_(by_how[Aggregation.COUNT]), buckets.c.n),
                    else_=buckets.c.mean,
                )
                target = case({k.id: k.target for k in chunk}, value=kpi_id)
                ranges = {k.id: k.high for k in chunk if k.kind == KpiKind.BETWEEN}
                high = case(ranges, value=kpi_id) if ranges else literal(None)
                reaches = case(
                    (kpi_id.in_([k.id for k in chunk if k.id in below]), value <= target),
                    (kpi_id.in_(list(ranges)), and_(value >= target, value <= high)),
                    else_=value >= target,
                )
                columns: list[ColumnElement[int]] = []
                for which in range(width):
                    limits = {k.id: through[k.id][which] for k in chunk}
                    known = {k: d for k, d in limits.items() if d is not None}
                    if not known:
                        columns += [literal(0), literal(0)]
                        continue
                    within = buckets.c.first <= case(known, value=kpi_id)
                    columns.append(func.count(case((within, 1))))
                    columns.append(func.count(case((and_(within, reaches), 1))))
                query = select(kpi_id, *columns).group_by(kpi_id)
                for found, *counts in session.execute(query):
                    out[found] = [
                        (int(counts[j]), int(counts[j + 1])) for j in range(0, len(counts), 2)
                    ]
            return out

        return self._read(run)


def _cadence_chunks(kpis: Sequence[Kpi]) -> Iterator[tuple[Cadence, Sequence[Kpi]]]:
    """The KPIs by cadence, in chunks of at most 500 (a query's CASE grows with it)."""
    by_cadence: dict[Cadence, list[Kpi]] = {}
    for k in kpis:
        by_cadence.setdefault(k.cadence, []).append(k)
    for cadence, members in by_cadence.items():
        for chunk in chunks(members):
            yield cadence, chunk


def _newest_value(kpi_id: ColumnElement[Any], day: ColumnElement[Any]) -> ScalarSelect[Any]:
    """SQL for the value of the newest row of a KPI on a day: a period's LAST value."""
    row = aliased(MeasurementRow)
    return (
        select(col(row.value))
        .where(col(row.kpi_id) == kpi_id, col(row.day) == day)
        .order_by(col(row.id).desc())
        .limit(1)
        .scalar_subquery()
    )
