"""Reviews of all goals are shown wherever reviews are; x writes the review in view;
Esc leaves the reflection's fields."""

from __future__ import annotations

import os
import stat
from datetime import date

from textual.widgets import Input

from goaltui.services import GoalService
from goaltui.services.exchange import review_markdown, to_markdown
from goaltui.ui.screens.timeline import TimelineScreen
from tests.ui.conftest import TODAY, wait_idle
from tests.ui.test_review import evidence, open_review

WEEK = (date(2026, 11, 16), TODAY)


def add_general_review(app) -> None:
    svc = GoalService.open(app.db_path, app.clock)
    try:
        svc.add_review(
            goal_id=None,
            kind="weekly",
            period_start=WEEK[0],
            period_end=WEEK[1],
            worked="Mornings kept free",
            rating=4,
        )
    finally:
        svc.close()


async def test_a_review_of_all_goals_is_listed_for_all_and_for_one(make_app):
    app = make_app()
    add_general_review(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        text = evidence(screen)
        assert "Earlier reviews of all goals together:" in text
        assert "weekly 2026-11-16 to 2026-11-22, rated 4/5" in text
        assert "Mornings kept free" in text
        screen.goal_id = 3
        screen.reload()
        await wait_idle(pilot, app)
        text = evidence(screen)
        assert "Increase website traffic" in text
        assert "Earlier reviews of all goals together (not only this one):" in text
        assert "Mornings kept free" in text


def test_the_report_has_an_all_goals_section(demo_service):
    demo_service.add_review(
        goal_id=None, kind="weekly", period_start=WEEK[0], period_end=WEEK[1], lessons="Less"
    )
    report = to_markdown(demo_service)
    section = report.split("## All goals\n", 1)[1]
    assert "- weekly review 2026-11-16 to 2026-11-22\n  - Lessons: Less" in section


async def test_escape_leaves_the_reflection_so_keys_work_again(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        field = screen.query_one("#review-worked", Input)
        field.focus()
        await pilot.press(*"ok", "escape")
        await wait_idle(pilot, app)
        assert app.focused is screen.query_one("#review-evidence")
        await pilot.press("escape")  # a second Esc: nothing more to close
        await pilot.press("2")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, TimelineScreen)
        assert field.value == "ok"


async def test_x_writes_the_review_in_view(make_app):
    app = make_app()
    add_general_review(app)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_review(pilot, app)
        screen.goal_id = 3
        screen.reload()
        await wait_idle(pilot, app)
        screen.query_one("#review-lessons", Input).value = "Post on *Tuesdays*"
        await pilot.press("x")
        await wait_idle(pilot, app)
    [path] = sorted(app.db_path.parent.glob("goaltui-review-*.md"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Review of 2026-11-16 to 2026-11-22\n\n- Goals: Increase website")
    assert "## Advance from Team Lead" not in text  # only the goal in view
    # One goal's review is the report its partner gets: its SMART statement too.
    assert "- Specific: From 10,000 to 12,000 weekly visits" in text
    assert "## All goals" in text and "Mornings kept free" in text
    assert "## Reflection not saved yet" in text
    assert "- Lessons: Post on \\*Tuesdays\\*" in text


def test_a_review_report_starts_from_the_value_as_the_period_began(service):
    svc = service
    goal = svc.repo.add(
        "goal", title="Run a half marathon", start=date(2026, 10, 1), deadline=date(2027, 3, 1)
    )
    kpi = svc.add_kpi(goal.id, name="Long run", unit="km", baseline=5, target=21, cadence="weekly")
    for day, value in ((date(2026, 10, 5), 8), (date(2026, 11, 10), 12), (date(2026, 11, 20), 14)):
        svc.record(kpi, value, day)
    svc.add_review(
        goal_id=goal.id, kind="weekly", period_start=WEEK[0], period_end=WEEK[1], worked="Hills"
    )
    text = review_markdown(svc, *WEEK, goal.id)
    # start: the value in force as the week began (12 on the 10th), not 8 or the baseline 5
    assert "| Long run | 12 km | 14 km | 21 km |" in text
    assert "Reflection:\n\n- weekly review 2026-11-16 to 2026-11-22\n  - What worked: Hills" in text
