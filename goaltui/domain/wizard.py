"""What the new-goal wizard checks: raw typed text in, a GoalDraft and messages out.

No Textual here: the screen gathers the text of its fields into a ``RawWizard``,
``check`` turns it into a ``GoalDraft`` plus one message per bad field (keyed by
the field's key) and one note per date saying what it resolved to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from goaltui.domain.fmt import format_number
from goaltui.domain.kpi import required_rate_per_week, solve_plan
from goaltui.domain.models import Aggregation, Cadence, KpiKind
from goaltui.domain.parse import parse_date, parse_int_in_range, parse_number
from goaltui.domain.reverse import (
    check_milestones,
    check_steps,
    chronological,
    milestone_before,
)
from goaltui.domain.smart import GoalDraft, KpiDraft, MilestoneDraft, StepDraft

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
    "weight": 4,
    "start": 5,
    "deadline": 5,
    "rate": 5,
    "milestones": 6,
}
_STAY = (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW)


def step_of(key: str) -> int:
    """The wizard step (0-7) of a field key: ``k3-name`` is a KPI, ``m2-date`` a milestone."""
    if key in _STEP_OF:
        return _STEP_OF[key]
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

    def blank(self) -> bool:
        """Nothing typed in it."""
        return not (self.name.strip() or self.unit.strip() or self.baseline.strip()) and not (
            self.target.strip()
        )


@dataclass
class RawStep:
    """One step row as typed."""

    key: str
    title: str = ""
    due: str = ""

    def blank(self) -> bool:
        """Nothing typed in it."""
        return not (self.title.strip() or self.due.strip())


@dataclass
class RawMilestone:
    """One milestone block as typed, with its step rows."""

    key: str
    title: str = ""
    date: str = ""
    steps: list[RawStep] = field(default_factory=list)

    def blank(self) -> bool:
        """Nothing typed in it or its steps."""
        return not (self.title.strip() or self.date.strip()) and all(s.blank() for s in self.steps)


@dataclass
class RawWizard:
    """Every field of the wizard as typed; milestones in the order entered (last first)."""

    intention: str = ""
    title: str = ""
    description: str = ""
    confidence: str = ""
    resources: str = ""
    why: str = ""
    start: str = ""
    deadline: str = ""
    rate: str = ""
    parent_id: int | None = None
    milestones_only: bool = False
    kpis: list[RawKpi] = field(default_factory=list)
    milestones: list[RawMilestone] = field(default_factory=list)


@dataclass
class Checked:
    """The draft built from what parsed, and what to say at each field."""

    draft: GoalDraft
    errors: dict[str, str]
    notes: dict[str, str]


def _date_note(day: date) -> str:
    return f"→ {day:%a %d %b %Y}"


def check(raw: RawWizard, today: date) -> Checked:
    """Parse and check everything typed; never raises."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    title = raw.title.strip()
    if not title:
        errors["title"] = "A goal needs a title: what will you do?"
    confidence: int | None = None
    if raw.confidence.strip():
        try:
            confidence = parse_int_in_range(raw.confidence, 1, 10, "confidence")
        except ValueError as exc:
            errors["confidence"] = str(exc)
    start = today
    if raw.start.strip():
        try:
            start = parse_date(raw.start, today)
            notes["start"] = _date_note(start)
        except ValueError as exc:
            errors["start"] = str(exc)
    deadline: date | None = None
    if raw.deadline.strip():
        try:
            deadline = parse_date(raw.deadline, today)
            notes["deadline"] = _date_note(deadline)
        except ValueError as exc:
            errors["deadline"] = str(exc)
    else:
        # Required like the title and a KPI: the plan is laid out back from it.
        errors["deadline"] = "A goal needs a deadline: when will it be done?"
    if deadline is not None and "start" not in errors:
        if deadline <= start:
            errors["deadline"] = f"The deadline ({deadline}) must come after the start ({start})."
        elif deadline < today:
            errors["deadline"] = f"The deadline ({deadline}) has passed: pick a later day."
    kpis = _check_kpis(raw, errors)
    milestones = _check_milestones(raw, start, deadline, today, errors, notes)
    if raw.milestones_only and not milestones and "milestones" not in errors:
        errors["milestones"] = "Progress is counted from milestones, so add at least one (ctrl+o)."
    if not raw.milestones_only and not kpis and not any(not k.blank() for k in raw.kpis):
        errors["kpis"] = "Add a KPI to track, or tick 'Milestones only'."
    _check_rate(raw, kpis, start, deadline, errors, notes)
    draft = GoalDraft(
        title=title,
        description=raw.description.strip(),
        why=raw.why.strip(),
        parent_id=raw.parent_id,
        start=start,
        deadline=deadline,
        confidence=confidence,
        resources=raw.resources.strip(),
        kpis=() if raw.milestones_only else tuple(kpis),
        milestones=tuple(chronological(milestones)),
    )
    return Checked(draft, errors, notes)


def _number(text: str, key: str, errors: dict[str, str], unit: str = "") -> float | None:
    """``text`` as a number (a duration for a time ``unit``), or None with ``errors[key]`` set."""
    if not text.strip():
        return None
    try:
        return parse_number(text, unit)
    except ValueError as exc:
        errors[key] = str(exc)
        return None


def _check_kpis(raw: RawWizard, errors: dict[str, str]) -> list[KpiDraft]:
    if raw.milestones_only:
        return []
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
        baseline = _number(block.baseline, f"{key}-baseline", errors, block.unit)
        target = _number(block.target, f"{key}-target", errors, block.unit)
        if baseline is None and kind not in _STAY and f"{key}-baseline" not in errors:
            errors[f"{key}-baseline"] = "Where does it start? Enter today's value."
        if target is None and f"{key}-target" not in errors:
            errors[f"{key}-target"] = "Enter the value to reach."
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
            )
        )
    return kpis


def _check_milestones(
    raw: RawWizard,
    start: date,
    deadline: date | None,
    today: date,
    errors: dict[str, str],
    notes: dict[str, str],
) -> list[MilestoneDraft]:
    blocks = [block for block in raw.milestones if not block.blank()]
    dates: list[date | None] = []
    for block in blocks:
        if not block.title.strip():
            errors[f"{block.key}-title"] = "Give this milestone a title: what is true by then?"
        day: date | None = None
        if block.date.strip():
            try:
                day = parse_date(block.date, today)
                notes[f"{block.key}-date"] = _date_note(day)
            except ValueError as exc:
                errors[f"{block.key}-date"] = str(exc)
        elif f"{block.key}-date" not in errors:
            errors[f"{block.key}-date"] = "Give it a date (or press ctrl+l to spread them evenly)."
        dates.append(day)
    if deadline is not None:
        for problem in check_milestones(start, deadline, dates):
            key = f"{blocks[problem.index].key}-date"
            if dates[problem.index] is not None:
                errors.setdefault(key, problem.message)
    marks = [(block.title, day) for block, day in zip(blocks, dates, strict=True)]
    begins = None if "start" in errors else start
    milestones = []
    for block, day in zip(blocks, dates, strict=True):
        previous = milestone_before(day, marks) if day is not None else None
        steps = _check_steps(block, day, begins, previous, today, errors, notes)
        milestones.append(MilestoneDraft(block.title.strip(), day, tuple(steps)))
    return milestones


def _check_steps(
    block: RawMilestone,
    day: date | None,
    start: date | None,
    previous: tuple[str, date] | None,
    today: date,
    errors: dict[str, str],
    notes: dict[str, str],
) -> list[StepDraft]:
    rows = [row for row in block.steps if not row.blank()]
    dues: list[date | None] = []
    for row in rows:
        if not row.title.strip():
            errors[f"{row.key}-title"] = "Say what the step is."
        due: date | None = None
        if row.due.strip():
            try:
                due = parse_date(row.due, today)
                notes[f"{row.key}-due"] = _date_note(due)
            except ValueError as exc:
                errors[f"{row.key}-due"] = str(exc)
        dues.append(due)
    titles = [row.title for row in rows]
    problems = check_steps(day, dues, start=start, previous=previous, titles=titles)
    for problem in problems:
        errors.setdefault(f"{rows[problem.index].key}-due", problem.message)
    return [StepDraft(row.title.strip(), due) for row, due in zip(rows, dues, strict=True)]


def _check_rate(
    raw: RawWizard,
    kpis: list[KpiDraft],
    start: date,
    deadline: date | None,
    errors: dict[str, str],
    notes: dict[str, str],
) -> None:
    rate = _number(raw.rate, "rate", errors)
    if not kpis or kpis[0].kind in _STAY:
        if rate is not None:
            errors["rate"] = "A rate needs a KPI that goes up or down (step 3)."
        return
    first = kpis[0]
    if first.baseline is None or first.target is None or deadline is None:
        return
    needed = required_rate_per_week(first.baseline, first.target, start, deadline)
    if needed is not None:
        notes["rate"] = (
            f"Target and deadline ask for {signed(needed)} {first.unit} a week.".replace("  ", " ")
        )


def signed(value: float) -> str:
    """``+0.4`` or ``-2``: a rate with its sign, rounded for reading."""
    text = format_number(round(value, 2))
    return text if text.startswith("-") else f"+{text}"


def solve_third(raw: RawWizard, today: date) -> tuple[str, str] | str:
    """Work out the one missing of target, deadline and rate for the first KPI.

    Returns ``(field, text to put in it)`` where field is ``target``,
    ``deadline`` or ``rate``; or a one-line reason it cannot.
    """
    checked = check(raw, today)
    block = next((k for k in raw.kpis if not k.blank()), None)
    if raw.milestones_only or block is None or not checked.draft.kpis:
        return "Add a KPI first (step 3): the rate is for its value."
    kpi = checked.draft.kpis[0]
    if kpi.baseline is None:
        return "Give the KPI a baseline first (step 3)."
    start = checked.draft.start or today
    given: dict[str, Any] = {
        "target": kpi.target if block.target.strip() else None,
        "deadline": checked.draft.deadline if raw.deadline.strip() else None,
        "rate_per_week": _number(raw.rate, "rate", {}) if raw.rate.strip() else None,
    }
    missing = [name for name, value in given.items() if value is None]
    if len(missing) != 1:
        return "Fill in exactly two of target, deadline and rate per week; leave the third empty."
    try:
        target, deadline, rate = solve_plan(kpi.baseline, start, **given)
    except ValueError as exc:
        return str(exc)
    if missing == ["target"]:
        return "target", format_number(round(target, 4))
    if missing == ["deadline"]:
        return "deadline", deadline.isoformat()
    return "rate", format_number(round(rate, 4))
