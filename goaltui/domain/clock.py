"""Where "today" comes from: the system by default, a fixed day in tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol


class Clock(Protocol):
    """Tells the date and time; injected everywhere "today" matters."""

    def today(self) -> date: ...

    def now(self) -> datetime: ...


class SystemClock:
    """The machine's local date and time."""

    def today(self) -> date:
        return date.today()

    def now(self) -> datetime:
        return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class FixedClock:
    """A clock stopped on one day, so tests and screenshots are repeatable."""

    day: date
    at: time = time(9, 0)

    def today(self) -> date:
        return self.day

    def now(self) -> datetime:
        return datetime.combine(self.day, self.at)
