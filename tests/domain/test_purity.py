"""The domain stays pure: nothing heavy loaded, no hidden clock, public names in place.

What the domain may import is pyproject's import-linter contracts (tests/test_architecture.py).
"""

import subprocess
import sys
from pathlib import Path

import goaltui.domain

DOMAIN = Path(goaltui.domain.__file__).parent
MODULES = sorted(DOMAIN.glob("*.py"))


def test_importing_the_domain_loads_no_ui_or_database() -> None:
    code = (
        "import sys, goaltui.domain\n"
        "bad = {'textual', 'rich', 'sqlmodel', 'sqlalchemy', 'plotext', 'platformdirs'}\n"
        "print(sorted(bad & {name.split('.')[0] for name in sys.modules}))\n"
    )
    root = str(DOMAIN.parents[1])
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip() == "[]"


def test_only_the_clock_asks_the_system_for_today() -> None:
    for path in MODULES:
        if path.name == "clock.py":
            continue
        text = path.read_text(encoding="utf-8")
        for call in ("today()", "now()", "utcnow()", "time.time("):
            assert call not in text, f"{path.name} calls {call}"


def test_every_public_name_is_exported() -> None:
    for name in goaltui.domain.__all__:
        assert getattr(goaltui.domain, name) is not None
    expected = {
        "parse_number", "parse_date", "parse_int_in_range",
        "period_start", "period_end", "next_period", "periods_between", "aggregate",
        "History", "Pace", "Pause", "build_pace",
        "achieved_rate_per_week", "required_rate_per_week",
        "solve_plan", "read_kpi", "worst_status", "TOLERANCE",
        "milestone_progress", "goal_progress", "Node", "rollup",
        "StepDraft", "MilestoneDraft", "KpiDraft", "GoalDraft", "Verdict", "SmartReport",
        "smart_check", "spread_evenly", "ScheduleProblem", "check_milestones", "check_steps",
        "chronological", "Goal", "Kpi", "KpiReading", "Clock", "FixedClock", "SystemClock",
    }  # fmt: skip
    assert expected <= set(goaltui.domain.__all__)
