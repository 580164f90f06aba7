"""``GoalService``: every operation goaltui offers, over one database, in one object.

The work is done by the focused services beside this module (goals, the tree,
readings, KPIs, milestones, check-ins, reviews, the database); this class holds
one of each over a shared :class:`~goaltui.services.context.ServiceContext` and
passes each call on. The screens and the command line use it; it never imports
Textual, and screens call it from workers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from goaltui.domain.changes import Origin
from goaltui.domain.clock import Clock
from goaltui.domain.models import (
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiReading,
    Measurement,
    Milestone,
    Review,
    Step,
)
from goaltui.domain.progress import GoalSummary
from goaltui.services.checkin import CheckinResult, CheckinService, DueItem
from goaltui.services.context import ServiceContext
from goaltui.services.database import DatabaseService
from goaltui.services.goals import GoalsService
from goaltui.services.kpis import KpiService, Recorded
from goaltui.services.milestones import MilestoneService
from goaltui.services.overview import GoalDetail, OverviewService
from goaltui.services.plan_calls import PlanCalls
from goaltui.services.readings import OVERVIEW_PERIODS, ReadingService
from goaltui.services.review import ReviewService
from goaltui.services.sharing import SharingService
from goaltui.services.undo import UndoService
from goaltui.services.wins import WinService
from goaltui.storage.paths import Location
from goaltui.storage.repository import Footprint, PlanRows, Repository

if TYPE_CHECKING:
    from goaltui.domain.wins import Win
    from goaltui.services.evidence import GoalEvidence
    from goaltui.services.plan import TimelineGoal


class GoalService(PlanCalls):
    """The operations goaltui offers, over one database: each passes the call on to one
    of the focused ``*_service`` attributes, which share :attr:`context` (database,
    clock and the results kept until the next write)."""

    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self.context = ServiceContext(repo, clock)
        ctx = self.context
        self.goals_service = GoalsService(ctx)
        self.reading_service = ReadingService(ctx, self.goals_service)
        self.overview_service = OverviewService(ctx, self.goals_service, self.reading_service)
        self.kpi_service = KpiService(ctx, self.reading_service)
        self.milestone_service = MilestoneService(ctx)
        self.checkin_service = CheckinService(ctx, self.goals_service, self.reading_service)
        self.review_service = ReviewService(ctx, self.goals_service)
        self.database_service = DatabaseService(ctx)
        self.undo_service = UndoService(ctx)
        self.sharing_service = SharingService(ctx, self.goals_service)

    @classmethod
    def open(
        cls,
        path: Location,
        clock: Clock | None = None,
        *,
        create: bool = True,
        origin: Origin = Origin.CLI,
    ) -> GoalService:
        """Open (creating or migrating if needed) the database at ``path`` (a file or a URL).

        ``origin`` says where the changes made through it come from (for undo).
        """
        from goaltui.storage.db import open_engine

        return cls(Repository(open_engine(path, create=create), origin), clock)

    @property
    def repo(self) -> Repository:
        """The storage every service reads and writes."""
        return self.context.repo

    @property
    def clock(self) -> Clock:
        """Where every service reads today and now."""
        return self.context.clock

    @clock.setter
    def clock(self, clock: Clock) -> None:
        self.context.clock = clock

    # -- goals -----------------------------------------------------------------------------
    def goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal."""
        return self.goals_service.goals(include_archived)

    def known_goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal as last read: kept (and shared) until anything is written."""
        return self.goals_service.known_goals(include_archived)

    def goal(self, goal_id: int) -> Goal:
        """One goal, or :class:`NotFound`."""
        return self.goals_service.goal(goal_id)

    def active_goals(self) -> list[Goal]:
        """The active, not archived goals (kept until anything is written)."""
        return self.goals_service.active_goals()

    def active_goal_ids(self) -> list[int]:
        """The ids of the active, not archived goals (what the KPI screen shows)."""
        return self.goals_service.active_goal_ids()

    def looped_goals(self) -> list[Goal]:
        """Goals that are their own parent or ancestor (written by hand or an older version)."""
        return self.goals_service.looped_goals()

    def footprint(self, goal_id: int) -> Footprint:
        """What deleting a goal takes with it."""
        return self.goals_service.footprint(goal_id)

    def create_goal(self, plan: PlanRows) -> Goal:
        """Create a goal with its KPIs, milestones and steps in one transaction."""
        return self.goals_service.create_goal(plan)

    def edit_goal(self, goal_id: int, changes: Mapping[str, Any], reason: str = "") -> Goal:
        """Change a goal; a new deadline or start needs a reason (recorded as a revision)."""
        return self.goals_service.edit_goal(goal_id, changes, reason)

    def set_archived(self, goal_id: int, archived: bool) -> Goal:
        """Archive or bring back a goal."""
        return self.goals_service.set_archived(goal_id, archived)

    def set_status(self, goal_id: int, status: GoalStatus) -> Goal:
        """Change a goal's status (pausing freezes its pace lines)."""
        return self.goals_service.set_status(goal_id, status)

    def delete_goal(self, goal_id: int) -> None:
        """Delete a goal with its KPIs, measurements, milestones and steps."""
        self.goals_service.delete_goal(goal_id)

    # -- the goal tree ---------------------------------------------------------------------
    def summaries(self, include_archived: bool = False) -> list[GoalSummary]:
        """Goals in tree order (parents before children) with rolled-up progress."""
        return self.overview_service.summaries(include_archived)

    def detail(self, goal_id: int) -> GoalDetail:
        """The selected goal with its KPIs, plan, revisions and last check-in."""
        return self.overview_service.detail(goal_id)

    # -- KPI readings ----------------------------------------------------------------------
    def readings(
        self, goal_ids: Sequence[int] | None = None, window: bool = True
    ) -> list[KpiReading]:
        """Each KPI's status, progress and series (recent window by default)."""
        return self.reading_service.readings(goal_ids, window)

    def reading(self, kpi_id: int) -> KpiReading:
        """One KPI with its whole series, for the detail chart."""
        return self.reading_service.reading(kpi_id)

    def read_on(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        day: date,
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[KpiReading]:
        """Each KPI's one reading on ``day`` (:func:`goaltui.domain.kpi.read_kpi`)."""
        return self.reading_service.read_on(kpis, goals, day, window, periods)

    def read_on_days(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        days: Sequence[date],
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[list[KpiReading]]:
        """:meth:`read_on` for several days at once, the SQL shared: one list per day."""
        return self.reading_service.read_on_days(kpis, goals, days, window, periods)

    # -- KPIs and measurements -------------------------------------------------------------
    def kpis(self, goal_ids: Iterable[int] | None = None) -> list[Kpi]:
        """Every KPI, or those of ``goal_ids``."""
        return self.kpi_service.kpis(goal_ids)

    def find_kpi(self, ref: str) -> Kpi:
        """A KPI by id, exact name, or unique case-insensitive name prefix."""
        return self.kpi_service.find_kpi(ref)

    def add_kpi(self, goal_id: int, reason: str = "", **fields: Any) -> Kpi:
        """Add a KPI to a goal (kept in the ledger as a change to its plan, with ``reason``)."""
        return self.kpi_service.add_kpi(goal_id, reason, **fields)

    def edit_kpi(self, kpi_id: int, changes: Mapping[str, Any], reason: str = "") -> Kpi:
        """Change a KPI; a new target or baseline needs a reason (recorded as a revision)."""
        return self.kpi_service.edit_kpi(kpi_id, changes, reason)

    def delete_kpi(self, kpi_id: int, reason: str = "") -> None:
        """Delete a KPI with its measurements (kept in the ledger, with ``reason``)."""
        self.kpi_service.delete_kpi(kpi_id, reason)

    def measurements(self, kpi_id: int, limit: int | None = None) -> list[Measurement]:
        """A KPI's raw measurements, newest first."""
        return self.kpi_service.measurements(kpi_id, limit)

    def values_on(self, day: date, kpi_ids: Sequence[int] | None = None) -> dict[int, Measurement]:
        """Each KPI's newest value recorded for ``day`` (KPI id -> measurement)."""
        return self.kpi_service.values_on(day, kpi_ids)

    def record(self, kpi: Kpi, value: float, day: date | None = None, note: str = "") -> Recorded:
        """Record one value of a KPI (the CLI's ``checkin``)."""
        return self.kpi_service.record(kpi, value, day, note)

    # -- milestones and steps --------------------------------------------------------------
    def add_milestone(self, goal_id: int, title: str, target_date: date) -> Milestone:
        """Add a milestone to a goal."""
        return self.milestone_service.add_milestone(goal_id, title, target_date)

    def edit_milestone(
        self, milestone_id: int, changes: Mapping[str, Any], reason: str = ""
    ) -> Milestone:
        """Change a milestone; a new date needs a reason (recorded as a revision)."""
        return self.milestone_service.edit_milestone(milestone_id, changes, reason)

    def delete_milestone(self, milestone_id: int) -> None:
        """Delete a milestone with its steps."""
        self.milestone_service.delete_milestone(milestone_id)

    def add_step(self, milestone_id: int, title: str, due: date | None = None) -> Step:
        """Add a step under a milestone."""
        return self.milestone_service.add_step(milestone_id, title, due)

    def edit_step(self, step_id: int, changes: Mapping[str, Any], reason: str = "") -> Step:
        """Change a step; a new due date needs a reason (recorded as a revision)."""
        return self.milestone_service.edit_step(step_id, changes, reason)

    def delete_step(self, step_id: int) -> None:
        """Delete one step."""
        self.milestone_service.delete_step(step_id)

    # -- check-ins -------------------------------------------------------------------------
    def due(self) -> list[DueItem]:
        """What is due today or overdue: KPI values, steps, milestones, check-ins."""
        return self.checkin_service.due()

    def streak(self) -> int:
        """Consecutive days, up to today (or yesterday), with a check-in or a value."""
        return self.checkin_service.streak()

    def checkins_on(self, day: date, goal_ids: Sequence[int] | None = None) -> dict[int, CheckIn]:
        """Each goal's check-in of ``day`` (goal id -> check-in)."""
        return self.checkin_service.checkins_on(day, goal_ids)

    def last_confidences(self, goal_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Each goal's most recent confidence from its check-ins (goal id -> 1-10)."""
        return self.checkin_service.last_confidences(goal_ids)

    def checked_in_since(self, day: date, until: date | None = None) -> set[int]:
        """The ids of the goals with a check-in from ``day`` on (to ``until``, if given)."""
        return self.checkin_service.checked_in_since(day, until)

    def save_checkin(
        self,
        values: Mapping[int, float],
        steps_done: Sequence[int] = (),
        entries: Sequence[Mapping[str, Any]] = (),
        notes: Mapping[int, str] | None = None,
        corrections: Mapping[int, int] | None = None,
    ) -> CheckinResult:
        """Store a whole check-in in one transaction and describe what changed."""
        return self.checkin_service.save_checkin(values, steps_done, entries, notes, corrections)

    # -- reviews ---------------------------------------------------------------------------
    def reviews(self, goal_id: int | None = None) -> list[Review]:
        """Earlier reviews, newest first."""
        return self.review_service.reviews(goal_id)

    def add_review(self, **fields: Any) -> Review:
        """Store a review; a final one with an outcome also closes its goal."""
        return self.review_service.add_review(**fields)

    # -- the database ----------------------------------------------------------------------
    def close(self) -> None:
        """Release the database."""
        self.database_service.close()

    def forget(self) -> None:
        """Another program changed the database: drop what was kept for reuse."""
        self.database_service.forget()

    def load_export(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
        """Add the rows of a checked export in one transaction; returns the goals added."""
        return self.database_service.load_export(tables)

    def is_empty(self) -> bool:
        """True when the database holds no goal."""
        return self.database_service.is_empty()

    def read_only(self) -> bool:
        """True for a database its owner made read-only: nothing can be saved."""
        return self.database_service.read_only()

    def database_path(self) -> Location:
        """Where the database is: its file, or its URL (without a password)."""
        return self.database_service.database_path()

    def backup(self, target: Path) -> None:
        """Copy the whole database to ``target``, which must not exist yet."""
        self.database_service.backup(target)

    def write_stamp(self) -> int:
        """A number that changes with every write: what was read under another may be stale."""
        return self.database_service.write_stamp()

    def set_before_read(self, hook: Callable[[], None] | None) -> None:
        """Call ``hook`` before every read from now on (``None``: no longer)."""
        self.database_service.set_before_read(hook)

    # -- views over several services -----------------------------------------------------
    def win(self, goal: int | str) -> Win:
        """:meth:`~goaltui.services.wins.WinService.win`: what a goal reached, to share."""
        return WinService(self.context, self.goals_service, self.reading_service).win(goal)

    def timeline(self) -> list[TimelineGoal]:
        """Open goals (not archived, not drafts) with their milestones and steps, by date."""
        from goaltui.services.plan import timeline_plan

        return list(self.context.kept(("timeline",), lambda: timeline_plan(self)))

    def evidence(self, start: date, end: date, goal_id: int | None = None) -> list[GoalEvidence]:
        """:func:`~goaltui.services.evidence.review_evidence`, kept until anything is written."""
        key = ("evidence", start, end, goal_id)
        from goaltui.services.evidence import review_evidence

        return list(self.context.kept(key, lambda: review_evidence(self, start, end, goal_id)))
