"""How a change that undo can take back is named: expectations written by hand."""

from __future__ import annotations

from datetime import datetime

import pytest

from goaltui.domain.changes import (
    KEEP_CHANGES,
    KEEP_DAYS,
    Change,
    Origin,
    and_list,
    describe,
    named,
    summarize,
    undone_notice,
)


def change(label: str = "", summary: str = "1 goal") -> Change:
    return Change(7, Origin.TUI, label, summary, datetime(2026, 12, 4, 9, 30), False)


def test_how_much_is_kept() -> None:
    assert (KEEP_CHANGES, KEEP_DAYS) == (100, 30)
    assert [o.value for o in Origin] == ["tui", "cli"]


@pytest.mark.parametrize(
    ("parts", "text"),
    [
        ([], ""),
        (["1 goal"], "1 goal"),
        (["1 goal", "2 KPIs"], "1 goal and 2 KPIs"),
        (["a", "b", "c", "d"], "a, b, c and d"),
    ],
)
def test_and_list(parts: list[str], text: str) -> None:
    assert and_list(parts) == text


def test_one_row_is_singular_more_are_plural() -> None:
    assert summarize({("measurement", "insert"): 1}) == "1 KPI value"
    assert summarize({("measurement", "insert"): 3}) == "3 KPI values"
    assert summarize({("obstacle", "insert"): 2}) == "2 planned obstacles"
    assert summarize({("checkin", "insert"): 1}) == "1 check-in note"
    assert summarize({("kpi", "insert"): 2}) == "2 KPIs"


def test_tables_are_named_in_a_fixed_order_whatever_order_they_come_in() -> None:
    counts = {
        ("step", "update"): 1,
        ("checkin", "insert"): 1,
        ("measurement", "insert"): 3,
    }
    # goal, KPI, KPI value, milestone, step, obstacle, check-in, review, pause, revision
    assert summarize(counts) == "3 KPI values, 1 step and 1 check-in note"
    every = {("pause", "insert"): 1, ("review", "insert"): 1, ("goal", "update"): 1}
    assert summarize(every) == "1 goal, 1 review and 1 pause"


def test_nothing_touched_is_nothing() -> None:
    assert summarize({}) == "nothing"
    assert summarize({("goal", "update"): 0, ("kpi", "delete"): 0}) == "nothing"


def test_revisions_are_named_only_when_alone() -> None:
    # A KPI's target changed with a reason: the KPI is the change, the revision documents it.
    assert summarize({("kpi", "update"): 1, ("revision", "insert"): 1}) == "1 KPI"
    # Undoing a change marks its revisions undone: that is all the rows it touched.
    assert summarize({("revision", "update"): 2}) == "2 revisions"
    assert summarize({("revision", "insert"): 1}) == "1 revision"


def test_a_table_counts_rows_gained_or_lost_before_rows_updated() -> None:
    # A goal deleted whose sub-goal moved up: one goal gone, the sub-goal's update not counted.
    deleted = {
        ("goal", "delete"): 1,
        ("goal", "update"): 1,
        ("kpi", "delete"): 2,
        ("measurement", "delete"): 5,
    }
    assert summarize(deleted) == "1 goal, 2 KPIs and 5 KPI values"
    # Rows added and rows removed in one table add up: 2 + 1 = 3 steps, the update not.
    mixed = {("step", "insert"): 2, ("step", "delete"): 1, ("step", "update"): 4}
    assert summarize(mixed) == "3 steps"
    # Only updates: those are counted.
    assert summarize({("step", "update"): 4}) == "4 steps"


def test_describe_puts_the_summary_after_the_label() -> None:
    labelled = change("the check-in of 4 Dec", "3 KPI values and 1 step")
    assert describe(labelled) == "the check-in of 4 Dec (3 KPI values and 1 step)"
    assert describe(change("", "2 KPIs")) == "2 KPIs"


def test_undone_notice_says_undone_or_redone() -> None:
    c = change("deleting the goal 'Run'", "1 goal and 1 KPI")
    assert undone_notice(c) == "Undone: deleting the goal 'Run' (1 goal and 1 KPI)"
    assert undone_notice(c, redo=True) == "Redone: deleting the goal 'Run' (1 goal and 1 KPI)"
    assert undone_notice(change("", "1 review")) == "Undone: 1 review"


def test_named_quotes_a_title_on_one_line() -> None:
    assert named("Run a marathon") == "'Run a marathon'"
    assert named(42) == "'42'"
    # A newline and an escape are shown as their control pictures (U+240A, U+241B).
    assert named("Run\na [b]marathon[/b]\x1b[2J") == "'Run\u240aa [b]marathon[/b]\u241b[2J'"
    assert "\n" not in named("a\nb\r\nc")


def test_named_cuts_a_long_title_at_60_characters() -> None:
    title = "x" * 61
    # 59 characters and an ellipsis make the 60.
    assert named(title) == "'" + "x" * 59 + "\u2026'"
    assert named("y" * 60) == "'" + "y" * 60 + "'"
