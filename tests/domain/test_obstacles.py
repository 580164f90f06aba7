"""Which obstacles a period's check-ins met: planned (with their days) and unplanned."""

from __future__ import annotations

from datetime import date

from goaltui.domain.models import CheckIn, Obstacle
from goaltui.domain.obstacles import if_then, obstacles_met

RAIN = Obstacle(1, 7, "it rains", "I run on the treadmill", 0)
LATE = Obstacle(2, 7, "work runs late", "I run at 6 am", 1)
SICK = Obstacle(3, 7, "I catch a cold", "", 2)


def checkin(n: int, day: int, words: str = "", obstacle_id: int | None = None) -> CheckIn:
    return CheckIn(n, 7, date(2026, 11, day), obstacles=words, obstacle_id=obstacle_id)


def test_if_then():
    assert if_then(" it rains ", "I run on the treadmill") == "If it rains → I run on the treadmill"
    assert if_then("I catch a cold", "  ") == "If I catch a cold → no plan yet"


def test_planned_and_unplanned_obstacles_of_a_period():
    met = obstacles_met(
        [
            checkin(1, 16, "storm", RAIN.id),
            checkin(2, 17, "", LATE.id),
            checkin(3, 18, "downpour", RAIN.id),
            checkin(4, 18, "again", RAIN.id),  # the same day twice: one day
            checkin(5, 19, "knee hurts"),  # words, no match: unplanned
            checkin(6, 20, "   "),  # nothing met
            checkin(7, 21, "flu", 99),  # a plan since removed: unplanned
            checkin(8, 15, "new shoes pinch"),
        ],
        [RAIN, LATE, SICK],
    )
    # Rain: 16 and 18 Nov = 2 days; late: 17 Nov = 1 day; the cold was never met.
    assert [(p.obstacle.id, p.days) for p in met.planned] == [
        (1, (date(2026, 11, 16), date(2026, 11, 18))),
        (2, (date(2026, 11, 17),)),
    ]
    assert met.unplanned == (
        (date(2026, 11, 15), "new shoes pinch"),
        (date(2026, 11, 19), "knee hurts"),
        (date(2026, 11, 21), "flu"),
    )
    assert met


def test_nothing_met_is_false():
    assert not obstacles_met([checkin(1, 16)], [RAIN])
