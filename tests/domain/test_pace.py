"""The plan clock (Stops), the piecewise line on it (Road) and build_pace, by hand.

Every expected figure was worked out on paper from README's "How the numbers are
worked out" and the docstrings of ``goaltui/domain/pace.py``. ``J`` is the ordinal of
2026-01-01; ``J + N`` is the day N days later. Useful days of 2026 (N from 01-01):
01-11 = 10, 01-21 = 20, 02-01 = 31, 02-10 = 40, 03-01 = 59, 03-02 = 60, 04-11 = 100,
05-01 = 120, 05-11 = 130, 05-21 = 140, 06-01 = 151, 07-01 = 181, 07-11 = 191,
08-01 = 212, 12-31 = 364; 2027-01-31 = 395.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest

from goaltui.domain.models import Cadence, Goal, Kpi, KpiKind, Pause, Revision
from goaltui.domain.pace import Road, Stops, build_pace


def d(text: str) -> date:
    return date.fromisoformat(text)


def o(text: str) -> int:
    return d(text).toordinal()


J = o("2026-01-01")


def goal(start: str, deadline: str | None) -> Goal:
    return Goal(id=1, title="G", start=d(start), deadline=None if deadline is None else d(deadline))


def kpi(baseline: float, target: float, kind: KpiKind = KpiKind.INCREASE) -> Kpi:
    return Kpi(
        id=7,
        goal_id=1,
        name="K",
        unit="u",
        baseline=baseline,
        target=target,
        kind=kind,
        cadence=Cadence.WEEKLY,
    )


def revision(rid: int, entity: str, field: str, old: str, new: str, at: datetime) -> Revision:
    return Revision(
        id=rid,
        entity=entity,
        entity_id=7 if entity == "kpi" else 1,
        goal_id=1,
        field=field,
        old=old,
        new=new,
        reason="because",
        at=at,
    )


def pause(start: str, end: str | None) -> Pause:
    return Pause(1, d(start), None if end is None else d(end))


def knots_close(got: tuple[tuple[int, float], ...], wanted: list[tuple[int, float]]) -> None:
    assert [x for x, _ in got] == [x for x, _ in wanted]
    assert [y for _, y in got] == pytest.approx([y for _, y in wanted])


def line_close(got: tuple[tuple[date, float], ...], wanted: list[tuple[str, float]]) -> None:
    assert [day for day, _ in got] == [d(day) for day, _ in wanted]
    assert [y for _, y in got] == pytest.approx([y for _, y in wanted])


MAR_MAY = pause("2026-03-01", "2026-05-01")  # 03-01..04-30: 31 + 30 = 61 days
JULY = pause("2026-07-01", "2026-07-11")  # 07-01..07-10: 10 days


# ---------------------------------------------------------------------------------------------
# Stops
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pauses", "today", "spans", "total"),
    [
        pytest.param([], "2026-06-01", (), 0, id="none"),
        pytest.param([MAR_MAY], "2026-06-01", ((J + 59, J + 120),), 61, id="one"),
        pytest.param(
            [JULY, MAR_MAY],
            "2026-08-01",
            ((J + 59, J + 120), (J + 181, J + 191)),
            71,
            id="two-sorted",
        ),
        pytest.param(
            [pause("2026-03-01", "2026-03-11"), pause("2026-03-05", "2026-03-20")],
            "2026-06-01",
            ((J + 59, J + 78),),  # 03-01..03-19: 19 days
            19,
            id="overlap-merged",
        ),
        pytest.param(
            [pause("2026-03-01", "2026-03-11"), pause("2026-03-11", "2026-03-15")],
            "2026-06-01",
            ((J + 59, J + 73),),  # 03-01..03-14: 14 days
            14,
            id="touching-merged",
        ),
        pytest.param(
            [pause("2026-03-01", None)],
            "2026-03-11",
            ((J + 59, J + 69),),  # still paused: 03-01..03-10 so far
            10,
            id="running",
        ),
        pytest.param(
            [pause("2026-03-01", "2026-04-01")],
            "2026-03-11",
            ((J + 59, J + 69),),  # what comes after today is not known yet
            10,
            id="ends-after-today",
        ),
        pytest.param([pause("2026-04-01", "2026-04-10")], "2026-03-15", (), 0, id="future"),
        pytest.param([pause("2026-03-01", "2026-03-01")], "2026-06-01", (), 0, id="empty"),
    ],
)
def test_stops_of(pauses, today, spans, total) -> None:
    stops = Stops.of(pauses, d(today))
    assert stops.spans == spans
    assert stops.total == total


@pytest.mark.parametrize(
    ("day", "before", "plan"),
    [
        # Two pauses: 61 days from 03-01, 10 from 07-01.
        ("2026-02-28", 0, J + 58),
        ("2026-03-01", 0, J + 59),  # the first paused day: nothing paused *before* it
        ("2026-03-02", 1, J + 59),
        ("2026-04-01", 31, J + 59),
        ("2026-05-01", 61, J + 59),  # resumed: the clock shows what it showed on 03-01
        ("2026-05-02", 61, J + 60),
        ("2026-07-05", 65, J + 120),  # 61 + 4; 185 - 65
        ("2026-08-01", 71, J + 141),  # 212 - 71
        ("2026-12-31", 71, J + 293),
    ],
)
def test_stops_paused_before_and_plan(day, before, plan) -> None:
    stops = Stops.of([MAR_MAY, JULY], d("2026-12-31"))
    assert stops.paused_before(d(day)) == before
    assert stops.plan(d(day)) == plan


@pytest.mark.parametrize(
    ("plan", "calendar"),
    [
        (J + 58, J + 58),  # before any pause
        (J + 59, J + 59),  # the exact plan time of a pause's start: its first day
        (J + 59.25, J + 120.25),  # just after: past the first pause (+61)
        (J + 60, J + 121),  # 05-02
        (J + 120, J + 181),  # 07-01, the second pause's first day
        (J + 121, J + 192),  # past both (+71): 07-12
        (J + 293, J + 364),  # 12-31
    ],
)
def test_stops_calendar(plan, calendar) -> None:
    stops = Stops.of([MAR_MAY, JULY], d("2026-12-31"))
    assert stops.calendar(plan) == pytest.approx(calendar)


def test_stops_without_pauses_are_the_calendar() -> None:
    stops = Stops()
    assert stops.plan(d("2026-03-01")) == J + 59
    assert stops.calendar(J + 59.5) == J + 59.5
    assert stops.paused_before(d("2026-03-01")) == 0


# ---------------------------------------------------------------------------------------------
# Road
# ---------------------------------------------------------------------------------------------

UP = Road(((0, 0.0), (10, 100.0)))  # 10 a unit
STEP = Road(((0, 0.0), (10, 100.0), (20, 100.0), (30, 200.0)))  # flat from 10 to 20
DOWN = Road(((0, 100.0), (10, 0.0)))
FLAT = Road(((0, 5.0), (10, 5.0)))


@pytest.mark.parametrize(
    ("road", "plan", "value"),
    [
        (UP, -5, 0.0),  # held before the first knot
        (UP, 0, 0.0),
        (UP, 2.5, 25.0),
        (UP, 10, 100.0),
        (UP, 15, 100.0),  # held after the last
        (STEP, 15, 100.0),
        (STEP, 25, 150.0),  # 100 + 5/10 * 100
        (DOWN, 7, 30.0),
    ],
)
def test_road_value(road, plan, value) -> None:
    assert road.value(plan) == pytest.approx(value)


@pytest.mark.parametrize(
    ("road", "value", "plan", "rising", "found"),
    [
        pytest.param(UP, 70, 5, True, 7.0, id="ahead-forward"),  # line at 70 on 7
        pytest.param(UP, 50, 5, True, 5.0, id="on-the-line"),
        pytest.param(UP, 30, 5, True, 3.0, id="behind-backward"),
        pytest.param(UP, 150, 5, True, 15.0, id="past-the-end-extended"),  # 10 a unit on
        pytest.param(UP, 150, 12, True, 15.0, id="searched-from-past-the-end"),
        pytest.param(UP, -20, 5, True, -2.0, id="before-the-start-extended"),
        pytest.param(STEP, 150, 5, True, 25.0, id="forward-over-a-flat-stretch"),
        pytest.param(STEP, 100, 15, True, 15.0, id="on-a-flat-stretch"),
        pytest.param(STEP, 90, 15, True, 9.0, id="backward-over-a-flat-stretch"),
        pytest.param(DOWN, 30, 5, False, 7.0, id="falling-ahead"),  # 100 - 10 * 7 = 30
        pytest.param(DOWN, 70, 5, False, 3.0, id="falling-behind"),
        pytest.param(DOWN, -10, 5, False, 11.0, id="falling-past-the-end"),
        pytest.param(DOWN, 110, 5, False, -1.0, id="falling-before-the-start"),
        pytest.param(FLAT, 6, 3, True, None, id="flat-above-no-slope"),
        pytest.param(FLAT, 4, 3, True, None, id="flat-below-no-slope"),
        pytest.param(FLAT, 5, 3, True, 3.0, id="flat-on-it"),
    ],
)
def test_road_reaches(road, value, plan, rising, found) -> None:
    got = road.reaches(value, plan, rising)
    if found is None:
        assert got is None
    else:
        assert got == pytest.approx(found)


def test_road_ends() -> None:
    assert (STEP.start, STEP.end) == (0, 30)


# ---------------------------------------------------------------------------------------------
# build_pace
# ---------------------------------------------------------------------------------------------

HUNDRED = goal("2026-01-01", "2026-04-11")  # 100 days; 0 -> 100 is 1 a day


def at(day: str, hour: int = 9) -> datetime:
    return datetime.combine(d(day), datetime.min.time()).replace(hour=hour)


def test_plain_line() -> None:
    pace = build_pace(kpi(0, 100), HUNDRED)
    knots_close(pace.road.knots, [(J, 0), (J + 100, 100)])
    assert pace.end_day == d("2026-04-11")
    assert pace.original is None
    assert pace.original_line is None
    line_close(pace.line.points, [("2026-01-01", 0), ("2026-04-11", 100)])
    assert pace.value(d("2026-01-21")) == pytest.approx(20.0)


def test_no_deadline_runs_a_year() -> None:
    pace = build_pace(kpi(0, 365), goal("2026-01-01", None))
    knots_close(pace.road.knots, [(J, 0), (J + 365, 365)])
    assert pace.end_day == d("2027-01-01")


def test_stay_line_is_the_bound() -> None:
    pace = build_pace(kpi(5, 4, KpiKind.STAY_BELOW), goal("2026-01-01", "2026-12-31"))
    knots_close(pace.road.knots, [(J, 4), (J + 364, 4)])
    line_close(pace.line.points, [("2026-01-01", 4), ("2026-12-31", 4)])


CHAIN = (
    revision(1, "kpi", "target", "100", "150", at("2026-01-21")),
    revision(2, "goal", "deadline", "2026-04-11", "2026-05-21", at("2026-02-10")),
    revision(3, "kpi", "baseline", "0", "10", at("2026-03-02")),
)
# First plan (J, 0) -> (J+100, 100).
# 01-21 (J+20) target 150: from (J+20, 20) to (J+100, 150), 130/80 = 1.625 a day.
# 02-10 (J+40) deadline 05-21: from (J+40, 20 + 20 * 1.625 = 52.5) to (J+140, 150),
#   97.5/100 = 0.975 a day.
# 03-02 (J+60) baseline 10: from (J+60, 52.5 + 20 * 0.975 = 72) to (J+140, 150):
#   78/80 = 0.975, the same line.
CHAIN_KNOTS = [(J, 0), (J + 20, 20), (J + 40, 52.5), (J + 60, 72), (J + 140, 150)]


@pytest.mark.parametrize(
    "revisions",
    [
        pytest.param(CHAIN, id="in-order"),
        pytest.param(CHAIN[::-1], id="given-reversed-ordered-by-time"),
        pytest.param(
            (
                *CHAIN,
                Revision(9, "kpi", 99, 1, "target", "5", "500", "other KPI", at("2026-01-25")),
                Revision(10, "milestone", 3, 1, "target_date", "x", "y", "m", at("2026-01-26")),
            ),
            id="other-kpis-and-milestones-ignored",
        ),
    ],
)
def test_revisions_chain(revisions) -> None:
    pace = build_pace(kpi(10, 150), goal("2026-01-01", "2026-05-21"), revisions)
    knots_close(pace.road.knots, CHAIN_KNOTS)
    assert pace.original is not None
    knots_close(pace.original.knots, [(J, 0), (J + 100, 100)])
    assert pace.end_day == d("2026-05-21")
    line_close(
        pace.line.points,
        [
            ("2026-01-01", 0),
            ("2026-01-21", 20),
            ("2026-02-10", 52.5),
            ("2026-03-02", 72),
            ("2026-05-21", 150),
        ],
    )
    # 03-12 (J+70): 72 + 10 * 0.975 = 81.75.
    assert pace.value(d("2026-03-12")) == pytest.approx(81.75)


def test_revisions_made_together_count_as_one() -> None:
    together = (
        revision(1, "kpi", "target", "100", "150", at("2026-01-21")),
        revision(2, "goal", "deadline", "2026-04-11", "2026-05-21", at("2026-01-21")),
    )
    pace = build_pace(kpi(0, 150), goal("2026-01-01", "2026-05-21"), together)
    # One new line from (J+20, 20) to (J+140, 150).
    knots_close(pace.road.knots, [(J, 0), (J + 20, 20), (J + 140, 150)])


def test_target_revised_before_the_start_redraws() -> None:
    # Start 02-01 (F), deadline 05-12 = F + 100 (28 + 31 + 30 + 11); 0 -> 100 first.
    f = o("2026-02-01")
    revs = (revision(1, "kpi", "target", "100", "200", at("2026-01-15")),)
    pace = build_pace(kpi(0, 200), goal("2026-02-01", "2026-05-12"), revs)
    knots_close(pace.road.knots, [(f, 0), (f + 100, 200)])  # no bend: drawn anew
    assert pace.original is not None
    knots_close(pace.original.knots, [(f, 0), (f + 100, 100)])
    assert pace.value(d("2026-02-11")) == pytest.approx(20.0)  # 10 days at 2 a day


def test_start_revised_before_the_start_redraws() -> None:
    revs = (revision(1, "goal", "start", "2026-02-01", "2026-03-01", at("2026-01-20")),)
    pace = build_pace(kpi(0, 100), goal("2026-03-01", "2026-05-12"), revs)
    # From the new start 03-01 (F + 28) to 05-12 (F + 100).
    knots_close(pace.road.knots, [(o("2026-03-01"), 0), (o("2026-05-12"), 100)])
    line_close(pace.line.points, [("2026-03-01", 0), ("2026-05-12", 100)])
    assert pace.original is not None
    knots_close(pace.original.knots, [(o("2026-02-01"), 0), (o("2026-05-12"), 100)])


def test_pause_stretches_the_line() -> None:
    pace = build_pace(kpi(0, 100), HUNDRED, pauses=[MAR_MAY], today=d("2026-06-01"))
    knots_close(pace.road.knots, [(J, 0), (J + 100, 100)])  # the plan clock does not see it
    assert pace.stops.total == 61
    assert pace.end_day == d("2026-06-11")  # 04-11 + 61
    line_close(
        pace.line.points,
        [("2026-01-01", 0), ("2026-03-01", 59), ("2026-05-01", 59), ("2026-06-11", 100)],
    )
    assert pace.value(d("2026-04-01")) == pytest.approx(59.0)  # flat over the pause
    assert pace.value(d("2026-05-11")) == pytest.approx(69.0)  # 130 - 61
    assert pace.value(d("2026-06-11")) == pytest.approx(100.0)


def test_running_pause_freezes_the_line() -> None:
    pace = build_pace(
        kpi(0, 100), HUNDRED, pauses=[pause("2026-03-01", None)], today=d("2026-04-01")
    )
    assert pace.stops.total == 31
    assert pace.end_day == d("2026-05-12")  # 04-11 + 31
    assert pace.value(d("2026-03-15")) == pytest.approx(59.0)
    assert pace.value(d("2026-04-01")) == pytest.approx(59.0)


def test_two_pauses_add_up() -> None:
    pace = build_pace(
        kpi(0, 364), goal("2026-01-01", "2026-12-31"), pauses=[JULY, MAR_MAY], today=d("2026-08-01")
    )
    assert pace.stops.total == 71
    assert pace.end_day == d("2027-03-12")  # 12-31 + 71
    # 07-01 is J+181, plan J+120: the second flat stretch at 120.
    line_close(
        pace.line.points,
        [
            ("2026-01-01", 0),
            ("2026-03-01", 59),
            ("2026-05-01", 59),
            ("2026-07-01", 120),
            ("2026-07-11", 120),
            ("2027-03-12", 364),
        ],
    )


def test_deadline_revised_after_a_pause() -> None:
    # 0 -> 364 over 2026 at 1 a day, paused 03-01..04-30 (61 days). On 05-11 (plan J+69,
    # pace 69) the deadline becomes 2027-01-31: a new line from (J+69, 69) to the target
    # on the new deadline. Read as: the pause moved the deadline then in force; a deadline
    # set after it is the day asked for (plan J+395-61 = J+334, calendar 2027-01-31).
    revs = (revision(1, "goal", "deadline", "2026-12-31", "2027-01-31", at("2026-05-11")),)
    pace = build_pace(
        kpi(0, 364),
        goal("2026-01-01", "2027-01-31"),
        revs,
        pauses=[MAR_MAY],
        today=d("2026-06-01"),
    )
    knots_close(pace.road.knots, [(J, 0), (J + 69, 69), (J + 334, 364)])
    assert pace.end_day == d("2027-01-31")
    line_close(
        pace.line.points,
        [
            ("2026-01-01", 0),
            ("2026-03-01", 59),
            ("2026-05-01", 59),
            ("2026-05-11", 69),
            ("2027-01-31", 364),
        ],
    )


def test_pause_from_the_start_day_figures() -> None:
    # Paused 01-01..01-10 (10 days) from the very start: the line stands still at 0 until
    # 01-11 and ends 10 days late, 04-21.
    pace = build_pace(
        kpi(0, 100), HUNDRED, pauses=[pause("2026-01-01", "2026-01-11")], today=d("2026-02-01")
    )
    assert pace.end_day == d("2026-04-21")
    assert pace.value(d("2026-01-06")) == pytest.approx(0.0)
    assert pace.value(d("2026-01-11")) == pytest.approx(0.0)
    assert pace.value(d("2026-01-21")) == pytest.approx(10.0)  # plan J+10


@pytest.mark.parametrize(
    "paused",
    [
        pytest.param(
            pause("2026-01-01", "2026-01-11"),
            id="pause-from-the-start-day",
        ),
        pytest.param(
            pause("2025-12-22", "2026-01-11"),
            id="pause-from-before-the-start",
        ),
    ],
)
def test_pause_from_the_start_is_drawn_flat(paused) -> None:
    # README: the line runs from the baseline on the goal's start and stands still over a
    # pause (a flat stretch). Paused days from the start: 01-01..01-10, so the line is
    # (01-01, 0), flat to (01-11, 0), then 100 more days at 1 a day to 04-21.
    pace = build_pace(kpi(0, 100), HUNDRED, pauses=[paused], today=d("2026-02-01"))
    assert pace.end_day == d("2026-04-21")
    line_close(pace.line.points, [("2026-01-01", 0), ("2026-01-11", 0), ("2026-04-21", 100)])
