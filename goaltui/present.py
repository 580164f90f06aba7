"""Words and glyphs for statuses and numbers, shared by the CLI and the screens.

Status is never told by colour alone: each has a glyph and a word.
"""

from __future__ import annotations

from datetime import date

from goaltui.domain.fmt import format_number
from goaltui.domain.models import KpiReading, KpiStatus

STATUS_GLYPH: dict[str, str] = {
    KpiStatus.ACHIEVED.value: "✔",
    KpiStatus.ON_TRACK.value: "●",
    KpiStatus.AT_RISK.value: "◐",
    KpiStatus.OFF_TRACK.value: "▼",
    KpiStatus.MISSED.value: "✖",
    KpiStatus.NO_DATA.value: "○",
    "draft": "✎",
    "active": "●",
    "paused": "‖",
    "achieved": "✔",
    "missed": "✖",
    "abandoned": "⊘",
}

SPARK = "▁▂▃▄▅▆▇█"


def format_value(value: float | None) -> str:
    """A number as a person reads it: ``70`` not ``70.0``, ``11154`` not ``11153.85``.

    Large values lose their decimals, small ones keep two; ``-`` for none.
    """
    if value is None:
        return "-"
    size = abs(value)
    digits = 0 if size >= 1000 else 1 if size >= 100 else 2
    return format_number(round(value, digits))


def describe_days(days: int | None) -> str:
    """'3 days ahead', 'on pace', '12 days behind'."""
    if days is None:
        return ""
    if days == 0:
        return "on pace"
    word = "day" if abs(days) == 1 else "days"
    return f"{abs(days)} {word} {'ahead' if days > 0 else 'behind'}"


def describe_forecast(forecast: date | None, status: KpiStatus) -> str:
    """'target by 2027-03-04' or 'not at this rate'."""
    if status == KpiStatus.ACHIEVED:
        return "target reached"
    if forecast is None:
        return "not at this rate"
    return f"target by {forecast.isoformat()}"


def describe_reading(reading: KpiReading) -> str:
    """One line: status, days ahead/behind, forecast."""
    parts = [reading.status.value]
    days = describe_days(reading.days_ahead)
    if days and reading.status not in (KpiStatus.ACHIEVED, KpiStatus.NO_DATA):
        parts.append(days)
    if reading.status not in (KpiStatus.NO_DATA, KpiStatus.MISSED) and reading.kpi.kind.value in (
        "increase",
        "decrease",
    ):
        parts.append(describe_forecast(reading.forecast, reading.status))
    return ", ".join(parts)


def sparkline(values: list[float], width: int | None = None) -> str:
    """A text sparkline of ``values`` (the last ``width`` of them)."""
    if width is not None:
        values = values[-width:]
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    if span == 0:
        return SPARK[3] * len(values)
    top = len(SPARK) - 1
    return "".join(SPARK[round((v - low) / span * top)] for v in values)


def progress_bar(share: float, width: int = 10) -> str:
    """A bar like ``███████░░░`` for a share 0-1."""
    share = min(max(share, 0.0), 1.0)
    full = round(share * width)
    return "█" * full + "░" * (width - full)
