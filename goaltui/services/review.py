"""Reviews: looking back over a period, and closing a goal with a final review."""

from __future__ import annotations

from typing import Any

from goaltui.domain.models import GoalStatus, Review
from goaltui.services.context import ServiceContext, check
from goaltui.services.goals import GoalsService
from goaltui.storage.repository import labelled

#: The status a final review's outcome gives its goal.
OUTCOME_STATUS = {
    "achieved": GoalStatus.ACHIEVED,
    "missed": GoalStatus.MISSED,
    "postponed": GoalStatus.PAUSED,
}


class ReviewService:
    """Weekly, monthly and final reviews of the goals."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService) -> None:
        self.ctx = ctx
        self.goals = goals

    def reviews(self, goal_id: int | None = None) -> list[Review]:
        """Earlier reviews, newest first."""
        return self.ctx.repo.reviews(goal_id)

    def add_review(self, **fields: Any) -> Review:
        """Store a review; a final one with an outcome also closes its goal."""
        check("review", fields)
        with labelled(f"a {fields.get('kind', '')} review".replace("  ", " ")):
            review: Review = self.ctx.repo.add("review", now=self.ctx.clock.now(), **fields)
            outcome = fields.get("outcome")
            if fields.get("kind") == "final" and outcome and fields.get("goal_id"):
                self.goals.set_status(int(fields["goal_id"]), OUTCOME_STATUS[str(outcome)])
        return review
