"""Databases for the reliability tests: built through the service, like a user would."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from tests.conftest import TODAY
from tests.reliability.hostile import HOSTILE


def open_service(path: Path):
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService

    return GoalService.open(path, FixedClock(TODAY))


def make_hostile_db(path: Path, strings: list[tuple[str, str]] | None = None) -> Path:
    """One goal per hostile string, which is also its KPI's name, unit, note,
    milestone, step, check-in words, review and revision reason."""
    from goaltui.storage.repository import PlanRows

    strings = HOSTILE if strings is None else strings
    svc = open_service(path)
    try:
        for i, (name, text) in enumerate(strings):
            goal = svc.create_goal(
                PlanRows(
                    goal={
                        "title": f"{text} #{i}",
                        "description": text,
                        "why": text,
                        "resources": text,
                        "start": date(2026, 1, 1),
                        "deadline": date(2026, 12, 31),
                        "confidence": 5,
                    },
                    kpis=[
                        {
                            "name": f"{name}: {text}",
                            "unit": text[:20],
                            "baseline": 0,
                            "target": 100,
                            "cadence": "weekly",
                        }
                    ],
                    milestones=[
                        {
                            "title": f"{text} milestone",
                            "target_date": TODAY - timedelta(days=1),
                            "steps": [{"title": f"{text} step", "due": TODAY}],
                        }
                    ],
                )
            )
            kpi = next(k for k in svc.repo.kpis() if k.goal_id == goal.id)
            for week in range(0, 40, 4):
                svc.record(kpi, float(week * 2), date(2026, 1, 5) + timedelta(weeks=week), text)
            svc.save_checkin(
                {}, [], [{"goal_id": goal.id, "confidence": 6, "wins": text, "obstacles": text}]
            )
            svc.edit_goal(goal.id, {"deadline": date(2027, 1, 31)}, reason=text)
            svc.add_review(
                goal_id=goal.id,
                kind="weekly",
                period_start=TODAY - timedelta(days=7),
                period_end=TODAY,
                worked=text,
                obstacles=text,
                lessons=text,
                next_steps=text,
                rating=3,
            )
    finally:
        svc.close()
    return path
