"""Single rows of any table, by the table's name: add, read, change, delete."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.changes import row_label
from goaltui.storage import convert
from goaltui.storage.repository.base import (
    CONVERT,
    TABLES,
    NotFound,
    Store,
    existing,
    plain,
)
from goaltui.storage.repository.changes import suggest_label
from goaltui.storage.tables import GoalRow, RevisionRow, table_of


@dataclass(frozen=True, slots=True)
class RevisionDraft:
    """A change to document in the same transaction as the change itself."""

    entity: str
    entity_id: int
    goal_id: int
    field: str
    old: str
    new: str
    reason: str


class RowStore(Store):
    """One row of any table at a time, named by its table (``"goal"``, ``"kpi"`` ...)."""

    def add(self, entity: str, /, now: datetime | None = None, **fields: Any) -> Any:
        """Insert one row of ``entity`` and return it as a plain object."""
        table = TABLES[entity]

        def run(session: Session) -> Any:
            values = dict(fields)
            if "created_at" in table.model_fields and "created_at" not in values:
                values["created_at"] = now or datetime.now()
            if "updated_at" in table.model_fields and "updated_at" not in values:
                values["updated_at"] = values["created_at"]
            row = table(**values)
            suggest_label(row_label(entity, "add", _title(row)))
            session.add(row)
            session.flush()
            return CONVERT[entity](row)

        return self._write(run)

    def get(self, entity: str, row_id: int) -> Any:
        """One row as a plain object; :class:`NotFound` if it is gone.

        Read as a plain row, like lists: no ORM instance to set up for a value
        that is converted at once.
        """
        table = TABLES[entity]

        def run(session: Session) -> Any:
            query = plain(table).where(table_of(table).c.id == row_id)
            found = session.execute(query).first()
            if found is None:
                raise NotFound(f"that {entity} no longer exists (deleted in another window?)")
            return CONVERT[entity](found)

        return self._read(run)

    def update(
        self,
        entity: str,
        row_id: int,
        changes: Mapping[str, Any],
        revisions: Sequence[RevisionDraft] = (),
        now: datetime | None = None,
    ) -> Any:
        """Change fields of one row and record ``revisions`` in the same transaction."""
        table = TABLES[entity]

        def run(session: Session) -> Any:
            row = existing(session, table, row_id, entity)
            stamp = now or datetime.now()
            values = dict(changes)
            if "updated_at" in table.model_fields:
                values["updated_at"] = stamp
            suggest_label(row_label(entity, "change", _title(row), changes))
            for key, value in values.items():
                setattr(row, key, value)
            for rev in revisions:
                session.add(convert.to_row(RevisionRow, rev, at=stamp))
            session.flush()
            return CONVERT[entity](row)

        return self._write(run)

    def delete(self, entity: str, row_id: int) -> None:
        """Delete one row (children go with it through the foreign keys)."""
        table = TABLES[entity]

        def run(session: Session) -> None:
            row = existing(session, table, row_id, entity)
            suggest_label(row_label(entity, "delete", _title(row)))
            if isinstance(row, GoalRow):
                # Sub-goals stay: they move up to the deleted goal's parent.
                session.execute(
                    update(GoalRow)
                    .where(col(GoalRow.parent_id) == row_id)
                    .values(parent_id=row.parent_id)
                )
            session.delete(row)

        self._write(run)


def _title(row: Any) -> str:
    """What a row is called: its title, name or obstacle ("" for a value or a note)."""
    for field in ("title", "name", "obstacle"):
        value = getattr(row, field, None)
        if isinstance(value, str):
            return value
    return ""
