"""Stale edits, a full disk, and write failures in the dashboard."""

from __future__ import annotations

import resource
import signal
import sqlite3
import subprocess
import sys

from tests.cli.helpers import run_proc
from tests.reliability.conftest import assert_no_crash_notice, notifications
from tests.reliability.data import open_service
from tests.ui.conftest import wait_idle


async def test_saving_an_edit_of_a_goal_deleted_elsewhere(tmp_path, app_on):
    """Another terminal deletes the goal while the wizard edits it: saving says
    so and does not bring the goal back."""
    from textual.widgets import Input

    from tests._files import make_goaltui_db

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    app = app_on(db)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("1")
        await wait_idle(pilot, app)
        await pilot.press("down")
        await wait_idle(pilot, app)
        await pilot.press("e")
        await wait_idle(pilot, app)
        form = app.screen
        title = form.query_one("#f-title", Input)
        goal_id = form.source.goal.id
        title.value = "Edited in a stale window"
        await wait_idle(pilot, app)
        other = open_service(db)
        try:
            other.delete_goal(goal_id)
        finally:
            other.close()
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        shown = notifications(app)
        assert any("no longer exists" in n for n in shown), shown
        assert_no_crash_notice(app)
    con = sqlite3.connect(db)
    try:
        assert con.execute("SELECT count(*) FROM goal WHERE id = ?", (goal_id,)).fetchone() == (0,)
        titles = [r[0] for r in con.execute("SELECT title FROM goal")]
        assert "Edited in a stale window" not in titles
        assert con.execute("SELECT count(*) FROM kpi WHERE goal_id = ?", (goal_id,)).fetchone() == (
            0,
        )
    finally:
        con.close()


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_full_disk_one_clear_message_and_the_database_intact(tmp_path):
    """A check-in whose note would grow the file past RLIMIT_FSIZE is refused in one
    line; what was there stays, and a later check-in works."""
    from tests._files import make_goaltui_db

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    run_proc("--db", str(db), "list")  # settle the WAL files first
    con = sqlite3.connect(db)
    before = con.execute("SELECT count(*) FROM measurement").fetchone()[0]
    con.close()
    # The note's row alone (100 kB) cannot fit in the -wal file; the -shm (32 kB) can.
    limit = 64 * 1024
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "goaltui",
            "--db",
            str(db),
            "checkin",
            "Weekly visits",
            "42",
            "--note",
            "x" * 100_000,
        ],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(limit),
        timeout=60,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.splitlines()
    assert len(lines) == 1, lines
    assert "full" in lines[0] or "too large" in lines[0], lines
    assert "Traceback" not in done.stderr
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("SELECT count(*) FROM measurement").fetchone()[0] == before
    finally:
        con.close()
    after = run_proc("--db", str(db), "checkin", "Weekly visits", "42")
    assert after.code == 0, after.err


async def test_check_in_keeps_what_was_typed_when_the_write_fails(tmp_path, app_on):
    """The disk is full (simulated in the service): one "Not saved" notice and every
    typed value is still in its field, ready for another ctrl+s."""
    from textual.widgets import Input

    from goaltui.storage.db import StoreError
    from tests._files import make_goaltui_db

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    app = app_on(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("4")
        await wait_idle(pilot, app)
        fields = [f for f in app.screen.query(Input) if (f.id or "").startswith(("kpi-", "wins-"))]
        assert fields
        for i, f in enumerate(fields):
            f.value = f"{i + 1}" if f.id.startswith("kpi-") else f"win {i}"
        typed = {f.id: f.value for f in fields}

        def full(*_a, **_k):
            raise StoreError("cannot write the database: the disk is full or the file is too large")

        real = app.service.save_checkin
        app.service.save_checkin = full
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        shown = [n for n in notifications(app) if "Not saved" in n]
        assert len(shown) == 1 and "disk is full" in shown[0], shown
        now = {f.id: f.value for f in app.screen.query(Input) if f.id in typed}
        assert now == typed
        # space again: the same keys save it all
        app.service.save_checkin = real
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        assert any("Check-in saved" in n for n in notifications(app))
        assert_no_crash_notice(app)
