"""The dashboard's screens (one module each) and its dialogs."""

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
