"""The pure core of goaltui: plain objects and the rules computed from them.

Only the standard library is imported here: no Textual, no database. "Today"
is always passed in (see ``clock``), so every answer is repeatable.

The names below load their module when first used: a command that needs only
a few rules does not pay for the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Each public name and the module that defines it.
_HOME: dict[str, str] = {
    "Clock": "goaltui.domain.clock",
    "FixedClock": "goaltui.domain.clock",
    "SystemClock": "goaltui.domain.clock",
    "ConfidenceEntry": "goaltui.domain.confidence",
    "confidence_in_period": "goaltui.domain.confidence",
    "confidence_trail": "goaltui.domain.confidence",
    "current_confidence": "goaltui.domain.confidence",
    "describe_confidence": "goaltui.domain.confidence",
    "TOLERANCE": "goaltui.domain.kpi",
    "achieved_rate_per_week": "goaltui.domain.kpi",
    "History": "goaltui.domain.kpi",
    "read_kpi": "goaltui.domain.kpi",
    "required_rate_per_week": "goaltui.domain.kpi",
    "solve_plan": "goaltui.domain.kpi",
    "worst_status": "goaltui.domain.progress",
    "Aggregation": "goaltui.domain.models",
    "Cadence": "goaltui.domain.models",
    "CheckIn": "goaltui.domain.models",
    "Goal": "goaltui.domain.models",
    "GoalStatus": "goaltui.domain.models",
    "Kpi": "goaltui.domain.models",
    "KpiKind": "goaltui.domain.models",
    "KpiReading": "goaltui.domain.models",
    "KpiStatus": "goaltui.domain.models",
    "Measurement": "goaltui.domain.models",
    "Milestone": "goaltui.domain.models",
    "Outcome": "goaltui.domain.models",
    "PaceLine": "goaltui.domain.models",
    "Pause": "goaltui.domain.models",
    "PeriodValue": "goaltui.domain.models",
    "Review": "goaltui.domain.models",
    "ReviewKind": "goaltui.domain.models",
    "Revision": "goaltui.domain.models",
    "Step": "goaltui.domain.models",
    "parse_date": "goaltui.domain.parse",
    "parse_int_in_range": "goaltui.domain.parse",
    "parse_number": "goaltui.domain.parse",
    "Pace": "goaltui.domain.pace",
    "build_pace": "goaltui.domain.pace",
    "aggregate": "goaltui.domain.periods",
    "next_period": "goaltui.domain.periods",
    "period_end": "goaltui.domain.periods",
    "period_start": "goaltui.domain.periods",
    "periods_between": "goaltui.domain.periods",
    "Node": "goaltui.domain.progress",
    "goal_progress": "goaltui.domain.progress",
    "milestone_progress": "goaltui.domain.progress",
    "rollup": "goaltui.domain.progress",
    "ScheduleProblem": "goaltui.domain.reverse",
    "check_milestones": "goaltui.domain.reverse",
    "check_steps": "goaltui.domain.reverse",
    "chronological": "goaltui.domain.reverse",
    "milestone_before": "goaltui.domain.reverse",
    "spread_evenly": "goaltui.domain.reverse",
    "GoalDraft": "goaltui.domain.smart",
    "KpiDraft": "goaltui.domain.smart",
    "MilestoneDraft": "goaltui.domain.smart",
    "SmartReport": "goaltui.domain.smart",
    "StepDraft": "goaltui.domain.smart",
    "Verdict": "goaltui.domain.smart",
    "smart_check": "goaltui.domain.smart",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    try:
        home = _HOME[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_HOME))
