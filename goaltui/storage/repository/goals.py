"""Goals, the tree of parent goals, and the pauses of a goal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, false, func, select
from sqlalchemy.orm import Session
from sqlmodel import col

from goaltui.domain.changes import named
from goaltui.domain.models import Goal, GoalStatus, Pause
from goaltui.storage import convert
from goaltui.storage.repository.base import Store, chunks, existing, plain
from goaltui.storage.repository.changes import suggest_label
from goaltui.storage.tables import (
    CheckInRow,
    GoalRow,
    KpiRow,
    MeasurementRow,
    MilestoneRow,
    PauseRow,
    StepRow,
)


@dataclass(frozen=True, slots=True)
class Footprint:
    """What goes with a goal when it is deleted."""

    milestones: int
    steps: int
    kpis: int
    measurements: int
    checkins: int
    children: int


class GoalStore(Store):
    """Goals and their pauses."""

    def goals(self, include_archived: bool = True) -> list[Goal]:
        """Every goal, in creation order."""

        def run(session: Session) -> list[Goal]:
            query = plain(GoalRow).order_by(col(GoalRow.id))
            if not include_archived:
                query = query.where(col(GoalRow.archived) == false())
            return [convert.goal(r) for r in session.execute(query)]

        return self._read(run)

    def footprint(self, goal_id: int) -> Footprint:
        """Counts of what deleting ``goal_id`` takes with it."""

        def run(session: Session) -> Footprint:
            def count(query: Select[int]) -> int:
                return int(session.scalar(query) or 0)

            ms = select(col(MilestoneRow.id)).where(col(MilestoneRow.goal_id) == goal_id)
            ks = select(col(KpiRow.id)).where(col(KpiRow.goal_id) == goal_id)
            return Footprint(
                milestones=count(select(func.count()).select_from(ms.subquery())),
                steps=count(
                    select(func.count(col(StepRow.id))).where(col(StepRow.milestone_id).in_(ms))
                ),
                kpis=count(select(func.count()).select_from(ks.subquery())),
                measurements=count(
                    select(func.count(col(MeasurementRow.id))).where(
                        col(MeasurementRow.kpi_id).in_(ks)
                    )
                ),
                checkins=count(
                    select(func.count(col(CheckInRow.id))).where(col(CheckInRow.goal_id) == goal_id)
                ),
                children=count(
                    select(func.count(col(GoalRow.id))).where(col(GoalRow.parent_id) == goal_id)
                ),
            )

        return self._read(run)

    def set_goal_status(self, goal_id: int, status: GoalStatus, day: date, now: datetime) -> Goal:
        """Change a goal's status and keep its pauses in step, in one transaction.

        Going to 'paused' opens a pause from ``day`` (or reopens the one that
        ended on ``day``); leaving 'paused' ends the open pause on ``day``, and
        drops it if it began that day. Staying paused changes no pause.
        """

        def run(session: Session) -> Goal:
            row = existing(session, GoalRow, goal_id, "goal")
            suggest_label(f"marking the goal {named(row.title)} {status.value}")
            p = PauseRow
            open_ = select(p).where(col(p.goal_id) == goal_id, col(p.end).is_(None))
            still = session.scalars(open_).all()
            if status == GoalStatus.PAUSED:
                if not still:
                    _open_pause(session, goal_id, day)
            else:
                for pause in still:
                    if pause.start < day:
                        pause.end = day
                    else:
                        session.delete(pause)
            row.status = status.value
            row.updated_at = now
            session.flush()
            return convert.goal(row)

        return self._write(run)

    def pauses(self, goal_ids: Iterable[int] | None = None) -> dict[int, list[Pause]]:
        """The pauses of the given goals (all when ``None``): goal id -> oldest first.

        Goals never paused are left out.
        """

        def run(session: Session) -> dict[int, list[Pause]]:
            p = PauseRow
            query = plain(p).order_by(col(p.goal_id), col(p.start), col(p.id))
            parts = (
                [query]
                if goal_ids is None
                else [query.where(col(p.goal_id).in_(c)) for c in chunks(list(goal_ids))]
            )
            out: dict[int, list[Pause]] = {}
            for part in parts:
                for row in session.execute(part):
                    out.setdefault(row.goal_id, []).append(convert.pause(row))
            return out

        return self._read(run)


def parents_first(goals: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """``goals`` (rows with ``id`` and ``parent_id``) ordered so each parent comes first."""
    by_id = {g["id"]: g for g in goals}
    done: set[Any] = set()
    ordered: list[Mapping[str, Any]] = []
    for g in goals:
        chain = []
        on_chain: set[Any] = set()  # a set: a chain may be 100,000 goals long
        node: Mapping[str, Any] | None = g
        while node is not None and node["id"] not in done and node["id"] not in on_chain:
            chain.append(node)
            on_chain.add(node["id"])
            parent = node.get("parent_id")
            node = by_id.get(parent) if parent is not None else None
        for item in reversed(chain):
            done.add(item["id"])
            ordered.append(item)
    return ordered


def _open_pause(session: Session, goal_id: int, day: date) -> None:
    """Start a pause of a goal on ``day``; one that ended on ``day`` carries on instead."""
    p = PauseRow
    ended = session.scalars(select(p).where(col(p.goal_id) == goal_id, col(p.end) == day)).first()
    if ended is not None:
        ended.end = None
    else:
        session.add(PauseRow(goal_id=goal_id, start=day))


def pause_paused_goals(session: Session, goal_ids: Sequence[int]) -> None:
    """An open pause for each paused goal among ``goal_ids``, from the day it last changed."""
    g = GoalRow
    for chunk in chunks(goal_ids):
        query = select(col(g.id), col(g.updated_at), col(g.start)).where(
            col(g.id).in_(chunk), col(g.status) == GoalStatus.PAUSED.value
        )
        for goal_id, updated_at, start in session.execute(query.order_by(col(g.id))):
            assert goal_id is not None  # a primary key
            session.add(PauseRow(goal_id=goal_id, start=updated_at.date() if updated_at else start))
    session.flush()
