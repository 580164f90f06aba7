"""The line-drawn table on its own: cursor, scrolling, a fixed header, right-justified cells."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult

from goaltui.ui.widgets.line_table import LineTable

COLUMNS = ["Name", "N"]


class TableApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.selected: list[int] = []

    def compose(self) -> ComposeResult:
        yield LineTable(id="t")

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        self.selected.append(event.key)


def rows(count: int) -> list[list[Text]]:
    return [[Text(f"row {i}"), Text(str(i), justify="right")] for i in range(count)]


def lines(table: LineTable) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_the_cursor_scrolls_the_rows_under_a_fixed_header():
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(50), list(range(100, 150)))
        table.focus()
        await pilot.press("end")
        assert table.cursor_row == 49 and table.selected_key == 149
        shown = lines(table)
        assert shown[0].split() == ["Name", "N"]
        assert shown[-1].startswith(" row 49  49")  # the number flush right in its column
        await pilot.press("pageup")
        assert table.cursor_row == 49 - 9  # a page: the nine lines under the header
        await pilot.press("home", "down")
        assert table.cursor_row == 1 and table.scroll_offset.y == 0
        assert lines(table)[1].startswith(" row 0    0")


async def test_fewer_rows_scroll_back_and_an_empty_table_selects_nothing():
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(50), list(range(50)))
        table.focus()
        await pilot.press("end")
        table.set_rows(COLUMNS, rows(3), [0, 1, 2])
        await pilot.pause()
        assert table.scroll_offset.y == 0
        assert [line.split()[:2] for line in lines(table)[1:4]] == [["row", "0"], ["row", "1"],
                                                                     ["row", "2"]]  # fmt: skip
        table.set_rows(COLUMNS, [], [])
        await pilot.pause()
        assert table.selected_key is None and lines(table) == [
            " Name  N".ljust(40)
        ]  # widths from the labels alone
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == []


async def test_enter_selects_the_row_under_the_cursor():
    app = TableApp()
    async with app.run_test(size=(40, 10)) as pilot:
        table = app.query_one(LineTable)
        table.set_rows(COLUMNS, rows(5), [10, 11, 12, 13, 14], cursor=2)
        table.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.selected == [12]
