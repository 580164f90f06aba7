"""Repository round trips, revisions, deletes and footprints, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from datetime import date, datetime

import pytest

from goaltui.domain.models import (
    Aggregation,
    Cadence,
    CheckIn,
    Goal,
    GoalStatus,
    Kpi,
    KpiKind,
    Measurement,
    Milestone,
    Outcome,
    Review,
    ReviewKind,
    Revision,
    Step,
)
from goaltui.storage.repository import NotFound, PlanRows, RevisionDraft

NOW = datetime(2026, 11, 22, 9, 0)


def count(query, table: str) -> int:
    return query(f"SELECT count(*) FROM {table}")[0][0]


@pytest.fixture
def repo(service):
    return service.repo


@pytest.fixture
def tree(repo):
    """A goal with a KPI (two values), a milestone with two steps, a check-in."""
    goal = repo.add("goal", now=NOW, title="Run a marathon", start=date(2026, 1, 1))
    kpi = repo.add("kpi", goal_id=goal.id, name="Weekly km", baseline=10, target=60)
    repo.add_measurements(
        [(kpi.id, date(2026, 2, 1), 12.0, ""), (kpi.id, date(2026, 2, 8), 15.0, "")], NOW
    )
    ms = repo.add("milestone", goal_id=goal.id, title="Half marathon", target_date=date(2026, 6, 1))
    s1 = repo.add("step", milestone_id=ms.id, title="10 km race", due=date(2026, 3, 1))
    s2 = repo.add("step", milestone_id=ms.id, title="15 km race", due=date(2026, 4, 1))
    ci = repo.add("checkin", goal_id=goal.id, day=date(2026, 2, 2), confidence=7, wins="ran")
    return {"goal": goal, "kpi": kpi, "milestone": ms, "steps": (s1, s2), "checkin": ci}


# -- round trips -------------------------------------------------------------------------


def test_before_read_runs_before_each_read_only(repo, tree):
    calls: list[int] = []
    repo.before_read = lambda: calls.append(1)
    repo.goals()
    repo.kpis()
    assert len(calls) == 2
    repo.add("goal", now=NOW, title="Learn Spanish", start=date(2026, 1, 1))
    assert len(calls) == 2  # writes do not wait
    repo.before_read = None
    repo.goals()
    assert len(calls) == 2


def test_goal_round_trip(repo):
    parent = repo.add("goal", now=NOW, title="Parent", start=date(2026, 1, 1))
    goal = repo.add(
        "goal",
        now=NOW,
        title="Write a book",
        description="80,000 words",
        why="a lifelong wish",
        parent_id=parent.id,
        start=date(2026, 1, 1),
        deadline=date(2026, 12, 31),
        confidence=6,
        resources="mornings",
        status="draft",
        weight=2.5,
    )
    assert isinstance(goal, Goal)
    got = repo.get("goal", goal.id)
    assert got == goal
    assert got.title == "Write a book"
    assert got.parent_id == parent.id
    assert got.status is GoalStatus.DRAFT
    assert got.deadline == date(2026, 12, 31)
    assert got.weight == 2.5
    assert got.created_at == NOW == got.updated_at

    later = datetime(2026, 11, 23, 10, 0)
    changed = repo.update(
        "goal", goal.id, {"title": "Write two books", "archived": True}, now=later
    )
    assert changed.title == "Write two books"
    assert changed.archived is True
    assert changed.updated_at == later
    assert changed.created_at == NOW
    assert repo.get("goal", goal.id) == changed

    repo.delete("goal", goal.id)
    with pytest.raises(NotFound):
        repo.get("goal", goal.id)
    with pytest.raises(NotFound):
        repo.delete("goal", goal.id)
    with pytest.raises(NotFound):
        repo.update("goal", goal.id, {"title": "x"})


ENTITY_CASES = [
    (
        "kpi",
        Kpi,
        lambda t: {
            "goal_id": t["goal"].id,
            "name": "Resting pulse",
            "unit": "bpm",
            "baseline": 70.0,
            "target": 55.0,
            "kind": "decrease",
            "cadence": "monthly",
            "aggregation": "mean",
        },
        {"target": 52.5, "unit": "beats/min"},
    ),
    (
        "measurement",
        Measurement,
        lambda t: {
            "kpi_id": t["kpi"].id,
            "day": date(2026, 3, 3),
            "value": -0.25,
            "note": "after flu",
        },
        {"value": 1e15, "note": ""},
    ),
    (
        "milestone",
        Milestone,
        lambda t: {
            "goal_id": t["goal"].id,
            "title": "Sub-4 30 km",
            "target_date": date(2026, 9, 1),
            "position": 3,
        },
        {"done_on": date(2026, 8, 30), "title": "Sub-4h 30 km"},
    ),
    (
        "step",
        Step,
        lambda t: {"milestone_id": t["milestone"].id, "title": "Buy shoes", "due": None},
        {"due": date(2026, 5, 5), "done_on": date(2026, 5, 4)},
    ),
    (
        "checkin",
        CheckIn,
        lambda t: {
            "goal_id": t["goal"].id,
            "day": date(2026, 3, 4),
            "confidence": None,
            "wins": "a",
            "obstacles": "b",
            "note": "ünïcødé ✔",
        },
        {"confidence": 10, "note": "x\ny"},
    ),
    (
        "review",
        Review,
        lambda t: {
            "goal_id": t["goal"].id,
            "kind": "mid-cycle",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 6, 30),
            "worked": "w",
            "obstacles": "o",
            "lessons": "l",
            "next_steps": "n",
            "rating": 4,
            "outcome": None,
        },
        {"kind": "final", "outcome": "postponed", "rating": 2},
    ),
    (
        "revision",
        Revision,
        lambda t: {
            "goal_id": t["goal"].id,
            "entity": "kpi",
            "entity_id": t["kpi"].id,
            "field": "target",
            "old": "60",
            "new": "50",
            "reason": "injury",
            "at": NOW,
        },
        {"reason": "knee injury"},
    ),
]


@pytest.mark.parametrize(
    ("entity", "cls", "fields", "changes"), ENTITY_CASES, ids=[c[0] for c in ENTITY_CASES]
)
def test_entity_round_trip(repo, tree, entity, cls, fields, changes):
    values = fields(tree)
    obj = repo.add(entity, now=NOW, **values)
    assert isinstance(obj, cls)
    got = repo.get(entity, obj.id)
    assert got == obj
    for key, value in values.items():
        actual = getattr(got, key)
        assert actual == value, key
    changed = repo.update(entity, obj.id, changes)
    for key, value in changes.items():
        assert getattr(changed, key) == value, key
    assert repo.get(entity, obj.id) == changed
    repo.delete(entity, obj.id)
    with pytest.raises(NotFound):
        repo.get(entity, obj.id)


def test_enums_come_back_as_enums(repo, tree):
    k = repo.get("kpi", tree["kpi"].id)
    assert k.kind is KpiKind.INCREASE
    assert k.cadence is Cadence.WEEKLY
    assert k.aggregation is Aggregation.LAST
    rv = repo.add(
        "review",
        now=NOW,
        goal_id=None,
        kind="final",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        outcome="achieved",
    )
    rv = repo.get("review", rv.id)
    assert rv.kind is ReviewKind.FINAL
    assert rv.outcome is Outcome.ACHIEVED
    assert rv.goal_id is None


def test_add_with_missing_parent_row_is_refused(repo, query):
    with pytest.raises(NotFound):
        repo.add("kpi", goal_id=999, name="orphan", baseline=0, target=1)
    with pytest.raises(NotFound):
        repo.add_measurements([(999, date(2026, 1, 1), 1.0, "")], NOW)
    assert count(query, "kpi") == 0
    assert count(query, "measurement") == 0


def test_create_plan_is_one_transaction(repo, query):
    plan = PlanRows(
        goal={"title": "Plan", "start": date(2026, 1, 1)},
        kpis=[{"name": "k", "baseline": 0, "target": 1}],
        milestones=[
            {"title": "m1", "target_date": date(2026, 2, 1), "steps": [{"title": "s"}]},
            # the second milestone's step is broken: nothing of the plan may stay
            {"title": "m2", "target_date": date(2026, 3, 1), "steps": [{"title": None}]},
        ],
    )
    with pytest.raises(Exception):  # noqa: B017 - any refusal will do, as long as nothing stays
        repo.create_plan(plan, NOW)
    for table in ("goal", "kpi", "milestone", "step"):
        assert count(query, table) == 0, table


# -- revisions --------------------------------------------------------------------------


def test_update_writes_revisions_in_the_same_transaction(repo, tree):
    kpi = tree["kpi"]
    stamp = datetime(2026, 11, 22, 17, 30)
    draft = RevisionDraft("kpi", kpi.id, kpi.goal_id, "target", "60", "50", "knee injury")
    changed = repo.update("kpi", kpi.id, {"target": 50.0}, [draft], now=stamp)
    assert changed.target == 50.0
    (rev,) = repo.revisions(kpi.goal_id)
    assert (rev.entity, rev.entity_id, rev.field, rev.old, rev.new, rev.reason) == (
        "kpi",
        kpi.id,
        "target",
        "60",
        "50",
        "knee injury",
    )
    assert rev.at == stamp
    assert rev.goal_id == kpi.goal_id


def test_failed_update_leaves_no_revision(repo, tree, query):
    goal = tree["goal"]
    draft = RevisionDraft("goal", goal.id, goal.id, "deadline", "", "2027-01-01", "why not")
    # confidence 42 breaks the table's CHECK: the revision must not be kept either
    with pytest.raises(NotFound):
        repo.update(
            "goal", goal.id, {"confidence": 42, "deadline": date(2027, 1, 1)}, [draft], now=NOW
        )
    assert repo.revisions(goal.id) == []
    assert count(query, "revision") == 0
    assert repo.get("goal", goal.id).deadline is None


def test_update_of_a_deleted_row_leaves_no_revision(repo, tree, query):
    ms = tree["milestone"]
    repo.delete("milestone", ms.id)
    draft = RevisionDraft("milestone", ms.id, ms.goal_id, "target_date", "a", "b", "c")
    with pytest.raises(NotFound):
        repo.update("milestone", ms.id, {"target_date": date(2026, 7, 1)}, [draft])
    assert count(query, "revision") == 0


def test_service_edit_records_revision_with_reason(service, tree):
    from goaltui.services import ServiceError

    kpi = tree["kpi"]
    with pytest.raises(ServiceError):
        service.edit_kpi(kpi.id, {"target": 50.0})
    assert service.repo.revisions() == []
    service.edit_kpi(kpi.id, {"target": 50.0}, reason="knee injury")
    (rev,) = service.repo.revisions()
    assert (rev.field, rev.old, rev.new, rev.reason) == ("target", "60", "50", "knee injury")
    k = service.repo.get("kpi", kpi.id)
    assert k.target == 50.0
    reading = service.reading(kpi.id)
    assert reading.original_pace is not None
    assert date(2026, 11, 22) in [day for day, _ in reading.pace.points]


# -- deleting goals ---------------------------------------------------------------------


def test_delete_goal_moves_children_up_and_cascades(repo, query, db_engine, db_path):
    top = repo.add("goal", now=NOW, title="Company objective", start=date(2026, 1, 1))
    mid = repo.add("goal", now=NOW, title="Product goal", parent_id=top.id, start=date(2026, 1, 1))
    kids = [
        repo.add("goal", now=NOW, title=f"Team goal {i}", parent_id=mid.id, start=date(2026, 1, 1))
        for i in range(3)
    ]
    grandchild = repo.add(
        "goal", now=NOW, title="Sub-team goal", parent_id=kids[0].id, start=date(2026, 1, 1)
    )
    # mid's own things
    k = repo.add("kpi", goal_id=mid.id, name="k", baseline=0, target=10)
    repo.add_measurements([(k.id, date(2026, 1, d), float(d), "") for d in range(1, 11)], NOW)
    ms = repo.add("milestone", goal_id=mid.id, title="m", target_date=date(2026, 5, 1))
    for i in range(4):
        repo.add("step", milestone_id=ms.id, title=f"s{i}")
    repo.add("checkin", goal_id=mid.id, day=date(2026, 1, 2))
    repo.add(
        "review",
        now=NOW,
        goal_id=mid.id,
        kind="weekly",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 1, 7),
    )
    repo.update(
        "goal",
        mid.id,
        {"deadline": date(2026, 6, 1)},
        [RevisionDraft("goal", mid.id, mid.id, "deadline", "", "2026-06-01", "r")],
    )
    # a child's own things must survive
    kk = repo.add("kpi", goal_id=kids[1].id, name="child kpi", baseline=0, target=1)
    repo.add_measurements([(kk.id, date(2026, 1, 1), 0.5, "")], NOW)
    kms = repo.add("milestone", goal_id=kids[1].id, title="child ms", target_date=date(2026, 5, 1))
    repo.add("step", milestone_id=kms.id, title="child step")

    fp = repo.footprint(mid.id)
    assert (fp.kpis, fp.measurements, fp.milestones, fp.steps, fp.checkins, fp.children) == (
        1,
        10,
        1,
        4,
        1,
        3,
    )

    repo.delete("goal", mid.id)

    with pytest.raises(NotFound):
        repo.get("goal", mid.id)
    for kid in kids:
        assert repo.get("goal", kid.id).parent_id == top.id
    assert repo.get("goal", grandchild.id).parent_id == kids[0].id
    assert repo.get("goal", top.id).parent_id is None
    assert [x.id for x in repo.kpis()] == [kk.id]
    assert repo.measurement_count() == 1
    assert [m.id for m in repo.milestones()] == [kms.id]
    assert [s.title for s in repo.steps()] == ["child step"]
    assert repo.checkins() == []
    assert repo.reviews() == []
    assert repo.revisions() == []
    assert count(query, "goal") == 5

    if db_engine == "sqlite":  # PostgreSQL never lets a foreign key dangle
        con = sqlite3.connect(db_path)
        try:
            assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            con.close()


def test_delete_top_goal_makes_children_top_level(repo):
    top = repo.add("goal", now=NOW, title="Top", start=date(2026, 1, 1))
    kid = repo.add("goal", now=NOW, title="Kid", parent_id=top.id, start=date(2026, 1, 1))
    repo.delete("goal", top.id)
    assert repo.get("goal", kid.id).parent_id is None


def test_delete_kpi_and_milestone_cascade(repo, tree):
    repo.delete("kpi", tree["kpi"].id)
    assert repo.measurement_count() == 0
    repo.delete("milestone", tree["milestone"].id)
    assert repo.steps() == []
    assert [g.id for g in repo.goals()] == [tree["goal"].id]
    assert len(repo.checkins()) == 1


def test_footprint_counts(repo, tree):
    fp = repo.footprint(tree["goal"].id)
    assert fp.kpis == 1
    assert fp.measurements == 2
    assert fp.milestones == 1
    assert fp.steps == 2
    assert fp.checkins == 1
    assert fp.children == 0
    empty = repo.add("goal", now=NOW, title="Empty", start=date(2026, 1, 1))
    fp = repo.footprint(empty.id)
    assert (fp.kpis, fp.measurements, fp.milestones, fp.steps, fp.checkins, fp.children) == (
        0,
        0,
        0,
        0,
        0,
        0,
    )


def test_footprint_of_demo_goal_matches_tables(demo_service, query):
    repo = demo_service.repo
    for g in repo.goals():
        fp = repo.footprint(g.id)
        q = lambda sql, gid=g.id: query(sql, gid=gid)[0][0]  # noqa: E731
        assert fp.kpis == q("SELECT count(*) FROM kpi WHERE goal_id = :gid")
        assert fp.measurements == q(
            "SELECT count(*) FROM measurement JOIN kpi ON kpi.id = kpi_id WHERE goal_id = :gid"
        )
        assert fp.milestones == q("SELECT count(*) FROM milestone WHERE goal_id = :gid")
        assert fp.steps == q(
            "SELECT count(*) FROM step JOIN milestone ON milestone.id = milestone_id "
            "WHERE goal_id = :gid"
        )
        assert fp.checkins == q("SELECT count(*) FROM checkin WHERE goal_id = :gid")
        assert fp.children == q("SELECT count(*) FROM goal WHERE parent_id = :gid")


# -- dump and load ----------------------------------------------------------------------


def test_dump_load_keeps_ids_into_empty_database(demo_service, tmp_path, clock):
    from goaltui.services import GoalService

    dump = demo_service.repo.dump()
    other = GoalService.open(tmp_path / "other.db", clock)
    try:
        assert other.repo.load(dump, replace_ids=False) == len(dump["goal"])
        assert other.repo.dump() == dump
    finally:
        other.close()


def test_load_with_new_ids_keeps_links(demo_service):
    repo = demo_service.repo
    before = repo.dump()
    added = repo.load(before, replace_ids=True)
    assert added == len(before["goal"])
    after = repo.dump()
    for table, rows in before.items():
        assert len(after[table]) == 2 * len(rows), table
    # the copy's tree has the same shape: one child under the copied parent
    titles = {g["id"]: g["title"] for g in after["goal"]}
    copies = after["goal"][len(before["goal"]) :]
    linked = [(titles[g["parent_id"]], g["title"]) for g in copies if g["parent_id"]]
    original = [(titles[g["parent_id"]], g["title"]) for g in before["goal"] if g["parent_id"]]
    assert linked == original
    assert all(g["parent_id"] > len(before["goal"]) for g in copies if g["parent_id"])


def test_milestone_counts_per_goal(repo, tree):
    goal = tree["goal"]
    repo.add("milestone", goal_id=goal.id, title="Done one", target_date=date(2026, 2, 1),
             done_on=date(2026, 2, 1))  # fmt: skip
    other = repo.add("goal", now=NOW, title="No plan yet", start=date(2026, 1, 1))
    counts = repo.milestone_counts()
    assert counts == {goal.id: (2, 1)}
    assert other.id not in counts
