"""Regenerate the README screenshots from the demo data: ``python screenshots/generate.py``.

Each shot runs the real app headless at 120x36 on a fresh demo database with a
fixed clock, presses the keys a person would, and saves an SVG beside this file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from goaltui import demo  # noqa: E402
from goaltui.domain.clock import FixedClock  # noqa: E402
from goaltui.services import GoalService  # noqa: E402
from goaltui.ui.app import GoalApp  # noqa: E402

CLOCK = FixedClock(date(2026, 11, 22))

#: name -> keys pressed after the Goals screen has loaded
SHOTS: dict[str, list[str]] = {
    "goals": ["down", "down"],
    "timeline": ["2"],
    "kpis": ["3"],
    "kpi-detail": ["3", "down", "enter"],
    "checkin": ["4"],
    "review": ["5"],
    "wizard-smart": ["n", *"Improve communication", "ctrl+n"],
    "wizard-reverse": ["n"],
}


async def settle(app: GoalApp, pilot: object) -> None:
    deadline = time.monotonic() + 10
    for _ in range(3):
        await pilot.pause(0.05)  # type: ignore[attr-defined]
        while any(w.is_running for w in app.workers) and time.monotonic() < deadline:
            await pilot.pause(0.02)  # type: ignore[attr-defined]


async def shoot(name: str, keys: list[str], folder: Path) -> None:
    db = folder / f"{name}.db"
    svc = GoalService.open(db, CLOCK)
    demo.load(svc)
    svc.close()
    app = GoalApp(db, clock=CLOCK, settings_path=folder / "settings.json")
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(HERE))
    print(f"screenshots/{name}.svg")


async def main(names: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name in names or list(SHOTS):
            await shoot(name, SHOTS[name], Path(tmp))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
