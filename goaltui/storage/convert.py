"""Table rows to plain domain objects, and back: the storage boundary.

A domain object takes each of its fields from the row's attribute of the same
name; only the type of the field decides what is done with the value on the way:
a date is shared with the equal dates already read, a text becomes its enum
member (an empty one ``None`` where the field may be ``None``), and a flag
becomes a bool.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from datetime import date
from enum import Enum
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar, get_type_hints

from sqlmodel import SQLModel

from goaltui.domain.models import (
    CheckIn,
    Goal,
    Kpi,
    Measurement,
    Milestone,
    Obstacle,
    Pause,
    Review,
    Revision,
    Step,
)

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

M = TypeVar("M", bound="DataclassInstance")
R = TypeVar("R", bound=SQLModel)

#: One object per calendar day: years of rows repeat the same few thousand days.
_DAYS: dict[date, date] = {}


def as_date(value: date | str) -> date:
    """A day read from either engine as a date (SQLite may hand back its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _day(day: date | str | None) -> date | None:
    """``day`` as a date, the equal one already made (None stays None)."""
    if day is None:
        return day
    found = as_date(day)
    return _DAYS.setdefault(found, found)


def _enum_or_none(kind: type[Enum]) -> Callable[[Any], Enum | None]:
    def member(value: Any) -> Enum | None:
        return kind(value) if value else None

    return member


def _fix_for(hint: Any) -> Callable[[Any], Any] | None:
    """What a value needs to become a field of type ``hint`` (None: nothing)."""
    optional = False
    if isinstance(hint, types.UnionType):
        members = [t for t in hint.__args__ if t is not type(None)]
        optional = len(members) < len(hint.__args__)
        hint = members[0] if len(members) == 1 else Any
    if hint is date:  # exactly date: a datetime is a moment, not a day
        return _day
    if isinstance(hint, type) and issubclass(hint, Enum):
        return _enum_or_none(hint) if optional else hint
    if hint is bool:
        return bool
    return None


def from_row(model: type[M]) -> Callable[[Any], M]:
    """A function that builds a ``model`` from a table row (or a plain result row).

    Each field of ``model`` comes from the row's attribute of the same name.
    """
    fields = dataclasses.fields(model)
    assert all(f.init and not f.kw_only for f in fields), model
    hints = get_type_hints(model)
    get = attrgetter(*(f.name for f in fields))
    fixes = [(i, fix) for i, f in enumerate(fields) if (fix := _fix_for(hints[f.name]))]
    make: Callable[..., M] = model

    def convert(row: Any) -> M:
        values = list(get(row))
        for i, fix in fixes:
            values[i] = fix(values[i])
        return make(*values)

    convert.__doc__ = f"A {model.__name__} made from a row of its table."
    return convert


def to_row(table: type[R], obj: DataclassInstance, **extra: Any) -> R:
    """A new row of ``table`` holding the fields of ``obj`` (and ``extra``)."""
    values = {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}
    return table(**values, **extra)


goal = from_row(Goal)
kpi = from_row(Kpi)
measurement = from_row(Measurement)
milestone = from_row(Milestone)
step = from_row(Step)
checkin = from_row(CheckIn)
review = from_row(Review)
revision = from_row(Revision)
pause = from_row(Pause)
obstacle = from_row(Obstacle)
