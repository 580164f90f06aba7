"""`goaltui due` on a database file at this schema reads it with sqlite3 alone.

What is due is decided by the same rules whichever way it is read
(goaltui.domain.due): the lines below are worked out by hand, and the goal
service (what the dashboard's check-in and a PostgreSQL database use) gives
the same items. A file to upgrade still goes through the goal service, which
upgrades it first.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from datetime import date, datetime

import pytest

from goaltui.domain.models import GoalStatus
from goaltui.storage.files import HEAD_REVISION, VERSION_TABLE
from goaltui.storage.repository import PlanRows
from tests.cli.helpers import cli_at

NOW = datetime(2026, 11, 22, 9)  # the fixture clock's today, a Sunday


@pytest.fixture
def mixed_db(service, db_arg):
    """Goals of every kind on 2026-11-22 (the week began on Monday 11-16)."""
    alpha = service.create_goal(
        PlanRows(
            goal={"title": "Alpha", "status": "active", "start": date(2026, 9, 1)},
            kpis=[
                {"name": "Visits", "baseline": 0, "target": 10, "cadence": "weekly"},
                {"name": "Sales", "baseline": 0, "target": 10, "cadence": "weekly"},
                {"name": "Calls", "baseline": 0, "target": 10, "cadence": "monthly"},
            ],
            milestones=[
                {"title": "M late", "target_date": date(2026, 11, 20)},
                {
                    "title": "M done",
                    "target_date": date(2026, 11, 1),
                    "done_on": date(2026, 11, 2),
                },
                {
                    "title": "M later",
                    "target_date": date(2026, 12, 1),
                    "steps": [
                        {"title": "S1", "due": date(2026, 11, 21), "importance": "low"},
                        {"title": "S2"},
                        {"title": "S3", "due": date(2026, 11, 22), "done_on": date(2026, 11, 22)},
                        {"title": "S4", "due": date(2026, 11, 22), "importance": "high"},
                        {"title": "S5", "due": date(2026, 11, 23), "importance": "high"},
                    ],
                },
            ],
        )
    )
    beta = service.create_goal(
        PlanRows(
            goal={"title": "Beta", "status": "active", "start": date(2026, 1, 1)},
            milestones=[{"title": "M b", "target_date": date(2026, 11, 22)}],
        )
    )
    for status, title in ((GoalStatus.PAUSED, "Gamma"), (GoalStatus.ACTIVE, "Delta")):
        other = service.create_goal(
            PlanRows(
                goal={"title": title, "status": "active", "start": date(2026, 1, 1)},
                kpis=[{"name": f"{title} KPI", "baseline": 0, "target": 1, "cadence": "daily"}],
                milestones=[{"title": f"{title} M", "target_date": date(2026, 11, 1)}],
            )
        )
        if status == GoalStatus.PAUSED:
            service.set_status(other.id, status)
        else:
            service.set_archived(other.id, True)
    kpis = {k.name: k for k in service.repo.kpis([alpha.id])}
    service.repo.add_measurements(
        [
            (kpis["Sales"].id, date(2026, 11, 16), 1.0, ""),  # this week's: not due
            (kpis["Calls"].id, date(2026, 10, 31), 1.0, ""),  # last month's: due
        ],
        NOW,
    )
    service.save_checkin({}, entries=[{"goal_id": beta.id, "confidence": 7}])
    service.close()
    return db_arg, alpha.id


EXPECTED = [
    "  2d overdue  milestone  M late  (Alpha)",
    "       today  milestone  M b  (Beta)",
    "  1d overdue  step       S1  (Alpha)  [low]",
    "       today  step       S4  (Alpha)  [high]",
    "       today  value      Calls  (Alpha)",
    "       today  value      Visits  (Alpha)",
    "       today  check-in   confidence and notes for 1 active goal  (check-in)",
]


def test_due_lists_what_is_due_worked_out_by_hand(capsys, clock, mixed_db):
    db, _ = mixed_db
    r = cli_at(capsys, clock, "--db", db, "due")
    assert (r.code, r.err) == (0, "")
    assert r.out.splitlines() == EXPECTED


def test_the_file_and_the_goal_service_list_the_same(capsys, clock, mixed_db, db_engine):
    from goaltui.services import GoalService
    from goaltui.storage.due_count import read_due_items
    from goaltui.storage.paths import resolve_db_path

    db, alpha = mixed_db
    where = resolve_db_path(db)
    svc = GoalService.open(where, clock, create=False)
    try:
        by_service = svc.due()
    finally:
        svc.close()
    assert [(i.kind, i.title) for i in by_service] == [
        ("milestone", "M late"),
        ("milestone", "M b"),
        ("step", "S1"),
        ("step", "S4"),
        ("kpi", "Calls"),
        ("kpi", "Visits"),
        ("checkin", "confidence and notes for 1 active goal"),
    ]
    assert by_service[-1].goal_id == by_service[-1].ref_id == alpha
    if db_engine == "sqlite":
        assert read_due_items(where, clock.today()) == by_service


DUE_ALONE = """
import sys
from goaltui.cli import main
codes = [main(["--db", sys.argv[1], "due", *extra]) for extra in ([], ["--format", "json"])]
codes.append(main(["--db", sys.argv[1], "due", "--quiet"]))
heavy = ("sqlalchemy", "sqlmodel", "pydantic", "alembic", "psycopg", "textual", "plotext")
heavy += ("platformdirs",)  # --db names the file: no data folder to look up
loaded = sorted({m.split(".")[0] for m in sys.modules} & set(heavy))
print(codes, loaded, file=sys.stderr)
"""


def _run_alone(db, tmp_path):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", DUE_ALONE, str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return done.stderr.strip().splitlines()[-1], done.stdout


def test_due_on_a_file_loads_neither_sqlalchemy_nor_sqlmodel(demo_db, tmp_path):
    last, out = _run_alone(demo_db, tmp_path)
    assert last == "[0, 0, 0] []"  # the system's today: something is due in the demo
    assert out.startswith(" ")  # the lines, then the JSON
    assert '"kind": "checkin"' in out


def test_due_on_a_file_to_upgrade_upgrades_it_first(capsys, clock, demo_db, tmp_path):
    con = sqlite3.connect(demo_db)
    con.execute(f"DROP TABLE {VERSION_TABLE}")  # the newest schema, from before the revisions
    con.commit()
    con.close()
    last, _ = _run_alone(demo_db, tmp_path)
    assert last.startswith("[0, 0, 0] [") and "sqlmodel" in last  # through the goal service
    con = sqlite3.connect(demo_db)
    try:
        assert con.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall() == [
            (HEAD_REVISION,)
        ]
    finally:
        con.close()


def test_due_keeps_a_file_private_and_leaves_a_read_only_one_as_it_is(capsys, clock, demo_db):
    os.chmod(demo_db, 0o644)
    r = cli_at(capsys, clock, "--db", str(demo_db), "due", "--quiet")
    assert r.code == 0
    assert stat.S_IMODE(os.stat(demo_db).st_mode) == 0o600
    os.chmod(demo_db, 0o400)
    before = demo_db.read_bytes()
    r = cli_at(capsys, clock, "--db", str(demo_db), "due")
    assert (r.code, r.err) == (0, "")
    assert "check-in" in r.out
    assert demo_db.read_bytes() == before
    assert stat.S_IMODE(os.stat(demo_db).st_mode) == 0o400
    assert sorted(p.name for p in demo_db.parent.iterdir()) == [demo_db.name]
