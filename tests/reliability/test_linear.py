"""Every command and export takes time in proportion to the goals, not their square.

10 times the goals (200 vs 2,000, with their milestones, steps, check-ins, reviews
and revisions) may take at most 20 times as long; quadratic work takes about
100 times (the markdown report used to: 25 s for 5,000 goals). The full figures
at 100,000 goals come from ``tests/benchmarks/run.py --scale``.
"""

from __future__ import annotations

import io
import time
from datetime import date

import pytest

from tests.conftest import TODAY

COMMANDS = {
    "list": ["list"],
    "list --all": ["list", "--all"],
    "list --kpis": ["list", "--kpis"],
    "due": ["due"],
    "export markdown": ["export", "markdown"],
    "export csv": ["export", "csv"],
    "export json": ["export", "json"],
}
LIMIT = 20.0


def _make(path, goals: int) -> None:
    from tests.benchmarks.generate import generate

    generate(
        path,
        goals=goals,
        plan_items=10 * goals,
        kpis=30,
        measurements=3000,
        checkins=5 * goals,
        reviews=goals // 2,
        revisions=goals,
        today=TODAY,
    )


def _time(args: list[str], db, tries: int) -> float:
    from goaltui.cli import build_parser, run_command
    from goaltui.domain.clock import FixedClock

    best = float("inf")
    for _ in range(tries):
        parsed = build_parser().parse_args(["--db", str(db), *args])
        out = io.StringIO()
        start = time.perf_counter()
        assert run_command(parsed, out, FixedClock(TODAY)) == 0
        best = min(best, time.perf_counter() - start)
        assert out.getvalue()
    return best


@pytest.mark.slow
def test_commands_grow_about_linearly_with_the_goals(tmp_path, capsys):
    small, big = tmp_path / "small.db", tmp_path / "big.db"
    _make(small, 200)
    _make(big, 2000)
    ratios = {}
    for name, args in COMMANDS.items():
        _time(args, small, 1)  # warm: imports, caches
        ratios[name] = _time(args, big, 1) / _time(args, small, 2)
    # import: the big export into an empty database, against the small one's
    took = {}
    for label, db in (("small", small), ("big", big)):
        doc = tmp_path / f"{label}.json"
        _time(["export", "json"], db, 1)
        from goaltui.cli import main

        assert main(["--db", str(db), "export", "json", "--out", str(doc)]) == 0
        start = time.perf_counter()
        assert main(["--db", str(tmp_path / f"{label}-imported.db"), "import", str(doc)]) == 0
        took[label] = time.perf_counter() - start
    ratios["import"] = took["big"] / took["small"]
    capsys.readouterr()
    slow = {name: round(r, 1) for name, r in ratios.items() if r > LIMIT}
    assert not slow, f"more than {LIMIT}x the time for 10x the goals: {slow} (all: {ratios})"


@pytest.fixture(scope="module")
def sizes(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sizes")
    small, big = folder / "small.db", folder / "big.db"
    _make(small, 200)
    _make(big, 2000)
    return small, big


def _statements(args: list[str], db) -> int:
    """How many SQL statements ``goaltui ARGS`` runs."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    from goaltui.cli import build_parser, run_command
    from goaltui.domain.clock import FixedClock

    count = 0

    def seen(*_args: object) -> None:
        nonlocal count
        count += 1

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        parsed = build_parser().parse_args(["--db", str(db), *args])
        assert run_command(parsed, io.StringIO(), FixedClock(TODAY)) == 0
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
    return count


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_reads_goal_by_goal(sizes, name):
    """Reads are by table (in chunks of 500 ids at most), never one or more per goal."""
    small, big = sizes
    few, many = _statements(COMMANDS[name], small), _statements(COMMANDS[name], big)
    assert many <= 2 * few + 20, (few, many)


def test_the_generated_goals_are_what_the_ratio_assumes(tmp_path):
    import sqlite3

    db = tmp_path / "g.db"
    _make(db, 200)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM goal").fetchone()[0] == 200
        assert con.execute("SELECT count(*) FROM step").fetchone()[0] == 1400
        deadline = con.execute("SELECT max(deadline) FROM goal").fetchone()[0]
        assert date.fromisoformat(deadline) > TODAY
    finally:
        con.close()
