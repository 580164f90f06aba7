"""Where the database is, and what may be done with it: every command alike."""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys

import pytest

from tests._files import make_goaltui_db, sha256, sidecars
from tests.cli.helpers import cli

EVERY_COMMAND = [
    [],  # the dashboard
    ["list"],
    ["due"],
    ["checkin", "Weekly visits", "42"],
    ["export", "json"],
    ["import", "export.json"],
    ["backup"],
    ["demo"],
]


def goal_count(path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM goal").fetchone()[0]
    finally:
        con.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://me@127.0.0.1:1/goals",
        "postgresql+psycopg://me@127.0.0.1:1/goals",
        "postgres://me@127.0.0.1:1/goals",
    ],
)
def test_a_postgresql_server_that_is_down_gets_one_line(capsys, tmp_path, url):
    for args in EVERY_COMMAND[1:]:
        line = cli(capsys, "--db", url, *args).assert_failed(1)
        assert line.startswith("goaltui: "), (args, line)
        if args != ["import", "export.json"]:  # the missing file is named first
            assert "cannot reach the PostgreSQL database" in line, (args, line)
            assert "127.0.0.1:1/goals" in line
    assert os.listdir(tmp_path) == []


def test_a_password_on_the_command_line_is_refused_but_not_in_the_environment(capsys, monkeypatch):
    line = cli(capsys, "--db", "postgresql://me:s3cret@127.0.0.1:1/goals", "list").assert_failed(1)
    assert "~/.pgpass" in line and "s3cret" not in line
    monkeypatch.setenv("GOALTUI_DB", "postgresql://me:s3cret@127.0.0.1:1/goals")
    line = cli(capsys, "list").assert_failed(1)
    assert "cannot reach the PostgreSQL database postgresql+psycopg://me:***@127.0.0.1:1" in line
    assert "s3cret" not in line


def test_other_urls_are_refused_too(capsys, monkeypatch):
    line = cli(capsys, "--db", "sqlite:///goals.db", "list").assert_failed(1)
    assert "sqlite:// addresses are not supported" in line
    monkeypatch.setenv("GOALTUI_DB", "mysql://me@server/goals")
    line = cli(capsys, "list").assert_failed(1)
    assert line.startswith("goaltui: $GOALTUI_DB: mysql:// addresses are not supported")


def test_a_db_in_a_missing_folder_is_refused_by_every_command(capsys, tmp_path, monkeypatch):
    path = tmp_path / "no" / "such" / "goals.db"
    for args in EVERY_COMMAND:
        line = cli(capsys, "--db", str(path), *args).assert_failed(1)
        assert f"the folder {path.parent} does not exist" in line, (args, line)
    monkeypatch.setenv("GOALTUI_DB", str(path))
    line = cli(capsys, "list").assert_failed(1)
    assert line.startswith("goaltui: $GOALTUI_DB: the folder")
    assert os.listdir(tmp_path) == []


def test_an_empty_file_is_no_database_yet_then_a_new_one(capsys, db_path):
    """A 0-byte file (left by a goaltui stopped while creating it) is not refused."""
    db_path.write_bytes(b"")
    r = cli(capsys, "--db", str(db_path), "list")
    assert r.code == 0, r.err
    assert "No goals yet" in r.out
    assert db_path.read_bytes() == b""
    r = cli(capsys, "--db", str(db_path), "demo")
    assert r.code == 0, r.err
    assert goal_count(db_path) == 7


def test_a_read_only_database_reads_and_refuses_writes(capsys, demo_db, tmp_path):
    os.chmod(demo_db, 0o400)
    before = sha256(demo_db)
    r = cli(capsys, "--db", str(demo_db), "list")
    assert r.code == 0, r.err
    assert len(r.out.splitlines()) == 7
    r = cli(capsys, "--db", str(demo_db), "export", "csv")
    assert r.code == 0, r.err
    export = tmp_path / "export.json"
    r = cli(capsys, "--db", str(demo_db), "export", "json", "--out", str(export))
    assert r.code == 0, r.err
    for args in (
        ["checkin", "Weekly visits", "42"],
        ["demo", "--force"],
        ["import", "--merge", str(export)],
    ):
        line = cli(capsys, "--db", str(demo_db), *args).assert_failed(1)
        assert "read-only: changes cannot be saved" in line, (args, line)
    assert stat.S_IMODE(os.stat(demo_db).st_mode) == 0o400
    assert sha256(demo_db) == before
    assert sidecars(demo_db) == []


def test_demo_is_all_or_nothing(capsys, db_path, monkeypatch):
    """Stopped half-way (here: the check-ins fail), the demo leaves no goal behind,
    so 'goaltui demo' runs again without --force."""
    from goaltui.storage.repository import Repository

    def broken(*_a, **_k):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Repository, "save_checkin", broken)
    r = cli(capsys, "--db", str(db_path), "demo")
    assert r.code == 1
    assert goal_count(db_path) == 0
    monkeypatch.undo()
    r = cli(capsys, "--db", str(db_path), "demo")
    assert r.code == 0, r.err
    assert goal_count(db_path) == 7


def test_a_damaged_database_is_not_backed_up(capsys, tmp_path):
    from tests.storage.test_creation import damage

    path = tmp_path / "goals.db"
    make_goaltui_db(path)
    damage(path)
    target = tmp_path / "copy.db"
    line = cli(capsys, "--db", str(path), "backup", str(target)).assert_failed(1)
    assert "damaged" in line
    assert f"cp BACKUP.db {path} && rm -f {path}-wal {path}-shm" in line
    assert not target.exists()
    assert [n for n in os.listdir(tmp_path) if "copy" in n] == []


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_backup_stopped_by_a_full_disk_leaves_no_file(demo_db, tmp_path):
    target = tmp_path / "copy.db"
    done = subprocess.run(
        [sys.executable, "-m", "goaltui", "--db", str(demo_db), "backup", str(target)],
        capture_output=True,
        text=True,
        preexec_fn=_limit_file_size(32 * 1024),  # the demo database is about 100 kB
        timeout=60,
    )
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert len(done.stderr.splitlines()) == 1, done.stderr
    assert f"cannot write the backup {target}" in done.stderr
    assert "no backup was made" in done.stderr
    assert not target.exists()
    assert [n for n in os.listdir(tmp_path) if "copy" in n] == []
