"""The one order of steps: urgency first, then importance, then due date, then title.

Every expectation below is worked out by hand from the rule, not from the code.
"""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.models import Importance, Step
from goaltui.domain.urgency import (
    NEXT_IMPORTANCE,
    Urgency,
    by_urgency,
    describe_urgency,
    one_thing,
    urgency,
)

TODAY = date(2026, 11, 22)  # a Sunday
H, N, L = Importance.HIGH, Importance.NORMAL, Importance.LOW


def step(n: int, title: str, due: date | None, importance=N, done: date | None = None) -> Step:
    return Step(n, 1, title, due, done, importance)


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        (date(2026, 11, 21), Urgency.OVERDUE),  # yesterday
        (date(2025, 1, 1), Urgency.OVERDUE),
        (date(2026, 11, 22), Urgency.TODAY),
        (date(2026, 11, 23), Urgency.SOON),  # tomorrow: 1 day ahead
        (date(2026, 11, 29), Urgency.SOON),  # 22 + 7 = 29: the last day of "soon"
        (date(2026, 11, 30), Urgency.LATER),  # 8 days ahead
        (None, Urgency.LATER),
    ],
)
def test_urgency_buckets(due, expected):
    assert urgency(due, TODAY) == expected


def test_done_steps_are_not_urgent():
    assert urgency(date(2026, 11, 1), TODAY, done=True) == Urgency.DONE


def test_urgency_beats_importance_which_beats_date_which_beats_title():
    steps = [
        step(1, "later high", date(2026, 12, 20), H),
        step(2, "soon low", date(2026, 11, 24), L),
        step(3, "today normal", date(2026, 11, 22), N),
        step(4, "overdue low", date(2026, 11, 10), L),
        step(5, "overdue high", date(2026, 11, 21), H),
        step(6, "soon high", date(2026, 11, 28), H),
        step(7, "undated high", None, H),
        step(8, "b soon low same day", date(2026, 11, 24), L),
        step(9, "A soon low same day", date(2026, 11, 24), L),
        step(10, "done overdue", date(2026, 11, 1), H, done=date(2026, 11, 2)),
        step(11, "soon normal earlier", date(2026, 11, 23), N),
    ]
    # Overdue: high (21 Nov) before low (10 Nov) although low is older.
    # Today: the one normal step.
    # Soon (23-29 Nov): high 28 Nov; normal 23 Nov; then the lows on 24 Nov by title
    #   (casefolded: "a soon…" < "b soon…" < "soon low").
    # Later: high 20 Dec before undated high (an undated step sorts after dated ones).
    # Done last.
    assert [s.id for s in by_urgency(steps, TODAY)] == [5, 4, 3, 6, 11, 9, 8, 2, 1, 7, 10]


def test_one_thing_is_the_first_open_step():
    steps = [
        step(1, "done today", date(2026, 11, 22), H, done=date(2026, 11, 22)),
        step(2, "soon high", date(2026, 11, 25), H),
        step(3, "today low", date(2026, 11, 22), L),
    ]
    # The done step is left out; today (low) is more urgent than soon (high).
    assert one_thing(steps, TODAY).id == 3
    assert one_thing([steps[0]], TODAY) is None
    assert one_thing([], TODAY) is None


def test_importance_cycles_through_all_three():
    assert NEXT_IMPORTANCE[N] == H
    assert NEXT_IMPORTANCE[H] == L
    assert NEXT_IMPORTANCE[L] == N


@pytest.mark.parametrize(
    ("due", "text"),
    [
        (date(2026, 11, 19), "3d overdue"),
        (date(2026, 11, 22), "due today"),
        (date(2026, 11, 24), "due in 2d"),
        (date(2026, 12, 14), "due 14 Dec"),
        (None, "no date"),
    ],
)
def test_describe_urgency(due, text):
    assert describe_urgency(due, TODAY) == text
