"""The wizard's checks of what was typed, without a screen."""

from __future__ import annotations

from datetime import date

from goaltui.domain.models import KpiKind
from goaltui.domain.wizard import RawKpi, RawWizard, check

TODAY = date(2026, 12, 4)


def typed_kpi(unit: str, baseline: str, target: str) -> RawWizard:
    kpi = RawKpi("k1", "Half marathon time", unit, baseline, target, KpiKind.DECREASE.value)
    return RawWizard(title="Run a half marathon under 2 hours", kpis=[kpi])


def test_a_time_kpi_takes_durations_in_its_unit() -> None:
    result = check(typed_kpi("min", "2:10:00", "1:59:00"), TODAY)
    assert "k1-baseline" not in result.errors and "k1-target" not in result.errors
    [kpi] = result.draft.kpis
    assert (kpi.baseline, kpi.target) == (130.0, 119.0)  # h:mm:ss in minutes


def test_a_duration_for_a_kpi_not_in_time_is_refused_at_its_field() -> None:
    result = check(typed_kpi("km", "2:10", "1:59"), TODAY)
    assert "is a duration, but this is a KPI in" in result.errors["k1-baseline"]


def typed_range(low: str, high: str, kind: str = KpiKind.BETWEEN.value) -> RawWizard:
    kpi = RawKpi("k1", "Deep work", "min", "", low, kind, high=high)
    return RawWizard(title="Focus for 45 to 60 minutes a day", kpis=[kpi])


def test_a_range_needs_no_baseline_and_keeps_both_ends() -> None:
    result = check(typed_range("45", "1:00:00"), TODAY)  # h:mm:ss in minutes: 60
    assert not any(key.startswith("k1-") for key in result.errors), result.errors
    [kpi] = result.draft.kpis
    assert (kpi.kind, kpi.target, kpi.high) == (KpiKind.BETWEEN, 45.0, 60.0)


def test_a_bad_range_is_refused_at_its_high_end() -> None:
    for low, high, words in (
        ("60", "45", "A range needs its low end below its high end (60 is not below 45)."),
        ("50", "50", "A range needs its low end below its high end (50 is not below 50)."),
        ("45", "", "A range needs its high end: enter the highest value that still counts."),
    ):
        assert check(typed_range(low, high), TODAY).errors["k1-high"] == words
    assert check(typed_range("", "60"), TODAY).errors["k1-target"] == (
        "Enter the lowest value that still counts."
    )


def test_a_high_end_typed_for_another_kind_is_dropped() -> None:
    # The field is hidden for other kinds: what it held is not kept.
    result = check(typed_range("45", "60", KpiKind.STAY_ABOVE.value), TODAY)
    assert "k1-high" not in result.errors
    assert result.draft.kpis[0].high is None
