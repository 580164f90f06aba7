"""The goal detail, the review evidence and the report agree on a goal's confidence."""

from __future__ import annotations

from datetime import date, datetime

from goaltui.services.evidence import review_evidence
from goaltui.services.exchange import to_markdown
from goaltui.ui.widgets.evidence_text import evidence_lines
from goaltui.ui.widgets.goal_detail import render_detail

NOW = datetime(2026, 11, 2, 9, 0)
TODAY = date(2026, 11, 22)  # the clock of the ``service`` fixture
WEEK = (date(2026, 11, 16), TODAY)


def planned_goal(svc, title: str, confidence: int | None = 8):
    return svc.repo.add(
        "goal",
        now=NOW,
        title=title,
        start=date(2026, 11, 1),
        deadline=date(2027, 3, 31),
        confidence=confidence,
    )


def test_detail_and_evidence_show_the_same_confidence(service):
    goal = planned_goal(service, "Run a marathon")
    add = service.repo.add
    add("checkin", goal_id=goal.id, day=date(2026, 11, 10), confidence=9)
    add("checkin", goal_id=goal.id, day=date(2026, 11, 18), confidence=7)
    add("checkin", goal_id=goal.id, day=date(2026, 11, 20), confidence=6)
    add("checkin", goal_id=goal.id, day=date(2026, 11, 20), confidence=7)  # the day's last
    add("checkin", goal_id=goal.id, day=date(2026, 11, 21), wins="long run")  # no confidence

    detail = service.detail(goal.id)
    assert detail.confidence == (date(2026, 11, 20), 7, "check-in")
    [ev] = review_evidence(service, *WEEK, goal.id)
    # in force as the week began: the check-in of the 10th; then the week's two days
    assert [(e.day.day, e.value) for e in ev.confidence] == [(10, 9), (18, 7), (20, 7)]
    assert ev.confidence[-1] == detail.confidence

    pane = render_detail(detail, None, TODAY).plain
    assert "Confidence: 7/10 (check-in 20 Nov)" in pane
    assert "confidence" not in pane.split("Last check-in")[1]  # one figure only
    assert "Confidence falling: 9 → 7 (from 9 check-in 10 Nov)" in (evidence_lines([ev]).plain)
    assert "- Confidence: 7/10 (check-in 20 Nov)" in to_markdown(service)


def test_the_planning_value_until_a_checkin_gives_another(service):
    goal = planned_goal(service, "Learn Spanish")
    detail = service.detail(goal.id)
    assert detail.confidence == (date(2026, 11, 1), 8, "set when planned")
    [ev] = review_evidence(service, *WEEK, goal.id)
    assert list(ev.confidence) == [detail.confidence]
    assert "Confidence: 8/10 (set when planned)" in render_detail(detail, None, TODAY).plain
    assert "Confidence 8 (set when planned)" in evidence_lines([ev]).plain
    assert "- Confidence: 8/10 (set when planned)" in to_markdown(service)

    service.repo.add("checkin", goal_id=goal.id, day=date(2026, 11, 19), confidence=7)
    service.repo.add("checkin", goal_id=goal.id, day=date(2026, 11, 21), confidence=7)
    [ev] = review_evidence(service, *WEEK, goal.id)
    assert [e.value for e in ev.confidence] == [8, 7, 7]
    assert "Confidence falling: 8 → 7 (from 8 set when planned)" in (evidence_lines([ev]).plain)
    assert ev.confidence[-1] == service.detail(goal.id).confidence


def test_a_goal_never_rated(service):
    goal = planned_goal(service, "Tidy the garage", confidence=None)
    detail = service.detail(goal.id)
    assert detail.confidence is None
    [ev] = review_evidence(service, *WEEK, goal.id)
    assert ev.confidence == ()
    assert "Confidence: not rated" in render_detail(detail, None, TODAY).plain
    assert "Confidence" not in evidence_lines([ev]).plain
    assert "Confidence" not in to_markdown(service)


def test_every_demo_goal_agrees(demo_service):
    svc = demo_service
    today = svc.clock.today()
    for ev in review_evidence(svc, date(2026, 11, 16), today):
        detail = svc.detail(ev.goal.id)
        assert (ev.confidence[-1] if ev.confidence else None) == detail.confidence


def test_detail_and_report_show_the_latest_with_its_date_and_the_trend(service):
    # Planned at 7, then check-ins of 6, 7 and 8: the latest is the check-in's 8.
    goal = planned_goal(service, "Run a half marathon", confidence=7)
    add = service.repo.add
    add("checkin", goal_id=goal.id, day=date(2026, 11, 17), confidence=6)
    add("checkin", goal_id=goal.id, day=date(2026, 11, 19), confidence=7)
    add("checkin", goal_id=goal.id, day=date(2026, 11, 21), confidence=8)
    pane = render_detail(service.detail(goal.id), None, TODAY).plain
    assert "Confidence: 8/10 (check-in 21 Nov), trend 6 → 7 → 8" in pane
    assert "7/10" not in pane  # the plan's figure is not shown as if current
    report = to_markdown(service)
    assert "- Confidence: 8/10 (check-in 21 Nov), trend 6 → 7 → 8" in report
    assert "7/10" not in report
