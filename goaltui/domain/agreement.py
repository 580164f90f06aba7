"""Agreeing a goal with a partner or manager: the version of its plan, and whether the
agreement still holds.

The revision ledger keeps both sides. A change to the plan (a goal's start or
deadline; a KPI's target, baseline or upper bound; a checkpoint's value; a KPI
added to or removed from the goal after it was created) is a revision; an
acknowledgment is a revision of the goal's field ``acknowledged``: ``new`` says
who, ``old`` the version of the plan they saw, ``reason`` their words.

The version of a goal is 1 as created, plus one for each change to its plan.
An agreement is current while no change to the plan was recorded after the
latest acknowledgment; otherwise it is out of date, and says what changed.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from goaltui.domain.models import Revision

#: The field of a goal revision that records an acknowledgment.
ACKNOWLEDGED = "acknowledged"
#: The field of a KPI revision that records the KPI added to (``new``) or removed from
#: (``old``) a goal after the goal was created.
KPI_ADDED_OR_REMOVED = "kpi"
#: What an acknowledgment says when the person gave no words of their own.
DEFAULT_WORDS = "acknowledged"

#: The revised fields that change a goal's plan, per entity.
PLAN_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("start", "deadline"),
    "kpi": ("target", "baseline", "high", KPI_ADDED_OR_REMOVED),
    "milestone": ("kpi_value",),
}

#: The changes since an agreement its line names (the others are counted).
SHOWN_CHANGES = 3

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class AgreementState(enum.Enum):
    """Where a goal's agreement stands."""

    NONE = "none"
    CURRENT = "current"
    OUT_OF_DATE = "out of date"


@dataclass(frozen=True, slots=True)
class Agreement:
    """A goal's agreement: who acknowledged which version when, and what changed since."""

    state: AgreementState
    #: The plan's version now (1 as created).
    version: int = 1
    #: Who acknowledged last, when, the version they saw and their words (state not NONE).
    by: str = ""
    at: datetime | None = None
    agreed_version: int = 0
    words: str = ""
    #: The changes to the plan recorded after the latest acknowledgment, oldest first.
    changes: tuple[Revision, ...] = ()


def is_acknowledgment(rev: Revision) -> bool:
    """Whether ``rev`` records an acknowledgment rather than a change."""
    return rev.entity == "goal" and rev.field == ACKNOWLEDGED


def is_plan_change(rev: Revision) -> bool:
    """Whether ``rev`` changes the goal's plan (and so its version)."""
    return rev.field in PLAN_FIELDS.get(rev.entity, ())


def _in_order(revisions: Iterable[Revision]) -> list[Revision]:
    """The revisions in force (an undone one no longer is), oldest first."""
    return sorted((r for r in revisions if not r.undone), key=lambda r: (r.at, r.id))


def goal_version(revisions: Iterable[Revision]) -> int:
    """The version of a goal's plan: 1, plus one per change to it in ``revisions``
    (not counting a change that was undone)."""
    return 1 + sum(1 for r in revisions if is_plan_change(r) and not r.undone)


def version_at(revisions: Sequence[Revision], until: Revision) -> int:
    """The version of the plan when ``until`` was recorded (the changes up to it count)."""
    key = (until.at, until.id)
    return goal_version(r for r in revisions if (r.at, r.id) <= key)


def agreement(revisions: Iterable[Revision]) -> Agreement:
    """The agreement state of a goal from all its ``revisions`` (in any order)."""
    ordered = _in_order(revisions)
    version = goal_version(ordered)
    acks = [r for r in ordered if is_acknowledgment(r)]
    if not acks:
        return Agreement(AgreementState.NONE, version)
    last = acks[-1]
    since = tuple(r for r in ordered if is_plan_change(r) and (r.at, r.id) > (last.at, last.id))
    try:
        agreed = int(last.old)
    except ValueError:
        agreed = version_at(ordered, last)
    return Agreement(
        AgreementState.OUT_OF_DATE if since else AgreementState.CURRENT,
        version,
        by=last.new,
        at=last.at,
        agreed_version=agreed,
        words=last.reason,
        changes=since,
    )


def short_day(day: date, today: date | None = None) -> str:
    """'12 Oct', with the year when it is not ``today``'s: '12 Oct 2025'."""
    text = f"{day.day} {_MONTHS[day.month - 1]}"
    return text if today is not None and day.year == today.year else f"{text} {day.year}"


def describe_change(rev: Revision, today: date | None = None) -> str:
    """One change to the plan in a few words: 'deadline changed 3 Nov', 'KPI Visits added'."""
    when = short_day(rev.at.date(), today)
    if rev.entity == "kpi" and rev.field == KPI_ADDED_OR_REMOVED:
        if rev.new:
            return f"KPI {rev.new} added {when}"
        return f"KPI {rev.old} removed {when}"
    what = {"kpi_value": "checkpoint value", "high": "upper bound"}.get(rev.field, rev.field)
    if rev.entity == "kpi":
        what = f"KPI {what}"
    return f"{what} changed {when}"


#: A revised field as a history line names it (the others by their own name).
FIELD_WORDS = {
    "target_date": "date",
    "kpi_value": "checkpoint",
    "high": "high end",
    "due": "due date",
}


def revised_what(rev: Revision) -> str:
    """What a revision changed, in words: 'kpi target', 'milestone checkpoint'."""
    return f"{rev.entity} {FIELD_WORDS.get(rev.field, rev.field)}"


def describe_revision(rev: Revision, user: Callable[[str], str] = str) -> str:
    """A ledger row as a history line shows it, its user text passed through ``user``
    (to escape it for markdown, say). A revision whose change was undone says so."""
    text = _describe(rev, user)
    return f"{text} (undone)" if rev.undone else text


def _describe(rev: Revision, user: Callable[[str], str]) -> str:
    if is_acknowledgment(rev):
        text = f"acknowledged by {user(rev.new)} (version {user(rev.old)})"
        if rev.reason and rev.reason != DEFAULT_WORDS:
            text += f": “{user(rev.reason)}”"
        return text
    if rev.entity == "kpi" and rev.field == KPI_ADDED_OR_REMOVED:
        name, word = (rev.new, "added") if rev.new else (rev.old, "removed")
        text = f"KPI {user(name)} {word}"
        if rev.reason in ("added", "removed"):
            return text
        return f"{text}, because {user(rev.reason)}"
    change = f"{user(rev.old)} → {user(rev.new)}"
    return f"{revised_what(rev)} {change}, because {user(rev.reason)}"


def agreement_line(state: Agreement, partner: str, today: date | None = None) -> str:
    """The agreement in one line ("" when there is no partner and no acknowledgment).

    'Agreed with Maria on 12 Oct (version 2)', 'Agreement out of date: deadline
    changed 3 Nov', 'Partner: Maria, not acknowledged yet'.
    """
    if state.state is AgreementState.NONE:
        return f"Partner: {partner}, not acknowledged yet" if partner.strip() else ""
    assert state.at is not None
    if state.state is AgreementState.CURRENT:
        on = short_day(state.at.date(), today)
        return f"Agreed with {state.by} on {on} (version {state.agreed_version})"
    shown = [describe_change(r, today) for r in state.changes[:SHOWN_CHANGES]]
    more = len(state.changes) - len(shown)
    changes = ", ".join(shown) + (f" and {more} more" if more > 0 else "")
    on = short_day(state.at.date(), today)
    return (
        f"Agreement out of date: {changes} "
        f"({state.by} agreed to version {state.agreed_version} on {on})"
    )
