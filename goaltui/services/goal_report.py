"""One goal's review report for one period, to share with its partner or manager.

The period's evidence is the Review screen's (:func:`goaltui.services.exchange.review_markdown`
reads it); this module adds what a partner needs besides: the SMART statement,
the partner and where the agreement stands, and the check-in notes of the period.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from goaltui.domain import agreement as agreement_rules
from goaltui.domain.models import Goal, Revision
from goaltui.services.errors import ServiceError
from goaltui.services.exchange import _md, review_markdown

if TYPE_CHECKING:
    from goaltui.services import GoalService


def period_of(
    goal: Goal | None, start: date | None, end: date | None, today: date
) -> tuple[date, date]:
    """The period asked for: from the goal's start (or ``end`` when later) to today by default."""
    end = end or today
    if start is None:
        start = min(goal.start, end) if goal is not None else end.replace(day=1)
    if end < start:
        raise ServiceError(
            f"the period ends ({end.isoformat()}) before it starts ({start.isoformat()})"
        )
    return start, end


def agreement_lines(goal: Goal, revisions_of_goal: Sequence[Revision], today: date) -> list[str]:
    """The partner and the agreement's state as markdown list items (none without either)."""
    state = agreement_rules.agreement(revisions_of_goal)
    line = agreement_rules.agreement_line(state, goal.partner, today)
    if not line:
        return []
    lines = []
    if goal.partner.strip() and state.state is not agreement_rules.AgreementState.NONE:
        lines.append(f"- Partner: {_md(goal.partner)}")
    lines.append(f"- {_md(line)}")
    if state.state is agreement_rules.AgreementState.CURRENT and state.words not in (
        "",
        agreement_rules.DEFAULT_WORDS,
    ):
        lines.append(f"  - Their words: {_md(state.words)}")
    return lines


def goal_head(svc: GoalService, goal: Goal) -> list[str]:
    """The SMART statement, the partner and the agreement, as markdown list items."""
    today = svc.clock.today()
    kpis = svc.kpis([goal.id])
    lines = [f"- Specific: {_md(goal.description or goal.title)}"]
    if kpis:
        lines.append("- Measurable: " + ", ".join(_md(k.name) for k in kpis))
    achievable = []
    if goal.confidence is not None:
        achievable.append(f"confidence {goal.confidence}/10 when set")
    if goal.resources:
        achievable.append(f"resources: {_md(goal.resources)}")
    if achievable:
        lines.append("- Achievable: " + "; ".join(achievable))
    if goal.why:
        lines.append(f"- Relevant: {_md(goal.why)}")
    deadline = goal.deadline.isoformat() if goal.deadline else "no deadline"
    lines.append(f"- Time-bound: {goal.start.isoformat()} to {deadline}")
    return lines + agreement_lines(goal, svc.repo.revisions(goal.id), today)


def checkin_notes(svc: GoalService, goal: Goal, start: date, end: date) -> list[str]:
    """The notes of the goal's check-ins from ``start`` to ``end``, as markdown list items."""
    return [
        f"- {c.day.isoformat()}: {_md(c.note)}"
        for c in svc.repo.checkins(goal.id)
        if start <= c.day <= end and c.note.strip()
    ]


def goal_markdown(
    svc: GoalService,
    goal: Goal,
    start: date,
    end: date,
    draft: Mapping[str, Any] | None = None,
) -> str:
    """The review report of ``goal`` for ``start``-``end``, for its partner.

    ``draft`` is a reflection not saved yet (the Review screen's fields).
    """
    return review_markdown(
        svc,
        start,
        end,
        goal.id,
        draft,
        head=lambda g: goal_head(svc, g),
        notes=lambda g: checkin_notes(svc, g, start, end),
    )
