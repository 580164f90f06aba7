"""Small calendar helpers: month ends, quarters, adding months."""

from __future__ import annotations

import calendar
from datetime import date

#: Years a person may enter; the domain's dates stay inside this range.
from goaltui.domain.value_rules import MAX_YEAR as MAX_YEAR
from goaltui.domain.value_rules import MIN_YEAR as MIN_YEAR


def end_of_month(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def quarter_of(day: date) -> int:
    """The quarter (1-4) ``day`` falls in."""
    return (day.month - 1) // 3 + 1


def end_of_quarter(year: int, quarter: int) -> date:
    """The last day of ``quarter`` (1-4) in ``year``."""
    if not 1 <= quarter <= 4:
        raise ValueError(f"no quarter {quarter}: use 1 to 4")
    return end_of_month(year, quarter * 3)


def add_months(day: date, months: int) -> date | None:
    """``day`` moved by ``months``, its day clamped to the month's end.

    Jan 31 + 1 month is Feb 28 (Feb 29 in a leap year). None when the result
    would fall outside the years Python can represent (1-9999).
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
