"""Words and glyphs for statuses and numbers, shared by the CLI and the screens.

Status is never told by colour alone: each has a glyph and a word.
"""

from __future__ import annotations

from datetime import date, timedelta

from goaltui.domain.fmt import format_number
from goaltui.domain.models import Kpi, KpiKind, KpiReading, KpiStatus

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


def format_target(kpi: Kpi) -> str:
    """A KPI's target as shown beside its value: ``120``, or a range's ends ``45–60``."""
    if kpi.kind == KpiKind.BETWEEN and kpi.high is not None:
        return f"{format_value(kpi.target)}–{format_value(kpi.high)}"
    return format_value(kpi.target)


def describe_target(kpi: Kpi) -> str:
    """What a KPI asks for, with its unit: 'from 100 to 120 visits', 'stay between 45 and 60'."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    target = format_value(kpi.target)
    if kpi.kind == KpiKind.BETWEEN and kpi.high is not None:
        return f"stay between {target} and {format_value(kpi.high)}{unit}"
    if kpi.kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW):
        side = "above" if kpi.kind == KpiKind.STAY_ABOVE else "below"
        return f"stay {side} {target}{unit}"
    return f"from {format_value(kpi.baseline)} to {target}{unit}"


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


def reading_day(reading: KpiReading) -> date | None:
    """The day ``reading`` was read on (its last value's day plus the days since)."""
    if reading.last_day is None or reading.stale_days is None:
        return None
    return reading.last_day + timedelta(days=reading.stale_days)


def forecast_kind(reading: KpiReading) -> str:
    """How the forecast stands beside the pace line, when they could seem to disagree.

    - ``"by now"``: the recent rate would have reached the target by today, yet
      no value says so (the values stopped, or are old): no date is honest;
    - ``"late"``: ahead of the line, but the recent rate reaches the target only
      after the line's end (it slowed down);
    - ``"early"``: behind the line (more than on track allows), but the recent
      rate reaches the target by its end (it is catching up);
    - ``""``: the forecast agrees with ahead/behind, or there is none.
    """
    forecast, today = reading.forecast, reading_day(reading)
    if forecast is None or reading.status == KpiStatus.ACHIEVED:
        return ""
    if today is not None and forecast <= today:
        return "by now"
    end, days = reading.pace_end, reading.days_ahead
    if end is None or days is None:
        return ""
    if days > 0 and forecast > end:
        return "late"
    if days < 0 and forecast <= end and reading.status != KpiStatus.ON_TRACK:
        return "early"
    return ""


def describe_reading_forecast(reading: KpiReading) -> str:
    """The forecast in words, saying why when it seems to disagree with the pace."""
    kind = forecast_kind(reading)
    if kind == "by now":
        return "at the recent rate the target would be reached by now: no value shows it yet"
    text = describe_forecast(reading.forecast, reading.status)
    if kind == "late":
        return f"but slowing: {text} at the recent rate, after the deadline"
    if kind == "early":
        return f"catching up: {text} at the recent rate"
    return text


def describe_bounds(reading: KpiReading) -> str:
    """A stay KPI's periods: '3 of 4 periods in bounds', with 'out of bounds now' when so."""
    if reading.in_bounds is None:
        return ""
    periods, inside = reading.in_bounds
    if not periods:
        return ""
    word = "period" if periods == 1 else "periods"
    text = f"{inside} of {periods} {word} in bounds"
    if reading.in_bounds_now is False:
        text += ", out of bounds now"
    return text


def describe_stale(reading: KpiReading, after: int = 1) -> str:
    """'last value 92 days ago' once the last value is older than a cadence period."""
    days = reading.stale_days
    limit = {"daily": 1, "weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}.get(
        reading.kpi.cadence.value, 7
    )
    if days is None or days <= limit * after:
        return ""
    return f"last value {days} days ago"


def describe_reading(reading: KpiReading) -> str:
    """One line: status, days ahead/behind or periods in bounds, forecast, staleness."""
    parts = [reading.status.value]
    days = describe_days(reading.days_ahead)
    if days and reading.status not in (KpiStatus.ACHIEVED, KpiStatus.NO_DATA):
        parts.append(days)
    bounds = describe_bounds(reading)
    if bounds:
        parts.append(bounds)
    if reading.pro_rata:
        parts.append("first period so far, pro rata")
    elif reading.status not in (
        KpiStatus.NO_DATA,
        KpiStatus.MISSED,
    ) and reading.kpi.kind.value in ("increase", "decrease"):
        parts.append(describe_reading_forecast(reading))
    stale = describe_stale(reading)
    if stale:
        parts.append(stale)
    return ", ".join(parts)


def describe_pace(reading: KpiReading, today: date) -> str:
    """How the figure was judged: the pace value and its day, a period so far, paused days.

    'pace 1.5 on 2026-11-15 · this week so far: 3 · pace runs to 2027-08-29
    (deadline 2027-06-30 + 60 paused days)'.
    """
    parts: list[str] = []
    if reading.expected is not None and reading.status not in (
        KpiStatus.ACHIEVED,
        KpiStatus.NO_DATA,
    ):
        expected = format_value(round(reading.expected, 2))
        if reading.in_bounds is not None and reading.kpi.kind == KpiKind.BETWEEN:
            parts.append(f"range {format_target(reading.kpi)}")
        elif reading.in_bounds is not None:
            parts.append(f"bound {expected}")
        else:
            when = "today" if reading.judged_on in (None, today) else f"on {reading.judged_on}"
            parts.append(f"pace line {when}: {expected}")
    if reading.partial is not None:
        period = {
            "daily": "today",
            "weekly": "this week",
            "biweekly": "this fortnight",
            "monthly": "this month",
            "quarterly": "this quarter",
        }
        so_far = period.get(reading.kpi.cadence.value, "this period")
        parts.append(f"{so_far} so far: {format_value(reading.partial.value)} (not judged yet)")
    if reading.paused_days and reading.pace_end is not None:
        word = "day" if reading.paused_days == 1 else "days"
        text = f"paused {reading.paused_days} {word}: pace runs to {reading.pace_end}"
        if reading.deadline is not None:
            text += f" (the deadline stays {reading.deadline})"
        parts.append(text)
    return " · ".join(parts)


def sparkline(values: list[float], width: int | None = None) -> str:
    """A text sparkline of ``values`` (the last ``width`` of them)."""
    if width is not None:
        values = values[-width:]
    if not values:
        return ""
    values = [v / 2 for v in values if v == v]  # halved: a span of ±1e308 stays finite
    if not values:
        return ""
    low, high = min(values), max(values)
    span = high - low
    if span == 0 or span != span or span == float("inf"):
        return SPARK[3] * len(values)
    top = len(SPARK) - 1
    return "".join(SPARK[round((v - low) / span * top)] for v in values)


def progress_bar(share: float, width: int = 10) -> str:
    """A bar like ``███████░░░`` for a share 0-1."""
    share = min(max(share, 0.0), 1.0)
    full = round(share * width)
    return "█" * full + "░" * (width - full)
