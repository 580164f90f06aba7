"""Fixtures shared by the storage and CLI tests.

goaltui modules are imported inside the fixtures, so a test module that does not
use them is not affected by an import problem elsewhere.
"""

from __future__ import annotations

from datetime import date

import pytest

TODAY = date(2026, 11, 22)


@pytest.fixture(autouse=True)
def _private_env(tmp_path_factory, monkeypatch):
    """Never let a test see or touch the real data folder, config or $GOALTUI_DB."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("GOALTUI_DB", str(home / "env-goaltui.db"))


@pytest.fixture
def clock():
    from goaltui.domain.clock import FixedClock

    return FixedClock(TODAY)


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "goals.db"


@pytest.fixture
def service(db_path, clock):
    from goaltui.services import GoalService

    svc = GoalService.open(db_path, clock)
    yield svc
    svc.close()


@pytest.fixture
def demo_service(service):
    from goaltui.services import demo

    demo.load(service)
    return service
