"""Undo and redo through the service, on a real database of either engine: every row
comes back exactly.

Rows are compared with the engine's own driver, ``sqlite3`` or ``psycopg`` (every
column of every table), so what undo puts back is checked as stored, not as
goaltui reads it.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from goaltui.domain.changes import undone_notice
from goaltui.domain.clock import FixedClock
from goaltui.domain.models import GoalStatus, Kpi
from goaltui.services import GoalService, ServiceError
from goaltui.storage.paths import DbUrl, Location
from goaltui.storage.repository import PlanRows
from tests._files import make_goaltui_db
from tests.conftest import TODAY

TABLES = (
    "goal",
    "kpi",
    "measurement",
    "milestone",
    "step",
    "obstacle",
    "checkin",
    "review",
    "pause",
    "revision",
)
DEC_4 = date(2026, 12, 4)


#: Both engines: PostgreSQL's cases need a server (see tests/postgres.py).
ENGINES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
#: The message a service read gives where it still uses SQLite-only SQL on PostgreSQL.


class Db:
    """A goaltui database of either engine, read and written with the engine's own
    driver (``sqlite3``, ``psycopg``): what goaltui stored, not what it reads back."""

    def __init__(self, engine: str, location: Location) -> None:
        self.engine = engine
        self.location = location

    @property
    def postgres(self) -> bool:
        return self.engine == "postgres"

    @property
    def arg(self) -> str:
        """The database as ``--db`` takes it."""
        return self.location.url if isinstance(self.location, DbUrl) else str(self.location)

    def open(self, clock: FixedClock | None = None, **kwargs: Any) -> GoalService:
        return GoalService.open(self.location, clock or FixedClock(DEC_4), **kwargs)

    def sql(self, query: str, *args: object) -> list[tuple]:
        """Run ``query`` (``?`` placeholders) as another program would, and commit."""
        if isinstance(self.location, DbUrl):
            from tests.postgres import admin_connect

            with admin_connect(self.location.url) as con:
                cur = con.execute(query.replace("?", "%s"), args) if args else con.execute(query)
                return cur.fetchall() if cur.description else []
        con = sqlite3.connect(self.location)
        try:
            found = con.execute(query, args).fetchall()
            con.commit()
            return found
        finally:
            con.close()

    def rows(self) -> dict[str, list[tuple]]:
        """Every column of every row of every table, by table."""
        return {t: self.sql(f"SELECT * FROM {t} ORDER BY id") for t in TABLES}


@functools.cache
def _demo_template(server: str) -> str:
    """A database holding the demo goals (made once per process), to copy from."""
    from goaltui.services import demo
    from tests.postgres import admin_connect, with_database

    name = f"goaltui_demo_{uuid.uuid4().hex[:12]}"
    with admin_connect(server) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    url = with_database(server, name)
    svc = GoalService.open(DbUrl(url, url), FixedClock(TODAY))
    try:
        demo.load(svc)
    finally:
        svc.close()

    def drop() -> None:
        with contextlib.suppress(Exception), admin_connect(server) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    atexit.register(drop)
    return name


@contextmanager
def database(engine: str, folder: Path, demo: bool = False) -> Iterator[Db]:
    """A new goaltui database of ``engine`` (with the demo goals of 22 Nov 2026 if asked);
    dropped afterwards. A file's is made when first opened; a server's is empty."""
    if engine == "sqlite":
        path = folder / "goals.db"
        if demo:
            make_goaltui_db(path)
        yield Db(engine, path)
        return
    from tests.postgres import admin_connect, server_url, with_database

    server = server_url()
    name = f"goaltui_t_{uuid.uuid4().hex[:12]}"
    template = f' TEMPLATE "{_demo_template(server)}"' if demo else ""
    with admin_connect(server) as con:
        con.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        url = with_database(server, name)
        yield Db(engine, DbUrl(url, url))
    finally:
        with admin_connect(server) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def checkin(
    svc: GoalService,
    values: dict[int, float],
    steps_done: Sequence[int] = (),
    entries: Sequence[dict[str, Any]] = (),
) -> None:
    """A check-in through the service, as the dashboard saves one."""
    svc.save_checkin(values, steps_done=steps_done, entries=entries)


def record(svc: GoalService, kpi: Kpi, value: float, day: date | None = None) -> None:
    """One value through the service, as ``goaltui checkin`` records it."""
    svc.record(kpi, value, day=day)


def rows(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table of the SQLite file ``path``."""
    return Db("sqlite", path).rows()


def at(svc: GoalService, day: date) -> GoalService:
    svc.clock = FixedClock(day, time(9, 0))
    return svc


def make(svc: GoalService, title: str = "Run a half marathon") -> tuple[int, list[int], list[int]]:
    """A goal with 3 KPIs, a milestone (a checkpoint of the first KPI) of 2 steps and a
    planned obstacle.

    Returns (goal, KPI ids, step ids).
    """
    goal = svc.create_goal(
        PlanRows(
            goal={
                "title": title,
                "status": "active",
                "start": date(2026, 11, 1),
                "deadline": date(2027, 2, 28),
            },
            kpis=[
                {"name": "km a week", "baseline": 0, "target": 40},
                {"name": "Long run km", "baseline": 5, "target": 21},
                {"name": "Weight", "unit": "kg", "baseline": 80, "target": 75, "kind": "decrease"},
            ],
            milestones=[
                {
                    "title": "First 10 km",
                    "target_date": date(2026, 12, 20),
                    "kpi": 0,
                    "kpi_value": 20,
                    "steps": [{"title": "Buy shoes"}, {"title": "Join a club"}],
                }
            ],
            obstacles=[{"obstacle": "It rains", "plan": "I run on the treadmill"}],
        )
    )
    kpis = [k.id for k in svc.kpis([goal.id])]
    steps = [s.id for s in svc.repo.steps([goal.id])]
    return goal.id, kpis, steps


@pytest.fixture(params=ENGINES)
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Db]:
    with database(request.param, tmp_path) as made:
        yield made


@pytest.fixture
def svc(db: Db) -> Iterator[GoalService]:
    s = db.open()
    try:
        yield s
    finally:
        s.close()


def test_undo_of_a_checkin_restores_the_rows_and_redo_makes_them_again(
    svc: GoalService, db: Db
) -> None:
    goal_id, (km, long_run, weight), (shoes, _club) = make(svc)
    before = db.rows()
    checkin(
        svc,
        {km: 12.5, long_run: 8.0, weight: 79.2},
        steps_done=[shoes],
        entries=[{"goal_id": goal_id, "note": "Knee felt fine", "confidence": 7}],
    )
    made = db.rows()
    assert len(made["measurement"]) == 3
    assert made["step"] != before["step"]
    assert len(made["checkin"]) == 1

    undone = svc.undo_service.undo()
    assert db.rows() == before
    # 3 values added, 1 step ticked (updated), 1 check-in row added; 4 Dec is this year.
    assert undone.label == "the check-in of 4 Dec"
    assert undone.summary == "3 KPI values, 1 step and 1 check-in note"
    assert undone.undone
    assert undone_notice(undone) == (
        "Undone: the check-in of 4 Dec (3 KPI values, 1 step and 1 check-in note)"
    )

    redone = svc.undo_service.redo()
    assert db.rows() == made
    assert (redone.id, redone.undone) == (undone.id, False)
    assert undone_notice(redone, redo=True) == (
        "Redone: the check-in of 4 Dec (3 KPI values, 1 step and 1 check-in note)"
    )


def test_undo_of_a_goal_delete_brings_back_every_row_and_the_sub_goal_link(
    svc: GoalService, db: Db
) -> None:
    goal_id, (km, long_run, _weight), (shoes, _club) = make(svc)
    other, _, _ = make(svc, "Read 12 books")
    sub = svc.create_goal(
        PlanRows(goal={"title": "Stretch daily", "start": DEC_4, "parent_id": goal_id})
    )
    rain = svc.obstacles([goal_id])[0]
    checkin(
        at(svc, date(2026, 11, 20)),
        {km: 10.0, long_run: 6.0},
        steps_done=[shoes],
        entries=[{"goal_id": goal_id, "obstacles": "storm", "obstacle_id": rain.id}],
    )
    at(svc, date(2026, 11, 25)).set_status(goal_id, GoalStatus.PAUSED)
    at(svc, date(2026, 11, 28)).set_status(goal_id, GoalStatus.ACTIVE)
    at(svc, DEC_4).edit_kpi(km, {"target": 35.0}, reason="a sore knee")
    svc.add_review(
        goal_id=goal_id,
        kind="weekly",
        period_start=date(2026, 11, 27),
        period_end=DEC_4,
        worked="Early runs",
    )
    before = db.rows()
    assert [len(before[t]) for t in TABLES] == [3, 6, 2, 2, 4, 2, 1, 1, 1, 1]
    assert svc.repo.milestones([goal_id])[0].kpi_id == km

    svc.delete_goal(goal_id)
    gone = db.rows()
    assert [g[0] for g in gone["goal"]] == [other, sub.id]
    assert svc.goal(sub.id).parent_id is None
    assert [len(gone[t]) for t in TABLES] == [2, 3, 0, 1, 2, 1, 0, 0, 0, 0]

    undone = svc.undo_service.undo()
    assert db.rows() == before
    assert svc.goal(sub.id).parent_id == goal_id
    # Gone with the goal: 3 KPIs, 2 values, 1 milestone, 2 steps, 1 obstacle, the
    # check-in, the review and the pause; the sub-goal's update and the revision
    # are not named.
    assert undone.label == "deleting the goal 'Run a half marathon'"
    assert undone.summary == (
        "1 goal, 3 KPIs, 2 KPI values, 1 milestone, 2 steps, 1 planned obstacle, "
        "1 check-in note, 1 review and 1 pause"
    )
    svc.undo_service.redo()
    assert db.rows() == gone


def test_undo_and_redo_after_a_restart(db: Db) -> None:
    first = db.open()
    goal_id, _, _ = make(first)
    empty = db.rows()
    first.edit_goal(goal_id, {"title": "Run a full marathon"})
    edited = db.rows()
    first.close()

    second = db.open()
    change = second.undo_service.undo()
    assert change.label == "changing the goal 'Run a half marathon'"
    assert db.rows() == empty
    second.close()

    third = db.open()
    try:
        assert third.undo_service.redo().id == change.id
        assert db.rows() == edited
        assert third.goal(goal_id).title == "Run a full marathon"
    finally:
        third.close()


def test_an_undone_revision_stays_marked_and_the_pace_line_is_as_before(db: Db) -> None:
    svc = db.open(FixedClock(date(2026, 2, 10)))
    try:
        # 0 -> 100 from 2026-01-01 to 2026-04-11: 100 days, 1 a day.
        start, deadline = date(2026, 1, 1), date(2026, 4, 11)
        g = svc.repo.add("goal", now=svc.clock.now(), title="Run", start=start, deadline=deadline)
        kpi = svc.repo.add("kpi", goal_id=g.id, name="km", baseline=0, target=100)
        plain = svc.reading(kpi.id)
        # 02-10 is day 40: the line is at 40.
        assert plain.expected == 40.0
        # On 01-21 (day 20, the line at 20) the target goes to 80: from (01-21, 20)
        # to (04-11, 80), 80 days for 60, 0.75 a day.
        at(svc, date(2026, 1, 21)).edit_kpi(kpi.id, {"target": 80.0}, reason="injury")
        # On 02-10: 20 + 0.75 * 20 = 35.
        assert at(svc, date(2026, 2, 10)).reading(kpi.id).expected == 35.0
        [revision] = svc.repo.revisions()
        assert (revision.field, revision.reason, revision.undone) == ("target", "injury", False)

        undone = svc.undo_service.undo()
        assert undone.summary == "1 KPI"
        [kept] = svc.repo.revisions()
        assert (kept.id, kept.reason, kept.old, kept.new) == (
            revision.id,
            "injury",
            revision.old,
            revision.new,
        )
        assert kept.undone
        assert svc.repo.get("kpi", kpi.id).target == 100.0
        assert svc.reading(kpi.id) == plain

        svc.undo_service.redo()
        assert not svc.repo.revisions()[0].undone
        assert svc.repo.get("kpi", kpi.id).target == 80.0
        assert svc.reading(kpi.id).expected == 35.0
    finally:
        svc.close()


def test_undo_is_refused_while_a_later_change_touched_the_same_row(
    svc: GoalService, db: Db
) -> None:
    goal_id, _, _ = make(svc)
    a = svc.edit_goal(goal_id, {"title": "Run a full marathon"})
    b = svc.edit_goal(goal_id, {"why": "To feel strong"})
    assert (a.title, b.why) == ("Run a full marathon", "To feel strong")
    first, second = (c.id for c in svc.undo_service.changes()[1::-1])
    before = db.rows()
    with pytest.raises(ServiceError) as refused:
        svc.undo_service.undo(first)
    assert str(refused.value) == (
        f"change {first} cannot be undone: change {second}, made since, "
        f"changed the same items (undo it first: 'goaltui undo {second}')"
    )
    assert db.rows() == before
    assert not any(c.undone for c in svc.undo_service.changes())

    assert svc.undo_service.undo(second).id == second
    assert svc.undo_service.undo(first).id == first
    assert svc.goal(goal_id).title == "Run a half marathon"
    assert svc.goal(goal_id).why == ""


def test_undo_of_a_goal_is_refused_while_a_later_change_added_to_it(
    svc: GoalService, db: Db
) -> None:
    goal_id, _, _ = make(svc)
    created = svc.undo_service.changes()[0].id
    svc.add_kpi(goal_id, reason="more to track", name="Runs a week", baseline=0, target=4)
    added = svc.undo_service.changes()[0].id
    before = db.rows()
    with pytest.raises(ServiceError) as refused:
        svc.undo_service.undo(created)
    # Deleting the goal would take the new KPI (and its revision) with it.
    assert str(refused.value) == (
        f"change {created} cannot be undone: change {added}, made since, "
        f"depends on what it would take away (undo it first: 'goaltui undo {added}')"
    )
    assert db.rows() == before
    svc.undo_service.undo()
    svc.undo_service.undo()
    assert db.rows()["goal"] == []
    assert db.rows()["revision"] == []


def test_an_undone_revision_keeps_its_id_and_reason_and_redo_unmarks_it(
    svc: GoalService, db: Db
) -> None:
    goal_id, (km, _, _), _ = make(svc)
    svc.edit_kpi(km, {"target": 50.0}, reason="a stronger club")
    [revision] = svc.repo.revisions()
    before = db.rows()
    undone = svc.undo_service.undo()
    assert undone.summary == "1 KPI"
    [kept] = svc.repo.revisions()
    assert (kept.id, kept.reason, kept.undone) == (revision.id, "a stronger club", True)
    assert svc.kpis([goal_id])[0].target == 40
    svc.undo_service.redo()
    assert db.rows() == before
    assert not svc.repo.revisions()[0].undone


def test_a_row_put_back_keeps_its_id_and_no_new_row_ever_gets_it(svc: GoalService, db: Db) -> None:
    first = svc.create_goal(PlanRows(goal={"title": "Run", "start": DEC_4})).id
    last = svc.create_goal(PlanRows(goal={"title": "Read", "start": DEC_4})).id
    svc.delete_goal(last)
    svc.undo_service.undo()
    assert [g.id for g in svc.goals()] == [first, last]
    svc.undo_service.undo()  # the goal 'Read' was added: it goes again
    svc.undo_service.undo()
    assert svc.goals() == []
    svc.undo_service.redo()
    assert [g.id for g in svc.goals()] == [first]
    # A new goal never takes the id of one undo took away (and redo could bring back).
    new = svc.create_goal(PlanRows(goal={"title": "Swim", "start": DEC_4})).id
    assert new > last
    with pytest.raises(ServiceError, match=r"^there is nothing to redo$"):
        svc.undo_service.redo()


def test_an_undone_revision_is_marked_wherever_the_ledger_is_shown(
    svc: GoalService, db: Db
) -> None:
    from goaltui.services.evidence import review_evidence
    from goaltui.services.exchange import to_markdown
    from goaltui.ui.widgets.evidence_text import evidence_lines
    from goaltui.ui.widgets.goal_detail import render_detail

    goal_id, (km, _, _), _ = make(svc)
    svc.edit_kpi(km, {"target": 50}, "a stronger club")
    svc.undo_service.undo()
    assert svc.kpis([goal_id])[0].target == 40
    detail = svc.detail(goal_id)
    pane = render_detail(detail, None, DEC_4).plain
    assert "because a stronger club  (undone)" in pane
    [ev] = review_evidence(svc, DEC_4, DEC_4, goal_id)
    assert "because a stronger club  (undone)" in evidence_lines([ev]).plain
    assert "a stronger club (undone)" in to_markdown(svc)
