"""Revisions: a changed deadline, target, due date or checkpoint is kept with the reason for it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goaltui.domain import validate
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError
from goaltui.storage.repository import RevisionDraft

#: Fields whose change must be explained, per entity.
REVISED_FIELDS = validate.REVISED_FIELDS
#: Fields whose first value is no revision: a checkpoint set where there was none.
FIRST_SET_FREE = frozenset({"kpi_value"})


def revise(
    ctx: ServiceContext, entity: str, row_id: int, changes: Mapping[str, Any], reason: str
) -> Any:
    """Change one KPI or milestone, keeping a revision of each revised field with ``reason``."""
    check(entity, changes)
    current = ctx.repo.get(entity, row_id)
    revs = revision_drafts(entity, current, changes, reason, current.goal_id)
    return ctx.repo.update(entity, row_id, changes, revs, ctx.clock.now())


def revision_drafts(
    entity: str,
    current: Any,
    changes: Mapping[str, Any],
    reason: str,
    goal_id: int,
) -> list[RevisionDraft]:
    """The revisions ``changes`` make to ``current``; a revised field needs a ``reason``."""
    revised = [
        name
        for name in REVISED_FIELDS.get(entity, ())
        if name in changes
        and changes[name] != getattr(current, name)
        and not (name in FIRST_SET_FREE and getattr(current, name) is None)
    ]
    if revised and not reason.strip():
        raise ServiceError(
            f"changing the {' and '.join(f.replace('_', ' ') for f in revised)} "
            "needs a reason; it is kept with the goal's history"
        )
    return [
        RevisionDraft(
            entity=entity,
            entity_id=current.id,
            goal_id=goal_id,
            field=name,
            old=_text(getattr(current, name)),
            new=_text(changes[name]),
            reason=reason.strip(),
        )
        for name in revised
    ]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
