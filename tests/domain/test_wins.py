"""The win summary: plain text, worked out by hand."""

from __future__ import annotations

from datetime import date

from goaltui.domain.models import Goal, GoalStatus, Kpi, KpiReading, KpiStatus, Milestone
from goaltui.domain.wins import build_win

START = date(2026, 1, 1)


def reading(kpi: Kpi, status: KpiStatus) -> KpiReading:
    return KpiReading(kpi, "g", 0.0, None, status, 1.0, None, None)


def goal(status: GoalStatus = GoalStatus.ACTIVE, title: str = "Grow the blog") -> Goal:
    return Goal(1, title, START, date(2026, 6, 30), status=status)


VISITS = Kpi(1, 1, "Monthly visits", "visits", 10000, 12000)
POSTS = Kpi(2, 1, "Posts a month", "", 1, 4)


def test_an_achieved_goal_lists_targets_milestones_and_the_time_it_took() -> None:
    milestones = [
        Milestone(2, 1, "Second", date(2026, 4, 1), done_on=date(2026, 3, 28), position=1),
        Milestone(1, 1, "First", date(2026, 2, 1), done_on=date(2026, 2, 3), position=0),
        Milestone(3, 1, "Still open", date(2026, 6, 1)),
    ]
    win = build_win(
        goal(GoalStatus.ACHIEVED),
        [reading(VISITS, KpiStatus.ACHIEVED), reading(POSTS, KpiStatus.ON_TRACK)],
        milestones,
        today=date(2026, 11, 22),
        closed_on=date(2026, 6, 20),
        worked="  Writing every Tuesday morning.  ",
    )
    assert win.reached
    assert win.text == (
        "Goal: Grow the blog\n"
        "Status: achieved\n"
        "Targets reached:\n"
        "- Monthly visits: 12000 visits (from 10000 visits)\n"
        "Milestones reached:\n"
        "- First (2026-02-03)\n"
        "- Second (2026-03-28)\n"
        "Took: 2026-01-01 to 2026-06-20 (170 days)\n"
        "What worked: Writing every Tuesday morning.\n"
    )


def test_an_open_goal_counts_the_days_so_far_and_a_kpi_without_unit() -> None:
    win = build_win(goal(), [reading(POSTS, KpiStatus.ACHIEVED)], [], today=date(2026, 1, 2))
    assert win.reached
    assert win.text == (
        "Goal: Grow the blog\n"
        "Status: active\n"
        "Targets reached:\n"
        "- Posts a month: 4 (from 1)\n"
        "So far: 2026-01-01 to 2026-01-02 (1 day)\n"
    )


def test_nothing_reached_says_so() -> None:
    win = build_win(goal(), [reading(VISITS, KpiStatus.AT_RISK)], [], today=date(2026, 3, 1))
    assert not win.reached
    assert win.text == (
        "Goal: Grow the blog\n"
        "Status: active\n"
        "So far: 2026-01-01 to 2026-03-01 (59 days)\n"
        "Nothing reached yet.\n"
    )


def test_user_text_cannot_reach_the_terminal_as_control_characters() -> None:
    hostile = goal(GoalStatus.ACHIEVED, title="[bold]x[/]\x1b]0;pwned\x07\nnext")
    milestone = Milestone(1, 1, "a\u202eb", date(2026, 2, 1), done_on=date(2026, 2, 1))
    win = build_win(hostile, [], [milestone], today=date(2026, 2, 1), worked="line\rtwo")
    assert win.text == (
        "Goal: [bold]x[/]␛]0;pwned␇␊next\n"
        "Status: achieved\n"
        "Milestones reached:\n"
        "- a<U+202E>b (2026-02-01)\n"
        "So far: 2026-01-01 to 2026-02-01 (31 days)\n"
        "What worked: line␍two\n"
    )


def test_a_start_after_the_end_leaves_the_time_out() -> None:
    late = Goal(1, "Later", date(2026, 5, 1), None, status=GoalStatus.ACHIEVED)
    win = build_win(late, [], [], today=date(2026, 4, 1))
    assert win.reached
    assert win.text == "Goal: Later\nStatus: achieved\n"
