"""Storing what the wizard holds: a new goal's rows, or the changes to a stored goal.

No Textual here. ``plan_rows`` turns a checked draft into the rows of a new goal.
For an edit, ``load_source`` reads a goal with its KPIs, milestones and steps,
``stored_fields``, ``stored_kpis`` and ``stored_plan`` give them as the wizard's
fields show them; :mod:`goaltui.services.wizard_edit` compares what the wizard
holds now with them and makes the writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from goaltui.domain.fmt import format_number
from goaltui.domain.models import Goal, GoalStatus, Kpi, Milestone, Obstacle, Step
from goaltui.domain.obstacles import RawObstacle
from goaltui.domain.parse import parse_date, parse_number
from goaltui.domain.wizard import Checked, RawKpi, RawMilestone, RawStep
from goaltui.services.wizard_obstacles import stored_obstacles as _stored_obstacles

if TYPE_CHECKING:
    from goaltui.domain.smart import GoalDraft, KpiDraft
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

#: Makes the key of a new block from its prefix (``k``, ``m``, ``s``) and the
#: id of the stored row it shows.
NewKey = Callable[[str, int | None], str]


@dataclass(frozen=True)
class EditSource:
    """A goal as stored, with its KPIs, milestones (last first) and their steps."""

    goal: Goal
    parent_title: str | None
    kpis: list[Kpi]
    milestones: list[Milestone]
    steps: dict[int, list[Step]]
    #: The first KPI's rate per week so far (from its recent periods), if it has history.
    achieved_rate: float | None = None
    obstacles: list[Obstacle] = field(default_factory=list)


def load_source(svc: GoalService, goal_id: int) -> EditSource:
    """Read everything the wizard shows for ``goal_id`` (runs in a worker)."""
    goal = svc.goal(goal_id)
    parent_title = None
    if goal.parent_id is not None:
        parent_title = next((g.title for g in svc.goals() if g.id == goal.parent_id), None)
    kpis = svc.repo.kpis([goal_id])
    milestones = sorted(
        svc.repo.milestones([goal_id]), key=lambda m: (m.target_date, m.position), reverse=True
    )
    steps: dict[int, list[Step]] = {m.id: [] for m in milestones}
    for step in svc.repo.steps([m.id for m in milestones]):
        steps.setdefault(step.milestone_id, []).append(step)
    achieved = None
    if kpis:
        from goaltui.domain.kpi import achieved_rate_per_week

        achieved = achieved_rate_per_week(svc.reading(kpis[0].id).series)
    obstacles = svc.obstacles([goal_id])
    return EditSource(goal, parent_title, kpis, milestones, steps, achieved, obstacles)


def stored_obstacles(source: EditSource, new_key: NewKey) -> list[RawObstacle]:
    """The stored likely obstacles as the wizard's rows show them."""
    return _stored_obstacles(source.obstacles, new_key)


def stored_fields(source: EditSource) -> dict[str, str]:
    """The text of the goal's own fields as stored, keyed by field."""
    goal = source.goal
    return {
        "intention": goal.title,
        "title": goal.title,
        "description": goal.description,
        "why": goal.why,
        "start": goal.start.isoformat(),
        "deadline": day_text(goal.deadline),
        "confidence": "" if goal.confidence is None else str(goal.confidence),
        "resources": goal.resources,
        "partner": goal.partner,
        "weight": number_text(goal.weight),
    }


def stored_kpis(source: EditSource, new_key: NewKey) -> list[RawKpi]:
    """The stored KPIs as their blocks show them."""
    return [
        RawKpi(
            key=new_key("k", kpi.id),
            name=kpi.name,
            unit=kpi.unit,
            baseline=number_text(kpi.baseline),
            target=number_text(kpi.target),
            kind=kpi.kind.value,
            cadence=kpi.cadence.value,
            aggregation=kpi.aggregation.value,
            high="" if kpi.high is None else number_text(kpi.high),
        )
        for kpi in source.kpis
    ]


def stored_plan(source: EditSource, new_key: NewKey) -> list[RawMilestone]:
    """The stored milestones (last first) with their steps, as their blocks show them."""
    plan = []
    for milestone in source.milestones:
        key = new_key("m", milestone.id)
        steps = [
            RawStep(new_key("s", step.id), step.title, day_text(step.due), step.importance.value)
            for step in source.steps.get(milestone.id, [])
        ]
        tied = next((k for k in source.kpis if k.id == milestone.kpi_id), None)
        plan.append(
            RawMilestone(
                key,
                milestone.title,
                day_text(milestone.target_date),
                steps,
                tied.name if tied is not None and milestone.kpi_value is not None else "",
                number_text(milestone.kpi_value)
                if tied is not None and milestone.kpi_value is not None
                else "",
            )
        )
    return plan


def day_text(day: date | None) -> str:
    """A stored date as it shows in a field; empty for none."""
    return "" if day is None else day.isoformat()


def number_text(value: float) -> str:
    """A stored number as it would be typed, reading back to exactly the same value."""
    text = format_number(value)
    return text if parse_number(text) == value else repr(value)


def goal_fields(draft: GoalDraft) -> dict[str, Any]:
    """The goal's own stored fields, as the checked draft has them."""
    return {
        "title": draft.title,
        "description": draft.description,
        "why": draft.why,
        "parent_id": draft.parent_id,
        "start": draft.start,
        "deadline": draft.deadline,
        "confidence": draft.confidence,
        "resources": draft.resources,
        "partner": draft.partner,
    }


def kpi_fields(kpi: KpiDraft) -> dict[str, Any]:
    """A KPI's stored fields; a KPI without a baseline starts at its target."""
    return {
        "name": kpi.name,
        "unit": kpi.unit,
        "baseline": kpi.baseline if kpi.baseline is not None else kpi.target,
        "target": kpi.target,
        "kind": kpi.kind,
        "cadence": kpi.cadence,
        "aggregation": kpi.aggregation,
        "high": kpi.high,
    }


def row_values(row: dict[str, Any]) -> dict[str, Any]:
    """``row`` with its choices (kind, cadence...) as the text they are stored as."""
    return {k: getattr(v, "value", v) for k, v in row.items()}


def plan_rows(result: Checked, status: str) -> PlanRows:
    """The rows ``GoalService.create_goal`` stores for a checked draft."""
    from goaltui.storage.repository import PlanRows

    draft = result.draft
    milestones = [
        {
            "title": m.title,
            "target_date": m.target_date,
            "steps": [
                {"title": s.title, "due": s.due, "importance": s.importance.value} for s in m.steps
            ],
            "kpi": m.kpi if m.kpi_value is not None else None,
            "kpi_value": m.kpi_value if m.kpi is not None else None,
        }
        for m in draft.milestones
    ]
    return PlanRows(
        goal={**goal_fields(draft), "status": status},
        kpis=[row_values(kpi_fields(kpi)) for kpi in draft.kpis],
        milestones=milestones,
        obstacles=[{"obstacle": o.obstacle, "plan": o.plan} for o in draft.obstacles],
    )


def typed_day(text: str, today: date) -> date | None:
    try:
        return parse_date(text, today) if text.strip() else None
    except ValueError:
        return None


def draft_allowed(source: EditSource | None) -> bool:
    """A new goal may be saved as a draft; a stored one only while it is a draft."""
    return source is None or source.goal.status == "draft"


def status_after(goal: Goal, wanted: str) -> str:
    """Saving keeps a goal's status; 'Save as active' on a draft makes it active."""
    if goal.status == GoalStatus.DRAFT:
        return wanted
    return goal.status.value
