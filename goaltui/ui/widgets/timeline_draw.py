"""Drawing the timeline: the header, and each row's title and marks on the time axis.

Only the rows and columns on screen are drawn (``render_line``), so tens of
thousands of items scroll as smoothly as a dozen.
"""

from __future__ import annotations

from calendar import month_abbr
from datetime import date, timedelta

from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual.widget import Widget

from goaltui.ui.safe import safe
from goaltui.ui.widgets.timeline_dates import (
    COL_WIDTH,
    header_labels,
    unit_index,
    unit_shift,
    unit_start,
)
from goaltui.ui.widgets.timeline_rows import Row, Rows

#: Lines of the header: the months (or years), then the days (or months, quarters).
HEADER = 2


def _parse_old(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class TimelineCanvas(Widget):
    """The rows from :attr:`top` down on a time axis from :attr:`view_origin` (the
    timeline view's base class: it adds the keys and the data)."""

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rows = Rows([], set())
        #: The goals whose milestones and steps are folded away.
        self.collapsed: set[int] = set()
        self.today = today
        self.zoom = "week"
        #: The first day of the first column (None: placed with today near the left).
        self.origin: date | None = None
        self.cursor = 0
        self.top = 0
        self._longest = 0  # the longest row label, in cells

    # -- geometry --------------------------------------------------------------------
    @property
    def label_width(self) -> int:
        """Width of the titles column: the longest title's, up to 2/5 of the width."""
        return max(16, min(self._longest + 1, self.size.width * 2 // 5))

    @property
    def columns(self) -> int:
        """How many time columns fit (at least one)."""
        grid = max(self.size.width - self.label_width - 1, 1)
        return max(grid // COL_WIDTH[self.zoom], 1)

    @property
    def body_height(self) -> int:
        """Rows of items that fit under the header."""
        return max(self.size.height - HEADER, 1)

    @property
    def view_origin(self) -> date:
        """The first day of the first visible column (today near the left by default)."""
        if self.origin is None:
            self.origin = self._origin_for(self.today, self.columns // 4)
        return self.origin

    @property
    def view_end(self) -> date:
        """The last day of the last visible column."""
        return unit_shift(self.view_origin, self.columns, self.zoom) - timedelta(days=1)

    def _origin_for(self, day: date, column: int) -> date:
        return unit_shift(unit_start(day, self.zoom), -column, self.zoom)

    # -- drawing ---------------------------------------------------------------------
    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"timeline--{name}", partial=True)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y < HEADER:
            text = self._header(y)
        else:
            index = self.top + y - HEADER
            if index >= len(self.rows):
                text = self._grid_only(index)
            else:
                text = self._row(self.rows[index], index == self.cursor)
        segments = list(text.render(self.app.console, end=""))
        return Strip(segments).adjust_cell_length(width).apply_style(self.rich_style)

    def _label(self, text: Text, base: Style | None = None) -> Text:
        text = text.copy()
        text.truncate(self.label_width, overflow="ellipsis", pad=True)
        if base is not None:
            text.stylize(base)
        return text

    def _header(self, y: int) -> Text:
        zoom, colw, origin = self.zoom, COL_WIDTH[self.zoom], self.view_origin
        ncols = self.columns
        grid = [" "] * (ncols * colw)
        styles: list[Style | None] = [None] * len(grid)
        today_col = unit_index(origin, self.today, zoom)
        if y == 0:
            label = Text(f" zoom: {zoom}s")
            for x, word in header_labels(origin, ncols, zoom):
                for i, ch in enumerate(word):
                    if x + i < len(grid):
                        grid[x + i] = ch
        else:
            label = Text(f" today {self.today.isoformat()}")
            for col in range(ncols):
                start = unit_shift(origin, col, zoom)
                if zoom == "day" or zoom == "week":
                    word = f"{start.day:>2}"
                elif zoom == "month":
                    word = month_abbr[start.month]
                else:
                    word = f"Q{(start.month - 1) // 3 + 1}"
                for i, ch in enumerate(word[:colw]):
                    grid[col * colw + i] = ch
                if col == today_col:
                    for i in range(colw):
                        styles[col * colw + i] = self._style("today")
        out = self._label(label)
        out.append(" ")
        out.append_text(self._cells(grid, styles))
        out.stylize(self._style("header"), 0, len(out))
        return out

    def _cells(self, grid: list[str], styles: list[Style | None]) -> Text:
        out = Text(end="")
        run, run_style = "", styles[0] if styles else None
        for ch, style in zip(grid, styles, strict=True):
            if style != run_style:
                out.append(run, run_style)
                run, run_style = "", style
            run += ch
        out.append(run, run_style)
        return out

    def _base_grid(self) -> tuple[list[str], list[Style | None], int]:
        colw, ncols = COL_WIDTH[self.zoom], self.columns
        grid = [" "] * (ncols * colw)
        styles: list[Style | None] = [None] * len(grid)
        today_col = unit_index(self.view_origin, self.today, self.zoom)
        if 0 <= today_col < ncols:
            today = self._style("today")
            for i in range(colw):
                styles[today_col * colw + i] = today
            grid[today_col * colw + 1] = "│"
        return grid, styles, ncols

    def _grid_only(self, _index: int) -> Text:
        grid, styles, _ = self._base_grid()
        out = Text(" " * (self.label_width + 1), end="")
        out.append_text(self._cells(grid, styles))
        return out

    def _put(
        self, grid: list[str], styles: list[Style | None], day: date, ch: str, style: Style
    ) -> int | None:
        col = unit_index(self.view_origin, day, self.zoom)
        if not 0 <= col < self.columns:
            return None
        x = col * COL_WIDTH[self.zoom] + 1
        grid[x] = ch
        styles[x] = (styles[x] or Style()) + style
        return x

    def _row(self, row: Row, selected: bool) -> Text:
        grid, styles, ncols = self._base_grid()
        colw, zoom, origin, today = COL_WIDTH[self.zoom], self.zoom, self.view_origin, self.today
        goal = row.goal
        if row.kind == "goal":
            fold = "▸" if goal.id in self.collapsed else "▾"
            label = Text(f"{fold} ", end="")
            label.append_text(safe(goal.title, limit=80))
            if goal.id in self.collapsed and row.count:
                label.append(f" ({row.count})")
            label.stylize(self._style("goal"))
            first = max(unit_index(origin, goal.start, zoom), 0)
            last = ncols - 1
            if goal.deadline is not None:
                last = min(unit_index(origin, goal.deadline, zoom), ncols - 1)
            span = self._style("span")
            for x in range(first * colw + 1, last * colw + 2):
                if grid[x] == " ":
                    grid[x] = "─"
                    styles[x] = (styles[x] or Style()) + span
            if goal.deadline is not None:
                self._put(grid, styles, goal.deadline, "⚑", self._style("deadline"))
        else:
            indent = "  " if row.kind == "milestone" else "     "
            state = row.state(today)
            glyph = row.glyph(today)
            label = Text(f"{indent}{glyph} ", end="")
            label.stylize(
                self._style(
                    "done"
                    if state == "done"
                    else state
                    if state in ("overdue", "soon")
                    else "future"
                )
            )
            # A step's importance shows in its title: high in bold, low dimmed.
            weight = getattr(row.item, "importance", "normal")
            emphasis = {"high": "bold", "low": "dim"}.get(weight, "")
            label.append_text(safe(row.title, style=emphasis, limit=80))
            if row.checkpoint:
                mark = safe(f" · {row.checkpoint}", limit=63)
                mark.stylize(self._style("muted"))
                label.append_text(mark)
            if goal.deadline is not None:
                col = unit_index(origin, goal.deadline, zoom)
                x = col * colw + 1
                if 0 <= col < ncols and grid[x] == " ":
                    grid[x] = "┊"
                    styles[x] = (styles[x] or Style()) + self._style("deadline")
            when = row.when
            old = _parse_old(row.moved.old) if row.moved is not None else None
            muted = self._style("muted")
            if when is not None and old is not None and old != when:
                a = unit_index(origin, min(old, when), zoom)
                b = unit_index(origin, max(old, when), zoom)
                for x in range(max(a * colw + 1, 0), min(b * colw + 1, len(grid) - 1) + 1):
                    if grid[x] == " ":
                        grid[x] = "╌"
                        styles[x] = (styles[x] or Style()) + muted
                self._put(grid, styles, old, "○", muted)
            if when is not None:
                state_style = self._style(state if state != "undated" else "future")
                if self._put(grid, styles, when, glyph, state_style) is None and grid:
                    if when < origin:
                        grid[0], styles[0] = "◂", state_style
                    else:
                        grid[-1], styles[-1] = "▸", state_style
        out = self._label(label)
        out.append(" ")
        out.append_text(self._cells(grid, styles))
        if selected:
            out.stylize_before(self._style("cursor"))
            out.stylize(Style(bold=True), 0, self.label_width)
        return out
