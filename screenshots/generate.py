"""Regenerate the README screenshots from the demo data: ``python screenshots/generate.py``.

Each shot runs the real app headless at 120x36 on a fresh demo database with a
fixed clock, presses the keys a person would, and saves an SVG beside this file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from goaltui.services import demo  # noqa: E402
from goaltui.domain.clock import FixedClock  # noqa: E402
from goaltui.services import GoalService  # noqa: E402
from goaltui.ui.app import GoalApp  # noqa: E402

CLOCK = FixedClock(date(2026, 11, 22))


async def press(pilot: Any, *keys: str) -> None:
    """Press keys one by one, letting the app settle after each."""
    for key in keys:
        await pilot.press(key)
        await settle(pilot.app, pilot)


async def wizard_at(step: int) -> Callable[[Any], Awaitable[None]]:
    """Walk the wizard as its tests do (the traffic goal), up to ``step``."""
    from tests.ui.test_wizard import _traffic_until

    async def run(pilot: Any) -> None:
        await _traffic_until(pilot, step)

    return run


#: name -> what a person does once the Goals screen has loaded
SHOTS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "goals": lambda p: press(p, "down"),
    "timeline": lambda p: press(p, "2"),
    "kpis": lambda p: press(p, "3"),
    "kpi-detail": lambda p: press(p, "3", "down", "enter"),
    "checkin": lambda p: press(p, "4"),
    "review": lambda p: press(p, "5"),
}
WIZARD_STEPS = {"wizard-smart": 1, "wizard-reverse": 6}


async def settle(app: GoalApp, pilot: Any) -> None:
    """Wait until no worker runs and the screen has refreshed."""
    deadline = time.monotonic() + 10
    for _ in range(3):
        await pilot.pause(0.05)
        while any(w.is_running for w in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.02)


async def shoot(name: str, folder: Path) -> None:
    """Save ``screenshots/<name>.svg`` from a fresh demo database."""
    db = folder / f"{name}.db"
    svc = GoalService.open(db, CLOCK)
    demo.load(svc)
    svc.close()
    app = GoalApp(db, clock=CLOCK, settings_path=folder / "settings.json")
    action = SHOTS.get(name) or await wizard_at(WIZARD_STEPS[name])
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        await action(pilot)
        await settle(app, pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or [*SHOTS, *WIZARD_STEPS]:
            await shoot(name, Path(tmp))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
