"""Fixtures of the CLI tests: a closed database file with the demo goals."""

from __future__ import annotations

import pytest

from tests._files import make_goaltui_db


@pytest.fixture
def demo_db(db_path):
    """The demo database (dated 2026-11-22), closed so a command has it to itself.

    A copy of one built per test process: the same file ``demo_service`` makes.
    """
    make_goaltui_db(db_path)
    return db_path
