"""One app factory for every UI test: a throwaway database, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.ui.app import GoalApp

TODAY = date(2026, 11, 22)


@pytest.fixture
def ui_clock() -> FixedClock:
    return FixedClock(TODAY)


def make_db(path: Path, clock: FixedClock, demo: bool) -> Path:
    from goaltui.services import GoalService
    from goaltui.services import demo as demo_data

    svc = GoalService.open(path, clock)
    try:
        if demo:
            demo_data.load(svc)
    finally:
        svc.close()
    return path


@pytest.fixture
def make_app(tmp_path: Path, ui_clock: FixedClock) -> Callable[..., GoalApp]:
    """``make_app(demo=True)``: a GoalApp on a fresh database in ``tmp_path``."""

    def factory(demo: bool = True, name: str = "goals.db") -> GoalApp:
        db = make_db(tmp_path / name, ui_clock, demo)
        return GoalApp(db, clock=ui_clock, settings_path=tmp_path / "settings.json")

    return factory


async def wait_idle(pilot, app: GoalApp, rounds: int = 3, limit: float = 10.0) -> None:
    """Let workers finish (those cancelled by newer ones included) and the screen settle."""
    import time

    deadline = time.monotonic() + limit
    for _ in range(rounds):
        await pilot.pause(0.02)
        while any(w.is_running for w in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.02)
    await pilot.pause()


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text cursors do not blink in tests, so snapshots never catch one mid-blink."""
    from textual.widgets import Input

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
