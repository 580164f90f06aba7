"""A goal's win: found by id or title, its reached targets and milestones gathered."""

from __future__ import annotations

from goaltui.domain.models import GoalStatus, Outcome, ReviewKind
from goaltui.domain.wins import Win, build_win
from goaltui.services.context import ServiceContext
from goaltui.services.goals import GoalsService
from goaltui.services.readings import ReadingService

#: The statuses that close a goal: its time is counted to the day it closed.
CLOSED = (GoalStatus.ACHIEVED, GoalStatus.MISSED, GoalStatus.ABANDONED)


class WinService:
    """Builds the shareable summary of what a goal has reached."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService, readings: ReadingService) -> None:
        self.ctx = ctx
        self.goals = goals
        self.readings = readings

    def win(self, ref: int | str) -> Win:
        """The win summary of the goal ``ref`` (an id or a title), or :class:`ServiceError`."""
        goal = self.goals.find_goal(ref)
        repo = self.ctx.repo
        reviews = repo.reviews(goal.id)  # newest first
        worked = next((r.worked for r in reviews if r.worked.strip()), "")
        closed_on = None
        if goal.status in CLOSED:
            final = next(
                (
                    r
                    for r in reviews
                    if r.kind == ReviewKind.FINAL and r.outcome == Outcome.ACHIEVED and r.created_at
                ),
                None,
            )
            when = final.created_at if final is not None else goal.updated_at
            closed_on = when.date() if when is not None else None
        return build_win(
            goal,
            self.readings.readings([goal.id]),
            repo.milestones([goal.id]),
            self.ctx.clock.today(),
            closed_on,
            worked,
        )
