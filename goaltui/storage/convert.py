"""Table rows to plain domain objects: the storage boundary."""

from __future__ import annotations

from datetime import date
from typing import TypeVar

from goaltui.domain.models import (
    Aggregation,
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    Measurement,
    Milestone,
    Outcome,
    Pause,
    Review,
    ReviewKind,
    Revision,
    Step,
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

D = TypeVar("D", bound=date | None)

#: One object per calendar day: years of rows repeat the same few thousand days.
_DAYS: dict[date, date] = {}


def _day(day: D) -> D:
    """``day`` itself, or the equal date already made (None stays None)."""
    if day is None:
        return day
    return _DAYS.setdefault(day, day)  # type: ignore[return-value]


def goal(row: GoalRow) -> Goal:
    """A goal row as a plain object."""
    assert row.id is not None
    return Goal(
        id=row.id,
        title=row.title,
        start=_day(row.start),
        deadline=_day(row.deadline),
        description=row.description,
        why=row.why,
        parent_id=row.parent_id,
        confidence=row.confidence,
        resources=row.resources,
        status=GoalStatus(row.status),
        archived=bool(row.archived),
        weight=row.weight,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def kpi(row: KpiRow) -> Kpi:
    """A KPI row as a plain object."""
    assert row.id is not None
    return Kpi(
        id=row.id,
        goal_id=row.goal_id,
        name=row.name,
        unit=row.unit,
        baseline=row.baseline,
        target=row.target,
        kind=KpiKind(row.kind),
        cadence=Cadence(row.cadence),
        aggregation=Aggregation(row.aggregation),
    )


def measurement(row: MeasurementRow) -> Measurement:
    """A measurement row as a plain object."""
    assert row.id is not None
    return Measurement(
        id=row.id,
        kpi_id=row.kpi_id,
        day=_day(row.day),
        value=row.value,
        note=row.note,
        created_at=row.created_at,
    )


def milestone(row: MilestoneRow) -> Milestone:
    """A milestone row as a plain object."""
    assert row.id is not None
    return Milestone(
        id=row.id,
        goal_id=row.goal_id,
        title=row.title,
        target_date=_day(row.target_date),
        done_on=_day(row.done_on),
        position=row.position,
    )


def step(row: StepRow) -> Step:
    """A step row as a plain object."""
    assert row.id is not None
    return Step(
        id=row.id,
        milestone_id=row.milestone_id,
        title=row.title,
        due=_day(row.due),
        done_on=_day(row.done_on),
    )


def checkin(row: CheckInRow) -> CheckIn:
    """A check-in row as a plain object."""
    assert row.id is not None
    return CheckIn(
        id=row.id,
        goal_id=row.goal_id,
        day=_day(row.day),
        confidence=row.confidence,
        wins=row.wins,
        obstacles=row.obstacles,
        note=row.note,
    )


def review(row: ReviewRow) -> Review:
    """A review row as a plain object."""
    assert row.id is not None
    return Review(
        id=row.id,
        goal_id=row.goal_id,
        kind=ReviewKind(row.kind),
        period_start=_day(row.period_start),
        period_end=_day(row.period_end),
        worked=row.worked,
        obstacles=row.obstacles,
        lessons=row.lessons,
        next_steps=row.next_steps,
        rating=row.rating,
        outcome=Outcome(row.outcome) if row.outcome else None,
        created_at=row.created_at,
    )


def revision(row: RevisionRow) -> Revision:
    """A revision row as a plain object."""
    assert row.id is not None
    return Revision(
        id=row.id,
        entity=row.entity,
        entity_id=row.entity_id,
        goal_id=row.goal_id,
        field=row.field,
        old=row.old,
        new=row.new,
        reason=row.reason,
        at=row.at,
    )


def pause(row: PauseRow) -> Pause:
    """A pause row as a plain object."""
    return Pause(goal_id=row.goal_id, start=_day(row.start), end=_day(row.end))
