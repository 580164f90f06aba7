"""Screen 3: every active KPI against its target and pace line, at a glance."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from goaltui.domain.models import KpiReading, KpiStatus
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.kpis.table import (
    LEGEND,
    SORTS,
    STATUS_FILTERS,
    WIDE,
    KpiTable,
    column_labels,
    kpi_rows,
    sort_readings,
)
from goaltui.ui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from datetime import date

    from textual.timer import Timer

    from goaltui.services import GoalService
    from goaltui.ui.screens.kpi_detail import KpiFacts
    from goaltui.ui.widgets.kpi_chart import ChartLook

#: Seconds the cursor rests on a KPI before its detail is read ahead.
READ_AHEAD_DELAY = 0.1


@dataclass(frozen=True, slots=True)
class Overview:
    """What the screen fetched: readings of active goals' KPIs."""

    readings: list[KpiReading]


class KpisScreen(BaseScreen):
    """KPIs: am I on pace? One row per KPI of an active goal; Enter for the detail."""

    MODE = "kpis"
    AUTO_FOCUS = "#kpi-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="kpis.open"),
        Binding("s", "sort", "Sort", id="kpis.sort"),
        Binding("f", "filter_status", "Status filter", id="kpis.filter_status"),
        Binding("g", "filter_goal", "Goal filter", id="kpis.filter_goal"),
        Binding("escape", "clear_filters", "Clear filters", show=False, id="kpis.clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.readings: list[KpiReading] = []
        self.sort_key = SORTS[0]
        self.status_filter: KpiStatus | None = None
        self.goal_filter: int | None = None
        self._loaded = False
        self._built_width = 0  # the terminal width the rows were laid out for
        # The highlighted KPI's detail, read ahead: (kpi id, day, facts).
        self._ahead: tuple[int, date, KpiFacts] | None = None
        self._ahead_timer: Timer | None = None
        self._generation = 0  # bumped by every reload: older reads ahead are dropped

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Loading your KPIs…"), id="kpi-summary")
        yield KpiTable(id="kpi-table")
        yield Static("", id="kpi-empty")
        yield Static(LEGEND, id="kpi-legend")

    # -- loading -------------------------------------------------------------------------
    @staticmethod
    def fetch_first(svc: GoalService) -> Overview:
        """Every KPI of the active goals, read."""
        active = svc.active_goal_ids()
        return Overview(svc.readings(active) if active else [])

    def show_first(self, data: Overview) -> None:
        self._show(data)

    def reload(self) -> None:
        self._generation += 1
        self._ahead = None
        if not self._loaded:
            self.query_one(KpiTable).loading = True
        self.goal_app.background(self.fetch_first, self._show, group="kpis-load", exclusive=True)

    def _show(self, overview: Overview) -> None:
        self.readings = overview.readings
        self._loaded = True
        self.query_one(KpiTable).loading = False
        if self.goal_filter is not None and all(
            r.kpi.goal_id != self.goal_filter for r in self.readings
        ):
            self.goal_filter = None
        self._rebuild()

    def on_resize(self) -> None:
        super().on_resize()
        if self._loaded and self.app.size.width != self._built_width:
            self._rebuild()

    def _visible(self) -> list[KpiReading]:
        shown = [
            r
            for r in self.readings
            if (self.status_filter is None or r.status == self.status_filter)
            and (self.goal_filter is None or r.kpi.goal_id == self.goal_filter)
        ]
        return sort_readings(shown, self.sort_key)

    def _rebuild(self) -> None:
        table = self.query_one(KpiTable)
        previous = self.selected_kpi_id()
        width = self._built_width = self.app.size.width
        rows = self._visible()
        # The table's border and margins, and a scrollbar when the rows overflow.
        lines = len(rows) * (1 if width >= WIDE else 2) + 1
        # (Before the first layout: the terminal's height less the other lines' usual share.)
        fits = lines <= (table.scrollable_content_region.height or self.app.size.height - 9)
        table_rows = kpi_rows(rows, width, width - 4 - (0 if fits else 2))
        labels = column_labels(width)
        keys = [r.kpi.id for r in rows]
        cursor = keys.index(previous) if previous in keys else 0
        table.set_rows(labels, table_rows, keys, height=1 if width >= WIDE else 2, cursor=cursor)
        self._summarise(len(rows))
        empty = self.query_one("#kpi-empty", Static)
        empty.display = not rows
        table.display = bool(rows)
        if rows:
            if self.focused is None:
                table.focus()
        elif self.readings:
            empty.update(Text(self._why_empty()))
        else:
            empty.update(
                Text(
                    "No KPIs to show yet. KPIs of your active goals appear here: "
                    "add a goal with a measurable target on screen 1 (press n)."
                )
            )
        self._read_ahead_soon()

    def _why_empty(self) -> str:
        """What the filters left out, and how to see more."""
        status = f"{self.status_filter.value} " if self.status_filter else ""
        if self.goal_filter is None:
            return f"No {status}KPIs. Press f for another status, or Esc to show every KPI."
        if not status:
            return "No KPIs for this goal. Press g for another goal, or Esc to show every KPI."
        return (
            f"No {status}KPIs for this goal. Press f for another status, g for another goal, "
            "or Esc to show every KPI."
        )

    def _summarise(self, shown: int) -> None:
        text = Text(f" {shown} of {len(self.readings)} KPIs", style="bold", end="")
        text.append(f"  ·  sort: {self.sort_key} (s)")
        status = self.status_filter.value if self.status_filter else "all"
        text.append(f"  ·  status: {status} (f)")
        text.append("  ·  goal: ")
        if self.goal_filter is None:
            text.append("all")
        else:
            title = next(
                (r.goal_title for r in self.readings if r.kpi.goal_id == self.goal_filter), ""
            )
            text.append_text(safe(title, style="italic", limit=30))
        text.append(" (g)")
        self.query_one("#kpi-summary", Static).update(text)

    # -- actions ---------------------------------------------------------------------------
    def selected_kpi_id(self) -> int | None:
        """The KPI under the cursor, if any."""
        return self.query_one(KpiTable).selected_key

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
        event.stop()
        self._open(event.key)

    def action_open(self) -> None:
        kpi_id = self.selected_kpi_id()
        if kpi_id is None:
            self.notify("There is no KPI to open.", markup=False)
            return
        self._open(kpi_id)

    def _open(self, kpi_id: int) -> None:
        from goaltui.ui.screens.kpi_detail import KpiDetailScreen

        if self._ahead_timer is not None:
            self._ahead_timer.stop()
            self._ahead_timer = None
        ahead = self._ahead
        facts = None
        if ahead is not None and ahead[:2] == (kpi_id, self.goal_app.clock.today()):
            facts = ahead[2]
        self.app.push_screen(KpiDetailScreen(kpi_id, facts))

    # -- the highlighted KPI's detail, read while the cursor rests on it --------------------
    def on_line_table_highlighted(self, event: LineTable.Highlighted) -> None:
        event.stop()
        self._read_ahead_soon()

    def on_screen_resume(self) -> None:
        self._read_ahead_soon()

    def _read_ahead_soon(self) -> None:
        """Read the highlighted KPI's detail once the cursor rests, so Enter only draws."""
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
        self._ahead_timer = self.set_timer(READ_AHEAD_DELAY, self._read_ahead)

    def _read_ahead(self) -> None:
        self._ahead_timer = None
        kpi_id = self.selected_kpi_id()
        if kpi_id is None or not self.is_current or not self._loaded:
            return
        today = self.goal_app.clock.today()
        if self._ahead is not None and self._ahead[:2] == (kpi_id, today):
            return
        generation = self._generation
        look = self._chart_look(today)

        def fetch(svc: GoalService) -> KpiFacts:
            from goaltui.ui.screens.kpi_detail import fetch_facts

            return fetch_facts(svc, kpi_id, look)

        def keep(facts: KpiFacts) -> None:
            if generation == self._generation and kpi_id == self.selected_kpi_id():
                self._ahead = (kpi_id, today, facts)

        def ignore(_message: str) -> None:
            """The detail reads (and reports) it again when it opens."""

        self.goal_app.background(
            fetch,
            keep,
            group="kpi-read-ahead",
            exclusive=True,
            failed=ignore,
        )

    def _chart_look(self, today: date) -> ChartLook | None:
        """How the detail's chart will look, to draw it ahead (once the chart is imported)."""
        if "goaltui.ui.widgets.kpi_chart" not in sys.modules:
            return None  # importing it (and plotext) here would hold up the screen
        from goaltui.ui.widgets.kpi_chart import ChartLook, chart_size, plot_theme

        size = self.app.size
        return ChartLook(today, chart_size(size.width, size.height), plot_theme(self.app))

    def action_sort(self) -> None:
        self.sort_key = SORTS[(SORTS.index(self.sort_key) + 1) % len(SORTS)]
        self._rebuild()

    def action_filter_status(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self._rebuild()

    def action_filter_goal(self) -> None:
        from goaltui.ui.screens.dialogs import TOP_LEVEL, PickGoalScreen

        seen: dict[int, str] = {}
        for r in sort_readings(self.readings, "goal"):
            seen.setdefault(r.kpi.goal_id, r.goal_title)
        if not seen:
            self.notify("There are no goals with KPIs to filter by.", markup=False)
            return

        def chosen(goal_id: int | None) -> None:
            if goal_id is not None:
                self.goal_filter = None if goal_id == TOP_LEVEL else goal_id
                self._rebuild()

        choices = [(goal_id, title, 0) for goal_id, title in seen.items()]
        self.app.push_screen(
            PickGoalScreen("Show the KPIs of…", choices, top_label="(all goals)"), chosen
        )

    def action_clear_filters(self) -> None:
        if self.status_filter is None and self.goal_filter is None:
            return
        self.status_filter = None
        self.goal_filter = None
        self._rebuild()
