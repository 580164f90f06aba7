"""Checkpoints bend the pace line: figures worked out by hand.

The running example: a defect rate from 5 % on 2026-01-01 down to 2 % on 2026-12-31,
with a checkpoint of 3.75 % on 2026-06-30 (a 25 % reduction by mid-year: 5 * 0.75).
``J`` is the ordinal of 2026-01-01 and ``J + N`` the day N days later:
03-01 = 59, 04-01 = 90, 04-11 = 100, 06-01 = 151, 06-30 = 180, 08-01 = 212,
10-01 = 273, 12-31 = 364.

First piece: 5 -> 3.75 over 180 days, 1.25 / 180 = 0.0069444 a day.
Second piece: 3.75 -> 2 over 184 days, 1.75 / 184 = 0.0095109 a day.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from goaltui.domain.checkpoints import Mark, checkpoint_problem, propose, reached
from goaltui.domain.kpi import History, read_kpi
from goaltui.domain.models import (
    Aggregation,
    Cadence,
    Goal,
    Kpi,
    KpiKind,
    Pause,
    PeriodValue,
    Revision,
)
from goaltui.domain.pace import build_pace

INC, DEC = KpiKind.INCREASE, KpiKind.DECREASE


def d(text: str) -> date:
    return date.fromisoformat(text)


J = d("2026-01-01").toordinal()
YEAR = Goal(id=1, title="Fewer defects", start=d("2026-01-01"), deadline=d("2026-12-31"))
MID = [(d("2026-06-30"), 3.75)]


def kpi(baseline: float, target: float, kind: KpiKind = DEC) -> Kpi:
    return Kpi(
        id=7,
        goal_id=1,
        name="defect rate",
        unit="%",
        baseline=baseline,
        target=target,
        kind=kind,
        cadence=Cadence.DAILY,
        aggregation=Aggregation.LAST,
    )


def test_line_bends_through_the_checkpoint() -> None:
    pace = build_pace(kpi(5, 2), YEAR, checkpoints=MID)
    assert pace.road.knots == ((J, 5.0), (J + 180, 3.75), (J + 364, 2.0))
    # 04-01 is day 90: 5 - 1.25 * 90 / 180 = 4.375 (a straight line would say
    # 5 - 3 * 90 / 364 = 4.258).
    assert pace.value(d("2026-04-01")) == pytest.approx(4.375)
    assert pace.value(d("2026-06-30")) == pytest.approx(3.75)
    # 08-01 is day 212: 3.75 - 1.75 * 32 / 184 = 3.75 - 0.304348 = 3.445652.
    assert pace.value(d("2026-08-01")) == pytest.approx(3.445652, abs=1e-6)
    assert [p for p in pace.line.points] == [
        (d("2026-01-01"), 5.0),
        (d("2026-06-30"), 3.75),
        (d("2026-12-31"), 2.0),
    ]
    assert pace.original is None


def reading_of(value: float, day: str):  # type: ignore[no-untyped-def]
    on = d(day)
    history = History.whole([PeriodValue(start=on, value=value, count=1, day=on)])
    return read_kpi(kpi(5, 2), YEAR, history, on, checkpoints=MID)


@pytest.mark.parametrize(
    ("value", "day", "expected", "days"),
    [
        # On 06-30 (day 180) the line is at 3.75. 3.5 is lower, so ahead: the line gets
        # there 0.25 / 1.75 * 184 = 26.29 days later, on the second piece: 26 ahead.
        (3.5, "2026-06-30", 3.75, 26),
        # 4.0 on 06-30: the line was at 4.0 on day 180 * 1.0 / 1.25 = 144: 36 behind.
        (4.0, "2026-06-30", 3.75, -36),
        # Across pieces: 3.9 on 08-01 (day 212, line 3.445652) was the line's value on
        # day 180 * 1.1 / 1.25 = 158.4: 212 - 158.4 = 53.6, 54 days behind.
        (3.9, "2026-08-01", 3.445652, -54),
        # 4.375 on 04-01 is exactly on the line.
        (4.375, "2026-04-01", 4.375, 0),
    ],
)
def test_days_ahead_across_pieces(value: float, day: str, expected: float, days: int) -> None:
    reading = reading_of(value, day)
    assert reading.expected == pytest.approx(expected, abs=1e-6)
    assert reading.days_ahead == days
    assert reading.checkpoints == ((d("2026-06-30"), 3.75),)


def test_checkpoint_after_a_pause_moves_right() -> None:
    # Paused through March (03-01 .. 03-31, 31 days), read on 2026-07-01.
    march = Pause(goal_id=1, start=d("2026-03-01"), end=d("2026-04-01"))
    pace = build_pace(kpi(5, 2), YEAR, pauses=[march], today=d("2026-07-01"), checkpoints=MID)
    # Flat from 03-01 (day 59): 5 - 1.25 * 59 / 180 = 4.590278 until 04-01; the
    # checkpoint moves 31 days to 07-31, the deadline to 2027-01-31.
    flat = 5 - 1.25 * 59 / 180
    assert pace.line.points == pytest.approx(
        [
            (d("2026-01-01"), 5.0),
            (d("2026-03-01"), flat),
            (d("2026-04-01"), flat),
            (d("2026-07-31"), 3.75),
            (d("2027-01-31"), 2.0),
        ]
    )
    assert pace.value(d("2026-03-15")) == pytest.approx(4.590278, abs=1e-6)
    assert pace.value(d("2026-07-31")) == pytest.approx(3.75)
    assert pace.end_day == d("2027-01-31")
    assert pace.checkpoints == ((d("2026-07-31"), 3.75),)


def test_revision_between_checkpoints() -> None:
    # Checkpoints 4.0 on 04-11 (day 100) and 3.0 on 08-01 (day 212); the target goes
    # from 2 to 1 on 06-01 (day 151). Old line there: 4 - 1 * 51 / 112 = 3.544643.
    # The new line starts at (151, 3.544643), keeps the later checkpoint (212, 3.0),
    # ends at (364, 1); the earlier checkpoint is history.
    rev = Revision(
        id=1,
        entity="kpi",
        entity_id=7,
        goal_id=1,
        field="target",
        old="2",
        new="1",
        reason="the audits work",
        at=datetime(2026, 6, 1, 9),
    )
    marks = [(d("2026-04-11"), 4.0), (d("2026-08-01"), 3.0)]
    pace = build_pace(kpi(5, 1), YEAR, [rev], checkpoints=marks)
    knots = pace.road.knots
    assert [x - J for x, _ in knots] == [0, 100, 151, 212, 364]
    assert [y for _, y in knots] == pytest.approx([5, 4, 3.544643, 3, 1], abs=1e-6)
    # 10-01 is day 273: 3 - 2 * 61 / 152 = 2.197368.
    assert pace.value(d("2026-10-01")) == pytest.approx(2.197368, abs=1e-6)
    # The first plan, kept to show: through both checkpoints to 2.
    assert pace.original is not None
    assert [y for _, y in pace.original.knots] == pytest.approx([5, 4, 3, 2])


def test_stay_kpi_ignores_checkpoints() -> None:
    stay = kpi(5, 4, KpiKind.STAY_BELOW)
    pace = build_pace(stay, YEAR, checkpoints=MID)
    assert [y for _, y in pace.road.knots] == [4, 4]


# -- validation ----------------------------------------------------------------------------


def check(kind: KpiKind, *marks: Mark) -> str | None:
    return checkpoint_problem(kind, 5, 2, YEAR.start, YEAR.deadline, marks, "defect rate")


def test_valid_checkpoints() -> None:
    assert check(DEC, Mark("Mid-year", d("2026-06-30"), 3.75)) is None
    assert check(DEC, Mark("a", d("2026-12-31"), 2), Mark("b", d("2026-03-01"), 5)) is None


@pytest.mark.parametrize(
    ("kind", "marks", "words"),
    [
        (KpiKind.STAY_BELOW, [Mark("m", d("2026-06-30"), 4)], "no pace line"),
        (DEC, [Mark("m", d("2026-01-01"), 4)], "after the goal's start"),
        (DEC, [Mark("m", d("2027-01-01"), 4)], "not lie after the goal's deadline"),
        (DEC, [Mark("Up", d("2026-06-30"), 6)], "'Up' (6 on 2026-06-30) is out of order"),
        (
            DEC,
            [Mark("Q1", d("2026-03-31"), 4), Mark("Q3", d("2026-09-30"), 4.5)],
            "'Q3' (4.5 on 2026-09-30) is out of order: defect rate should fall from 4",
        ),
        (DEC, [Mark("Late", d("2026-09-30"), 1.5)], "'Late' (1.5 on 2026-09-30) is out"),
        (INC, [Mark("m", d("2026-06-30"), 3)], "should rise"),
        (
            DEC,
            [Mark("a", d("2026-06-30"), 4), Mark("b", d("2026-06-30"), 3)],
            "ask defect rate for two values on 2026-06-30",
        ),
    ],
)
def test_refused(kind: KpiKind, marks: list[Mark], words: str) -> None:
    problem = check(kind, *marks)
    assert problem is not None and words in problem


def test_reached() -> None:
    assert reached(DEC, 3.75, 3.75) and reached(DEC, 3.5, 3.75)
    assert not reached(DEC, 3.8, 3.75)
    assert reached(INC, 2, 1.5) and not reached(INC, 1.4, 1.5)
    assert not reached(KpiKind.STAY_ABOVE, 9, 1)


def test_propose_spreads_along_the_straight_line() -> None:
    # 1 -> 2 minutes over 2026-01-01 .. 2026-07-01 (181 days): 04-01 is day 90,
    # 1 + 90 / 181 = 1.497 -> 1.5; a change under 10 keeps two decimals.
    assert propose(1, 2, d("2026-01-01"), d("2026-07-01"), [d("2026-04-01")]) == [1.5]
    # 70 -> 85 %: day 90 of 181 is 70 + 15 * 0.497238 = 77.458 -> 77.5 (one decimal).
    assert propose(70, 85, d("2026-01-01"), d("2026-07-01"), [d("2026-04-01")]) == [77.5]
    # 1000 -> 1200 visits: 1000 + 200 * 0.497238 = 1099.4 -> 1099.
    assert propose(1000, 1200, d("2026-01-01"), d("2026-07-01"), [d("2026-04-01")]) == [1099]


# -- property ------------------------------------------------------------------------------


@st.composite
def bent_lines(draw: st.DrawFn) -> tuple[Kpi, list[tuple[date, float]]]:
    rising = draw(st.booleans())
    values = sorted(
        draw(
            st.lists(
                st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False),
                min_size=2,
                max_size=6,
            )
        )
    )
    if values[0] == values[-1]:
        values[-1] += 1
    if not rising:
        values.reverse()
    days = sorted(draw(st.sets(st.integers(1, 363), min_size=len(values) - 2, max_size=10)))
    picked = days[: len(values) - 2]
    marks = [(date.fromordinal(J + n), v) for n, v in zip(picked, values[1:-1], strict=True)]
    return kpi(values[0], values[-1], INC if rising else DEC), marks


@settings(max_examples=200, deadline=None)
@given(bent_lines())
def test_line_passes_every_checkpoint_and_stays_monotone(
    case: tuple[Kpi, list[tuple[date, float]]],
) -> None:
    k, marks = case
    assert (
        checkpoint_problem(
            k.kind, k.baseline, k.target, YEAR.start, YEAR.deadline, [Mark("m", *m) for m in marks]
        )
        is None
    )
    pace = build_pace(k, YEAR, checkpoints=marks)
    for day, value in marks:
        assert pace.value(day) == pytest.approx(value, rel=1e-9, abs=1e-6)
    seen = [pace.value(date.fromordinal(J + n)) for n in range(-5, 370, 3)]
    sign = 1 if k.kind == INC else -1
    assert all(sign * (b - a) >= -1e-9 for a, b in pairwise(seen))


def test_forecast_without_a_rate_follows_the_piece_in_force() -> None:
    # One value, 4.5 on the start day, read on 01-10: no rate of its own, so the plan's
    # rate is used: the first piece's 1.25 / 180 a day (not the last piece's 1.75 / 184).
    # 4.5 -> 2 is 2.5 to go: 2.5 / (1.25 / 180) = 360 days after 01-01: 2026-12-27.
    start = d("2026-01-01")
    history = History.whole([PeriodValue(start=start, value=4.5, count=1, day=start)])
    reading = read_kpi(kpi(5, 2), YEAR, history, d("2026-01-10"), checkpoints=MID)
    assert reading.forecast == d("2026-12-27")
