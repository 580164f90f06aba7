"""The timeline grid: goals, milestones and steps on a time axis, moved with the keys.

Only the rows and columns on screen are drawn (see ``timeline_draw``), so tens
of thousands of items scroll as smoothly as a dozen.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message

from goaltui.ui.widgets.timeline_dates import ZOOMS, unit_index, unit_shift
from goaltui.ui.widgets.timeline_draw import HEADER, TimelineCanvas
from goaltui.ui.widgets.timeline_rows import Row, Rows

if TYPE_CHECKING:
    from goaltui.services.plan import TimelineGoal


class TimelineView(TimelineCanvas, can_focus=True):
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
        super().__init__(today, id=id)
        self.plan: list[TimelineGoal] = []
        #: The view was moved by a key (scrolled, zoomed, sent to an item): it stays
        #: put; otherwise it is placed again whenever the titles' width may change.
        self._moved = False

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
                        *(
                            2
                            + len(tm.milestone.title)
                            + (3 + len(tm.checkpoint)) * bool(tm.checkpoint)
                            for tm in tg.milestones
                        ),
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
        self._start_at(unit_shift(self.view_origin, direction * step, self.zoom))

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
        self._start_at(self._origin_for(anchor, min(int(share * self.columns), self.columns - 1)))

    def _start_at(self, origin: date | None) -> None:
        """Start the view on ``origin``, where it stays; None places it with today
        near the left edge, as it is whenever the titles' width changes."""
        self.origin = origin
        self._moved = origin is not None
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
        self._start_at(None)

    def action_go_to_item(self) -> None:
        """Scroll the selected item's date (or its goal's deadline) into view."""
        row = self.selected
        if row is None:
            return
        day = row.when or row.goal.deadline
        if day is not None:
            self._start_at(self._origin_for(day, self.columns // 2))

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
