"""The wizard's edit of a stored goal: checked as a whole, written all or nothing."""

from __future__ import annotations

from datetime import date

import pytest

from goaltui.services import ServiceError
from goaltui.services.wizard_edit import EditPlan, apply_edit
from goaltui.storage.repository import TABLES, PlanRows


def rows(query) -> dict[str, list[tuple]]:
    return {t: query(f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


@pytest.fixture
def planned(service):
    """Defect rate 5 % -> 2 % over the year, with a checkpoint of 4 % on 31 Mar."""
    goal = service.create_goal(
        PlanRows(
            goal={
                "title": "Fewer defects",
                "start": date(2026, 1, 1),
                "deadline": date(2026, 12, 31),
            },
            kpis=[
                {"name": "Defect rate", "unit": "%", "baseline": 5, "target": 2, "kind": "decrease"}
            ],
            milestones=[
                {
                    "title": "First quarter",
                    "target_date": date(2026, 3, 31),
                    "kpi": 0,
                    "kpi_value": 4,
                }
            ],
        )
    )
    [kpi] = service.kpis([goal.id])
    [milestone] = service.repo.milestones([goal.id])
    return goal.id, kpi.id, milestone.id


def test_a_new_target_and_a_checkpoint_moved_past_the_old_one_save_together(service, planned):
    goal_id, kpi_id, milestone_id = planned
    # Aiming at 4.5 % instead: the checkpoint of 4 % would lie beyond the target,
    # so it moves to 4.8 % in the same save. Each alone would be refused.
    plan = EditPlan(
        goal_id=goal_id,
        kpi_edits=[(kpi_id, {"target": 4.5})],
        milestone_edits=[(milestone_id, {"kpi_value": 4.8})],
    )
    apply_edit(service, plan, "a smaller first step")
    assert service.kpis([goal_id])[0].target == 4.5
    assert service.repo.milestones([goal_id])[0].kpi_value == 4.8
    fields = sorted(r.field for r in service.repo.revisions(goal_id))
    assert fields == ["kpi_value", "target"]
    # One change for undo, with the reason on both revisions.
    [change, _created] = service.undo_service.changes()
    assert change.label == "the wizard's changes to 'Fewer defects'"


def test_a_plan_that_does_not_stand_as_a_whole_writes_nothing(service, planned, query):
    goal_id, kpi_id, _milestone = planned
    before = rows(query)
    plan = EditPlan(
        goal_id=goal_id,
        goal={"title": "Far fewer defects"},
        kpi_edits=[(kpi_id, {"target": 4.5})],  # the 4 % checkpoint now lies past the target
    )
    with pytest.raises(ServiceError):
        apply_edit(service, plan, "a smaller first step")
    assert rows(query) == before  # not even the title


def test_a_checkpoint_on_a_kpi_added_in_the_same_edit_is_saved_with_it(service, planned, clock):
    from dataclasses import replace

    from goaltui.domain.wizard import RawKpi, RawMilestone, RawWizard, check
    from goaltui.services import wizard as edit
    from goaltui.services.wizard_edit import plan_edit

    goal_id, kpi_id, milestone_id = planned
    source = edit.load_source(service, goal_id)
    ids: dict[str, int] = {}

    def new_key(prefix: str, row_id: int | None) -> str:
        key = f"{prefix}{len(ids) + 1}"
        if row_id is not None:
            ids[key] = row_id
        return key

    fields = edit.stored_fields(source)
    fields.pop("weight")
    kpis = edit.stored_kpis(source, new_key)
    audits = RawKpi(key="k-new", name="Audits done", baseline="0", target="12")
    [stored_milestone] = edit.stored_plan(source, new_key)
    # The stored milestone moves its checkpoint to the new KPI; a new one is tied to it too.
    moved = replace(stored_milestone, kpi="Audits", kpi_value="3")
    added = RawMilestone(
        key="m-new", title="Half the audits", date="2026-06-30", kpi="Audits", kpi_value="6"
    )
    raw = RawWizard(**fields, kpis=[*kpis, audits], milestones=[added, moved])
    result = check(raw, date(2026, 1, 15))
    assert not result.errors, result.errors
    plan = plan_edit(source, raw, result, ids, {}, date(2026, 1, 15))
    apply_edit(service, plan, "audits count too")
    new_kpi = next(k for k in service.kpis([goal_id]) if k.name == "Audits done")
    ties = {m.title: (m.kpi_id, m.kpi_value) for m in service.repo.milestones([goal_id])}
    assert ties == {"First quarter": (new_kpi.id, 3.0), "Half the audits": (new_kpi.id, 6.0)}
    assert milestone_id in {m.id for m in service.repo.milestones([goal_id])}
    assert kpi_id in {k.id for k in service.kpis([goal_id])}
