"""The demo KPIs' recorded values: a smooth story with a seeded wobble.

:mod:`goaltui.services.demo` stores them beside the goals of
:mod:`goaltui.services.demo_goals`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from goaltui.domain.models import Cadence
from goaltui.services.demo_goals import CSAT_START, HALF_YEAR, TOS_START, TRAFFIC_START


@dataclass(frozen=True, slots=True)
class DemoSeries:
    """Values of one KPI each period from ``start`` to ``end``, rounded to ``digits``.

    ``value`` gets the share 0-1 of ``length`` days (by default start to end) gone by.
    """

    kpi: str
    start: date
    end: date
    cadence: Cadence
    value: Callable[[float], float]
    digits: int
    per_period: int = 1
    length: int | None = None


def demo_series(today: date, noise: Callable[[float], float]) -> list[DemoSeries]:
    """The recorded values of every demo KPI, ``noise(scale)`` giving each its wobble.

    In the order they are drawn: the noise comes from one seeded generator.
    """
    traffic_start = today + timedelta(days=TRAFFIC_START)
    csat_start = today + timedelta(days=CSAT_START)
    tos_start = today + timedelta(days=TOS_START)
    weekly, monthly = Cadence.WEEKLY, Cadence.MONTHLY
    markets_start = today + timedelta(days=-120)
    return [
        DemoSeries(
            "Weekly visits",
            traffic_start,
            today,
            weekly,
            lambda s: 10000 + 2000 * s * 1.04 + noise(200),
            0,
            length=HALF_YEAR,
        ),
        DemoSeries(
            "Page load time",
            traffic_start,
            today,
            weekly,
            lambda s: 1.95 - 0.2 * s + noise(0.08),
            2,
        ),
        DemoSeries(
            "Defect rate",
            today + timedelta(days=-90),
            today,
            weekly,
            lambda s: 5.0 - 0.3 * s + noise(0.1),
            2,
        ),
        DemoSeries(
            "Customer satisfaction",
            csat_start,
            today,
            monthly,
            lambda s: 70 + 12 * s + noise(1.5),
            0,
            per_period=3,
        ),
        DemoSeries(
            "First reply time", csat_start, today, weekly, lambda s: 3.7 - 0.6 * s + noise(0.25), 1
        ),
        DemoSeries(
            "Average time on site",
            tos_start,
            tos_start + timedelta(days=190),
            monthly,
            lambda s: 1.0 + 1.15 * s + noise(0.05),
            2,
        ),
        DemoSeries("Ad spend", traffic_start, today, weekly, lambda s: 116 + noise(24), 0),
        DemoSeries(
            "Revenue from new markets",
            markets_start,
            today,
            monthly,
            lambda s: 20 + 110 * s + noise(8),
            0,
            length=360,
        ),
        DemoSeries(
            "German paying customers",
            today + timedelta(days=-40),
            today,
            weekly,
            lambda s: 17 * s + noise(0.5),
            0,
        ),
    ]
