"""`export`, `import` and `backup`."""

from __future__ import annotations

import json
import os
import sqlite3
import stat

import pytest

from tests._files import sha256, sidecars
from tests.cli.helpers import cli, cli_at, location_of


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def dump(path):
    from goaltui.services import GoalService

    svc = GoalService.open(location_of(path), create=False)
    try:
        return svc.repo.dump()
    finally:
        svc.close()


# -- export json, import ------------------------------------------------------------------


def test_json_round_trip_is_exact(capsys, demo_db_arg, tmp_path):
    first = tmp_path / "export.json"
    r = cli(capsys, "--db", demo_db_arg, "export", "json", "--out", str(first))
    assert r.code == 0, r.err
    assert r.out == ""
    assert r.err == f"Wrote json to {first}\n"
    doc = json.loads(first.read_text(encoding="utf-8"))
    assert doc["format"] == "goaltui"
    assert doc["version"] == 1
    assert len(doc["tables"]["goal"]) == 7
    assert len(doc["tables"]["measurement"]) > 80

    fresh = tmp_path / "fresh.db"
    r = cli(capsys, "--db", str(fresh), "import", str(first))
    assert r.code == 0, r.err
    assert r.out == f"Imported 7 goals from {first}.\n"

    r = cli(capsys, "--db", str(fresh), "export", "json")
    assert r.code == 0
    assert r.out == first.read_text(encoding="utf-8")
    r2 = cli(capsys, "--db", demo_db_arg, "export", "json")
    assert r2.out == r.out
    assert dump(fresh) == dump(demo_db_arg)


def test_import_into_a_database_with_goals_is_refused_without_merge(capsys, demo_db, tmp_path):
    exported = tmp_path / "export.json"
    assert cli(capsys, "--db", str(demo_db), "export", "json", "--out", str(exported)).code == 0
    doc = json.loads(exported.read_text())["tables"]
    before = sha256(demo_db)
    line = cli(capsys, "--db", str(demo_db), "import", str(exported)).assert_failed(1)
    assert line.startswith("goaltui: this database already has goals; ")
    assert f"'goaltui import --merge {exported}' would add 7 goals, " in line
    assert f"{len(doc['kpi'])} KPIs, {len(doc['measurement'])} measurements, " in line
    assert f"{len(doc['revision'])} revision" in line
    assert line.endswith("nothing was imported")
    assert sha256(demo_db) == before


def test_import_into_a_database_with_goals_adds_beside_them(capsys, demo_db, tmp_path):
    exported = tmp_path / "export.json"
    assert cli(capsys, "--db", str(demo_db), "export", "json", "--out", str(exported)).code == 0
    r = cli(capsys, "--db", str(demo_db), "import", "--merge", str(exported))
    assert r.code == 0, r.err
    assert r.out == f"Imported 7 goals from {exported}.\n"
    data = dump(demo_db)
    assert len(data["goal"]) == 14
    original = json.loads(exported.read_text())["tables"]
    for table, rows in original.items():
        assert len(data[table]) == 2 * len(rows), table
    con = sqlite3.connect(demo_db)
    try:
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def test_text_with_quotes_newlines_and_unicode_round_trips(capsys, service, db_arg, tmp_path):
    from goaltui.storage.repository import PlanRows

    service.create_goal(
        PlanRows(
            goal={
                "title": 'Tab\there, "quotes", \\backslash, ünïcødé ✔, \x1b]0;pwned\x07',
                "description": "two\nlines\r\nand CRLF",
                "start": service.clock.today(),
            },
            kpis=[{"name": "π", "baseline": 0.1, "target": 1e15, "unit": "𝔘"}],
        )
    )
    service.close()
    out = tmp_path / "e.json"
    assert cli(capsys, "--db", db_arg, "export", "json", "--out", str(out)).code == 0
    assert b"\x1b" not in out.read_bytes()  # JSON escapes control characters
    fresh = tmp_path / "fresh.db"
    assert cli(capsys, "--db", str(fresh), "import", str(out)).code == 0
    assert dump(fresh) == dump(db_arg)


def export_doc(db, capsys):
    return json.loads(cli(capsys, "--db", str(db), "export", "json").out)


BAD_DOCS = {
    "not-json": lambda doc: "this is { not json",
    "empty-file": lambda doc: "",
    "json-list": lambda doc: "[1, 2, 3]",
    "json-not-an-export": lambda doc: json.dumps({"goals": []}),
    "newer-version": lambda doc: json.dumps({**doc, "version": 99}),
    "unknown-table": lambda doc: json.dumps({**doc, "tables": {**doc["tables"], "x": []}}),
    "bad-kpi-kind": lambda doc: json.dumps(_change(doc, "kpi", 0, kind="sideways")),
    "bad-cadence": lambda doc: json.dumps(_change(doc, "kpi", 1, cadence="hourly")),
    "bad-outcome": lambda doc: json.dumps(_change(doc, "review", -1, outcome="maybe")),
    "bad-goal-status": lambda doc: json.dumps(_change(doc, "goal", 2, status="someday")),
    "bad-confidence": lambda doc: json.dumps(_change(doc, "goal", 2, confidence=42)),
    "bad-date": lambda doc: json.dumps(_change(doc, "measurement", 3, day="2026-02-30")),
    "string-value": lambda doc: json.dumps(_change(doc, "measurement", 3, value="lots")),
    "missing-id": lambda doc: json.dumps(_change(doc, "step", 0, id=None)),
    "dangling-link": lambda doc: json.dumps(_change(doc, "kpi", 0, goal_id=4242)),
    "nan-value": lambda doc: json.dumps(_change(doc, "measurement", 0, value=float("nan"))),
    "missing-column": lambda doc: json.dumps(_drop(doc, "goal", 0, "title")),
}


def _change(doc, table, index, **changes):
    doc = json.loads(json.dumps(doc))
    doc["tables"][table][index].update(changes)
    return doc


def _drop(doc, table, index, key):
    doc = json.loads(json.dumps(doc))
    del doc["tables"][table][index][key]
    return doc


@pytest.mark.parametrize("target", ["with-goals", "empty"])
@pytest.mark.parametrize("kind", sorted(BAD_DOCS))
def test_bad_imports_change_nothing(capsys, demo_db, tmp_path, clock, kind, target):
    source = tmp_path / "bad.json"
    source.write_text(BAD_DOCS[kind](export_doc(demo_db, capsys)), encoding="utf-8")
    if target == "empty":
        db = tmp_path / "empty.db"
        cli_at(capsys, clock, "--db", str(db), "list")  # nothing yet
        from goaltui.services import GoalService

        GoalService.open(db, clock).close()
    else:
        db = demo_db
    before = sha256(db)
    r = cli(capsys, "--db", str(db), "import", str(source))
    line = r.assert_failed(1)
    assert str(source) in line or "import" in line
    assert "another window" not in line
    assert "unexpected" not in line
    assert r.out == ""
    assert sha256(db) == before
    assert sidecars(db) == []


def test_import_of_unreadable_files(capsys, demo_db, tmp_path):
    before = sha256(demo_db)
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for path, words in (
        (tmp_path / "missing.json", "No such file"),
        (binary, "not UTF-8"),
        (tmp_path, "Is a directory"),
    ):
        line = cli(capsys, "--db", str(demo_db), "import", str(path)).assert_failed(1)
        assert words in line
    assert sha256(demo_db) == before


# -- export csv, markdown, --out -------------------------------------------------------------


def test_export_csv_has_every_measurement(capsys, demo_db):
    r = cli(capsys, "--db", str(demo_db), "export", "csv")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0] == "kpi_id,kpi,goal,unit,date,value,note"
    con = sqlite3.connect(demo_db)
    try:
        assert len(lines) - 1 == con.execute("SELECT count(*) FROM measurement").fetchone()[0]
    finally:
        con.close()


def test_export_markdown_report(capsys, demo_db_arg, clock):
    r = cli_at(capsys, clock, "--db", demo_db_arg, "export", "markdown")
    assert r.code == 0
    text = r.out
    assert text.startswith("# Goals report, 2026-11-22\n")
    assert "## Expand into new markets" in text
    assert "### Launch the product in Germany with 50 paying customers" in text
    assert "| Weekly visits |" in text
    assert "Revisions:" in text
    assert "90 → 85, because 90% was above" in text


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
@pytest.mark.parametrize("mask", [0o022, 0o000])
def test_export_out_file_is_private(capsys, demo_db_arg, tmp_path, fmt, mask):
    out = tmp_path / f"report.{fmt}"
    old = os.umask(mask)
    try:
        r = cli(capsys, "--db", demo_db_arg, "export", fmt, "--out", str(out))
    finally:
        os.umask(old)
    assert r.code == 0, r.err
    assert r.out == ""
    assert mode(out) == 0o600
    assert out.stat().st_size > 100


def test_export_out_replaces_an_existing_file(capsys, demo_db_arg, tmp_path):
    out = tmp_path / "report.md"
    out.write_text("old report that is much longer than nothing " * 1000)
    assert cli(capsys, "--db", demo_db_arg, "export", "markdown", "--out", str(out)).code == 0
    assert out.read_text().startswith("# Goals report, ")
    assert "old report" not in out.read_text()


@pytest.mark.parametrize("fmt", ["markdown", "csv", "json"])
@pytest.mark.parametrize("spelling", ["same", "relative", "symlink", "dotdot"])
def test_export_out_at_the_database_is_refused(
    capsys, demo_db, tmp_path, monkeypatch, fmt, spelling
):
    monkeypatch.chdir(tmp_path)
    if spelling == "same":
        target = str(demo_db)
    elif spelling == "relative":
        target = os.path.relpath(demo_db, tmp_path)
    elif spelling == "symlink":
        link = tmp_path / "link.md"
        link.symlink_to(demo_db)
        target = str(link)
    else:
        (tmp_path / "sub").mkdir()
        target = str(tmp_path / "sub" / ".." / demo_db.name)
    before = sha256(demo_db)
    line = cli(capsys, "--db", str(demo_db), "export", fmt, "--out", target).assert_failed(1)
    assert "database" in line
    assert sha256(demo_db) == before
    assert cli(capsys, "--db", str(demo_db), "list").code == 0


def test_export_out_into_a_missing_folder(capsys, demo_db_arg, tmp_path):
    line = cli(
        capsys, "--db", demo_db_arg, "export", "csv", "--out", str(tmp_path / "no" / "x.csv")
    ).assert_failed(1)
    assert "cannot write" in line


# -- backup -----------------------------------------------------------------------------


def test_backup_is_a_complete_private_copy(capsys, demo_db, tmp_path):
    target = tmp_path / "copy.db"
    r = cli(capsys, "--db", str(demo_db), "backup", str(target))
    assert r.code == 0, r.err
    assert r.out == f"Backed up to {target}\n"
    assert mode(target) == 0o600
    con = sqlite3.connect(target)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert con.execute("PRAGMA user_version").fetchone() == (6,)
    finally:
        con.close()
    assert dump(target) == dump(demo_db)
    # and goaltui opens the copy as its own
    r = cli(capsys, "--db", str(target), "list")
    assert r.code == 0
    assert len(r.out.splitlines()) == 7


def test_backup_refuses_an_existing_target(capsys, demo_db, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("precious")
    line = cli(capsys, "--db", str(demo_db), "backup", str(target)).assert_failed(1)
    assert "already exists" in line
    assert target.read_text() == "precious"
    # not even the database itself
    before = sha256(demo_db)
    cli(capsys, "--db", str(demo_db), "backup", str(demo_db)).assert_failed(1)
    assert sha256(demo_db) == before


def test_backup_without_a_name_goes_beside_the_database(capsys, demo_db, clock):
    r = cli_at(capsys, clock, "--db", str(demo_db), "backup")
    assert r.code == 0, r.err
    target = demo_db.with_name("goals-backup-20261122-090000.db")
    assert r.out == f"Backed up to {target}\n"
    assert dump(target) == dump(demo_db)
    # a second one in the same second is refused rather than overwriting
    cli_at(capsys, clock, "--db", str(demo_db), "backup").assert_failed(1)


def test_backup_while_another_connection_writes(capsys, demo_db, tmp_path):
    """A backup taken while the database is open elsewhere is consistent."""
    con = sqlite3.connect(demo_db)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute(
        "INSERT INTO checkin (goal_id, day, wins, obstacles, note)"
        " VALUES (1, '2026-11-22', '', '', 'x')"
    )
    con.commit()  # committed, still in the -wal file
    try:
        target = tmp_path / "copy.db"
        assert cli(capsys, "--db", str(demo_db), "backup", str(target)).code == 0
        copy = sqlite3.connect(target)
        try:
            assert copy.execute("SELECT count(*) FROM checkin WHERE note = 'x'").fetchone() == (1,)
        finally:
            copy.close()
    finally:
        con.close()


def test_backup_into_a_missing_folder(capsys, demo_db, tmp_path):
    line = cli(
        capsys, "--db", str(demo_db), "backup", str(tmp_path / "no" / "copy.db")
    ).assert_failed(1)
    assert "does not exist" in line


def test_a_bad_file_imported_to_a_new_path_leaves_no_database(capsys, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "goaltui", "version": -5, "tables": {}}', encoding="utf-8")
    target = tmp_path / "new.db"
    line = cli(capsys, "--db", str(target), "import", str(bad)).assert_failed(1)
    assert "nothing was imported" in line or "version" in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.json"]
