"""The SMART check of a draft goal."""

from dataclasses import replace
from datetime import date

import pytest

from goaltui.domain.models import KpiKind
from goaltui.domain.smart import (
    GoalDraft,
    KpiDraft,
    MilestoneDraft,
    SmartReport,
    StepDraft,
    Verdict,
    smart_check,
)
from goaltui.domain.specific import Anchor, title_anchor

TODAY = date(2026, 5, 14)

GOOD = GoalDraft(
    title="Increase website traffic by 20% over six months",
    why="More visitors bring more sign-ups.",
    start=TODAY,
    deadline=date(2026, 11, 14),
    confidence=7,
    kpis=(KpiDraft("monthly visits", "visits", baseline=10_000, target=12_000),),
)


def verdict(draft: GoalDraft, letter: str) -> Verdict:
    return smart_check(draft, TODAY).by_letter(letter)


def test_a_good_goal_passes_every_letter() -> None:
    report = smart_check(GOOD, TODAY)
    assert report.ok
    assert [v.letter for v in report.verdicts] == ["S", "M", "A", "R", "T"]
    assert [v.name for v in report.verdicts] == [
        "Specific",
        "Measurable",
        "Achievable",
        "Relevant",
        "Time-bound",
    ]
    for each in report.verdicts:
        assert each.hint
        assert "\n" not in each.hint
        assert len(each.hint) <= 100


def test_every_hint_is_short_and_single_line_when_failing() -> None:
    report = smart_check(GoalDraft(title="Improve communication"), TODAY)
    assert not report.ok
    assert not any(v.ok for v in report.verdicts)
    for each in report.verdicts:
        assert "\n" not in each.hint
        assert len(each.hint) <= 100


def test_by_letter_is_case_insensitive_and_strict() -> None:
    report = smart_check(GOOD, TODAY)
    assert report.by_letter("t") is report.verdicts[4]
    with pytest.raises(KeyError):
        report.by_letter("X")


def test_report_ok_needs_all() -> None:
    yes, no = Verdict("S", "Specific", True, "a"), Verdict("M", "Measurable", False, "b")
    assert SmartReport((yes, yes)).ok
    assert not SmartReport((yes, no)).ok


SPECIFIC = [
    # Examples the method is taught with.
    "Increase website traffic by 20% over six months",
    "Advance from Team Lead to Director by December 2027",
    "Advance from Team Lead to Director",
    "Host a 30-minute team progress meeting every Monday",
    "Increase the customer satisfaction score from 70% to 85% in the next six months",
    "Secure five new client accounts this quarter",
    "Launch a new regional marketing campaign by Q4",
    "Complete the project proposal by March 31",
    "Reduce product defect rate from 5% to 2% by the end of the year",
    "Generate 50 qualified leads per month",
    "Find a leadership mentor before the end of Q4",
    "Complete a project management course by March 1st",
    "Research and develop a new product line for the new markets",
    # Frequency, time, or enough concrete words.
    "Publish blog posts weekly",
    "Call a customer on Fridays",
    "Finish the kitchen renovation by May",
    "Run a marathon by the end of the year",
    "Launch the new pricing page",
    "I want to run the Berlin marathon",
    "Write two blog posts",
]

VAGUE = [
    "Improve communication",
    "improve your work",
    "Do better",
    "Get better at sales",
    "Be healthier",
    "Increase traffic",
    "Increase website traffic",
    "Increase sales",
    "Improve customer satisfaction",
    "Work on improving quality",
    "Enhance team productivity",
    "Improve efficiency",
    "Improve customer service efficiency",
    "Achieving a leadership role",
    "Expand into new markets",
    "I want to get better at my job",
    "Write a book",
    "Sales",
    "!!!",
]


@pytest.mark.parametrize("title", SPECIFIC)
def test_specific_titles(title: str) -> None:
    result = verdict(replace(GOOD, title=title), "S")
    assert result.ok, title
    assert result.hint.startswith("Clear")


@pytest.mark.parametrize("title", VAGUE)
def test_vague_titles(title: str) -> None:
    result = verdict(replace(GOOD, title=title), "S")
    assert not result.ok, title
    assert "how often" in result.hint
    assert "by when" in result.hint


@pytest.mark.parametrize("title", ["", "   ", "\t\n"])
def test_empty_title_is_not_specific(title: str) -> None:
    result = verdict(replace(GOOD, title=title), "S")
    assert not result.ok
    assert "title" in result.hint


@pytest.mark.parametrize(
    ("title", "anchor"),
    [
        ("Walk 10k steps", Anchor.NUMBER),
        ("Secure five new accounts", Anchor.NUMBER),
        ("Publish blog posts weekly", Anchor.FREQUENCY),
        ("Call mum on Sundays", Anchor.FREQUENCY),
        ("Ship the beta by June", Anchor.TIME),
        ("Renew the lease within a month", Anchor.TIME),
        ("Move from London to Paris", Anchor.CHANGE),
        ("Launch the new pricing page", Anchor.WORDS),
        ("I\u2019ll do better", None),
        ("I may do it", None),
        ("Get away from it", None),
    ],
)
def test_title_anchor(title: str, anchor: Anchor | None) -> None:
    assert title_anchor(title) == anchor


def kpi(**changes: object) -> KpiDraft:
    return replace(KpiDraft("visits", baseline=100.0, target=120.0), **changes)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kpis", "ok", "words"),
    [
        ((kpi(),), True, "'visits' from 100 to 120"),
        ((kpi(unit="%", baseline=70.0, target=85.0),), True, "from 70 to 85 %"),
        ((kpi(), kpi(name="sign-ups")), True, "(and 1 more)"),
        ((kpi(baseline=None),), False, "starts from"),
        ((kpi(target=None),), False, "should reach"),
        ((kpi(target=100.0),), False, "already starts at its target"),
        ((kpi(name="", target=100.0),), False, "The KPI already starts"),
        ((kpi(kind=KpiKind.DECREASE, target=100.0),), False, "already starts"),
        ((kpi(target=80.0),), False, "should go up"),
        ((kpi(kind=KpiKind.DECREASE),), False, "should go down"),
        ((kpi(kind=KpiKind.DECREASE, baseline=5.0, target=2.0),), True, "from 5 to 2"),
        ((kpi(kind=KpiKind.STAY_BELOW, baseline=None, target=2.0),), True, "staying below 2"),
        ((kpi(kind=KpiKind.STAY_ABOVE, baseline=None, target=None),), False, "stay above"),
        ((kpi(kind=KpiKind.STAY_ABOVE, baseline=80.0, target=80.0),), True, "above 80"),
        ((kpi(), kpi(target=100.0)), False, "already starts"),  # every KPI must work
        (
            (kpi(unit="min", kind=KpiKind.BETWEEN, baseline=None, target=45.0, high=60.0),),
            True,
            "'visits' staying between 45 and 60 min",
        ),
        ((kpi(kind=KpiKind.BETWEEN, target=45.0, high=None),), False, "lowest and the highest"),
        ((kpi(kind=KpiKind.BETWEEN, target=60.0, high=45.0),), False, "low end below its high"),
        ((kpi(kind=KpiKind.BETWEEN, target=50.0, high=50.0),), False, "low end below its high"),
    ],
)
def test_measurable(kpis: tuple[KpiDraft, ...], ok: bool, words: str) -> None:
    result = verdict(replace(GOOD, kpis=kpis), "M")
    assert result.ok is ok
    assert words in result.hint


def test_measurable_by_milestones_without_kpi() -> None:
    plan = (MilestoneDraft("Senior Manager", date(2026, 9, 1), (StepDraft("PM course"),)),)
    result = verdict(replace(GOOD, kpis=(), milestones=plan), "M")
    assert result.ok
    assert "milestones" in result.hint


def test_nothing_to_measure() -> None:
    result = verdict(replace(GOOD, kpis=()), "M")
    assert not result.ok
    assert "KPI" in result.hint


@pytest.mark.parametrize(
    ("confidence", "ok", "words"),
    [
        (None, False, "How sure"),
        (1, False, "make it smaller"),
        (4, False, "4/10 is low"),
        (5, True, "5/10"),
        (10, True, "10/10"),
        (0, False, "1 to 10"),
        (11, False, "1 to 10"),
    ],
)
def test_achievable(confidence: int | None, ok: bool, words: str) -> None:
    result = verdict(replace(GOOD, confidence=confidence), "A")
    assert result.ok is ok
    assert words in result.hint


@pytest.mark.parametrize(
    ("why", "parent", "ok"),
    [("", None, False), ("   ", None, False), ("It matters", None, True), ("", 3, True)],
)
def test_relevant(why: str, parent: int | None, ok: bool) -> None:
    assert verdict(replace(GOOD, why=why, parent_id=parent), "R").ok is ok


@pytest.mark.parametrize(
    ("start", "deadline", "ok", "words"),
    [
        (TODAY, None, False, "Set a deadline"),
        (date(2026, 1, 1), date(2026, 5, 13), False, "has passed"),
        (date(2026, 1, 1), TODAY, True, "today"),  # deadline today
        (None, TODAY, False, "after the start"),  # the start would be today
        (TODAY, TODAY, False, "after the start"),
        (date(2026, 7, 1), date(2026, 6, 1), False, "after the start"),
        (TODAY, date(2026, 5, 15), True, "tomorrow"),
        (TODAY, date(2026, 5, 20), True, "in 6 days"),
        (TODAY, date(2026, 6, 11), True, "in 4 weeks"),
        (None, date(2026, 11, 14), True, "in 6 months"),
        (TODAY, date(2028, 2, 29), True, "Due 2028-02-29"),
    ],
)
def test_time_bound(start: date | None, deadline: date | None, ok: bool, words: str) -> None:
    result = verdict(replace(GOOD, start=start, deadline=deadline), "T")
    assert result.ok is ok
    assert words in result.hint


def test_drafts_have_the_agreed_defaults() -> None:
    draft = GoalDraft("x")
    assert (draft.kpis, draft.milestones, draft.parent_id, draft.confidence) == ((), (), None, None)
    k = KpiDraft("k")
    assert (k.unit, k.baseline, k.target, k.kind) == ("", None, None, KpiKind.INCREASE)
    assert MilestoneDraft("m", None).steps == ()
    assert StepDraft("s").due is None


def test_achievable_nudges_towards_one_planned_obstacle_without_failing():
    from goaltui.domain.smart import GoalDraft, ObstacleDraft, smart_check

    today = date(2026, 11, 22)
    bare = GoalDraft(title="Run a half marathon", confidence=7)
    verdict = smart_check(bare, today).by_letter("A")
    assert verdict.ok
    assert verdict.hint == "7/10: you believe you can. What might get in the way? Plan for one."
    planned = GoalDraft(
        title="Run a half marathon",
        confidence=7,
        obstacles=(ObstacleDraft("it rains", "I run indoors"), ObstacleDraft("a cold")),
    )
    verdict = smart_check(planned, today).by_letter("A")
    assert (verdict.ok, verdict.hint) == (True, "7/10, with a plan for 2 likely obstacles.")
    low = GoalDraft(title="Run a half marathon", confidence=3, obstacles=planned.obstacles)
    assert not smart_check(low, today).by_letter("A").ok
