"""A table of rows under a fixed header, drawn a line at a time.

For the KPI list and a KPI's measurements. Only the lines in view are drawn,
from the cells the screen made: a list of a few hundred rows opens as fast as
a list of ten (a DataTable laid out every cell of every row first).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

#: Spaces either side of a cell.
PAD = 1


class LineTable(ScrollView, can_focus=True):
    """Rows of ``height`` lines, keyed by ints; the cursor row is highlighted, Enter selects it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Select", show=False),
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "First", show=False),
        Binding("end", "last", "Last", show=False),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "line-table--header",
        "line-table--even-row",
        "line-table--cursor",
    }

    DEFAULT_CSS = """
    LineTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .line-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .line-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .line-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .line-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .line-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .line-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .line-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, init=False, always_update=False)

    class Highlighted(Message):
        """The cursor moved to the row ``key`` (None: the table is empty)."""

        def __init__(self, key: int | None) -> None:
            super().__init__()
            self.key = key

    class Selected(Message):
        """Enter (or a click) on the row ``key``."""

        def __init__(self, key: int) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._header: list[Text] = []
        self._widths: list[int] = []
        self._rows: Sequence[Sequence[Text]] = ()
        self._keys: list[int] = []
        self.row_height = 1
        #: Each drawn row line (header: -1), unstyled; made once, when first in view.
        self._lines: dict[int, Strip] = {}

    # -- contents --------------------------------------------------------------------------
    def set_rows(
        self,
        labels: Sequence[str],
        rows: Sequence[Sequence[Text]],
        keys: Sequence[int],
        *,
        height: int = 1,
        cursor: int = 0,
    ) -> None:
        """Show ``rows`` (a cell per label; a cell's lines split at newlines) keyed by ``keys``.

        Each column is as wide as its label or its widest line; a cell justified
        right is drawn flush right in it.
        """
        self._header = [Text(label, style="bold") for label in labels]
        self._widths = [cell_len(label) for label in labels]
        for cells in rows:
            for i, cell in enumerate(cells):
                lines = cell.plain.split("\n")
                self._widths[i] = max(self._widths[i], *(cell_len(line) for line in lines))
        self._rows = rows
        self._keys = list(keys)
        self.row_height = max(1, height)
        self._lines.clear()
        width = sum(w + 2 * PAD for w in self._widths)
        self.virtual_size = Size(width, 1 + len(rows) * self.row_height)
        previous = self.cursor_row
        self.set_reactive(LineTable.cursor_row, self._clamp(cursor))
        self._follow()
        self.refresh()
        if self.cursor_row != previous or rows:
            self.post_message(self.Highlighted(self.selected_key))

    @property
    def row_count(self) -> int:
        """How many rows the table has."""
        return len(self._rows)

    @property
    def selected_key(self) -> int | None:
        """The key of the row under the cursor (None when there is no row)."""
        if not self._keys:
            return None
        return self._keys[self._clamp(self.cursor_row)]

    def key_at(self, index: int) -> int:
        """The key of row ``index``."""
        return self._keys[index]

    def row_text(self, index: int) -> str:
        """The plain text of row ``index``, its cells joined by spaces."""
        return " ".join(cell.plain for cell in self._rows[index])

    # -- the cursor ------------------------------------------------------------------------
    def _clamp(self, row: int) -> int:
        return max(0, min(row, len(self._rows) - 1))

    def move_cursor(self, row: int) -> None:
        """Put the cursor on row ``row`` (clamped) and scroll it into view."""
        self.cursor_row = self._clamp(row)

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._follow()
        self._refresh_row(old)
        self._refresh_row(new)
        self.post_message(self.Highlighted(self.selected_key))

    def _body_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _follow(self) -> None:
        """Scroll so that the cursor row is in view."""
        if not self._rows:
            return
        top = self.cursor_row * self.row_height
        bottom = top + self.row_height - 1
        body = self._body_height()
        y = self.scroll_offset.y
        if top < y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif bottom >= y + body:
            self.scroll_to(y=bottom - body + 1, animate=False, immediate=True)

    def _refresh_row(self, index: int) -> None:
        self.refresh_lines(1 + index * self.row_height, self.row_height)

    def action_cursor(self, delta: int) -> None:
        self.move_cursor(self.cursor_row + delta)

    def action_page(self, direction: int) -> None:
        rows = max(1, self._body_height() // self.row_height)
        self.move_cursor(self.cursor_row + direction * rows)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def action_select(self) -> None:
        key = self.selected_key
        if key is not None:
            self.post_message(self.Selected(key))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:
            return
        index = (self.scroll_offset.y + offset.y - 1) // self.row_height
        if 0 <= index < len(self._rows):
            event.stop()
            self.move_cursor(index)
            self.action_select()

    def on_resize(self) -> None:
        self._follow()

    # -- drawing ---------------------------------------------------------------------------
    def _make_line(self, cells: Sequence[Text], line: int) -> Strip:
        text = Text(end="", no_wrap=True)
        pad = " " * PAD
        for cell, width in zip(cells, self._widths, strict=False):
            parts = cell.split("\n") if "\n" in cell.plain else [cell]
            part = parts[line].copy() if line < len(parts) else Text()
            part.truncate(width, overflow="ellipsis")
            text.append(pad)
            if cell.justify == "right":
                text.append(" " * (width - part.cell_len))
                text.append_text(part)
            else:
                text.append_text(part)
                text.append(" " * (width - part.cell_len))
            text.append(pad)
        return Strip(text.render(self.app.console), text.cell_len)

    def _line(self, n: int) -> Strip:
        """Row line ``n`` (-1: the header), unstyled."""
        strip = self._lines.get(n)
        if strip is None:
            if n < 0:
                strip = self._make_line(self._header, 0)
            else:
                index, line = divmod(n, self.row_height)
                strip = self._make_line(self._rows[index], line)
            self._lines[n] = strip
        return strip

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        scroll_x, scroll_y = self.scroll_offset
        base = self.rich_style
        if y == 0:
            n = -1
            style = self.get_component_rich_style("line-table--header")
        else:
            n = scroll_y + y - 1
            index = n // self.row_height
            if index >= len(self._rows):
                return Strip.blank(width, base)
            if index == self.cursor_row:
                # The cursor's colours win over the cells' own, as in Textual's tables.
                style = self.get_component_rich_style("line-table--cursor")
                line = Strip(Segment.apply_style(self._line(n), post_style=style))
                return line.crop_extend(scroll_x, scroll_x + width, style)
            even = index % 2 == 0
            style = self.get_component_rich_style("line-table--even-row") if even else base
        return self._line(n).apply_style(style).crop_extend(scroll_x, scroll_x + width, style)
