"""The KPI chart draws extreme values instead of breaking the screen.

Within the bounds every surface accepts (±1e15, years 1900-9999) and beyond them
(values near the float limit, from a file written by hand or an older version):
plotext failed with "cannot convert float NaN to integer" on a target of 1e308
and a baseline of -1e308.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

import pytest

from tests.conftest import TODAY


def _reading(path, *, baseline, target, values, start, deadline, raw=False):
    """A KPI's reading; ``raw``: numbers written straight into the file, unchecked."""
    from goaltui.domain.clock import FixedClock
    from goaltui.services import GoalService
    from goaltui.storage.repository import PlanRows

    svc = GoalService.open(path, FixedClock(TODAY))
    try:
        goal = {"title": "G", "start": start, "deadline": deadline}
        kpi = {"name": "K", "baseline": 0, "target": 1, "cadence": "weekly"}
        if not raw:
            kpi |= {"baseline": baseline, "target": target}
        svc.create_goal(PlanRows(goal=goal, kpis=[kpi]))
        if not raw:
            k = svc.repo.kpis()[0]
            for i, v in enumerate(values):
                svc.record(k, v, TODAY - timedelta(weeks=i))
    finally:
        svc.close()
    if raw:
        con = sqlite3.connect(path)
        with con:
            con.execute("UPDATE kpi SET baseline = ?, target = ?", (baseline, target))
            for i, v in enumerate(values):
                day = (TODAY - timedelta(weeks=i)).isoformat()
                con.execute(
                    "INSERT INTO measurement (kpi_id, day, value, note, created_at)"
                    " VALUES (1, ?, ?, '', '2026-01-01 00:00:00')",
                    (day, v),
                )
        con.close()
    svc = GoalService.open(path, FixedClock(TODAY))
    try:
        return svc.reading(svc.repo.kpis()[0].id)
    finally:
        svc.close()


CASES = {
    "bounds": dict(
        baseline=-1e15, target=1e15, values=[1e15, -1e15, 0.0],
        start=date(1900, 1, 1), deadline=date(9999, 12, 31),
    ),
    "tiny": dict(
        baseline=0.0, target=1e-300, values=[5e-324, 0.0, 1e15],
        start=date(2026, 1, 1), deadline=date(2026, 12, 31),
    ),
    "one-day-goal": dict(
        baseline=1e15, target=-1e15, values=[1e15, 1e15],
        start=date(2026, 11, 21), deadline=date(2026, 11, 22),
    ),
    "end-of-calendar": dict(
        baseline=-1e15, target=-1e15 + 1, values=[],
        start=date(9999, 1, 1), deadline=date(9999, 12, 31),
    ),
    "float-limit (old file)": dict(
        baseline=-1e308, target=1e308, values=[1e308, -1.7e308, 1.0],
        start=date(2026, 1, 1), deadline=date(2026, 12, 31), raw=True,
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("size", [(80, 20), (20, 5), (200, 50)])
def test_the_chart_draws_extreme_values(tmp_path, case, size):
    from textual_plotext.plot import Plot

    from goaltui.ui.widgets.kpi_chart import ChartLook, draw_chart

    reading = _reading(tmp_path / "g.db", **CASES[case])
    lines = draw_chart(Plot(), reading, ChartLook(TODAY, size, "default"))
    text = "\n".join("".join(seg.text for seg in line) for line in lines)
    assert "cannot be drawn" not in text
    assert len(lines) == size[1]
    if size[1] > 5:  # room to plot: something was
        assert any(ch in text for ch in "─•●│"), text


async def test_the_kpi_detail_opens_on_a_kpi_of_1e308(tmp_path, app_on):
    from goaltui.ui.widgets.kpi_chart import KpiChart
    from tests.reliability.conftest import assert_no_crash_notice
    from tests.ui.conftest import wait_idle
    from tests.ui.test_kpis import open_detail

    path = tmp_path / "g.db"
    _reading(path, **CASES["float-limit (old file)"])
    app = app_on(path)
    async with app.run_test(size=(100, 30)) as pilot:
        detail = await open_detail(pilot, app, "K")
        chart = detail.query_one(KpiChart)
        await wait_idle(pilot, app)
        lines = chart._chart_lines()
        assert len(lines) == chart.size.height > 0
        text = "\n".join(line.text for line in lines)
        assert "cannot be drawn" not in text
        assert_no_crash_notice(app)
        assert app.screen is detail
