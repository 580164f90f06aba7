"""Goals: reading them, creating, editing, moving in the tree, status and deletion."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from goaltui.domain import progress as progress_rules
from goaltui.domain.changes import named
from goaltui.domain.models import Goal, GoalStatus
from goaltui.services.checkpoints import after, check_goal, plan_problem
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError
from goaltui.services.lookup import find_named
from goaltui.services.revisions import revision_drafts
from goaltui.storage.repository import Footprint, NotFound, PlanRows, labelled
from goaltui.storage.repository.sharing import SharingStore

#: The statuses of a goal that is not closed.
OPEN_STATUSES = (GoalStatus.ACTIVE, GoalStatus.PAUSED, GoalStatus.DRAFT)


class GoalsService:
    """Goals as a whole: each one's fields, its place in the tree and its status."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    # -- reading -------------------------------------------------------------------------
    def goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal."""
        return self.ctx.repo.goals(include_archived)

    def known_goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal as last read: kept (and shared) until anything is written.

        For views computed from many goals; :meth:`goals` always reads afresh.
        """
        repo = self.ctx.repo
        every = self.ctx.kept(("goals",), lambda: repo.goals(include_archived=True))
        return [g for g in every if include_archived or not g.archived]

    def own_goals(self, include_archived: bool = True) -> list[Goal]:
        """:meth:`known_goals` without the goals others shared with me (PostgreSQL).

        What is due, the check-in, the KPI screen and the timeline are about
        my own goals: a shared goal is read on the Goals screen, where it is
        marked with its owner, and only its owner can record anything in it.
        """
        others = self.shared_with_me()
        return [g for g in self.known_goals(include_archived) if g.id not in others]

    def shared_with_me(self) -> dict[int, str]:
        """The goals others shared with me: goal id -> its owner's role (kept until a
        write; none on SQLite, where every goal is its one person's)."""
        return dict(self.ctx.kept(("shared-with-me",), SharingStore(self.ctx.repo).others_goals))

    def find_goal(self, ref: int | str) -> Goal:
        """A goal by id, exact title, or unique case-insensitive title prefix or part."""
        if isinstance(ref, int):
            try:
                goal: Goal = self.ctx.repo.get("goal", ref)
            except NotFound:
                raise ServiceError(f"there is no goal {ref}") from None
            return goal
        return find_named(
            self.goals(),
            ref,
            lambda g: g.title,
            noun="goal",
            word="title",
            listing="goaltui list --all",
            anywhere=True,
        )

    def goal(self, goal_id: int) -> Goal:
        """One goal, or :class:`NotFound`."""
        return self.ctx.repo.get("goal", goal_id)  # type: ignore[no-any-return]

    def active_goals(self) -> list[Goal]:
        """The active, not archived goals (kept until anything is written)."""
        return [
            g
            for g in self.own_goals(include_archived=False)
            if g.status == GoalStatus.ACTIVE and not g.archived
        ]

    def active_goal_ids(self) -> list[int]:
        """The ids of the active, not archived goals (what the KPI screen shows)."""
        return [g.id for g in self.active_goals()]

    def looped_goals(self) -> list[Goal]:
        """Goals that are their own parent or ancestor (written by hand or an older version).

        The tree shows them at the top level; moving one (to the top, or under
        another goal) repairs it.
        """
        goals = self.known_goals()
        loops = progress_rules.looped({g.id: g.parent_id for g in goals})
        return [g for g in goals if g.id in loops]

    def footprint(self, goal_id: int) -> Footprint:
        """What deleting a goal takes with it."""
        return self.ctx.repo.footprint(goal_id)

    # -- writing -------------------------------------------------------------------------
    def create_goal(self, plan: PlanRows) -> Goal:
        """Create a goal with its KPIs, milestones and steps in one transaction."""
        if not str(plan.goal.get("title", "")).strip():
            raise ServiceError("a goal needs a title")
        check("goal", plan.goal)
        for k in plan.kpis:
            check("kpi", k)
        for m in plan.milestones:
            check("milestone", {k: v for k, v in m.items() if k not in ("steps", "kpi")})
            kpi = m.get("kpi")
            if kpi is not None and not (isinstance(kpi, int) and 0 <= kpi < len(plan.kpis)):
                raise ServiceError(f"a checkpoint names KPI {kpi!r}, which the plan does not have")
            for step in m.get("steps", ()):
                check("step", step)
        for o in plan.obstacles:
            check("obstacle", o)
        problem = plan_problem(plan.goal, plan.kpis, plan.milestones)
        if problem:
            raise ServiceError(problem)
        with labelled(f"adding the goal {named(plan.goal.get('title', ''))}"):
            return self.ctx.repo.create_plan(plan, self.ctx.clock.now())

    def edit_goal(self, goal_id: int, changes: Mapping[str, Any], reason: str = "") -> Goal:
        """Change a goal; a new deadline or start needs a reason (recorded as a revision)."""
        repo = self.ctx.repo
        goal = repo.get("goal", goal_id)
        if "title" in changes and not str(changes["title"]).strip():
            raise ServiceError("a goal needs a title")
        deadline = changes.get("deadline", goal.deadline)
        start = changes.get("start", goal.start)
        if deadline is not None and deadline < start:
            raise ServiceError("the deadline must not come before the start")
        check("goal", {"start": start, "deadline": deadline, **changes})
        if "parent_id" in changes:
            self._check_parent(goal_id, changes["parent_id"])
        if "start" in changes or "deadline" in changes:
            check_goal(self.ctx, goal_id, goal=after(goal, changes))
        revs = revision_drafts("goal", goal, changes, reason, goal_id)
        return repo.update("goal", goal_id, changes, revs, self.ctx.clock.now())  # type: ignore[no-any-return]

    def _check_parent(self, goal_id: int, parent_id: int | None) -> None:
        if parent_id is None:
            return
        parents = {g.id: g.parent_id for g in self.ctx.repo.goals()}
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
        clock = self.ctx.clock
        return self.ctx.repo.set_goal_status(goal_id, status, clock.today(), clock.now())

    def delete_goal(self, goal_id: int) -> None:
        """Delete a goal with its KPIs, measurements, milestones and steps."""
        self.ctx.repo.delete("goal", goal_id)  # named by the row: "deleting the goal 'X'"
