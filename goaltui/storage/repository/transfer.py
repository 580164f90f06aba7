"""The whole database at once: every row out (for an export) and rows in (an import)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.validate import REFERENCES
from goaltui.storage.repository.base import TABLES, Store, plain
from goaltui.storage.repository.goals import parents_first, pause_paused_goals
from goaltui.storage.sqlfn import advance_ids, ids_unused, new_ids
from goaltui.storage.tables import GoalRow, table_of

#: Rows inserted per statement when loading.
BATCH = 5000


class TransferStore(Store):
    """Every table at once."""

    def is_empty(self) -> bool:
        """True when the database holds no goal (that this connection can see)."""
        return bool(self._read(lambda s: s.scalar(select(func.count(col(GoalRow.id)))) == 0))

    def ids_free(self) -> bool:
        """True when an import may keep its rows' ids: no goal here, and on PostgreSQL
        no goal id ever given out (rows of other people, out of sight, hold some)."""
        unused = ids_unused(table_of(GoalRow))
        return self.is_empty() and bool(self._read(lambda s: s.execute(unused).scalar()))

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table as plain dictionaries, by table then id."""

        def run(session: Session) -> dict[str, list[dict[str, Any]]]:
            out: dict[str, list[dict[str, Any]]] = {}
            for name, model in TABLES.items():
                rows = session.execute(plain(model).order_by(table_of(model).c.id))
                out[name] = [dict(r._mapping) for r in rows]
            return out

        return self._read(run)

    def load(self, data: Mapping[str, Sequence[Mapping[str, Any]]], replace_ids: bool) -> int:
        """Insert rows from :meth:`dump` in one transaction; returns the goals added.

        The rows must be checked first (:func:`goaltui.domain.validate.read_export`):
        they go to the database in batches, not through the models. With
        ``replace_ids`` every row gets a new id (one never given before, see
        :class:`~goaltui.storage.sqlfn.new_ids`) and references follow it, so an
        export can be merged into a database that already has goals. An export
        made before pauses were kept gives each paused goal an open pause, as
        the schema migration does.
        """

        def run(session: Session) -> int:
            remap: dict[str, dict[int, int]] = {name: {} for name in TABLES}
            # Parents before children: each row's links are checked as it goes in.
            goals = parents_first(list(data.get("goal", [])))
            for name, model in TABLES.items():
                rows = goals if name == "goal" else data.get(name, [])
                if not rows:
                    continue
                table = table_of(model)
                defaults = {
                    column: info.default
                    for column, info in model.model_fields.items()
                    if column in table.columns and not info.is_required()
                }
                fresh = iter(session.execute(new_ids(table, len(rows))).scalars().all()
                             if replace_ids else ())  # fmt: skip
                batch: list[dict[str, Any]] = []
                for raw in rows:
                    values = {**defaults, **{k: v for k, v in raw.items() if k in table.columns}}
                    old_id = values["id"]
                    if replace_ids:
                        values["id"] = int(next(fresh))
                        for column, target in REFERENCES[name].items():
                            if values.get(column) is not None:
                                values[column] = remap[target][values[column]]
                        if name == "revision":
                            kind = values["entity"]
                            values["entity_id"] = remap.get(kind, {}).get(
                                values["entity_id"], values["entity_id"]
                            )
                    remap[name][old_id] = values["id"]
                    batch.append(values)
                    if len(batch) >= BATCH:
                        session.execute(insert(table), batch)
                        batch = []
                if batch:
                    session.execute(insert(table), batch)
                session.execute(advance_ids(table))
            if "pause" not in data:
                pause_paused_goals(session, [remap["goal"][g["id"]] for g in goals])
            return len(goals)

        return self._write(run)
