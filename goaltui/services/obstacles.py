"""A goal's likely obstacles, each with its plan: "if this happens, I will …"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from goaltui.domain.models import Obstacle
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError

#: The fields of an obstacle a person changes.
EDITABLE = ("obstacle", "plan")


class ObstacleService:
    """Adding, changing and removing a goal's planned obstacles."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def obstacles(self, goal_ids: Iterable[int] | None = None) -> list[Obstacle]:
        """The planned obstacles of ``goal_ids`` (all when ``None``), in their order."""
        return self.ctx.repo.obstacles(None if goal_ids is None else list(goal_ids))

    def add_obstacle(self, goal_id: int, obstacle: str, plan: str = "") -> Obstacle:
        """Add a likely obstacle and its plan at the end of the goal's list."""
        fields = _clean({"obstacle": obstacle, "plan": plan})
        self.ctx.repo.get("goal", goal_id)  # NotFound for a goal that is gone
        position = 1 + max((o.position for o in self.obstacles([goal_id])), default=-1)
        return self.ctx.repo.add(  # type: ignore[no-any-return]
            "obstacle", goal_id=goal_id, position=position, **fields
        )

    def edit_obstacle(self, obstacle_id: int, changes: Mapping[str, Any]) -> Obstacle:
        """Change an obstacle's text or its plan."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise ServiceError(f"an obstacle has no field {sorted(unknown)[0]!r}")
        fields = _clean(changes)
        return self.ctx.repo.update("obstacle", obstacle_id, fields)  # type: ignore[no-any-return]

    def delete_obstacle(self, obstacle_id: int) -> None:
        """Remove one planned obstacle (check-ins that met it keep their own text)."""
        self.ctx.repo.delete("obstacle", obstacle_id)


def _clean(fields: Mapping[str, Any]) -> dict[str, Any]:
    """The fields stripped and checked: an obstacle may not be blank."""
    out = {k: str(v).strip() for k, v in fields.items()}
    if "obstacle" in out and not out["obstacle"]:
        raise ServiceError("an obstacle needs a few words: what might get in the way?")
    check("obstacle", out)
    return out
