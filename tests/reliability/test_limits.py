"""Odd numbers and dates, and every terminal size: a message or the right result."""

from __future__ import annotations

import math
import subprocess
import sys
from datetime import date

import pytest

from tests.reliability.conftest import assert_no_crash_notice
from tests.ui.conftest import wait_idle

NUMBERS = [
    "NaN",
    "nan",
    "inf",
    "-inf",
    "Infinity",
    "1e309",
    "-1e309",
    str(2**63),
    str(2**64),
    "1e-400",
    "0x10",
    "1_000",
    "1,5",
    "",
    " ",
    "--1",
    "١٢",
    "1e308",
]


@pytest.mark.parametrize("text", NUMBERS)
def test_parse_number_gives_a_finite_value_or_a_message(text):
    from goaltui.domain.parse import parse_number

    try:
        value = parse_number(text)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
    else:
        assert math.isfinite(value)


def test_cli_checkin_with_odd_numbers(tmp_path):
    from tests._files import make_goaltui_db
    from tests.cli.helpers import run_procs

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    odd = ["NaN", "inf", "1e309", str(2**63), "-0"]
    results = run_procs([["--db", str(db), "checkin", "Weekly visits", v] for v in odd])
    for value, done in zip(odd, results, strict=True):
        err = done.err.decode()
        assert "Traceback" not in err and "unexpected" not in err, (value, err)
        assert done.code in (0, 1), (value, err)
        if done.code == 1:
            assert len(err.splitlines()) == 1


@pytest.mark.parametrize(
    "text, ok",
    [
        ("2028-02-29", True),
        ("2027-02-29", False),
        ("2026-12-31", True),
        ("2027-01-01", True),
        ("0001-01-01", None),
        ("9999-12-31", None),
        ("2026-13-01", False),
        ("+100000d", None),
    ],
)
def test_parse_date_edges(text, ok):
    from goaltui.domain.parse import parse_date

    try:
        day = parse_date(text, date(2026, 11, 22))
    except ValueError as exc:
        assert ok is not True, exc
        assert "\n" not in str(exc)
    else:
        assert ok is not False, day


def test_weeks_across_the_year_end_share_one_period():
    from goaltui.domain.models import Cadence
    from goaltui.domain.periods import period_start

    assert period_start(date(2026, 12, 31), Cadence.WEEKLY) == date(2026, 12, 28)
    assert period_start(date(2027, 1, 3), Cadence.WEEKLY) == date(2026, 12, 28)
    assert period_start(date(2027, 1, 4), Cadence.WEEKLY) == date(2027, 1, 4)
    assert period_start(date(2028, 2, 29), Cadence.MONTHLY) == date(2028, 2, 1)


@pytest.mark.parametrize("day", ["2026-03-29", "2026-10-25", "2028-02-29", "2026-12-31"])
def test_commands_on_a_daylight_saving_day_in_berlin(tmp_path, day):
    """The system clock in Europe/Berlin: check-ins dated on the DST changes work."""
    from tests._files import make_goaltui_db

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    env = {"TZ": "Europe/Berlin", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    for args in (["checkin", "Weekly visits", "5", "--date", day], ["due"], ["list", "--kpis"]):
        done = subprocess.run(
            [sys.executable, "-m", "goaltui", "--db", str(db), *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
        if day > "2026-11-22" and args[0] == "checkin":
            continue  # the real today may be before it: refused as "in the future", or fine
        assert done.returncode == 0, (args, done.stderr)
        assert "Traceback" not in done.stderr


SIZES = [
    (1, 1),
    (2, 1),
    (1, 5),
    (10, 3),
    (30, 8),
    (59, 14),
    (60, 15),
    (80, 24),
    (120, 36),
    (200, 60),
    (300, 100),
]


@pytest.mark.slow
async def test_every_screen_at_every_size_and_in_resize_storms(tmp_path, app_on):
    from tests._files import make_goaltui_db

    db = tmp_path / "goals.db"
    make_goaltui_db(db)
    app = app_on(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_idle(pilot, app)
        for key in ("1", "2", "3", "4", "5", "n"):
            await pilot.press(key)
            await wait_idle(pilot, app, rounds=1)
            for w, h in SIZES:
                await pilot.resize_terminal(w, h)
                await pilot.pause()
            # a storm: sizes changed faster than frames are drawn
            for i in range(40):
                await pilot.resize_terminal(1 + (i * 37) % 300, 1 + (i * 13) % 100)
            await pilot.resize_terminal(80, 24)
            await wait_idle(pilot, app, rounds=1)
            assert app.is_running
        await pilot.press("escape")
        await pilot.press("3", "enter")  # a KPI's detail chart, squeezed
        await wait_idle(pilot, app, rounds=1)
        for w, h in SIZES:
            await pilot.resize_terminal(w, h)
            await pilot.pause()
        assert_no_crash_notice(app)
        assert app.is_running
