"""The calls of :class:`~goaltui.services.goal_service.GoalService` about planning for
what may get in the way: a goal's likely obstacles, and the one step to do today.

Kept beside the facade (which it is mixed into) so that the facade stays readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from goaltui.services.obstacles import ObstacleService

if TYPE_CHECKING:
    from goaltui.domain.models import Obstacle
    from goaltui.services.checkin import CheckinService, DueItem
    from goaltui.services.context import ServiceContext


class PlanCalls:
    """Planned obstacles and the one thing for today, passed on to their services."""

    context: ServiceContext
    checkin_service: CheckinService

    @property
    def obstacle_service(self) -> ObstacleService:
        """The service of planned obstacles, over the shared context."""
        return ObstacleService(self.context)

    def obstacles(self, goal_ids: Iterable[int] | None = None) -> list[Obstacle]:
        """The planned obstacles of ``goal_ids`` (all when ``None``), in their order."""
        return self.obstacle_service.obstacles(goal_ids)

    def add_obstacle(self, goal_id: int, obstacle: str, plan: str = "") -> Obstacle:
        """Add a likely obstacle with its plan ("if this happens, I will …") to a goal."""
        return self.obstacle_service.add_obstacle(goal_id, obstacle, plan)

    def edit_obstacle(self, obstacle_id: int, changes: Mapping[str, Any]) -> Obstacle:
        """Change an obstacle's text or plan (a blank obstacle is refused)."""
        return self.obstacle_service.edit_obstacle(obstacle_id, changes)

    def set_obstacles(
        self, goal_id: int, rows: Sequence[tuple[int | None, str, str]]
    ) -> list[Obstacle]:
        """Make a goal's obstacle list ``rows`` (id or None, obstacle, plan) in one step."""
        return self.obstacle_service.set_obstacles(goal_id, rows)

    def delete_obstacle(self, obstacle_id: int) -> None:
        """Remove a planned obstacle."""
        self.obstacle_service.delete_obstacle(obstacle_id)

    def one_thing(self) -> DueItem | None:
        """The first open step of the active goals, most urgent then most important first."""
        return self.checkin_service.one_thing()
