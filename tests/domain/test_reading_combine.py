"""Readings of KPIs whose periods combine by ``count``, ``max`` and ``min``, worked out by hand.

Same conventions as ``test_reading``: ``dN`` counts calendar days from the goal's
start, every expected figure comes from the README's rules with the arithmetic
beside it, never from running :func:`read_kpi`.
"""

from __future__ import annotations

import pytest

from goaltui.domain.models import Aggregation
from tests.domain.test_reading import (
    ABOVE,
    BELOW,
    DEC,
    INC,
    OFF,
    ON,
    RISK,
    WEEKLY,
    Case,
    check,
    d,
    goal,
    kpi,
    read,
    values,
)

COUNT, MAX, MIN = Aggregation.COUNT, Aggregation.MAX, Aggregation.MIN

# Workouts per week from 2 to 6 between Monday 2026-01-05 and Monday 2026-02-02 (28 days):
# the pace rises 4 / 28 = 1/7 a day, so on dN it is 2 + N/7.
#   d6 = Sun 01-11 (end of week 1), d8 = Tue 01-13, d9 = Wed 01-14.
FOUR_WEEKS = goal("2026-01-05", "2026-02-02")
# Longest run per week (km) from 5 to 13 between 2026-01-05 and 2026-03-02 (56 days):
# pace 5 + N/7.  d16 = Wed 01-21.
EIGHT_WEEKS = goal("2026-01-05", "2026-03-02")

# The minutes of each workout: a count ignores them.
WEEK_1_WORKOUTS = (("2026-01-05", 30), ("2026-01-07", 45), ("2026-01-09", 60))

CASES = [
    pytest.param(
        Case(
            kpi(INC, WEEKLY, COUNT, 2, 6),
            FOUR_WEEKS,
            values(*WEEK_1_WORKOUTS, ("2026-01-12", 20)),
            d("2026-01-13"),
            {
                # This week so far: 1 workout < pace on d8 = 2 + 8/7 = 3.14: held back.
                # Week 1 (3 workouts) is judged on its last day d6: pace 2 + 6/7 = 2.857.
                "current": 3.0,
                "expected": 2 + 6 / 7,
                "judged_on": d("2026-01-11"),
                "status": ON,  # 3 >= 2.857: no shortfall
                # The line is at 3 on d7 (2 + 7/7); 7 - 6 = +1.
                "days_ahead": 1,
                "progress": 0.25,  # (3 - 2) / (6 - 2)
            },
        ),
        id="count-judges-the-last-complete-week",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, COUNT, 2, 6),
            FOUR_WEEKS,
            values(
                *WEEK_1_WORKOUTS,
                ("2026-01-12", 20),
                ("2026-01-13", 20),
                ("2026-01-13", 25),
                ("2026-01-14", 40),
            ),
            d("2026-01-14"),
            {
                # This week so far: 4 workouts >= pace on d9 = 2 + 9/7 = 3.29. A count
                # only grows, so that verdict is final: judged today.
                "current": 4.0,
                "expected": 2 + 9 / 7,
                "judged_on": d("2026-01-14"),
                "status": ON,
                # The line is at 4 on d14 (2 + 14/7); 14 - 9 = +5.
                "days_ahead": 5,
                "progress": 0.5,  # (4 - 2) / 4
                "partial": None,
            },
        ),
        id="count-this-week-already-at-pace",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, MAX, 5, 13),
            EIGHT_WEEKS,
            values(("2026-01-06", 6), ("2026-01-08", 5.5), ("2026-01-13", 5)),
            d("2026-01-14"),
            {
                # This week's longest so far: 5 < pace on d9 = 5 + 9/7 = 6.29: held back.
                # Week 1's longest, 6, is judged on d6: pace 5 + 6/7 = 5.857.
                "current": 6.0,
                "expected": 5 + 6 / 7,
                "judged_on": d("2026-01-11"),
                "status": ON,
                # The line is at 6 on d7; 7 - 6 = +1.
                "days_ahead": 1,
                "progress": 0.125,  # (6 - 5) / 8
            },
        ),
        id="max-rising-judges-the-last-complete-week",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, MAX, 5, 13),
            EIGHT_WEEKS,
            values(("2026-01-06", 6), ("2026-01-13", 5), ("2026-01-14", 7)),
            d("2026-01-14"),
            {
                # This week's longest, 7 >= pace on d9 = 6.29; a maximum only grows: final.
                "current": 7.0,
                "expected": 5 + 9 / 7,
                "judged_on": d("2026-01-14"),
                # The line is at 7 on d14; 14 - 9 = +5.
                "days_ahead": 5,
                "progress": 0.25,  # (7 - 5) / 8
                "partial": None,
            },
        ),
        id="max-rising-this-week-already-at-pace",
    ),
    pytest.param(
        Case(
            kpi(INC, WEEKLY, MAX, 5, 13),
            EIGHT_WEEKS,
            values(("2026-01-06", 6), ("2026-01-20", 5)),
            d("2026-01-21"),
            {
                # Week 2 (01-12..01-18) has no run: it has no longest one (a sum would be 0).
                # So week 1's 6 is judged, as old news, against today's pace:
                # d16: 5 + 16/7 = 7.2857; shortfall 1.2857 / 8 = 16.1 % > 15 %.
                "current": 6.0,
                "expected": 5 + 16 / 7,
                "judged_on": d("2026-01-21"),
                "status": OFF,
                # The line is at 6 on d7; 7 - 16 = -9.
                "days_ahead": -9,
            },
        ),
        id="max-after-an-empty-week-is-old-news",
    ),
    pytest.param(
        Case(
            # Best 5 km time (minutes) from 30 down to 26 over 28 days: pace 30 - N/7.
            kpi(DEC, WEEKLY, MIN, 30, 26),
            FOUR_WEEKS,
            values(("2026-01-06", 30.5), ("2026-01-09", 29), ("2026-01-13", 29.5)),
            d("2026-01-14"),
            {
                # This week's best so far: 29.5 > pace on d9 = 30 - 9/7 = 28.71: held back.
                # Week 1's best, 29, on d6: pace 30 - 6/7 = 29.143; 29 is below it: on track.
                "current": 29.0,
                "expected": 30 - 6 / 7,
                "judged_on": d("2026-01-11"),
                "status": ON,
                # The line is at 29 on d7; 7 - 6 = +1.
                "days_ahead": 1,
                "progress": 0.25,  # (29 - 30) / (26 - 30)
            },
        ),
        id="min-falling-judges-the-last-complete-week",
    ),
    pytest.param(
        Case(
            kpi(DEC, WEEKLY, MIN, 30, 26),
            FOUR_WEEKS,
            values(
                ("2026-01-06", 30.5),
                ("2026-01-09", 29),
                ("2026-01-13", 29.5),
                ("2026-01-14", 28.5),
            ),
            d("2026-01-14"),
            {
                # This week's best, 28.5 <= pace on d9 = 28.714; a minimum only falls: final.
                "current": 28.5,
                "expected": 30 - 9 / 7,
                "judged_on": d("2026-01-14"),
                "status": ON,
                # The line is at 28.5 on d10.5; 10.5 - 9 = 1.5, halves up: +2.
                "days_ahead": 2,
                "progress": 0.375,  # 1.5 / 4
                "partial": None,
            },
        ),
        id="min-falling-this-week-already-at-pace",
    ),
    pytest.param(
        Case(
            # Highest resting pulse per week from 80 down to 72 over 56 days: pace 80 - N/7.
            kpi(DEC, WEEKLY, MAX, 80, 72),
            EIGHT_WEEKS,
            values(("2026-01-06", 79), ("2026-01-08", 79.8), ("2026-01-13", 70)),
            d("2026-01-14"),
            {
                # A maximum can still rise, so a falling KPI's is judged like a mean:
                # week 1's 79.8 on d6, pace 80 - 6/7 = 79.143; this week's 70 waits.
                # Shortfall 0.657 / 8 = 8.2 %: at risk.
                "current": 79.8,
                "expected": 80 - 6 / 7,
                "judged_on": d("2026-01-11"),
                "status": RISK,
                # The line is at 79.8 on d1.4; 1.4 - 6 = -4.6 -> -5.
                "days_ahead": -5,
                "progress": 0.025,  # 0.2 / 8
            },
        ),
        id="max-falling-judged-like-a-mean",
    ),
    pytest.param(
        Case(
            kpi(BELOW, WEEKLY, MIN, 0, 20),
            FOUR_WEEKS,
            values(("2026-01-06", 25), ("2026-01-08", 18), ("2026-01-13", 22)),
            d("2026-01-14"),
            {
                # Week 1's lowest, 18, kept below 20. This week's lowest so far, 22, may
                # still fall below: not counted yet. 1 of 1 week kept; now = 18.
                "current": 18.0,
                "in_bounds": (1, 1),
                "status": ON,
            },
        ),
        id="stay-below-min-waits-until-it-keeps",
    ),
    pytest.param(
        Case(
            kpi(BELOW, WEEKLY, MIN, 0, 20),
            FOUR_WEEKS,
            values(("2026-01-06", 25), ("2026-01-08", 18), ("2026-01-13", 22), ("2026-01-14", 19)),
            d("2026-01-14"),
            {
                # This week's lowest is now 19 <= 20: it can only fall, so it counts.
                # 2 of 2 weeks kept; progress 2 of the goal's 5 weeks (01-05 .. 02-02).
                "current": 19.0,
                "in_bounds": (2, 2),
                "status": ON,
                "progress": 0.4,
            },
        ),
        id="stay-below-min-counts-once-it-keeps",
    ),
    pytest.param(
        Case(
            kpi(ABOVE, WEEKLY, MAX, 0, 20),
            FOUR_WEEKS,
            values(("2026-01-06", 12), ("2026-01-13", 21)),
            d("2026-01-14"),
            {
                # Week 1's highest, 12, fell short of 20. This week's 21 is above and a
                # maximum only grows: it counts now. 1 of 2 weeks kept = 50 % < 75 %.
                "current": 21.0,
                "in_bounds": (2, 1),
                "status": OFF,
            },
        ),
        id="stay-above-max-counts-once-it-keeps",
    ),
]


@pytest.mark.parametrize("case", CASES)
def test_reading(case: Case) -> None:
    check(read(case), case.expect)
