"""SQL for cadence periods: a grouping key, a period's first day, a period's combined value.

Fortnights (the biweekly cadence) are counted from each goal's start, so for
them the key and the first day also need, per KPI, which of two ISO weeks
begins its fortnights: :func:`fortnight_parities` reads that from the goals.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import SQLColumnExpression, case, func, literal, select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.models import Aggregation, Cadence, Kpi
from goaltui.domain.periods import fortnight_anchor
from goaltui.storage.repository.base import as_date
from goaltui.storage.sqlfn import (
    JULIAN_OF_ORDINAL_0,
    avg_in_order,
    day_number,
    days_after,
    monday_of,
    month_of,
    month_start,
    sum_in_order,
    year_of,
)
from goaltui.storage.tables import GoalRow, KpiRow


def goal_starts(session: Session, kpis: Sequence[Kpi]) -> dict[int, date]:
    """The start of each biweekly KPI's goal (where its fortnights are counted from).

    Empty, without a query, when none of ``kpis`` is biweekly.
    """
    ids = [k.id for k in kpis if k.cadence == Cadence.BIWEEKLY]
    if not ids:
        return {}
    query = (
        select(col(KpiRow.id), col(GoalRow.start))
        .join(GoalRow, col(GoalRow.id) == col(KpiRow.goal_id))
        .where(col(KpiRow.id).in_(ids))
    )
    rows = session.execute(query)
    return {kpi_id: as_date(start) for kpi_id, start in rows if kpi_id is not None}


def week_number(day: date) -> int:
    """The number of ``day``'s ISO week, counted as :func:`period_key_sql` counts weeks."""
    return (day.toordinal() + JULIAN_OF_ORDINAL_0) // 7


def fortnight_parities(
    starts: Mapping[int, date], kpi_id: SQLColumnExpression[Any]
) -> SQLColumnExpression[Any]:
    """SQL for 0 or 1 per KPI: the parity of the week its goal's first fortnight begins in.

    ``starts``: each KPI's goal start by KPI id; ``kpi_id``: the column naming the KPI.
    """
    parity = {kpi_id: week_number(fortnight_anchor(day)) % 2 for kpi_id, day in starts.items()}
    if not parity:
        return literal(0)
    return case(parity, value=kpi_id, else_=0)


def _weeks(column: SQLColumnExpression[Any]) -> SQLColumnExpression[Any]:
    """SQL for the week number of the day ``column`` (Julian day number // 7)."""
    return day_number(column) // 7


def period_key_sql(
    column: SQLColumnExpression[Any],
    cadence: Cadence,
    parity: SQLColumnExpression[Any] | None = None,
) -> SQLColumnExpression[Any]:
    """A cheap SQL value that is equal for the days of one cadence period, and
    increases with time (for GROUP BY / ORDER BY; the period's first day is
    computed from ``min(day)`` afterwards).

    A day is its own key; a week (Monday first) is the Julian day number
    divided by 7 (day number 0 was a Monday), a fortnight is the week number
    plus ``parity`` (:func:`fortnight_parities`) divided by 2, a month is the
    year times twelve plus the month, and a quarter is the year times four
    plus the month's quarter (0-3).
    """
    if cadence == Cadence.DAILY:
        return column
    if cadence == Cadence.WEEKLY:
        return _weeks(column)
    if cadence == Cadence.BIWEEKLY:
        return (_weeks(column) + (literal(0) if parity is None else parity)) // 2
    if cadence == Cadence.QUARTERLY:
        return year_of(column) * 4 + (month_of(column) - 1) // 3
    return year_of(column) * 12 + month_of(column)


def combine_sql(
    column: SQLColumnExpression[Any], how: Aggregation, day: SQLColumnExpression[Any]
) -> SQLColumnExpression[Any]:
    """SQL combining a period's values by ``how`` (not ``LAST``: that needs the newest row).

    ``day``: the values' day column; sums add up by day, then value (:func:`sum_in_order`).
    """
    if how == Aggregation.SUM:
        return sum_in_order(column, day, column)
    if how == Aggregation.MIN:
        return func.min(column)
    if how == Aggregation.MAX:
        return func.max(column)
    if how == Aggregation.COUNT:
        return func.count(column)
    return avg_in_order(column, day, column)


def period_start_sql(
    column: SQLColumnExpression[Any],
    cadence: Cadence,
    parity: SQLColumnExpression[Any] | None = None,
) -> SQLColumnExpression[Any]:
    """SQL for the first day of the period holding the day ``column``.

    ``parity``: for fortnights, as :func:`period_key_sql` takes it.
    """
    if cadence == Cadence.DAILY:
        return column
    if cadence == Cadence.WEEKLY:
        return monday_of(column)
    if cadence == Cadence.BIWEEKLY:  # that Monday, or the one before in a fortnight's 2nd week
        second = (_weeks(column) + (literal(0) if parity is None else parity)) % 2
        return days_after(monday_of(column), -7 * second)
    if cadence == Cadence.QUARTERLY:  # back to the first month of the quarter
        return month_start(column, (month_of(column) - 1) % 3)
    return month_start(column)
