"""Export then import gives back exactly what was exported, for any text and numbers."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goaltui.domain.clock import FixedClock
from goaltui.domain.models import Aggregation, Cadence, Importance, KpiKind
from goaltui.services import GoalService
from goaltui.services import exchange as export
from goaltui.storage.repository import PlanRows

CLOCK = FixedClock(date(2026, 11, 22))

# Titles and names are never blank (every surface refuses a blank one).
text = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")
numbers = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
days = st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))


@settings(
    max_examples=25,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    title=text,
    kpi_name=text,
    unit=st.text(max_size=10),
    baseline=numbers,
    target=numbers,
    values=st.lists(st.tuples(days, numbers, st.text(max_size=30)), max_size=8),
    milestone=text,
    cadence=st.sampled_from(list(Cadence)),
    how=st.sampled_from(list(Aggregation)),
    partner=st.text(max_size=20),
    obstacle=st.tuples(text, st.text(max_size=40)),
    share=st.none() | st.floats(0, 1),
    importance=st.sampled_from(list(Importance)),
    kind=st.sampled_from(list(KpiKind)),
    width=st.floats(min_value=1.0, max_value=1e12),
)
def test_export_import_export_is_identical(
    title,
    kpi_name,
    unit,
    baseline,
    target,
    values,
    milestone,
    cadence,
    how,
    partner,
    obstacle,
    share,
    importance,
    kind,
    width,
):
    high = target + width if kind == KpiKind.BETWEEN else None  # a range: low end below high
    moving = kind in (KpiKind.INCREASE, KpiKind.DECREASE)
    if moving:  # its direction follows from the two values
        kind = KpiKind.INCREASE if target >= baseline else KpiKind.DECREASE
    # A checkpoint lies on the way from the baseline to the target (else it is refused).
    low, top = sorted((baseline, target))
    checkpoint = (
        None
        if share is None or not moving
        else min(max(baseline * (1 - share) + target * share, low), top)
    )
    with TemporaryDirectory() as tmp:
        first = GoalService.open(Path(tmp) / "a.db", CLOCK)
        try:
            goal = first.create_goal(
                PlanRows(
                    goal={
                        "title": title,
                        "start": date(2026, 1, 1),
                        "deadline": date(2027, 1, 1),
                        "partner": partner,
                    },
                    kpis=[
                        {
                            "name": kpi_name,
                            "unit": unit,
                            "baseline": baseline,
                            "target": target,
                            "cadence": cadence,
                            "aggregation": how,
                            "kind": kind,
                            "high": high,
                        }
                    ],
                    milestones=[
                        {
                            "title": milestone,
                            "target_date": date(2026, 6, 1),
                            "kpi": None if checkpoint is None else 0,
                            "kpi_value": checkpoint,
                            "steps": [{"title": milestone, "importance": importance}],
                        }
                    ],
                    obstacles=[{"obstacle": obstacle[0], "plan": obstacle[1]}],
                )
            )
            kpi = first.repo.kpis([goal.id])[0]
            first.repo.add_measurements(
                [(kpi.id, d, v, note) for d, v, note in values], CLOCK.now()
            )
            doc = json.loads(json.dumps(export.to_json(first), ensure_ascii=False))
        finally:
            first.close()
        second = GoalService.open(Path(tmp) / "b.db", CLOCK)
        try:
            export.from_json(second, doc)
            again = json.loads(json.dumps(export.to_json(second), ensure_ascii=False))
        finally:
            second.close()
    assert again == doc
    assert len(doc["tables"]["obstacle"]) == 1
    assert doc["tables"]["goal"][0]["partner"] == partner
    assert (doc["tables"]["kpi"][0]["kind"], doc["tables"]["kpi"][0]["high"]) == (kind, high)
    assert doc["tables"]["milestone"][0]["kpi_value"] == checkpoint
