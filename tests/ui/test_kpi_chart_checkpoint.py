"""The KPI chart marks each checkpoint the pace line bends through, and says so in its legend."""

from __future__ import annotations

from datetime import date

from textual_plotext.plot import Plot

from goaltui.ui.widgets.kpi_chart import ChartLook, draw_chart, legend
from tests.domain.test_checkpoints import reading_of


def test_checkpoints_marked_on_the_chart() -> None:
    reading = reading_of(4.0, "2026-04-01")
    lines = draw_chart(Plot(), reading, ChartLook(date(2026, 4, 1), (100, 20), "default"))
    drawn = "".join(seg.text for line in lines for seg in line)
    assert drawn.count("◆") == 1
    assert "◆ checkpoint" in legend(reading).plain


def test_no_checkpoint_no_mark() -> None:
    from dataclasses import replace

    reading = replace(reading_of(4.0, "2026-04-01"), checkpoints=())
    lines = draw_chart(Plot(), reading, ChartLook(date(2026, 4, 1), (100, 20), "default"))
    assert "◆" not in "".join(seg.text for line in lines for seg in line)
    assert "checkpoint" not in legend(reading).plain
