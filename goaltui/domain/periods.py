"""Cadence periods (days, ISO weeks, fortnights, months, quarters); a KPI's values per period."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, timedelta

from goaltui.domain.dates import add_months, end_of_month, end_of_quarter, quarter_of
from goaltui.domain.models import Aggregation, Cadence, KpiKind, PeriodValue


def fortnight_anchor(anchor: date) -> date:
    """The Monday of the ISO week holding ``anchor``: where a goal's first fortnight begins."""
    return anchor - timedelta(days=anchor.weekday())


def _fortnight_ordinal(day: date, anchor: date | None) -> int:
    """The ordinal of the first day of the fortnight holding ``day`` (below 1 near year 1).

    Fortnights run Monday to Sunday of two ISO weeks, counted forward and back
    in steps of 14 days from the Monday of the week holding ``anchor``.
    """
    if anchor is None:
        raise ValueError("a fortnight is counted from the goal's start: give its anchor")
    monday = day.toordinal() - day.weekday()
    weeks = (monday - fortnight_anchor(anchor).toordinal()) // 7
    return monday - 7 * (weeks % 2)


def _clamped(ordinal: int) -> date:
    """The day of ``ordinal``, held within 0001-01-01 .. 9999-12-31."""
    return date.fromordinal(min(max(ordinal, 1), date.max.toordinal()))


def period_start(day: date, cadence: Cadence, anchor: date | None = None) -> date:
    """The first day of the period holding ``day``.

    Daily: the day itself; weekly: the Monday of its ISO week; biweekly: the
    Monday that begins its fortnight, fortnights being counted in steps of 14
    days from the Monday of the ISO week holding ``anchor`` (the goal's start;
    required for biweekly, unused otherwise); monthly: the first of its month;
    quarterly: the first of its calendar quarter (January, April, July or
    October). Never before 0001-01-01.
    """
    if cadence == Cadence.DAILY:
        return day
    if cadence == Cadence.WEEKLY:
        return day - timedelta(days=day.weekday())
    if cadence == Cadence.BIWEEKLY:
        return _clamped(_fortnight_ordinal(day, anchor))
    if cadence == Cadence.QUARTERLY:
        return date(day.year, 3 * quarter_of(day) - 2, 1)
    return day.replace(day=1)


def period_end(day: date, cadence: Cadence, anchor: date | None = None) -> date:
    """The last day of the period holding ``day`` (never past 9999-12-31)."""
    if cadence == Cadence.DAILY:
        return day
    if cadence == Cadence.WEEKLY:
        monday = period_start(day, cadence)
        return monday + timedelta(days=min(6, (date.max - monday).days))
    if cadence == Cadence.BIWEEKLY:
        return _clamped(_fortnight_ordinal(day, anchor) + 13)
    if cadence == Cadence.QUARTERLY:
        return end_of_quarter(day.year, quarter_of(day))
    return end_of_month(day.year, day.month)


def next_period(start: date, cadence: Cadence, anchor: date | None = None) -> date:
    """The first day of the period after the one holding ``start``.

    Raises:
        OverflowError: when that period would begin after 9999-12-31.
    """
    if cadence in (Cadence.MONTHLY, Cadence.QUARTERLY):
        step = 3 if cadence == Cadence.QUARTERLY else 1
        following = add_months(period_start(start, cadence), step)
        if following is None:
            raise OverflowError(f"no {cadence.value} period after 9999")
        return following
    return period_end(start, cadence, anchor) + timedelta(days=1)


def periods_between(
    first: date, last: date, cadence: Cadence, anchor: date | None = None
) -> list[date]:
    """The starts of every period that covers a day from ``first`` to ``last`` inclusive.

    Empty when ``last`` is before ``first``.
    """
    starts: list[date] = []
    current = period_start(first, cadence, anchor)
    while first <= last:
        starts.append(current)
        if period_end(current, cadence, anchor) >= last:
            break
        current = next_period(current, cadence, anchor)
    return starts


def count_periods(first: date, last: date, cadence: Cadence, anchor: date | None = None) -> int:
    """How many periods cover the days from ``first`` to ``last`` (0 when ``last`` is earlier)."""
    if last < first:
        return 0
    if cadence == Cadence.DAILY:
        return (last - first).days + 1
    if cadence == Cadence.WEEKLY:
        return (period_start(last, cadence) - period_start(first, cadence)).days // 7 + 1
    if cadence == Cadence.BIWEEKLY:
        fortnights = _fortnight_ordinal(last, anchor) - _fortnight_ordinal(first, anchor)
        return fortnights // 14 + 1
    if cadence == Cadence.QUARTERLY:
        return (last.year - first.year) * 4 + quarter_of(last) - quarter_of(first) + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def periods_back(day: date, cadence: Cadence, count: int, anchor: date | None = None) -> date:
    """The first day of the period ``count`` periods before the one holding ``day``."""
    start = period_start(day, cadence, anchor)
    if cadence == Cadence.DAILY:
        return start - timedelta(days=min(count, start.toordinal() - 1))
    if cadence == Cadence.WEEKLY:
        return start - timedelta(days=min(7 * count, start.toordinal() - 1))
    if cadence == Cadence.BIWEEKLY:
        return _clamped(_fortnight_ordinal(day, anchor) - 14 * count)
    if cadence == Cadence.QUARTERLY:
        return add_months(start, -3 * count) or date.min
    return add_months(start, -count) or date.min


def one_way(how: Aggregation, kind: KpiKind) -> int:
    """Which way a period's figure can only move as values come in, where it is judged so.

    1: it only grows (``sum`` and ``count``; ``max`` unless the KPI falls);
    -1: it only falls (``min`` unless the KPI rises); 0: it is judged like
    ``mean`` (``last`` and ``mean``; ``max`` of a falling KPI, ``min`` of a
    rising one).
    """
    if how in (Aggregation.SUM, Aggregation.COUNT):
        return 1
    if how == Aggregation.MAX and kind != KpiKind.DECREASE:
        return 1
    if how == Aggregation.MIN and kind != KpiKind.INCREASE:
        return -1
    return 0


def aggregate(
    values: Sequence[tuple[date, float]],
    cadence: Cadence,
    how: Aggregation,
    anchor: date | None = None,
) -> list[PeriodValue]:
    """Combine ``(day, value)`` pairs into one value per period, sorted by period.

    ``values`` come in recording order. ``LAST`` keeps the value of the entry
    with the latest day in the period; of several on that day, the one recorded
    last. ``SUM`` adds them up, ``MEAN`` averages them, ``MIN`` and ``MAX`` keep
    the smallest and largest, and ``COUNT`` is how many there are. ``count``
    tells how many entries each period holds. ``anchor``: the goal's start,
    which fortnights are counted from. This is the reference for storage's SQL.
    """
    buckets: dict[date, list[tuple[date, int, float]]] = {}
    for order, (day, value) in enumerate(values):
        buckets.setdefault(period_start(day, cadence, anchor), []).append((day, order, value))
    result: list[PeriodValue] = []
    for start in sorted(buckets):
        entries = buckets[start]
        numbers = [value for _, _, value in entries]
        if how == Aggregation.LAST:
            combined = max(entries)[2]
        elif how == Aggregation.SUM:
            combined = math.fsum(numbers)
        elif how == Aggregation.MIN:
            combined = min(numbers)
        elif how == Aggregation.MAX:
            combined = max(numbers)
        elif how == Aggregation.COUNT:
            combined = float(len(numbers))
        else:  # held within the values, which rounding alone might not
            combined = min(max(math.fsum(numbers) / len(numbers), min(numbers)), max(numbers))
        last_day = max(day for day, _, _ in entries)
        result.append(PeriodValue(start=start, value=combined, count=len(entries), day=last_day))
    return result
