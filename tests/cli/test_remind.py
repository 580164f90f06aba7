"""`goaltui remind`: one short line, counted as `goaltui due` counts, read-only and fast."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from tests.cli.helpers import cli, cli_at, location_of
from tests.conftest import TODAY

NOW = datetime(2026, 11, 22, 9)


def test_remind_on_the_demo(capsys, demo_db_arg, clock):
    # `due` on the demo's day lists two overdue steps and the day's check-in
    # (6 active goals not checked in): 2 steps + the check-in, no KPI, no milestone.
    r = cli_at(capsys, clock, "--db", demo_db_arg, "remind")
    assert (r.code, r.out, r.err) == (0, "goaltui: 2 steps and today's check-in due\n", "")


def test_remind_says_nothing_when_nothing_is_due(capsys, service, db_arg, clock):
    service.close()  # a database with no goals at all
    r = cli_at(capsys, clock, "--db", db_arg, "remind")
    assert (r.code, r.out, r.err) == (0, "", "")


def counts_of_due(svc):
    kinds = Counter(item.kind for item in svc.due())
    return (kinds["kpi"], kinds["step"], kinds["milestone"], bool(kinds["checkin"]))


def counts_of_remind(db, day):
    from goaltui.storage.due_count import read_due_counts, read_due_counts_at

    where = location_of(db)
    c = read_due_counts(where, day) if isinstance(where, Path) else read_due_counts_at(where, day)
    return (c.kpis, c.steps, c.milestones, c.checkin)


def test_remind_agrees_with_due_on_the_demo(demo_db_arg, clock):
    from goaltui.services import GoalService

    for day in (TODAY, TODAY - timedelta(days=40), TODAY + timedelta(days=9)):
        from goaltui.domain.clock import FixedClock

        svc = GoalService.open(location_of(demo_db_arg), FixedClock(day))
        try:
            expected = counts_of_due(svc)
        finally:
            svc.close()
        assert counts_of_remind(demo_db_arg, day) == expected, day


def _random_goals(svc, rng: random.Random) -> None:
    repo = svc.repo
    cadences = ("daily", "weekly", "biweekly", "monthly", "quarterly")
    statuses = ("active", "active", "active", "paused", "achieved", "draft")

    def near(span: int) -> date:
        return TODAY + timedelta(days=rng.randint(-span, span // 3))

    for g in range(rng.randint(1, 6)):
        goal = repo.add(
            "goal",
            now=NOW,
            title=f"Goal {g}",
            start=TODAY - timedelta(days=rng.randint(0, 400)),
            status=rng.choice(statuses),
            archived=rng.random() < 0.15,
        )
        for k in range(rng.randint(0, 4)):
            kpi = svc.add_kpi(
                goal.id, name=f"K{g}.{k}", baseline=0, target=10, cadence=rng.choice(cadences)
            )
            rows = [(kpi.id, near(120), 1.0, "") for _ in range(rng.randint(0, 3))]
            if rows:
                repo.add_measurements(rows, NOW)
        for m in range(rng.randint(0, 3)):
            done = near(60) if rng.random() < 0.3 else None
            ms = repo.add(
                "milestone", goal_id=goal.id, title=f"M{g}.{m}", target_date=near(60), done_on=done
            )
            for s in range(rng.randint(0, 3)):
                repo.add(
                    "step",
                    milestone_id=ms.id,
                    title=f"S{g}.{m}.{s}",
                    due=near(30) if rng.random() < 0.8 else None,
                    done_on=near(30) if rng.random() < 0.3 else None,
                )
        if rng.random() < 0.5:
            repo.add("checkin", goal_id=goal.id, day=TODAY - timedelta(days=rng.randint(0, 1)))


@pytest.mark.parametrize("seed", range(16))
def test_remind_agrees_with_due_on_random_data(tmp_path, clock, seed):
    from goaltui.services import GoalService

    path = tmp_path / f"r{seed}.db"
    svc = GoalService.open(path, clock)
    try:
        _random_goals(svc, random.Random(seed))
        expected = counts_of_due(svc)
    finally:
        svc.close()
    assert counts_of_remind(path, TODAY) == expected


def test_remind_never_creates_a_database(capsys, tmp_path):
    path = tmp_path / "none.db"
    r = cli(capsys, "--db", str(path), "remind")
    line = r.assert_failed(1)
    assert str(path) in line
    assert r.out == ""
    assert os.listdir(tmp_path) == []


def test_remind_on_a_damaged_file(capsys, tmp_path, demo_db):
    damaged = tmp_path / "damaged.db"
    data = demo_db.read_bytes()
    damaged.write_bytes(data[:4096] + b"\xff" * 8192 + data[4096 + 8192 :])
    before = damaged.read_bytes()
    r = cli(capsys, "--db", str(damaged), "remind")
    r.assert_failed(1)
    assert r.out == ""
    assert damaged.read_bytes() == before
    text = tmp_path / "text.db"
    text.write_text("hello\n" * 100)
    cli(capsys, "--db", str(text), "remind").assert_failed(1)


REMIND_ALONE = """
import sys
from goaltui.cli import main
code = main(["--db", sys.argv[1], "remind"])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "textual"))
assert not heavy, heavy
sys.exit(code)
"""


def test_remind_loads_neither_sqlalchemy_nor_textual(demo_db, tmp_path):
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", REMIND_ALONE, str(demo_db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("goaltui: ")  # the system's today: something is due


@pytest.mark.parametrize(
    "argv",
    [
        ["remind"],
        ["--db", "x.db", "remind"],
        ["remind", "--db", "x.db"],
        ["--db=x.db", "remind"],
        ["--db", "remind", "remind"],
    ],
)
def test_the_short_way_to_remind_reads_what_the_parser_reads(argv):
    from goaltui.cli import build_parser
    from goaltui.cli.run import plain_remind

    fast = plain_remind(argv)
    full = build_parser().parse_args(argv)
    assert fast is not None
    assert (fast.command, fast.db) == (full.command, full.db)


@pytest.mark.parametrize(
    "argv", [["remind", "--help"], ["--db"], ["list"], ["--db", "-x", "remind"], ["remind", "x"]]
)
def test_anything_else_goes_to_the_parser(argv):
    from goaltui.cli.run import plain_remind

    assert plain_remind(argv) is None
