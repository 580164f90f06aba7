"""The outline read with sqlite3 alone: the same goals as the real storage, or None."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from goaltui.services import GoalService
from goaltui.storage.outline import read_outline
from tests._files import BAD_FILES, BAD_NODES, folder_listing, make_goaltui_db, sidecars, snapshot

FIXTURE = Path(__file__).parent / "fixtures" / "schema-2.db"


def test_same_goals_as_the_repository(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    make_goaltui_db(path)
    svc = GoalService.open(path)
    try:
        expected = svc.goals(include_archived=True)
    finally:
        svc.close()
    assert expected
    assert read_outline(path) == expected


def test_sees_what_another_connection_committed(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    make_goaltui_db(path)
    svc = GoalService.open(path)
    try:
        goal = svc.goals()[0]
        svc.edit_goal(goal.id, {"title": "Renamed while open"})
        outline = read_outline(path)  # the writer is still open: its -wal holds the change
    finally:
        svc.close()
    assert outline is not None
    assert any(g.title == "Renamed while open" for g in outline)


def test_reads_the_committed_schema_fixture_without_touching_it(tmp_path: Path) -> None:
    path = tmp_path / "goals.db"
    shutil.copy(FIXTURE, path)
    before = snapshot(path)
    outline = read_outline(path)
    assert outline
    assert snapshot(path) == before
    assert sidecars(path) == []


def test_no_file_is_none_and_creates_nothing(tmp_path: Path) -> None:
    assert read_outline(tmp_path / "missing.db") is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("kind", sorted(BAD_FILES) + sorted(BAD_NODES))
def test_anything_doubtful_is_none_and_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "goals.db"
    (BAD_FILES.get(kind) or BAD_NODES[kind])(path)
    before = snapshot(path)
    listing = folder_listing(tmp_path)
    assert read_outline(path) is None
    assert snapshot(path) == before
    assert folder_listing(tmp_path) == listing
