"""The goals overview: the tree with rolled-up progress, and everything about one goal."""

from __future__ import annotations

from dataclasses import dataclass, field

from goaltui.domain import progress as progress_rules
from goaltui.domain.agreement import Agreement, AgreementState, agreement
from goaltui.domain.confidence import ConfidenceEntry, confidence_trail
from goaltui.domain.models import (
    CheckIn,
    Goal,
    GoalStatus,
    KpiReading,
    Milestone,
    Obstacle,
    Revision,
    Step,
)
from goaltui.domain.progress import GoalSummary
from goaltui.services.context import ServiceContext
from goaltui.services.goals import GoalsService
from goaltui.services.readings import ReadingService


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
    #: Who agreed to the plan, and whether it changed since (:mod:`goaltui.domain.agreement`).
    agreement: Agreement = field(default_factory=lambda: Agreement(AgreementState.NONE))
    #: The likely obstacles planned for, each with its plan, in their order.
    obstacles: list[Obstacle] = field(default_factory=list)


class OverviewService:
    """The goal tree as the Goals screen shows it, and one goal in detail."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService, readings: ReadingService) -> None:
        self.ctx = ctx
        self.goals = goals
        self.readings = readings

    def summaries(self, include_archived: bool = False) -> list[GoalSummary]:
        """Goals in tree order (parents before children) with rolled-up progress."""
        repo = self.ctx.repo
        today = self.ctx.clock.today()
        goals = self.goals.known_goals(include_archived=True)
        by_id = {g.id: g for g in goals}
        readings = self.readings.read_today(repo.kpis(), by_id, window=True)
        counts = repo.milestone_counts()  # goal id -> (milestones, done)
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

    def detail(self, goal_id: int) -> GoalDetail:
        """The selected goal with its KPIs, plan, revisions and last check-in."""
        repo = self.ctx.repo
        goal = repo.get("goal", goal_id)
        goals = {g.id: g for g in self.goals.known_goals()}
        readings = self.readings.read_today(repo.kpis([goal_id]), goals, window=True)
        milestones = repo.milestones([goal_id])
        steps: dict[int, list[Step]] = {}
        for s in repo.steps([m.id for m in milestones]):
            steps.setdefault(s.milestone_id, []).append(s)
        checkins = repo.checkins(goal_id)
        trail = confidence_trail(goal, checkins)
        revisions = repo.revisions(goal_id)
        return GoalDetail(
            goal=goal,
            summary=None,
            parent=goals.get(goal.parent_id) if goal.parent_id else None,
            readings=readings,
            milestones=milestones,
            steps=steps,
            revisions=revisions[:10],
            last_checkin=checkins[-1] if checkins else None,
            children=[g for g in goals.values() if g.parent_id == goal_id],
            confidence=trail[-1] if trail else None,
            confidence_trail=trail,
            agreement=agreement(revisions),
            obstacles=repo.obstacles([goal_id]),
        )
