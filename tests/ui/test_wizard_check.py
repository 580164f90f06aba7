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
