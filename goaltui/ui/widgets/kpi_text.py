"""A KPI's status and value as styled text, shared by the KPI list and a KPI's detail."""

from __future__ import annotations

from rich.text import Text

from goaltui.domain.models import KpiReading, KpiStatus
from goaltui.domain.present import STATUS_GLYPH, format_target, format_value
from goaltui.ui.safe import safe

#: The colour that goes with each status (always next to its glyph and word).
STATUS_STYLE = {
    KpiStatus.ACHIEVED: "bold green",
    KpiStatus.ON_TRACK: "green",
    KpiStatus.AT_RISK: "yellow",
    KpiStatus.OFF_TRACK: "bold red",
    KpiStatus.MISSED: "red",
    KpiStatus.NO_DATA: "dim",
}


def status_text(status: KpiStatus) -> Text:
    """Glyph and word, coloured: '◐ at risk'."""
    return Text(f"{STATUS_GLYPH[status.value]} {status.value}", style=STATUS_STYLE[status])


def value_text(reading: KpiReading, unit_limit: int = 10) -> Text:
    """'15 / 50 customers', or for a range '52 / 45–60 min'."""
    text = Text(f"{format_value(reading.current)} / {format_target(reading.kpi)}", end="")
    if reading.kpi.unit and unit_limit > 0:
        text.append(" ")
        text.append_text(safe(reading.kpi.unit, style="dim", limit=unit_limit))
    return text
