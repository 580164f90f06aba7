"""What the check-in shows: the due items and the goals that get a row on its form.

A long history can leave hundreds of steps overdue and thousands of goals
active: the form shows the most pressing few and says where the rest are.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import TYPE_CHECKING

from goaltui.domain.fmt import format_number

if TYPE_CHECKING:
    from goaltui.domain.models import CheckIn, Goal, Kpi, Measurement, Obstacle
    from goaltui.services import DueItem

KPI_CAP = 30
STEP_CAP = 20
MILESTONE_CAP = 5
GOAL_CAP = 10
RECENT_DAYS = 14


@dataclass(frozen=True, slots=True)
class CheckinData:
    """What the check-in screen shows (``goals``: the confidence rows shown).

    ``today`` holds the goals' check-ins of the day and ``values`` the value
    recorded today of each KPI with a row: the form opens with them, and
    saving again updates them.
    """

    due: list[DueItem]
    kpis: dict[int, Kpi]
    goals: list[Goal]
    confidence: dict[int, int]
    active_count: int = 0
    shown: dict[str, list[DueItem]] = dc_field(default_factory=dict)
    today: dict[int, CheckIn] = dc_field(default_factory=dict)
    values: dict[int, Measurement] = dc_field(default_factory=dict)
    #: Each shown goal's planned obstacles (goal id -> obstacles; absent: none).
    obstacles: dict[int, list[Obstacle]] = dc_field(default_factory=dict)
    #: The first open step in urgency order: the one thing for today.
    one_thing: DueItem | None = None

    def prefill(self) -> dict[str, str]:
        """What each field holds when the form opens (field id -> text; absent: empty)."""
        out: dict[str, str] = {}
        for item in self.items("kpi"):
            recorded = self.values.get(item.ref_id)
            if recorded is not None:
                out[f"kpi-{item.ref_id}"] = format_number(recorded.value)
        for g in self.goals:
            entry = self.today.get(g.id)
            if entry is not None and entry.confidence is not None:
                out[f"conf-{g.id}"] = str(entry.confidence)
            elif self.confidence.get(g.id, g.confidence) is not None:
                # The last one given, to keep or change: stored only if changed.
                out[f"conf-{g.id}"] = str(self.confidence.get(g.id, g.confidence))
            if entry is not None:
                out[f"wins-{g.id}"] = entry.wins
                out[f"obst-{g.id}"] = entry.obstacles
                if entry.obstacle_id is not None:
                    out[f"match-{g.id}"] = str(entry.obstacle_id)
        return {k: v for k, v in out.items() if v}

    def items(self, kind: str) -> list[DueItem]:
        """The due items of one kind that get a row on the form."""
        if kind in self.shown:
            return self.shown[kind]
        return [d for d in self.due if d.kind == kind]

    def hidden(self, kind: str) -> int:
        """How many due items of one kind have no row (rows of values recorded
        today are no longer due, and do not count)."""
        with_row = {d.ref_id for d in self.items(kind)}
        return sum(1 for d in self.due if d.kind == kind and d.ref_id not in with_row)


def choose(
    due: list[DueItem], active: list[Goal], recent: set[int]
) -> tuple[dict[str, list[DueItem]], list[Goal]]:
    """The rows worth a field: the most overdue items and the goals in play.

    ``due`` is most overdue first within a kind. With few active goals every
    one gets a confidence row; with many, those with something due or a check-in
    in the last :data:`RECENT_DAYS` days (items with a field first), capped.
    """
    caps = {"kpi": KPI_CAP, "step": STEP_CAP, "milestone": MILESTONE_CAP}
    shown = {kind: [d for d in due if d.kind == kind][:cap] for kind, cap in caps.items()}
    if len(active) <= GOAL_CAP:
        return shown, active
    with_field = {d.goal_id for kind in ("kpi", "step") for d in shown[kind]}
    pending = {d.goal_id for d in due if d.kind in caps}
    ranked = [
        (0 if g.id in with_field else 1 if g.id in pending else 2, n, g)
        for n, g in enumerate(active)
        if g.id in with_field or g.id in pending or g.id in recent
    ]
    ranked.sort(key=lambda r: (r[0], r[1]))
    chosen = {g.id for _, _, g in ranked[:GOAL_CAP]}
    return shown, [g for g in active if g.id in chosen]
