"""The rules of what is due, shared by `goaltui due` and `goaltui remind`."""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.due import DueCounts, kpi_value_due, remind_line
from goaltui.domain.models import Cadence

START = date(2026, 1, 7)  # a Wednesday: fortnights run from Monday 2026-01-05
TODAY = date(2026, 11, 22)  # a Sunday


@pytest.mark.parametrize(
    ("cadence", "last", "due"),
    [
        (Cadence.DAILY, date(2026, 11, 22), False),
        (Cadence.DAILY, date(2026, 11, 21), True),
        # ISO week of Sunday 11-22 begins Monday 11-16.
        (Cadence.WEEKLY, date(2026, 11, 16), False),
        (Cadence.WEEKLY, date(2026, 11, 15), True),
        # 01-05 + 22 * 14 days = 11-09: the fortnight holding 11-22 began on 11-09.
        (Cadence.BIWEEKLY, date(2026, 11, 9), False),
        (Cadence.BIWEEKLY, date(2026, 11, 8), True),
        (Cadence.MONTHLY, date(2026, 11, 1), False),
        (Cadence.MONTHLY, date(2026, 10, 31), True),
        # The fourth quarter begins on 10-01.
        (Cadence.QUARTERLY, date(2026, 10, 1), False),
        (Cadence.QUARTERLY, date(2026, 9, 30), True),
        (Cadence.WEEKLY, None, True),
    ],
)
def test_a_kpi_value_is_due_when_its_period_has_none(cadence, last, due):
    assert kpi_value_due(last, cadence, START, TODAY) is due


def test_the_remind_line_counts_each_kind_in_words():
    assert remind_line(DueCounts(kpis=2, steps=1)) == "goaltui: 2 KPIs and 1 step due"
    assert remind_line(DueCounts(milestones=1)) == "goaltui: 1 milestone due"
    assert (
        remind_line(DueCounts(kpis=1, steps=3, milestones=2, checkin=True))
        == "goaltui: 1 KPI, 3 steps, 2 milestones and today's check-in due"
    )
    # 1 + 3 + 2 + 1 (the check-in is one line of `due`)
    assert DueCounts(kpis=1, steps=3, milestones=2, checkin=True).total == 7


def test_nothing_due_is_an_empty_line():
    assert remind_line(DueCounts()) == ""
    assert DueCounts().total == 0
