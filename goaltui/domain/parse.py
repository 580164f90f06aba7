"""Turn what a person types into numbers and dates, or a one-line reason why not."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta

from goaltui.domain.dates import (
    MAX_YEAR,
    MIN_YEAR,
    add_months,
    end_of_month,
    end_of_quarter,
    quarter_of,
)
from goaltui.domain.models import Kpi
from goaltui.domain.value_rules import MAX_MAGNITUDE as MAX_MAGNITUDE

_RANGE = "values must stay between -1e15 and 1e15"
DATE_HELP = "use YYYY-MM-DD, +6w, +3m, eoq, eoy"

_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INTEGER = re.compile(r"[+-]?[0-9]{1,18}")
_ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})")
_RELATIVE = re.compile(r"([+-]) ?([0-9]{1,6}) ?([a-z]+)")
_QUARTER = re.compile(r"(?:end of |eo)?q([1-4])")
_UNITS = {
    "d": "d",
    "day": "d",
    "days": "d",
    "w": "w",
    "wk": "w",
    "week": "w",
    "weeks": "w",
    "m": "m",
    "mo": "m",
    "month": "m",
    "months": "m",
    "y": "y",
    "yr": "y",
    "year": "y",
    "years": "y",
}


def _show(text: str, limit: int = 30) -> str:
    """Quote user text for a one-line message: shortened, control characters escaped."""
    short = text if len(text) <= limit else text[: limit - 1] + "…"
    return repr(short)


def parse_number(text: str, unit: str = "") -> float:
    """Read a plain decimal number such as ``42``, ``-3.5``, ``2e3`` or ``85 %``.

    Only ``.`` is a decimal point; thousands separators and underscores are not
    accepted. A trailing ``%`` is allowed and ignored (``85%`` is 85.0).

    When ``unit`` is a time (seconds, minutes or hours), a duration written
    with colons is read too, in that unit: ``28:10`` minutes is m:ss (28.1667),
    ``1:05:30`` hours is h:mm:ss (1.0917), ``4:05`` seconds is m:ss (245).

    Raises:
        ValueError: one line saying why, for empty text, text that is not a
            number, NaN, infinity, or a magnitude above 1e15.
    """
    cleaned = text.strip()
    if ":" in cleaned:
        return _parse_duration(cleaned, unit)
    if cleaned.endswith("%"):
        cleaned = cleaned[:-1].rstrip()
    if not cleaned:
        raise ValueError("Enter a number, e.g. 42 or 3.5")
    bare = cleaned.lower().lstrip("+-")
    if bare == "nan":
        raise ValueError(f"{_show(cleaned)} is not a number: enter digits, e.g. 3.5")
    if bare in ("inf", "infinity"):
        raise ValueError(f"{_show(cleaned)} is too big: {_RANGE}")
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(f"{_show(text.strip())} is not a number: use digits and '.', e.g. 3.5")
    value = float(cleaned)
    if math.isinf(value) or abs(value) > MAX_MAGNITUDE:
        raise ValueError(f"{_show(cleaned)} is too big: {_RANGE}")
    return value + 0.0  # turns -0.0 into 0.0


#: Time units, each with how many seconds it holds.
TIME_UNITS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds"), 1),
    **dict.fromkeys(("min", "mins", "minute", "minutes"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 3600),
}
_DURATION = re.compile(r"([0-9]{1,9})(?::([0-9]{1,2}))?:([0-9]{1,2}(?:\.[0-9]+)?)")


def _parse_duration(text: str, unit: str) -> float:
    """``[h:]m:ss`` (or ``h:mm`` for hours) as a number of ``unit``s."""
    seconds_per_unit = TIME_UNITS.get(unit.strip().lower())
    if seconds_per_unit is None:
        where = f"a KPI in {_show(unit)}" if unit.strip() else "a KPI without a unit"
        raise ValueError(
            f"{_show(text)} is a duration, but this is {where}: enter a plain number, e.g. 3.5"
        )
    match = _DURATION.fullmatch(text)
    if not match:
        raise ValueError(f"{_show(text)} is not a duration: use m:ss or h:mm:ss, e.g. 28:10")
    first, middle, last = match.groups()
    if float(last) >= 60 or (middle is not None and int(middle) >= 60):
        raise ValueError(f"{_show(text)} is not a duration: minutes and seconds go up to 59")
    if middle is not None:  # h:mm:ss
        seconds = int(first) * 3600 + int(middle) * 60 + float(last)
    elif seconds_per_unit == 3600:  # h:mm
        seconds = int(first) * 3600 + float(last) * 60
    else:  # m:ss
        seconds = int(first) * 60 + float(last)
    value = seconds / seconds_per_unit
    if value > MAX_MAGNITUDE:
        raise ValueError(f"{_show(text)} is too big: {_RANGE}")
    return value


def value_warning(kpi: Kpi, value: float) -> str | None:
    """Why ``value`` looks wrong for ``kpi`` though it is kept, or None.

    A value below zero for a KPI whose baseline and target are both zero or more
    (a count, a rate, a share) is almost always a slip of the finger.
    """
    if value < 0 <= min(kpi.baseline, kpi.target):
        return (
            f"{value:g} is below zero, while {_show(kpi.name)} runs from "
            f"{kpi.baseline:g} to {kpi.target:g}: kept, but check it"
        )
    return None


def parse_int_in_range(text: str, low: int, high: int, what: str) -> int:
    """Read a whole number from ``low`` to ``high`` inclusive, e.g. a confidence 1-10.

    ``what`` names the value in the message, e.g. ``"confidence"``.

    Raises:
        ValueError: one line saying which whole numbers are allowed.
    """
    if low > high:
        raise ValueError(f"No {what} can be given: {low} is above {high}")
    cleaned = text.strip()
    label = what[:1].upper() + what[1:]
    rule = f"{label} must be a whole number from {low} to {high}"
    if not cleaned:
        raise ValueError(f"{rule}.")
    if not _INTEGER.fullmatch(cleaned):
        raise ValueError(f"{rule}, not {_show(cleaned)}.")
    value = int(cleaned)
    if not low <= value <= high:
        raise ValueError(f"{rule}, not {value}.")
    return value


def parse_date(text: str, today: date) -> date:
    """Read a date typed by a person, relative to ``today``.

    Accepted (case-insensitive, extra spaces ignored):

    - ``YYYY-MM-DD``;
    - ``today``, ``tomorrow``, ``yesterday``;
    - ``+3d``, ``+6w``, ``+3m``, ``+1y``, ``-2d`` (units may be spelled out:
      ``+2 weeks``); months and years keep the day of the month, clamped to the
      month's end (Jan 31 + 1m is the last day of February);
    - ``eow`` / ``end of week`` (Sunday), ``eom`` / ``end of month``,
      ``eoq`` / ``end of quarter`` (the current one), ``eoy`` / ``end of year``;
    - ``q2`` / ``eoq2`` / ``end of q2``: the end of that quarter this year, or
      next year if it has already passed.

    Raises:
        ValueError: one line naming the accepted forms, for anything else, an
            impossible date (2026-02-30) or a year outside 1900-9999.
    """
    words = " ".join(text.lower().split())
    words = words.replace("end of the ", "end of ")
    if not words:
        raise ValueError(f"Enter a date: {DATE_HELP}")
    shown = _show(text.strip())
    out_of_range = f"{shown} is out of range: years {MIN_YEAR} to {MAX_YEAR} only"
    try:
        result = _read_date(words, today)
    except (OverflowError, ValueError):  # arithmetic past year 1 or 9999
        raise ValueError(out_of_range) from None
    if result is None:
        raise ValueError(f"{shown} is not a date: {DATE_HELP}")
    if not MIN_YEAR <= result.year <= MAX_YEAR:
        raise ValueError(out_of_range)
    return result


def _read_date(words: str, today: date) -> date | None:
    """The date ``words`` stands for, or None if it is not one.

    Raises:
        OverflowError: when the date would fall outside the years 1-9999.
    """
    iso = _ISO_DATE.fullmatch(words)
    if iso:
        year, month, day = (int(part) for part in iso.groups())
        try:
            return date(year, month, day)
        except ValueError:  # 2026-02-30
            return None
    named = _named_date(words, today)
    if named is not None:
        return named
    relative = _RELATIVE.fullmatch(words)
    if relative:
        sign, amount, unit = relative.groups()
        if unit not in _UNITS:
            return None
        count = int(amount) * (1 if sign == "+" else -1)
        return _shift(today, count, _UNITS[unit])
    quarter = _QUARTER.fullmatch(words)
    if quarter:
        number = int(quarter.group(1))
        end = end_of_quarter(today.year, number)
        if end >= today:
            return end
        if today.year == date.max.year:
            raise OverflowError("no year after 9999")
        return end_of_quarter(today.year + 1, number)
    return None


def _named_date(words: str, today: date) -> date | None:
    """``today``, ``eom`` and the other named days, or None."""
    if words == "today":
        return today
    if words == "tomorrow":
        return today + timedelta(days=1)
    if words == "yesterday":
        return today - timedelta(days=1)
    if words in ("eow", "end of week"):
        return today + timedelta(days=6 - today.weekday())
    if words in ("eom", "end of month"):
        return end_of_month(today.year, today.month)
    if words in ("eoq", "end of quarter"):
        return end_of_quarter(today.year, quarter_of(today))
    if words in ("eoy", "end of year"):
        return date(today.year, 12, 31)
    return None


def _shift(today: date, count: int, unit: str) -> date:
    """``today`` moved by ``count`` days, weeks, months or years (may overflow)."""
    if unit == "d":
        return today + timedelta(days=count)
    if unit == "w":
        return today + timedelta(weeks=count)
    moved = add_months(today, count if unit == "m" else count * 12)
    if moved is None:
        raise OverflowError("outside the years 1-9999")
    return moved
