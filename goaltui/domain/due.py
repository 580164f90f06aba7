"""What counts as due today: the rules shared by ``goaltui due`` and ``goaltui remind``.

Pure: no database. ``due`` reads through the repository, ``remind`` through the
standard library's sqlite3 alone; both decide here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goaltui.domain.models import Cadence
from goaltui.domain.periods import period_start
from goaltui.domain.text import and_list


def kpi_value_due(last: date | None, cadence: Cadence, start: date, today: date) -> bool:
    """True when a KPI has no value yet in the period holding ``today``.

    ``last`` is the latest day it has a value for (None: never measured);
    fortnights are counted from ``start``, its goal's start.
    """
    if last is None:
        return True
    return period_start(last, cadence, start) < period_start(today, cadence, start)


@dataclass(frozen=True, slots=True)
class DueCounts:
    """How many things of each kind are due today or overdue."""

    kpis: int = 0
    steps: int = 0
    milestones: int = 0
    #: True when an active goal has no check-in today (``due`` lists it as one item).
    checkin: bool = False

    @property
    def total(self) -> int:
        """How many lines ``goaltui due`` shows."""
        return self.kpis + self.steps + self.milestones + int(self.checkin)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def remind_line(counts: DueCounts) -> str:
    """'goaltui: 2 KPIs and 1 step due'; empty when nothing is due (a prompt stays quiet)."""
    parts = [
        _count(n, word)
        for n, word in (
            (counts.kpis, "KPI"),
            (counts.steps, "step"),
            (counts.milestones, "milestone"),
        )
        if n
    ]
    if counts.checkin:
        parts.append("today's check-in")
    if not parts:
        return ""
    return f"goaltui: {and_list(parts)} due"
