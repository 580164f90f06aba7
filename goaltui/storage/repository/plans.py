"""The plan of a goal: its milestones and their steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.models import Goal, Milestone, Obstacle, Step
from goaltui.storage import convert
from goaltui.storage.repository.base import Store, plain, rows_for
from goaltui.storage.tables import GoalRow, KpiRow, MilestoneRow, ObstacleRow, StepRow


@dataclass(frozen=True, slots=True)
class PlanRows:
    """A goal with its KPIs, milestones, steps and planned obstacles, to insert at once."""

    goal: Mapping[str, Any]
    kpis: Sequence[Mapping[str, Any]] = ()
    #: Each milestone's fields plus "steps": a sequence of step fields. A
    #: checkpoint names its KPI by its place in ``kpis`` ("kpi": 0) and the
    #: value to reach ("kpi_value").
    milestones: Sequence[Mapping[str, Any]] = ()
    #: Each likely obstacle's fields: "obstacle" and "plan".
    obstacles: Sequence[Mapping[str, Any]] = ()


class PlanStore(Store):
    """Milestones and steps, and whole plans written at once."""

    def create_plan(self, plan: PlanRows, now: datetime) -> Goal:
        """Insert a goal with its KPIs, milestones and steps atomically."""
        return self._write(lambda s: _insert_plan(s, plan, now))

    def milestones(self, goal_ids: Iterable[int] | None = None) -> list[Milestone]:
        """Milestones of the given goals (all when ``None``), by date."""

        def run(session: Session) -> list[Milestone]:
            m = MilestoneRow
            order = (col(m.goal_id), col(m.target_date), col(m.position), col(m.id))
            return rows_for(session, m, convert.milestone, order, col(m.goal_id), goal_ids)

        return self._read(run)

    def milestone_counts(self) -> dict[int, tuple[int, int]]:
        """``goal id -> (milestones, of which done)``, counted in SQL."""

        def run(session: Session) -> dict[int, tuple[int, int]]:
            m = MilestoneRow
            query = select(col(m.goal_id), func.count(), func.count(col(m.done_on))).group_by(
                col(m.goal_id)
            )
            return {goal_id: (int(n), int(done)) for goal_id, n, done in session.execute(query)}

        return self._read(run)

    def milestones_in(self, goal_ids: Iterable[int], first: date, last: date) -> list[Milestone]:
        """Milestones of the given goals done or due from ``first`` to ``last``, by date."""

        def run(session: Session) -> list[Milestone]:
            m = MilestoneRow
            query = (
                plain(m)
                .where(
                    col(m.goal_id).in_(list(goal_ids)),
                    or_(
                        col(m.done_on).between(first, last),
                        col(m.target_date).between(first, last),
                    ),
                )
                .order_by(col(m.goal_id), col(m.target_date), col(m.position), col(m.id))
            )
            return [convert.milestone(r) for r in session.execute(query)]

        return self._read(run)

    def open_milestones_due(self, goal_ids: Iterable[int], until: date) -> list[Milestone]:
        """Milestones of the given goals not done and dated ``until`` or earlier."""

        def run(session: Session) -> list[Milestone]:
            m = MilestoneRow
            query = (
                plain(m)
                .where(
                    col(m.goal_id).in_(list(goal_ids)),
                    col(m.done_on).is_(None),
                    col(m.target_date) <= until,
                )
                .order_by(col(m.goal_id), col(m.target_date), col(m.position), col(m.id))
            )
            return [convert.milestone(r) for r in session.execute(query)]

        return self._read(run)

    def obstacles(self, goal_ids: Iterable[int] | None = None) -> list[Obstacle]:
        """Planned obstacles of the given goals (all when ``None``), in their order."""

        def run(session: Session) -> list[Obstacle]:
            o = ObstacleRow
            order = (col(o.goal_id), col(o.position), col(o.id))
            return rows_for(session, o, convert.obstacle, order, col(o.goal_id), goal_ids)

        return self._read(run)

    def steps(self, milestone_ids: Iterable[int] | None = None) -> list[Step]:
        """Steps of the given milestones (all when ``None``), by due date."""

        def run(session: Session) -> list[Step]:
            s = StepRow
            # Steps without a due date first, on either engine (SQLite's order of NULLs).
            order = (col(s.milestone_id), col(s.due).nulls_first(), col(s.id))
            return rows_for(session, s, convert.step, order, col(s.milestone_id), milestone_ids)

        return self._read(run)

    def open_steps_due(self, goal_ids: Iterable[int], until: date) -> list[tuple[Step, int]]:
        """``(step, goal id)`` of steps of the given goals not done, due ``until`` or earlier."""

        def run(session: Session) -> list[tuple[Step, int]]:
            s, m = StepRow, MilestoneRow
            query = (
                plain(s)
                .add_columns(col(m.goal_id).label("step_goal_id"))
                .join(m, col(m.id) == col(s.milestone_id))
                .where(
                    col(m.goal_id).in_(list(goal_ids)),
                    col(s.done_on).is_(None),
                    col(s.due) <= until,
                )
                .order_by(col(s.milestone_id), col(s.due), col(s.id))
            )
            return [(convert.step(row), row.step_goal_id) for row in session.execute(query)]

        return self._read(run)


def _insert_plan(session: Session, plan: PlanRows, now: datetime) -> Goal:
    row = GoalRow(**plan.goal, created_at=now, updated_at=now)
    session.add(row)
    session.flush()
    assert row.id is not None  # the flush gave it one
    kpi_ids: list[int] = []
    for fields in plan.kpis:
        kpi = KpiRow(goal_id=row.id, **fields)
        session.add(kpi)
        session.flush()
        assert kpi.id is not None
        kpi_ids.append(kpi.id)
    for position, fields in enumerate(plan.obstacles):
        session.add(ObstacleRow(goal_id=row.id, position=position, **fields))
    for position, fields in enumerate(plan.milestones):
        values = dict(fields)
        steps = values.pop("steps", ())
        kpi_index = values.pop("kpi", None)
        if kpi_index is not None:
            values["kpi_id"] = kpi_ids[kpi_index]
        ms = MilestoneRow(goal_id=row.id, position=position, **values)
        session.add(ms)
        session.flush()
        assert ms.id is not None
        for step in steps:
            session.add(StepRow(milestone_id=ms.id, **step))
    session.flush()
    return convert.goal(row)
