"""On PostgreSQL too, writers at once lose nothing: every write transaction takes
goaltui's advisory lock first, and "try again" errors are retried."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from datetime import date

import pytest

from goaltui.storage.paths import DbUrl
from tests.postgres import admin_connect, fresh_database

pytestmark = pytest.mark.postgres

WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import date
    from pathlib import Path
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService
    from goaltui.storage.paths import DbUrl

    url, folder, name, n = sys.argv[1], Path(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    svc = GoalService.open(DbUrl(url, url), FixedClock(date(2026, 11, 22)))
    kpi = svc.find_kpi("Push-ups")
    (folder / f"{name}.ready").touch()
    deadline = time.monotonic() + 30
    while not (folder / "go").exists():
        if time.monotonic() > deadline:
            sys.exit("never told to go")
        time.sleep(0.002)
    for i in range(n):
        svc.record(kpi, float(i), date(2026, 1, 1 + i % 28), f"{name} {i}")
    svc.close()
    print(name, "done")
    """
)


def make_goal(url: str, clock) -> None:
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    svc = GoalService.open(DbUrl(url, url), clock)
    try:
        svc.create_goal(
            PlanRows(
                goal={"title": "Strength", "start": date(2026, 1, 1)},
                kpis=[{"name": "Push-ups", "baseline": 0, "target": 100, "cadence": "daily"}],
            )
        )
    finally:
        svc.close()


@pytest.mark.slow
def test_two_machines_recording_at_once_lose_nothing(tmp_path, clock):
    with fresh_database() as url:
        make_goal(url, clock)
        writers = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, url, str(tmp_path), name, "60"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
            )
            for name in "ab"
        ]
        try:
            deadline = time.monotonic() + 60
            while not all((tmp_path / f"{n}.ready").exists() for n in "ab"):
                assert all(w.poll() is None for w in writers), [w.communicate() for w in writers]
                assert time.monotonic() < deadline
                time.sleep(0.01)
            (tmp_path / "go").touch()
            results = [w.communicate(timeout=120) for w in writers]
        finally:
            for w in writers:
                if w.poll() is None:
                    w.kill()
        for w, (out, err) in zip(writers, results, strict=True):
            assert w.returncode == 0, err
            assert err == ""
            assert out.strip().endswith("done")
        with admin_connect(url) as con:
            assert con.execute("SELECT count(*) FROM measurement").fetchone() == (120,)
            for name in "ab":
                notes = {
                    r[0]
                    for r in con.execute(
                        "SELECT note FROM measurement WHERE note LIKE %s", (f"{name} %",)
                    )
                }
                assert notes == {f"{name} {i}" for i in range(60)}


def test_a_write_waits_for_another_writer_then_goes_through(clock):
    """A transaction holding goaltui's lock makes a check-in wait, not fail."""
    from goaltui.services import GoalService
    from goaltui.storage.postgres import WRITE_LOCK_KEY

    with fresh_database() as url:
        make_goal(url, clock)
        svc = GoalService.open(DbUrl(url, url), clock)
        try:
            kpi = svc.find_kpi("Push-ups")
            holder = admin_connect(url)
            holder.autocommit = False
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            threading.Timer(0.6, holder.commit).start()
            started = time.monotonic()
            svc.record(kpi, 12.0, date(2026, 11, 22), "")
            waited = time.monotonic() - started
            holder.close()
            assert waited >= 0.5  # it waited for the other writer
            assert svc.values_on(date(2026, 11, 22))[kpi.id].value == 12.0
        finally:
            svc.close()


def test_a_writer_that_never_lets_go_gives_one_line_and_keeps_nothing(clock, monkeypatch):
    from goaltui.services import GoalService
    from goaltui.storage import txn
    from goaltui.storage.db import StoreBusy
    from goaltui.storage.postgres import WRITE_LOCK_KEY

    monkeypatch.setattr(txn, "WRITE_PATIENCE_S", 1.0)
    with fresh_database() as url:
        make_goal(url, clock)
        svc = GoalService.open(DbUrl(url, url), clock)
        holder = admin_connect(url)
        holder.autocommit = False
        try:
            kpi = svc.find_kpi("Push-ups")
            holder.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))
            with pytest.raises(StoreBusy, match="held by another program"):
                svc.record(kpi, 12.0, date(2026, 11, 22), "")
        finally:
            holder.rollback()
            holder.close()
            svc.close()
        with admin_connect(url) as con:
            assert con.execute("SELECT count(*) FROM measurement").fetchone() == (0,)


@pytest.mark.parametrize("state", ["40001", "40P01", "55P03"])
def test_postgresql_try_again_errors_are_retried(state):
    from sqlalchemy.exc import OperationalError

    from goaltui.storage.txn import retry_busy

    class Orig(Exception):
        sqlstate = state

    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise OperationalError("UPDATE ...", {}, Orig("try again"))
        return "stored"

    assert retry_busy(flaky) == "stored"
    assert len(calls) == 3
