"""Storing what the wizard holds: a new goal's rows, or the changes to a stored goal.

No Textual here. ``plan_rows`` turns a checked draft into the rows of a new goal.
For an edit, ``load_source`` reads a goal with its KPIs, milestones and steps,
``stored_fields``, ``stored_kpis`` and ``stored_plan`` give them as the wizard's
fields show them, ``plan_edit`` compares what the wizard holds now with them and
lists the writes, and ``apply_edit`` makes them through the service, goal first,
so a goal deleted in another window stops the save before anything else is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from goaltui.domain.fmt import format_number
from goaltui.domain.models import Goal, GoalStatus, Importance, Kpi, Milestone, Obstacle, Step
from goaltui.domain.obstacles import RawObstacle
from goaltui.domain.parse import parse_date, parse_number
from goaltui.domain.wizard import Checked, RawKpi, RawMilestone, RawStep, RawWizard
from goaltui.services.checkpoints import wizard_tie
from goaltui.services.wizard_obstacles import ObstacleRowText, obstacle_edit
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


def _values(row: dict[str, Any]) -> dict[str, Any]:
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
        kpis=[_values(kpi_fields(kpi)) for kpi in draft.kpis],
        milestones=milestones,
        obstacles=[{"obstacle": o.obstacle, "plan": o.plan} for o in draft.obstacles],
    )


def _day(text: str, today: date) -> date | None:
    try:
        return parse_date(text, today) if text.strip() else None
    except ValueError:
        return None


@dataclass
class EditPlan:
    """The writes that turn the stored goal into what the wizard holds."""

    goal_id: int
    goal: dict[str, Any] = field(default_factory=dict)
    kpi_edits: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    kpi_adds: list[dict[str, Any]] = field(default_factory=list)
    kpi_deletes: list[int] = field(default_factory=list)
    milestone_edits: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    milestone_adds: list[tuple[str, date, list[tuple[str, date | None, Importance]]]] = field(
        default_factory=list
    )
    milestone_deletes: list[int] = field(default_factory=list)
    #: The checkpoint (KPI id, value) of a milestone added, by its place in milestone_adds.
    add_ties: dict[int, tuple[int | None, float | None]] = field(default_factory=dict)
    step_edits: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    step_adds: list[tuple[int, str, date | None, Importance]] = field(default_factory=list)
    step_deletes: list[int] = field(default_factory=list)
    #: The whole list of likely obstacles to save; ``None``: unchanged.
    obstacles: list[ObstacleRowText] | None = None
    #: What needs a reason, in words: "the deadline", "the target of Defect rate".
    revised: list[str] = field(default_factory=list)
    #: What goes away, in words, to confirm first.
    removed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not any(
            (
                self.goal,
                self.kpi_edits,
                self.kpi_adds,
                self.kpi_deletes,
                self.milestone_edits,
                self.milestone_adds,
                self.milestone_deletes,
                self.step_edits,
                self.step_adds,
                self.step_deletes,
                self.obstacles is not None,
            )
        )


def _changes(current: Any, wanted: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in wanted.items() if getattr(current, k) != v}


def plan_edit(
    source: EditSource,
    raw: RawWizard,
    result: Checked,
    ids: dict[str, int],
    extra: dict[str, Any],
    today: date,
) -> EditPlan:
    """Compare the wizard's fields with the stored goal.

    ``ids`` maps a block key (``k1``, ``m3``, ``s4``) to the id of the row it was
    filled from; ``extra`` holds goal fields outside the draft (weight, status).
    """
    draft = result.draft
    goal = source.goal
    plan = EditPlan(goal.id)
    plan.goal = _changes(goal, {**goal_fields(draft), **extra})
    for name in ("start", "deadline"):
        if name in plan.goal:
            plan.revised.append(f"the {name} ({_text(getattr(goal, name))} → {plan.goal[name]})")

    kpis = {k.id: k for k in source.kpis}
    kept: set[int] = set()
    blocks = [b for b in raw.kpis if not b.blank()]
    stored = [ids.get(b.key) if ids.get(b.key) in kpis else None for b in blocks]
    for block, kpi in zip(blocks, draft.kpis, strict=True):
        row = kpi_fields(kpi)
        kpi_id = ids.get(block.key)
        if kpi_id is None or kpi_id not in kpis:
            plan.kpi_adds.append(_values(row))
            continue
        kept.add(kpi_id)
        old = kpis[kpi_id]
        changes = _changes(old, row)
        for name in ("target", "baseline", "high"):
            if name in changes:
                was, now = getattr(old, name), changes[name]
                plan.revised.append(
                    f"the {'high end' if name == 'high' else name} of {old.name} "
                    f"({'none' if was is None else format_number(was)} → "
                    f"{'none' if now is None else format_number(now)})"
                )
        if changes:
            plan.kpi_edits.append((kpi_id, _values(changes)))
    for kpi_id, old in kpis.items():
        if kpi_id not in kept:
            plan.kpi_deletes.append(kpi_id)
            plan.removed.append(f"KPI {old.name} and its recorded values")

    milestones = {m.id: m for m in source.milestones}
    steps = {s.id: s for own in source.steps.values() for s in own}
    kept_m: set[int] = set()
    kept_s: set[int] = set()
    for mblock in raw.milestones:
        if mblock.blank():
            continue
        day = _day(mblock.date, today)
        rows = [
            (s.key, s.title.strip(), _day(s.due, today), Importance(s.importance))
            for s in mblock.steps
            if not s.blank()
        ]
        milestone_id = ids.get(mblock.key)
        tie = wizard_tie(mblock.kpi, mblock.kpi_value, draft.kpis, stored)
        if milestone_id is None or milestone_id not in milestones or day is None:
            if day is not None and tie is not None and tie[0] is not None:
                plan.add_ties[len(plan.milestone_adds)] = tie
            if day is not None:
                plan.milestone_adds.append(
                    (mblock.title.strip(), day, [(title, due, w) for _, title, due, w in rows])
                )
            continue
        kept_m.add(milestone_id)
        old_m = milestones[milestone_id]
        wanted: dict[str, Any] = {"title": mblock.title.strip(), "target_date": day}
        if tie is not None:
            wanted.update(kpi_id=tie[0], kpi_value=tie[1])
        changes = _changes(old_m, wanted)
        if "target_date" in changes:
            plan.revised.append(f"the date of {old_m.title} ({old_m.target_date} → {day})")
        if "kpi_value" in changes and old_m.kpi_value is not None:
            plan.revised.append(f"the checkpoint of {old_m.title}")
        if changes:
            plan.milestone_edits.append((milestone_id, changes))
        for key, title, due, weight in rows:
            step_id = ids.get(key)
            if step_id is None or step_id not in steps:
                plan.step_adds.append((milestone_id, title, due, weight))
                continue
            kept_s.add(step_id)
            old_s = steps[step_id]
            step_changes = _changes(old_s, {"title": title, "due": due, "importance": weight})
            if "due" in step_changes:
                plan.revised.append(f"the due date of {old_s.title} ({_text(old_s.due)} → {due})")
            if step_changes:
                plan.step_edits.append((step_id, step_changes))
    for milestone_id, old_m in milestones.items():
        if milestone_id not in kept_m:
            plan.milestone_deletes.append(milestone_id)
            plan.removed.append(f"milestone {old_m.title} with its steps")
    for step_id, old_s in steps.items():
        if step_id not in kept_s and old_s.milestone_id in kept_m:
            plan.step_deletes.append(step_id)
            plan.removed.append(f"step {old_s.title}")
    plan.obstacles, gone = obstacle_edit(source.obstacles, raw.obstacles, ids)
    plan.removed += gone
    return plan


def _text(value: Any) -> str:
    return "none" if value is None else str(value)


def apply_edit(svc: GoalService, plan: EditPlan, reason: str) -> Goal:
    """Make the writes of ``plan``; the goal first, so a goal deleted elsewhere stops it."""
    goal = svc.edit_goal(plan.goal_id, plan.goal, reason)
    for kpi_id in plan.kpi_deletes:
        svc.delete_kpi(kpi_id, reason)
    for kpi_id, changes in plan.kpi_edits:
        svc.edit_kpi(kpi_id, changes, reason)
    for row in plan.kpi_adds:
        svc.add_kpi(plan.goal_id, reason, **row)
    for milestone_id in plan.milestone_deletes:
        svc.delete_milestone(milestone_id)
    for step_id in plan.step_deletes:
        svc.delete_step(step_id)
    for milestone_id, changes in plan.milestone_edits:
        svc.edit_milestone(milestone_id, changes, reason)
    for step_id, changes in plan.step_edits:
        svc.edit_step(step_id, changes, reason)
    for milestone_id, title, due, weight in plan.step_adds:
        _add_step(svc, milestone_id, title, due, weight)
    for n, (title, day, rows) in enumerate(plan.milestone_adds):
        milestone = svc.add_milestone(plan.goal_id, title, day)
        if n in plan.add_ties:
            tied, value = plan.add_ties[n]
            svc.edit_milestone(milestone.id, {"kpi_id": tied, "kpi_value": value})
        for step_title, step_due, step_weight in rows:
            _add_step(svc, milestone.id, step_title, step_due, step_weight)
    if plan.obstacles is not None:
        svc.set_obstacles(plan.goal_id, plan.obstacles)
    return goal


def _add_step(
    svc: GoalService, milestone_id: int, title: str, due: date | None, weight: Importance
) -> None:
    step = svc.add_step(milestone_id, title, due)
    if weight != Importance.NORMAL:
        svc.edit_step(step.id, {"importance": weight})


def draft_allowed(source: EditSource | None) -> bool:
    """A new goal may be saved as a draft; a stored one only while it is a draft."""
    return source is None or source.goal.status == "draft"


def status_after(goal: Goal, wanted: str) -> str:
    """Saving keeps a goal's status; 'Save as active' on a draft makes it active."""
    if goal.status == GoalStatus.DRAFT:
        return wanted
    return goal.status.value
