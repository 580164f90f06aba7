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
    """What a KPI asks for: move to a value, stay on one side of it, or stay within a range."""

    INCREASE = "increase"
    DECREASE = "decrease"
    STAY_ABOVE = "stay_above"
    STAY_BELOW = "stay_below"
    #: Stay from ``target`` (the low end) to ``high`` (the high end), both included.
    BETWEEN = "between"


class Cadence(StrEnum):
    """How often a KPI is measured; also the bucket of its series."""

    DAILY = "daily"
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"


class Aggregation(StrEnum):
    """How the values recorded within one period combine into one."""

    LAST = "last"
    SUM = "sum"
    MEAN = "mean"
    MIN = "min"
    MAX = "max"
    COUNT = "count"


class Importance(StrEnum):
    """How much a step matters, beside how urgent it is."""

    HIGH = "high"
    NORMAL = "normal"
    LOW = "low"


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
    #: Who the goal was agreed with (a partner or a manager); empty: nobody.
    partner: str = ""


@dataclass(frozen=True, slots=True)
class Pause:
    """A stretch of days a goal was paused: from ``start`` up to (not including) ``end``.

    ``end`` is the day it was resumed, None while it is still paused. The pace
    lines of the goal's KPIs stand still over it and resume after it.
    """

    goal_id: int
    start: date
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Kpi:
    """A key performance indicator of a goal.

    Its pace line follows from the goal's dates, this baseline and target, and
    the revisions of them (see ``goaltui.domain.pace``).
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
    #: The upper bound of a ``between`` KPI (``target`` is the lower one); None otherwise.
    high: float | None = None


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
    """A dated point on the way to a goal, planned backward from its deadline.

    A checkpoint also names one of the goal's KPIs and the value it should
    reach by ``target_date``; the KPI's pace line runs through it.
    """

    id: int
    goal_id: int
    title: str
    target_date: date
    done_on: date | None = None
    position: int = 0
    kpi_id: int | None = None
    kpi_value: float | None = None

    @property
    def is_checkpoint(self) -> bool:
        """True when the milestone names a KPI value to reach."""
        return self.kpi_id is not None and self.kpi_value is not None


@dataclass(frozen=True, slots=True)
class Step:
    """An actionable step under a milestone."""

    id: int
    milestone_id: int
    title: str
    due: date | None = None
    done_on: date | None = None
    importance: Importance = Importance.NORMAL


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
    #: The planned obstacle (:class:`Obstacle`) the day's obstacles turned out to be.
    obstacle_id: int | None = None


@dataclass(frozen=True, slots=True)
class Obstacle:
    """A likely obstacle of a goal, planned for: "if ``obstacle`` happens, I will ``plan``"."""

    id: int
    goal_id: int
    obstacle: str
    plan: str = ""
    position: int = 0


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
    #: The change it documented was undone; the reason stays on record.
    undone: bool = False


@dataclass(frozen=True, slots=True)
class PeriodValue:
    """A KPI's combined value for one cadence period starting on ``start``.

    ``day`` is the last day of the period with a value (None when not known).
    """

    start: date
    value: float
    count: int = 1
    day: date | None = None


@dataclass(frozen=True, slots=True)
class PaceLine:
    """A line through ``points`` (day, value) in day order, as drawn on the calendar.

    Straight between points; a revision bends it, a pause makes it flat.
    """

    points: tuple[tuple[date, float], ...]

    @classmethod
    def straight(cls, start: date, start_value: float, end: date, end_value: float) -> PaceLine:
        """The line from ``start_value`` on ``start`` to ``end_value`` on ``end``."""
        return cls(((start, start_value), (end, end_value)))

    @property
    def start(self) -> date:
        return self.points[0][0]

    @property
    def end(self) -> date:
        return self.points[-1][0]

    @property
    def start_value(self) -> float:
        return self.points[0][1]

    @property
    def end_value(self) -> float:
        return self.points[-1][1]


@dataclass(frozen=True, slots=True)
class KpiReading:
    """Everything any screen, command or report shows about one KPI on one day.

    Computed once, by :func:`goaltui.domain.kpi.read_kpi`; nothing shown about
    a KPI is worked out anywhere else.
    """

    kpi: Kpi
    goal_title: str
    #: The value judged: the latest, or the last complete period's (see read_kpi).
    current: float | None
    #: The pace line's value on ``judged_on``.
    expected: float | None
    status: KpiStatus
    progress: float  # 0.0 - 1.0
    days_ahead: int | None  # > 0 ahead of pace, < 0 behind
    forecast: date | None  # None: not at this rate
    #: Periods with values, for drawing (the sparkline's window or the whole history).
    series: tuple[PeriodValue, ...] = field(default_factory=tuple)
    pace: PaceLine | None = None
    original_pace: PaceLine | None = None
    #: The day ``current`` is compared with the pace line on.
    judged_on: date | None = None
    #: The last day a value was recorded (from the goal's start on).
    last_day: date | None = None
    #: Days since ``last_day`` (None without a value).
    stale_days: int | None = None
    #: stay_above/below, between: (periods judged, periods in bounds); None for the others.
    in_bounds: tuple[int, int] | None = None
    #: stay_above/below, between: whether the latest judged period kept to the bounds.
    in_bounds_now: bool | None = None
    #: The day the pace line ends: the deadline, moved right by paused days.
    pace_end: date | None = None
    #: Paused days so far.
    paused_days: int = 0
    #: The goal's deadline as set (the pace line's end moves with pauses, not it).
    deadline: date | None = None
    #: The unfinished period held back from judging ("this week so far"), if any.
    partial: PeriodValue | None = None
    #: A total judged pro rata: the goal's first period, still unfinished.
    pro_rata: bool = False
    #: The checkpoints the pace line bends through, as drawn (moved right by pauses).
    checkpoints: tuple[tuple[date, float], ...] = ()
