"""One KPI in depth: a chart against its pace line, and its measurements to correct.

Imported only when a detail opens, so plotext never slows the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static
from textual_plotext import PlotextPlot

from goaltui.domain.models import KpiReading, Measurement, PaceLine
from goaltui.present import describe_reading, format_value
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.kpis import STATUS_STYLE, status_text, value_text

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.ui.screens.measurement_form import MeasurementInput

#: Measurements listed in the table (the newest ones).
SHOWN = 200


@dataclass(frozen=True, slots=True)
class KpiFacts:
    """What the detail fetched: the full reading and the latest measurements."""

    reading: KpiReading
    measurements: list[Measurement]


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


class KpiChart(PlotextPlot):
    """Values per period, the pace line, the target, the original pace and the forecast."""

    def __init__(self, today: date, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.today = today
        self.reading: KpiReading | None = None

    def show(self, reading: KpiReading) -> None:
        """Draw ``reading`` (again)."""
        self.reading = reading
        self.draw()

    def on_resize(self) -> None:
        self.draw()

    def draw(self) -> None:
        """Set up the plot for the current reading and size."""
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        reading = self.reading
        if reading is None:
            self.refresh()
            return
        first, last = self._x_range(reading)
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
            plt.plot(xs, ys, color="orange", marker="braille")
            plt.scatter(xs, ys, color="orange", marker="●")
            forecast = reading.forecast
            if forecast is not None and forecast > series[-1].start and reading.current is not None:
                start_x, start_y = xs[-1], reading.current
                end_x, end_y = float(forecast.toordinal()), target
                if end_x > x1:  # cut the line at the chart's right edge
                    share = (x1 - start_x) / (end_x - start_x)
                    end_x, end_y = x1, start_y + (target - start_y) * share
                plt.plot([start_x, end_x], [start_y, end_y], color="magenta", marker="·")
        today = float(self.today.toordinal())
        if x0 <= today <= x1:
            plt.vline(today, color="gray")
        plt.xlim(x0, x1)
        positions, labels = date_ticks(first, last, max(20, self.size.width - 10))
        plt.xticks(positions, labels)
        plt.frame(False)
        self.refresh()

    def _x_range(self, reading: KpiReading) -> tuple[date, date]:
        days = [p.start for p in reading.series] + [self.today]
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

    def __init__(self, kpi_id: int) -> None:
        super().__init__()
        self.kpi_id = kpi_id
        self.facts: KpiFacts | None = None

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
        table = self.query_one("#measure-table", DataTable)
        table.add_column("Day", key="day")
        table.add_column("Value", key="value")
        table.add_column("Note", key="note")
        super().on_mount()

    # -- loading -------------------------------------------------------------------------
    def reload(self) -> None:
        kpi_id = self.kpi_id

        def fetch(svc: GoalService) -> KpiFacts:
            return KpiFacts(svc.reading(kpi_id), svc.measurements(kpi_id, SHOWN + 1))

        self.goal_app.background(
            fetch, self._show, group="kpi-detail", exclusive=True, failed=self._gone
        )

    def _gone(self, message: str) -> None:
        self.notify(message, title="KPI not found", severity="warning", markup=False)
        if self.is_current:
            self.dismiss()

    def _show(self, facts: KpiFacts) -> None:
        self.facts = facts
        self.query_one("#kpi-head", Static).update(self._head(facts.reading))
        # The head and the table first; the chart (the slowest part) right after.
        self.call_after_refresh(self._show_chart, facts)
        table = self.query_one("#measure-table", DataTable)
        previous = self.selected_measurement()
        table.clear()
        for m in facts.measurements[:SHOWN]:
            table.add_row(
                Text(m.day.isoformat()),
                Text(format_value(m.value), justify="right"),
                safe(m.note, style="italic", limit=60),
                key=str(m.id),
            )
        keys = [str(m.id) for m in facts.measurements[:SHOWN]]
        if previous is not None and str(previous.id) in keys:
            table.move_cursor(row=keys.index(str(previous.id)))
        more = len(facts.measurements) > SHOWN
        title = "Measurements, newest first"
        if more:
            title += f" (the latest {SHOWN})"
        if not facts.measurements:
            title = "No measurements yet: press a to add the first value"
        self.query_one("#measure-title", Static).update(
            Text(f"{title}  ·  a add  ·  e or Enter edit  ·  d delete")
        )

    def _show_chart(self, facts: KpiFacts) -> None:
        if self.facts is facts and self.is_mounted:
            self.query_one(KpiChart).show(facts.reading)

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
