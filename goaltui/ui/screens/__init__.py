"""The dashboard's screens and its dialogs.

Each top-level screen's module is named after it (``checkin.py``); the larger
ones have their parts beside it (``checkin_data.py``, ``checkin_rows.py``,
``checkin_save.py``). The app imports the screens; a screen never imports the
app, and asks it (its actions, its jobs) for what involves another screen.
"""

from __future__ import annotations

from typing import Any

#: Each mode's screen: its module under goaltui.ui.screens and its class.
MODE_SCREENS = {
    "goals": ("goals", "GoalsScreen"),
    "timeline": ("timeline", "TimelineScreen"),
    "kpis": ("kpis", "KpisScreen"),
    "checkin": ("checkin", "CheckinScreen"),
    "review": ("review", "ReviewScreen"),
    "start": ("start", "StartScreen"),
}


def screen_class(mode: str) -> Any:
    """The class of a mode's screen, imported when first needed."""
    from importlib import import_module

    module, name = MODE_SCREENS[mode]
    return getattr(import_module(f"goaltui.ui.screens.{module}"), name)
