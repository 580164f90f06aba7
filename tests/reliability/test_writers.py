"""Two command-line writers and the dashboard at once; a lock held for a long time."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import date

import pytest

from tests.conftest import TODAY
from tests.reliability.conftest import assert_no_crash_notice, notifications
from tests.reliability.data import open_service
from tests.ui.conftest import wait_idle

PER_CLI = 1000
TUI_WRITES = 150

#: A "CLI process": the real `goaltui checkin` code path (cli.main), 1,000 times.
CLI_LOOP = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from goaltui.cli import main
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService

    db, name, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    go = Path(db).parent / "go"
    (Path(db).parent / f"{name}.ready").touch()
    while not go.exists():
        time.sleep(0.002)

    def argv(i):
        return ["--db", db, "checkin", "Push", str(i), "--date", "2026-11-01",
                "--note", f"{name} {i}"]

    # 100 as whole `goaltui checkin` commands (open, record, close); the other 900
    # as a script recording many values would, through the same storage call
    # (the full command costs ~50 ms each: 2,000 of them would take minutes).
    full = 100
    for i in range(full):
        if main(argv(i)):
            sys.exit(1)
    svc = GoalService.open(Path(db), None)
    kpi = svc.find_kpi("Push")
    for i in range(full, n):
        svc.repo.add_measurements([(kpi.id, svc.clock.today(), float(i), f"{name} {i}")],
                                  svc.clock.now())
    svc.close()
    """
)


def _make_db(path):
    from goaltui.storage.repository import PlanRows

    svc = open_service(path)
    svc.create_goal(
        PlanRows(
            goal={"title": "Strength", "start": date(2026, 1, 1), "deadline": date(2026, 12, 31)},
            kpis=[{"name": "Push-ups", "baseline": 0, "target": 1e9, "cadence": "daily"}],
        )
    )
    svc.close()


@pytest.mark.slow
async def test_two_cli_processes_and_the_tui_lose_nothing(tmp_path, app_on):
    db = tmp_path / "goals.db"
    _make_db(db)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", CLI_LOOP, str(db), name, str(PER_CLI)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
        )
        for name in ("cli1", "cli2")
    ]
    app = app_on(db, watch_interval=0.5)
    done_count = 0
    try:
        deadline = time.monotonic() + 30
        while not all((tmp_path / f"{n}.ready").exists() for n in ("cli1", "cli2")):
            assert time.monotonic() < deadline
            time.sleep(0.01)
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_idle(pilot, app)
            (tmp_path / "go").touch()
            kpi = app.service.repo.kpis()[0]

            def finished(_):
                nonlocal done_count
                done_count += 1

            for i in range(TUI_WRITES):
                app.background(
                    lambda svc, i=i: svc.record(kpi, float(i), TODAY, f"tui {i}"),
                    finished,
                    group=f"w{i % 4}",
                )
                if i % 10 == 0:
                    await pilot.press("1" if i % 20 else "3")  # the UI keeps working
                    await pilot.pause(0.01)
            while any(p.poll() is None for p in procs) or done_count < TUI_WRITES:
                await pilot.pause(0.1)
                assert time.monotonic() < deadline + 120
            await wait_idle(pilot, app)
            assert_no_crash_notice(app)
            assert not [n for n in notifications(app) if "Not saved" in n]
    finally:
        for p in procs:
            if p.poll() is None:
                p.kill()
    for p in procs:
        out, err = p.communicate()
        assert p.returncode == 0, err
        assert b"locked" not in err.lower() and b"busy" not in err.lower()
        assert err == b""
        assert out.count(b"Recorded") == 100
    con = sqlite3.connect(db)
    try:
        total = con.execute("SELECT count(*) FROM measurement").fetchone()[0]
        assert total == 2 * PER_CLI + TUI_WRITES
        for name, n in (("cli1", PER_CLI), ("cli2", PER_CLI), ("tui", TUI_WRITES)):
            notes = {
                r[0]
                for r in con.execute(
                    "SELECT note FROM measurement WHERE note LIKE ?", (f"{name} %",)
                )
            }
            assert notes == {f"{name} {i}" for i in range(n)}
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        con.close()


HOLD = textwrap.dedent(
    """
    import sqlite3, sys, time
    con = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)
    con.execute("BEGIN IMMEDIATE")
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("ROLLBACK")
    """
)


def _hold(db, seconds):
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "held"
    return proc


async def test_tui_waits_for_a_held_lock_and_stays_responsive(tmp_path, app_on, monkeypatch):
    """The lock is held for 4 s: the dashboard says it is waiting, keys still work,
    and the write goes through once the lock is free."""
    from goaltui.storage import db as dbmod

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    db = tmp_path / "goals.db"
    _make_db(db)
    app = app_on(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_idle(pilot, app)
        kpi = app.service.repo.kpis()[0]
        for key in ("3", "2", "1"):  # build the screens first: now only the wait is timed
            await pilot.press(key)
            await wait_idle(pilot, app)
        holder = _hold(db, 4)
        saved = []
        app.background(lambda svc: svc.record(kpi, 7.0, TODAY, "waited"), saved.append)
        started = time.monotonic()
        await pilot.pause(2.0)
        assert any("Waiting for the database" in n for n in notifications(app))
        # responsive: screens switch while the write waits
        for key in ("3", "1", "2", "1"):
            t = time.monotonic()
            await pilot.press(key)
            await pilot.pause(0.05)
            assert time.monotonic() - t < 1.5
        assert app.screen.id or app.current_mode == "goals"
        assert not saved
        while not saved and time.monotonic() - started < 20:
            await pilot.pause(0.1)
        holder.wait(timeout=10)
        assert saved and saved[0].value == 7.0
        assert_no_crash_notice(app)
    svc = open_service(db)
    try:
        assert [m.note for m in svc.measurements(kpi.id)] == ["waited"]
    finally:
        svc.close()


@pytest.mark.slow
def test_lock_held_for_30_seconds_cli_retries_then_fails_clearly(tmp_path):
    """The CLI waits (busy timeout, then retries) and gives up with one clear line;
    nothing is written, and the lock holder's work is not harmed."""
    db = tmp_path / "goals.db"
    _make_db(db)
    holder = _hold(db, 30)
    try:
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-m", "goaltui", "--db", str(db), "checkin", "Push", "5"],
            capture_output=True,
            text=True,
            timeout=60,
        )
        elapsed = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("goaltui: ")
    assert "another program" in lines[0] and "nothing was saved" in lines[0]
    assert "locked" not in lines[0].lower()
    assert elapsed >= 10  # it did retry for a while
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM measurement").fetchone() == (0,)
    finally:
        con.close()


async def test_tui_write_gives_up_with_a_clear_message(tmp_path, app_on, monkeypatch):
    """With the patience shortened, a write that never gets the lock ends with one
    "Not saved" notice, not an error, and the app carries on."""
    import functools

    from goaltui.storage import db as dbmod
    from goaltui.storage import repository

    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 100)
    monkeypatch.setattr(repository, "retry_busy", functools.partial(dbmod.retry_busy, patience=2))
    db = tmp_path / "goals.db"
    _make_db(db)
    app = app_on(db)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_idle(pilot, app)
        kpi = app.service.repo.kpis()[0]
        holder = _hold(db, 6)
        try:
            app.background(lambda svc: svc.record(kpi, 7.0, TODAY, "never"))
            deadline = time.monotonic() + 10
            while not any("Not saved" in n for n in notifications(app)):
                assert time.monotonic() < deadline, notifications(app)
                await pilot.pause(0.1)
        finally:
            holder.kill()
            holder.wait()
        shown = [n for n in notifications(app) if "Not saved" in n]
        assert len(shown) == 1
        assert "another program" in shown[0] and "locked" not in shown[0].lower()
        assert app.is_running
