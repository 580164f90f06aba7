"""The dashboard's screens and its dialogs.

Each screen's module is named after it (``timeline.py``); the larger ones are a
package of that name (``checkin/``, ``goals/``, ``kpis/``, ``wizard/``) whose
``screen.py`` holds the screen and whose other modules its parts. The app imports
the screens; a screen never imports the app, and asks it (its actions, its jobs)
for what involves another screen.
"""

from __future__ import annotations

from typing import Any

#: Each mode's screen: its module under goaltui.ui.screens and its class.
MODE_SCREENS = {
    "goals": ("goals.screen", "GoalsScreen"),
    "timeline": ("timeline", "TimelineScreen"),
    "kpis": ("kpis.screen", "KpisScreen"),
    "checkin": ("checkin.screen", "CheckinScreen"),
    "review": ("review", "ReviewScreen"),
    "start": ("start", "StartScreen"),
}


def screen_class(mode: str) -> Any:
    """The class of a mode's screen, imported when first needed."""
    from importlib import import_module

    module, name = MODE_SCREENS[mode]
    return getattr(import_module(f"goaltui.ui.screens.{module}"), name)
