"""The KPIs screen and a KPI's detail, driven by keys as a person would."""

from __future__ import annotations

from datetime import date

from textual.widgets import Input, Static

from goaltui.domain.models import Cadence, KpiKind
from goaltui.services import GoalService
from goaltui.ui.screens.kpi_detail import KpiDetailScreen
from goaltui.ui.screens.kpis.screen import KpisScreen
from goaltui.ui.screens.measurement_form import MeasurementFormScreen
from goaltui.ui.widgets.kpi_chart import date_ticks
from goaltui.ui.widgets.line_table import LineTable
from tests.ui.conftest import ON_BOTH_ENGINES, wait_idle


def stored(app) -> GoalService:
    return GoalService.open(app.db_path, app.clock)


def row_texts(table: LineTable) -> list[str]:
    return [table.row_text(i) for i in range(table.row_count)]


async def open_kpis(pilot, app) -> KpisScreen:
    await wait_idle(pilot, app)
    await pilot.press("3")
    await wait_idle(pilot, app)
    screen = app.screen
    assert isinstance(screen, KpisScreen)
    return screen


async def open_detail(pilot, app, name: str) -> KpiDetailScreen:
    screen = await open_kpis(pilot, app)
    table = screen.query_one("#kpi-table", LineTable)
    for _ in range(table.row_count):
        if name in row_texts(table)[table.cursor_row]:
            break
        await pilot.press("down")
    await pilot.press("enter")
    await wait_idle(pilot, app)
    detail = app.screen
    assert isinstance(detail, KpiDetailScreen)
    return detail


async def fill_form(pilot, app, value: str, day: str | None = None, note: str = "") -> None:
    form = app.screen
    assert isinstance(form, MeasurementFormScreen)
    form.query_one("#f-value", Input).value = value
    if day is not None:
        form.query_one("#f-day", Input).value = day
    form.query_one("#f-note", Input).value = note
    await pilot.press("ctrl+s")
    await wait_idle(pilot, app)


def head(app) -> str:
    return str(app.screen.query_one("#kpi-head", Static).render())


async def test_overview_lists_active_kpis_with_status_words(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_kpis(pilot, app)
        rows = row_texts(screen.query_one("#kpi-table", LineTable))
        text = "\n".join(rows)
        assert len(rows) == 8  # the achieved goal's KPI is not listed
        assert "Average time on site" not in text
        assert "◐ at risk" in rows[0]  # worst first
        assert "German paying" in text and "15 / 50 customers" in text
        assert "25d behind" in text and "2027-02-06" in text


async def test_at_80_columns_units_and_names_stay(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        text = "\n".join(row_texts(table))
        for unit in ("\ncustomers", "\nvisits", "\n%", "\nh", "\ns"):
            assert unit in text, unit
        # The table has 76 columns; status 10, value 13, trend 6 and pace 16 wide ("2028-01-04,
        # late"), and a space either side of 6 cells, leave 19 for the name and its goal.
        assert "German paying cust…" in text
        assert "Launch the product…" in text  # the goal under it, cut with "…"
        # Nothing runs off to the right: the rows fit the table.
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_an_empty_filter_says_so_and_all_goals_can_be_picked_again(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        await pilot.press("f")  # missed: none in the demo
        await wait_idle(pilot, app)
        assert table.row_count == 0
        empty = screen.query_one("#kpi-empty", Static)
        assert str(empty.render()).startswith("No missed KPIs.")
        assert empty.region.height > 0 and empty.region.bottom <= 22  # on screen, above the keys
        await pilot.press("escape", "g")
        await wait_idle(pilot, app)
        await pilot.press(*"defect", "enter")
        await wait_idle(pilot, app)
        assert table.row_count == 1
        await pilot.press("f", "f", "f", "f", "f")  # on track: the defect rate is at risk
        await wait_idle(pilot, app)
        assert str(empty.render()).startswith("No on track KPIs for this goal.")
        await pilot.press("f", "f", "g")  # achieved, then every status; pick "all goals"
        await wait_idle(pilot, app)
        assert screen.status_filter is None
        await pilot.press("enter")  # the first choice
        await wait_idle(pilot, app)
        assert screen.goal_filter is None
        assert table.row_count == 8 and table.display


@ON_BOTH_ENGINES
async def test_sort_and_filters(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        await pilot.press("s")  # goal
        assert screen.sort_key == "goal"
        assert "Expand into new" in row_texts(table)[0]
        await pilot.press("s")  # days behind: most behind first
        assert "Defect rate" in row_texts(table)[0]
        await pilot.press("f", "f")  # off track? cycle: missed, off track
        assert screen.status_filter is not None
        await pilot.press("escape")
        assert table.row_count == 8
        await pilot.press("f", "f", "f")  # at risk
        assert table.row_count == 2
        await pilot.press("escape", "g")
        await wait_idle(pilot, app)
        await pilot.press(*"defect", "enter")
        await wait_idle(pilot, app)
        assert table.row_count == 1 and "Defect rate" in row_texts(table)[0]
        summary = str(screen.query_one("#kpi-summary", Static).render())
        assert "Reduce the product defect" in summary


@ON_BOTH_ENGINES
async def test_add_edit_delete_measurement(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_detail(pilot, app, "German paying")
        assert "at risk" in head(app)
        table = detail.query_one("#measure-table", LineTable)
        before = table.row_count
        kpi_id = detail.kpi_id

        # Invalid input is refused at the field, as the CLI refuses it.
        await pilot.press("a")
        await wait_idle(pilot, app)
        await fill_form(pilot, app, "lots")
        assert isinstance(app.screen, MeasurementFormScreen)
        assert "not a number" in str(app.screen.query_one("#e-value", Static).render())
        await fill_form(pilot, app, "45", day="2026-12-01")
        assert "still to come" in str(app.screen.query_one("#e-day", Static).render())

        # Add: a big jump puts the KPI on track at once.
        await fill_form(pilot, app, "45", day="today", note="[bold]x[/")
        assert isinstance(app.screen, KpiDetailScreen)
        assert table.row_count == before + 1
        assert row_texts(table)[0].startswith("2026-11-22 45 [bold]x[/")
        assert "on track" in head(app) or "ahead" in head(app)
        svc = stored(app)
        try:
            newest = svc.measurements(kpi_id, 1)[0]
            assert (newest.day, newest.value, newest.note) == (
                date(2026, 11, 22),
                45.0,
                "[bold]x[/",
            )
        finally:
            svc.close()

        # Edit it (Enter on the row) to the target: achieved.
        await pilot.press("up", "enter")
        await wait_idle(pilot, app)
        await fill_form(pilot, app, "50", note="all signed")
        assert "achieved" in head(app)
        assert row_texts(table)[0].startswith("2026-11-22 50 all signed")
        svc = stored(app)
        try:
            newest = svc.measurements(kpi_id, 1)[0]
            assert (newest.value, newest.note) == (50.0, "all signed")
        finally:
            svc.close()

        # Delete it (confirmed): back to at risk, and the overview follows.
        await pilot.press("d")
        await wait_idle(pilot, app)
        await pilot.press("n")  # keep it
        await wait_idle(pilot, app)
        assert table.row_count == before + 1
        await pilot.press("d")
        await wait_idle(pilot, app)
        await pilot.press("y")
        await wait_idle(pilot, app)
        assert table.row_count == before
        assert "at risk" in head(app)
        svc = stored(app)
        try:
            assert svc.measurements(kpi_id, 1)[0].value == 15.0
        finally:
            svc.close()
        await pilot.press("escape")
        await wait_idle(pilot, app)
        assert isinstance(app.screen, KpisScreen)


@ON_BOTH_ENGINES
async def test_overview_sparkline_and_status_follow_a_change(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        detail = await open_detail(pilot, app, "German paying")
        await pilot.press("a")
        await wait_idle(pilot, app)
        await fill_form(pilot, app, "50")
        await pilot.press("escape")
        await wait_idle(pilot, app)
        rows = row_texts(app.screen.query_one("#kpi-table", LineTable))
        row = next(r for r in rows if "German paying" in r)
        assert "✔ achieved" in row and "50 / 50" in row and "reached" in row
        assert "▁▂▃▅▆█" in row or row.count("█") == 1
        assert detail.kpi_id


def test_date_ticks_fit_the_width():
    _positions, labels = date_ticks(date(2026, 8, 1), date(2027, 12, 31), 68)
    assert len(labels) == 5 and labels[0] == "Aug 2026"
    assert len(" ".join(labels)) < 68
    _, short = date_ticks(date(2026, 8, 1), date(2026, 12, 1), 40)
    assert short[0] == "Aug 01" and len(short) == 3


class TestSnapshots:
    def test_overview(self, snap_compare, make_app):
        async def run_before(pilot) -> None:
            await open_kpis(pilot, pilot.app)

        assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)

    def test_overview_small(self, snap_compare, make_app):
        async def run_before(pilot) -> None:
            await open_kpis(pilot, pilot.app)

        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)

    def test_detail(self, snap_compare, make_app):
        async def run_before(pilot) -> None:
            await open_detail(pilot, pilot.app, "Customer satis")

        assert snap_compare(make_app(), terminal_size=(120, 36), run_before=run_before)

    def test_detail_small(self, snap_compare, make_app):
        async def run_before(pilot) -> None:
            await open_detail(pilot, pilot.app, "Defect rate")

        assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def table_lines(table: LineTable) -> list[str]:
    """The table's lines as drawn now (header first)."""
    return [table.render_line(y).text for y in range(table.scrollable_content_region.height)]


async def add_kpis(app, count: int) -> None:
    svc = GoalService.open(app.db_path, app.clock)
    try:
        goal = next(g for g in svc.goals() if g.title.startswith("Increase website traffic"))
        for n in range(count):
            svc.add_kpi(goal.id, name=f"Extra {n:02d}", baseline=0, target=10)
    finally:
        svc.close()


async def test_a_long_list_scrolls_with_the_cursor_under_a_fixed_header(make_app):
    app = make_app()
    await add_kpis(app, 60)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        assert table.row_count == len(screen.readings) == 68
        # The cursor reaches the last row, which scrolls into view below the header.
        await pilot.press("end")
        last = screen.selected_kpi_id()
        assert last is not None and table.cursor_row == 67
        lines = table_lines(table)
        assert lines[0].split() == ["Status", "Goal", "KPI", "Now", "/", "target", "Trend",
                                    "Pace", "Forecast"]  # fmt: skip
        assert table.row_text(67).split()[2] in lines[-1]
        await pilot.press("pageup")
        assert 0 < table.cursor_row < 67
        assert table.row_text(table.cursor_row).split()[2] in " ".join(table_lines(table))
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        # A re-sort keeps the cursor on the same KPI.
        await pilot.press("end", "s")
        await wait_idle(pilot, app)
        assert table.row_count == 68
        assert screen.selected_kpi_id() == last


async def test_a_click_on_a_kpi_opens_it(make_app):
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        # The border, the header, then the rows: the third row is four lines down.
        await pilot.click(LineTable, offset=(20, 4))
        await wait_idle(pilot, app)
        detail = app.screen
        assert isinstance(detail, KpiDetailScreen)
        assert table.cursor_row == 2 and detail.kpi_id == table.selected_key
        name = next(r.kpi.name for r in screen.readings if r.kpi.id == detail.kpi_id)
        assert head(app).startswith(name)


async def test_narrow_rows_take_two_lines_with_the_goal_under_the_name(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_kpis(pilot, app)
        table = screen.query_one("#kpi-table", LineTable)
        assert table.row_height == 2
        lines = table_lines(table)
        assert "Goal" not in lines[0]
        # Line 1: status and name; line 2: the goal's title, under the name.
        assert "Defect rate" in lines[1] and "Reduce the" in lines[2]
        await pilot.press("down")
        assert table.cursor_row == 1


def test_the_forecast_column_says_when_it_disagrees_with_the_pace():
    from goaltui.ui.screens.kpis.table import short_forecast
    from tests.domain.test_describe_reading import reading

    # Worked in tests/domain/test_describe_reading.py: 24 days ahead, forecast after the
    # deadline; and a forecast held at today on old values.
    late = reading(
        KpiKind.INCREASE,
        Cadence.WEEKLY,
        0,
        100,
        "2026-01-01",
        date(2026, 4, 11),
        [("2026-02-20", 80), ("2026-02-27", 81)],
        "2026-02-27",
    )
    assert short_forecast(late) == "2026-07-10, late"
    by_now = reading(
        KpiKind.DECREASE,
        Cadence.DAILY,
        365,
        0,
        "2026-01-01",
        date(2027, 1, 1),
        [("2026-01-11", 300)],
        "2026-04-13",
    )
    assert short_forecast(by_now) == "by now, no value"
