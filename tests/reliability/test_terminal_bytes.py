"""The real app on a real (pseudo) terminal: every byte it writes is checked."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.reliability.data import make_hostile_db
from tests.reliability.hostile import FORBIDDEN_OUTPUT, HOSTILE
from tests.reliability.ptyrun import PtyApp

# the strings that are terminal control, plus markup ones for the on-screen check
CONTROL = [(n, t) for n, t in HOSTILE if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in t)]


@pytest.mark.slow
def test_no_control_sequence_from_user_data_reaches_the_terminal(tmp_path):
    db = make_hostile_db(tmp_path / "goals.db", CONTROL + HOSTILE[:2])
    app = PtyApp(["--db", str(db)], cols=120, rows=36, env={"HOME": str(tmp_path)})
    try:
        assert app.wait_for(b"Goals"), bytes(app.output[-500:])
        app.pump(1.5)
        # every screen, a goal's details, a KPI's detail, the help, the edit form
        for keys in (
            b"1",
            b"\x1b[B",
            b"\x1b[B",
            b"e",
            b"\x1b",
            b"2",
            b"3",
            b"\r",
            b"\x1b",
            b"4",
            b"\x1b",  # leave the check-in's fields, where digits are values
            b"5",
            b"\x1b",
            b"?",
            b"\x1b",
        ):
            app.send(keys)
        app.resize(80, 24)
        app.pump(0.8)
        app.send(b"1")
        app.send(b"q", settle=0.2)
    finally:
        code = app.close()
    out = bytes(app.output)
    assert code == 0, out[-800:]
    found = [p for p in FORBIDDEN_OUTPUT if p in out]
    assert not found, found
    text = out.decode("utf-8", errors="replace")
    assert "␛]0;pwned␇" in text  # shown, as visible stand-ins
    assert "Traceback" not in text


def test_bare_goaltui_without_a_terminal_says_so_in_one_line(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "goaltui", "--db", str(tmp_path / "g.db")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": str(tmp_path)},
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("goaltui: "), lines
    assert b"\x1b" not in done.stderr
    assert not (tmp_path / "g.db").exists()


def test_bare_goaltui_with_a_terminal_stdin_but_piped_stdout(tmp_path):
    """stdin is a terminal, stdout a pipe (goaltui | less): still refused cleanly."""
    import os
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "goaltui", "--db", str(tmp_path / "g.db")],
            stdin=slave,
            capture_output=True,
            env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "HOME": str(tmp_path)},
            timeout=60,
        )
    finally:
        os.close(slave)
        os.close(master)
    assert done.returncode == 1
    assert done.stdout == b""
    assert len(done.stderr.decode().splitlines()) == 1
    assert b"\x1b" not in done.stderr
