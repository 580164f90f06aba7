"""A range KPI through the service: refused when its ends are wrong, revised with a
reason, read from SQL like the stay kinds."""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.domain.models import KpiKind, KpiStatus
from goaltui.services import ServiceError
from goaltui.storage.repository import PlanRows

START, DEADLINE = date(2026, 10, 5), date(2026, 12, 27)  # Mondays: 12 weeks


def _goal(service, kpis=()):
    return service.create_goal(
        PlanRows(goal={"title": "Focus", "start": START, "deadline": DEADLINE}, kpis=list(kpis))
    )


def _range(**changes):
    row = {
        "name": "Deep work",
        "unit": "min",
        "baseline": 45.0,
        "target": 45.0,
        "high": 60.0,
        "kind": "between",
        "cadence": "weekly",
        "aggregation": "mean",
    }
    return {**row, **changes}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"high": 40.0}, "low end below its high end (45 is not below 40)"),
        ({"high": 45.0}, "low end below its high end (45 is not below 45)"),
        ({"high": None}, "a range needs its high end"),
        ({"kind": "stay_above"}, "only a 'between' KPI has a high end"),
    ],
)
def test_a_bad_range_is_refused_on_add_and_in_a_plan(service, changes, words):
    goal = _goal(service)
    with pytest.raises(ServiceError, match=words.replace("(", r"\(").replace(")", r"\)")):
        service.add_kpi(goal.id, **_range(**changes))
    with pytest.raises(ServiceError, match="high"):
        _goal(service, [_range(**changes)])
    assert service.repo.kpis() == []


def test_editing_keeps_a_range_whole_and_a_new_high_end_needs_a_reason(service):
    goal = _goal(service)
    kpi = service.add_kpi(goal.id, **_range())
    assert (kpi.kind, kpi.target, kpi.high) == (KpiKind.BETWEEN, 45.0, 60.0)
    with pytest.raises(ServiceError, match="low end below its high end"):
        service.edit_kpi(kpi.id, {"high": 44.0}, reason="shorter")
    with pytest.raises(ServiceError, match="low end below its high end"):
        service.edit_kpi(kpi.id, {"target": 61.0}, reason="longer")
    with pytest.raises(ServiceError, match="only a 'between' KPI"):
        service.edit_kpi(kpi.id, {"kind": "stay_above"}, reason="simpler")
    with pytest.raises(ServiceError, match="changing the high needs a reason"):
        service.edit_kpi(kpi.id, {"high": 70.0})
    assert service.repo.get("kpi", kpi.id).high == 60.0
    # Adding the KPI to the goal is in the ledger; no edit was kept.
    [added] = service.repo.revisions()
    assert (added.field, added.new) == ("kpi", "Deep work")
    service.edit_kpi(kpi.id, {"high": 70.0}, reason="longer sessions work")
    [rev] = [r for r in service.repo.revisions() if r.field != "kpi"]
    assert (rev.field, rev.old, rev.new, rev.reason) == ("high", "60", "70", "longer sessions work")
    # A range made a plain bound: the high end goes with it.
    service.edit_kpi(kpi.id, {"kind": "stay_above", "high": None}, reason="any more is fine")
    after = service.repo.get("kpi", kpi.id)
    assert (after.kind, after.high) == (KpiKind.STAY_ABOVE, None)


def test_a_range_read_through_the_service(service, clock):
    goal = _goal(service)
    kpi = service.add_kpi(goal.id, **_range())
    # Weekly means from Monday 2026-10-05: (50 + 50)/2 = 50 in, (60 + 64)/2 = 62 out,
    # 58 in, (40 + 48)/2 = 44 out: 2 of 4 weeks in bounds = 50 %, below 75 %: off track.
    # Progress: 2 good weeks of the goal's 12 = 1/6.
    for day, value in (
        (date(2026, 10, 5), 50),
        (date(2026, 10, 8), 50),
        (date(2026, 10, 12), 60),
        (date(2026, 10, 15), 64),
        (date(2026, 10, 21), 58),
        (date(2026, 10, 26), 40),
        (date(2026, 10, 30), 48),
    ):
        service.record(kpi, value, day)
    # Today is 2026-11-22; weeks 5-7 have no values. The detail reads the whole series;
    # the overview reads a window and counts the weeks in bounds in SQL: both agree.
    whole = service.reading(kpi.id)
    [window] = service.readings([goal.id])
    for reading in (whole, window):
        assert reading.in_bounds == (4, 2)
        assert reading.in_bounds_now is False
        assert reading.status == KpiStatus.OFF_TRACK
        assert reading.progress == pytest.approx(2 / 12)


def test_the_wizard_edits_a_range_and_names_a_new_high_end(service, clock):
    from dataclasses import replace

    from goaltui.domain.wizard import RawWizard, check
    from goaltui.services import wizard as edit
    from goaltui.services import wizard_edit

    goal = _goal(service, [_range()])
    source = edit.load_source(service, goal.id)
    ids: dict[str, int] = {}

    def new_key(prefix: str, row_id: int | None) -> str:
        key = f"{prefix}{len(ids) + 1}"
        if row_id is not None:
            ids[key] = row_id
        return key

    fields = edit.stored_fields(source)
    fields.pop("weight")
    [block] = edit.stored_kpis(source, new_key)
    assert (block.kind, block.target, block.high) == ("between", "45", "60")
    raw = RawWizard(**fields, kpis=[replace(block, high="70")])
    result = check(raw, clock.today())
    assert not result.errors, result.errors
    plan = wizard_edit.plan_edit(source, raw, result, ids, {}, clock.today())
    assert plan.revised == ["the high end of Deep work (60 → 70)"]
    wizard_edit.apply_edit(service, plan, "longer sessions work")
    assert service.repo.kpis([goal.id])[0].high == 70.0
    assert [r.field for r in service.repo.revisions()] == ["high"]
