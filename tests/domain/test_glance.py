"""The tree's figures kept between starts: written, read back, and refused when not sure."""

from __future__ import annotations

import json
import math
from datetime import date

from goaltui.domain.glance import FORMAT, decode, encode
from goaltui.domain.models import Goal, GoalStatus, KpiStatus
from goaltui.domain.progress import GoalSummary

DAY = date(2026, 12, 5)


def goal(id_: int, parent: int | None = None, archived: bool = False, deadline=None) -> Goal:
    return Goal(
        id=id_,
        title=f"G{id_}",
        start=date(2026, 1, 1),
        deadline=deadline,
        parent_id=parent,
        status=GoalStatus.ACTIVE,
        archived=archived,
    )


GOALS = [
    goal(1, deadline=date(2026, 12, 31)),
    goal(2, parent=1, deadline=date(2026, 12, 1)),
    goal(3, parent=1),
    goal(4, archived=True),
]


def kept_figures() -> str:
    # What the full reading gave: 1 rolls up 2 and 3; 4 is archived, so not kept.
    summaries = [
        GoalSummary(GOALS[0], 0, 0.5, 0.25, KpiStatus.AT_RISK, 26, 1, 4, 1, 2),
        GoalSummary(GOALS[1], 1, 0.75, 0.75, KpiStatus.OFF_TRACK, -4, 2, 0, 0, 0),
        GoalSummary(GOALS[2], 1, 0.0, 0.0, None, None, 0, 0, 0, 0),
    ]
    return encode(summaries, DAY)


def test_the_figures_come_back_with_the_places_and_days_of_now():
    got = decode(kept_figures(), GOALS, DAY)
    assert got is not None
    rows = [
        (s.goal.id, s.depth, s.children, s.progress, s.own_progress, s.worst, s.days_left)
        for s in got
    ]
    assert rows == [
        (1, 0, 2, 0.5, 0.25, KpiStatus.AT_RISK, 26),  # 31 Dec - 5 Dec
        (2, 1, 0, 0.75, 0.75, KpiStatus.OFF_TRACK, -4),  # 1 Dec is 4 days ago
        (3, 1, 0, 0.0, 0.0, None, None),
    ]
    tallies = [(s.kpis, s.milestones, s.milestones_done) for s in got]
    assert tallies == [(1, 4, 1), (2, 0, 0), (0, 0, 0)]
    assert not any(s.is_outline for s in got)


def test_floats_come_back_exactly():
    third = 1 / 3
    text = encode([GoalSummary(GOALS[2], 0, third, math.nextafter(0.0, 1.0), None, None)], DAY)
    got = decode(text, [GOALS[2]], DAY)
    assert got is not None
    assert got[0].progress == third and got[0].own_progress == 5e-324


def test_another_day_is_refused():
    assert decode(kept_figures(), GOALS, date(2026, 12, 6)) is None
    assert decode(kept_figures(), GOALS, date(2026, 12, 4)) is None


def test_another_set_of_goals_is_refused():
    assert decode(kept_figures(), [*GOALS, goal(5)], DAY) is None  # one more
    assert decode(kept_figures(), GOALS[:2] + GOALS[3:], DAY) is None  # one fewer
    unarchived = [*GOALS[:3], goal(4)]
    assert decode(kept_figures(), unarchived, DAY) is None  # 4 is on the tree now


def test_what_cannot_be_read_is_refused():
    good = json.loads(kept_figures())
    assert decode(None, GOALS, DAY) is None
    assert decode("", GOALS, DAY) is None
    assert decode("not json", GOALS, DAY) is None
    assert decode(json.dumps({**good, "format": FORMAT + 1}), GOALS, DAY) is None
    assert decode(json.dumps({**good, "version": "0.0.1"}), GOALS, DAY) is None
    for bad in (1.5, -0.1, float("nan"), "0.5", None):
        rows = [[*good["goals"][0][:1], bad, *good["goals"][0][2:]], *good["goals"][1:]]
        assert decode(json.dumps({**good, "goals": rows}), GOALS, DAY) is None, bad
    rows = [[1, 0.5, 0.25, "worried", 1, 4, 1], *good["goals"][1:]]
    assert decode(json.dumps({**good, "goals": rows}), GOALS, DAY) is None
    assert decode(json.dumps({**good, "goals": [[1, 0.5]]}), GOALS[:1], DAY) is None
