"""The timeline grid: goals, milestones and steps on a time axis.

Only the rows and columns on screen are drawn (``render_line``), so tens of
thousands of items scroll as smoothly as a dozen.
"""

from __future__ import annotations

from array import array
from calendar import month_abbr
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar, overload

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from goaltui.domain.models import Goal, Milestone, Step
from goaltui.ui.safe import safe

if TYPE_CHECKING:
    from goaltui.services.plan import Moved, TimelineGoal

ZOOMS = ("day", "week", "month", "quarter")
COL_WIDTH = {"day": 3, "week": 3, "month": 4, "quarter": 4}
HEADER = 2
#: An open item due within this many days is "due soon".
SOON_DAYS = 7

GLYPH = {"done": "✔", "overdue": "!", "soon": "◐", "milestone": "◆", "step": "·"}
STATE_WORD = {
    "done": "done",
    "overdue": "overdue",
    "soon": "due soon",
    "future": "planned",
    "undated": "no date",
}
LEGEND = "✔ done  ! overdue  ◐ due soon  ◆ milestone  · step  │ today  ⚑ deadline  ○╌ moved"


# -- calendar arithmetic ---------------------------------------------------------------
def unit_start(day: date, zoom: str) -> date:
    """The first day of the day/week/month/quarter holding ``day``."""
    if zoom == "day":
        return day
    if zoom == "week":
        return day - timedelta(days=day.weekday())
    if zoom == "month":
        return day.replace(day=1)
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _months(day: date) -> int:
    return day.year * 12 + day.month - 1


def unit_shift(start: date, count: int, zoom: str) -> date:
    """The unit ``count`` units after the one starting on ``start``."""
    if zoom == "day":
        return start + timedelta(days=count)
    if zoom == "week":
        return start + timedelta(weeks=count)
    months = _months(start) + count * (1 if zoom == "month" else 3)
    year = min(max(months // 12, 1), 9999)
    return date(year, months % 12 + 1, 1)


def unit_index(origin: date, day: date, zoom: str) -> int:
    """How many units ``day`` lies after the unit starting on ``origin``."""
    if zoom == "day":
        return (day - origin).days
    if zoom == "week":
        return (day - origin).days // 7
    months = _months(day) - _months(origin)
    return months if zoom == "month" else (_months(day) // 3 - _months(origin) // 3)


def column_month(start: date, zoom: str) -> date:
    """The first of the month a column belongs to: a week's is its Thursday's (as ISO)."""
    if zoom == "week":
        start += timedelta(days=3)
    return start.replace(day=1)


def header_labels(origin: date, ncols: int, zoom: str) -> list[tuple[int, str]]:
    """(x, word) of the top header line: each month (days, weeks) or year (months, quarters).

    A label stands over the first column of its month or year, with the year on
    the first label and when it changes. A label that would run into the next
    one gives way to it (the first column is usually only a part of its month).
    """
    colw = COL_WIDTH[zoom]
    labels: list[tuple[int, date]] = []
    for col in range(ncols):
        start = unit_shift(origin, col, zoom)
        if zoom in ("day", "week"):
            month = column_month(start, zoom)
            if col == 0 or month != column_month(unit_shift(origin, col - 1, zoom), zoom):
                labels.append((col * colw, month))
        elif col == 0 or start.month == 1:
            labels.append((col * colw, date(start.year, 1, 1)))
    out: list[tuple[int, str]] = []
    shown_year = None
    for index, (x, month) in enumerate(labels):
        if zoom not in ("day", "week"):
            word = str(month.year)
        elif month.year != shown_year:
            word = f"{month_abbr[month.month]} {month.year}"
        else:
            word = month_abbr[month.month]
        if index + 1 < len(labels) and x + len(word) >= labels[index + 1][0]:
            continue  # gives way to the next label, which then shows the year
        out.append((x, word))
        shown_year = month.year
    return out


# -- rows ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Row:
    """One line of the timeline: a goal, a milestone or a step."""

    kind: str  # "goal", "milestone" or "step"
    goal: Goal
    item: Milestone | Step | None = None
    milestone: Milestone | None = None
    moved: Moved | None = None
    count: int = 0  # for a goal: its milestones and steps
    paused: int = 0  # for a goal: days paused so far

    @property
    def key(self) -> tuple[str, int]:
        """What identifies the row across reloads."""
        return (self.kind, self.item.id if self.item is not None else self.goal.id)

    @property
    def when(self) -> date | None:
        """The milestone's target date or the step's due date."""
        if isinstance(self.item, Milestone):
            return self.item.target_date
        if isinstance(self.item, Step):
            return self.item.due
        return None

    @property
    def title(self) -> str:
        """The item's (or goal's) title."""
        return self.item.title if self.item is not None else self.goal.title

    def state(self, today: date) -> str:
        """done, overdue, soon, future or undated."""
        if self.item is None:
            return "future"
        if self.item.done_on is not None:
            return "done"
        when = self.when
        if when is None:
            return "undated"
        if when < today:
            return "overdue"
        return "soon" if (when - today).days <= SOON_DAYS else "future"

    def glyph(self, today: date) -> str:
        """The status glyph: ✔ ! ◐, else ◆ for a milestone and · for a step."""
        state = self.state(today)
        return GLYPH.get(state, GLYPH["step" if self.kind == "step" else "milestone"])


class Rows(Sequence[Row]):
    """The visible rows: each goal, then (unless folded) its milestones and their steps.

    A long plan has tens of thousands of rows and a screen shows a few dozen:
    each row is kept as three indexes into the plan and made when asked for.
    """

    def __init__(self, plan: list[TimelineGoal], collapsed: set[int]) -> None:
        self.plan = plan
        # Per row: its goal's index in the plan, its milestone's, its step's (-1: none).
        self._goal, self._milestone, self._step = array("i"), array("i"), array("i")
        for g, tg in enumerate(plan):
            self._add(g, -1, -1)
            if tg.goal.id in collapsed:
                continue
            for m, tm in enumerate(tg.milestones):
                self._add(g, m, -1)
                for step in range(len(tm.steps)):
                    self._add(g, m, step)

    def _add(self, goal: int, milestone: int, step: int) -> None:
        self._goal.append(goal)
        self._milestone.append(milestone)
        self._step.append(step)

    def __len__(self) -> int:
        return len(self._goal)

    @overload
    def __getitem__(self, index: int) -> Row: ...
    @overload
    def __getitem__(self, index: slice) -> list[Row]: ...
    def __getitem__(self, index: int | slice) -> Row | list[Row]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        tg = self.plan[self._goal[index]]
        m, step = self._milestone[index], self._step[index]
        if m < 0:
            count = sum(1 + len(tm.steps) for tm in tg.milestones)
            return Row("goal", tg.goal, count=count, paused=tg.paused_days)
        tm = tg.milestones[m]
        if step < 0:
            return Row("milestone", tg.goal, tm.milestone, tm.milestone, tm.moved)
        s = tm.steps[step]
        return Row("step", tg.goal, s, tm.milestone, tm.steps_moved.get(s.id))

    def find(self, key: tuple[str, int]) -> int | None:
        """The index of the row with ``key`` (see :attr:`Row.key`), if it is shown."""
        kind, wanted = key
        plan = self.plan
        for i, (g, m, step) in enumerate(zip(self._goal, self._milestone, self._step, strict=True)):
            if kind == "goal":
                if m < 0 and plan[g].goal.id == wanted:
                    return i
            elif kind == "milestone":
                if m >= 0 and step < 0 and plan[g].milestones[m].milestone.id == wanted:
                    return i
            elif step >= 0 and plan[g].milestones[m].steps[step].id == wanted:
                return i
        return None


def _parse_old(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class TimelineView(Widget, can_focus=True):
    """Goals, milestones and steps on a time axis; draws only what is on screen."""

    DEFAULT_CSS = """
    TimelineView { height: 1fr; }
    TimelineView > .timeline--header { text-style: bold; color: $text-muted; }
    TimelineView > .timeline--today { background: $accent 30%; color: $accent; text-style: bold; }
    TimelineView > .timeline--cursor { background: $primary 35%; }
    TimelineView:focus > .timeline--cursor { background: $primary 60%; }
    TimelineView > .timeline--goal { text-style: bold; }
    TimelineView > .timeline--span { color: $text-muted; }
    TimelineView > .timeline--deadline { color: $warning; text-style: bold; }
    TimelineView > .timeline--done { color: $success; }
    TimelineView > .timeline--overdue { color: $error; text-style: bold; }
    TimelineView > .timeline--soon { color: $warning; text-style: bold; }
    TimelineView > .timeline--future { color: $primary-lighten-2; }
    TimelineView > .timeline--muted { color: $text-muted; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "timeline--header",
        "timeline--today",
        "timeline--cursor",
        "timeline--goal",
        "timeline--span",
        "timeline--deadline",
        "timeline--done",
        "timeline--overdue",
        "timeline--soon",
        "timeline--future",
        "timeline--muted",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False, id="timeline.up"),
        Binding("down", "cursor(1)", "Down", show=False, id="timeline.down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="timeline.page_up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="timeline.page_down"),
        Binding("home", "first", "First", show=False, id="timeline.first"),
        Binding("end", "last", "Last", show=False, id="timeline.last"),
        Binding("left", "scroll_time(-1)", "Earlier", key_display="←", id="timeline.earlier"),
        Binding("right", "scroll_time(1)", "Later", key_display="→", id="timeline.later"),
        Binding("plus,equals_sign", "zoom(-1)", "Zoom in", key_display="+", id="timeline.zoom_in"),
        Binding("minus", "zoom(1)", "Zoom out", key_display="-", id="timeline.zoom_out"),
        Binding("t", "today", "Today", id="timeline.today"),
        Binding("g", "go_to_item", "Go to date", show=False, id="timeline.go"),
        Binding(
            "right_square_bracket",
            "next_open(1)",
            "Next open",
            key_display="]",
            show=False,
            id="timeline.next_open",
        ),
        Binding(
            "left_square_bracket",
            "next_open(-1)",
            "Previous open",
            key_display="[",
            show=False,
            id="timeline.previous_open",
        ),
        Binding("enter,space", "fold", "Fold", id="timeline.fold"),
    ]

    class Changed(Message):
        """The selection, the zoom or the visible time span changed."""

    def __init__(self, today: date, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.plan: list[TimelineGoal] = []
        self.rows = Rows([], set())
        self.collapsed: set[int] = set()
        self.today = today
        self.zoom = "week"
        self.origin: date | None = None
        #: The view was moved by a key (scrolled, zoomed, sent to an item): it stays
        #: put; otherwise it is placed again whenever the titles' width may change.
        self._moved = False
        self.cursor = 0
        self.top = 0
        self._longest = 0  # the longest row label, in cells

    # -- data ------------------------------------------------------------------------
    def set_plan(self, plan: list[TimelineGoal], today: date) -> None:
        """Show ``plan``; the selected item stays selected when it is still there."""
        keep = self.selected.key if self.selected is not None else None
        self.plan, self.today = plan, today
        # A row's label: its indent and glyph (2 cells for a goal or milestone, 5 for a
        # step), then its title.
        self._longest = max(
            (
                max(
                    [
                        2 + len(tg.goal.title),
                        *(2 + len(tm.milestone.title) for tm in tg.milestones),
                        *(5 + len(step.title) for tm in tg.milestones for step in tm.steps),
                    ]
                )
                for tg in plan
            ),
            default=0,
        )
        if not self._moved:
            self.origin = None  # the titles' column may have changed width
        self._rebuild(keep)
        self._changed()

    def _rebuild(self, keep: tuple[str, int] | None) -> None:
        self.rows = Rows(self.plan, self.collapsed)
        found = self.rows.find(keep) if keep is not None else None
        if found is not None:
            self.cursor = found
        self.cursor = min(max(self.cursor, 0), max(len(self.rows) - 1, 0))
        self._follow()

    @property
    def selected(self) -> Row | None:
        """The row under the cursor."""
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

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

    def _follow(self) -> None:
        if self.cursor < self.top:
            self.top = self.cursor
        elif self.cursor >= self.top + self.body_height:
            self.top = self.cursor - self.body_height + 1
        self.top = max(0, min(self.top, max(len(self.rows) - self.body_height, 0)))

    def _changed(self) -> None:
        self.refresh()
        self.post_message(self.Changed())

    def on_resize(self) -> None:
        if not self._moved:
            self.origin = None
        self._follow()
        self.refresh()

    # -- actions ---------------------------------------------------------------------
    def move_to(self, index: int) -> None:
        """Select row ``index`` (clamped) and keep it in view."""
        if not self.rows:
            return
        self.cursor = min(max(index, 0), len(self.rows) - 1)
        self._follow()
        self._changed()

    def action_cursor(self, delta: int) -> None:
        """Select the row above or below."""
        self.move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """Move a screenful up or down."""
        self.move_to(self.cursor + direction * max(self.body_height - 1, 1))

    def action_first(self) -> None:
        """Select the first row."""
        self.move_to(0)

    def action_last(self) -> None:
        """Select the last row."""
        self.move_to(len(self.rows) - 1)

    def action_next_open(self, direction: int) -> None:
        """Select the next (or previous) milestone or step not done yet."""
        index = self.cursor + direction
        while 0 <= index < len(self.rows):
            item = self.rows[index].item
            if item is not None and item.done_on is None:
                self.move_to(index)
                return
            index += direction

    def action_scroll_time(self, direction: int) -> None:
        """Show earlier or later dates, a quarter of the view at a time."""
        step = max(self.columns // 4, 1)
        self.origin = unit_shift(self.view_origin, direction * step, self.zoom)
        self._moved = True
        self._changed()

    def action_zoom(self, delta: int) -> None:
        """Days, weeks, months, quarters, keeping a day in view where it was.

        That day is the selected item's if it is in view, else today if it is,
        else the middle of the view.
        """
        index = ZOOMS.index(self.zoom) + delta
        if not 0 <= index < len(ZOOMS):
            return
        anchor, column = self._zoom_anchor()
        share = column / self.columns
        self.zoom = ZOOMS[index]
        self.origin = self._origin_for(anchor, min(int(share * self.columns), self.columns - 1))
        self._moved = True
        self._changed()

    def _zoom_anchor(self) -> tuple[date, int]:
        """The day to keep in view while zooming, and its column now."""
        row = self.selected
        for day in (row.when if row is not None else None, self.today):
            if day is not None:
                column = unit_index(self.view_origin, day, self.zoom)
                if 0 <= column < self.columns:
                    return day, column
        return unit_shift(self.view_origin, self.columns // 2, self.zoom), self.columns // 2

    def action_today(self) -> None:
        """Bring today back into view, near the left edge (and keep it there)."""
        self.origin = None
        self._moved = False
        self._changed()

    def action_go_to_item(self) -> None:
        """Scroll the selected item's date (or its goal's deadline) into view."""
        row = self.selected
        if row is None:
            return
        day = row.when or row.goal.deadline
        if day is not None:
            self.origin = self._origin_for(day, self.columns // 2)
            self._moved = True
            self._changed()

    def action_fold(self) -> None:
        """Fold or unfold the selected row's goal."""
        row = self.selected
        if row is None:
            return
        goal_id = row.goal.id
        self.collapsed.symmetric_difference_update({goal_id})
        self._rebuild(("goal", goal_id))
        self._changed()

    def set_all_folded(self, folded: bool) -> None:
        """Fold or unfold every goal."""
        row = self.selected
        self.collapsed = {tg.goal.id for tg in self.plan} if folded else set()
        self._rebuild(("goal", row.goal.id) if row is not None else None)
        self._changed()

    def on_click(self, event: events.Click) -> None:
        if event.y >= HEADER:
            self.move_to(self.top + event.y - HEADER)

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        event.stop()
        self.top = max(0, min(self.top + 3, max(len(self.rows) - self.body_height, 0)))
        self.refresh()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        event.stop()
        self.top = max(self.top - 3, 0)
        self.refresh()

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
            label.append_text(safe(row.title, limit=80))
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
