"""The timeline's time axis: days, weeks, months or quarters as columns, and the
labels over them."""

from __future__ import annotations

from calendar import month_abbr
from datetime import date, timedelta

ZOOMS = ("day", "week", "month", "quarter")
COL_WIDTH = {"day": 3, "week": 3, "month": 4, "quarter": 4}


def unit_start(day: date, zoom: str) -> date:
    """The first day of the day/week/month/quarter holding ``day``."""
    if zoom == "day":
        return day
    if zoom == "week":
        return day - timedelta(days=day.weekday())
    if zoom == "month":
        return day.replace(day=1)
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


def unit_shift(start: date, count: int, zoom: str) -> date:
    """The unit ``count`` units after the one starting on ``start``."""
    if zoom == "day":
        return start + timedelta(days=count)
    if zoom == "week":
        return start + timedelta(weeks=count)
    months = _months(start) + count * (1 if zoom == "month" else 3)
    year = min(max(months // 12, 1), 9999)
    return date(year, months % 12 + 1, 1)


def unit_index(origin: date, day: date, zoom: str) -> int:
    """How many units ``day`` lies after the unit starting on ``origin``."""
    if zoom == "day":
        return (day - origin).days
    if zoom == "week":
        return (day - origin).days // 7
    months = _months(day) - _months(origin)
    return months if zoom == "month" else (_months(day) // 3 - _months(origin) // 3)


def column_month(start: date, zoom: str) -> date:
    """The first of the month a column belongs to: a week's is its Thursday's (as ISO)."""
    if zoom == "week":
        start += timedelta(days=3)
    return start.replace(day=1)


def header_labels(origin: date, ncols: int, zoom: str) -> list[tuple[int, str]]:
    """(x, word) of the top header line: each month (days, weeks) or year (months, quarters).

    A label stands over the first column of its month or year, with the year on
    the first label and when it changes. A label that would run into the next
    one gives way to it (the first column is usually only a part of its month).
    """
    colw = COL_WIDTH[zoom]
    labels: list[tuple[int, date]] = []
    for col in range(ncols):
        start = unit_shift(origin, col, zoom)
        if zoom in ("day", "week"):
            month = column_month(start, zoom)
            if col == 0 or month != column_month(unit_shift(origin, col - 1, zoom), zoom):
                labels.append((col * colw, month))
        elif col == 0 or start.month == 1:
            labels.append((col * colw, date(start.year, 1, 1)))
    out: list[tuple[int, str]] = []
    shown_year = None
    for index, (x, month) in enumerate(labels):
        if zoom not in ("day", "week"):
            word = str(month.year)
        elif month.year != shown_year:
            word = f"{month_abbr[month.month]} {month.year}"
        else:
            word = month_abbr[month.month]
        if index + 1 < len(labels) and x + len(word) >= labels[index + 1][0]:
            continue  # gives way to the next label, which then shows the year
        out.append((x, word))
        shown_year = month.year
    return out
