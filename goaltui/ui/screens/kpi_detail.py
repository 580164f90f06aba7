"""One KPI in depth: a chart against its pace line, and its measurements to correct.

Imported only when a detail opens, so plotext never slows the first paint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.strip import Strip
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from goaltui.domain.models import KpiReading, Measurement, PaceLine
from goaltui.present import describe_reading, format_value
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.kpis import STATUS_STYLE, status_text, value_text

if TYPE_CHECKING:
    from collections.abc import Sequence

    from textual.app import App

    from goaltui.services import GoalService
    from goaltui.ui.screens.measurement_form import MeasurementInput

#: Measurements listed in the table (the newest ones).
SHOWN = 200

#: Rows put in the table before the first paint; the rest follow right after it.
FIRST_ROWS = 24


@dataclass(frozen=True, slots=True)
class ChartLook:
    """What a drawn chart depends on besides the reading: the day, its size, the plot theme."""

    today: date
    size: tuple[int, int]
    theme: str


@dataclass(frozen=True, slots=True)
class DrawnChart:
    """A chart drawn ahead of time (in a worker thread): its lines of segments."""

    reading: KpiReading
    look: ChartLook
    lines: list[list[Segment]]


@dataclass(frozen=True, slots=True)
class KpiFacts:
    """What the detail fetched: the full reading, the latest measurements, maybe the chart."""

    reading: KpiReading
    measurements: list[Measurement]
    chart: DrawnChart | None = None


def fetch_facts(svc: GoalService, kpi_id: int, look: ChartLook | None = None) -> KpiFacts:
    """Everything the detail of ``kpi_id`` shows (run it in a worker thread).

    With ``look``, the chart is drawn too, so that the detail only has to paint it.
    """
    reading = svc.reading(kpi_id)
    measurements = svc.measurements(kpi_id, SHOWN + 1)
    chart = None
    if look is not None:
        chart = DrawnChart(reading, look, draw_chart(Plot(), reading, look))
    return KpiFacts(reading, measurements, chart)


#: The chart's size by terminal size, as last laid out.
_CHART_SIZES: dict[tuple[int, int], tuple[int, int]] = {}


def chart_size(width: int, height: int) -> tuple[int, int]:
    """The chart's size on a ``width`` x ``height`` terminal, to draw it ahead of time.

    As the detail last laid it out at that size; else as kpis.tcss lays it out:
    the screen bar, the key bar and the four lines of the head above and below,
    the table 35% of the rest (at least 4 lines) and its title under the chart,
    and two scrollbar gutters of 2 columns each on the right. A wrong guess only
    means the chart is drawn when it is painted.
    """
    seen = _CHART_SIZES.get((width, height))
    if seen is not None:
        return seen
    main = height - 6
    table = max(4, main * 35 // 100)
    return width - 4, max(8, main - 1 - table)


def plot_theme(app: App[object]) -> str:
    """The plotext theme a chart uses under the app's theme, registered with plotext.

    Charts register it when they mount; a chart drawn ahead of time needs it before.
    Worked out once per theme: the KPI list asks each time its cursor rests.
    """
    name = _PLOT_THEMES.get(app.theme)
    if name is None:
        probe = PlotextPlot()
        probe._register_theme(app.theme)
        name = _PLOT_THEMES[app.theme] = probe._get_plotext_theme_name(app.theme)
    return name


#: The plotext theme registered for each app theme so far.
_PLOT_THEMES: dict[str, str] = {}


def thin(
    xs: Sequence[float], ys: Sequence[float], x0: float, x1: float, slots: int
) -> tuple[list[float], list[float]]:
    """At most two points per slot of ``slots`` across ``x0``..``x1``: its lowest and highest.

    A chart cannot show more than a few points per column; these two (in their
    order) keep every peak and dip the full series draws. Fewer points than
    slots come back as they are.
    """
    if len(xs) <= slots or x1 <= x0 or slots < 1:
        return list(xs), list(ys)
    scale = slots / (x1 - x0)
    out_x: list[float] = []
    out_y: list[float] = []
    slot = -1
    low = high = 0
    for i, x in enumerate(xs):
        s = min(slots - 1, max(0, int((x - x0) * scale)))
        if s != slot:
            if slot >= 0:
                for j in sorted({low, high}):
                    out_x.append(xs[j])
                    out_y.append(ys[j])
            slot, low, high = s, i, i
        elif ys[i] < ys[low]:
            low = i
        elif ys[i] > ys[high]:
            high = i
    for j in sorted({low, high}):
        out_x.append(xs[j])
        out_y.append(ys[j])
    return out_x, out_y


def date_ticks(first: date, last: date, width: int) -> tuple[list[float], list[str]]:
    """Evenly spread x ticks with short date labels that fit ``width`` columns."""
    count = max(2, min(7, width // 13))
    span = max(1, (last - first).days)
    fmt = "%b %d" if span <= 400 else "%b %Y"
    if span <= 400 and first.year != last.year:
        fmt = "%d %b %y"
    days = sorted({round(span * i / (count - 1)) for i in range(count)})
    ticks = [first + timedelta(days=d) for d in days]
    return [float(t.toordinal()) for t in ticks], [t.strftime(fmt) for t in ticks]


def legend(reading: KpiReading) -> Text:
    """What each mark on the chart means (plotext's own legend would hide data)."""
    text = Text("chart: ", style="dim", end="")
    parts = [("●", "orange1", "values")]
    if reading.pace is not None:
        parts.append(("••", "cyan", "pace"))
    if reading.original_pace is not None:
        parts.append(("••", "grey58", "original pace"))
    parts.append(("──", "green", "target"))
    if reading.forecast is not None and reading.series:
        parts.append(("··", "magenta", "forecast"))
    parts.append(("│", "grey58", "today"))
    for i, (mark, style, word) in enumerate(parts):
        if i:
            text.append("  ")
        text.append(mark, style=f"bold {style}")
        text.append(f" {word}")
    return text


def x_range(reading: KpiReading, today: date) -> tuple[date, date]:
    """The days the chart spans: the series, today and the pace lines, a bit of forecast."""
    days = [p.start for p in reading.series] + [today]
    for pace in (reading.pace, reading.original_pace):
        if pace is not None:
            days += [pace.start, pace.end]
    first, last = min(days), max(days)
    if reading.forecast is not None and reading.forecast > last:
        # Show a forecast a little past the deadline, not years of empty chart.
        last = min(reading.forecast, last + timedelta(days=max(14, (last - first).days // 4)))
    if last <= first:
        last = first + timedelta(days=7)
    return first, last


def set_up_plot(plt: Plot, reading: KpiReading | None, today: date, width: int) -> None:
    """Put ``reading`` on ``plt`` (cleared first) for a chart ``width`` columns wide."""
    plt.clear_data()
    plt.clear_figure()
    if reading is None:
        return
    first, last = x_range(reading, today)
    x0, x1 = float(first.toordinal()), float(last.toordinal())
    target = reading.kpi.target

    def line(pace: PaceLine, color: str) -> None:
        plt.plot(
            [float(pace.start.toordinal()), float(pace.end.toordinal())],
            [pace.start_value, pace.end_value],
            color=color,
            marker="dot",
        )

    # No plotext legend: it would hide the first values; the screen shows one above.
    plt.plot([x0, x1], [target, target], color="green", marker="-")
    if reading.original_pace is not None:
        line(reading.original_pace, "gray")
    if reading.pace is not None:
        line(reading.pace, "cyan")
    series = reading.series
    if series:
        xs = [float(p.start.toordinal()) for p in series]
        ys = [p.value for p in series]
        # A column shows little more than its lowest and highest value.
        shown_x, shown_y = thin(xs, ys, x0, x1, max(20, width))
        plt.plot(shown_x, shown_y, color="orange", marker="braille")
        plt.scatter(shown_x, shown_y, color="orange", marker="●")
        forecast = reading.forecast
        if forecast is not None and forecast > series[-1].start and reading.current is not None:
            start_x, start_y = xs[-1], reading.current
            end_x, end_y = float(forecast.toordinal()), target
            if end_x > x1:  # cut the line at the chart's right edge
                share = (x1 - start_x) / (end_x - start_x)
                end_x, end_y = x1, start_y + (target - start_y) * share
            plt.plot([start_x, end_x], [start_y, end_y], color="magenta", marker="·")
    day = float(today.toordinal())
    if x0 <= day <= x1:
        plt.vline(day, color="gray")
    plt.xlim(x0, x1)
    positions, labels = date_ticks(first, last, max(20, width - 10))
    plt.xticks(positions, labels)
    plt.frame(False)


def draw_chart(plt: Plot, reading: KpiReading | None, look: ChartLook) -> list[list[Segment]]:
    """The chart of ``reading`` drawn by plotext, as lines of segments."""
    width, height = look.size
    set_up_plot(plt, reading, look.today, width)
    # As PlotextPlot.render sets the size and theme.
    plt.plotsize(width, height)
    plt._set_size(width, height)
    plt.theme(look.theme)
    return ansi_lines(plt.build())


_SGR = re.compile(r"\x1b\[([0-9;]*)m")
#: Rich styles of the colour codes plotext writes (a handful per theme).
_SGR_STYLES: dict[str, Style] = {}


def ansi_lines(text: str) -> list[list[Segment]]:
    """Text with SGR colour codes (plotext's output) as lines of segments.

    A Text of the whole chart costs several times more to paint.
    """
    lines: list[list[Segment]] = []
    for line in text.removesuffix("\n").split("\n"):
        segments: list[Segment] = []
        codes = ""
        pos = 0
        for match in _SGR.finditer(line):
            if match.start() > pos:
                segments.append(Segment(line[pos : match.start()], _sgr_style(codes)))
            code = match.group(1)
            codes = "" if code in ("", "0") else f"{codes};{code}" if codes else code
            pos = match.end()
        if pos < len(line):
            segments.append(Segment(line[pos:], _sgr_style(codes)))
        lines.append(segments)
    return lines


def _sgr_style(codes: str) -> Style:
    """The style of SGR parameters ``codes`` (as Rich decodes them), kept once worked out."""
    style = _SGR_STYLES.get(codes)
    if style is None:
        style = Style.null()
        if codes:
            spans = Text.from_ansi(f"\x1b[{codes}m.").spans
            if spans and isinstance(spans[0].style, Style):
                style = spans[0].style
        _SGR_STYLES[codes] = style
    return style


class KpiChart(PlotextPlot):
    """Values per period, the pace line, the target, the original pace and the forecast.

    The plot is drawn when the widget paints, once per reading, size and theme
    (a chart drawn ahead of time for the same is used as it is): a reading shown
    before the first layout is drawn at the right size in the same frame.
    """

    def __init__(
        self,
        today: date,
        reading: KpiReading | None = None,
        drawn: DrawnChart | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.today = today
        self.reading = reading
        self._drawn = drawn
        # What the lines were painted for: the reading (compared by identity) and look.
        self._built: tuple[KpiReading | None, ChartLook] | None = None
        self._lines: list[Strip] = []

    def show(self, reading: KpiReading, drawn: DrawnChart | None = None) -> None:
        """Draw ``reading`` (again); ``drawn``: its chart drawn ahead of time, if any."""
        self.reading = reading
        self._drawn = drawn
        self.refresh()

    def on_resize(self) -> None:
        self.refresh()

    def render_line(self, y: int) -> Strip:
        lines = self._chart_lines()
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width)

    def _chart_lines(self) -> list[Strip]:
        """The chart as lines of the widget's width, drawn once per reading and look."""
        width, height = self.size
        look = ChartLook(self.today, (width, height), self._get_plotext_theme_name(self.app.theme))
        built = self._built
        if built is None or built[0] is not self.reading or built[1] != look:
            drawn = self._drawn
            if drawn is not None and drawn.reading is self.reading and drawn.look == look:
                lines = drawn.lines
            else:
                lines = draw_chart(self.plt, self.reading, look)
            base = self.rich_style
            self._lines = [
                Strip(Segment.apply_style(segments, base)).adjust_cell_length(width, base)
                for segments in lines
            ]
            self._built = (self.reading, look)
            _CHART_SIZES[self.app.size.width, self.app.size.height] = (width, height)
        return self._lines


class KpiDetailScreen(BaseScreen):
    """One KPI: its chart and measurements; a, e and d change them, Esc goes back."""

    MODE = "kpis"
    AUTO_FOCUS = "#measure-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="kpi.back"),
        Binding("a", "add", "Add value", id="kpi.add"),
        Binding("e", "edit", "Edit value", id="kpi.edit"),
        Binding("d,delete", "delete", "Delete value", id="kpi.delete"),
        Binding("t", "edit_kpi", "Target…", id="kpi.edit_kpi"),
    ]

    def __init__(self, kpi_id: int, facts: KpiFacts | None = None) -> None:
        """``facts``: already read (the overview reads the highlighted KPI ahead)."""
        super().__init__()
        self.kpi_id = kpi_id
        self.facts: KpiFacts | None = None
        self._given = facts

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Loading the KPI…"), id="kpi-head")
        with Vertical(id="kpi-detail-main"):
            yield KpiChart(self.goal_app.clock.today(), id="kpi-chart")
            yield Static(
                Text("Measurements, newest first  ·  a add  ·  e or Enter edit  ·  d delete"),
                id="measure-title",
            )
            yield DataTable[Text | str](id="measure-table", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        # BaseScreen.on_mount (called after this one) loads the data.
        table = self.query_one("#measure-table", DataTable)
        table.add_column("Day", key="day")
        table.add_column("Value", key="value")
        table.add_column("Note", key="note")
        if self._given is not None:
            self._show(self._given)  # the first frame shows it all

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        if self._given is not None:
            # Shown at mount; read after the last change (a change drops what was read ahead).
            self._given = None
            return
        kpi_id = self.kpi_id
        self.goal_app.background(
            lambda svc: fetch_facts(svc, kpi_id),
            self._show,
            group="kpi-detail",
            exclusive=True,
            failed=self._gone,
        )

    def _gone(self, message: str) -> None:
        self.notify(message, title="KPI not found", severity="warning", markup=False)
        if self.is_current:
            self.dismiss()

    def _show(self, facts: KpiFacts) -> None:
        previous = self.selected_measurement()
        self.facts = facts
        self.query_one("#kpi-head", Static).update(self._head(facts.reading))
        self.query_one(KpiChart).show(facts.reading, facts.chart)
        table = self.query_one("#measure-table", DataTable)
        table.clear()
        rows = facts.measurements[:SHOWN]
        keys = [str(m.id) for m in rows]
        cursor = (
            keys.index(str(previous.id)) if previous is not None and str(previous.id) in keys else 0
        )
        # A page first; the rows below it right after the first paint.
        first = max(FIRST_ROWS, cursor + 1)
        self._add_rows(table, rows[:first])
        if cursor:
            table.move_cursor(row=cursor)
        if len(rows) > first:
            self.after_first_frame(partial(self._add_rest, facts, first))
        more = len(facts.measurements) > SHOWN
        title = "Measurements, newest first"
        if more:
            title += f" (the latest {SHOWN})"
        if not facts.measurements:
            title = "No measurements yet: press a to add the first value"
        self.query_one("#measure-title", Static).update(
            Text(f"{title}  ·  a add  ·  e or Enter edit  ·  d delete")
        )

    def _add_rest(self, facts: KpiFacts, start: int) -> None:
        if self.facts is facts and self.is_mounted:
            table = self.query_one("#measure-table", DataTable)
            self._add_rows(table, facts.measurements[start:SHOWN])

    @staticmethod
    def _add_rows(table: DataTable[Text | str], rows: Sequence[Measurement]) -> None:
        for m in rows:
            table.add_row(
                Text(m.day.isoformat()),
                Text(format_value(m.value), justify="right"),
                safe(m.note, style="italic", limit=60),
                key=str(m.id),
            )

    def _head(self, reading: KpiReading) -> Text:
        kpi = reading.kpi
        width = max(40, self.app.size.width - 2)
        text = safe(kpi.name, style="bold", limit=min(60, width // 2))
        text.append("  of  ", style="dim")
        room = max(10, width - len(text.plain))
        text.append_text(safe(reading.goal_title, style="italic", limit=room))
        text.append("\n")
        text.append_text(value_text(reading, unit_limit=20))
        text.append("   ")
        text.append_text(status_text(reading.status))
        rest = describe_reading(reading).removeprefix(reading.status.value)
        if rest:
            text.append(rest, style=STATUS_STYLE[reading.status])
        text.append(
            f"\n{kpi.kind.value.replace('_', ' ')} · {kpi.cadence.value} · "
            f"{kpi.aggregation.value} of each period",
            style="dim",
        )
        if reading.expected is not None and reading.status.value not in ("achieved", "no data"):
            expected = format_value(round(reading.expected, 2))
            text.append(f" · pace line today: {expected}", style="dim")
        text.append("\n")
        text.append_text(legend(reading))
        return text

    # -- measurements ----------------------------------------------------------------------
    def selected_measurement(self) -> Measurement | None:
        """The measurement under the table cursor, if any."""
        if self.facts is None:
            return None
        table = self.query_one("#measure-table", DataTable)
        if not table.row_count:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        return next((m for m in self.facts.measurements if str(m.id) == key), None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _heading(self, verb: str) -> Text:
        heading = Text(f"{verb} a value of ", style="bold", end="")
        if self.facts is not None:
            heading.append_text(safe(self.facts.reading.kpi.name, style="bold italic", limit=50))
            unit = self.facts.reading.kpi.unit
            if unit:
                heading.append(" (in ")
                heading.append_text(safe(unit, limit=20))
                heading.append(")")
        return heading

    def action_edit_kpi(self) -> None:
        """Change the KPI itself: a new target or baseline asks for a reason."""
        from goaltui.ui.screens.kpi_form import KpiFormResult, KpiFormScreen

        if self.facts is None:
            return
        kpi = self.facts.reading.kpi

        def save(result: KpiFormResult | None) -> None:
            if result is None or not result.values:
                return
            self.goal_app.background(
                lambda svc: svc.edit_kpi(kpi.id, result.values, result.reason),
                lambda _: self.goal_app.changed(
                    "KPI saved; the new pace line starts today."
                    if "target" in result.values
                    else "KPI saved."
                ),
            )

        heading = Text("Change the KPI ", style="bold")
        heading.append_text(safe(kpi.name, limit=50))
        self.app.push_screen(KpiFormScreen(heading, kpi), save)

    def action_add(self) -> None:
        from goaltui.ui.screens.measurement_form import MeasurementFormScreen

        if self.facts is None:
            return
        kpi = self.facts.reading.kpi

        def save(result: MeasurementInput | None) -> None:
            if result is None:
                return
            self.goal_app.background(
                lambda svc: svc.record(kpi, result.value, result.day, result.note),
                lambda rec: self.goal_app.changed(
                    f"Recorded {format_value(rec.value)} on {rec.measurement_day.isoformat()}."
                    + (" Target reached!" if rec.reached_target else "")
                ),
            )

        today = self.goal_app.clock.today()
        self.app.push_screen(MeasurementFormScreen(self._heading("Add"), today), save)

    def action_edit(self) -> None:
        from goaltui.ui.screens.measurement_form import MeasurementFormScreen

        m = self.selected_measurement()
        if m is None:
            self.notify("Select a measurement first (or press a to add one).", markup=False)
            return

        def save(result: MeasurementInput | None) -> None:
            if result is None:
                return
            changes = {"day": result.day, "value": result.value, "note": result.note}
            self.goal_app.background(
                lambda svc: svc.edit_measurement(m.id, changes),
                lambda _: self.goal_app.changed("Measurement corrected."),
            )

        today = self.goal_app.clock.today()
        self.app.push_screen(MeasurementFormScreen(self._heading("Correct"), today, m), save)

    def action_delete(self) -> None:
        from goaltui.ui.screens.dialogs import ConfirmScreen

        m = self.selected_measurement()
        if m is None:
            self.notify("Select a measurement first.", markup=False)
            return
        question = Text(f"Delete the value {format_value(m.value)} of {m.day.isoformat()}?")
        if m.note:
            question.append("\nNote: ")
            question.append_text(safe(m.note, style="italic", limit=80))
        question.append("\n\nThe chart and status are worked out again without it.")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.goal_app.background(
                    lambda svc: svc.delete_measurement(m.id),
                    lambda _: self.goal_app.changed("Measurement deleted."),
                )

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), confirmed)

    def action_back(self) -> None:
        self.dismiss()
