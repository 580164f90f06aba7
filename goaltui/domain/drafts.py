"""A goal as the new-goal wizard holds it before it is saved.

``goaltui.domain.smart`` re-exports these classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goaltui.domain.models import Aggregation, Cadence, Importance, KpiKind


@dataclass(frozen=True)
class StepDraft:
    """An actionable step to be created under a milestone."""

    title: str
    due: date | None = None
    importance: Importance = Importance.NORMAL


@dataclass(frozen=True)
class ObstacleDraft:
    """A likely obstacle and the plan for it: "if ``obstacle``, then ``plan``"."""

    obstacle: str
    plan: str = ""


@dataclass(frozen=True)
class MilestoneDraft:
    """A milestone to be created, with its steps."""

    title: str
    target_date: date | None
    steps: tuple[StepDraft, ...] = ()
    #: A checkpoint: the index of one of the draft's KPIs and the value to reach.
    kpi: int | None = None
    kpi_value: float | None = None


@dataclass(frozen=True)
class KpiDraft:
    """A KPI to be created; baseline and target may still be missing."""

    name: str
    unit: str = ""
    baseline: float | None = None
    target: float | None = None
    kind: KpiKind = KpiKind.INCREASE
    cadence: Cadence = Cadence.WEEKLY
    aggregation: Aggregation = Aggregation.LAST
    #: The high end of a ``between`` KPI (``target`` is the low end); None otherwise.
    high: float | None = None


@dataclass(frozen=True)
class GoalDraft:
    """Everything the wizard has gathered about a new goal so far."""

    title: str
    description: str = ""
    why: str = ""
    parent_id: int | None = None
    start: date | None = None
    deadline: date | None = None
    confidence: int | None = None
    resources: str = ""
    kpis: tuple[KpiDraft, ...] = ()
    #: Who the goal will be agreed with (a partner or a manager); empty: nobody.
    partner: str = ""
    milestones: tuple[MilestoneDraft, ...] = ()
    obstacles: tuple[ObstacleDraft, ...] = ()
