"""KPIs and their measurements: adding, finding, editing, recording and correcting values."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from goaltui.domain.agreement import KPI_ADDED_OR_REMOVED, short_day
from goaltui.domain.changes import named
from goaltui.domain.checkpoints import figure_now
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Kpi, KpiKind, KpiReading, KpiStatus, Measurement
from goaltui.domain.text import and_list
from goaltui.services.checkpoints import (
    after,
    check_goal,
    checkpoint_label,
    reached_checkpoints,
)
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError
from goaltui.services.lookup import find_named
from goaltui.services.readings import ReadingService
from goaltui.services.revisions import revise
from goaltui.storage.repository import labelled


@dataclass(frozen=True, slots=True)
class Recorded:
    """The result of recording one value."""

    kpi: Kpi
    measurement_day: date
    value: float
    before: KpiReading
    after: KpiReading
    #: (milestone id, title, what it asks for) of each open checkpoint this value reached.
    checkpoints: tuple[tuple[int, str, str], ...] = ()

    @property
    def reached_target(self) -> bool:
        """True when this value took the KPI to its target."""
        return self.after.status == KpiStatus.ACHIEVED and self.before.status != KpiStatus.ACHIEVED


class KpiService:
    """The KPIs of the goals and the values recorded for them."""

    def __init__(self, ctx: ServiceContext, readings: ReadingService) -> None:
        self.ctx = ctx
        self.readings = readings

    # -- KPIs ----------------------------------------------------------------------------
    def kpis(self, goal_ids: Iterable[int] | None = None) -> list[Kpi]:
        """Every KPI, or those of ``goal_ids``."""
        return self.ctx.repo.kpis(goal_ids)

    def find_kpi(self, ref: str) -> Kpi:
        """A KPI by id, exact name, or unique case-insensitive name prefix."""
        return find_named(
            self.ctx.repo.kpis(),
            ref,
            lambda k: k.name,
            noun="KPI",
            word="name",
            listing="goaltui list --kpis",
        )

    def add_kpi(self, goal_id: int, reason: str = "", **fields: Any) -> Kpi:
        """Add a KPI to a goal; the ledger keeps it as a change to the goal's plan,
        with ``reason`` (or "added")."""
        repo = self.ctx.repo
        repo.get("goal", goal_id)
        if not str(fields.get("name", "")).strip():
            raise ServiceError("a KPI needs a name")
        names = {k.name.casefold() for k in repo.kpis([goal_id])}
        if fields["name"].strip().casefold() in names:
            raise ServiceError(f"this goal already has a KPI named {fields['name']!r}")
        check("kpi", {"kind": KpiKind.INCREASE.value, **fields})

        def run() -> Kpi:
            kpi: Kpi = repo.add("kpi", goal_id=goal_id, **fields)
            self._ledger(kpi, "", kpi.name, reason.strip() or "added")
            return kpi

        return repo.atomic(run)

    def edit_kpi(self, kpi_id: int, changes: Mapping[str, Any], reason: str = "") -> Kpi:
        """Change a KPI; a new target, baseline or high end needs a reason (recorded as a
        revision).

        The revision is what bends the pace line (see ``goaltui.domain.pace``). The
        KPI as it would be after the change must hold together: a ``between`` KPI
        keeps its low end below its high end, any other kind has no high end, and
        its checkpoints still stand with the new kind, baseline or target.
        """
        current = self.ctx.repo.get("kpi", kpi_id)
        bounds = ("kind", "target", "high")
        if any(name in changes for name in bounds):
            check("kpi", {name: changes.get(name, getattr(current, name)) for name in bounds})
        if {"kind", "baseline", "target"} & set(changes):
            check("kpi", changes)
            check_goal(self.ctx, current.goal_id, kpi=after(current, changes))
        return revise(self.ctx, "kpi", kpi_id, changes, reason)  # type: ignore[no-any-return]

    def delete_kpi(self, kpi_id: int, reason: str = "") -> None:
        """Delete a KPI with its measurements; the ledger keeps it as a change to the
        goal's plan, with ``reason`` (or "removed")."""
        repo = self.ctx.repo

        def run() -> None:
            kpi: Kpi = repo.get("kpi", kpi_id)
            repo.delete("kpi", kpi_id)
            self._ledger(kpi, kpi.name, "", reason.strip() or "removed")

        repo.atomic(run)

    def _ledger(self, kpi: Kpi, old: str, new: str, reason: str) -> None:
        """Record a KPI added to (``new``) or removed from (``old``) its goal."""
        fields: dict[str, Any] = {
            "goal_id": kpi.goal_id,
            "entity": "kpi",
            "entity_id": kpi.id,
            "field": KPI_ADDED_OR_REMOVED,
            "old": old,
            "new": new,
            "reason": reason,
            "at": self.ctx.clock.now(),
        }
        check("revision", fields)
        self.ctx.repo.add("revision", **fields)

    # -- measurements --------------------------------------------------------------------
    def measurements(self, kpi_id: int, limit: int | None = None) -> list[Measurement]:
        """A KPI's raw measurements, newest first."""
        return self.ctx.repo.measurements(kpi_id, limit)

    def values_on(self, day: date, kpi_ids: Sequence[int] | None = None) -> dict[int, Measurement]:
        """Each KPI's newest value recorded for ``day`` (KPI id -> measurement)."""
        return self.ctx.repo.values_on(day, kpi_ids)

    def record(self, kpi: Kpi, value: float, day: date | None = None, note: str = "") -> Recorded:
        """Record one value of a KPI (the CLI's ``checkin``)."""
        if not math.isfinite(value):
            raise ServiceError("the value must be a finite number")
        day = day or self.ctx.clock.today()
        check("measurement", {"value": value, "day": day, "note": note})
        fresh = [self.ctx.repo.get("kpi", kpi.id)]
        before = self.readings.figures(fresh)[kpi.id]
        stamp = self.ctx.repo.stamp
        with labelled(_values_label([(kpi, value)], day, self.ctx.clock.today())):
            self.ctx.repo.add_measurements([(kpi.id, day, value, note)], self.ctx.clock.now())
        self.readings.values_added(stamp, day)
        after = self.readings.figures(fresh)[kpi.id]
        now = figure_now(after)
        hit = reached_checkpoints(self.ctx, {kpi.id: now} if now is not None else {}, fresh)
        marks = tuple((m.id, m.title, checkpoint_label(kpi, m.kpi_value)) for m, _ in hit)
        return Recorded(kpi, day, value, before, after, marks)

    def record_many(
        self, values: Sequence[tuple[Kpi, float]], day: date | None = None, note: str = ""
    ) -> list[Recorded]:
        """Record a value for each of several KPIs in one transaction: all or none.

        Every value is checked before anything is written; one KPI named twice is
        refused (its second value would hide the first one's confirmation).
        """
        day = day or self.ctx.clock.today()
        seen: set[int] = set()
        for kpi, value in values:
            if kpi.id in seen:
                raise ServiceError(f"{kpi.name} is named twice; give one value per KPI")
            seen.add(kpi.id)
            if not math.isfinite(value):
                raise ServiceError(f"{kpi.name}: the value must be a finite number")
            check("measurement", {"value": value, "day": day, "note": note})
        fresh = [self.ctx.repo.get("kpi", kpi.id) for kpi, _ in values]
        before = self.readings.figures(fresh)
        rows = [(kpi.id, day, value, note) for kpi, value in values]
        stamp = self.ctx.repo.stamp
        with labelled(_values_label(values, day, self.ctx.clock.today())):
            self.ctx.repo.add_measurements(rows, self.ctx.clock.now())
        self.readings.values_added(stamp, day)
        after = self.readings.figures(fresh)
        figures = {i: f for i, r in after.items() if (f := figure_now(r)) is not None}
        marks: dict[int, list[tuple[int, str, str]]] = {}
        for m, k in reached_checkpoints(self.ctx, figures, fresh):
            marks.setdefault(k.id, []).append((m.id, m.title, checkpoint_label(k, m.kpi_value)))
        return [
            Recorded(kpi, day, value, before[kpi.id], after[kpi.id], tuple(marks.get(kpi.id, ())))
            for kpi, value in values
        ]

    def edit_measurement(self, measurement_id: int, changes: Mapping[str, Any]) -> Measurement:
        """Correct a recorded value, day or note."""
        if "value" in changes and not math.isfinite(changes["value"]):
            raise ServiceError("the value must be a finite number")
        check("measurement", changes)
        return self.ctx.repo.update("measurement", measurement_id, changes)  # type: ignore[no-any-return]

    def delete_measurement(self, measurement_id: int) -> None:
        """Delete one recorded value."""
        self.ctx.repo.delete("measurement", measurement_id)


def _values_label(values: Sequence[tuple[Kpi, float]], day: date, today: date) -> str:
    """How a change of recorded values is named: "'Defect rate' 3.9 on 4 Dec"."""
    named_values = [f"{named(kpi.name)} {format_number(value)}" for kpi, value in values]
    return f"{and_list(named_values)} on {short_day(day, today)}"
