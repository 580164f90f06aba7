"""A goal's confidence history: the planning value first, then one per check-in day."""

from __future__ import annotations

from datetime import date, datetime

from goaltui.domain.confidence import (
    CHECK_IN,
    PLANNED,
    ConfidenceEntry,
    confidence_in_period,
    confidence_trail,
    current_confidence,
    describe_confidence,
    describe_current,
    describe_period,
    planning_day,
)
from goaltui.domain.models import CheckIn, Goal

START = date(2026, 11, 1)
TODAY = date(2026, 11, 21)
GOAL = Goal(id=1, title="Run a marathon", start=START, deadline=date(2027, 4, 1), confidence=8)


def checkin(n: int, day: date, confidence: int | None, goal_id: int = 1) -> CheckIn:
    return CheckIn(id=n, goal_id=goal_id, day=day, confidence=confidence)


def test_the_planning_value_alone() -> None:
    assert confidence_trail(GOAL, []) == ((START, 8, PLANNED),)
    assert current_confidence(GOAL, []) == ConfidenceEntry(START, 8, PLANNED)
    assert describe_confidence(current_confidence(GOAL, [])) == "8/10 (set when planned)"


def test_planning_first_then_each_checkin_in_day_order() -> None:
    rows = [
        # given out of order: the trail is in day order
        checkin(3, date(2026, 12, 3), 7),
        checkin(1, date(2026, 11, 20), 7),
        checkin(2, date(2026, 11, 27), None),  # no confidence given that day
        checkin(4, date(2026, 12, 5), 6),
    ]
    assert confidence_trail(GOAL, rows) == (
        (date(2026, 11, 1), 8, PLANNED),
        (date(2026, 11, 20), 7, CHECK_IN),
        (date(2026, 12, 3), 7, CHECK_IN),  # a repeat is still a dated fact
        (date(2026, 12, 5), 6, CHECK_IN),
    )
    now = current_confidence(GOAL, rows)
    assert now == (date(2026, 12, 5), 6, CHECK_IN)
    assert describe_confidence(now) == "6/10 (check-in 5 Dec)"
    assert describe_confidence(now, today=date(2026, 12, 6)) == "6/10 (check-in 5 Dec)"
    assert describe_confidence(now, today=date(2027, 1, 2)) == "6/10 (check-in 5 Dec 2026)"


def test_two_rows_on_one_day_the_last_counts() -> None:
    day = date(2026, 11, 20)
    rows = [checkin(5, day, 4), checkin(6, day, 9), checkin(7, day, None)]
    # 9 was given after 4; the row after it gave no confidence and changes nothing
    assert confidence_trail(GOAL, rows) == ((START, 8, PLANNED), (day, 9, CHECK_IN))


def test_other_goals_checkins_are_left_out() -> None:
    rows = [checkin(1, date(2026, 11, 20), 3, goal_id=2)]
    assert confidence_trail(GOAL, rows) == ((START, 8, PLANNED),)


def test_no_confidence_at_all() -> None:
    unrated = Goal(id=1, title="Read more", start=START, deadline=None)
    rows = [checkin(1, date(2026, 11, 20), None)]
    assert confidence_trail(unrated, rows) == ()
    assert current_confidence(unrated, rows) is None
    assert describe_confidence(None) == "not rated"


def test_no_planning_confidence_starts_with_the_first_checkin() -> None:
    unrated = Goal(id=1, title="Read more", start=START, deadline=None)
    rows = [checkin(1, date(2026, 11, 20), 5), checkin(2, date(2026, 11, 21), 6)]
    assert confidence_trail(unrated, rows) == (
        (date(2026, 11, 20), 5, CHECK_IN),
        (date(2026, 11, 21), 6, CHECK_IN),
    )
    assert current_confidence(unrated, rows) == (date(2026, 11, 21), 6, CHECK_IN)


def test_planning_is_dated_the_start_or_the_creation_when_earlier() -> None:
    assert planning_day(GOAL) == START
    backdated = Goal(1, "x", START, None, confidence=8, created_at=datetime(2026, 11, 9, 10))
    assert planning_day(backdated) == START
    ahead = Goal(1, "x", START, None, confidence=8, created_at=datetime(2026, 10, 25, 10))
    assert planning_day(ahead) == date(2026, 10, 25)


TRAIL = (
    ConfidenceEntry(date(2026, 11, 1), 8, PLANNED),
    ConfidenceEntry(date(2026, 11, 18), 7, CHECK_IN),
    ConfidenceEntry(date(2026, 11, 20), 7, CHECK_IN),
    ConfidenceEntry(date(2026, 11, 25), 5, CHECK_IN),
)


def test_a_period_starts_from_the_confidence_in_force() -> None:
    # 16-22 Nov: the planning 8 was in force as it began, then two check-ins
    assert [
        e.value for e in confidence_in_period(TRAIL, date(2026, 11, 16), date(2026, 11, 22))
    ] == [
        8,
        7,
        7,
    ]
    # 19-30 Nov: the check-in of the 18th was in force
    assert confidence_in_period(TRAIL, date(2026, 11, 19), date(2026, 11, 30)) == TRAIL[1:]


def test_a_period_without_checkins_shows_the_one_in_force() -> None:
    assert confidence_in_period(TRAIL, date(2026, 11, 2), date(2026, 11, 8)) == TRAIL[:1]
    assert confidence_in_period(TRAIL, date(2027, 1, 1), date(2027, 1, 31)) == TRAIL[3:]


def test_a_period_before_any_confidence_shows_none() -> None:
    assert confidence_in_period(TRAIL, date(2026, 10, 1), date(2026, 10, 31)) == ()
    assert confidence_in_period((), date(2026, 11, 1), date(2026, 11, 30)) == ()


def test_a_period_holding_the_planning_day_lists_it() -> None:
    assert confidence_in_period(TRAIL, date(2026, 11, 1), date(2026, 11, 18)) == TRAIL[:2]


def _trail(*values: int) -> list[ConfidenceEntry]:
    """Planning on 1 Nov, then one check-in a day from 2 Nov."""
    first, *rest = values
    entries = [ConfidenceEntry(START, first, PLANNED)]
    entries += [ConfidenceEntry(date(2026, 11, 2 + i), v, CHECK_IN) for i, v in enumerate(rest)]
    return entries


def test_a_run_of_equal_figures_counts_once_in_the_trend() -> None:
    assert describe_current(_trail(6, 6, 7, 7, 8), TODAY) == (
        "8/10 (check-in 5 Nov), trend 6 → 7 → 8"
    )
    # only the last three changes
    assert describe_current(_trail(5, 6, 7, 8), TODAY).endswith("trend 6 → 7 → 8")


def test_a_figure_that_never_changed_says_since_when() -> None:
    assert describe_current(_trail(8, 8, 8, 8), TODAY) == (
        "8/10 (check-in 4 Nov), the same since 1 Nov"
    )
    assert describe_current(_trail(8), TODAY) == "8/10 (set when planned)"


def test_a_period_names_each_change_once() -> None:
    assert describe_period(_trail(8, 8, 8, 8), TODAY) == (
        "Confidence unchanged at 8 (set when planned)"
    )
    assert describe_period(_trail(8, 6, 6, 8), TODAY) == (
        "Confidence back to where it was: 8 → 6 → 8 (from 8 set when planned)"
    )
    assert describe_period(_trail(9, 9, 7, 7), TODAY) == (
        "Confidence falling: 9 → 7 (from 9 set when planned)"
    )
