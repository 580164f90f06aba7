"""Reverse planning: milestones backward from the deadline, steps under them."""

from datetime import date, timedelta

import pytest

from goaltui.domain.reverse import (
    ScheduleProblem,
    check_milestones,
    check_steps,
    chronological,
    milestone_before,
    spread_evenly,
)

START = date(2026, 1, 1)
DEADLINE = date(2026, 12, 31)


def day(offset: int) -> date:
    return START + timedelta(days=offset)


@pytest.mark.parametrize(
    ("deadline", "count", "expected"),
    [
        (day(12), 0, []),
        (day(12), 1, [day(12)]),
        (day(12), 3, [day(4), day(8), day(12)]),
        (day(10), 3, [day(3), day(7), day(10)]),  # nearest whole day
        (day(3), 3, [day(1), day(2), day(3)]),
        (day(2), 4, [day(1), day(1), day(2), day(2)]),  # too short: repeats, never past
        (START, 2, [START, START]),
        (date(2026, 12, 31), 4, [date(2026, 4, 2), date(2026, 7, 2), date(2026, 10, 1), DEADLINE]),
    ],
)
def test_spread_evenly(deadline: date, count: int, expected: list[date]) -> None:
    assert spread_evenly(START, deadline, count) == expected


def test_spread_evenly_across_a_leap_day() -> None:
    dates = spread_evenly(date(2028, 2, 28), date(2028, 3, 1), 2)
    assert dates == [date(2028, 2, 29), date(2028, 3, 1)]


@pytest.mark.parametrize(
    ("deadline", "count", "words"), [(day(-1), 2, "before the start"), (day(5), -1, "-1")]
)
def test_spread_evenly_rejects(deadline: date, count: int, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        spread_evenly(START, deadline, count)


def test_chronological() -> None:
    assert chronological([day(9), day(5), day(1)]) == [day(1), day(5), day(9)]
    assert chronological(("c", "b", "a")) == ["a", "b", "c"]
    assert chronological([]) == []


def test_a_good_backward_plan_has_no_problems() -> None:
    assert check_milestones(START, DEADLINE, [DEADLINE, day(200), day(100), START]) == []
    assert check_milestones(None, DEADLINE, [day(10)]) == []
    assert check_milestones(START, DEADLINE, []) == []


def test_milestone_without_a_date() -> None:
    problems = check_milestones(START, DEADLINE, [day(200), None, day(10)])
    assert problems == [ScheduleProblem(1, "Milestone 2 needs a date.")]


def test_milestone_after_the_deadline() -> None:
    problems = check_milestones(START, DEADLINE, [date(2027, 1, 5)])
    assert problems == [
        ScheduleProblem(0, "Milestone 1 (2027-01-05) is after the deadline (2026-12-31).")
    ]


def test_milestone_before_the_start() -> None:
    problems = check_milestones(START, DEADLINE, [day(100), date(2025, 12, 1)])
    assert problems == [
        ScheduleProblem(1, "Milestone 2 (2025-12-01) is before the start (2026-01-01).")
    ]


def test_milestone_not_before_the_one_after_it() -> None:
    problems = check_milestones(START, DEADLINE, [date(2027, 3, 1), date(2027, 3, 1)])
    assert (
        ScheduleProblem(
            1, "Milestone 2 (2027-03-01) must come before the milestone after it (2027-03-01)."
        )
        in problems
    )


def test_milestones_in_the_wrong_order() -> None:
    problems = check_milestones(None, DEADLINE, [day(100), day(200), day(250)])
    assert [p.index for p in problems] == [1, 2]
    assert "(2026-07-20)" in problems[1].message  # compared with the one entered just before


def test_milestone_order_skips_undated_entries() -> None:
    problems = check_milestones(None, DEADLINE, [day(100), None, day(150)])
    assert [p.index for p in problems] == [1, 2]


def test_every_problem_of_one_milestone_is_reported() -> None:
    problems = check_milestones(day(300), day(100), [day(200), day(250)])
    assert [p.index for p in problems] == [0, 0, 1, 1, 1]


def test_check_steps() -> None:
    milestone = date(2026, 3, 1)
    problems = check_steps(milestone, [None, date(2026, 3, 1), date(2026, 3, 2), date(2026, 1, 1)])
    assert problems == [
        ScheduleProblem(2, "Step 3 is due 2026-03-02, after its milestone (2026-03-01).")
    ]
    assert check_steps(milestone, []) == []


# A goal starting 2026-01-05 with two milestones, 'Draft ready' then 'Venue booked'.
GOAL_START = date(2026, 1, 5)
DRAFT = ("Draft ready", date(2026, 3, 1))
VENUE = date(2026, 5, 1)


@pytest.mark.parametrize(
    ("milestone", "previous", "due", "expected"),
    [
        pytest.param(
            DRAFT[1],
            None,
            date(2020, 3, 1),
            ["The step 'Book the venue' is due 2020-03-01, before the goal starts (2026-01-05)."],
            id="before-start",
        ),
        pytest.param(
            DRAFT[1],
            None,
            date(2026, 1, 4),
            ["The step 'Book the venue' is due 2026-01-04, before the goal starts (2026-01-05)."],
            id="day-before-start",
        ),
        pytest.param(DRAFT[1], None, date(2026, 1, 5), [], id="on-start"),
        pytest.param(DRAFT[1], None, date(2026, 2, 1), [], id="first-milestone-has-no-previous"),
        pytest.param(
            VENUE,
            DRAFT,
            date(2026, 2, 28),
            [
                "The step 'Book the venue' is due 2026-02-28, "
                "before the milestone before it ('Draft ready', 2026-03-01)."
            ],
            id="before-previous-milestone",
        ),
        pytest.param(VENUE, DRAFT, date(2026, 3, 1), [], id="on-previous-milestone-day"),
        pytest.param(VENUE, DRAFT, date(2026, 4, 1), [], id="between"),
        pytest.param(VENUE, DRAFT, date(2026, 5, 1), [], id="on-own-milestone-day"),
        pytest.param(
            VENUE,
            DRAFT,
            date(2026, 5, 2),
            ["The step 'Book the venue' is due 2026-05-02, after its milestone (2026-05-01)."],
            id="after-own-milestone",
        ),
        pytest.param(
            VENUE,
            DRAFT,
            date(2020, 3, 1),
            [
                "The step 'Book the venue' is due 2020-03-01, before the goal starts (2026-01-05).",
                "The step 'Book the venue' is due 2020-03-01, "
                "before the milestone before it ('Draft ready', 2026-03-01).",
            ],
            id="before-start-and-previous",
        ),
        pytest.param(None, DRAFT, date(2026, 9, 1), [], id="no-own-date-no-upper-bound"),
        pytest.param(VENUE, DRAFT, None, [], id="undated"),
    ],
)
def test_step_due_between_start_previous_and_own_milestone(
    milestone: date | None,
    previous: tuple[str, date] | None,
    due: date | None,
    expected: list[str],
) -> None:
    problems = check_steps(
        milestone, [due], start=GOAL_START, previous=previous, titles=["Book the venue"]
    )
    assert problems == [ScheduleProblem(0, message) for message in expected]


def test_step_bounds_left_out_are_not_checked() -> None:
    assert check_steps(VENUE, [date(2020, 3, 1)]) == []
    assert check_steps(None, [date(2020, 3, 1), date(2030, 1, 1)]) == []


def test_step_messages_name_untitled_steps_and_milestones_by_position_and_date() -> None:
    problems = check_steps(
        VENUE,
        [date(2026, 4, 1), date(2026, 2, 1)],
        previous=("", DRAFT[1]),
        titles=["Call caterers", "  "],
    )
    assert problems == [
        ScheduleProblem(1, "Step 2 is due 2026-02-01, before the milestone before it (2026-03-01).")
    ]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        pytest.param(VENUE, DRAFT, id="latest-earlier-one"),
        pytest.param(date(2026, 6, 30), ("Venue booked", VENUE), id="last"),
        pytest.param(DRAFT[1], ("Theme chosen", date(2026, 2, 1)), id="skips-the-same-day"),
        pytest.param(date(2026, 2, 1), None, id="first-has-none"),
    ],
)
def test_milestone_before(day: date, expected: tuple[str, date] | None) -> None:
    marks = [
        ("Venue booked", VENUE),
        ("Undated", None),
        ("Theme chosen", date(2026, 2, 1)),
        DRAFT,
        ("Same day as the draft", DRAFT[1]),
    ]
    assert milestone_before(day, marks) == expected
