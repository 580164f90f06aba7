"""The SQLModel tables: the one place that knows how goals are laid out on disk.

Rows never leave the storage package: ``repository`` converts them into the
plain objects of ``goaltui.domain.models``.
"""

from __future__ import annotations

from datetime import date

from pydantic import NaiveDatetime
from sqlalchemy import CheckConstraint, Column, Index, Integer, String, Table
from sqlmodel import Field, SQLModel

#: Ids are never given twice (SQLite's AUTOINCREMENT): a row brought back by undo
#: gets its own id again, and an id in an export or a link names one row for good.
NEVER_REUSE = {"sqlite_autoincrement": True}


class GoalRow(SQLModel, table=True):
    """A goal; ``parent_id`` links it to the broader goal it serves."""

    __tablename__ = "goal"
    __table_args__ = (
        CheckConstraint(
            "confidence IS NULL OR confidence BETWEEN 1 AND 10", name="goal_confidence"
        ),
        CheckConstraint(
            "status IN ('draft','active','paused','achieved','missed','abandoned')",
            name="goal_status",
        ),
        Index("ix_goal_parent", "parent_id"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    parent_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="SET NULL")
    title: str
    description: str = ""
    why: str = ""
    start: date
    deadline: date | None = None
    confidence: int | None = None
    resources: str = ""
    status: str = "active"
    archived: bool = False
    weight: float = 1.0
    created_at: NaiveDatetime
    updated_at: NaiveDatetime
    #: Who the goal was agreed with (a partner or a manager); empty: nobody.
    partner: str = Field(default="", sa_column_kwargs={"server_default": ""})


class KpiRow(SQLModel, table=True):
    """A KPI of a goal."""

    __tablename__ = "kpi"
    __table_args__ = (Index("ix_kpi_goal", "goal_id"), NEVER_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    name: str
    unit: str = ""
    baseline: float
    target: float
    kind: str = "increase"
    cadence: str = "weekly"
    aggregation: str = "last"
    # Where a revised pace line used to restart. Kept so older files and
    # exports still load; the line now follows from the revisions themselves.
    pace_start: date | None = None
    pace_from: float | None = None
    #: The upper bound of a ``between`` KPI (``target`` is the lower one).
    high: float | None = None


class MeasurementRow(SQLModel, table=True):
    """A KPI's value on a day; several a day are allowed."""

    __tablename__ = "measurement"
    __table_args__ = (Index("ix_measurement_kpi_day", "kpi_id", "day", "value"), NEVER_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    kpi_id: int = Field(foreign_key="kpi.id", ondelete="CASCADE")
    day: date
    value: float
    note: str = ""
    created_at: NaiveDatetime


class MilestoneRow(SQLModel, table=True):
    """A milestone of a goal."""

    __tablename__ = "milestone"
    __table_args__ = (
        Index("ix_milestone_goal", "goal_id", "target_date"),
        Index("ix_milestone_date", "target_date"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    title: str
    target_date: date
    done_on: date | None = None
    position: int = 0
    #: A checkpoint: the KPI and the value it should reach by ``target_date``.
    kpi_id: int | None = Field(default=None, foreign_key="kpi.id", ondelete="SET NULL")
    kpi_value: float | None = None


class StepRow(SQLModel, table=True):
    """An actionable step under a milestone."""

    __tablename__ = "step"
    __table_args__ = (
        CheckConstraint("importance IN ('high','normal','low')", name="step_importance"),
        Index("ix_step_milestone", "milestone_id"),
        Index("ix_step_due", "due"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    milestone_id: int = Field(foreign_key="milestone.id", ondelete="CASCADE")
    title: str
    due: date | None = None
    done_on: date | None = None
    importance: str = Field(default="normal", sa_column_kwargs={"server_default": "normal"})


class ObstacleRow(SQLModel, table=True):
    """A likely obstacle of a goal and the plan for it ("if X happens, I will Y")."""

    __tablename__ = "obstacle"
    __table_args__ = (Index("ix_obstacle_goal", "goal_id", "position"), NEVER_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    obstacle: str
    plan: str = ""
    position: int = 0


class CheckInRow(SQLModel, table=True):
    """One day's check-in entry for a goal."""

    __tablename__ = "checkin"
    __table_args__ = (
        Index("ix_checkin_goal_day", "goal_id", "day"),
        Index("ix_checkin_day", "day"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    day: date
    confidence: int | None = None
    wins: str = ""
    obstacles: str = ""
    note: str = ""
    #: The planned obstacle the day's obstacles turned out to be, if any.
    obstacle_id: int | None = Field(default=None, foreign_key="obstacle.id", ondelete="SET NULL")


class ReviewRow(SQLModel, table=True):
    """A weekly, mid-cycle or final review."""

    __tablename__ = "review"
    __table_args__ = (Index("ix_review_goal", "goal_id", "period_end"), NEVER_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int | None = Field(default=None, foreign_key="goal.id", ondelete="CASCADE")
    kind: str
    period_start: date
    period_end: date
    worked: str = ""
    obstacles: str = ""
    lessons: str = ""
    next_steps: str = ""
    rating: int | None = None
    outcome: str | None = None
    created_at: NaiveDatetime


class RevisionRow(SQLModel, table=True):
    """A documented change of a target, baseline, deadline or date."""

    __tablename__ = "revision"
    __table_args__ = (Index("ix_revision_goal", "goal_id", "at"), NEVER_REUSE)

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    entity: str
    entity_id: int
    field: str
    old: str
    new: str
    reason: str
    at: NaiveDatetime
    #: The change this revision documented was undone (the revision stays on record).
    undone: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})


class PauseRow(SQLModel, table=True):
    """A stretch of days a goal was paused.

    ``end`` is the day it was resumed (not itself paused), None while it still is.
    """

    __tablename__ = "pause"
    __table_args__ = (
        CheckConstraint('"end" IS NULL OR "end" > start', name="pause_interval"),
        Index("ix_pause_goal", "goal_id", "start"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="goal.id", ondelete="CASCADE")
    start: date
    end: date | None = None


class ChangeRow(SQLModel, table=True):
    """One change a person made (a check-in, a wizard save, a delete ...), for undo.

    Its rows in ``change_entry`` say how to take it back; once undone, how to
    make it again. ``mark`` is the newest ``change_entry.seq`` when the change
    was made; ``undone_mark`` the newest when it was last undone.
    """

    __tablename__ = "change"
    __table_args__ = (
        CheckConstraint("origin IN ('tui','cli')", name="change_origin"),
        Index("ix_change_origin", "origin", "id"),
        NEVER_REUSE,
    )

    id: int | None = Field(default=None, primary_key=True)
    origin: str
    label: str = ""
    summary: str = ""
    at: NaiveDatetime
    mark: int = 0
    undone_mark: int | None = None


class ChangeEntryRow(SQLModel, table=True):
    """A row a change touched and the statement that puts it back as it was.

    Written by the triggers of :mod:`goaltui.storage.change_log` with no
    ``change_id``; the write that made them claims them before it commits.
    """

    __tablename__ = "change_entry"
    __table_args__ = (
        Index("ix_change_entry_change", "change_id", "seq"),
        NEVER_REUSE,
    )

    seq: int | None = Field(default=None, primary_key=True)
    change_id: int | None = Field(default=None, foreign_key="change.id", ondelete="CASCADE")
    tbl: str
    row_id: int
    op: str
    statement: str


#: The goal tree's figures as last worked out, of one day (:mod:`goaltui.storage.glance`);
#: written and read with plain SQL alone, so a table without a row class.
GLANCE = Table(
    "goal_glance",
    SQLModel.metadata,
    Column("id", Integer, primary_key=True),
    Column("payload", String, nullable=False),
)


def table_of(model: type[SQLModel]) -> Table:
    """The SQLAlchemy table of a row class."""
    return SQLModel.metadata.tables[str(model.__tablename__)]


#: The tables of a person's goals, by name (the journal's own are not among them).
DATA_TABLES: dict[str, type[SQLModel]] = {
    "goal": GoalRow,
    "kpi": KpiRow,
    "measurement": MeasurementRow,
    "milestone": MilestoneRow,
    "step": StepRow,
    "obstacle": ObstacleRow,
    "checkin": CheckInRow,
    "review": ReviewRow,
    "revision": RevisionRow,
    "pause": PauseRow,
}
