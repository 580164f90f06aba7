"""Changes that can be undone: what one is, and how it is named to a person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from goaltui.domain.text import and_list as and_list
from goaltui.domain.text import one_line

#: How many changes undo keeps, and for how many days.
KEEP_CHANGES = 100
KEEP_DAYS = 30

#: What a row of each table is called, singular and plural, in the order named.
ROW_NAMES: dict[str, tuple[str, str]] = {
    "goal": ("goal", "goals"),
    "kpi": ("KPI", "KPIs"),
    "measurement": ("KPI value", "KPI values"),
    "milestone": ("milestone", "milestones"),
    "step": ("step", "steps"),
    "obstacle": ("planned obstacle", "planned obstacles"),
    "checkin": ("check-in note", "check-in notes"),
    "review": ("review", "reviews"),
    "pause": ("pause", "pauses"),
    "revision": ("revision", "revisions"),
}


class Origin(StrEnum):
    """Where a change was made: undo in the dashboard takes back the dashboard's."""

    TUI = "tui"
    CLI = "cli"


@dataclass(frozen=True, slots=True)
class Change:
    """One change as a person made it: a check-in, a wizard save, a delete ..."""

    id: int
    origin: Origin
    #: What the person did ("the check-in of 4 Dec"); empty when not named.
    label: str
    #: What it touched ("3 KPI values and 1 step").
    summary: str
    at: datetime
    undone: bool


def named(title: object) -> str:
    """A title as a change's label gives it: quoted, on one line, not too long."""
    return "'" + one_line(str(title), 60) + "'"


def row_label(
    entity: str, verb: str, title: str = "", changes: Mapping[str, object] | None = None
) -> str:
    """How a change of one row is named when nothing names it better.

    ``verb`` is "add", "change" or "delete"; ``changes`` the fields a change
    sets (a new ``done_on`` marks a milestone or step done, None reopens it).
    "marking the step 'Book the venue' done", "deleting the KPI 'Visits'".
    """
    noun = ROW_NAMES.get(entity, (entity, ""))[0]
    what = f"the {noun} {named(title)}" if title else f"a {noun}"
    if verb == "change" and changes is not None and "done_on" in changes:
        return f"marking {what} done" if changes["done_on"] is not None else f"reopening {what}"
    return {"add": "adding", "change": "changing", "delete": "deleting"}[verb] + f" {what}"


def summarize(counts: Mapping[tuple[str, str], int]) -> str:
    """The rows a change touched in words: "3 KPI values and 1 step".

    ``counts`` holds the rows per (table, "insert"/"update"/"delete"). A table
    counts the rows it gained or lost; only the rows changed when there are
    none (a goal deleted is one goal, not also the sub-goal it let go).
    Revisions are named only when nothing else was touched: they document the
    change rather than being it.
    """
    per_table: dict[str, int] = {}
    for table in ROW_NAMES:
        added_or_gone = counts.get((table, "insert"), 0) + counts.get((table, "delete"), 0)
        n = added_or_gone or counts.get((table, "update"), 0)
        if n > 0:
            per_table[table] = n
    if len(per_table) > 1:
        per_table.pop("revision", None)
    parts = [f"{n} {ROW_NAMES[t][0] if n == 1 else ROW_NAMES[t][1]}" for t, n in per_table.items()]
    return and_list(parts) or "nothing"


def describe(change: Change) -> str:
    """A change in a line: "the check-in of 4 Dec (3 KPI values and 1 step)"."""
    if change.label:
        return f"{change.label} ({change.summary})"
    return change.summary


def undone_notice(change: Change, redo: bool = False) -> str:
    """What the dashboard says after undoing (or redoing) ``change``."""
    return f"{'Redone' if redo else 'Undone'}: {describe(change)}"
