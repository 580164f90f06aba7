"""The wizard's likely obstacles: as their rows show them, and what an edit changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from goaltui.domain.models import Obstacle
from goaltui.domain.obstacles import RawObstacle

#: One obstacle as saved: (stored id or None for a new one, obstacle, plan).
ObstacleRowText = tuple[int | None, str, str]


def stored_obstacles(
    obstacles: Sequence[Obstacle], new_key: Callable[[str, int | None], str]
) -> list[RawObstacle]:
    """The stored obstacles as the wizard's rows show them."""
    return [RawObstacle(new_key("o", o.id), o.obstacle, o.plan) for o in obstacles]


def obstacle_edit(
    stored: Sequence[Obstacle], rows: Sequence[RawObstacle], ids: dict[str, int]
) -> tuple[list[ObstacleRowText] | None, list[str]]:
    """The whole list to save (``None``: unchanged) and the stored obstacles it removes.

    ``ids`` maps a row key to the id of the stored obstacle it was filled from.
    """
    known = {o.id for o in stored}
    wanted: list[ObstacleRowText] = []
    for row in rows:
        if row.blank():
            continue
        row_id = ids.get(row.key)
        wanted.append((row_id if row_id in known else None, row.obstacle.strip(), row.plan.strip()))
    if wanted == [(o.id, o.obstacle, o.plan) for o in stored]:
        return None, []
    kept = {i for i, _, _ in wanted}
    return wanted, [f"planned obstacle {o.obstacle}" for o in stored if o.id not in kept]
