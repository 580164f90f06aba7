"""One app factory for every UI test: a throwaway database, a fixed clock."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

import pytest

from goaltui.domain.clock import FixedClock
from goaltui.storage.paths import DbUrl
from goaltui.ui.app import GoalApp
from tests.conftest import TODAY as TEMPLATE_DAY

TODAY = date(2026, 11, 22)


@pytest.fixture
def ui_clock() -> FixedClock:
    return FixedClock(TODAY)


def make_db(path: Path | DbUrl, clock: FixedClock, demo: bool) -> Path | DbUrl:
    from goaltui.services import GoalService
    from goaltui.services import demo as demo_data

    svc = GoalService.open(path, clock)
    try:
        if demo:
            demo_data.load(svc)
    finally:
        svc.close()
    return path


#: ``@ON_BOTH_ENGINES`` runs a test's ``make_app`` on SQLite and on PostgreSQL
#: (skipped, saying why, without a server: see tests/postgres.py).
ON_BOTH_ENGINES = pytest.mark.parametrize(
    "engine", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    """The engine ``make_app`` uses: SQLite unless a module asks for both."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def make_app(
    request: pytest.FixtureRequest, tmp_path: Path, ui_clock: FixedClock, engine: str
) -> Iterator[Callable[..., GoalApp]]:
    """``make_app(demo=True)``: a GoalApp on a fresh database (a file in ``tmp_path``,
    or a PostgreSQL database copied from a template holding the same goals)."""
    with ExitStack() as stack:

        def factory(demo: bool = True, name: str = "goals.db") -> GoalApp:
            if engine == "postgres":
                # The templates' goals are made with the same clock as ours.
                assert ui_clock.today() == TEMPLATE_DAY
                templates = request.getfixturevalue("pg_templates")
                url = stack.enter_context(templates.copy("demo" if demo else "schema"))
                where: Path | DbUrl = DbUrl(url, url)
            else:
                where = make_db(tmp_path / name, ui_clock, demo)
            return GoalApp(where, clock=ui_clock, settings_path=tmp_path / "settings.json")

        yield factory


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
