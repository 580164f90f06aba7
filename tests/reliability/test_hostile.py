"""Hostile text through every screen, the CLI and every export (see hostile.py).

It is stored exactly, shown literally, and no escape or C1 byte from it reaches
the terminal.
"""

from __future__ import annotations

import json

import pytest

from tests.reliability.conftest import assert_no_crash_notice
from tests.reliability.data import make_hostile_db, open_service
from tests.reliability.hostile import HOSTILE, texts
from tests.reliability.screen import control_problems, frame
from tests.ui.conftest import wait_idle

assert len(HOSTILE) >= 40


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory):
    """The hostile database, built once; tests copy it before writing."""
    return make_hostile_db(tmp_path_factory.mktemp("hostile") / "goals.db")


@pytest.fixture
def hostile_copy(hostile_db, tmp_path):
    import shutil

    target = tmp_path / "goals.db"
    shutil.copyfile(hostile_db, target)
    return target


def test_every_string_is_stored_exactly(hostile_db):
    svc = open_service(hostile_db)
    try:
        goals = svc.goals()
        kpis = svc.repo.kpis()
        assert sorted(g.description for g in goals) == sorted(texts())
        assert sorted(g.title for g in goals) == sorted(f"{t} #{i}" for i, t in enumerate(texts()))
        assert sorted(k.name for k in kpis) == sorted(f"{n}: {t}" for n, t in HOSTILE)
        notes = {m.note for k in kpis for m in svc.measurements(k.id)}
        assert notes == set(texts())
    finally:
        svc.close()


def test_json_export_and_import_round_trip_exactly(hostile_db, tmp_path):
    from goaltui.services import exchange as export

    svc = open_service(hostile_db)
    try:
        doc = export.to_json(svc)
    finally:
        svc.close()
    # through the text a file would hold, then into an empty database
    again = json.loads(json.dumps(doc, ensure_ascii=False))
    fresh = open_service(tmp_path / "fresh.db")
    try:
        assert export.from_json(fresh, again) == len(HOSTILE)
        assert export.to_json(fresh) == doc
    finally:
        fresh.close()


@pytest.mark.slow
def test_cli_outputs_and_exports_carry_no_control_bytes(hostile_db, tmp_path):
    """list, list --kpis, due, checkin and the three exports, piped; then the JSON
    written with --out is imported by another process and compared."""
    import csv
    import io
    import shutil

    from tests.cli.helpers import run_procs

    db = tmp_path / "goals.db"
    shutil.copyfile(hostile_db, db)
    out_json = tmp_path / "all.json"
    commands = {
        "list": ["list", "--all"],
        "list --kpis": ["list", "--kpis"],
        "due": ["due"],
        "export markdown": ["export", "markdown"],
        "export csv": ["export", "csv"],
        "export json": ["export", "json"],
        "export json --out": ["export", "json", "--out", str(out_json)],
    }
    env = {"TERM": "xterm-256color", "FORCE_COLOR": "1"}
    results = dict(
        zip(
            commands,
            run_procs([["--db", str(db), *args] for args in commands.values()], env=env),
            strict=True,
        )
    )
    # checkin by the id of each KPI (the names are hostile and not unique prefixes)
    svc = open_service(db)
    kpi_ids = [k.id for k in svc.repo.kpis()]
    svc.close()
    checkins = run_procs(
        [
            ["--db", str(db), "checkin", str(i), "1", "--note", t]
            for i, t in zip(kpi_ids[:3], texts()[14:], strict=False)
        ],
        env=env,
    )
    for i, done in enumerate(checkins):
        results[f"checkin {i}"] = done
    for name, done in results.items():
        assert done.code == 0, (name, done.err)
        for stream in (done.out, done.err):
            assert b"\x1b" not in stream, name
            assert b"\x07" not in stream and b"\x00" not in stream, name
            text = stream.decode("utf-8")
            assert not [c for c in text if 0x7F <= ord(c) <= 0x9F], name
            assert "\u202e" not in text, name
        assert b"Traceback" not in done.err, name
    assert len(results["list"].text.splitlines()) == len(HOSTILE)
    doc = json.loads(results["export json"].text)
    assert sorted(g["description"] for g in doc["tables"]["goal"]) == sorted(texts())
    rows = list(csv.DictReader(io.StringIO(results["export csv"].text)))
    assert len(rows) == len(HOSTILE) * 10
    # the --out file is the exact text; another database imports it unchanged
    fresh = tmp_path / "fresh.db"
    (imported,) = run_procs([["--db", str(fresh), "import", str(out_json)]])
    assert imported.code == 0, imported.err
    from goaltui.services import exchange as export

    a, b = open_service(db), open_service(fresh)
    try:
        before = json.loads(out_json.read_text(encoding="utf-8"))
        assert export.to_json(b) == before
        assert len(export.to_json(a)["tables"]["measurement"]) == len(HOSTILE) * 10 + 3
    finally:
        a.close()
        b.close()


def _check_frame(app, where: str, seen: str) -> str:
    raw, text = frame(app)
    problems = control_problems(raw)
    assert not problems, (where, problems)
    return seen + text


@pytest.mark.slow
async def test_every_screen_shows_hostile_text_literally(hostile_copy, app_on):
    app = app_on(hostile_copy)
    seen = ""
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_idle(pilot, app)
        for key in ("1", "down", "down", "2", "3", "enter", "escape", "4", "5", "question_mark"):
            await pilot.press(key)
            await wait_idle(pilot, app)
            seen = _check_frame(app, key, seen)
        await pilot.press("escape")
        # walk the goal tree: each goal's details (description, why, KPI names) beside it
        await pilot.press("1")
        await wait_idle(pilot, app)
        for _ in range(6):
            await pilot.press("down")
            await wait_idle(pilot, app, rounds=1)
            seen = _check_frame(app, "goal tree", seen)
        # every KPI's detail
        await pilot.press("3")
        await wait_idle(pilot, app)
        for _ in range(3):
            await pilot.press("enter")
            await wait_idle(pilot, app)
            seen = _check_frame(app, "kpi detail", seen)
            await pilot.press("escape", "down")
            await wait_idle(pilot, app, rounds=1)
        assert_no_crash_notice(app)
    # literal markup and visible stand-ins, not obeyed sequences
    assert "[bold]x[/" in seen
    assert "[@click=app.quit]x[/]" in seen
    assert "␛]0;pwned␇" in seen
    assert "<U+009B>2J" in seen


async def test_notifications_and_check_in_with_hostile_names(hostile_copy, app_on):
    """Reaching a target notifies with the KPI's name: shown literally."""
    from textual.widgets import Input

    app = app_on(hostile_copy)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("4")
        await wait_idle(pilot, app)
        fields = [f for f in app.screen.query(Input) if (f.id or "").startswith("kpi-")]
        assert fields
        for f in fields:
            f.value = "100"
        for f in app.screen.query(Input):
            if (f.id or "").startswith(("wins-", "obst-")):
                f.value = "\x1b]0;pwned\x07 [@click=app.quit]x[/]"
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        await pilot.pause(0.3)
        _check_frame(app, "notifications", "")
        shown = [str(n.message) for n in app._notifications]
        assert any("reached its target" in m for m in shown), shown
        assert_no_crash_notice(app)
        assert app.is_running
    svc = open_service(hostile_copy)
    try:
        wins = {c.wins for c in svc.repo.checkins()} if hasattr(svc.repo, "checkins") else set()
    finally:
        svc.close()
    if wins:
        assert "\x1b]0;pwned\x07 [@click=app.quit]x[/]" in wins


async def test_wizard_text_fields_take_hostile_text(tmp_path, app_on):
    from textual.widgets import Input

    db = make_hostile_db(tmp_path / "goals.db", HOSTILE[:3])
    app = app_on(db)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("n")
        await wait_idle(pilot, app)
        for step, text in zip(range(8), texts()[10:], strict=False):
            for f in app.screen.query(Input):
                if f.id and f.id.startswith("f-") and f.region.height:
                    f.value = text
            await wait_idle(pilot, app, rounds=1)
            _check_frame(app, f"wizard step {step}", "")
            await pilot.press("ctrl+n")
            await wait_idle(pilot, app, rounds=1)
        await pilot.press("ctrl+s")
        await wait_idle(pilot, app)
        _check_frame(app, "wizard save", "")
        assert_no_crash_notice(app)
        assert app.is_running
