"""The dashboard's frame: its top-level screens and the smallest terminal it fits.

The app binds a key to each screen and the screens draw the bar of them, so both
read them from here.
"""

from __future__ import annotations

#: The smallest terminal goaltui is drawn in; below it a note asks for more room.
MIN_WIDTH = 60
MIN_HEIGHT = 15

#: What the screens show in place of their body when the terminal is too small.
TOO_SMALL_NOTE = (
    f"The terminal is too small for goaltui: make it at least {MIN_WIDTH}×{MIN_HEIGHT}."
)

#: Each top-level screen: its key, its mode and its name, in the screen bar's order.
SCREENS = (
    ("1", "goals", "Goals"),
    ("2", "timeline", "Timeline"),
    ("3", "kpis", "KPIs"),
    ("4", "checkin", "Check-in"),
    ("5", "review", "Review"),
)


def too_small(width: int, height: int) -> bool:
    """Whether a terminal of ``width`` × ``height`` cells is too small for goaltui."""
    return width < MIN_WIDTH or height < MIN_HEIGHT
