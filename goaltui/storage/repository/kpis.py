"""KPIs and the values measured for them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.models import Kpi, Measurement
from goaltui.storage import convert
from goaltui.storage.repository.base import (
    NotFound,
    Store,
    as_date,
    chunks,
    plain,
    rows_for,
)
from goaltui.storage.tables import KpiRow, MeasurementRow, table_of


class KpiStore(Store):
    """KPIs and their measurements (combined per period: see ``periods``)."""

    def kpis(self, goal_ids: Iterable[int] | None = None) -> list[Kpi]:
        """KPIs of the given goals (all when ``None``), by goal then id."""

        def run(session: Session) -> list[Kpi]:
            k = KpiRow
            order = (col(k.goal_id), col(k.id))
            return rows_for(session, k, convert.kpi, order, col(k.goal_id), goal_ids)

        return self._read(run)

    def add_measurements(self, rows: Sequence[tuple[int, date, float, str]], now: datetime) -> int:
        """Record several ``(kpi_id, day, value, note)`` at once, in one transaction."""

        def run(session: Session) -> int:
            gone = "that KPI no longer exists (deleted in another window?)"
            insert_measurements(session, rows, now, gone)
            return len(rows)

        return self._write(run)

    def measurements(
        self, kpi_id: int, limit: int | None = None, offset: int = 0
    ) -> list[Measurement]:
        """A KPI's measurements, newest first."""

        def run(session: Session) -> list[Measurement]:
            m = MeasurementRow
            query = (
                plain(m)
                .where(col(m.kpi_id) == kpi_id)
                .order_by(col(m.day).desc(), col(m.id).desc())
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            return [convert.measurement(r) for r in session.execute(query)]

        return self._read(run)

    def values_on(self, day: date, kpi_ids: Iterable[int] | None = None) -> dict[int, Measurement]:
        """The newest measurement of each KPI recorded for ``day`` (KPI id -> measurement)."""

        def run(session: Session) -> dict[int, Measurement]:
            m = MeasurementRow
            query = plain(m).where(col(m.day) == day).order_by(col(m.id))
            if kpi_ids is not None:
                query = query.where(col(m.kpi_id).in_(list(kpi_ids)))
            return {row.kpi_id: convert.measurement(row) for row in session.execute(query)}

        return self._read(run)

    def measurement_count(self, kpi_id: int | None = None) -> int:
        """How many measurements a KPI (or the whole database) has."""

        def run(session: Session) -> int:
            m = MeasurementRow
            query = select(func.count(col(m.id)))
            if kpi_id is not None:
                query = query.where(col(m.kpi_id) == kpi_id)
            return int(session.scalar(query) or 0)

        return self._read(run)

    def latest_days(self, kpi_ids: Sequence[int]) -> dict[int, date]:
        """The latest day each KPI has a value for: one index look-up per KPI, not a scan."""

        def run(session: Session) -> dict[int, date]:
            m, k = MeasurementRow, KpiRow
            out: dict[int, date] = {}
            for chunk in chunks(list(kpi_ids)):
                latest = select(func.max(col(m.day))).where(col(m.kpi_id) == col(k.id))
                query = select(col(k.id), latest.scalar_subquery()).where(col(k.id).in_(chunk))
                for kpi_id, day in session.execute(query):
                    assert kpi_id is not None  # a primary key
                    if day is not None:
                        out[kpi_id] = as_date(day)
            return out

        return self._read(run)


def insert_measurements(
    session: Session, rows: Sequence[tuple[int, date, float, str]], now: datetime, gone: str
) -> None:
    """Add each ``(kpi_id, day, value, note)``; :class:`NotFound` saying ``gone`` if a KPI is.

    The KPIs are looked up once, not once per value: a round trip per value costs
    little in a file but adds up over a network.
    """
    wanted = sorted({kpi_id for kpi_id, *_rest in rows})
    found: set[int | None] = set()
    for chunk in chunks(wanted):
        found.update(session.scalars(select(col(KpiRow.id)).where(col(KpiRow.id).in_(chunk))))
    if len(found) < len(wanted):
        raise NotFound(gone)
    # A Core insert: the rows are not read back, so no ORM instances to keep track of.
    values = [
        {"kpi_id": kpi_id, "day": day, "value": value, "note": note, "created_at": now}
        for kpi_id, day, value, note in rows
    ]
    if values:
        session.execute(insert(table_of(MeasurementRow)), values)
