"""The wizard's rate helper: two of target, deadline and rate per week give the third."""

from __future__ import annotations

from datetime import date
from typing import Any

from goaltui.domain.fmt import format_number
from goaltui.domain.kpi import solve_plan
from goaltui.domain.wizard import RawWizard, _Messages, check


def solve_third(raw: RawWizard, today: date) -> tuple[str, str] | str:
    """Work out the one missing of target, deadline and rate for the first KPI.

    Returns ``(field, text to put in it)`` where field is ``target``,
    ``deadline`` or ``rate``; or a one-line reason it cannot.
    """
    checked = check(raw, today)
    block = next((k for k in raw.kpis if not k.blank()), None)
    if raw.milestones_only or block is None or not checked.draft.kpis:
        return "Add a KPI first (step 3): the rate is for its value."
    kpi = checked.draft.kpis[0]
    if kpi.baseline is None:
        return "Give the KPI a baseline first (step 3)."
    start = checked.draft.start or today
    given: dict[str, Any] = {
        "target": kpi.target if block.target.strip() else None,
        "deadline": checked.draft.deadline if raw.deadline.strip() else None,
        "rate_per_week": _Messages(today).number(raw.rate, "rate") if raw.rate.strip() else None,
    }
    missing = [name for name, value in given.items() if value is None]
    if len(missing) != 1:
        return "Fill in exactly two of target, deadline and rate per week; leave the third empty."
    try:
        target, deadline, rate = solve_plan(kpi.baseline, start, **given)
    except ValueError as exc:
        return str(exc)
    if missing == ["target"]:
        return "target", format_number(round(target, 4))
    if missing == ["deadline"]:
        return "deadline", deadline.isoformat()
    return "rate", format_number(round(rate, 4))
