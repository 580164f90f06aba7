"""What the new-goal wizard checks: raw typed text in, a GoalDraft and messages out.

No Textual here: the screen gathers the text of its fields into a ``RawWizard``,
``check`` turns it into a ``GoalDraft`` plus one message per bad field (keyed by
the field's key) and one note per date saying what it resolved to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from goaltui.domain.bounds import BOUNDED, range_message
from goaltui.domain.fmt import format_number
from goaltui.domain.kpi import required_rate_per_week
from goaltui.domain.models import Aggregation, Cadence, Importance, KpiKind
from goaltui.domain.obstacles import RawObstacle, check_obstacles
from goaltui.domain.parse import parse_date, parse_int_in_range, parse_number
from goaltui.domain.reverse import (
    check_milestones,
    check_steps,
    chronological,
    milestone_before,
)
from goaltui.domain.smart import GoalDraft, KpiDraft, MilestoneDraft, StepDraft
from goaltui.domain.wizard_checkpoints import check_checkpoints

STEP_NAMES = (
    "Intention",
    "Specific",
    "Measurable",
    "Achievable",
    "Relevant",
    "Time-bound",
    "Reverse plan",
    "Summary",
)
_STEP_OF = {
    "intention": 0,
    "title": 1,
    "description": 1,
    "kpis": 2,
    "confidence": 3,
    "resources": 3,
    "why": 4,
    "partner": 4,
    "weight": 4,
    "start": 5,
    "deadline": 5,
    "rate": 5,
    "milestones": 6,
}
_STAY = BOUNDED
_RANGE = (KpiKind.BETWEEN,)
_LOW = "lowest value that still counts"
T = TypeVar("T")


def _blank(*texts: str) -> bool:
    """Whether every one of ``texts`` is empty or white space."""
    return not any(text.strip() for text in texts)


def step_of(key: str) -> int:
    """The wizard step (0-7) of a field key: ``k3-name`` is a KPI, ``m2-date`` a milestone."""
    if key in _STEP_OF:
        return _STEP_OF[key]
    if key.startswith("o"):
        return 3  # a likely obstacle: Achievable
    return 2 if key.startswith("k") else 6


@dataclass
class RawKpi:
    """One KPI block as typed."""

    key: str
    name: str = ""
    unit: str = ""
    baseline: str = ""
    target: str = ""
    kind: str = KpiKind.INCREASE.value
    cadence: str = Cadence.WEEKLY.value
    aggregation: str = Aggregation.LAST.value
    #: The high end of a ``between`` KPI (``target`` holds the low end).
    high: str = ""

    def blank(self) -> bool:
        """Nothing typed in it."""
        return _blank(self.name, self.unit, self.baseline, self.target, self.high)


@dataclass
class RawStep:
    """One step row as typed."""

    key: str
    title: str = ""
    due: str = ""
    importance: str = Importance.NORMAL.value

    def blank(self) -> bool:
        """Nothing typed in it."""
        return _blank(self.title, self.due)


@dataclass
class RawMilestone:
    """One milestone block as typed, with its step rows."""

    key: str
    title: str = ""
    date: str = ""
    steps: list[RawStep] = field(default_factory=list)
    #: A checkpoint: the name of one of the draft's KPIs and the value to reach.
    kpi: str = ""
    kpi_value: str = ""

    def blank(self) -> bool:
        """Nothing typed in it or its steps."""
        return _blank(self.title, self.date, self.kpi, self.kpi_value) and all(
            s.blank() for s in self.steps
        )


@dataclass
class RawWizard:
    """Every field of the wizard as typed; milestones in the order entered (last first)."""

    intention: str = ""
    title: str = ""
    description: str = ""
    confidence: str = ""
    resources: str = ""
    why: str = ""
    partner: str = ""
    start: str = ""
    deadline: str = ""
    rate: str = ""
    parent_id: int | None = None
    milestones_only: bool = False
    kpis: list[RawKpi] = field(default_factory=list)
    milestones: list[RawMilestone] = field(default_factory=list)
    obstacles: list[RawObstacle] = field(default_factory=list)


@dataclass
class Checked:
    """The draft built from what parsed, and what to say at each field."""

    draft: GoalDraft
    errors: dict[str, str]
    notes: dict[str, str]


@dataclass
class _Messages:
    """What the check says at the fields as it goes: errors and notes, by field key."""

    today: date
    errors: dict[str, str] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    def parsed(self, text: str, key: str, parse: Callable[[str], T]) -> T | None:
        """``parse(text)``; None if ``text`` is blank or does not parse (the error says why)."""
        if not text.strip():
            return None
        try:
            return parse(text)
        except ValueError as exc:
            self.errors[key] = str(exc)
            return None

    def number(self, text: str, key: str, unit: str = "") -> float | None:
        """``text`` as a number (a duration for a time ``unit``)."""
        return self.parsed(text, key, lambda typed: parse_number(typed, unit))

    def day(self, text: str, key: str) -> date | None:
        """``text`` as a date, with a note saying which day it is."""
        day = self.parsed(text, key, lambda typed: parse_date(typed, self.today))
        if day is not None:
            self.notes[key] = f"→ {day:%a %d %b %Y}"
        return day

    def titled(self, key: str, title: str, missing: str) -> None:
        """Say ``missing`` at the title of block ``key`` if it has none."""
        if not title.strip():
            self.errors[f"{key}-title"] = missing


def check(raw: RawWizard, today: date) -> Checked:
    """Parse and check everything typed; never raises."""
    said = _Messages(today)
    errors = said.errors
    title = raw.title.strip()
    if not title:
        errors["title"] = "A goal needs a title: what will you do?"
    confidence: int | None = None
    if raw.confidence.strip():
        try:
            confidence = parse_int_in_range(raw.confidence, 1, 10, "confidence")
        except ValueError as exc:
            errors["confidence"] = str(exc)
    start = said.day(raw.start, "start") or today
    deadline = said.day(raw.deadline, "deadline")
    if not raw.deadline.strip():
        # Required like the title and a KPI: the plan is laid out back from it.
        errors["deadline"] = "A goal needs a deadline: when will it be done?"
    if deadline is not None and "start" not in errors:
        if deadline <= start:
            errors["deadline"] = f"The deadline ({deadline}) must come after the start ({start})."
        elif deadline < today:
            errors["deadline"] = f"The deadline ({deadline}) has passed: pick a later day."
    kpis = _check_kpis(raw, said)
    milestones = _check_milestones(raw, start, deadline, said, kpis)
    if raw.milestones_only and not milestones and "milestones" not in errors:
        errors["milestones"] = "Progress is counted from milestones, so add at least one (ctrl+o)."
    if not raw.milestones_only and not kpis and not any(not k.blank() for k in raw.kpis):
        errors["kpis"] = "Add a KPI to track, or tick 'Milestones only'."
    _check_rate(raw, kpis, start, deadline, said)
    draft = GoalDraft(
        title=title,
        description=raw.description.strip(),
        why=raw.why.strip(),
        parent_id=raw.parent_id,
        start=start,
        deadline=deadline,
        confidence=confidence,
        resources=raw.resources.strip(),
        partner=" ".join(raw.partner.split()),
        kpis=() if raw.milestones_only else tuple(kpis),
        milestones=tuple(chronological(milestones)),
        obstacles=tuple(check_obstacles(raw.obstacles, errors)),
    )
    return Checked(draft, errors, said.notes)


def check_weight(text: str, errors: dict[str, str]) -> None:
    """Check a stored goal's weight in its parent's progress (empty: 1); any error at ``weight``."""
    try:
        if parse_number(text or "1") < 0:
            errors["weight"] = "The weight cannot be negative."
    except ValueError as exc:
        errors["weight"] = str(exc)


def _check_kpis(raw: RawWizard, said: _Messages) -> list[KpiDraft]:
    if raw.milestones_only:
        return []
    errors = said.errors
    kpis: list[KpiDraft] = []
    seen: set[str] = set()
    for block in raw.kpis:
        if block.blank():
            continue
        key = block.key
        name = block.name.strip()
        kind = KpiKind(block.kind)
        if not name:
            errors[f"{key}-name"] = "Give the KPI a name, e.g. 'Weekly visits'."
        elif name.casefold() in seen:
            errors[f"{key}-name"] = f"Another KPI is already called {name!r}: pick another name."
        seen.add(name.casefold())
        baseline = said.number(block.baseline, f"{key}-baseline", block.unit)
        target = said.number(block.target, f"{key}-target", block.unit)
        if baseline is None and kind not in _STAY and f"{key}-baseline" not in errors:
            errors[f"{key}-baseline"] = "Where does it start? Enter today's value."
        if target is None and f"{key}-target" not in errors:
            low = kind == KpiKind.BETWEEN
            errors[f"{key}-target"] = f"Enter the {_LOW if low else 'value to reach'}."
        high = said.number(block.high, f"{key}-high", block.unit) if kind in _RANGE else None
        why = range_message(kind, target, high) if f"{key}-high" not in errors else None
        if why:
            errors[f"{key}-high"] = why
        if baseline is not None and target is not None and kind not in _STAY:
            if target == baseline:
                errors[f"{key}-target"] = "The target equals the baseline: nothing to reach."
            elif (target > baseline) != (kind == KpiKind.INCREASE):
                way = "above" if kind == KpiKind.INCREASE else "below"
                errors[f"{key}-target"] = f"To {kind.value}, the target must be {way} the baseline."
        kpis.append(
            KpiDraft(
                name=name,
                unit=block.unit.strip(),
                baseline=baseline,
                target=target,
                kind=kind,
                cadence=Cadence(block.cadence),
                aggregation=Aggregation(block.aggregation),
                high=high,
            )
        )
    return kpis


def _check_milestones(
    raw: RawWizard,
    start: date,
    deadline: date | None,
    said: _Messages,
    kpis: list[KpiDraft],
) -> list[MilestoneDraft]:
    errors = said.errors
    blocks = [block for block in raw.milestones if not block.blank()]
    dates: list[date | None] = []
    for block in blocks:
        said.titled(block.key, block.title, "Give this milestone a title: what is true by then?")
        dates.append(said.day(block.date, f"{block.key}-date"))
        if not block.date.strip():
            errors[f"{block.key}-date"] = "Give it a date (or press ctrl+l to spread them evenly)."
    if deadline is not None:
        for problem in check_milestones(start, deadline, dates):
            key = f"{blocks[problem.index].key}-date"
            if dates[problem.index] is not None:
                errors.setdefault(key, problem.message)
    marks = [(block.title, day) for block, day in zip(blocks, dates, strict=True)]
    begins = None if "start" in errors else start
    tied = check_checkpoints(
        [(b.key, b.title, b.kpi, b.kpi_value, day) for b, day in zip(blocks, dates, strict=True)],
        kpis,
        start,
        deadline,
        errors,
        said.number,
    )
    milestones = []
    for block, day, (kpi, value) in zip(blocks, dates, tied, strict=True):
        previous = milestone_before(day, marks) if day is not None else None
        steps = _check_steps(block, day, begins, previous, said)
        milestones.append(MilestoneDraft(block.title.strip(), day, tuple(steps), kpi, value))
    return milestones


def _check_steps(
    block: RawMilestone,
    day: date | None,
    start: date | None,
    previous: tuple[str, date] | None,
    said: _Messages,
) -> list[StepDraft]:
    rows = [row for row in block.steps if not row.blank()]
    dues: list[date | None] = []
    for row in rows:
        said.titled(row.key, row.title, "Say what the step is.")
        dues.append(said.day(row.due, f"{row.key}-due"))
    titles = [row.title for row in rows]
    problems = check_steps(day, dues, start=start, previous=previous, titles=titles)
    for problem in problems:
        said.errors.setdefault(f"{rows[problem.index].key}-due", problem.message)
    weight = {i.value: i for i in Importance}
    return [
        StepDraft(row.title.strip(), due, weight.get(row.importance, Importance.NORMAL))
        for row, due in zip(rows, dues, strict=True)
    ]


def _check_rate(
    raw: RawWizard,
    kpis: list[KpiDraft],
    start: date,
    deadline: date | None,
    said: _Messages,
) -> None:
    rate = said.number(raw.rate, "rate")
    if not kpis or kpis[0].kind in _STAY:
        if rate is not None:
            said.errors["rate"] = "A rate needs a KPI that goes up or down (step 3)."
        return
    first = kpis[0]
    if first.baseline is None or first.target is None or deadline is None:
        return
    needed = required_rate_per_week(first.baseline, first.target, start, deadline)
    if needed is not None:
        said.notes["rate"] = (
            f"Target and deadline ask for {signed(needed)} {first.unit} a week.".replace("  ", " ")
        )


def signed(value: float) -> str:
    """``+0.4`` or ``-2``: a rate with its sign, rounded for reading."""
    text = format_number(round(value, 2))
    return text if text.startswith("-") else f"+{text}"
