"""User text reaches a pipe as text: no escape codes, markup shown literally.

The commands run as real processes with stdout and stderr piped (not a terminal).
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest

from tests.cli.helpers import run_procs

EVIL_TITLE = "Evil \x1b]0;pwned\x07 and [bold]x[/ and [@click=app.quit]hi[/] \x9b2J\u202eabc"
EVIL_KPI = "Reps\x1b[31m red [b]x[/b]"

COMMANDS = {
    "list": ["list"],
    "list --kpis": ["list", "--kpis"],
    "due": ["due"],
    "export markdown": ["export", "markdown"],
    "export csv": ["export", "csv"],
    "export json": ["export", "json"],
    "checkin": ["checkin", "reps", "4"],
}


def make_evil_db(path):
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows
    from tests.conftest import TODAY

    service = GoalService.open(path, FixedClock(TODAY))
    try:
        service.create_goal(
            PlanRows(
                goal={
                    "title": EVIL_TITLE,
                    "start": date(2026, 1, 1),
                    "deadline": date(2026, 12, 31),
                    "description": "line one\x1b[2J\nline two",
                    "why": "[red]why[/red]",
                },
                kpis=[{"name": EVIL_KPI, "unit": "\x1b[1mkg", "baseline": 0, "target": 10}],
                milestones=[
                    {
                        "title": "Milestone \x1b]52;c;Y2xpcGJvYXJk\x07",
                        "target_date": TODAY,
                        "steps": [{"title": "Step \x07\x08 [link]", "due": TODAY}],
                    }
                ],
            )
        )
        kpi = service.repo.kpis()[0]
        service.record(kpi, 3.0, TODAY, note="note \x1b[5m")
    finally:
        service.close()


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each command's output (run once for the module, all at once), and a CSV
    written with --out."""
    folder = tmp_path_factory.mktemp("evil")
    db = folder / "goals.db"
    make_evil_db(db)
    env = {
        "TERM": "xterm-256color",
        "FORCE_COLOR": "1",  # even a request for colour puts no escape code in a pipe
        "CLICOLOR_FORCE": "1",
        "HOME": str(folder),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CONFIG_HOME": str(folder / "config"),
        "GOALTUI_DB": str(folder / "unused.db"),
    }
    names = list(COMMANDS)
    runs = [["--db", str(db), *COMMANDS[n]] for n in names]
    runs.append(["--db", str(db), "export", "csv", "--out", str(folder / "m.csv")])
    results = run_procs(runs, env=env)
    out = dict(zip([*names, "csv file"], results, strict=True))
    out["folder"] = folder
    return out


def test_no_escape_byte_reaches_a_pipe(outputs):
    for name, done in outputs.items():
        if name == "folder":
            continue
        assert done.code == 0, (name, done.err)
        assert b"\x1b" not in done.out, name
        assert b"\x07" not in done.out, name
        text = done.text
        assert not any(0x7F <= ord(c) <= 0x9F for c in text), name  # DEL, 8-bit CSI
        assert "\u202e" not in text, name  # nor a bidi override that reorders the line
        assert b"\x1b" not in done.err, name
        assert b"Traceback" not in done.err, name


def test_list_shows_the_title_literally(outputs):
    text = outputs["list"].text
    assert "Evil ␛]0;pwned␇ and [bold]x[/ and [@click=app.quit]hi[/]" in text
    assert "<U+009B>2J" in text  # the title is cut to 70 characters after it
    assert len(text.splitlines()) == 1


def test_list_kpis_due_and_checkin_show_names_literally(outputs):
    assert "Reps␛[31m red [b]x[/b]" in outputs["list --kpis"].text
    assert "␛[1mkg" in outputs["list --kpis"].text
    due = outputs["due"].text
    assert "Milestone ␛]52;c;Y2xpcGJvYXJk␇" in due
    assert "Step ␇␈ [link]" in due
    assert "for Reps␛[31m red [b]x[/b] on " in outputs["checkin"].text


def test_exports_keep_the_text_recoverable(outputs):
    doc = json.loads(outputs["export json"].text)
    assert doc["tables"]["goal"][0]["title"] == EVIL_TITLE
    assert doc["tables"]["kpi"][0]["name"] == EVIL_KPI
    rows = list(csv.DictReader(io.StringIO(outputs["export csv"].text)))
    assert rows[0]["kpi"] == "Reps␛[31m red [b]x[/b]"
    assert rows[0]["note"] == "note ␛[5m"
    # written to a file with --out, the CSV is the same literal text
    # (the check-in runs beside it: compare the rows before its value)
    written = (outputs["folder"] / "m.csv").read_text(encoding="utf-8").splitlines()
    assert written[:2] == outputs["export csv"].text.splitlines()[:2]
    assert "\x1b" not in "".join(written)
    assert "\\[bold\\]x\\[/" in outputs["export markdown"].text
