"""Plain domain objects shared by every layer.

They carry no behaviour tied to a database or a screen: storage converts table
rows into these at its boundary, and the UI and the CLI only ever see these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum


class GoalStatus(StrEnum):
    """Lifecycle of a goal."""

    DRAFT = "draft"
    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    MISSED = "missed"
    ABANDONED = "abandoned"


class KpiKind(StrEnum):
    """What a KPI asks for: move to a value, or stay on one side of it."""

    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_ABOVE = "stay_above"
    STAY_BELOW = "stay_below"


class Cadence(StrEnum):
    """How often a KPI is measured; also the bucket of its series."""

    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"


class Aggregation(StrEnum):
    """How the values recorded within one period combine into one."""

    LAST = "last"
    SUM = "sum"
    MEAN = "mean"


class KpiStatus(StrEnum):
    """Where a KPI stands against its pace line."""

    ACHIEVED = "achieved"
    ON_TRACK = "on track"
    AT_RISK = "at risk"
    OFF_TRACK = "off track"
    MISSED = "missed"
    NO_DATA = "no data"


class ReviewKind(StrEnum):
    """The three moments a goal is reviewed."""

    WEEKLY = "weekly"
    MID_CYCLE = "mid-cycle"
    FINAL = "final"


class Outcome(StrEnum):
    """What a final review concludes."""

    ACHIEVED = "achieved"
    MISSED = "missed"
    POSTPONED = "postponed"


@dataclass(frozen=True, slots=True)
class Goal:
    """A goal: Specific title, Relevant why, Achievable confidence, Time-bound dates."""

    id: int
    title: str
    start: date
    deadline: date | None
    description: str = ""
    why: str = ""
    parent_id: int | None = None
    confidence: int | None = None
    resources: str = ""
    status: GoalStatus = GoalStatus.ACTIVE
    archived: bool = False
    weight: float = 1.0
    created_at: datetime | None = None
    updated_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Kpi:
    """A key performance indicator of a goal.

    ``pace_start``/``pace_from`` anchor the current pace line when a revision
    re-started it; when ``None`` the line starts at the goal's start from the
    baseline.
    """

    id: int
    goal_id: int
    name: str
    unit: str
    baseline: float
    target: float
    kind: KpiKind = KpiKind.INCREASE
    cadence: Cadence = Cadence.WEEKLY
    aggregation: Aggregation = Aggregation.LAST
    pace_start: date | None = None
    pace_from: float | None = None


@dataclass(frozen=True, slots=True)
class Measurement:
    """One recorded value of a KPI on a day."""

    id: int
    kpi_id: int
    day: date
    value: float
    note: str = ""
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Milestone:
    """A dated point on the way to a goal, planned backward from its deadline."""

    id: int
    goal_id: int
    title: str
    target_date: date
    done_on: date | None = None
    position: int = 0


@dataclass(frozen=True, slots=True)
class Step:
    """An actionable step under a milestone."""

    id: int
    milestone_id: int
    title: str
    due: date | None = None
    done_on: date | None = None


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One day's entry for a goal."""

    id: int
    goal_id: int
    day: date
    confidence: int | None = None
    wins: str = ""
    obstacles: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Review:
    """A reflection over a period, for one goal or for all (``goal_id`` None)."""

    id: int
    goal_id: int | None
    kind: ReviewKind
    period_start: date
    period_end: date
    worked: str = ""
    obstacles: str = ""
    lessons: str = ""
    next_steps: str = ""
    rating: int | None = None
    outcome: Outcome | None = None
    created_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class Revision:
    """A documented change of a target, baseline, deadline or date."""

    id: int
    entity: str  # "goal", "kpi", "milestone" or "step"
    entity_id: int
    goal_id: int
    field: str
    old: str
    new: str
    reason: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """A KPI's combined value for one cadence period starting on ``start``."""

    start: date
    value: float
    count: int = 1


@dataclass(frozen=True, slots=True)
class PaceLine:
    """A straight line from ``start_value`` on ``start`` to ``end_value`` on ``end``."""

    start: date
    start_value: float
    end: date
    end_value: float


@dataclass(frozen=True, slots=True)
class KpiReading:
    """Everything the screens show about one KPI, computed by the domain."""

    kpi: Kpi
    goal_title: str
    current: float | None
    expected: float | None
    status: KpiStatus
    progress: float  # 0.0 - 1.0
    days_ahead: int | None  # > 0 ahead of pace, < 0 behind
    forecast: date | None  # None: not at this rate
    series: tuple[PeriodValue, ...] = field(default_factory=tuple)
    pace: PaceLine | None = None
    original_pace: PaceLine | None = None
