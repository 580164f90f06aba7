"""Milestones and their steps: adding, editing (with a reason for a new date) and deleting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from goaltui.domain.models import Milestone, Step
from goaltui.services.checkpoints import after, check_goal
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError
from goaltui.services.revisions import revise, revision_drafts


class MilestoneService:
    """The plan of a goal: its milestones and the steps under each."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def add_milestone(self, goal_id: int, title: str, target_date: date) -> Milestone:
        """Add a milestone to a goal."""
        if not title.strip():
            raise ServiceError("a milestone needs a title")
        check("milestone", {"target_date": target_date})
        return self.ctx.repo.add(  # type: ignore[no-any-return]
            "milestone", goal_id=goal_id, title=title, target_date=target_date
        )

    def edit_milestone(
        self, milestone_id: int, changes: Mapping[str, Any], reason: str = ""
    ) -> Milestone:
        """Change a milestone; a new date or checkpoint value needs a reason (a revision).

        A checkpoint (``kpi_id`` and ``kpi_value``, both or neither) is checked
        against its goal and the KPI's other checkpoints
        (:func:`goaltui.services.checkpoints.check_goal`).
        """
        if {"kpi_id", "kpi_value", "target_date"} & set(changes):
            m = self.ctx.repo.get("milestone", milestone_id)
            check("milestone", changes)
            changed = after(m, changes)
            if {"kpi_id", "kpi_value"} & set(changes) and (changed.kpi_id is None) != (
                changed.kpi_value is None
            ):
                raise ServiceError("a checkpoint needs both a KPI and a value")
            check_goal(self.ctx, m.goal_id, milestone=changed)
        return revise(self.ctx, "milestone", milestone_id, changes, reason)  # type: ignore[no-any-return]

    def set_checkpoint(
        self, milestone_id: int, kpi_id: int | None, value: float | None, reason: str = ""
    ) -> Milestone:
        """Tie a milestone to a KPI value to reach by its date, or (``None``) untie it.

        A changed value needs a reason; it is recorded as a revision.
        """
        if (kpi_id is None) != (value is None):
            raise ServiceError("a checkpoint needs both a KPI and a value")
        return self.edit_milestone(milestone_id, {"kpi_id": kpi_id, "kpi_value": value}, reason)

    def delete_milestone(self, milestone_id: int) -> None:
        """Delete a milestone with its steps."""
        self.ctx.repo.delete("milestone", milestone_id)

    def add_step(self, milestone_id: int, title: str, due: date | None = None) -> Step:
        """Add a step under a milestone.

        Its due date may not lie before the goal's start or before the milestone
        before its own (:func:`~goaltui.domain.reverse.check_steps`).
        """
        if not title.strip():
            raise ServiceError("a step needs a title")
        check("step", {"due": due})
        if due is not None:
            self._check_due(self.ctx.repo.get("milestone", milestone_id), due, title)
        return self.ctx.repo.add("step", milestone_id=milestone_id, title=title, due=due)  # type: ignore[no-any-return]

    def edit_step(self, step_id: int, changes: Mapping[str, Any], reason: str = "") -> Step:
        """Change a step; a new due date needs a reason (recorded as a revision).

        A new due date may not lie before the goal's start or before the
        milestone before the step's own (:func:`~goaltui.domain.reverse.check_steps`).
        """
        check("step", changes)
        repo = self.ctx.repo
        s = repo.get("step", step_id)
        m = repo.get("milestone", s.milestone_id)
        if changes.get("due") is not None:
            self._check_due(m, changes["due"], str(changes.get("title", s.title)))
        revs = revision_drafts("step", s, changes, reason, m.goal_id)
        return repo.update("step", step_id, changes, revs, self.ctx.clock.now())  # type: ignore[no-any-return]

    def delete_step(self, step_id: int) -> None:
        """Delete one step."""
        self.ctx.repo.delete("step", step_id)

    def _check_due(self, milestone: Milestone, due: date, title: str) -> None:
        """Refuse a step due before its goal's start or before the milestone before its own."""
        from goaltui.domain.reverse import check_steps, milestone_before

        repo = self.ctx.repo
        start = repo.get("goal", milestone.goal_id).start
        marks = [(x.title, x.target_date) for x in repo.milestones([milestone.goal_id])]
        previous = milestone_before(milestone.target_date, marks)
        problems = check_steps(None, [due], start=start, previous=previous, titles=[title])
        if problems:
            raise ServiceError(problems[0].message)
