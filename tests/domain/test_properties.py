"""Properties that hold for any input, checked with Hypothesis."""

import math
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from goaltui.domain.kpi import History, read_kpi
from goaltui.domain.models import Aggregation, Cadence, Goal, Kpi, KpiKind, PeriodValue
from goaltui.domain.pace import Road
from goaltui.domain.parse import parse_date, parse_number
from goaltui.domain.periods import aggregate, period_end, period_start
from goaltui.domain.progress import Node, rollup
from goaltui.domain.reverse import spread_evenly

# No example database: the suite leaves nothing behind in the checkout.
quick = settings(database=None, deadline=None)

values = st.floats(min_value=-1e15, max_value=1e15, allow_nan=False)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(9999, 12, 31))
typed = st.one_of(
    st.text(),
    st.text(alphabet="0123456789+-.eE%_, nafiINFyt", max_size=12),
    st.builds(
        "{}{}{}{}".format,
        st.sampled_from(["", "+", "-", " + "]),
        st.integers(min_value=0, max_value=10**7),
        st.sampled_from(["", " "]),
        st.sampled_from(["d", "w", "m", "y", "days", "x", "q", ""]),
    ),
    st.sampled_from(["eow", "eom", "eoq", "eoy", "q1", "eoq4", "end of q3", "today", "tomorrow"]),
)


@quick
@given(
    start=st.dates(min_value=date(1900, 1, 1), max_value=date(9000, 1, 1)),
    length=st.integers(1, 5000),
    a=values,
    b=values,
    offsets=st.lists(st.integers(-10, 5010), min_size=2, max_size=2),
)
def test_pace_value_is_monotone_between_its_ends(
    start: date, length: int, a: float, b: float, offsets: list[int]
) -> None:
    line = Road(((start.toordinal(), a), (start.toordinal() + length, b)))
    first, second = sorted(offsets)
    earlier = line.value(start.toordinal() + first)
    later = line.value(start.toordinal() + second)
    assert min(a, b) <= earlier <= max(a, b)
    assert min(a, b) <= later <= max(a, b)
    assert (earlier <= later) if a <= b else (earlier >= later)


nodes = st.lists(
    st.builds(
        Node,
        id=st.integers(0, 30),
        parent_id=st.none() | st.integers(0, 35),
        weight=st.floats(allow_nan=True, allow_infinity=True),
        own=st.none() | st.floats(0.0, 1.0),
    ),
    max_size=40,
)


@quick
@given(nodes)
def test_rollup_is_bounded_and_covers_every_node(tree: list[Node]) -> None:
    result = rollup(tree)
    assert set(result) == {node.id for node in tree}
    assert all(0.0 <= value <= 1.0 for value in result.values())


@quick
@given(start=days, span=st.integers(0, 4000), count=st.integers(0, 60))
def test_spread_evenly_is_sorted_and_within_range(start: date, span: int, count: int) -> None:
    deadline = start + timedelta(days=min(span, (date.max - start).days))
    dates = spread_evenly(start, deadline, count)
    assert len(dates) == count
    assert dates == sorted(dates)
    assert all(start <= each <= deadline for each in dates)
    if count:
        assert dates[-1] == deadline
    if (deadline - start).days >= count:
        assert len(set(dates)) == count
        assert all(each > start for each in dates)


@quick
@given(typed)
def test_parse_number_raises_only_value_error(text: str) -> None:
    try:
        number = parse_number(text)
    except ValueError as error:
        number, message = None, str(error)
    if number is None:
        assert "\n" not in message
    else:
        assert math.isfinite(number)
        assert abs(number) <= 1e15


@quick
@given(typed, st.dates())
def test_parse_date_raises_only_value_error(text: str, today: date) -> None:
    try:
        result = parse_date(text, today)
    except ValueError as error:
        result, message = None, str(error)
    if result is None:
        assert "\n" not in message
    else:
        assert 1900 <= result.year <= 9999


@quick
@given(days)
def test_parse_date_reads_back_any_iso_date(day: date) -> None:
    assert parse_date(day.isoformat(), date(2026, 5, 14)) == day


whole = st.integers(-(10**6), 10**6).map(float)  # exact sums, so totals compare equal


@quick
@given(st.lists(st.tuples(days, whole), max_size=30), st.sampled_from(list(Cadence)), days)
def test_aggregate_sum_keeps_the_total(
    pairs: list[tuple[date, float]], cadence: Cadence, anchor: date
) -> None:
    result = aggregate(pairs, cadence, Aggregation.SUM, anchor)
    assert sum(period.count for period in result) == len(pairs)
    assert [period.start for period in result] == sorted(
        {period_start(d, cadence, anchor) for d, _ in pairs}
    )
    assert sum(period.value for period in result) == sum(value for _, value in pairs)


@quick
@given(
    st.lists(st.tuples(days, values), min_size=1, max_size=30),
    st.sampled_from(list(Cadence)),
    days,
)
def test_aggregate_mean_lies_within_its_period(
    pairs: list[tuple[date, float]], cadence: Cadence, anchor: date
) -> None:
    for period in aggregate(pairs, cadence, Aggregation.MEAN, anchor):
        inside = [v for d, v in pairs if period_start(d, cadence, anchor) == period.start]
        assert min(inside) <= period.value <= max(inside)


@quick
@given(days, st.sampled_from(list(Cadence)), days)
def test_a_day_lies_in_its_period(day: date, cadence: Cadence, anchor: date) -> None:
    start, end = period_start(day, cadence, anchor), period_end(day, cadence, anchor)
    assert start <= day <= end
    assert period_start(end, cadence, anchor) == start
    if cadence == Cadence.BIWEEKLY:  # two whole ISO weeks, the anchor's week a first one
        assert start.weekday() == 0 and ((end - start).days == 13 or end == date.max)
        assert (start - period_start(anchor, cadence, anchor)).days % 14 == 0


@quick
@given(
    st.sampled_from(list(KpiKind)),
    values,
    values,
    st.lists(values, max_size=10),
)
def test_kpi_progress_is_bounded(
    kind: KpiKind, baseline: float, target: float, recorded: list[float]
) -> None:
    kpi = Kpi(1, 1, "k", "", baseline, target, kind=kind)
    goal = Goal(1, "g", date(2026, 1, 5), date(2026, 12, 31))
    series = [PeriodValue(date(2026, 1, 5) + timedelta(weeks=i), v) for i, v in enumerate(recorded)]
    reading = read_kpi(kpi, goal, History.whole(series), date(2026, 4, 1))
    assert 0.0 <= reading.progress <= 1.0


@quick
@given(
    kind=st.sampled_from([KpiKind.INCREASE, KpiKind.DECREASE]),
    cadence=st.sampled_from(list(Cadence)),
    how=st.sampled_from(list(Aggregation)),
    baseline=st.floats(-1000, 1000),
    target=st.floats(-1000, 1000),
    recorded=st.lists(
        st.tuples(st.integers(-30, 400), st.floats(-2000, 2000)), min_size=1, max_size=30
    ),
    offset=st.integers(0, 420),
    shift=st.integers(0, 13),
)
def test_ahead_of_pace_always_has_a_forecast(
    kind: KpiKind,
    cadence: Cadence,
    how: Aggregation,
    baseline: float,
    target: float,
    recorded: list[tuple[int, float]],
    offset: int,
    shift: int,
) -> None:
    """'N days ahead' never comes with 'not at this rate'."""
    start = date(2026, 1, 5) + timedelta(days=shift)
    if (target > baseline) != (kind == KpiKind.INCREASE) or target == baseline:
        return
    kpi = Kpi(1, 1, "k", "", baseline, target, kind=kind, cadence=cadence, aggregation=how)
    goal = Goal(1, "g", start, start + timedelta(days=365))
    values = [(start + timedelta(days=d), v) for d, v in recorded]
    periods = History.whole(aggregate(values, cadence, how, start))
    reading = read_kpi(kpi, goal, periods, start + timedelta(days=offset))
    if reading.days_ahead is not None and reading.days_ahead > 0:
        assert reading.forecast is not None
