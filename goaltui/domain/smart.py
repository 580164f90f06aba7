"""The SMART check of a draft goal: one verdict and one plain hint per letter.

The draft classes live in ``drafts`` and are re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from goaltui.domain.drafts import GoalDraft, KpiDraft, MilestoneDraft, ObstacleDraft, StepDraft
from goaltui.domain.fmt import format_number
from goaltui.domain.models import KpiKind
from goaltui.domain.specific import Anchor, title_anchor

__all__ = [
    "GoalDraft",
    "KpiDraft",
    "MilestoneDraft",
    "ObstacleDraft",
    "SmartReport",
    "StepDraft",
    "Verdict",
    "smart_check",
]

#: Confidence (1-10) below which a goal is not judged achievable.
LOW_CONFIDENCE = 5

_EXAMPLE = '"host a 30-minute team meeting every Monday"'
_SPECIFIC_HINTS = {
    Anchor.NUMBER: "Clear: it says what you'll do and names a number to hit.",
    Anchor.FREQUENCY: "Clear: it says what you'll do and how often.",
    Anchor.TIME: "Clear: it says what you'll do and by when.",
    Anchor.CHANGE: "Clear: it says where you start and where you'll end up.",
    Anchor.WORDS: "Clear: it says what will be done.",
}


@dataclass(frozen=True)
class Verdict:
    """One SMART letter: passed or not, and one short hint either way."""

    letter: str
    name: str
    ok: bool
    hint: str


@dataclass(frozen=True)
class SmartReport:
    """The five verdicts, in the order S, M, A, R, T."""

    verdicts: tuple[Verdict, ...]

    @property
    def ok(self) -> bool:
        """Whether every letter passed."""
        return all(verdict.ok for verdict in self.verdicts)

    def by_letter(self, letter: str) -> Verdict:
        """The verdict for ``letter`` (``"S"``, ``"m"``...); KeyError if there is none."""
        for verdict in self.verdicts:
            if verdict.letter == letter.upper():
                return verdict
        raise KeyError(letter)


def smart_check(draft: GoalDraft, today: date) -> SmartReport:
    """Judge a draft goal letter by letter, each with one plain hint.

    Specific: the title says what will be done (see ``specific``). Measurable:
    every KPI has a target (and, to increase or decrease, a baseline it differs
    from, in the right direction), or there are milestones to count. Achievable:
    a confidence of at least 5 out of 10 (a goal without a planned obstacle still
    passes, with a nudge to name one). Relevant: a reason why, or a parent
    goal. Time-bound: a deadline, not in the past, after the start (``today``
    when the draft has no start).
    """
    return SmartReport(
        verdicts=(
            _specific(draft),
            _measurable(draft),
            _achievable(draft),
            _relevant(draft),
            _time_bound(draft, today),
        )
    )


def _specific(draft: GoalDraft) -> Verdict:
    """S: does the title say what will be done?"""
    if not draft.title.strip():
        return Verdict("S", "Specific", False, "Give it a title: what will you do, and by when?")
    anchor = title_anchor(draft.title)
    if anchor is None:
        hint = f"Say what you'll do, how often and by when, e.g. {_EXAMPLE}."
        return Verdict("S", "Specific", False, hint)
    return Verdict("S", "Specific", True, _SPECIFIC_HINTS[anchor])


def _measurable(draft: GoalDraft) -> Verdict:
    """M: is there a number to track, or at least milestones to count?"""
    if not draft.kpis:
        if draft.milestones:
            hint = "No KPI, so progress counts the milestones you finish."
            return Verdict("M", "Measurable", True, hint)
        hint = "Add a number to track (a KPI with a start and a target), or a few milestones."
        return Verdict("M", "Measurable", False, hint)
    for kpi in draft.kpis:
        problem = _kpi_problem(kpi)
        if problem:
            return Verdict("M", "Measurable", False, problem)
    first = draft.kpis[0]
    more = f" (and {len(draft.kpis) - 1} more)" if len(draft.kpis) > 1 else ""
    return Verdict("M", "Measurable", True, f"Measured by {_describe(first)}{more}.")


def _kpi_problem(kpi: KpiDraft) -> str | None:
    """Why ``kpi`` cannot measure progress yet, or None if it can."""
    label = f"'{kpi.name.strip()}'" if kpi.name.strip() else "the KPI"
    if kpi.kind == KpiKind.BETWEEN:
        if kpi.target is None or kpi.high is None:
            return f"Give the lowest and the highest value {label} should stay between."
        if not kpi.target < kpi.high:
            return _capital(f"{label}: a range needs its low end below its high end.")
        return None
    if kpi.kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW):
        side = "above" if kpi.kind == KpiKind.STAY_ABOVE else "below"
        return None if kpi.target is not None else f"Give the value {label} should stay {side}."
    if kpi.baseline is None:
        return f"Add the value {label} starts from, so progress can be measured."
    if kpi.target is None:
        return f"Add the value {label} should reach."
    if kpi.target == kpi.baseline:
        return _capital(f"{label} already starts at its target: pick a different target.")
    rising = kpi.target > kpi.baseline
    if rising != (kpi.kind == KpiKind.INCREASE):
        way, side = ("go up", "below") if kpi.kind == KpiKind.INCREASE else ("go down", "above")
        return _capital(f"{label} should {way}, but its target is {side} the start.")
    return None


def _capital(text: str) -> str:
    """``text`` with its first letter upper-case, the rest untouched."""
    return text[:1].upper() + text[1:]


def _describe(kpi: KpiDraft) -> str:
    """``'visits' from 100 to 120 /day``, ``'defects' staying below 2 %`` or ``'focus'
    staying between 45 and 60 min``."""
    unit = f" {kpi.unit.strip()}" if kpi.unit.strip() else ""
    name = f"'{kpi.name.strip()}'" if kpi.name.strip() else "a KPI"
    target = format_number(kpi.target) if kpi.target is not None else "?"
    if kpi.kind == KpiKind.BETWEEN:
        high = format_number(kpi.high) if kpi.high is not None else "?"
        return f"{name} staying between {target} and {high}{unit}"
    if kpi.kind in (KpiKind.STAY_ABOVE, KpiKind.STAY_BELOW):
        side = "above" if kpi.kind == KpiKind.STAY_ABOVE else "below"
        return f"{name} staying {side} {target}{unit}"
    baseline = format_number(kpi.baseline) if kpi.baseline is not None else "?"
    return f"{name} from {baseline} to {target}{unit}"


def _achievable(draft: GoalDraft) -> Verdict:
    """A: does the person believe they can do it?"""
    confidence = draft.confidence
    if confidence is None:
        return Verdict("A", "Achievable", False, "How sure are you that you can do it, 1 to 10?")
    if not 1 <= confidence <= 10:
        return Verdict("A", "Achievable", False, "Rate your confidence from 1 to 10.")
    if confidence < LOW_CONFIDENCE:
        hint = f"{confidence}/10 is low: make it smaller, give it more time, or line up help."
        return Verdict("A", "Achievable", False, hint)
    if not draft.obstacles:
        hint = f"{confidence}/10: you believe you can. What might get in the way? Plan for one."
        return Verdict("A", "Achievable", True, hint)
    n = len(draft.obstacles)
    planned = f"{n} likely obstacle{'s' if n != 1 else ''}"
    return Verdict("A", "Achievable", True, f"{confidence}/10, with a plan for {planned}.")


def _relevant(draft: GoalDraft) -> Verdict:
    """R: why does it matter?"""
    if draft.why.strip():
        return Verdict("R", "Relevant", True, "It matters: you've said why.")
    if draft.parent_id is not None:
        return Verdict("R", "Relevant", True, "It serves a bigger goal.")
    return Verdict(
        "R", "Relevant", False, "Say why it matters to you, or put it under a bigger goal."
    )


def _time_bound(draft: GoalDraft, today: date) -> Verdict:
    """T: is there a deadline that still lies ahead?"""
    deadline = draft.deadline
    start = draft.start or today
    if deadline is None:
        return Verdict("T", "Time-bound", False, "Set a deadline (a date, +3m, eoq...).")
    if deadline < today:
        return Verdict("T", "Time-bound", False, f"{deadline} has passed: pick a later deadline.")
    if deadline <= start:
        hint = f"The deadline must come after the start ({start})."
        return Verdict("T", "Time-bound", False, hint)
    return Verdict("T", "Time-bound", True, f"Due {deadline}, {_when(today, deadline)}.")


def _when(today: date, deadline: date) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``in 3 weeks`` or ``in 4 months``."""
    days = (deadline - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {days // 7} weeks"
    return f"in {days // 30} months"
