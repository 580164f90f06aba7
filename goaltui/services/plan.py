"""The plan in time: open goals with their milestones, steps and last moves."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from goaltui.domain.models import Goal, GoalStatus, Milestone, Step
from goaltui.domain.pace import Stops
from goaltui.domain.urgency import by_urgency
from goaltui.services.checkpoints import checkpoint_label

if TYPE_CHECKING:
    from goaltui.services import GoalService


@dataclass(frozen=True, slots=True)
class Moved:
    """The last time a milestone or step was rescheduled: from which date, and why."""

    old: str
    reason: str


@dataclass(frozen=True, slots=True)
class TimelineMilestone:
    """A milestone with its steps and, per item, its last move."""

    milestone: Milestone
    steps: list[Step]
    moved: Moved | None = None
    steps_moved: dict[int, Moved] = field(default_factory=dict)
    #: What a checkpoint milestone asks of its KPI ("time on site 1.5 min"); "" otherwise.
    checkpoint: str = ""


@dataclass(frozen=True, slots=True)
class TimelineGoal:
    """A goal on the timeline with its milestones (by date)."""

    goal: Goal
    milestones: list[TimelineMilestone]
    #: Days the goal has been paused so far (its KPIs' pace lines run that much later).
    paused_days: int = 0


def timeline_plan(svc: GoalService) -> list[TimelineGoal]:
    """What the timeline screen shows: active and paused goals, milestones, steps, moves."""
    goals = [
        g
        for g in svc.goals_service.own_goals(include_archived=False)
        if g.status in (GoalStatus.ACTIVE, GoalStatus.PAUSED)
    ]
    wanted = {g.id for g in goals}
    today = svc.clock.today()
    milestones = [m for m in svc.repo.milestones() if m.goal_id in wanted]
    by_milestone: dict[int, list[Step]] = {m.id: [] for m in milestones}
    for s in svc.repo.steps():
        if s.milestone_id in by_milestone:
            by_milestone[s.milestone_id].append(s)
    moved: dict[tuple[str, int], Moved] = {}
    for r in svc.repo.revisions():  # newest first: keep the latest move of each item
        if r.undone:
            continue
        if r.entity in ("milestone", "step") and r.field in ("target_date", "due"):
            moved.setdefault((r.entity, r.entity_id), Moved(old=r.old, reason=r.reason))
    by_goal: dict[int, list[TimelineMilestone]] = {g.id: [] for g in goals}
    tied = {m.kpi_id for m in milestones if m.kpi_id is not None}
    kpis = {k.id: k for k in svc.repo.kpis(wanted)} if tied else {}
    for m in milestones:
        steps = by_urgency(by_milestone[m.id], today)
        by_goal[m.goal_id].append(
            TimelineMilestone(
                milestone=m,
                steps=steps,
                moved=moved.get(("milestone", m.id)),
                steps_moved={s.id: moved[("step", s.id)] for s in steps if ("step", s.id) in moved},
                checkpoint=checkpoint_label(kpis[m.kpi_id], m.kpi_value)
                if m.kpi_id in kpis and m.kpi_value is not None
                else "",
            )
        )
    for items in by_goal.values():
        items.sort(key=lambda t: (t.milestone.target_date, t.milestone.position, t.milestone.id))
    goals.sort(key=lambda g: (g.deadline or date.max, g.title.casefold(), g.id))
    pauses = svc.repo.pauses(wanted) if wanted else {}
    return [
        TimelineGoal(
            goal=g,
            milestones=by_goal[g.id],
            paused_days=Stops.of(pauses.get(g.id, ()), today, g.start).total,
        )
        for g in goals
    ]
