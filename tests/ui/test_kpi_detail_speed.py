"""Opening a KPI's detail fast must not change what it shows.

The overview reads the highlighted KPI (and draws its chart) while the cursor
rests on it, so Enter only paints; the detail's first frame holds the head,
the chart and the table together.
"""

from __future__ import annotations

from datetime import date

from rich.segment import Segment
from textual.widgets import Static
from textual_plotext.plot import Plot

from goaltui.services import GoalService
from goaltui.ui.screens import kpi_detail
from goaltui.ui.screens.kpi_detail import KpiDetailScreen
from goaltui.ui.screens.kpis.screen import READ_AHEAD_DELAY, KpisScreen
from goaltui.ui.widgets import kpi_chart
from goaltui.ui.widgets.kpi_chart import (
    ChartLook,
    KpiChart,
    ansi_lines,
    chart_size,
    draw_chart,
    thin,
)
from goaltui.ui.widgets.line_table import LineTable
from tests.ui.conftest import wait_idle

#: A row of the measurements that is not on the first screenful of them.
BELOW_THE_FIRST_PAGE = 30


def row_texts(table: LineTable) -> list[str]:
    return [table.row_text(i) for i in range(table.row_count)]


async def to_kpi(pilot, app, name: str) -> KpisScreen:
    """Screen 3 with the cursor resting on the KPI called ``name`` (read ahead)."""
    await wait_idle(pilot, app)
    await pilot.press("3")
    await wait_idle(pilot, app)
    screen = app.screen
    assert isinstance(screen, KpisScreen)
    table = screen.query_one("#kpi-table", LineTable)
    for _ in range(table.row_count):
        if name in row_texts(table)[table.cursor_row]:
            break
        await pilot.press("down")
    await pilot.pause(READ_AHEAD_DELAY + 0.05)
    await wait_idle(pilot, app)
    return screen


def head(app) -> str:
    return str(app.screen.query_one("#kpi-head", Static).render())


def painted(chart: KpiChart) -> list[list[Segment]]:
    return [list(chart.render_line(y)) for y in range(chart.size.height)]


async def test_enter_paints_the_kpi_read_ahead_in_one_frame(make_app, monkeypatch):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_kpi(pilot, app, "Customer satis")
        kpi_id = screen.selected_kpi_id()
        assert screen._ahead is not None and screen._ahead[0] == kpi_id
        facts = screen._ahead[2]
        assert facts.chart is not None  # drawn in the worker

        reads: list[int] = []
        original = kpi_detail.fetch_facts
        monkeypatch.setattr(
            kpi_detail, "fetch_facts", lambda svc, i, look=None: reads.append(i) or original(svc, i)
        )
        drawn_here: list[object] = []
        monkeypatch.setattr(
            kpi_chart, "draw_chart", lambda *a: drawn_here.append(a) or draw_chart(*a)
        )
        await pilot.press("enter")
        await pilot.pause()  # one frame, no worker
        detail = app.screen
        assert isinstance(detail, KpiDetailScreen)
        assert detail.facts is facts
        # Everything the benchmark's marker stands for is on this frame.
        assert "pace line " in head(app)
        chart = detail.query_one(KpiChart)
        assert chart._built is not None and chart._built[0] is facts.reading
        assert detail.query_one("#measure-table", LineTable).row_count > 0
        await wait_idle(pilot, app)
        assert reads == []  # nothing read again
        assert drawn_here == []  # the chart drawn ahead was painted as it is
        assert tuple(chart.size) == chart_size(120, 36)


async def test_chart_drawn_ahead_is_the_chart_drawn_when_painted(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await to_kpi(pilot, app, "Customer satis")
        await pilot.press("enter")
        await wait_idle(pilot, app)
        chart = app.screen.query_one(KpiChart)
        ahead = painted(chart)
        chart._drawn = None
        chart._built = None
        chart.refresh()
        assert painted(chart) == ahead
        assert any("●" in seg.text for line in ahead for seg in line)


async def test_a_change_drops_what_was_read_ahead(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await to_kpi(pilot, app, "German paying")
        kpi_id = screen.selected_kpi_id()
        assert screen._ahead is not None
        svc = GoalService.open(app.db_path, app.clock)
        try:
            svc.record(svc.repo.get("kpi", kpi_id), 49, app.clock.today(), "from elsewhere")
        finally:
            svc.close()
        app.broadcast_changed()  # what the watcher does
        await pilot.pause()
        assert screen._ahead is None or screen._ahead[2].measurements[0].value == 49
        await pilot.press("enter")
        await wait_idle(pilot, app)
        table = app.screen.query_one("#measure-table", LineTable)
        assert row_texts(table)[0].startswith("2026-11-22 49 from elsewhere")
        assert "49 / 50" in head(app)


async def test_enter_before_the_read_ahead_still_opens_the_detail(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_idle(pilot, app)
        await pilot.press("3")
        await wait_idle(pilot, app)
        screen = app.screen
        assert isinstance(screen, KpisScreen)
        await pilot.press("down", "enter")  # no time to read the new row ahead
        await wait_idle(pilot, app)
        detail = app.screen
        assert isinstance(detail, KpiDetailScreen)
        assert detail.kpi_id == screen.selected_kpi_id()
        assert detail.facts is not None and detail.facts.reading.kpi.id == detail.kpi_id
        assert detail.query_one(KpiChart)._built is not None


async def test_the_table_lists_the_latest_values_after_the_first_page(make_app):
    from datetime import timedelta

    app = make_app()
    svc = GoalService.open(app.db_path, app.clock)
    try:
        kpi = next(k for k in svc.repo.kpis() if k.name.startswith("Customer satis"))
        for i in range(230):
            svc.record(kpi, 70 + i % 15, app.clock.today() - timedelta(days=i), f"n{i}")
    finally:
        svc.close()
    async with app.run_test(size=(120, 36)) as pilot:
        await to_kpi(pilot, app, "Customer satis")
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen
        assert isinstance(detail, KpiDetailScreen) and detail.facts is not None
        await wait_idle(pilot, app)
        table = detail.query_one("#measure-table", LineTable)
        expected = detail.facts.measurements[: kpi_detail.SHOWN]
        assert len(expected) == kpi_detail.SHOWN

        def keys() -> list[int]:
            return [table.key_at(i) for i in range(table.row_count)]

        assert keys() == [m.id for m in expected]
        assert "the latest 200" in str(detail.query_one("#measure-title", Static).render())

        # A reload keeps the cursor on its value, also below the first page.
        table.move_cursor(row=BELOW_THE_FIRST_PAGE)
        chosen = detail.selected_measurement()
        assert chosen is not None
        app.broadcast_changed()
        await wait_idle(pilot, app)
        assert detail.facts is not None and detail.facts.measurements is not expected
        assert keys() == [m.id for m in expected]
        assert table.cursor_row == BELOW_THE_FIRST_PAGE
        assert detail.selected_measurement() == chosen


async def test_chart_size_matches_the_layout(make_app):
    for width, height in ((120, 36), (80, 24), (100, 21)):
        kpi_chart._CHART_SIZES.clear()
        expected = chart_size(width, height)
        app = make_app(name=f"g{width}x{height}.db")
        async with app.run_test(size=(width, height)) as pilot:
            await to_kpi(pilot, app, "Customer satis")
            await pilot.press("enter")
            await wait_idle(pilot, app)
            assert tuple(app.screen.query_one(KpiChart).size) == expected, (width, height)


def test_thin_keeps_each_columns_lowest_and_highest_in_order():
    xs = [float(i) for i in range(100)]
    ys = [float((i * 37) % 11) for i in range(100)]
    few_x, few_y = thin(xs, ys, 0.0, 99.0, 200)
    assert (few_x, few_y) == (xs, ys)  # fewer points than slots: as they are
    out_x, out_y = thin(xs, ys, 0.0, 100.0, 10)
    assert len(out_x) <= 20 and out_x == sorted(out_x)
    for slot in range(10):
        inside = [y for x, y in zip(xs, ys, strict=True) if slot * 10 <= x < slot * 10 + 10]
        kept = [y for x, y in zip(out_x, out_y, strict=True) if slot * 10 <= x < slot * 10 + 10]
        assert min(kept) == min(inside) and max(kept) == max(inside)


def test_ansi_lines_keep_text_and_colours():
    text = "\x1b[48;5;15m\x1b[38;5;3mab\x1b[0m\x1b[48;5;15m c\x1b[0m\nplain\x1b[1mB\x1b[0m"
    lines = ansi_lines(text)
    assert ["".join(s.text for s in line) for line in lines] == ["ab c", "plainB"]
    first = lines[0][0].style
    assert first is not None and first.color is not None and first.bgcolor is not None
    assert lines[0][1].style is not None and lines[0][1].style.color is None
    assert lines[1][1].style is not None and lines[1][1].style.bold


def test_draw_chart_fits_its_size():
    look = ChartLook(date(2026, 11, 22), (50, 12), "default")
    lines = draw_chart(Plot(), None, look)
    assert len(lines) == 12
    assert all(sum(len(s.text) for s in line) == 50 for line in lines)
