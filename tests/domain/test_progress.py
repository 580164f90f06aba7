"""Progress of milestones, goals and goal subtrees."""

from datetime import date

import pytest

from goaltui.domain.models import Goal, GoalStatus, Milestone
from goaltui.domain.progress import (
    GoalSummary,
    Node,
    goal_progress,
    milestone_progress,
    rollup,
    tree_order,
)


def milestones(*done: bool) -> list[Milestone]:
    return [
        Milestone(i, 1, f"m{i}", date(2026, 3, 1), done_on=date(2026, 2, 1) if is_done else None)
        for i, is_done in enumerate(done)
    ]


@pytest.mark.parametrize(
    ("done", "expected"),
    [((), None), ((False,), 0.0), ((True,), 1.0), ((True, False, False, True), 0.5)],
)
def test_milestone_progress(done: tuple[bool, ...], expected: float | None) -> None:
    assert milestone_progress(milestones(*done)) == expected


@pytest.mark.parametrize(
    ("status", "kpis", "share", "expected"),
    [
        (GoalStatus.ACHIEVED, [], None, 1.0),
        (GoalStatus.ACHIEVED, [0.2], 0.0, 1.0),
        (GoalStatus.ACTIVE, [0.2, 0.6], None, 0.4),
        (GoalStatus.ACTIVE, [0.2, 0.6], 1.0, 0.4),  # KPIs are the measure when present
        (GoalStatus.ACTIVE, [], 0.75, 0.75),
        (GoalStatus.ACTIVE, [], None, 0.0),
        (GoalStatus.PAUSED, [0.5], None, 0.5),
        (GoalStatus.MISSED, [0.3], None, 0.3),
        (GoalStatus.DRAFT, [], None, 0.0),
        (GoalStatus.ACTIVE, [1.5, -1.0], None, 0.5),  # each held within 0-1
    ],
)
def test_goal_progress(
    status: GoalStatus, kpis: list[float], share: float | None, expected: float
) -> None:
    assert goal_progress(status, kpis, share) == pytest.approx(expected)


def test_rollup_weighted_tree() -> None:
    nodes = [
        Node(1, None, 1.0, None),  # company objective, nothing of its own
        Node(2, 1, 3.0, 0.8),
        Node(3, 1, 1.0, None),
        Node(4, 3, 1.0, 0.4),
        Node(5, 3, 1.0, 0.0),
    ]
    result = rollup(nodes)
    assert result[4] == 0.4
    assert result[5] == 0.0
    assert result[3] == pytest.approx(0.2)
    assert result[2] == pytest.approx(0.8)
    assert result[1] == pytest.approx((3 * 0.8 + 1 * 0.2) / 4)


def test_rollup_own_progress_counts_with_weight_one() -> None:
    nodes = [Node(1, None, 1.0, 1.0), Node(2, 1, 3.0, 0.0)]
    assert rollup(nodes)[1] == pytest.approx(0.25)


def test_rollup_leaves() -> None:
    assert rollup([Node(1, None, 1.0, None), Node(2, None, 1.0, 0.3)]) == {1: 0.0, 2: 0.3}


def test_rollup_empty() -> None:
    assert rollup([]) == {}


@pytest.mark.parametrize("bad", [0.0, -2.0, float("nan"), float("inf"), float("-inf")])
def test_rollup_weights_that_are_not_positive_count_as_zero(bad: float) -> None:
    nodes = [Node(1, None, 1.0, None), Node(2, 1, bad, 1.0), Node(3, 1, 1.0, 0.0)]
    assert rollup(nodes)[1] == 0.0


def test_rollup_all_weights_zero_falls_back_to_a_plain_mean() -> None:
    nodes = [Node(1, None, 1.0, None), Node(2, 1, 0.0, 1.0), Node(3, 1, -1.0, 0.0)]
    assert rollup(nodes)[1] == pytest.approx(0.5)


def test_rollup_huge_weights_do_not_overflow() -> None:
    nodes = [Node(1, None, 1.0, None), Node(2, 1, 1e308, 1.0), Node(3, 1, 1e308, 0.0)]
    assert rollup(nodes)[1] == pytest.approx(0.5)


def test_rollup_own_progress_is_held_within_zero_and_one() -> None:
    result = rollup([Node(1, None, 1.0, 7.0), Node(2, None, 1.0, -1.0), Node(3, None, 1, None)])
    assert result == {1: 1.0, 2: 0.0, 3: 0.0}


def test_rollup_missing_parent_makes_a_root() -> None:
    result = rollup([Node(1, 99, 1.0, 0.5), Node(2, 1, 1.0, 1.0)])
    assert result == {1: pytest.approx(0.75), 2: 1.0}


def test_rollup_self_parent_is_a_root() -> None:
    assert rollup([Node(1, 1, 1.0, 0.5)]) == {1: 0.5}


def test_rollup_breaks_a_cycle_at_its_smallest_id() -> None:
    nodes = [Node(3, 2, 1.0, 0.0), Node(2, 1, 1.0, 0.0), Node(1, 3, 1.0, 1.0), Node(4, 3, 1.0, 1.0)]
    result = rollup(nodes)
    # 1 becomes the root: 1 <- 2 <- 3 <- 4
    assert result[4] == 1.0
    assert result[3] == pytest.approx(0.5)
    assert result[2] == pytest.approx(0.25)
    assert result[1] == pytest.approx(0.625)


def test_rollup_of_two_cycles_and_a_tail() -> None:
    nodes = [Node(1, 2, 1, 1.0), Node(2, 1, 1, 1.0), Node(5, 6, 1, 0.0), Node(6, 5, 1, 0.0)]
    nodes.append(Node(7, 5, 1, 1.0))
    result = rollup(nodes)
    assert set(result) == {1, 2, 5, 6, 7}
    assert result[1] == 1.0
    assert result[5] == pytest.approx(1 / 3)


def test_rollup_later_duplicates_win() -> None:
    assert rollup([Node(1, None, 1.0, 0.1), Node(1, None, 1.0, 0.9)]) == {1: 0.9}


def test_rollup_deep_chain_is_not_recursive() -> None:
    depth = 10_000
    nodes = [Node(i, i - 1 if i else None, 1.0, None) for i in range(depth)]
    nodes.append(Node(depth, depth - 1, 1.0, 1.0))
    result = rollup(nodes)
    assert result[0] == 1.0
    assert len(result) == depth + 1


def test_rollup_deep_cycle_is_not_recursive() -> None:
    depth = 10_000
    nodes = [Node(i, (i + 1) % depth, 1.0, 0.5) for i in range(depth)]
    result = rollup(nodes)
    assert len(result) == depth
    assert result[0] == pytest.approx(0.5)


def test_rollup_wide_tree_of_two_thousand() -> None:
    nodes = [Node(0, None, 1.0, None)]
    nodes += [Node(i, (i - 1) // 5, 1.0, (i % 10) / 10) for i in range(1, 2000)]
    result = rollup(nodes)
    assert len(result) == 2000
    assert all(0.0 <= value <= 1.0 for value in result.values())


def _g(gid: int, parent: int | None = None) -> Goal:
    return Goal(id=gid, title=f"g{gid}", start=date(2026, 1, 1), deadline=None, parent_id=parent)


def test_tree_order_puts_parents_first_depth_first_in_given_order() -> None:
    goals = [_g(1), _g(2), _g(3, parent=1), _g(4, parent=3), _g(5, parent=1), _g(6, parent=2)]
    order = [(g.id, depth, n) for g, depth, n in tree_order(goals)]
    assert order == [(1, 0, 2), (3, 1, 1), (4, 2, 0), (5, 1, 0), (2, 0, 1), (6, 1, 0)]


def test_tree_order_shows_a_goal_whose_parent_is_hidden_at_the_top() -> None:
    order = [(g.id, depth) for g, depth, _n in tree_order([_g(7, parent=99), _g(8, parent=7)])]
    assert order == [(7, 0), (8, 1)]


def test_an_outline_summary_knows_days_left_but_not_progress() -> None:
    goal = Goal(id=1, title="x", start=date(2026, 1, 1), deadline=date(2026, 12, 1))
    summary = GoalSummary.outline(goal, depth=0, children=2, today=date(2026, 11, 22))
    assert summary.is_outline
    assert summary.days_left == 9
    assert summary.children == 2
    assert summary.worst is None
