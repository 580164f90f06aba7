"""Use cases shared by the command line and the screens.

``GoalService`` combines the storage API with the pure domain rules and returns
plain objects. It never imports Textual; screens call it from workers.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from goaltui.domain import kpi as kpi_rules
from goaltui.domain import progress as progress_rules
from goaltui.domain.clock import Clock, SystemClock
from goaltui.domain.models import (
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiReading,
    KpiStatus,
    Measurement,
    Milestone,
    PaceLine,
    PeriodValue,
    Review,
    Revision,
    Step,
)
from goaltui.domain.periods import period_start
from goaltui.domain.progress import GoalSummary as GoalSummary

if TYPE_CHECKING:
    from goaltui.evidence import GoalEvidence
    from goaltui.plan import TimelineGoal

from goaltui.storage.repository import (
    CheckinRows,
    Footprint,
    NotFound,
    PlanRows,
    Repository,
    RevisionDraft,
)

T = TypeVar("T")

#: Periods of history an overview reads per KPI (the sparkline window).
OVERVIEW_PERIODS = {Cadence.DAILY: 60, Cadence.WEEKLY: 26, Cadence.MONTHLY: 12}

#: Fields whose change must be explained, per entity.
REVISED_FIELDS = {
    "goal": ("deadline", "start"),
    "kpi": ("target", "baseline"),
    "milestone": ("target_date",),
    "step": ("due",),
}

OPEN_STATUSES = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.DRAFT)


class ServiceError(Exception):
    """A request that cannot be carried out; the message says why."""


@dataclass(frozen=True, slots=True)
class GoalDetail:
    """Everything the detail pane shows about one goal."""

    goal: Goal
    summary: GoalSummary | None
    parent: Goal | None
    readings: list[KpiReading]
    milestones: list[Milestone]
    steps: dict[int, list[Step]]
    revisions: list[Revision]
    last_checkin: CheckIn | None
    children: list[Goal] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DueItem:
    """Something that wants attention today."""

    kind: str  # "kpi", "step", "milestone", "checkin"
    title: str
    goal_id: int
    goal_title: str
    due: date | None
    ref_id: int
    overdue_days: int = 0


@dataclass(frozen=True, slots=True)
class Recorded:
    """The result of recording one value."""

    kpi: Kpi
    measurement_day: date
    value: float
    before: KpiReading
    after: KpiReading

    @property
    def reached_target(self) -> bool:
        """True when this value took the KPI to its target."""
        return self.after.status == KpiStatus.ACHIEVED and self.before.status != KpiStatus.ACHIEVED


@dataclass(frozen=True, slots=True)
class CheckinResult:
    """What one check-in pass stored, for the confirmation line."""

    kpis: int
    steps: int
    entries: int
    streak: int
    targets_reached: tuple[str, ...] = ()
    milestones_reached: tuple[str, ...] = ()

    def describe(self) -> str:
        """'3 KPIs recorded, 1 step done, 12-day streak'."""
        parts = [
            _plural(self.kpis, "KPI") + " recorded",
            _plural(self.steps, "step") + " done",
        ]
        if self.entries:
            parts.append(_plural(self.entries, "note") + " saved")
        parts.append(f"{self.streak}-day streak")
        return ", ".join(parts)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class GoalService:
    """The operations goaltui offers, over one database."""

    def __init__(self, repo: Repository, clock: Clock | None = None) -> None:
        self.repo = repo
        self.clock: Clock = clock or SystemClock()
        # (write stamp, day, {kpi id: (kpi, window start, series)}): see _series.
        self._window_memo: tuple[int, date, dict[int, Any]] | None = None
        # {key: (write stamp, day, result)}: see _kept.
        self._kept_memo: dict[tuple[Any, ...], tuple[int, date, Any]] = {}
        self._kept_locks: dict[tuple[Any, ...], threading.Lock] = {}
        self._kept_guard = threading.Lock()

    @classmethod
    def open(cls, path: Path, clock: Clock | None = None, *, create: bool = True) -> GoalService:
        """Open (creating or migrating if needed) the database at ``path``."""
        from goaltui.storage.db import open_engine

        return cls(Repository(open_engine(path, create=create)), clock)

    def close(self) -> None:
        """Release the database."""
        self.repo.engine.dispose()

    # -- reading -------------------------------------------------------------------------
    def goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal."""
        return self.repo.goals(include_archived)

    def known_goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal as last read: kept (and shared) until anything is written.

        For views computed from many goals; :meth:`goals` always reads afresh.
        """
        every = self._kept(("goals",), lambda: self.repo.goals(include_archived=True))
        return [g for g in every if include_archived or not g.archived]

    def goal(self, goal_id: int) -> Goal:
        """One goal, or :class:`NotFound`."""
        return self.repo.get("goal", goal_id)  # type: ignore[no-any-return]

    def readings(
        self, goal_ids: Sequence[int] | None = None, window: bool = True
    ) -> list[KpiReading]:
        """Each KPI's status, progress and series (recent window by default)."""
        key = ("readings", None if goal_ids is None else tuple(goal_ids), window)
        return list(self._kept(key, lambda: self._readings(goal_ids, window)))

    def _readings(self, goal_ids: Sequence[int] | None, window: bool) -> list[KpiReading]:
        goals = {g.id: g for g in self.known_goals()}
        kpis = self.repo.kpis(goal_ids)
        return self._read_kpis(kpis, goals, window)

    def _read_kpis(
        self, kpis: Sequence[Kpi], goals: Mapping[int, Goal], window: bool
    ) -> list[KpiReading]:
        today = self.clock.today()
        since: dict[int, date] | None = None
        if window:
            since = {}
            for k in kpis:
                periods = OVERVIEW_PERIODS[k.cadence]
                back = {Cadence.DAILY: 1, Cadence.WEEKLY: 7, Cadence.MONTHLY: 31}[k.cadence]
                since[k.id] = period_start(today - timedelta(days=back * (periods - 1)), k.cadence)
        series = self._series(kpis, since) if since is not None else self.repo.series(kpis)
        originals = self._original_paces(kpis, goals)
        return [
            kpi_rules.read_kpi(k, goals[k.goal_id], series[k.id], today, originals.get(k.id))
            for k in kpis
        ]

    def reading(self, kpi_id: int) -> KpiReading:
        """One KPI with its whole series, for the detail chart."""
        k = self.repo.get("kpi", kpi_id)
        goals = {k.goal_id: self.repo.get("goal", k.goal_id)}
        return self._read_kpis([k], goals, window=False)[0]

    def _series(
        self, kpis: Sequence[Kpi], since: Mapping[int, date]
    ) -> dict[int, list[PeriodValue]]:
        """The recent window of each KPI's series, reused until anything is written.

        The Goals screen reads every KPI's window; the KPI screen then needs the
        same windows again (of the active goals' KPIs): on a big history that
        second read alone would cost a few hundred milliseconds.
        """
        stamp, today = self.repo.stamp, self.clock.today()
        memo = self._window_memo
        if memo is not None and memo[0] == stamp and memo[1] == today:
            known: dict[int, tuple[Kpi, date, list[PeriodValue]]] = memo[2]
            if all(k.id in known and known[k.id][:2] == (k, since[k.id]) for k in kpis):
                return {k.id: list(known[k.id][2]) for k in kpis}
        series = self.repo.series(kpis, since)
        if self.repo.stamp == stamp:
            entries = {k.id: (k, since[k.id], series[k.id]) for k in kpis}
            if memo is not None and memo[0] == stamp and memo[1] == today:
                entries = {**memo[2], **entries}
            self._window_memo = (stamp, today, entries)
        return {kpi_id: list(v) for kpi_id, v in series.items()}

    def forget(self) -> None:
        """Another program changed the database: drop what was kept for reuse."""
        self.repo.bump()

    def _original_paces(
        self, kpis: Sequence[Kpi], goals: Mapping[int, Goal]
    ) -> dict[int, PaceLine]:
        """The first pace line of each revised KPI, from its revisions."""
        revised = {k.goal_id for k in kpis if k.pace_start is not None}
        if not revised:
            return {}
        out: dict[int, PaceLine] = {}
        by_goal = self.repo.revisions_of(revised)  # one query, not one per goal
        for goal_id in revised:
            revs = sorted(by_goal.get(goal_id, []), key=lambda r: (r.at, r.id))
            goal = goals[goal_id]
            first_deadline = next(
                (r.old for r in revs if r.entity == "goal" and r.field == "deadline"), None
            )
            for k in kpis:
                if k.goal_id != goal_id or k.pace_start is None:
                    continue
                mine = [r for r in revs if r.entity == "kpi" and r.entity_id == k.id]
                target = next((r.old for r in mine if r.field == "target"), None)
                baseline = next((r.old for r in mine if r.field == "baseline"), None)
                end = _parse_day(first_deadline) or goal.deadline
                if end is None:
                    continue
                out[k.id] = PaceLine(
                    start=goal.start,
                    start_value=float(baseline) if baseline else k.baseline,
                    end=end,
                    end_value=float(target) if target else k.target,
                )
        return out

    def summaries(self, include_archived: bool = False) -> list[GoalSummary]:
        """Goals in tree order (parents before children) with rolled-up progress."""
        today = self.clock.today()
        goals = self.known_goals(include_archived=True)
        by_id = {g.id: g for g in goals}
        readings = self._read_kpis(self.repo.kpis(), by_id, window=True)
        counts = self.repo.milestone_counts()  # goal id -> (milestones, done)
        per_goal_kpis: dict[int, list[KpiReading]] = {}
        for r in readings:
            per_goal_kpis.setdefault(r.kpi.goal_id, []).append(r)
        own: dict[int, float] = {}
        measured = {
            g.id
            for g in goals
            if g.id in per_goal_kpis or g.id in counts or g.status == GoalStatus.ACHIEVED
        }
        for g in goals:
            total, done = counts.get(g.id, (0, 0))
            share = progress_rules.milestone_share(done, total)
            own[g.id] = progress_rules.goal_progress(
                g.status, [r.progress for r in per_goal_kpis.get(g.id, [])], share
            )
        visible = [g for g in goals if include_archived or not g.archived]
        visible_ids = {g.id for g in visible}
        nodes = [
            progress_rules.Node(
                id=g.id,
                parent_id=g.parent_id if g.parent_id in visible_ids else None,
                weight=0.0 if g.status in (GoalStatus.ABANDONED, GoalStatus.DRAFT) else g.weight,
                # A goal measured only through its sub-goals has no progress of its own.
                own=own[g.id] if g.id in measured else None,
            )
            for g in visible
        ]
        rolled = progress_rules.rollup(nodes)
        out: list[GoalSummary] = []
        for g, depth, children in progress_rules.tree_order(visible):
            total, done = counts.get(g.id, (0, 0))
            out.append(
                GoalSummary(
                    goal=g,
                    depth=depth,
                    progress=rolled.get(g.id, own[g.id]),
                    own_progress=own[g.id],
                    worst=kpi_rules.worst_status(r.status for r in per_goal_kpis.get(g.id, [])),
                    days_left=(g.deadline - today).days if g.deadline else None,
                    kpis=len(per_goal_kpis.get(g.id, [])),
                    milestones=total,
                    milestones_done=done,
                    children=children,
                )
            )
        return out

    def detail(self, goal_id: int) -> GoalDetail:
        """The selected goal with its KPIs, plan, revisions and last check-in."""
        goal = self.repo.get("goal", goal_id)
        goals = {g.id: g for g in self.known_goals()}
        readings = self._read_kpis(self.repo.kpis([goal_id]), goals, window=True)
        milestones = self.repo.milestones([goal_id])
        steps: dict[int, list[Step]] = {}
        for s in self.repo.steps([m.id for m in milestones]):
            steps.setdefault(s.milestone_id, []).append(s)
        checkins = self.repo.checkins(goal_id)
        return GoalDetail(
            goal=goal,
            summary=None,
            parent=goals.get(goal.parent_id) if goal.parent_id else None,
            readings=readings,
            milestones=milestones,
            steps=steps,
            revisions=self.repo.revisions(goal_id, limit=10),
            last_checkin=checkins[-1] if checkins else None,
            children=[g for g in goals.values() if g.parent_id == goal_id],
        )

    def find_kpi(self, ref: str) -> Kpi:
        """A KPI by id, exact name, or unique case-insensitive name prefix."""
        ref = ref.strip()
        kpis = self.repo.kpis()
        if ref.isdigit():
            for k in kpis:
                if k.id == int(ref):
                    return k
        wanted = ref.casefold()
        if not wanted:
            raise ServiceError("give a KPI name or id")
        exact = [k for k in kpis if k.name.casefold() == wanted]
        if len(exact) == 1:
            return exact[0]
        matches = exact or [k for k in kpis if k.name.casefold().startswith(wanted)]
        if not matches:
            raise ServiceError(f"no KPI matches {ref!r}; 'goaltui list --kpis' shows them")
        if len(matches) > 1:
            names = ", ".join(repr(k.name) for k in matches[:5])
            raise ServiceError(f"{ref!r} matches several KPIs ({names}); type more of the name")
        return matches[0]

    def due(self) -> list[DueItem]:
        """What is due today or overdue: KPI values, steps, milestones, check-ins."""
        return list(self._kept(("due",), self._due))

    def _due(self) -> list[DueItem]:
        today = self.clock.today()
        goals = {
            g.id: g
            for g in self.known_goals(include_archived=False)
            if g.status == GoalStatus.ACTIVE
        }
        items: list[DueItem] = []
        kpis = self.repo.kpis(list(goals))
        last = self.repo.latest_days([k.id for k in kpis])
        for k in kpis:
            seen = last.get(k.id)
            if seen is None or period_start(seen, k.cadence) < period_start(today, k.cadence):
                items.append(DueItem("kpi", k.name, k.goal_id, goals[k.goal_id].title, today, k.id))
        for m in self.repo.open_milestones_due(list(goals), today):
            if m.done_on is None and m.target_date <= today:
                items.append(
                    DueItem(
                        "milestone",
                        m.title,
                        m.goal_id,
                        goals[m.goal_id].title,
                        m.target_date,
                        m.id,
                        (today - m.target_date).days,
                    )
                )
        for s, goal_id in self.repo.open_steps_due(list(goals), today):
            if s.done_on is None and s.due is not None and s.due <= today:
                items.append(
                    DueItem(
                        "step",
                        s.title,
                        goal_id,
                        goals[goal_id].title,
                        s.due,
                        s.id,
                        (today - s.due).days,
                    )
                )
        checked = {c.goal_id for c in self.repo.checkins(since=today, until=today)}
        waiting = [g for g in goals.values() if g.id not in checked]
        if waiting:
            title = "confidence and notes for " + _plural(len(waiting), "active goal")
            first = waiting[0]
            items.append(DueItem("checkin", title, first.id, "check-in", today, first.id))
        order = {"milestone": 0, "step": 1, "kpi": 2, "checkin": 3}
        items.sort(key=lambda i: (order[i.kind], -i.overdue_days, i.goal_title, i.title))
        return items

    def streak(self) -> int:
        """Consecutive days, up to today (or yesterday), with a check-in or a value."""
        today = self.clock.today()
        days = set(self.repo.checkin_days(today - timedelta(days=3660)))
        day = today if today in days else today - timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count

    def reviews(self, goal_id: int | None = None) -> list[Review]:
        """Earlier reviews, newest first."""
        return self.repo.reviews(goal_id)

    def measurements(self, kpi_id: int, limit: int | None = None) -> list[Measurement]:
        """A KPI's raw measurements, newest first."""
        return self.repo.measurements(kpi_id, limit)

    def footprint(self, goal_id: int) -> Footprint:
        """What deleting a goal takes with it."""
        return self.repo.footprint(goal_id)

    # -- writing -------------------------------------------------------------------------
    def record(self, kpi: Kpi, value: float, day: date | None = None, note: str = "") -> Recorded:
        """Record one value of a KPI (the CLI's ``checkin``)."""
        if not math.isfinite(value):
            raise ServiceError("the value must be a finite number")
        day = day or self.clock.today()
        before = self.reading(kpi.id)
        self.repo.add_measurements([(kpi.id, day, value, note)], self.clock.now())
        after = self.reading(kpi.id)
        return Recorded(kpi, day, value, before, after)

    def save_checkin(
        self,
        values: Mapping[int, float],
        steps_done: Sequence[int] = (),
        entries: Sequence[Mapping[str, Any]] = (),
        notes: Mapping[int, str] | None = None,
    ) -> CheckinResult:
        """Store a whole check-in in one transaction and describe what changed.

        ``entries`` are per-goal dictionaries with ``goal_id`` and any of
        ``confidence``, ``wins``, ``obstacles``, ``note``.
        """
        today = self.clock.today()
        for v in values.values():
            if not math.isfinite(v):
                raise ServiceError("every value must be a finite number")
        before = {r.kpi.id: r for r in self.readings()} if values else {}
        ms_before = {m.id: m for m in self.repo.milestones()} if steps_done else {}
        rows = CheckinRows(
            measurements=[(k, today, v, (notes or {}).get(k, "")) for k, v in values.items()],
            steps_done=[(s, today) for s in steps_done],
            entries=[{**e, "day": today} for e in entries if _entry_has_content(e)],
        )
        self.repo.save_checkin(rows, self.clock.now())
        reached: list[str] = []
        if values:
            for r in self.readings():
                old = before.get(r.kpi.id)
                if (
                    r.kpi.id in values
                    and r.status == KpiStatus.ACHIEVED
                    and old is not None
                    and old.status != KpiStatus.ACHIEVED
                ):
                    reached.append(r.kpi.name)
        ms_done: list[str] = []
        if steps_done:
            ms_done = self._complete_milestones(set(ms_before), today)
        return CheckinResult(
            kpis=len(rows.measurements),
            steps=len(rows.steps_done),
            entries=len(rows.entries),
            streak=self.streak(),
            targets_reached=tuple(reached),
            milestones_reached=tuple(ms_done),
        )

    def _complete_milestones(self, milestone_ids: set[int], today: date) -> list[str]:
        """Milestones whose steps are now all done are marked reached."""
        steps: dict[int, list[Step]] = {}
        for s in self.repo.steps(milestone_ids):
            steps.setdefault(s.milestone_id, []).append(s)
        reached = []
        for m in self.repo.milestones():
            own = steps.get(m.id)
            if m.done_on is None and own and all(s.done_on for s in own):
                self.repo.update("milestone", m.id, {"done_on": today})
                reached.append(m.title)
        return reached

    def _revisions(
        self,
        entity: str,
        current: Any,
        changes: Mapping[str, Any],
        reason: str,
        goal_id: int,
    ) -> list[RevisionDraft]:
        revised = [
            name
            for name in REVISED_FIELDS.get(entity, ())
            if name in changes and changes[name] != getattr(current, name)
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

    def create_goal(self, plan: PlanRows) -> Goal:
        """Create a goal with its KPIs, milestones and steps in one transaction."""
        if not str(plan.goal.get("title", "")).strip():
            raise ServiceError("a goal needs a title")
        return self.repo.create_plan(plan, self.clock.now())

    def edit_goal(self, goal_id: int, changes: Mapping[str, Any], reason: str = "") -> Goal:
        """Change a goal; a new deadline or start needs a reason (recorded as a revision)."""
        goal = self.repo.get("goal", goal_id)
        if "title" in changes and not str(changes["title"]).strip():
            raise ServiceError("a goal needs a title")
        deadline = changes.get("deadline", goal.deadline)
        start = changes.get("start", goal.start)
        if deadline is not None and deadline < start:
            raise ServiceError("the deadline must not come before the start")
        if "parent_id" in changes:
            self._check_parent(goal_id, changes["parent_id"])
        revs = self._revisions("goal", goal, changes, reason, goal_id)
        return self.repo.update("goal", goal_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def _check_parent(self, goal_id: int, parent_id: int | None) -> None:
        if parent_id is None:
            return
        parents = {g.id: g.parent_id for g in self.repo.goals()}
        if parent_id not in parents:
            raise NotFound("that parent goal no longer exists")
        node: int | None = parent_id
        hops = 0
        while node is not None and hops <= len(parents):
            if node == goal_id:
                raise ServiceError("a goal cannot move under itself or one of its sub-goals")
            node = parents.get(node)
            hops += 1

    def reparent(self, goal_id: int, parent_id: int | None) -> Goal:
        """Move a goal under another one (or to the top with ``None``)."""
        return self.edit_goal(goal_id, {"parent_id": parent_id})

    def set_archived(self, goal_id: int, archived: bool) -> Goal:
        """Archive or bring back a goal."""
        return self.edit_goal(goal_id, {"archived": archived})

    def set_status(self, goal_id: int, status: GoalStatus) -> Goal:
        """Change a goal's status (pausing freezes its pace lines)."""
        return self.edit_goal(goal_id, {"status": status.value})

    def delete_goal(self, goal_id: int) -> None:
        """Delete a goal with its KPIs, measurements, milestones and steps."""
        self.repo.delete("goal", goal_id)

    def add_kpi(self, goal_id: int, **fields: Any) -> Kpi:
        """Add a KPI to a goal."""
        self.repo.get("goal", goal_id)
        if not str(fields.get("name", "")).strip():
            raise ServiceError("a KPI needs a name")
        names = {k.name.casefold() for k in self.repo.kpis([goal_id])}
        if fields["name"].strip().casefold() in names:
            raise ServiceError(f"this goal already has a KPI named {fields['name']!r}")
        return self.repo.add("kpi", goal_id=goal_id, **fields)  # type: ignore[no-any-return]

    def edit_kpi(self, kpi_id: int, changes: Mapping[str, Any], reason: str = "") -> Kpi:
        """Change a KPI; a new target or baseline needs a reason and restarts the pace line."""
        k = self.repo.get("kpi", kpi_id)
        revs = self._revisions("kpi", k, changes, reason, k.goal_id)
        changes = dict(changes)
        if any(r.field == "target" for r in revs):
            current = self.reading(kpi_id).current
            changes["pace_start"] = self.clock.today()
            changes["pace_from"] = current if current is not None else k.baseline
        return self.repo.update("kpi", kpi_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def delete_kpi(self, kpi_id: int) -> None:
        """Delete a KPI with its measurements."""
        self.repo.delete("kpi", kpi_id)

    def edit_milestone(
        self, milestone_id: int, changes: Mapping[str, Any], reason: str = ""
    ) -> Milestone:
        """Change a milestone; a new date needs a reason (recorded as a revision)."""
        m = self.repo.get("milestone", milestone_id)
        revs = self._revisions("milestone", m, changes, reason, m.goal_id)
        return self.repo.update("milestone", milestone_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def edit_step(self, step_id: int, changes: Mapping[str, Any], reason: str = "") -> Step:
        """Change a step; a new due date needs a reason (recorded as a revision)."""
        s = self.repo.get("step", step_id)
        m = self.repo.get("milestone", s.milestone_id)
        revs = self._revisions("step", s, changes, reason, m.goal_id)
        return self.repo.update("step", step_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def add_milestone(self, goal_id: int, title: str, target_date: date) -> Milestone:
        """Add a milestone to a goal."""
        if not title.strip():
            raise ServiceError("a milestone needs a title")
        return self.repo.add("milestone", goal_id=goal_id, title=title, target_date=target_date)  # type: ignore[no-any-return]

    def add_step(self, milestone_id: int, title: str, due: date | None = None) -> Step:
        """Add a step under a milestone."""
        if not title.strip():
            raise ServiceError("a step needs a title")
        return self.repo.add("step", milestone_id=milestone_id, title=title, due=due)  # type: ignore[no-any-return]

    def edit_measurement(self, measurement_id: int, changes: Mapping[str, Any]) -> Measurement:
        """Correct a recorded value, day or note."""
        if "value" in changes and not math.isfinite(changes["value"]):
            raise ServiceError("the value must be a finite number")
        return self.repo.update("measurement", measurement_id, changes)  # type: ignore[no-any-return]

    def delete_measurement(self, measurement_id: int) -> None:
        """Delete one recorded value."""
        self.repo.delete("measurement", measurement_id)

    def add_review(self, **fields: Any) -> Review:
        """Store a review; a final one with an outcome also closes its goal."""
        review: Review = self.repo.add("review", now=self.clock.now(), **fields)
        outcome = fields.get("outcome")
        if fields.get("kind") == "final" and outcome and fields.get("goal_id"):
            status = {
                "achieved": GoalStatus.ACHIEVED,
                "missed": GoalStatus.MISSED,
                "postponed": GoalStatus.PAUSED,
            }[str(outcome)]
            self.set_status(int(fields["goal_id"]), status)
        return review

    def timeline(self) -> list[TimelineGoal]:
        """Open goals (not archived, not drafts) with their milestones and steps, by date."""
        from goaltui.plan import timeline_plan

        return list(self._kept(("timeline",), lambda: timeline_plan(self)))

    def _kept(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, reused until anything is written or the day changes.

        One computation per key at a time: a screen asking for what the
        background read-ahead is computing waits for it instead of starting again.
        """
        with self._kept_guard:
            lock = self._kept_locks.setdefault(key, threading.Lock())
        with lock:
            stamp, today = self.repo.stamp, self.clock.today()
            memo = self._kept_memo.get(key)
            if memo is not None and memo[0] == stamp and memo[1] == today:
                return memo[2]  # type: ignore[no-any-return]
            result = compute()
            if self.repo.stamp == stamp:
                self._kept_memo[key] = (stamp, today, result)
            return result

    def active_goals(self) -> list[Goal]:
        """The active, not archived goals (kept until anything is written)."""
        return [
            g
            for g in self.known_goals(include_archived=False)
            if g.status == GoalStatus.ACTIVE and not g.archived
        ]

    def active_goal_ids(self) -> list[int]:
        """The ids of the active, not archived goals (what the KPI screen shows)."""
        return [g.id for g in self.active_goals()]

    def evidence(self, start: date, end: date, goal_id: int | None = None) -> list[GoalEvidence]:
        """:func:`review_evidence`, kept until anything is written."""
        key = ("evidence", start, end, goal_id)
        from goaltui.evidence import review_evidence

        return list(self._kept(key, lambda: review_evidence(self, start, end, goal_id)))

    def last_confidences(self, goal_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Each goal's most recent confidence from its check-ins (goal id -> 1-10)."""
        return self.repo.last_confidences(goal_ids)

    def delete_milestone(self, milestone_id: int) -> None:
        """Delete a milestone with its steps."""
        self.repo.delete("milestone", milestone_id)

    def delete_step(self, step_id: int) -> None:
        """Delete one step."""
        self.repo.delete("step", step_id)


def _entry_has_content(entry: Mapping[str, Any]) -> bool:
    return any(entry.get(k) not in (None, "") for k in ("confidence", "wins", "obstacles", "note"))


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
