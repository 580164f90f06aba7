"""Screen placeholder: kpis."""

from __future__ import annotations

from goaltui.ui.screens.soon import ComingScreen


class KpisScreen(ComingScreen):
    """The KPI screen will show every active KPI against its target and pace line: current value, sparkline, status, days ahead or behind, and a forecast."""

    MODE = "kpis"
    DESCRIPTION = (
        "The KPI screen will show every active KPI against its target and pace line: current value, sparkline, status, days ahead or behind, and a forecast."
    )
