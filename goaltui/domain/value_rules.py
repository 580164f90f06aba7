"""Rules for one stored value: numbers, whole numbers in a range, ids, days, text, choices.

:mod:`goaltui.domain.validate` builds each table's rules from these.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime
from enum import StrEnum
from typing import Any

#: Largest magnitude of a value (well below 2**53: whole numbers stay exact).
MAX_MAGNITUDE = 1e15
#: Years a date may fall in.
MIN_YEAR = 1900
MAX_YEAR = 9999
#: A confidence, in a goal or a check-in.
CONFIDENCE = (1, 10)
#: A review's rating.
RATING = (1, 5)
#: Largest id (SQLite's INTEGER).
MAX_ID = 2**63 - 1
#: Largest milestone position.
MAX_POSITION = 1_000_000

Rule = Callable[[Any], str | None]


# -- rules for one value ----------------------------------------------------------------------


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 30 else text[:29] + "…"


def number(value: Any) -> str | None:
    """A finite number within ±:data:`MAX_MAGNITUDE`."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{_shown(value)} is not a number"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    if abs(value) > MAX_MAGNITUDE:
        return f"{value:g} is out of range: values must stay between -1e15 and 1e15"
    return None


def weight(value: Any) -> str | None:
    """A goal's weight in its parent's progress: a number, not negative."""
    problem = number(value)
    if problem is None and value < 0:
        return f"{value:g} is negative: a weight is 0 or more"
    return problem


def whole(low: int, high: int, what: str = "it") -> Rule:
    """A whole number from ``low`` to ``high``."""

    def rule(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"{what} must be a whole number from {low} to {high}, not {_shown(value)}"
        return None

    return rule


def ident(value: Any) -> str | None:
    """A row id: a whole number from 1 to 2**63 - 1."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        return f"{_shown(value)} is not an id (a whole number from 1 to 2**63 - 1)"
    return None


def day(value: Any) -> str | None:
    """A date in the years :data:`MIN_YEAR` to :data:`MAX_YEAR`."""
    if isinstance(value, datetime) or not isinstance(value, date):
        return f"{_shown(value)} is not a date"
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"{value.isoformat()} is out of range: years {MIN_YEAR} to {MAX_YEAR} only"
    return None


def moment(value: Any) -> str | None:
    """A local date and time (no time zone) in the years of :func:`day`."""
    if not isinstance(value, datetime) or value.tzinfo is not None:
        return f"{_shown(value)} is not a local date and time"
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        return f"{value.isoformat()} is out of range: years {MIN_YEAR} to {MAX_YEAR} only"
    return None


def text(value: Any) -> str | None:
    """Any text."""
    return None if isinstance(value, str) else f"{_shown(value)} is not text"


def title(value: Any) -> str | None:
    """Text that is not blank."""
    if not isinstance(value, str):
        return f"{_shown(value)} is not text"
    return None if value.strip() else "it is empty"


def flag(value: Any) -> str | None:
    """true or false."""
    return None if isinstance(value, bool) else f"{_shown(value)} is not true or false"


def choice(kind: type[StrEnum]) -> Rule:
    """One of the values of ``kind``."""
    allowed = [member.value for member in kind]

    def rule(value: Any) -> str | None:
        if value in allowed and isinstance(value, str):
            return None
        return f"{_shown(value)} is not one of {', '.join(allowed)}"

    return rule


def one_of(*allowed: str) -> Rule:
    """One of ``allowed``."""

    def rule(value: Any) -> str | None:
        if isinstance(value, str) and value in allowed:
            return None
        return f"{_shown(value)} is not one of {', '.join(allowed)}"

    return rule


def optional(rule: Rule) -> Rule:
    """None, or what ``rule`` allows."""

    def check(value: Any) -> str | None:
        return None if value is None else rule(value)

    return check
