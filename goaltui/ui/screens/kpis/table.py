"""The KPIs screen's table: each KPI's row (status, value, trend, pace, forecast), and
the orders it can be sorted in."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from goaltui.domain.models import KpiKind, KpiReading, KpiStatus
from goaltui.domain.present import forecast_kind, sparkline
from goaltui.domain.text import one_line
from goaltui.ui.safe import safe
from goaltui.ui.widgets.kpi_text import STATUS_STYLE, status_text, value_text
from goaltui.ui.widgets.line_table import LineTable

#: Worst first: the order of the "status" sort.
STATUS_ORDER = {
    KpiStatus.MISSED: 0,
    KpiStatus.OFF_TRACK: 1,
    KpiStatus.AT_RISK: 2,
    KpiStatus.NO_DATA: 3,
    KpiStatus.ON_TRACK: 4,
    KpiStatus.ACHIEVED: 5,
}

SORTS = ("status", "goal", "days behind")
STATUS_FILTERS: tuple[KpiStatus | None, ...] = (None, *STATUS_ORDER)

#: From this width on, the goal has its own column; below it sits under the KPI name.
WIDE = 110

#: Longest unit shown beside a value.
UNIT_LIMIT = 10

LEGEND = Text(
    "Pace: days ahead of or behind the line from baseline to target (paused days not counted).  "
    "Forecast: the day the target is reached at the recent rate.  "
    "Enter opens a KPI with its chart and values.",
    style="dim",
)


def short_days(reading: KpiReading) -> str:
    """'25d behind', '3d ahead', 'on pace' or '' when it does not apply."""
    days = reading.days_ahead
    if days is None or reading.status in (KpiStatus.ACHIEVED, KpiStatus.NO_DATA):
        return ""
    if days == 0:
        return "on pace"
    return f"{abs(days)}d {'ahead' if days > 0 else 'behind'}"


def short_forecast(reading: KpiReading) -> str:
    """The day the target is reached at the recent rate, in a few characters."""
    if reading.status == KpiStatus.ACHIEVED:
        return "reached"
    if reading.kpi.kind not in (KpiKind.INCREASE, KpiKind.DECREASE):
        if reading.in_bounds_now is False:
            return "out of bounds now"
        if reading.in_bounds and reading.in_bounds[0]:
            periods, inside = reading.in_bounds
            return f"{inside}/{periods} in bounds"
        return ""
    if reading.status in (KpiStatus.NO_DATA, KpiStatus.MISSED) or reading.pro_rata:
        return ""
    if reading.forecast is None:
        return "not at this rate"
    kind = forecast_kind(reading)
    if kind == "by now":
        return "by now, no value"
    if kind == "late":
        return f"{reading.forecast.isoformat()}, late"
    return reading.forecast.isoformat()


def sort_readings(readings: list[KpiReading], key: str) -> list[KpiReading]:
    """Readings ordered by 'status' (worst first), 'goal' or 'days behind' (most first)."""
    if key == "goal":
        return sorted(readings, key=lambda r: (r.goal_title.casefold(), r.kpi.name.casefold()))
    if key == "days behind":

        def behind(r: KpiReading) -> tuple[int, int, str]:
            if r.days_ahead is None or r.status in (KpiStatus.ACHIEVED, KpiStatus.NO_DATA):
                return (1, 0, r.kpi.name.casefold())
            return (0, r.days_ahead, r.kpi.name.casefold())

        return sorted(readings, key=behind)
    return sorted(
        readings,
        key=lambda r: (STATUS_ORDER[r.status], r.days_ahead or 0, r.kpi.name.casefold()),
    )


def _split(free: int, first: list[str], second: list[str]) -> tuple[int, int]:
    """Share ``free`` columns between two text columns: each gets what it needs, halves if both
    need more than that."""
    need_first = max((len(t) for t in first), default=0)
    need_second = max((len(t) for t in second), default=0)
    if need_first + need_second <= free:
        return need_first, free - need_first
    if need_first <= free // 2:
        return need_first, free - need_first
    if need_second <= free // 2:
        return free - need_second, need_second
    return free // 2, free - free // 2


def column_labels(width: int) -> list[str]:
    """The table's column headings for a terminal ``width`` columns wide (see :func:`kpi_rows`)."""
    if width >= WIDE:
        return ["Status", "Goal", "KPI", "Now / target", "Trend", "Pace", "Forecast"]
    return ["Status", "KPI / goal", "Now / target", "Trend", "Pace / forecast"]


def kpi_rows(rows: list[KpiReading], width: int, room: int) -> list[list[Text]]:
    """The cells of each KPI's row for a terminal ``width`` columns wide.

    ``room`` is the width the table has for them (the terminal's less its
    border, margins and scrollbar).

    The numbers take the room they need; the KPI name and goal title share
    the rest, cut with "…" only when it runs out. From :data:`WIDE` columns on,
    a row is one line; below it, two (the goal under the name, the unit under
    the value, the forecast under the pace).
    """
    wide = width >= WIDE
    spark_width = 12 if wide else 6
    sparks = [sparkline([p.value for p in r.series], spark_width) or "-" for r in rows]
    values = [value_text(r, 0).plain for r in rows]
    units = [one_line(r.kpi.unit, UNIT_LIMIT) for r in rows]
    paces = [short_days(r) for r in rows]
    forecasts = [short_forecast(r) for r in rows]
    if wide:
        values = [f"{v} {u}" if u else v for v, u in zip(values, units, strict=True)]
        fixed = [
            ("Status", [status_text(r.status).plain for r in rows]),
            ("Now / target", values),
            ("Trend", sparks),
            ("Pace", paces),
            ("Forecast", forecasts),
        ]
    else:
        fixed = [
            ("Status", [status_text(r.status).plain for r in rows]),
            ("Now / target", values + units),
            ("Trend", sparks),
            ("Pace / forecast", paces + forecasts),
        ]
    columns = len(fixed) + (2 if wide else 1)
    used = sum(max([len(label), *(len(t) for t in texts)]) for label, texts in fixed)
    free = max(12, room - used - 2 * columns)  # each cell has a space either side
    names = [one_line(r.kpi.name) for r in rows]
    goals = [one_line(r.goal_title) for r in rows]
    if wide:
        name_w, goal_w = _split(free, names, goals)
    else:
        name_w = goal_w = free
    out: list[list[Text]] = []
    for r, spark, pace, forecast in zip(rows, sparks, paces, forecasts, strict=True):
        name = safe(r.kpi.name, limit=name_w)
        goal = safe(r.goal_title, limit=goal_w)
        value = value_text(r, UNIT_LIMIT if wide else 0)
        trend = Text(spark, style=STATUS_STYLE[r.status])
        if wide:
            out.append(
                [status_text(r.status), goal, name, value, trend, Text(pace), Text(forecast)]
            )
            continue
        name.append("\n")
        goal.stylize("dim italic")
        name.append_text(goal)
        if r.kpi.unit:
            value.append("\n")
            value.append_text(safe(r.kpi.unit, style="dim", limit=UNIT_LIMIT))
        out.append([status_text(r.status), name, value, trend, Text(f"{pace}\n{forecast}")])
    return out


class KpiTable(LineTable):
    """The KPI rows; Enter opens the selected one."""

    # The table's own Enter (it selects the row, which opens it), shown as such.
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "select", "Open")]
