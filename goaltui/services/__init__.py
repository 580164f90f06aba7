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
from goaltui.domain import validate
from goaltui.domain.clock import Clock, SystemClock
from goaltui.domain.confidence import ConfidenceEntry, confidence_trail
from goaltui.domain.models import (
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    KpiReading,
    KpiStatus,
    Measurement,
    Milestone,
    PeriodValue,
    Review,
    Revision,
    Step,
)
from goaltui.domain.periods import period_start, periods_back
from goaltui.domain.progress import GoalSummary as GoalSummary

if TYPE_CHECKING:
    from goaltui.services.evidence import GoalEvidence
    from goaltui.services.plan import TimelineGoal

from goaltui.services.errors import ServiceError as ServiceError
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
#: Periods before the judged one a reading needs (the forecast's recent rate).
RECENT = kpi_rules.RECENT_PERIODS

#: Fields whose change must be explained, per entity.
REVISED_FIELDS = validate.REVISED_FIELDS

OPEN_STATUSES = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.DRAFT)


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
    #: The confidence in force now and where it came from (:mod:`goaltui.domain.confidence`).
    confidence: ConfidenceEntry | None = None
    #: Every confidence given, oldest first; the last is :attr:`confidence`.
    confidence_trail: tuple[ConfidenceEntry, ...] = ()


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
    #: (id, title) of each milestone whose last open step this check-in ticked.
    #: They stay open: the person decides whether the milestone is reached.
    milestones_ready: tuple[tuple[int, str], ...] = ()

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


def _check(table: str, fields: Mapping[str, Any]) -> None:
    """Refuse what the rules of :mod:`goaltui.domain.validate` do not allow in ``table``."""
    problem = validate.first_problem(table, fields)
    if problem is not None:
        raise ServiceError(problem)


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
        # (write stamp, {(kpi, goal start, days counted through): tallies}): see _tallies.
        self._tally_memo: tuple[int, dict[tuple[Any, ...], list[tuple[int, int]]]] = (-1, {})
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
        return self.read_on(kpis, goals, self.clock.today(), window)

    def read_on(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        day: date,
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[KpiReading]:
        """Each KPI's one reading on ``day`` (:func:`goaltui.domain.kpi.read_kpi`).

        ``window``: read only the last ``periods[cadence]`` periods for drawing
        (the sparkline); the figures still come from the whole history: a KPI
        whose last value is older than that gets its latest period read on its
        own, and a stay KPI's periods in bounds are counted in SQL. Without
        ``window`` the whole series is read (a KPI's chart).
        """
        return self.read_on_days(kpis, goals, [day], window, periods)[0]

    def read_on_days(
        self,
        kpis: Sequence[Kpi],
        goals: Mapping[int, Goal],
        days: Sequence[date],
        window: bool = True,
        periods: Mapping[Cadence, int] = OVERVIEW_PERIODS,
    ) -> list[list[KpiReading]]:
        """:meth:`read_on` for several days at once, the SQL shared: one list per day."""
        if not kpis or not days:
            return [[] for _ in days]
        goal_ids = {k.goal_id for k in kpis}
        revisions = self.repo.revisions_of(goal_ids)
        pauses = self.repo.pauses(goal_ids)
        histories: list[dict[int, kpi_rules.History]] = []
        # Values from before a goal's start are history: drawn, never judged.
        starts = {k.id: goals[k.goal_id].start for k in kpis}
        drawn: dict[int, list[PeriodValue]] | None = None
        if not window:
            drawn = self.repo.series(kpis)
            judged = self.repo.series(kpis, from_day=starts)
            whole = {k.id: kpi_rules.History.whole(judged[k.id]) for k in kpis}
            histories = [whole for _ in days]
        else:
            since = [
                {
                    k.id: periods_back(day, k.cadence, max(periods[k.cadence], RECENT + 1) - 1)
                    for k in kpis
                }
                for day in days
            ]
            first = {k.id: min(starts[k.id] for starts in since) for k in kpis}
            if days == [self.clock.today()] and periods is OVERVIEW_PERIODS:
                series = self._series(kpis, first, starts)
            else:
                series = self.repo.series(kpis, first, starts)
            before: dict[int, list[date | None]] = {k.id: [None] * len(days) for k in kpis}
            for i, day in enumerate(days):
                for k in kpis:
                    start = goals[k.goal_id].start
                    if start < since[i][k.id] and not any(  # a complete period to judge
                        p.start < period_start(day, k.cadence) and (p.day or p.start) >= start
                        for p in series[k.id]
                        if p.start >= since[i][k.id]
                    ):
                        before[k.id][i] = since[i][k.id] - timedelta(days=1)
            stale = [k for k in kpis if any(d is not None for d in before[k.id])]
            earlier = self.repo.last_periods(stale, before, starts) if stale else {}
            tallies = self._tallies(kpis, goals, days)
            histories = [
                {
                    k.id: kpi_rules.History(
                        tuple(series[k.id]),
                        earlier[k.id][i] if k.id in earlier else None,
                        tallies[k.id][i] if k.id in tallies else None,
                    )
                    for k in kpis
                }
                for i in range(len(days))
            ]
        return [
            [
                kpi_rules.read_kpi(
                    k,
                    goals[k.goal_id],
                    histories[i][k.id],
                    day,
                    revisions=revisions.get(k.goal_id, ()),
                    pauses=pauses.get(k.goal_id, ()),
                    series=None if drawn is None else drawn[k.id],
                )
                for k in kpis
            ]
            for i, day in enumerate(days)
        ]

    def _tallies(
        self, kpis: Sequence[Kpi], goals: Mapping[int, Goal], days: Sequence[date]
    ) -> dict[int, list[tuple[int, int]]]:
        """Per stay KPI and day: complete periods from its goal's start before the day's, and
        how many kept to the bound.

        One grouped pass over the history in SQL; kept until anything is written,
        so the Goals and KPI screens share it.
        """
        stay = [k for k in kpis if k.kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW)]
        if not stay:
            return {}
        through: dict[int, list[date | None]] = {}
        for k in stay:
            firsts = [period_start(day, k.cadence) for day in days]
            through[k.id] = [f - timedelta(days=1) if f > date.min else None for f in firsts]

        def key(k: Kpi) -> tuple[Any, ...]:
            return (k, goals[k.goal_id].start, tuple(through[k.id]))

        stamp = self.repo.stamp
        memo = self._tally_memo if self._tally_memo[0] == stamp else (stamp, {})
        missing = [k for k in stay if key(k) not in memo[1]]
        if missing:
            counts = self.repo.period_counts(
                missing,
                through,
                at_most=[k.id for k in missing if k.kind == KpiKind.STAY_BELOW],
                since={k.id: goals[k.goal_id].start for k in missing},
            )
            if self.repo.stamp == stamp:
                found = {key(k): counts[k.id] for k in missing}
                memo = (stamp, {**memo[1], **found})
                self._tally_memo = memo
            else:
                return counts | {k.id: memo[1][key(k)] for k in stay if key(k) in memo[1]}
        return {k.id: memo[1][key(k)] for k in stay}

    def reading(self, kpi_id: int) -> KpiReading:
        """One KPI with its whole series, for the detail chart."""
        k = self.repo.get("kpi", kpi_id)
        goals = {k.goal_id: self.repo.get("goal", k.goal_id)}
        return self._read_kpis([k], goals, window=False)[0]

    def _series(
        self, kpis: Sequence[Kpi], since: Mapping[int, date], from_day: Mapping[int, date]
    ) -> dict[int, list[PeriodValue]]:
        """The recent window of each KPI's series, reused until anything is written.

        The Goals screen reads every KPI's window; the KPI screen then needs the
        same windows again (of the active goals' KPIs): on a big history that
        second read alone would cost a few hundred milliseconds.
        """
        stamp, today = self.repo.stamp, self.clock.today()
        memo = self._window_memo
        if memo is not None and memo[0] == stamp and memo[1] == today:
            known: dict[int, tuple[Kpi, tuple[date, date], list[PeriodValue]]] = memo[2]
            wanted = {k.id: (k, (since[k.id], from_day[k.id])) for k in kpis}
            if all(k.id in known and known[k.id][:2] == wanted[k.id] for k in kpis):
                return {k.id: list(known[k.id][2]) for k in kpis}
        series = self.repo.series(kpis, since, from_day)
        if self.repo.stamp == stamp:
            entries = {k.id: (k, (since[k.id], from_day[k.id]), series[k.id]) for k in kpis}
            if memo is not None and memo[0] == stamp and memo[1] == today:
                entries = {**memo[2], **entries}
            self._window_memo = (stamp, today, entries)
        return {kpi_id: list(v) for kpi_id, v in series.items()}

    def forget(self) -> None:
        """Another program changed the database: drop what was kept for reuse."""
        self.repo.bump()

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
        # A goal on a loop of parents stands at the top, as the tree shows it.
        loops = progress_rules.looped({g.id: g.parent_id for g in visible})
        nodes = [
            progress_rules.Node(
                id=g.id,
                parent_id=g.parent_id if g.parent_id in visible_ids and g.id not in loops else None,
                weight=0.0 if g.status in (GoalStatus.ABANDONED, GoalStatus.DRAFT) else g.weight,
                # A goal measured only through its sub-goals has no progress of its own.
                own=own[g.id] if g.id in measured else None,
            )
            for g in visible
        ]
        rolled = progress_rules.rollup(nodes)
        order = progress_rules.tree_order(visible)
        worst = progress_rules.subtree_worst(
            [
                (g, progress_rules.worst_status(r.status for r in per_goal_kpis.get(g.id, [])))
                for g, _, _ in order
            ]
        )
        out: list[GoalSummary] = []
        for g, depth, children in order:
            total, done = counts.get(g.id, (0, 0))
            out.append(
                GoalSummary(
                    goal=g,
                    depth=depth,
                    progress=rolled.get(g.id, own[g.id]),
                    own_progress=own[g.id],
                    worst=worst.get(g.id),
                    days_left=(g.deadline - today).days if g.deadline else None,
                    kpis=len(per_goal_kpis.get(g.id, [])),
                    milestones=total,
                    milestones_done=done,
                    children=children,
                )
            )
        return out

    def looped_goals(self) -> list[Goal]:
        """Goals that are their own parent or ancestor (written by hand or an older version).

        The tree shows them at the top level; moving one (to the top, or under
        another goal) repairs it.
        """
        goals = self.known_goals()
        loops = progress_rules.looped({g.id: g.parent_id for g in goals})
        return [g for g in goals if g.id in loops]

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
        trail = confidence_trail(goal, checkins)
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
            confidence=trail[-1] if trail else None,
            confidence_trail=trail,
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
        _check("measurement", {"value": value, "day": day, "note": note})
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
        corrections: Mapping[int, int] | None = None,
    ) -> CheckinResult:
        """Store a whole check-in in one transaction and describe what changed.

        ``entries`` are per-goal dictionaries with ``goal_id`` and any of
        ``confidence``, ``wins``, ``obstacles``, ``note``. A goal has one check-in
        a day: an entry for a goal already checked in today updates that check-in
        (the fields given replace its own; those left out stay).
        ``corrections`` maps a KPI of ``values`` to the id of a measurement this
        check-in recorded today: that value is corrected instead of a new one added.
        """
        today = self.clock.today()
        for v in values.values():
            if not math.isfinite(v):
                raise ServiceError("every value must be a finite number")
            _check("measurement", {"value": v})
        for e in entries:
            _check("checkin", {k: v for k, v in e.items() if k != "goal_id"})
        fixed = corrections or {}
        before = {r.kpi.id: r for r in self.readings()} if values else {}
        rows = CheckinRows(
            measurements=[
                (k, today, v, (notes or {}).get(k, "")) for k, v in values.items() if k not in fixed
            ],
            steps_done=[(s, today) for s in steps_done],
            entries=[{**e, "day": today} for e in entries],
            corrections=[(fixed[k], v) for k, v in values.items() if k in fixed],
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
        ready = self._ready_milestones(set(steps_done)) if steps_done else []
        return CheckinResult(
            kpis=len(values),
            steps=len(rows.steps_done),
            entries=sum(1 for e in entries if _entry_has_content(e)),
            streak=self.streak(),
            targets_reached=tuple(reached),
            milestones_ready=tuple(ready),
        )

    def load_export(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
        """Add the rows of an export (checked by :func:`goaltui.services.exchange.read_document`).

        One transaction: all rows or none. Into an empty database the ids are
        kept; otherwise every row gets a new id. Returns the goals added.
        """
        try:
            return self.repo.load(tables, replace_ids=not self.repo.is_empty())
        except (NotFound, KeyError, TypeError, ValueError) as exc:
            # Checked rows should never get here; if one does, nothing was written.
            raise ServiceError(f"the export could not be loaded ({exc})") from None

    def _ready_milestones(self, step_ids: set[int]) -> list[tuple[int, str]]:
        """(id, title) of the open milestones of ``step_ids`` whose steps are now all done.

        Only a question: a milestone is marked reached by the person, never as a
        side effect of ticking its last step.
        """
        steps: dict[int, list[Step]] = {}
        for s in self.repo.steps():
            steps.setdefault(s.milestone_id, []).append(s)
        touched = {m for m, own in steps.items() if any(s.id in step_ids for s in own)}
        return [
            (m.id, m.title)
            for m in self.repo.milestones()
            if m.id in touched and m.done_on is None and all(s.done_on for s in steps[m.id])
        ]

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
        _check("goal", plan.goal)
        for k in plan.kpis:
            _check("kpi", k)
        for m in plan.milestones:
            _check("milestone", {k: v for k, v in m.items() if k != "steps"})
            for step in m.get("steps", ()):
                _check("step", step)
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
        _check("goal", {"start": start, "deadline": deadline, **changes})
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
        """Change a goal's status (pausing freezes its pace lines).

        Pausing opens a pause from today, leaving 'paused' ends it today: in the
        same transaction as the status itself.
        """
        return self.repo.set_goal_status(goal_id, status, self.clock.today(), self.clock.now())

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
        _check("kpi", fields)
        return self.repo.add("kpi", goal_id=goal_id, **fields)  # type: ignore[no-any-return]

    def edit_kpi(self, kpi_id: int, changes: Mapping[str, Any], reason: str = "") -> Kpi:
        """Change a KPI; a new target or baseline needs a reason (recorded as a revision).

        The revision is what bends the pace line (see ``goaltui.domain.pace``).
        """
        _check("kpi", changes)
        k = self.repo.get("kpi", kpi_id)
        revs = self._revisions("kpi", k, changes, reason, k.goal_id)
        return self.repo.update("kpi", kpi_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def delete_kpi(self, kpi_id: int) -> None:
        """Delete a KPI with its measurements."""
        self.repo.delete("kpi", kpi_id)

    def edit_milestone(
        self, milestone_id: int, changes: Mapping[str, Any], reason: str = ""
    ) -> Milestone:
        """Change a milestone; a new date needs a reason (recorded as a revision)."""
        _check("milestone", changes)
        m = self.repo.get("milestone", milestone_id)
        revs = self._revisions("milestone", m, changes, reason, m.goal_id)
        return self.repo.update("milestone", milestone_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def edit_step(self, step_id: int, changes: Mapping[str, Any], reason: str = "") -> Step:
        """Change a step; a new due date needs a reason (recorded as a revision).

        A new due date may not lie before the goal's start or before the
        milestone before the step's own (:func:`~goaltui.domain.reverse.check_steps`).
        """
        from goaltui.domain.reverse import check_steps, milestone_before

        _check("step", changes)
        s = self.repo.get("step", step_id)
        m = self.repo.get("milestone", s.milestone_id)
        if changes.get("due") is not None:
            start = self.repo.get("goal", m.goal_id).start
            marks = [(x.title, x.target_date) for x in self.repo.milestones([m.goal_id])]
            previous = milestone_before(m.target_date, marks)
            title = str(changes.get("title", s.title))
            problems = check_steps(
                None, [changes["due"]], start=start, previous=previous, titles=[title]
            )
            if problems:
                raise ServiceError(problems[0].message)
        revs = self._revisions("step", s, changes, reason, m.goal_id)
        return self.repo.update("step", step_id, changes, revs, self.clock.now())  # type: ignore[no-any-return]

    def add_milestone(self, goal_id: int, title: str, target_date: date) -> Milestone:
        """Add a milestone to a goal."""
        if not title.strip():
            raise ServiceError("a milestone needs a title")
        _check("milestone", {"target_date": target_date})
        return self.repo.add("milestone", goal_id=goal_id, title=title, target_date=target_date)  # type: ignore[no-any-return]

    def add_step(self, milestone_id: int, title: str, due: date | None = None) -> Step:
        """Add a step under a milestone.

        Its due date may not lie before the goal's start or before the milestone
        before its own (:func:`~goaltui.domain.reverse.check_steps`).
        """
        from goaltui.domain.reverse import check_steps, milestone_before

        if not title.strip():
            raise ServiceError("a step needs a title")
        _check("step", {"due": due})
        if due is not None:
            m = self.repo.get("milestone", milestone_id)
            start = self.repo.get("goal", m.goal_id).start
            marks = [(x.title, x.target_date) for x in self.repo.milestones([m.goal_id])]
            previous = milestone_before(m.target_date, marks)
            problems = check_steps(None, [due], start=start, previous=previous, titles=[title])
            if problems:
                raise ServiceError(problems[0].message)
        return self.repo.add("step", milestone_id=milestone_id, title=title, due=due)  # type: ignore[no-any-return]

    def edit_measurement(self, measurement_id: int, changes: Mapping[str, Any]) -> Measurement:
        """Correct a recorded value, day or note."""
        if "value" in changes and not math.isfinite(changes["value"]):
            raise ServiceError("the value must be a finite number")
        _check("measurement", changes)
        return self.repo.update("measurement", measurement_id, changes)  # type: ignore[no-any-return]

    def delete_measurement(self, measurement_id: int) -> None:
        """Delete one recorded value."""
        self.repo.delete("measurement", measurement_id)

    def add_review(self, **fields: Any) -> Review:
        """Store a review; a final one with an outcome also closes its goal."""
        _check("review", fields)
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
        from goaltui.services.plan import timeline_plan

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
        from goaltui.services.evidence import review_evidence

        return list(self._kept(key, lambda: review_evidence(self, start, end, goal_id)))

    def checkins_on(self, day: date, goal_ids: Sequence[int] | None = None) -> dict[int, CheckIn]:
        """Each goal's check-in of ``day`` (goal id -> check-in)."""
        wanted = None if goal_ids is None else set(goal_ids)
        return {
            c.goal_id: c
            for c in self.repo.checkins(since=day, until=day)
            if wanted is None or c.goal_id in wanted
        }

    def values_on(self, day: date, kpi_ids: Sequence[int] | None = None) -> dict[int, Measurement]:
        """Each KPI's newest value recorded for ``day`` (KPI id -> measurement)."""
        return self.repo.values_on(day, kpi_ids)

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
