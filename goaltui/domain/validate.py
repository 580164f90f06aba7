"""What a stored value may be: the one set of rules for forms, the CLI and import.

Forms and the CLI read what a person types with :mod:`goaltui.domain.parse`
(which takes its bounds from here); the service checks every row it writes with
:func:`check_fields`; an import reads each row of a JSON export with
:func:`read_export`, which applies the same checks after reading the JSON types.

Bounds: values within ±1e15 (whole numbers stay exact), dates in the years
1900-9999, confidences 1-10, review ratings 1-5, ids from 1 to 2**63 - 1 (what
SQLite stores).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from goaltui.domain.bounds import range_problem
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    GoalStatus,
    Importance,
    KpiKind,
    Outcome,
    ReviewKind,
)
from goaltui.domain.progress import looped
from goaltui.domain.value_rules import (
    CONFIDENCE,
    MAX_POSITION,
    RATING,
    Rule,
    choice,
    day,
    flag,
    ident,
    moment,
    number,
    one_of,
    optional,
    text,
    title,
    weight,
    whole,
)

#: Fields whose change a revision documents, per entity.
REVISED_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("deadline", "start"),
    "kpi": ("target", "baseline", "high"),
    "milestone": ("target_date", "kpi_value"),
    "step": ("due",),
}

#: What else the revision ledger records, per entity: a goal's acknowledgment by its
#: partner, a KPI added to or removed from a goal after it was created (see
#: :mod:`goaltui.domain.agreement`). Nothing here bends a pace line.
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "goal": ("acknowledged",),
    "kpi": ("kpi",),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one field of one row cannot be stored."""

    table: str
    row: int | None
    field: str
    why: str

    def __str__(self) -> str:
        where = self.table if self.row is None else f"{self.table} {self.row}"
        return f"{where}, {self.field}: {self.why}"


# -- the tables --------------------------------------------------------------------------------

_CONFIDENCE = optional(whole(*CONFIDENCE, what="a confidence"))

#: Each table's fields and their rules.
FIELDS: dict[str, dict[str, Rule]] = {
    "goal": {
        "id": ident,
        "parent_id": optional(ident),
        "title": title,
        "description": text,
        "why": text,
        "start": day,
        "deadline": optional(day),
        "confidence": _CONFIDENCE,
        "resources": text,
        "status": choice(GoalStatus),
        "archived": flag,
        "weight": weight,
        "created_at": moment,
        "updated_at": moment,
        "partner": text,
    },
    "kpi": {
        "id": ident,
        "goal_id": ident,
        "name": title,
        "unit": text,
        "baseline": number,
        "target": number,
        "kind": choice(KpiKind),
        "cadence": choice(Cadence),
        "aggregation": choice(Aggregation),
        "pace_start": optional(day),
        "pace_from": optional(number),
        "high": optional(number),
    },
    "measurement": {
        "id": ident,
        "kpi_id": ident,
        "day": day,
        "value": number,
        "note": text,
        "created_at": moment,
    },
    "milestone": {
        "id": ident,
        "goal_id": ident,
        "title": title,
        "target_date": day,
        "done_on": optional(day),
        "position": whole(0, MAX_POSITION, what="a position"),
        "kpi_id": optional(ident),
        "kpi_value": optional(number),
    },
    "step": {
        "id": ident,
        "milestone_id": ident,
        "title": title,
        "due": optional(day),
        "done_on": optional(day),
        "importance": choice(Importance),
    },
    "obstacle": {
        "id": ident,
        "goal_id": ident,
        "obstacle": title,
        "plan": text,
        "position": whole(0, MAX_POSITION, what="a position"),
    },
    "checkin": {
        "id": ident,
        "goal_id": ident,
        "day": day,
        "confidence": _CONFIDENCE,
        "wins": text,
        "obstacles": text,
        "note": text,
        "obstacle_id": optional(ident),
    },
    "review": {
        "id": ident,
        "goal_id": optional(ident),
        "kind": choice(ReviewKind),
        "period_start": day,
        "period_end": day,
        "worked": text,
        "obstacles": text,
        "lessons": text,
        "next_steps": text,
        "rating": optional(whole(*RATING, what="a rating")),
        "outcome": optional(choice(Outcome)),
        "created_at": moment,
    },
    "revision": {
        "id": ident,
        "goal_id": ident,
        "entity": one_of(*REVISED_FIELDS),
        "entity_id": ident,
        "field": title,
        "old": text,
        "new": text,
        "reason": title,
        "at": moment,
        "undone": flag,
    },
    "pause": {"id": ident, "goal_id": ident, "start": day, "end": optional(day)},
}

#: Fields every stored row has (the others have defaults).
REQUIRED: dict[str, tuple[str, ...]] = {
    "goal": ("id", "title", "start", "created_at", "updated_at"),
    "kpi": ("id", "goal_id", "name", "baseline", "target"),
    "measurement": ("id", "kpi_id", "day", "value", "created_at"),
    "milestone": ("id", "goal_id", "title", "target_date"),
    "step": ("id", "milestone_id", "title"),
    "obstacle": ("id", "goal_id", "obstacle"),
    "checkin": ("id", "goal_id", "day"),
    "review": ("id", "kind", "period_start", "period_end", "created_at"),
    "revision": ("id", "goal_id", "entity", "entity_id", "field", "old", "new", "reason", "at"),
    "pause": ("id", "goal_id", "start"),
}

#: Which table each reference points into.
REFERENCES: dict[str, dict[str, str]] = {
    "goal": {"parent_id": "goal"},
    "kpi": {"goal_id": "goal"},
    "measurement": {"kpi_id": "kpi"},
    "milestone": {"goal_id": "goal", "kpi_id": "kpi"},
    "step": {"milestone_id": "milestone"},
    "obstacle": {"goal_id": "goal"},
    "checkin": {"goal_id": "goal", "obstacle_id": "obstacle"},
    "review": {"goal_id": "goal"},
    "revision": {"goal_id": "goal"},
    "pause": {"goal_id": "goal"},
}

#: (table, earlier field, later field, may they be equal, how to say it)
_ORDER = (
    ("goal", "start", "deadline", True, "the deadline comes before the start"),
    ("review", "period_start", "period_end", True, "the period ends before it starts"),
    ("pause", "start", "end", False, "the pause ends on or before the day it starts"),
)


def check_fields(table: str, fields: Mapping[str, Any], row: int | None = None) -> list[Problem]:
    """The problems of the given fields of a ``table`` row (fields not given are not checked).

    Dates that must come in order (a goal's start and deadline, a review's
    period, a pause) are checked when both are given.
    """
    rules = FIELDS[table]
    problems = [
        Problem(table, row, name, why)
        for name, value in fields.items()
        if name in rules and (why := rules[name](value)) is not None
    ]
    if problems:
        return problems
    for name, first, last, equal_ok, why in _ORDER:
        if name != table or fields.get(first) is None or fields.get(last) is None:
            continue
        a, b = fields[first], fields[last]
        if b < a or (b == a and not equal_ok):
            shown = f"{why} ({b.isoformat()} is before {a.isoformat()})"
            if b == a:
                shown = why
            problems.append(Problem(table, row, last, shown))
    if table == "kpi" and "kind" in fields and "target" in fields:
        # A range's two ends, or a high end on a KPI that has no range. ``high`` not
        # given is None: a caller that changes only some fields checks the whole row.
        why = range_problem(fields["kind"], fields["target"], fields.get("high"))
        if why is not None:
            problems.append(Problem(table, row, "high", why))
    if table == "revision" and fields.get("entity") in REVISED_FIELDS and "field" in fields:
        allowed = REVISED_FIELDS[fields["entity"]]
        if fields["field"] not in allowed + LEDGER_FIELDS.get(fields["entity"], ()):
            why = f"a {fields['entity']} revision changes {' or '.join(allowed)}"
            problems.append(Problem(table, row, "field", why))
    if table == "revision" and fields.get("field") == "acknowledged":
        if not str(fields.get("new", "")).strip():
            problems.append(Problem(table, row, "new", "an acknowledgment names who gave it"))
        if not str(fields.get("old", "")).isdigit():
            why = "an acknowledgment names the version acknowledged (a whole number)"
            problems.append(Problem(table, row, "old", why))
    return problems


def first_problem(table: str, fields: Mapping[str, Any]) -> str | None:
    """The first problem of :func:`check_fields` as a sentence, or None."""
    problems = check_fields(table, fields)
    if not problems:
        return None
    p = problems[0]
    return f"{p.field.replace('_', ' ')}: {p.why}"


# -- a JSON export -----------------------------------------------------------------------------

_DAY_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MOMENT_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9:.]{2,15}")


def read_row(table: str, raw: Mapping[str, Any]) -> tuple[dict[str, Any], list[Problem]]:
    """One row of a JSON export as stored values, and its problems.

    Fields this version does not know are left out.
    """
    rules = FIELDS[table]
    row_id = raw.get("id")
    where = row_id if isinstance(row_id, int) and not isinstance(row_id, bool) else None
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in REQUIRED[table]:
        if raw.get(name) is None:
            problems.append(Problem(table, where, name, "it is missing"))
    for name, value in raw.items():
        rule = rules.get(name)
        if rule is None:
            continue
        if name in _DATE_FIELDS[table] or name in _MOMENT_FIELDS[table]:
            value = _read_when(value, moment_field=name in _MOMENT_FIELDS[table])
        values[name] = value
    if problems:
        return values, problems
    if table == "kpi":  # a row without a kind is an ``increase``: its range is checked so
        return values, check_fields(table, {"kind": KpiKind.INCREASE.value, **values}, where)
    return values, check_fields(table, values, where)


def _read_when(value: Any, *, moment_field: bool) -> Any:
    if not isinstance(value, str):
        return value
    try:
        if moment_field and _MOMENT_TEXT.fullmatch(value):
            return datetime.fromisoformat(value)
        if not moment_field and _DAY_TEXT.fullmatch(value):
            return date.fromisoformat(value)
    except ValueError:
        pass
    return value


_DATE_FIELDS: dict[str, set[str]] = {
    "goal": {"start", "deadline"},
    "kpi": {"pace_start"},
    "measurement": {"day"},
    "milestone": {"target_date", "done_on"},
    "step": {"due", "done_on"},
    "obstacle": set(),
    "checkin": {"day"},
    "review": {"period_start", "period_end"},
    "revision": set(),
    "pause": {"start", "end"},
}
_MOMENT_FIELDS: dict[str, set[str]] = {
    "goal": {"created_at", "updated_at"},
    "kpi": set(),
    "measurement": {"created_at"},
    "milestone": set(),
    "step": set(),
    "obstacle": set(),
    "checkin": set(),
    "review": {"created_at"},
    "revision": {"at"},
    "pause": set(),
}


def read_export(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
) -> tuple[dict[str, list[dict[str, Any]]], list[Problem]]:
    """Every row of an export's tables as stored values, and every problem found.

    Besides each row's own fields: ids are unique within a table, every
    reference names a row of the export, and no goal is its own ancestor.
    """
    out: dict[str, list[dict[str, Any]]] = {}
    problems: list[Problem] = []
    ids: dict[str, set[int]] = {}
    for table in FIELDS:
        rows = tables.get(table, ())
        seen: set[int] = set()
        read: list[dict[str, Any]] = []
        for raw in rows:
            values, found = read_row(table, raw)
            problems += found
            row_id = values.get("id")
            if not found and row_id in seen:
                problems.append(Problem(table, row_id, "id", "another row has the same id"))
            if isinstance(row_id, int):
                seen.add(row_id)
            read.append(values)
        ids[table] = seen
        out[table] = read
    for table, refs in REFERENCES.items():
        for values in out[table]:
            for name, target in refs.items():
                ref = values.get(name)
                if isinstance(ref, int) and ref not in ids[target]:
                    why = f"there is no {target} {ref} in the export"
                    problems.append(Problem(table, values.get("id"), name, why))
    parents = {g["id"]: g.get("parent_id") for g in out["goal"] if isinstance(g.get("id"), int)}
    for goal_id in sorted(looped(parents)):
        why = "the goal would be its own parent, or under one of its own sub-goals"
        problems.append(Problem("goal", goal_id, "parent_id", why))
    return out, problems


def describe(problems: Iterable[Problem], shown: int = 3) -> str:
    """The first ``shown`` problems on one line, and how many more there are."""
    every = list(problems)
    text = "; ".join(str(p) for p in every[:shown])
    if len(every) > shown:
        text += f"; and {len(every) - shown} more"
    return text
