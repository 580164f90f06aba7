"""Numbers written the way a person would read them in a hint or a message."""

from __future__ import annotations

import math


def format_number(value: float) -> str:
    """``70`` rather than ``70.0``, ``0.3`` rather than ``0.30000000000000004``."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return f"{value:.10g}"
