"""Screen placeholder: timeline."""

from __future__ import annotations

from goaltui.ui.screens.soon import ComingScreen


class TimelineScreen(ComingScreen):
    """The timeline will show every active goal's milestones and steps on a time axis, with today and each deadline marked, so you can see what comes next and what slipped."""

    MODE = "timeline"
    DESCRIPTION = (
        "The timeline will show every active goal's milestones and steps on a time axis, with today and each deadline marked, so you can see what comes next and what slipped."
    )
