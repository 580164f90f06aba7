"""Planned obstacles: how a plan reads, and which obstacles a period's check-ins met."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from goaltui.domain.drafts import ObstacleDraft
from goaltui.domain.models import CheckIn, Obstacle

#: The arrow between an obstacle and its plan.
THEN = "→"


def if_then(obstacle: str, plan: str) -> str:
    """'If it rains → I run on the treadmill' (a missing plan is said, not hidden)."""
    return f"If {obstacle.strip()} {THEN} {plan.strip() or 'no plan yet'}"


@dataclass(frozen=True, slots=True)
class PlannedMet:
    """A planned obstacle that check-ins of the period met, and on which days."""

    obstacle: Obstacle
    days: tuple[date, ...]


@dataclass(frozen=True, slots=True)
class ObstaclesMet:
    """What got in the way of one goal over a period."""

    #: Planned obstacles met, most days first (then in their planned order).
    planned: tuple[PlannedMet, ...] = ()
    #: (day, words) of obstacles written down and matched to no plan, by day.
    unplanned: tuple[tuple[date, str], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.planned or self.unplanned)


def obstacles_met(checkins: Iterable[CheckIn], obstacles: Sequence[Obstacle]) -> ObstaclesMet:
    """Sort one goal's check-ins of a period into planned obstacles met and unplanned ones.

    A check-in matched to a planned obstacle counts one day for it (several
    check-ins on one day count once); a check-in with obstacle words and no
    match is an unplanned obstacle.
    """
    known = {o.id: o for o in obstacles}
    days: dict[int, set[date]] = {}
    unplanned: list[tuple[date, str]] = []
    for c in checkins:
        if c.obstacle_id is not None and c.obstacle_id in known:
            days.setdefault(c.obstacle_id, set()).add(c.day)
        elif c.obstacles.strip():
            unplanned.append((c.day, c.obstacles.strip()))
    place = {o.id: n for n, o in enumerate(obstacles)}
    planned = sorted(
        (PlannedMet(known[i], tuple(sorted(d))) for i, d in days.items()),
        key=lambda p: (-len(p.days), place[p.obstacle.id]),
    )
    return ObstaclesMet(tuple(planned), tuple(sorted(unplanned)))


def days_count(n: int) -> str:
    """'1 day', '3 days'."""
    return f"{n} day" if n == 1 else f"{n} days"


@dataclass
class RawObstacle:
    """One obstacle row of the wizard as typed (``key``: its fields are ``f-<key>-…``)."""

    key: str
    obstacle: str = ""
    plan: str = ""

    def blank(self) -> bool:
        """Nothing typed in it."""
        return not (self.obstacle.strip() or self.plan.strip())


def check_obstacles(rows: Sequence[RawObstacle], errors: dict[str, str]) -> list[ObstacleDraft]:
    """The rows with something typed, as drafts; a plan without its obstacle is an error
    at the row's obstacle field (``<key>-obstacle``)."""
    out = []
    for row in rows:
        if row.blank():
            continue
        if not row.obstacle.strip():
            errors[f"{row.key}-obstacle"] = "Say what might happen, or empty the plan."
            continue
        out.append(ObstacleDraft(row.obstacle.strip(), row.plan.strip()))
    return out
