"""Damaged or foreign files given to any command: one line, exit 1, nothing changed."""

from __future__ import annotations

import pytest

from tests._files import BAD_FILES, BAD_NODES, folder_listing, sidecars, snapshot
from tests.cli.helpers import cli, run_procs

KINDS = sorted(BAD_FILES) + sorted(BAD_NODES)
COMMANDS = {
    "list": ["list"],
    "due": ["due"],
    "demo": ["demo", "--force"],
    "checkin": ["checkin", "Weekly visits", "42"],
    "export": ["export", "json"],
    "backup": ["backup"],
}


def make(tmp_path, kind):
    path = tmp_path / "goals.db"
    (BAD_FILES.get(kind) or BAD_NODES[kind])(path)
    return path


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("kind", KINDS)
def test_in_process(capsys, tmp_path, kind, command):
    path = make(tmp_path, kind)
    before = snapshot(path)
    listing = folder_listing(tmp_path)
    r = cli(capsys, "--db", str(path), *COMMANDS[command])
    line = r.assert_failed(1)
    assert "unexpected" not in line
    assert r.out == ""
    assert snapshot(path) == before
    assert sidecars(path) == []
    assert folder_listing(tmp_path) == listing


def test_import_into_a_foreign_file(capsys, tmp_path):
    path = make(tmp_path, "other-app-sqlite")
    export = tmp_path / "export.json"
    export.write_text('{"format": "goaltui", "version": 1, "tables": {}}')
    before = snapshot(path)
    line = cli(capsys, "--db", str(path), "import", str(export)).assert_failed(1)
    assert "not a goaltui database" in line
    assert snapshot(path) == before


#: One of each family of refusal, run as real processes (the in-process test covers all).
PROCESS_KINDS = [
    "newer-schema-wal",
    "random-bytes",
    "truncated-half-page-aligned",
    "other-app-sqlite",
    "fifo",
    "dangling-symlink",
]


def test_as_a_process(tmp_path):
    """The real command, processes started at once: exit code 1, one line on stderr,
    no traceback, nothing written."""
    paths = {}
    for kind in PROCESS_KINDS:
        (tmp_path / kind).mkdir()
        paths[kind] = make(tmp_path / kind, kind)
    before = {kind: snapshot(p) for kind, p in paths.items()}
    listings = {kind: folder_listing(p.parent) for kind, p in paths.items()}
    results = run_procs([["--db", str(paths[kind]), "demo", "--force"] for kind in PROCESS_KINDS])
    for kind, done in zip(PROCESS_KINDS, results, strict=True):
        err = done.err.decode()
        assert done.code == 1, (kind, err)
        assert "Traceback" not in err, kind
        lines = err.splitlines()
        assert len(lines) == 1, (kind, lines)
        assert lines[0].startswith("goaltui: "), kind
        assert done.out == b"", kind
        assert snapshot(paths[kind]) == before[kind], kind
        assert sidecars(paths[kind]) == [], kind
        assert folder_listing(paths[kind].parent) == listings[kind], kind
