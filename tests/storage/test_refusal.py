"""Files that are not goaltui databases are refused and left exactly as they were."""

from __future__ import annotations

import pytest

from goaltui.storage.db import StoreError, open_engine
from tests._files import BAD_FILES, BAD_NODES, folder_listing, sidecars, snapshot


@pytest.mark.parametrize("create", [True, False], ids=["create", "open"])
@pytest.mark.parametrize("kind", sorted(BAD_FILES) + sorted(BAD_NODES))
def test_refused_and_untouched(tmp_path, kind, create):
    path = tmp_path / "goals.db"
    (BAD_FILES.get(kind) or BAD_NODES[kind])(path)
    before = snapshot(path)
    listing = folder_listing(tmp_path)
    with pytest.raises(StoreError) as info:
        engine = open_engine(path, create=create)
        engine.dispose()  # pragma: no cover - only reached if the file was accepted
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message or "goals.db" in message
    assert snapshot(path) == before
    assert sidecars(path) == []
    assert folder_listing(tmp_path) == listing


def test_newer_schema_message_says_to_upgrade(tmp_path):
    path = tmp_path / "goals.db"
    BAD_FILES["newer-schema"](path)
    with pytest.raises(StoreError, match="newer goaltui"):
        open_engine(path)


def test_other_application_message(tmp_path):
    path = tmp_path / "goals.db"
    BAD_FILES["other-app-sqlite"](path)
    with pytest.raises(StoreError, match="not a goaltui database"):
        open_engine(path)
