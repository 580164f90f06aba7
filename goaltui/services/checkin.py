"""The daily check-in: what is due, saving values, ticked steps and notes, and the streak."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from goaltui.domain.agreement import short_day
from goaltui.domain.checkpoints import figure_now
from goaltui.domain.due import DueItem as DueItem
from goaltui.domain.due import due_items
from goaltui.domain.models import CheckIn, GoalStatus, KpiStatus, Step
from goaltui.domain.urgency import SOON_DAYS, step_key
from goaltui.services.checkpoints import checkpoint_label, reached_checkpoints
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError
from goaltui.services.goals import GoalsService
from goaltui.services.readings import ReadingService
from goaltui.storage.repository import CheckinRows, labelled


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
    #: (id, title, what was reached) of each open checkpoint a recorded value reached
    #: or passed, e.g. "time on site 1.5 min". Only a question, like ``milestones_ready``.
    checkpoints_reached: tuple[tuple[int, str, str], ...] = ()

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


class CheckinService:
    """What is due today and the check-in that answers it."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService, readings: ReadingService) -> None:
        self.ctx = ctx
        self.goals = goals
        self.readings = readings

    # -- reading -------------------------------------------------------------------------
    def due(self) -> list[DueItem]:
        """What is due today or overdue: KPI values, steps, milestones, check-ins."""
        return list(self.ctx.kept(("due",), self._due))

    def _due(self) -> list[DueItem]:
        repo = self.ctx.repo
        today = self.ctx.clock.today()
        goals = [
            g for g in self.goals.own_goals(include_archived=False) if g.status == GoalStatus.ACTIVE
        ]
        ids = [g.id for g in goals]
        kpis = repo.kpis(ids)
        return due_items(
            goals,
            kpis,
            repo.latest_days([k.id for k in kpis]),
            repo.open_milestones_due(ids, today),
            repo.open_steps_due(ids, today),
            self.checked_in_since(today, today),
            today,
        )

    def one_thing(self) -> DueItem | None:
        """The first open step of the active goals in the one order: the thing for today."""
        return self.ctx.kept(("one_thing",), self._one_thing)

    def _one_thing(self) -> DueItem | None:
        repo, today = self.ctx.repo, self.ctx.clock.today()
        goals = {
            g.id: g
            for g in self.goals.own_goals(include_archived=False)
            if g.status == GoalStatus.ACTIVE
        }
        if not goals:
            return None
        # Steps due within the coming week come first: most days they hold the
        # answer, read in SQL. Only when none is open are the others read.
        near = repo.open_steps_due(list(goals), today + timedelta(days=SOON_DAYS))
        owner = {s.milestone_id: goal_id for s, goal_id in near}
        steps = [s for s, _ in near]
        if not steps:
            owner = {m.id: m.goal_id for m in repo.milestones(list(goals))}
            steps = [s for s in repo.steps(list(owner)) if s.done_on is None] if owner else []
        if not steps:
            return None
        s = min(steps, key=lambda x: step_key(x, today))
        goal = goals[owner[s.milestone_id]]
        late = max(0, (today - s.due).days) if s.due is not None else 0
        return DueItem("step", s.title, goal.id, goal.title, s.due, s.id, late, s.importance)

    def streak(self) -> int:
        """Consecutive days, up to today (or yesterday), with a check-in or a value."""
        today = self.ctx.clock.today()
        days = set(self.ctx.repo.checkin_days(today - timedelta(days=3660)))
        day = today if today in days else today - timedelta(days=1)
        count = 0
        while day in days:
            count += 1
            day -= timedelta(days=1)
        return count

    def checkins_on(self, day: date, goal_ids: Sequence[int] | None = None) -> dict[int, CheckIn]:
        """Each goal's check-in of ``day`` (goal id -> check-in)."""
        wanted = None if goal_ids is None else set(goal_ids)
        return {
            c.goal_id: c
            for c in self.ctx.repo.checkins(since=day, until=day)
            if wanted is None or c.goal_id in wanted
        }

    def checked_in_since(self, day: date, until: date | None = None) -> set[int]:
        """The ids of the goals with a check-in from ``day`` on (to ``until``, if given)."""
        return {c.goal_id for c in self.ctx.repo.checkins(since=day, until=until)}

    def last_confidences(self, goal_ids: Sequence[int] | None = None) -> dict[int, int]:
        """Each goal's most recent confidence from its check-ins (goal id -> 1-10)."""
        return self.ctx.repo.last_confidences(goal_ids)

    # -- writing -------------------------------------------------------------------------
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
        today = self.ctx.clock.today()
        for v in values.values():
            if not math.isfinite(v):
                raise ServiceError("every value must be a finite number")
            check("measurement", {"value": v})
        for e in entries:
            check("checkin", {k: v for k, v in e.items() if k != "goal_id"})
        self._check_obstacles(entries)
        fixed = corrections or {}
        before = {r.kpi.id: r for r in self.readings.readings()} if values else {}
        rows = CheckinRows(
            measurements=[
                (k, today, v, (notes or {}).get(k, "")) for k, v in values.items() if k not in fixed
            ],
            steps_done=[(s, today) for s in steps_done],
            entries=[{**e, "day": today} for e in entries],
            corrections=[(fixed[k], v) for k, v in values.items() if k in fixed],
        )
        with labelled(f"the check-in of {short_day(today, today)}"):
            self.ctx.repo.save_checkin(rows, self.ctx.clock.now())
        reached: list[str] = []
        figures: dict[int, float] = {}
        if values:
            for r in self.readings.readings():
                if r.kpi.id in values and (now := figure_now(r)) is not None:
                    figures[r.kpi.id] = now
                old = before.get(r.kpi.id)
                if (
                    r.kpi.id in values
                    and r.status == KpiStatus.ACHIEVED
                    and old is not None
                    and old.status != KpiStatus.ACHIEVED
                ):
                    reached.append(r.kpi.name)
        ready = self._ready_milestones(set(steps_done)) if steps_done else []
        asked = {m for m, _ in ready}
        marks = tuple(
            (m.id, m.title, checkpoint_label(k, m.kpi_value))
            for m, k in reached_checkpoints(self.ctx, figures)
            if m.id not in asked
        )
        return CheckinResult(
            kpis=len(values),
            steps=len(rows.steps_done),
            entries=sum(1 for e in entries if _entry_has_content(e)),
            streak=self.streak(),
            targets_reached=tuple(reached),
            milestones_ready=tuple(ready),
            checkpoints_reached=marks,
        )

    def _check_obstacles(self, entries: Sequence[Mapping[str, Any]]) -> None:
        """Refuse a check-in matched to an obstacle planned for another goal."""
        named = {e["obstacle_id"]: e["goal_id"] for e in entries if e.get("obstacle_id")}
        if not named:
            return
        planned = {o.id: o.goal_id for o in self.ctx.repo.obstacles(sorted(set(named.values())))}
        for obstacle_id, goal_id in named.items():
            if planned.get(obstacle_id) != goal_id:
                raise ServiceError("a check-in can only name an obstacle planned for its own goal")

    def _ready_milestones(self, step_ids: set[int]) -> list[tuple[int, str]]:
        """(id, title) of the open milestones of ``step_ids`` whose steps are now all done.

        Only a question: a milestone is marked reached by the person, never as a
        side effect of ticking its last step.
        """
        steps: dict[int, list[Step]] = {}
        for s in self.ctx.repo.steps():
            steps.setdefault(s.milestone_id, []).append(s)
        touched = {m for m, own in steps.items() if any(s.id in step_ids for s in own)}
        return [
            (m.id, m.title)
            for m in self.ctx.repo.milestones()
            if m.id in touched and m.done_on is None and all(s.done_on for s in steps[m.id])
        ]


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _entry_has_content(entry: Mapping[str, Any]) -> bool:
    fields = ("confidence", "wins", "obstacles", "note", "obstacle_id")
    return any(entry.get(k) not in (None, "") for k in fields)
