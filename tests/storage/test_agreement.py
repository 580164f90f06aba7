"""Acknowledging a goal's plan, and the ledger rows that make an agreement go out of date."""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.agreement import AgreementState


def _goal(svc, partner: str = "Maria"):
    from goaltui.storage.repository import PlanRows

    return svc.create_goal(
        PlanRows(
            goal={
                "title": "Run a half marathon",
                "start": date(2026, 10, 1),
                "deadline": date(2027, 3, 1),
                "partner": partner,
            },
            kpis=[{"name": "Long run", "unit": "km", "baseline": 5, "target": 21}],
        )
    )


def _agreements(svc):
    from goaltui.services.agreements import AgreementService

    return AgreementService(svc.context)


def test_a_kpi_created_with_the_goal_is_not_a_change(service):
    goal = _goal(service)
    assert service.repo.revisions(goal.id) == []
    assert _agreements(service).agreement(goal.id).version == 1


def test_acknowledging_records_the_partner_and_the_version(service):
    goal = _goal(service)
    state = _agreements(service).acknowledge(goal.id)
    assert state.state is AgreementState.CURRENT
    assert (state.by, state.agreed_version, state.words) == ("Maria", 1, "acknowledged")
    [row] = service.repo.revisions(goal.id)
    assert (row.entity, row.entity_id, row.field, row.old, row.new, row.reason) == (
        "goal",
        goal.id,
        "acknowledged",
        "1",
        "Maria",
        "acknowledged",
    )
    assert service.detail(goal.id).agreement == state


def test_someone_else_and_their_words(service):
    goal = _goal(service, partner="")
    state = _agreements(service).acknowledge(goal.id, "  Sam  Lee ", "Fine by me")
    assert (state.by, state.words) == ("Sam Lee", "Fine by me")


def test_no_partner_and_no_name_is_refused_and_nothing_is_kept(service):
    from goaltui.services.errors import ServiceError

    goal = _goal(service, partner="")
    with pytest.raises(ServiceError, match="no partner"):
        _agreements(service).acknowledge(goal.id, "  ")
    assert service.repo.revisions(goal.id) == []


def test_a_new_deadline_puts_the_agreement_out_of_date(service, clock):
    goal = _goal(service)
    _agreements(service).acknowledge(goal.id)
    service.edit_goal(goal.id, {"deadline": date(2027, 4, 1)}, "injury")
    state = _agreements(service).agreement(goal.id)
    assert state.state is AgreementState.OUT_OF_DATE
    # version 1 acknowledged; one change since: version 2
    assert (state.agreed_version, state.version) == (1, 2)
    assert [(r.field, r.new) for r in state.changes] == [("deadline", "2027-04-01")]
    _agreements(service).acknowledge(goal.id)
    assert _agreements(service).agreement(goal.id).agreed_version == 2


def test_a_kpi_added_or_removed_later_is_kept_in_the_ledger(service):
    goal = _goal(service)
    kpi = service.add_kpi(goal.id, name="Weekly km", baseline=10, target=40)
    service.delete_kpi(kpi.id, "too much to track")
    rows = [
        (r.entity, r.entity_id, r.field, r.old, r.new, r.reason)
        for r in service.repo.revisions(goal.id)
    ]
    assert rows == [  # newest first
        ("kpi", kpi.id, "kpi", "Weekly km", "", "too much to track"),
        ("kpi", kpi.id, "kpi", "", "Weekly km", "added"),
    ]
    assert _agreements(service).agreement(goal.id).version == 3  # 1 + added + removed


def test_an_acknowledgment_does_not_move_the_pace_line(service, clock):
    goal = _goal(service)
    kpi = service.kpis([goal.id])[0]
    before = service.reading(kpi.id)
    _agreements(service).acknowledge(goal.id)
    after = service.reading(kpi.id)
    assert (after.expected, after.pace_end, after.status) == (
        before.expected,
        before.pace_end,
        before.status,
    )


def test_an_acknowledgment_round_trips_through_an_export(service, tmp_path, clock):
    from goaltui.services import GoalService, exchange

    goal = _goal(service)
    service.add_kpi(goal.id, name="Weekly km", baseline=10, target=40)
    _agreements(service).acknowledge(goal.id, words="Agreed at our 1:1")
    doc = exchange.to_json(service)
    tables = exchange.read_document(doc)
    other = GoalService.open(tmp_path / "other.db", clock)
    try:
        other.load_export(tables)
        assert exchange.to_json(other) == doc
        [copied] = other.goals()
        state = _agreements(other).agreement(copied.id)
        assert (state.state, state.by, state.words, state.agreed_version) == (
            AgreementState.CURRENT,
            "Maria",
            "Agreed at our 1:1",
            2,
        )
    finally:
        other.close()


def test_an_import_refuses_an_acknowledgment_without_a_version(service):
    from goaltui.domain import validate

    problems = validate.check_fields(
        "revision",
        {"entity": "goal", "field": "acknowledged", "old": "x", "new": "Maria"},
    )
    assert [p.field for p in problems] == ["old"]
