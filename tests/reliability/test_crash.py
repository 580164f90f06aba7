"""SIGKILL in the middle of check-ins, again and again: nothing acknowledged is lost.

A "zygote" process imports goaltui once and forks a writer per round (so 50+
rounds stay fast); the test kills each writer with SIGKILL at a random moment.
A writer acknowledges a check-in (two values and a confidence, one transaction)
only after it was committed.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from tests.reliability.data import open_service

KILLS = 60

ZYGOTE = textwrap.dedent(
    """
    import os, signal, sys
    from datetime import date
    from pathlib import Path
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped by the kernel
    path = Path(sys.argv[1])
    for line in sys.stdin:
        tag, ack = line.split()
        pid = os.fork()
        if pid:
            print(pid, flush=True)
            continue
        fd = os.open(ack, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        svc = GoalService.open(path, FixedClock(date(2026, 11, 22)))
        a, b = svc.repo.kpis()[:2]
        goal = svc.goals()[0]
        i = 0
        while True:
            note = f"{tag}-{i}"
            svc.save_checkin(
                {a.id: float(i), b.id: float(i)},
                entries=[{"goal_id": goal.id, "confidence": 1 + i % 10, "note": note}],
                notes={a.id: note, b.id: note},
            )
            os.write(fd, f"{note}\\n".encode())
            i += 1
    """
)


def _wait_for_ack(ack, note: str, limit: float = 10) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if ack.exists() and note in ack.read_text():
            return
        time.sleep(0.005)


@pytest.mark.slow
def test_sigkill_during_check_ins_loses_nothing_acknowledged(tmp_path):
    from datetime import date

    from goaltui.storage.repository import PlanRows

    db = tmp_path / "goals.db"
    svc = open_service(db)
    svc.create_goal(
        PlanRows(
            goal={"title": "Crash", "start": date(2026, 1, 1), "deadline": date(2026, 12, 31)},
            kpis=[
                {"name": "A", "baseline": 0, "target": 1e9, "cadence": "daily"},
                {"name": "B", "baseline": 0, "target": 1e9, "cadence": "daily"},
            ],
        )
    )
    svc.close()
    ack = tmp_path / "acks"
    zygote = subprocess.Popen(
        [sys.executable, "-c", ZYGOTE, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
    )
    rng = random.Random(8)
    killed = 0
    try:
        for round_ in range(KILLS):
            zygote.stdin.write(f"r{round_} {ack}\n")
            zygote.stdin.flush()
            pid = int(zygote.stdout.readline())
            # sometimes while opening the database, mostly in the middle of writing
            if round_ % 4:
                _wait_for_ack(ack, f"r{round_}-0")
            time.sleep(rng.choice([0.0, 0.01, 0.05]) + rng.random() * 0.25)
            os.kill(pid, signal.SIGKILL)
            killed += 1
    finally:
        zygote.stdin.close()
        zygote.wait(timeout=30)
    assert killed == KILLS

    acked = ack.read_text().split() if ack.exists() else []
    assert len(acked) > KILLS  # most rounds got some check-ins through
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        by_note: dict[str, int] = {}
        for (note,) in con.execute("SELECT note FROM measurement"):
            by_note[note] = by_note.get(note, 0) + 1
        entries = [n for (n,) in con.execute("SELECT note FROM checkin")]
        (newest,) = con.execute("SELECT note FROM measurement ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        con.close()
    missing = [n for n in acked if by_note.get(n) != 2]
    assert not missing, missing[:5]
    # a check-in is all or nothing: never one value of the two without the other
    assert all(count == 2 for count in by_note.values())
    # one check-in per goal and day, updated by every pass: it holds the note of
    # the last pass that committed, the pass of the newest values
    assert entries == [newest]
    # at most one unacknowledged (committed, then killed before the ack) per round
    assert len(by_note) - len(acked) <= KILLS
    # and the database still works for the next writer
    svc = open_service(db)
    try:
        kpi = svc.repo.kpis()[0]
        svc.record(kpi, 1.0, date(2026, 11, 22), "after the crashes")
        assert len(svc.measurements(kpi.id)) == len(by_note) + 1
    finally:
        svc.close()
    print(f"kills survived: {killed}, acknowledged check-ins checked: {len(acked)}")
