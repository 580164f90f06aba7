"""The changes the wizard makes to a stored goal: what to write, then writing it.

``plan_edit`` compares what the wizard holds now with the goal as stored
(:func:`goaltui.services.wizard.load_source`) and lists the writes, and
``apply_edit`` makes them through the service, goal first, so a goal deleted in
another window stops the save before anything else is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from goaltui.domain.changes import named
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Goal, Importance
from goaltui.domain.parse import parse_number
from goaltui.domain.wizard import Checked, RawWizard
from goaltui.domain.wizard_checkpoints import find_kpi
from goaltui.services.checkpoints import checked_at_end, wizard_tie
from goaltui.services.wizard import EditSource, goal_fields, kpi_fields, row_values, typed_day
from goaltui.services.wizard_obstacles import ObstacleRowText, obstacle_edit
from goaltui.storage.repository import labelled

if TYPE_CHECKING:
    from goaltui.domain.drafts import KpiDraft
    from goaltui.services import GoalService


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
    #: Checkpoints on a KPI this edit adds: (stored milestone id or None, place in
    #: milestone_adds or None, place of the KPI in kpi_adds, value), set once both exist.
    new_kpi_ties: list[tuple[int | None, int | None, int, float]] = field(default_factory=list)
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
    #: The draft's new KPIs: their place among the draft's KPIs -> in kpi_adds.
    added: dict[int, int] = {}
    for n, (block, kpi) in enumerate(zip(blocks, draft.kpis, strict=True)):
        row = kpi_fields(kpi)
        kpi_id = ids.get(block.key)
        if kpi_id is None or kpi_id not in kpis:
            added[n] = len(plan.kpi_adds)
            plan.kpi_adds.append(row_values(row))
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
            plan.kpi_edits.append((kpi_id, row_values(changes)))
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
        day = typed_day(mblock.date, today)
        rows = [
            (s.key, s.title.strip(), typed_day(s.due, today), Importance(s.importance))
            for s in mblock.steps
            if not s.blank()
        ]
        milestone_id = ids.get(mblock.key)
        tie = wizard_tie(mblock.kpi, mblock.kpi_value, draft.kpis, stored)
        on_new = None if tie else _tie_to_new(mblock.kpi, mblock.kpi_value, draft.kpis, added)
        if milestone_id is None or milestone_id not in milestones or day is None:
            if day is not None and tie is not None and tie[0] is not None:
                plan.add_ties[len(plan.milestone_adds)] = tie
            if day is not None and on_new is not None:
                plan.new_kpi_ties.append((None, len(plan.milestone_adds), *on_new))
            if day is not None:
                plan.milestone_adds.append(
                    (mblock.title.strip(), day, [(title, due, w) for _, title, due, w in rows])
                )
            continue
        kept_m.add(milestone_id)
        old_m = milestones[milestone_id]
        if on_new is not None:
            plan.new_kpi_ties.append((milestone_id, None, *on_new))
            if old_m.kpi_value is not None:
                plan.revised.append(f"the checkpoint of {old_m.title}")
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


def _tie_to_new(
    name: str, value: str, kpis: Sequence[KpiDraft], added: dict[int, int]
) -> tuple[int, float] | None:
    """A checkpoint on a KPI this edit adds: (its place in kpi_adds, the value)."""
    index = find_kpi(name, kpis)
    if index is None or index not in added or not value.strip():
        return None
    return added[index], parse_number(value, kpis[index].unit)


def _text(value: Any) -> str:
    return "none" if value is None else str(value)


def apply_edit(svc: GoalService, plan: EditPlan, reason: str) -> Goal:
    """Make the writes of ``plan``; the goal first, so a goal deleted elsewhere stops it.

    All or nothing (one transaction): a write refused half-way leaves the goal as
    it was. One change for undo, however many writes it takes.
    """
    with labelled(f"the wizard's changes to {named(svc.goal(plan.goal_id).title)}"):
        return svc.repo.atomic(lambda: _apply_checked(svc, plan, reason))


def _apply_checked(svc: GoalService, plan: EditPlan, reason: str) -> Goal:
    with checked_at_end(svc.context, plan.goal_id):
        return _apply_edit(svc, plan, reason)


def _apply_edit(svc: GoalService, plan: EditPlan, reason: str) -> Goal:
    goal = svc.edit_goal(plan.goal_id, plan.goal, reason)
    for kpi_id in plan.kpi_deletes:
        svc.delete_kpi(kpi_id, reason)
    for kpi_id, changes in plan.kpi_edits:
        svc.edit_kpi(kpi_id, changes, reason)
    new_kpis = [svc.add_kpi(plan.goal_id, reason, **row) for row in plan.kpi_adds]
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
    new_milestones: list[int] = []
    for n, (title, day, rows) in enumerate(plan.milestone_adds):
        milestone = svc.add_milestone(plan.goal_id, title, day)
        new_milestones.append(milestone.id)
        if n in plan.add_ties:
            tied, value = plan.add_ties[n]
            svc.edit_milestone(milestone.id, {"kpi_id": tied, "kpi_value": value})
        for step_title, step_due, step_weight in rows:
            _add_step(svc, milestone.id, step_title, step_due, step_weight)
    for stored_id, place, kpi_place, new_value in plan.new_kpi_ties:
        tied_id = stored_id if stored_id is not None else new_milestones[place or 0]
        tie = {"kpi_id": new_kpis[kpi_place].id, "kpi_value": new_value}
        svc.edit_milestone(tied_id, tie, reason)
    if plan.obstacles is not None:
        svc.set_obstacles(plan.goal_id, plan.obstacles)
    return goal


def _add_step(
    svc: GoalService, milestone_id: int, title: str, due: date | None, weight: Importance
) -> None:
    step = svc.add_step(milestone_id, title, due)
    if weight != Importance.NORMAL:
        svc.edit_step(step.id, {"importance": weight})
