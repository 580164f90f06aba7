"""The storage API: one session per operation, plain objects in and out.

Every write runs in a ``BEGIN IMMEDIATE`` transaction and is retried while
another process holds the write lock (see :func:`goaltui.storage.db.retry_busy`).
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select, update
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import SQLModel

from goaltui.domain.checkins import TEXTS, join_texts, one_per_day
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    Measurement,
    Milestone,
    Pause,
    PeriodValue,
    Review,
    Revision,
    Step,
)
from goaltui.domain.validate import REFERENCES
from goaltui.storage import convert
from goaltui.storage.db import (
    StoreError,
    describe_db_error,
    read_session,
    retry_busy,
    write_session,
)
from goaltui.storage.tables import (
    CheckInRow,
    GoalRow,
    KpiRow,
    MeasurementRow,
    MilestoneRow,
    PauseRow,
    ReviewRow,
    RevisionRow,
    StepRow,
)

T = TypeVar("T")

#: (repository, session) of the :meth:`Repository.atomic` block running in this context.
_atomic: contextvars.ContextVar[tuple[Any, Any] | None] = contextvars.ContextVar(
    "goaltui_atomic", default=None
)

TABLES: dict[str, type[SQLModel]] = {
    "goal": GoalRow,
    "kpi": KpiRow,
    "measurement": MeasurementRow,
    "milestone": MilestoneRow,
    "step": StepRow,
    "checkin": CheckInRow,
    "review": ReviewRow,
    "revision": RevisionRow,
    "pause": PauseRow,
}
_CONVERT: dict[str, Callable[[Any], Any]] = {
    "goal": convert.goal,
    "kpi": convert.kpi,
    "measurement": convert.measurement,
    "milestone": convert.milestone,
    "step": convert.step,
    "checkin": convert.checkin,
    "review": convert.review,
    "revision": convert.revision,
    "pause": convert.pause,
}


class NotFound(StoreError):
    """The row is gone, usually deleted in another window."""


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


@dataclass(frozen=True, slots=True)
class Footprint:
    """What goes with a goal when it is deleted."""

    milestones: int
    steps: int
    kpis: int
    measurements: int
    checkins: int
    children: int


def _one_off(session: Any) -> None:
    """Compile the queries of this session for their one use only.

    For queries that spell out a value per KPI (a CASE of hundreds of
    branches): kept in the engine's statement cache, each would hold a
    megabyte or more for as long as the app runs.
    """
    session.connection().execution_options(compiled_cache=None)


class Repository:
    """All reads and writes of goaltui's data."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        #: Bumped by every write through this repository (and by :meth:`bump`):
        #: a result computed under an older stamp may be stale.
        self.stamp = 0
        #: Called before every read: a background reader can wait there while
        #: the process has more urgent work (threads share one interpreter).
        self.before_read: Callable[[], None] | None = None

    def bump(self) -> None:
        """Mark anything read so far as possibly stale (another program wrote)."""
        self.stamp += 1

    # -- plumbing -------------------------------------------------------------------
    def _path(self) -> Path:
        return Path(str(self.engine.url.database))

    def _session(self) -> Any:
        """The session of an :meth:`atomic` block of this repository, if one is running."""
        active = _atomic.get()
        return active[1] if active is not None and active[0] is self else None

    def atomic(self, fn: Callable[[], T]) -> T:
        """Run ``fn`` so that every read and write it makes here is one transaction.

        All or nothing: if ``fn`` raises (or the process is killed), none of its
        writes are kept.
        """

        def run(session: Any) -> T:
            token = _atomic.set((self, session))
            try:
                return fn()
            finally:
                _atomic.reset(token)

        return self._write(run)

    def _write(self, fn: Callable[[Any], T]) -> T:
        session = self._session()
        if session is not None:
            result = fn(session)
            session.flush()
            return result

        def attempt() -> T:
            self.stamp += 1
            try:
                with write_session(self.engine) as session:
                    return fn(session)
            finally:
                self.stamp += 1

        try:
            return retry_busy(attempt)
        except IntegrityError as exc:
            raise NotFound("that item no longer exists (it was changed in another window)") from (
                exc
            )
        except DBAPIError as exc:
            raise StoreError(describe_db_error(exc, self._path())) from None

    def _read(self, fn: Callable[[Any], T]) -> T:
        session = self._session()
        if session is not None:
            return fn(session)
        if self.before_read is not None:
            self.before_read()
        try:
            with read_session(self.engine) as session:
                return fn(session)
        except DBAPIError as exc:
            raise StoreError(describe_db_error(exc, self._path())) from None

    # -- generic --------------------------------------------------------------------
    def add(self, entity: str, /, now: datetime | None = None, **fields: Any) -> Any:
        """Insert one row of ``entity`` and return it as a plain object."""
        table = TABLES[entity]

        def run(session: Any) -> Any:
            values = dict(fields)
            if "created_at" in table.model_fields and "created_at" not in values:
                values["created_at"] = now or datetime.now()
            if "updated_at" in table.model_fields and "updated_at" not in values:
                values["updated_at"] = values["created_at"]
            row = table(**values)
            session.add(row)
            session.flush()
            return _CONVERT[entity](row)

        return self._write(run)

    def get(self, entity: str, row_id: int) -> Any:
        """One row as a plain object; :class:`NotFound` if it is gone."""
        table = TABLES[entity]

        def run(session: Any) -> Any:
            row = session.get(table, row_id)
            if row is None:
                raise NotFound(f"that {entity} no longer exists (deleted in another window?)")
            return _CONVERT[entity](row)

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

        def run(session: Any) -> Any:
            row = session.get(table, row_id)
            if row is None:
                raise NotFound(f"that {entity} no longer exists (deleted in another window?)")
            for key, value in changes.items():
                setattr(row, key, value)
            stamp = now or datetime.now()
            if "updated_at" in table.model_fields:
                row.updated_at = stamp
            for rev in revisions:
                session.add(convert.to_row(RevisionRow, rev, at=stamp))
            session.flush()
            return _CONVERT[entity](row)

        return self._write(run)

    def delete(self, entity: str, row_id: int) -> None:
        """Delete one row (children go with it through the foreign keys)."""
        table = TABLES[entity]

        def run(session: Any) -> None:
            row = session.get(table, row_id)
            if row is None:
                raise NotFound(f"that {entity} no longer exists (deleted in another window?)")
            if entity == "goal":
                # Sub-goals stay: they move up to the deleted goal's parent.
                session.execute(
                    update(GoalRow)
                    .where(GoalRow.parent_id == row_id)
                    .values(parent_id=row.parent_id)  # type: ignore[arg-type]
                )
            session.delete(row)

        self._write(run)

    # -- goals ----------------------------------------------------------------------
    def goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal, in creation order."""

        def run(session: Any) -> list[Goal]:
            query = _plain(GoalRow).order_by(GoalRow.id)  # type: ignore[arg-type]
            if not include_archived:
                query = query.where(GoalRow.archived == False)  # noqa: E712
            return [convert.goal(r) for r in session.execute(query)]

        return self._read(run)

    def footprint(self, goal_id: int) -> Footprint:
        """Counts of what deleting ``goal_id`` takes with it."""

        def run(session: Any) -> Footprint:
            def count(query: Any) -> int:
                return int(session.scalar(query) or 0)

            ms = select(MilestoneRow.id).where(MilestoneRow.goal_id == goal_id)
            ks = select(KpiRow.id).where(KpiRow.goal_id == goal_id)
            return Footprint(
                milestones=count(select(func.count()).select_from(ms.subquery())),
                steps=count(select(func.count(StepRow.id)).where(StepRow.milestone_id.in_(ms))),  # type: ignore[union-attr, attr-defined]
                kpis=count(select(func.count()).select_from(ks.subquery())),
                measurements=count(
                    select(func.count(MeasurementRow.id)).where(MeasurementRow.kpi_id.in_(ks))  # type: ignore[arg-type, attr-defined]
                ),
                checkins=count(
                    select(func.count(CheckInRow.id)).where(CheckInRow.goal_id == goal_id)  # type: ignore[arg-type]
                ),
                children=count(select(func.count(GoalRow.id)).where(GoalRow.parent_id == goal_id)),  # type: ignore[arg-type]
            )

        return self._read(run)

    def set_goal_status(self, goal_id: int, status: GoalStatus, day: date, now: datetime) -> Goal:
        """Change a goal's status and keep its pauses in step, in one transaction.

        Going to 'paused' opens a pause from ``day`` (or reopens the one that
        ended on ``day``); leaving 'paused' ends the open pause on ``day``, and
        drops it if it began that day. Staying paused changes no pause.
        """

        def run(session: Any) -> Goal:
            row = session.get(GoalRow, goal_id)
            if row is None:
                raise NotFound("that goal no longer exists (deleted in another window?)")
            p = PauseRow
            open_ = select(p).where(p.goal_id == goal_id, p.end == None)  # noqa: E711
            still = session.scalars(open_).all()
            if status == GoalStatus.PAUSED:
                if not still:
                    _open_pause(session, goal_id, day)
            else:
                for pause in still:
                    if pause.start < day:
                        pause.end = day
                    else:
                        session.delete(pause)
            row.status = status.value
            row.updated_at = now
            session.flush()
            return convert.goal(row)

        return self._write(run)

    # -- KPIs and measurements --------------------------------------------------------
    def kpis(self, goal_ids: Iterable[int] | None = None) -> list[Kpi]:
        """KPIs of the given goals (all when ``None``), by goal then id."""

        def run(session: Any) -> list[Kpi]:
            query = _plain(KpiRow).order_by(KpiRow.goal_id, KpiRow.id)  # type: ignore[arg-type]
            if goal_ids is not None:
                query = query.where(KpiRow.goal_id.in_(list(goal_ids)))  # type: ignore[attr-defined]
            return [convert.kpi(r) for r in session.execute(query)]

        return self._read(run)

    def add_measurements(self, rows: Sequence[tuple[int, date, float, str]], now: datetime) -> int:
        """Record several ``(kpi_id, day, value, note)`` at once, in one transaction."""

        def run(session: Any) -> int:
            for kpi_id, day, value, note in rows:
                if session.get(KpiRow, kpi_id) is None:
                    raise NotFound("that KPI no longer exists (deleted in another window?)")
                session.add(
                    MeasurementRow(kpi_id=kpi_id, day=day, value=value, note=note, created_at=now)
                )
            return len(rows)

        return self._write(run)

    def measurements(
        self, kpi_id: int, limit: int | None = None, offset: int = 0
    ) -> list[Measurement]:
        """A KPI's measurements, newest first."""

        def run(session: Any) -> list[Measurement]:
            query = (
                _plain(MeasurementRow)
                .where(MeasurementRow.kpi_id == kpi_id)
                .order_by(MeasurementRow.day.desc(), MeasurementRow.id.desc())  # type: ignore[attr-defined, union-attr]
                .offset(offset)
            )
            if limit is not None:
                query = query.limit(limit)
            return [convert.measurement(r) for r in session.execute(query)]

        return self._read(run)

    def values_on(self, day: date, kpi_ids: Iterable[int] | None = None) -> dict[int, Measurement]:
        """The newest measurement of each KPI recorded for ``day`` (KPI id -> measurement)."""

        def run(session: Any) -> dict[int, Measurement]:
            m = MeasurementRow
            query = _plain(m).where(m.day == day).order_by(m.id)
            if kpi_ids is not None:
                query = query.where(m.kpi_id.in_(list(kpi_ids)))
            return {row.kpi_id: convert.measurement(row) for row in session.execute(query)}

        return self._read(run)

    def measurement_count(self, kpi_id: int | None = None) -> int:
        """How many measurements a KPI (or the whole database) has."""

        def run(session: Any) -> int:
            query = select(func.count(MeasurementRow.id))  # type: ignore[arg-type]
            if kpi_id is not None:
                query = query.where(MeasurementRow.kpi_id == kpi_id)
            return int(session.scalar(query) or 0)

        return self._read(run)

    def series(
        self,
        kpis: Sequence[Kpi],
        since: Mapping[int, date] | None = None,
        from_day: Mapping[int, date] | None = None,
    ) -> dict[int, list[PeriodValue]]:
        """Each KPI's values combined per cadence period, computed in SQL.

        ``since`` optionally limits a KPI to periods from a day on (its key is the
        KPI id), so an overview reads only the recent window. ``from_day`` leaves
        out the values recorded before a day (a goal's start: they are history),
        also within the period that holds it.
        """
        from sqlalchemy import case

        from goaltui.storage.db import period_key_sql

        result: dict[int, list[PeriodValue]] = {k.id: [] for k in kpis}
        groups: dict[tuple[Cadence, Aggregation], list[Kpi]] = {}
        for k in kpis:
            groups.setdefault((k.cadence, k.aggregation), []).append(k)

        def run(session: Any) -> dict[int, list[PeriodValue]]:
            m = MeasurementRow
            for (cadence, how), members in groups.items():
                ids = [k.id for k in members]
                # One pass over the (kpi_id, day, value) index, grouped by a cheap
                # period key; the period's first day comes from min(day).
                key = period_key_sql(m.day, cadence)
                where = [m.kpi_id.in_(ids)]  # type: ignore[attr-defined]
                floors_of = {k.id: from_day[k.id] for k in members if from_day and k.id in from_day}
                if floors_of:
                    where.append(m.day >= case(floors_of, value=m.kpi_id, else_=date.min))  # type: ignore[arg-type, operator]
                if since:
                    floors = [_floor(since[k.id], cadence) for k in members if k.id in since]
                    if len(floors) == len(members):
                        where.append(m.day >= min(floors))  # type: ignore[arg-type, operator]
                first = func.min(m.day)
                if how == Aggregation.LAST:
                    # The last value of a period: its latest day (max(day) per group),
                    # then the newest row of that day, one index look-up per period.
                    buckets = (
                        select(
                            m.kpi_id.label("kpi_id"),  # type: ignore[attr-defined]
                            first.label("first"),
                            func.max(m.day).label("last"),
                            func.count().label("n"),
                        )
                        .where(*where)
                        .group_by(m.kpi_id, key)
                        .subquery()
                    )
                    value = _newest_value(buckets.c.kpi_id, buckets.c.last)
                    query = select(
                        buckets.c.kpi_id, buckets.c.first, value, buckets.c.n, buckets.c.last
                    )
                else:
                    combine = func.sum(m.value) if how == Aggregation.SUM else func.avg(m.value)
                    query = (
                        select(m.kpi_id, first, combine, func.count(), func.max(m.day))
                        .where(*where)
                        .group_by(m.kpi_id, key)
                    )
                starts: dict[Any, date] = {}  # day -> its period's first day
                for kpi_id, day, value, count, last in session.execute(query):
                    start = starts.get(day)
                    if start is None:
                        start = _floor(
                            day if isinstance(day, date) else date.fromisoformat(day), cadence
                        )
                        starts[day] = start
                    if since and kpi_id in since and start < _floor(since[kpi_id], cadence):
                        continue
                    result[kpi_id].append(PeriodValue(start, float(value), int(count), _day(last)))
            for values in result.values():
                values.sort(key=lambda v: v.start)
            return result

        return self._read(run)

    def milestones(self, goal_ids: Iterable[int] | None = None) -> list[Milestone]:
        """Milestones of the given goals (all when ``None``), by date."""

        def run(session: Any) -> list[Milestone]:
            query = _plain(MilestoneRow).order_by(
                MilestoneRow.goal_id,  # type: ignore[arg-type]
                MilestoneRow.target_date,  # type: ignore[arg-type]
                MilestoneRow.position,  # type: ignore[arg-type]
            )
            if goal_ids is not None:
                query = query.where(MilestoneRow.goal_id.in_(list(goal_ids)))  # type: ignore[attr-defined]
            return [convert.milestone(r) for r in session.execute(query)]

        return self._read(run)

    def milestone_counts(self) -> dict[int, tuple[int, int]]:
        """``goal id -> (milestones, of which done)``, counted in SQL."""

        def run(session: Any) -> dict[int, tuple[int, int]]:
            m = MilestoneRow
            query = select(m.goal_id, func.count(), func.count(m.done_on)).group_by(m.goal_id)
            return {goal_id: (int(n), int(done)) for goal_id, n, done in session.execute(query)}

        return self._read(run)

    def steps(self, milestone_ids: Iterable[int] | None = None) -> list[Step]:
        """Steps of the given milestones (all when ``None``), by due date."""

        def run(session: Any) -> list[Step]:
            query = _plain(StepRow).order_by(StepRow.milestone_id, StepRow.due, StepRow.id)  # type: ignore[arg-type]
            if milestone_ids is not None:
                query = query.where(StepRow.milestone_id.in_(list(milestone_ids)))  # type: ignore[attr-defined]
            return [convert.step(r) for r in session.execute(query)]

        return self._read(run)

    # -- check-ins, reviews, revisions -------------------------------------------------
    def checkins(
        self, goal_id: int | None = None, since: date | None = None, until: date | None = None
    ) -> list[CheckIn]:
        """Check-ins, oldest first, optionally for one goal and a date range.

        One per goal and day: rows an older version added for the same day are
        read as one (:func:`goaltui.domain.checkins.merge_day`).
        """

        def run(session: Any) -> list[CheckIn]:
            query = _plain(CheckInRow).order_by(CheckInRow.day, CheckInRow.id)  # type: ignore[arg-type]
            if goal_id is not None:
                query = query.where(CheckInRow.goal_id == goal_id)
            if since is not None:
                query = query.where(CheckInRow.day >= since)  # type: ignore[arg-type, operator]
            if until is not None:
                query = query.where(CheckInRow.day <= until)  # type: ignore[arg-type, operator]
            return one_per_day(convert.checkin(r) for r in session.execute(query))

        return self._read(run)

    def checkin_days(self, since: date) -> list[date]:
        """Distinct days with a check-in or a measurement since ``since``, newest first."""

        def run(session: Any) -> list[date]:
            days: set[date] = set()
            for table in (CheckInRow, MeasurementRow):
                col = table.day  # type: ignore[attr-defined]
                for (day,) in session.execute(select(col).where(col >= since).distinct()):
                    days.add(day if isinstance(day, date) else date.fromisoformat(day))
            return sorted(days, reverse=True)

        return self._read(run)

    def reviews(self, goal_id: int | None = None) -> list[Review]:
        """Reviews, newest first (for one goal, or all)."""

        def run(session: Any) -> list[Review]:
            query = _plain(ReviewRow).order_by(ReviewRow.period_end.desc(), ReviewRow.id.desc())  # type: ignore[attr-defined, union-attr]
            if goal_id is not None:
                query = query.where(ReviewRow.goal_id == goal_id)
            return [convert.review(r) for r in session.execute(query)]

        return self._read(run)

    def revisions(self, goal_id: int | None = None, limit: int | None = None) -> list[Revision]:
        """Revisions, newest first."""

        def run(session: Any) -> list[Revision]:
            query = _plain(RevisionRow).order_by(RevisionRow.at.desc(), RevisionRow.id.desc())  # type: ignore[attr-defined, union-attr]
            if goal_id is not None:
                query = query.where(RevisionRow.goal_id == goal_id)
            if limit is not None:
                query = query.limit(limit)
            return [convert.revision(r) for r in session.execute(query)]

        return self._read(run)

    # -- whole-database operations ------------------------------------------------------
    def is_empty(self) -> bool:
        """True when the database holds no goal."""
        return bool(self._read(lambda s: s.scalar(select(func.count(GoalRow.id))) == 0))

    def dump(self) -> dict[str, list[dict[str, Any]]]:
        """Every row of every table as plain dictionaries, by table then id."""

        def run(session: Any) -> dict[str, list[dict[str, Any]]]:
            out: dict[str, list[dict[str, Any]]] = {}
            for name, table in TABLES.items():
                rows = session.execute(_plain(table).order_by(table.id))  # type: ignore[attr-defined]
                out[name] = [dict(r._mapping) for r in rows]
            return out

        return self._read(run)

    def load(self, data: Mapping[str, Sequence[Mapping[str, Any]]], replace_ids: bool) -> int:
        """Insert rows from :meth:`dump` in one transaction; returns the goals added.

        The rows must be checked first (:func:`goaltui.domain.validate.read_export`):
        they go to the database in batches, not through the models. With
        ``replace_ids`` every row gets a new id (after the highest one of its
        table) and references follow it, so an export can be merged into a
        database that already has goals. An export made before pauses were kept
        gives each paused goal an open pause, as the schema migration does.
        """
        from sqlalchemy import insert

        def run(session: Any) -> int:
            remap: dict[str, dict[int, int]] = {name: {} for name in TABLES}
            # Parents before children: each row's links are checked as it goes in.
            goals = _parents_first(list(data.get("goal", [])))
            for name, model in TABLES.items():
                rows = goals if name == "goal" else data.get(name, [])
                if not rows:
                    continue
                table = model.__table__
                defaults = {
                    column: info.default
                    for column, info in model.model_fields.items()
                    if column in table.columns and not info.is_required()
                }
                next_id = 1 + (session.scalar(select(func.max(table.c.id))) or 0)
                batch: list[dict[str, Any]] = []
                for raw in rows:
                    values = {**defaults, **{k: v for k, v in raw.items() if k in table.columns}}
                    old_id = values["id"]
                    if replace_ids:
                        values["id"] = next_id
                        next_id += 1
                        for col, target in REFERENCES[name].items():
                            if values.get(col) is not None:
                                values[col] = remap[target][values[col]]
                        if name == "revision":
                            kind = values["entity"]
                            values["entity_id"] = remap.get(kind, {}).get(
                                values["entity_id"], values["entity_id"]
                            )
                    remap[name][old_id] = values["id"]
                    batch.append(values)
                    if len(batch) >= 5000:
                        session.execute(insert(table), batch)
                        batch = []
                if batch:
                    session.execute(insert(table), batch)
            if "pause" not in data:
                _pause_paused_goals(session, [remap["goal"][g["id"]] for g in goals])
            return len(goals)

        return self._write(run)

    def create_plan(self, plan: PlanRows, now: datetime) -> Goal:
        """Insert a goal with its KPIs, milestones and steps atomically."""
        return self._write(lambda s: _insert_plan(s, plan, now))

    def save_checkin(self, rows: CheckinRows, now: datetime) -> int:
        """Store one check-in pass atomically; returns the number of measurements."""
        return self._write(lambda s: _save_checkin(s, rows, now))

    def open_milestones_due(self, goal_ids: Iterable[int], until: date) -> list[Milestone]:
        """Milestones of the given goals not done and dated ``until`` or earlier."""

        def run(session: Any) -> list[Milestone]:
            m = MilestoneRow
            query = (
                _plain(m)
                .where(m.goal_id.in_(list(goal_ids)), m.done_on == None, m.target_date <= until)  # type: ignore[attr-defined, operator]  # noqa: E711
                .order_by(m.goal_id, m.target_date, m.position)  # type: ignore[arg-type]
            )
            return [convert.milestone(r) for r in session.execute(query)]

        return self._read(run)

    def open_steps_due(self, goal_ids: Iterable[int], until: date) -> list[tuple[Step, int]]:
        """``(step, goal id)`` of steps of the given goals not done, due ``until`` or earlier."""

        def run(session: Any) -> list[tuple[Step, int]]:
            s, m = StepRow, MilestoneRow
            query = (
                _plain(s)
                .add_columns(m.goal_id.label("step_goal_id"))  # type: ignore[attr-defined]
                .join(m, m.id == s.milestone_id)  # type: ignore[arg-type]
                .where(m.goal_id.in_(list(goal_ids)), s.done_on == None, s.due <= until)  # type: ignore[attr-defined, operator]  # noqa: E711
                .order_by(s.milestone_id, s.due, s.id)  # type: ignore[arg-type]
            )
            return [(convert.step(row), row.step_goal_id) for row in session.execute(query)]

        return self._read(run)

    def latest_days(self, kpi_ids: Sequence[int]) -> dict[int, date]:
        """The latest day each KPI has a value for: one index look-up per KPI, not a scan."""

        def run(session: Any) -> dict[int, date]:
            m = MeasurementRow
            out: dict[int, date] = {}
            ids = list(kpi_ids)
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                latest = (
                    select(func.max(m.day)).where(m.kpi_id == KpiRow.id).scalar_subquery()  # type: ignore[arg-type]
                )
                query = select(KpiRow.id, latest).where(KpiRow.id.in_(chunk))  # type: ignore[union-attr]
                for kpi_id, day in session.execute(query):
                    if day is not None:
                        out[kpi_id] = day if isinstance(day, date) else date.fromisoformat(day)
            return out

        return self._read(run)

    def revisions_of(self, goal_ids: Iterable[int]) -> dict[int, list[Revision]]:
        """The revisions of several goals at once (goal id -> newest first)."""

        def run(session: Any) -> dict[int, list[Revision]]:
            out: dict[int, list[Revision]] = {}
            ids = list(goal_ids)
            for i in range(0, len(ids), 500):
                query = (
                    _plain(RevisionRow)
                    .where(RevisionRow.goal_id.in_(ids[i : i + 500]))  # type: ignore[attr-defined]
                    .order_by(RevisionRow.at.desc(), RevisionRow.id.desc())  # type: ignore[attr-defined, union-attr]
                )
                for row in session.execute(query):
                    out.setdefault(row.goal_id, []).append(convert.revision(row))
            return out

        return self._read(run)

    def pauses(self, goal_ids: Iterable[int] | None = None) -> dict[int, list[Pause]]:
        """The pauses of the given goals (all when ``None``): goal id -> oldest first.

        Goals never paused are left out.
        """

        def run(session: Any) -> dict[int, list[Pause]]:
            p = PauseRow
            query = _plain(p).order_by(p.goal_id, p.start, p.id)
            if goal_ids is None:
                chunks: list[list[int] | None] = [None]
            else:
                ids = list(goal_ids)
                chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
            out: dict[int, list[Pause]] = {}
            for chunk in chunks:
                part = query if chunk is None else query.where(p.goal_id.in_(chunk))
                for row in session.execute(part):
                    out.setdefault(row.goal_id, []).append(convert.pause(row))
            return out

        return self._read(run)

    def last_confidences(self, goal_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Each goal's most recent confidence (goal id -> 1-10), read as plain columns."""

        def run(session: Any) -> dict[int, int]:
            c = CheckInRow
            query = (
                select(c.goal_id, c.confidence)
                .where(c.confidence != None)  # type: ignore[arg-type]  # noqa: E711
                .order_by(c.day, c.id)  # type: ignore[arg-type]
            )
            if goal_ids is not None:
                query = query.where(c.goal_id.in_(list(goal_ids)))  # type: ignore[attr-defined]
            return {goal_id: int(conf) for goal_id, conf in session.execute(query)}

        return self._read(run)

    def last_periods(
        self,
        kpis: Sequence[Kpi],
        through: Mapping[int, Sequence[date | None]],
        from_day: Mapping[int, date] | None = None,
    ) -> dict[int, list[PeriodValue | None]]:
        """Each KPI's latest period with values on or before each day of ``through[kpi.id]``.

        The period is the KPI's cadence period, its values combined as
        :meth:`series` combines them; ``None`` where there is no such value (or
        no day). Only those periods' rows are read, through the (kpi_id, day)
        index: one query per cadence, never a scan of the history.
        """
        from sqlalchemy import and_, case, literal, union_all
        from sqlalchemy.orm import aliased

        from goaltui.storage.db import period_start_sql

        width = max((len(through[k.id]) for k in kpis), default=0)
        out: dict[int, list[PeriodValue | None]] = {k.id: [None] * width for k in kpis}

        def run(session: Any) -> dict[int, list[PeriodValue | None]]:
            _one_off(session)
            m = MeasurementRow
            for cadence, chunk in _cadence_chunks(kpis):
                floors = {k.id: from_day[k.id] for k in chunk if from_day and k.id in from_day}
                parts = []
                for which in range(width):
                    days = {k.id: through[k.id][which] for k in chunk}
                    ids = [kpi_id for kpi_id, day in days.items() if day is not None]
                    if not ids:
                        continue
                    limit = case({kpi_id: days[kpi_id] for kpi_id in ids}, value=KpiRow.id)
                    bounds = [m.kpi_id == KpiRow.id, m.day <= limit]
                    if floors:
                        bounds.append(m.day >= case(floors, value=KpiRow.id, else_=date.min))  # type: ignore[arg-type, operator]
                    latest = select(func.max(m.day)).where(*bounds).scalar_subquery()
                    parts.append(
                        select(
                            KpiRow.id.label("kpi_id"),  # type: ignore[union-attr]
                            literal(which).label("which"),
                            latest.label("last"),
                        ).where(KpiRow.id.in_(ids))  # type: ignore[union-attr]
                    )
                if not parts:
                    continue
                lasts = (parts[0] if len(parts) == 1 else union_all(*parts)).subquery()
                row = aliased(MeasurementRow)
                period = and_(
                    row.kpi_id == lasts.c.kpi_id,  # type: ignore[arg-type]
                    row.day >= period_start_sql(lasts.c.last, cadence),  # type: ignore[arg-type, operator]
                    row.day <= lasts.c.last,  # type: ignore[arg-type, operator]
                )
                if floors:
                    period = and_(
                        period,
                        row.day >= case(floors, value=row.kpi_id, else_=date.min),  # type: ignore[arg-type, operator]
                    )
                last_value = _newest_value(lasts.c.kpi_id, lasts.c.last)
                by_last = [k.id for k in chunk if k.aggregation == Aggregation.LAST]
                query = (
                    select(
                        lasts.c.kpi_id,
                        lasts.c.which,
                        func.min(row.day),
                        func.count(),
                        func.sum(row.value),
                        func.avg(row.value),
                        case((lasts.c.kpi_id.in_(by_last), last_value)),
                        lasts.c.last,
                    )
                    .select_from(lasts)
                    .join(row, period)
                    .group_by(lasts.c.kpi_id, lasts.c.which, lasts.c.last)
                )
                how = {k.id: k.aggregation for k in chunk}
                rows = session.execute(query)
                for kpi_id, which, day, count, total, mean, last, newest in rows:
                    first = _day(day)
                    value = {Aggregation.LAST: last, Aggregation.SUM: total}.get(how[kpi_id], mean)
                    out[kpi_id][which] = PeriodValue(
                        _floor(first, cadence), float(value), int(count), _day(newest)
                    )
            return out

        return self._read(run)

    def period_counts(
        self,
        kpis: Sequence[Kpi],
        through: Mapping[int, Sequence[date | None]],
        at_most: Iterable[int] = (),
        since: Mapping[int, date] | None = None,
    ) -> dict[int, list[tuple[int, int]]]:
        """Per KPI and day of ``through[kpi.id]``: its periods up to that day, and those reaching.

        Each day must be the last day of a period; ``None`` counts nothing. A
        period reaches when its combined value (as in :meth:`series`) is at or
        above the KPI's target, or at or below it for the KPIs in ``at_most``.
        With ``since``, values before ``since[kpi.id]`` (the goal's start: they
        are history) are left out, also within the period that holds it.
        One grouped pass per cadence in SQL: no period reaches Python.
        """
        from sqlalchemy import and_, case, literal

        from goaltui.storage.db import period_key_sql

        below = set(at_most)
        width = max((len(through[k.id]) for k in kpis), default=0)
        out: dict[int, list[tuple[int, int]]] = {k.id: [(0, 0)] * width for k in kpis}

        def run(session: Any) -> dict[int, list[tuple[int, int]]]:
            _one_off(session)
            m = MeasurementRow
            for cadence, chunk in _cadence_chunks(kpis):
                days = [d for k in chunk for d in through[k.id] if d is not None]
                if not days:
                    continue
                floors = {k.id: since[k.id] for k in chunk if since and k.id in since}
                floor = [m.day >= case(floors, value=m.kpi_id, else_=date.min)] if floors else []
                buckets = (
                    select(
                        m.kpi_id.label("kpi_id"),  # type: ignore[attr-defined]
                        func.min(m.day).label("first"),
                        func.max(m.day).label("last"),
                        func.sum(m.value).label("total"),
                        func.avg(m.value).label("mean"),
                    )
                    .where(m.kpi_id.in_([k.id for k in chunk]), m.day <= max(days), *floor)  # type: ignore[attr-defined, arg-type, operator]
                    .group_by(m.kpi_id, period_key_sql(m.day, cadence))
                    .subquery()
                )
                last_value = _newest_value(buckets.c.kpi_id, buckets.c.last)
                kpi_id = buckets.c.kpi_id
                by_last = [k.id for k in chunk if k.aggregation == Aggregation.LAST]
                by_sum = [k.id for k in chunk if k.aggregation == Aggregation.SUM]
                value = case(
                    (kpi_id.in_(by_last), last_value),
                    (kpi_id.in_(by_sum), buckets.c.total),
                    else_=buckets.c.mean,
                )
                target = case({k.id: k.target for k in chunk}, value=kpi_id)
                reaches = case(
                    (kpi_id.in_([k.id for k in chunk if k.id in below]), value <= target),
                    else_=value >= target,
                )
                columns: list[Any] = []
                for which in range(width):
                    limits = {k.id: through[k.id][which] for k in chunk}
                    known = {k: d for k, d in limits.items() if d is not None}
                    if not known:
                        columns += [literal(0), literal(0)]
                        continue
                    within = buckets.c.first <= case(known, value=kpi_id)
                    columns.append(func.count(case((within, 1))))
                    columns.append(func.count(case((and_(within, reaches), 1))))
                query = select(kpi_id, *columns).group_by(kpi_id)
                for found, *counts in session.execute(query):
                    out[found] = [
                        (int(counts[j]), int(counts[j + 1])) for j in range(0, len(counts), 2)
                    ]
            return out

        return self._read(run)

    def milestones_in(self, goal_ids: Iterable[int], first: date, last: date) -> list[Milestone]:
        """Milestones of the given goals done or due from ``first`` to ``last``, by date."""
        from sqlalchemy import or_

        def run(session: Any) -> list[Milestone]:
            m = MilestoneRow
            query = (
                _plain(m)
                .where(
                    m.goal_id.in_(list(goal_ids)),  # type: ignore[attr-defined]
                    or_(
                        m.done_on.between(first, last),  # type: ignore[union-attr]
                        m.target_date.between(first, last),  # type: ignore[attr-defined]
                    ),
                )
                .order_by(m.goal_id, m.target_date, m.position)  # type: ignore[arg-type]
            )
            return [convert.milestone(r) for r in session.execute(query)]

        return self._read(run)

    def revisions_between(
        self, first: date, last: date, goal_id: int | None = None
    ) -> list[Revision]:
        """Revisions made on a day from ``first`` to ``last``, newest first."""

        def run(session: Any) -> list[Revision]:
            r = RevisionRow
            day = func.date(r.at)
            query = (
                _plain(r)
                .where(day >= first.isoformat(), day <= last.isoformat())
                .order_by(r.at.desc(), r.id.desc())  # type: ignore[attr-defined, union-attr]
            )
            if goal_id is not None:
                query = query.where(r.goal_id == goal_id)
            return [convert.revision(row) for row in session.execute(query)]

        return self._read(run)


def _plain(model: type[SQLModel]) -> Any:
    """SELECT of a table's columns as plain rows, not ORM instances.

    Lists are converted to domain objects right away, so the ORM's identity map
    and instance set-up are pure cost: with thousands of rows, 3-4x the time.
    """
    return select(*model.__table__.columns)  # type: ignore[attr-defined]


def _day(value: Any) -> date:
    """A DATE column's value as a date (SQLite may hand back its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def _floor(day: date, cadence: Cadence) -> date:
    from goaltui.domain.periods import period_start

    return period_start(day, cadence)


def _parents_first(goals: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    by_id = {g["id"]: g for g in goals}
    done: set[Any] = set()
    ordered: list[Mapping[str, Any]] = []
    for g in goals:
        chain = []
        on_chain: set[Any] = set()  # a set: a chain may be 100,000 goals long
        node: Mapping[str, Any] | None = g
        while node is not None and node["id"] not in done and node["id"] not in on_chain:
            chain.append(node)
            on_chain.add(node["id"])
            parent = node.get("parent_id")
            node = by_id.get(parent) if parent is not None else None
        for item in reversed(chain):
            done.add(item["id"])
            ordered.append(item)
    return ordered


@dataclass(frozen=True, slots=True)
class PlanRows:
    """A goal with its KPIs, milestones and steps, to insert in one transaction."""

    goal: Mapping[str, Any]
    kpis: Sequence[Mapping[str, Any]] = ()
    # Each milestone's fields plus "steps": a sequence of step fields.
    milestones: Sequence[Mapping[str, Any]] = ()


@dataclass(frozen=True, slots=True)
class CheckinRows:
    """One check-in pass: measurements, steps done and per-goal entries."""

    measurements: Sequence[tuple[int, date, float, str]] = ()
    steps_done: Sequence[tuple[int, date | None]] = ()
    #: Per goal and day: ``goal_id``, ``day`` and the fields to set (see :func:`_upsert_checkin`).
    entries: Sequence[Mapping[str, Any]] = ()
    #: (measurement id, new value): values this check-in already recorded, corrected.
    corrections: Sequence[tuple[int, float]] = ()


def _insert_plan(session: Any, plan: PlanRows, now: datetime) -> Goal:
    row = GoalRow(**plan.goal, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    for fields in plan.kpis:
        session.add(KpiRow(goal_id=row.id, **fields))
    for position, fields in enumerate(plan.milestones):
        values = dict(fields)
        steps = values.pop("steps", ())
        ms = MilestoneRow(goal_id=row.id, position=position, **values)
        session.add(ms)
        session.flush()
        for step in steps:
            session.add(StepRow(milestone_id=ms.id, **step))
    session.flush()
    return convert.goal(row)


def _save_checkin(session: Any, rows: CheckinRows, now: datetime) -> int:
    for kpi_id, day, value, note in rows.measurements:
        if session.get(KpiRow, kpi_id) is None:
            raise NotFound("a KPI of this check-in was deleted in another window")
        session.add(MeasurementRow(kpi_id=kpi_id, day=day, value=value, note=note, created_at=now))
    for step_id, done_on in rows.steps_done:
        step = session.get(StepRow, step_id)
        if step is None:
            raise NotFound("a step of this check-in was deleted in another window")
        step.done_on = done_on
    for measurement_id, value in rows.corrections:
        measurement = session.get(MeasurementRow, measurement_id)
        if measurement is None:
            raise NotFound("a value of this check-in was deleted in another window")
        measurement.value = value
    for entry in rows.entries:
        if session.get(GoalRow, entry["goal_id"]) is None:
            raise NotFound("a goal of this check-in was deleted in another window")
        _upsert_checkin(session, entry)
    return len(rows.measurements)


def _upsert_checkin(session: Any, entry: Mapping[str, Any]) -> None:
    """Set a goal's check-in of a day: one row per goal and day.

    The fields in ``entry`` replace those of the day's entry; fields it leaves
    out keep their value. Rows an older version added for the same day are
    merged into the first (their distinct texts joined), so no text is lost.
    An entry left with nothing in it is removed.
    """
    c = CheckInRow
    rows = session.scalars(
        select(c).where(c.goal_id == entry["goal_id"], c.day == entry["day"]).order_by(c.id)
    ).all()
    fields = {k: v for k, v in entry.items() if k not in ("goal_id", "day")}
    if not rows:
        row = CheckInRow(goal_id=entry["goal_id"], day=entry["day"])
        session.add(row)
    else:
        row, extra = rows[0], rows[1:]
        if extra:
            given = [r.confidence for r in rows if r.confidence is not None]
            row.confidence = given[-1] if given else None
            for name in TEXTS:
                setattr(row, name, join_texts(getattr(r, name) for r in rows))
            for r in extra:
                session.delete(r)
    for name, value in fields.items():
        setattr(row, name, value)
    if row.confidence is None and not any(getattr(row, name).strip() for name in TEXTS):
        if row in session.new:
            session.expunge(row)
        else:
            session.delete(row)


def _open_pause(session: Any, goal_id: int, day: date) -> None:
    """Start a pause of a goal on ``day``; one that ended on ``day`` carries on instead."""
    p = PauseRow
    ended = session.scalars(select(p).where(p.goal_id == goal_id, p.end == day)).first()
    if ended is not None:
        ended.end = None
    else:
        session.add(PauseRow(goal_id=goal_id, start=day))


def _pause_paused_goals(session: Any, goal_ids: Sequence[int]) -> None:
    """An open pause for each paused goal among ``goal_ids``, from the day it last changed."""
    for i in range(0, len(goal_ids), 500):
        query = select(GoalRow.id, GoalRow.updated_at, GoalRow.start).where(
            GoalRow.id.in_(goal_ids[i : i + 500]), GoalRow.status == GoalStatus.PAUSED.value
        )
        for goal_id, updated_at, start in session.execute(query.order_by(GoalRow.id)):
            session.add(PauseRow(goal_id=goal_id, start=updated_at.date() if updated_at else start))
    session.flush()


def _cadence_chunks(kpis: Sequence[Kpi], size: int = 500) -> Iterator[tuple[Cadence, list[Kpi]]]:
    """The KPIs by cadence, in chunks of at most ``size`` (a query's CASE grows with it)."""
    by_cadence: dict[Cadence, list[Kpi]] = {}
    for k in kpis:
        by_cadence.setdefault(k.cadence, []).append(k)
    for cadence, members in by_cadence.items():
        for i in range(0, len(members), size):
            yield cadence, members[i : i + size]


def _newest_value(kpi_id: Any, day: Any) -> Any:
    """SQL for the value of the newest row of a KPI on a day: a period's LAST value."""
    from sqlalchemy.orm import aliased

    row = aliased(MeasurementRow)
    return (
        select(row.value)
        .where(row.kpi_id == kpi_id, row.day == day)
        .order_by(row.id.desc())
        .limit(1)
        .scalar_subquery()
    )
