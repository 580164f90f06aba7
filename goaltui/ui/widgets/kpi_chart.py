"""A KPI's chart: its values per period against the pace line, the target and the forecast.

Drawn by plotext, in a worker thread when it can be (``draw_chart``), and
painted as lines of segments. Imported only with the KPI detail, so plotext
never slows the first paint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.strip import Strip
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from goaltui.domain.models import KpiKind, KpiReading, PaceLine
from goaltui.domain.present import format_target
from goaltui.domain.value_rules import MAX_MAGNITUDE

if TYPE_CHECKING:
    from textual.app import App


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
    band = _band(reading)
    if reading.pace is not None and band is None:
        parts.append(("••", "cyan", "pace"))
    if reading.checkpoints:
        parts.append(("◆", "cyan", "checkpoint"))
    if reading.original_pace is not None and band is None:
        parts.append(("••", "grey58", "original pace"))
    if band is None:
        parts.append(("──", "green", "target"))
    else:
        parts.append(("══", "green", f"range {format_target(reading.kpi)}: low and high end"))
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


def _y(value: float) -> float:
    """``value`` held within ±1e15 (NaN as 0): plotext fails on spans near the float limit.

    Values that large only come from a file written by hand or an older version;
    they are drawn at the edge instead of breaking the screen.
    """
    if value != value:  # NaN
        return 0.0
    return min(max(value, -MAX_MAGNITUDE), MAX_MAGNITUDE)


def _band(reading: KpiReading) -> tuple[float, float] | None:
    """A range KPI's low and high end as drawn; None for the other kinds."""
    kpi = reading.kpi
    if kpi.kind != KpiKind.BETWEEN or kpi.high is None:
        return None
    return _y(kpi.target), _y(kpi.high)


def set_up_plot(plt: Plot, reading: KpiReading | None, today: date, width: int) -> None:
    """Put ``reading`` on ``plt`` (cleared first) for a chart ``width`` columns wide."""
    plt.clear_data()
    plt.clear_figure()
    if reading is None:
        return
    first, last = x_range(reading, today)
    x0, x1 = float(first.toordinal()), float(last.toordinal())
    target = _y(reading.kpi.target)

    def line(pace: PaceLine, color: str) -> None:
        # Bends where a revision restarted it; flat over a pause.
        plt.plot(
            [float(day.toordinal()) for day, _ in pace.points],
            [_y(value) for _, value in pace.points],
            color=color,
            marker="dot",
        )

    # No plotext legend: it would hide the first values; the screen shows one above.
    band = _band(reading)
    if band is None:
        plt.plot([x0, x1], [target, target], color="green", marker="-")
        if reading.original_pace is not None:
            line(reading.original_pace, "gray")
        if reading.pace is not None:
            line(reading.pace, "cyan")
    else:  # a range: its two ends, the values inside them count (its pace is its low end)
        for end in band:
            plt.plot([x0, x1], [end, end], color="green", marker="=")
    if reading.checkpoints:  # the values the line bends through
        plt.scatter(
            [float(day.toordinal()) for day, _ in reading.checkpoints],
            [_y(value) for _, value in reading.checkpoints],
            color="cyan",
            marker="◆",
        )
    series = reading.series
    if series:
        xs = [float(p.start.toordinal()) for p in series]
        ys = [_y(p.value) for p in series]
        # A column shows little more than its lowest and highest value.
        shown_x, shown_y = thin(xs, ys, x0, x1, max(20, width))
        plt.plot(shown_x, shown_y, color="orange", marker="braille")
        plt.scatter(shown_x, shown_y, color="orange", marker="●")
        forecast = reading.forecast
        if forecast is not None and forecast > series[-1].start and reading.current is not None:
            start_x, start_y = xs[-1], _y(reading.current)
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
    try:
        return ansi_lines(plt.build())
    except (ArithmeticError, ValueError):
        # Never seen within the bounds above; a chart is not worth a broken screen.
        return [[Segment("The chart cannot be drawn for these values.")]]


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
