"""A goal's likely obstacles, each with its plan: "if this happens, I will …"."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
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

    def set_obstacles(
        self, goal_id: int, rows: Sequence[tuple[int | None, str, str]]
    ) -> list[Obstacle]:
        """Make a goal's obstacles ``rows`` — (id or None for a new one, obstacle, plan) —
        in one transaction: stored ones left out are removed, the others changed or added
        in this order. A blank obstacle is refused and nothing changes."""
        cleaned = [(i, _clean({"obstacle": o, "plan": p})) for i, o, p in rows]
        repo = self.ctx.repo
        stored = {o.id: o for o in repo.obstacles([goal_id])}
        strangers = [i for i, _ in cleaned if i is not None and i not in stored]
        if strangers:
            raise ServiceError("an obstacle of this list belongs to another goal, or is gone")

        def run() -> list[Obstacle]:
            repo.get("goal", goal_id)  # NotFound for a goal that is gone
            kept = {i for i, _ in cleaned if i is not None}
            for gone in set(stored) - kept:
                repo.delete("obstacle", gone)
            for position, (i, fields) in enumerate(cleaned):
                if i is None:
                    repo.add("obstacle", goal_id=goal_id, position=position, **fields)
                else:
                    old = stored[i]
                    new = {**fields, "position": position}
                    if (old.obstacle, old.plan, old.position) != tuple(new.values()):
                        repo.update("obstacle", i, new)
            return repo.obstacles([goal_id])

        return repo.atomic(run)

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
