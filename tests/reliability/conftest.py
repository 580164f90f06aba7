"""Fixtures of the reliability suite."""

from __future__ import annotations

import pytest

from tests.conftest import TODAY


@pytest.fixture
def app_on(tmp_path):
    """``app_on(path)``: a GoalApp on an existing database, with the fixed clock."""
    from goaltui.domain.clock import FixedClock
    from goaltui.ui.app import GoalApp

    def factory(path, **kw):
        return GoalApp(
            path, clock=FixedClock(TODAY), settings_path=tmp_path / "settings.json", **kw
        )

    return factory


def notifications(app) -> list[str]:
    """Every notification shown so far (title and message)."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def assert_no_crash_notice(app) -> None:
    shown = notifications(app)
    assert not [n for n in shown if "went wrong" in n or "Traceback" in n], shown
    assert not [n for n in shown if "locked" in n.lower()], shown
