"""Screen placeholder: checkin."""

from __future__ import annotations

from goaltui.ui.screens.soon import ComingScreen


class CheckinScreen(ComingScreen):
    """The check-in will list what is due today (KPI values, steps, your confidence per goal) so you can record it all in one keyboard pass."""

    MODE = "checkin"
    DESCRIPTION = (
        "The check-in will list what is due today (KPI values, steps, your confidence per goal) so you can record it all in one keyboard pass."
    )
