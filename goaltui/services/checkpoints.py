"""Checkpoints: a milestone's KPI value, checked against the goal and the KPI's other ones.

Every edge that writes a checkpoint (a milestone's edit, a new goal's plan, an
import) asks :func:`goal_problem` for the whole goal after the change, so the
rules of :mod:`goaltui.domain.checkpoints` hold however a checkpoint arrives.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

from goaltui.domain.checkpoints import checkpoint_problem, marks_of, reached
from goaltui.domain.models import Cadence, Goal, Kpi, KpiKind, Milestone
from goaltui.domain.present import format_value
from goaltui.services.context import ServiceContext
from goaltui.services.errors import ServiceError


def goal_problem(
    start: date,
    deadline: date | None,
    kpis: Sequence[Kpi],
    milestones: Iterable[Milestone],
) -> str | None:
    """Why the checkpoints among ``milestones`` of one goal cannot stand, or None."""
    every = list(milestones)
    by_id = {k.id: k for k in kpis}
    for m in every:
        # A value left without its KPI (the KPI was deleted) is no checkpoint: ignored.
        if m.kpi_id is not None and m.kpi_value is None:
            return f"the checkpoint {m.title!r} needs both a KPI and a value"
        if m.kpi_id is not None and m.kpi_id not in by_id:
            return f"the checkpoint {m.title!r} names a KPI that is not one of its goal's"
    for k in kpis:
        marks = marks_of(every, k.id)
        problem = checkpoint_problem(
            k.kind, k.baseline, k.target, start, deadline, marks, repr(k.name)
        )
        if problem:
            return problem
    return None


#: Goals whose checkpoints are checked once, when a block of several writes ends.
_checked_at_end: contextvars.ContextVar[frozenset[int]] = contextvars.ContextVar(
    "goaltui_checked_at_end", default=frozenset()
)


@contextmanager
def checked_at_end(ctx: ServiceContext, goal_id: int) -> Iterator[None]:
    """Check the goal's checkpoints once, as the writes inside leave them.

    A new target and a checkpoint moved to suit it are each refused alone;
    written together they stand. Run it inside one transaction
    (``repo.atomic``), so that a plan refused at the end writes nothing.
    """
    token = _checked_at_end.set(_checked_at_end.get() | {goal_id})
    try:
        yield
    finally:
        _checked_at_end.reset(token)
    check_goal(ctx, goal_id)


def check_goal(
    ctx: ServiceContext,
    goal_id: int,
    *,
    goal: Goal | None = None,
    kpi: Kpi | None = None,
    milestone: Milestone | None = None,
) -> None:
    """Refuse (ServiceError) when the goal's checkpoints would not stand.

    ``goal``, ``kpi`` and ``milestone`` are rows as they would be after a change.
    Inside :func:`checked_at_end` for the goal, the check waits for the block's end.
    """
    if goal_id in _checked_at_end.get():
        return
    repo = ctx.repo
    g = goal or repo.get("goal", goal_id)
    kpis = [kpi if kpi is not None and k.id == kpi.id else k for k in repo.kpis([goal_id])]
    milestones = repo.milestones([goal_id])
    if milestone is not None:
        milestones = [milestone if m.id == milestone.id else m for m in milestones]
        if all(m.id != milestone.id for m in milestones):
            milestones.append(milestone)
    if not any(m.is_checkpoint or m.kpi_id is not None for m in milestones):
        return
    problem = goal_problem(g.start, g.deadline, kpis, milestones)
    if problem:
        raise ServiceError(problem)


def after(row: Any, changes: Mapping[str, Any]) -> Any:
    """``row`` with ``changes`` of its own fields applied."""
    own = {name: value for name, value in changes.items() if hasattr(row, name)}
    return replace(row, **own)


def plan_problem(
    plan_goal: Mapping[str, Any],
    kpis: Sequence[Mapping[str, Any]],
    milestones: Sequence[Mapping[str, Any]],
) -> str | None:
    """:func:`goal_problem` for a new goal's plan (KPIs named by their place in ``kpis``)."""
    start = plan_goal.get("start")
    if not isinstance(start, date):
        return None
    deadline = plan_goal.get("deadline")
    rows = [_kpi_of(i, k) for i, k in enumerate(kpis)]
    marks = [
        Milestone(
            id=-1 - i,
            goal_id=0,
            title=str(m.get("title", "")),
            target_date=m["target_date"],
            kpi_id=m.get("kpi"),
            kpi_value=m.get("kpi_value"),
        )
        for i, m in enumerate(milestones)
        if isinstance(m.get("target_date"), date)
    ]
    return goal_problem(start, deadline if isinstance(deadline, date) else None, rows, marks)


def _kpi_of(index: int, fields: Mapping[str, Any]) -> Kpi:
    return Kpi(
        id=index,
        goal_id=0,
        name=str(fields.get("name", "")),
        unit=str(fields.get("unit", "")),
        baseline=float(fields.get("baseline", 0.0)),
        target=float(fields.get("target", 0.0)),
        kind=KpiKind(fields.get("kind", KpiKind.INCREASE)),
        cadence=Cadence(fields.get("cadence", Cadence.WEEKLY)),
    )


def reached_checkpoints(
    ctx: ServiceContext, values: Mapping[int, float], known: Sequence[Kpi] | None = None
) -> list[tuple[Milestone, Kpi]]:
    """Not-done checkpoints that the given KPI values (KPI id -> value) reach or pass.

    ``known``: the KPIs of ``values`` as just read, if the caller has them.
    """
    if not values:
        return []
    repo = ctx.repo
    kpis = {k.id: k for k in (repo.kpis() if known is None else known) if k.id in values}
    if not kpis:
        return []
    out: list[tuple[Milestone, Kpi]] = []
    for m in repo.milestones({k.goal_id for k in kpis.values()}):
        k = kpis.get(m.kpi_id) if m.kpi_id is not None else None
        if k is None or m.done_on is not None or m.kpi_value is None:
            continue
        if reached(k.kind, values[k.id], m.kpi_value):
            out.append((m, k))
    out.sort(key=lambda mk: (mk[0].target_date, mk[0].id))
    return out


def export_problem(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> str | None:
    """:func:`goal_problem` for every goal of an export's tables (rows as stored values)."""
    kpis: dict[Any, list[Kpi]] = {}
    for row in tables.get("kpi", ()):
        k = _kpi_of(row.get("id", 0), row)
        kpis.setdefault(row.get("goal_id"), []).append(k)
    marks: dict[Any, list[Milestone]] = {}
    for row in tables.get("milestone", ()):
        if row.get("kpi_id") is None and row.get("kpi_value") is None:
            continue
        m = Milestone(
            id=row.get("id", 0),
            goal_id=row.get("goal_id", 0),
            title=str(row.get("title", "")),
            target_date=row["target_date"],
            kpi_id=row.get("kpi_id"),
            kpi_value=row.get("kpi_value"),
        )
        marks.setdefault(m.goal_id, []).append(m)
    goals = {row.get("id"): row for row in tables.get("goal", ())}
    for goal_id, found in sorted(marks.items(), key=lambda gm: str(gm[0])):
        g = goals.get(goal_id)
        if g is None or not isinstance(g.get("start"), date):
            continue
        deadline = g.get("deadline")
        problem = goal_problem(
            g["start"],
            deadline if isinstance(deadline, date) else None,
            kpis.get(goal_id, []),
            found,
        )
        if problem:
            return f"goal {goal_id}: {problem}"
    return None


def checkpoint_label(kpi: Kpi, value: float | None) -> str:
    """What a checkpoint asks for, as a person reads it: 'time on site 1.5 min'."""
    unit = f" {kpi.unit}" if kpi.unit else ""
    return f"{kpi.name} {format_value(value)}{unit}"


def wizard_tie(
    name: str, value: str, kpis: Sequence[Any], stored: Sequence[int | None]
) -> tuple[int | None, float | None] | None:
    """A wizard milestone's checkpoint as stored fields (KPI id, value), from the KPI name
    and value typed; ``kpis`` are the draft's KPIs and ``stored`` their ids (None: new).

    None when it names a KPI not stored yet (the checkpoint is then left as it is).
    """
    from goaltui.domain.parse import parse_number
    from goaltui.domain.wizard_checkpoints import find_kpi

    if not name.strip() and not value.strip():
        return (None, None)
    index = find_kpi(name, kpis)
    if index is None or stored[index] is None:
        return None
    return (stored[index], parse_number(value, kpis[index].unit))
