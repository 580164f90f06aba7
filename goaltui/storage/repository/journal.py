"""What is written down along the way: check-ins, reviews and revisions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.checkins import TEXTS, join_texts, one_per_day
from goaltui.domain.models import CheckIn, Review, Revision
from goaltui.storage import convert
from goaltui.storage.repository.base import NotFound, Store, as_date, chunks, plain
from goaltui.storage.repository.kpis import insert_measurements
from goaltui.storage.sqlfn import day_of
from goaltui.storage.tables import (
    CheckInRow,
    GoalRow,
    MeasurementRow,
    ReviewRow,
    RevisionRow,
    StepRow,
)


@dataclass(frozen=True, slots=True)
class CheckinRows:
    """One check-in pass: measurements, steps done and per-goal entries."""

    measurements: Sequence[tuple[int, date, float, str]] = ()
    steps_done: Sequence[tuple[int, date | None]] = ()
    #: Per goal and day: ``goal_id``, ``day`` and the fields to set (see :func:`_upsert_checkin`).
    entries: Sequence[Mapping[str, Any]] = ()
    #: (measurement id, new value): values this check-in already recorded, corrected.
    corrections: Sequence[tuple[int, float]] = ()


class JournalStore(Store):
    """Check-ins, reviews and revisions."""

    def save_checkin(self, rows: CheckinRows, now: datetime) -> int:
        """Store one check-in pass atomically; returns the number of measurements."""
        return self._write(lambda s: _save_checkin(s, rows, now))

    def checkins(
        self, goal_id: int | None = None, since: date | None = None, until: date | None = None
    ) -> list[CheckIn]:
        """Check-ins, oldest first, optionally for one goal and a date range.

        One per goal and day: rows an older version added for the same day are
        read as one (:func:`goaltui.domain.checkins.merge_day`).
        """

        def run(session: Session) -> list[CheckIn]:
            c = CheckInRow
            query = plain(c).order_by(col(c.day), col(c.id))
            if goal_id is not None:
                query = query.where(col(c.goal_id) == goal_id)
            if since is not None:
                query = query.where(col(c.day) >= since)
            if until is not None:
                query = query.where(col(c.day) <= until)
            return one_per_day(convert.checkin(r) for r in session.execute(query))

        return self._read(run)

    def checkin_days(self, since: date) -> list[date]:
        """Distinct days with a check-in or a measurement since ``since``, newest first."""

        def run(session: Session) -> list[date]:
            days: set[date] = set()
            for day_column in (col(CheckInRow.day), col(MeasurementRow.day)):
                query = select(day_column).where(day_column >= since).distinct()
                for (day,) in session.execute(query):
                    days.add(as_date(day))
            return sorted(days, reverse=True)

        return self._read(run)

    def last_confidences(self, goal_ids: Iterable[int] | None = None) -> dict[int, int]:
        """Each goal's most recent confidence (goal id -> 1-10), read as plain columns."""

        def run(session: Session) -> dict[int, int]:
            c = CheckInRow
            query = (
                select(col(c.goal_id), col(c.confidence))
                .where(col(c.confidence).is_not(None))
                .order_by(col(c.day), col(c.id))
            )
            if goal_ids is not None:
                query = query.where(col(c.goal_id).in_(list(goal_ids)))
            rows = session.execute(query)
            return {goal_id: int(conf) for goal_id, conf in rows if conf is not None}

        return self._read(run)

    def reviews(self, goal_id: int | None = None) -> list[Review]:
        """Reviews, newest first (for one goal, or all)."""

        def run(session: Session) -> list[Review]:
            r = ReviewRow
            query = plain(r).order_by(col(r.period_end).desc(), col(r.id).desc())
            if goal_id is not None:
                query = query.where(col(r.goal_id) == goal_id)
            return [convert.review(row) for row in session.execute(query)]

        return self._read(run)

    def revisions(self, goal_id: int | None = None, limit: int | None = None) -> list[Revision]:
        """Revisions, newest first."""

        def run(session: Session) -> list[Revision]:
            r = RevisionRow
            query = plain(r).order_by(col(r.at).desc(), col(r.id).desc())
            if goal_id is not None:
                query = query.where(col(r.goal_id) == goal_id)
            if limit is not None:
                query = query.limit(limit)
            return [convert.revision(row) for row in session.execute(query)]

        return self._read(run)

    def revisions_of(self, goal_ids: Iterable[int]) -> dict[int, list[Revision]]:
        """The revisions in force of several goals at once (goal id -> newest first).

        A revision whose change was undone is left out: the pace lines and
        calendars read from these follow the plan as it stands.
        """

        def run(session: Session) -> dict[int, list[Revision]]:
            r = RevisionRow
            out: dict[int, list[Revision]] = {}
            for chunk in chunks(list(goal_ids)):
                query = (
                    plain(r)
                    .where(col(r.goal_id).in_(chunk), ~col(r.undone))
                    .order_by(col(r.at).desc(), col(r.id).desc())
                )
                for row in session.execute(query):
                    out.setdefault(row.goal_id, []).append(convert.revision(row))
            return out

        return self._read(run)

    def revisions_between(
        self, first: date, last: date, goal_id: int | None = None
    ) -> list[Revision]:
        """Revisions made on a day from ``first`` to ``last``, newest first."""

        def run(session: Session) -> list[Revision]:
            r = RevisionRow
            day = day_of(col(r.at))
            query = (
                plain(r)
                .where(day >= first, day <= last)
                .order_by(col(r.at).desc(), col(r.id).desc())
            )
            if goal_id is not None:
                query = query.where(col(r.goal_id) == goal_id)
            return [convert.revision(row) for row in session.execute(query)]

        return self._read(run)


def _save_checkin(session: Session, rows: CheckinRows, now: datetime) -> int:
    gone = "a KPI of this check-in was deleted in another window"
    insert_measurements(session, rows.measurements, now, gone)
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


def _upsert_checkin(session: Session, entry: Mapping[str, Any]) -> None:
    """Set a goal's check-in of a day: one row per goal and day.

    The fields in ``entry`` replace those of the day's entry; fields it leaves
    out keep their value. Rows an older version added for the same day are
    merged into the first (their distinct texts joined), so no text is lost.
    An entry left with nothing in it is removed.
    """
    c = CheckInRow
    rows = session.scalars(
        select(c)
        .where(col(c.goal_id) == entry["goal_id"], col(c.day) == entry["day"])
        .order_by(col(c.id))
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
    empty = row.confidence is None and row.obstacle_id is None
    if empty and not any(getattr(row, name).strip() for name in TEXTS):
        if row in session.new:
            session.expunge(row)
        else:
            session.delete(row)
