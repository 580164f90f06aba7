"""Files written by `export --out`: literal text, no spreadsheet formulas, private.

The same rule as on a terminal: user text never carries a live control sequence,
wherever goaltui writes it (the JSON export stays exact: JSON escapes them itself).
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from datetime import date

import pytest

from tests.cli.helpers import cli, cli_at
from tests.conftest import TODAY

# OSC title, OSC 52 clipboard, RIS, DCS, PM, APC, CSI, and their 8-bit (C1) forms.
SEQUENCES = {
    "title": "\x1b]0;pwned\x07",
    "clipboard": "\x1b]52;c;Y2xpcGJvYXJk\x07",
    "reset": "\x1bc",
    "dcs": "\x1bP1$r\x1b\\",
    "pm": "\x1b^private\x1b\\",
    "apc": "\x1b_apc\x1b\\",
    "csi": "\x1b[2J",
    "c1 dcs": "\x90q\x9c",
    "c1 pm": "\x9emsg\x9c",
    "c1 csi": "\x9b2J",
    "bell": "\x07",
    "lone cr": "a\rb",
}
EVERY = "".join(SEQUENCES.values())


def _make_db(path, *, title: str, kpi: str, unit: str, notes: list[tuple[str, float]]):
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    svc = GoalService.open(path, FixedClock(TODAY))
    try:
        svc.create_goal(
            PlanRows(
                goal={
                    "title": title,
                    "description": EVERY,
                    "start": date(2026, 1, 1),
                    "deadline": date(2026, 12, 31),
                },
                kpis=[{"name": kpi, "unit": unit, "baseline": 0, "target": 10}],
                milestones=[{"title": "M " + EVERY, "target_date": TODAY}],
            )
        )
        k = svc.repo.kpis()[0]
        for i, (note, value) in enumerate(notes):
            svc.record(k, value, date(2026, 11, 1 + i), note)
    finally:
        svc.close()
    return path


def _controls(data: bytes) -> list[str]:
    text = data.decode("utf-8")
    return [repr(c) for c in text if (ord(c) < 0x20 and c not in "\n") or 0x7F <= ord(c) <= 0x9F]


@pytest.mark.parametrize("fmt", ["markdown", "csv"])
def test_out_files_carry_no_control_sequence(capsys, tmp_path, clock, fmt):
    db = _make_db(
        tmp_path / "goals.db",
        title="Goal " + EVERY,
        kpi="KPI " + EVERY,
        unit="u" + SEQUENCES["reset"],
        notes=[("note " + EVERY, 1.0)],
    )
    target = tmp_path / f"out.{fmt}"
    r = cli_at(capsys, clock, "--db", str(db), "export", fmt, "--out", str(target))
    assert r.code == 0, r.err
    data = target.read_bytes()
    assert _controls(data) == []
    text = data.decode("utf-8")
    # shown, not obeyed: ESC as its picture, C1 as its code point
    if fmt == "csv":
        assert "␛]52;c;Y2xpcGJvYXJk␇" in text
        assert "␛c" in text and "␛P1$r␛\\" in text and "␛^private␛\\" in text
        assert "a␍b" in text
    else:  # markdown also escapes its own characters: ] and \\
        assert "␛\\]52;c;Y2xpcGJvYXJk␇" in text
        assert "␛c" in text and "␛P1$r␛\\\\" in text and "␛^private␛\\\\" in text
    assert "<U+0090>q<U+009C>" in text and "<U+009E>msg<U+009C>" in text
    # and the same bytes as on standard output
    r = cli_at(capsys, clock, "--db", str(db), "export", fmt)
    assert r.out.encode("utf-8") == data


def test_the_json_file_stays_exact(capsys, tmp_path, clock):
    db = _make_db(tmp_path / "goals.db", title="Goal " + EVERY, kpi="K", unit="", notes=[])
    target = tmp_path / "out.json"
    assert cli_at(capsys, clock, "--db", str(db), "export", "json", "--out", str(target)).code == 0
    data = target.read_bytes()
    assert b"\x1b" not in data and b"\x07" not in data
    assert json.loads(data)["tables"]["goal"][0]["title"] == "Goal " + EVERY


# -- CSV formula injection -----------------------------------------------------------------

FORMULAS = [
    ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
    ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
    ("+1+2", "'+1+2"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1", "'\t=1"),
    ("\r=1", "␍=1"),  # a carriage return is shown, so the cell no longer starts with one
    ("-", "'-"),
    ("-3.5", "-3.5"),  # numbers stay numbers
    ("+7", "+7"),
    ("1e-06", "1e-06"),
    ("plain text", "plain text"),
    ("a=b", "a=b"),
]


def test_csv_cells_never_start_a_formula(capsys, tmp_path, clock):
    db = _make_db(
        tmp_path / "goals.db",
        title="=1+1",
        kpi="@kpi",
        unit="-u",
        notes=[(text, -3.5 - i) for i, (text, _) in enumerate(FORMULAS)],
    )
    r = cli_at(capsys, clock, "--db", str(db), "export", "csv")
    assert r.code == 0, r.err
    rows = list(csv.DictReader(io.StringIO(r.out)))
    assert [row["note"] for row in rows] == [cell for _, cell in FORMULAS]
    assert {row["goal"] for row in rows} == {"'=1+1"}
    assert {row["kpi"] for row in rows} == {"'@kpi"}
    assert {row["unit"] for row in rows} == {"'-u"}
    # a real negative number is left as it is
    assert [row["value"] for row in rows] == [repr(-3.5 - i) for i in range(len(FORMULAS))]
    assert rows[0]["value"] == "-3.5"


# -- --out replaces a file with a new private one ------------------------------------------


@pytest.mark.sqlite_only  # the folder holds the database file
def test_out_over_a_world_readable_file_leaves_a_private_one(capsys, demo_db_arg, tmp_path):
    target = tmp_path / "report.md"
    target.write_text("old, readable by everyone\n")
    os.chmod(target, 0o644)
    other_name = tmp_path / "hardlink.md"
    os.link(target, other_name)  # the old file, seen through another name
    r = cli(capsys, "--db", demo_db_arg, "export", "markdown", "--out", str(target))
    assert r.code == 0, r.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text().startswith("# Goals report, ")
    # a new file was renamed over the name: the old one was never opened for writing
    assert other_name.read_text() == "old, readable by everyone\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["goals.db", "hardlink.md", "report.md"]


@pytest.mark.sqlite_only  # the folder holds the database file
def test_out_that_cannot_be_written_leaves_no_temporary_file(capsys, demo_db_arg, tmp_path):
    folder = tmp_path / "a-folder.md"
    folder.mkdir()
    (folder / "keep").write_text("x")
    line = cli(capsys, "--db", demo_db_arg, "export", "csv", "--out", str(folder)).assert_failed()
    assert "cannot write" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder.md", "goals.db"]
    assert [p.name for p in folder.iterdir()] == ["keep"]
