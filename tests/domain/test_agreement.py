"""The version of a goal's plan and its agreement state, worked out by hand."""

from __future__ import annotations

from datetime import date, datetime

from goaltui.domain.agreement import (
    Agreement,
    AgreementState,
    agreement,
    agreement_line,
    describe_revision,
    goal_version,
)
from goaltui.domain.models import Revision

TODAY = date(2026, 11, 20)


def rev(
    n: int,
    day: date,
    entity: str,
    field: str,
    old: str = "",
    new: str = "",
    reason: str = "r",
    entity_id: int = 1,
) -> Revision:
    return Revision(
        id=n,
        entity=entity,
        entity_id=entity_id,
        goal_id=1,
        field=field,
        old=old,
        new=new,
        reason=reason,
        at=datetime.combine(day, datetime.min.time()).replace(hour=9),
    )


def ack(n: int, day: date, who: str, version: int, words: str = "acknowledged") -> Revision:
    return rev(n, day, "goal", "acknowledged", str(version), who, words)


def test_a_new_goal_is_version_1_and_agreed_with_nobody() -> None:
    state = agreement([])
    assert state == Agreement(AgreementState.NONE, 1)
    assert agreement_line(state, "", TODAY) == ""
    assert agreement_line(state, "Maria", TODAY) == "Partner: Maria, not acknowledged yet"


def test_the_version_counts_each_change_to_the_plan_only() -> None:
    revisions = [
        rev(1, date(2026, 10, 1), "goal", "deadline", "2026-12-31", "2027-01-31"),  # +1
        rev(2, date(2026, 10, 2), "kpi", "target", "10", "12"),  # +1
        rev(3, date(2026, 10, 3), "milestone", "target_date", "2026-11-01", "2026-11-08"),  # 0
        rev(4, date(2026, 10, 4), "step", "due", "2026-11-01", "2026-11-02"),  # 0
        rev(5, date(2026, 10, 5), "milestone", "kpi_value", "5", "6"),  # +1
        rev(6, date(2026, 10, 6), "kpi", "kpi", "", "Visits", "added", entity_id=2),  # +1
        ack(7, date(2026, 10, 7), "Maria", 5),  # 0: an acknowledgment is not a change
        rev(8, date(2026, 10, 8), "kpi", "kpi", "Visits", "", "removed", entity_id=2),  # +1
    ]
    # 1 as created + deadline + target + checkpoint + KPI added + KPI removed = 6
    assert goal_version(revisions) == 6


def test_an_acknowledgment_with_no_change_after_it_is_current() -> None:
    revisions = [
        rev(1, date(2026, 10, 1), "goal", "deadline", "2026-12-31", "2027-01-31"),
        ack(2, date(2026, 10, 12), "Maria", 2, "Looks right"),
        rev(3, date(2026, 10, 14), "milestone", "target_date", "2026-11-01", "2026-11-08"),
    ]
    state = agreement(reversed(revisions))  # newest first, as the ledger reads them
    assert state.state is AgreementState.CURRENT
    assert (state.by, state.agreed_version, state.version, state.words) == (
        "Maria",
        2,
        2,
        "Looks right",
    )
    assert state.changes == ()
    assert agreement_line(state, "Maria", TODAY) == "Agreed with Maria on 12 Oct (version 2)"


def test_a_change_to_the_plan_after_the_acknowledgment_puts_it_out_of_date() -> None:
    deadline = rev(3, date(2026, 11, 3), "goal", "deadline", "2027-01-31", "2027-02-28")
    revisions = [
        ack(1, date(2026, 10, 12), "Maria", 1),
        ack(2, date(2026, 10, 13), "Sam", 1),  # the latest acknowledgment counts
        deadline,
    ]
    state = agreement(revisions)
    assert state.state is AgreementState.OUT_OF_DATE
    assert (state.by, state.agreed_version, state.version) == ("Sam", 1, 2)
    assert state.changes == (deadline,)
    assert agreement_line(state, "Maria", TODAY) == (
        "Agreement out of date: deadline changed 3 Nov (Sam agreed to version 1 on 13 Oct)"
    )


def test_an_acknowledgment_after_the_change_makes_it_current_again() -> None:
    revisions = [
        ack(1, date(2026, 10, 12), "Maria", 1),
        rev(2, date(2026, 11, 3), "kpi", "baseline", "0", "1"),
        ack(3, date(2026, 11, 4), "Maria", 2),
    ]
    state = agreement(revisions)
    assert state.state is AgreementState.CURRENT
    assert agreement_line(state, "Maria", TODAY) == "Agreed with Maria on 4 Nov (version 2)"


def test_same_moment_orders_by_the_order_recorded() -> None:
    day = date(2026, 10, 12)
    state = agreement([ack(1, day, "Maria", 1), rev(2, day, "goal", "start", "a", "b")])
    assert state.state is AgreementState.OUT_OF_DATE


def test_a_year_that_is_not_this_one_is_shown() -> None:
    state = agreement([ack(1, date(2025, 10, 12), "Maria", 1)])
    assert agreement_line(state, "Maria", TODAY) == "Agreed with Maria on 12 Oct 2025 (version 1)"


def test_history_lines_name_acknowledgments_and_kpis_plainly() -> None:
    assert describe_revision(ack(1, TODAY, "Maria", 2)) == "acknowledged by Maria (version 2)"
    assert describe_revision(ack(1, TODAY, "Maria", 2, "Go")) == (
        "acknowledged by Maria (version 2): “Go”"
    )
    added = rev(2, TODAY, "kpi", "kpi", "", "Visits", "added")
    assert describe_revision(added) == "KPI Visits added"
    removed = rev(3, TODAY, "kpi", "kpi", "Visits", "", "not useful")
    assert describe_revision(removed) == "KPI Visits removed, because not useful"
    moved = rev(4, TODAY, "goal", "deadline", "a", "b", "late start")
    assert describe_revision(moved) == "goal deadline a → b, because late start"


def test_the_pace_line_ignores_acknowledgments_and_kpis_added() -> None:
    from goaltui.domain.models import Goal, Kpi
    from goaltui.domain.pace import build_pace

    goal = Goal(id=1, title="Run", start=date(2026, 10, 1), deadline=date(2026, 10, 31))
    kpi = Kpi(id=1, goal_id=1, name="km", unit="", baseline=0, target=30)
    ledger = [
        ack(1, date(2026, 10, 11), "Maria", 1),
        rev(2, date(2026, 10, 12), "kpi", "kpi", "", "Other", "added", entity_id=1),
    ]
    # 0 to 30 over the 30 days from 1 to 31 Oct: 1 a day, so 15 on 16 Oct either way.
    day = date(2026, 10, 16)
    assert build_pace(kpi, goal, ledger).value(day) == build_pace(kpi, goal).value(day) == 15
