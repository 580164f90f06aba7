"""One KPI in depth: a chart against its pace line, and its measurements to correct.

Imported only when a detail opens, so plotext (``widgets.kpi_chart``) never
slows the first paint.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Static
from textual_plotext.plot import Plot

from goaltui.domain.bounds import BOUNDED
from goaltui.domain.models import KpiReading, Measurement
from goaltui.domain.present import describe_pace, describe_reading, format_value
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.widgets.kpi_chart import ChartLook, DrawnChart, KpiChart, draw_chart, legend
from goaltui.ui.widgets.kpi_text import STATUS_STYLE, status_text, value_text
from goaltui.ui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from goaltui.services import GoalService, Recorded
    from goaltui.ui.screens.measurement_form import MeasurementInput

#: Measurements listed in the table (the newest ones).
SHOWN = 200


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
            yield LineTable(id="measure-table")

    def on_mount(self) -> None:
        # BaseScreen._load_first (run after this, on the same Mount) loads the data.
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
        rows = facts.measurements[:SHOWN]
        keys = [m.id for m in rows]
        cursor = keys.index(previous.id) if previous is not None and previous.id in keys else 0
        cells = [
            [
                Text(m.day.isoformat()),
                Text(format_value(m.value), justify="right"),
                safe(m.note, style="italic", limit=60),
            ]
            for m in rows
        ]
        table = self.query_one("#measure-table", LineTable)
        table.set_rows(("Day", "Value", "Note"), cells, keys, cursor=cursor)
        more = len(facts.measurements) > SHOWN
        title = "Measurements, newest first"
        if more:
            title += f" (the latest {SHOWN})"
        if not facts.measurements:
            title = "No measurements yet: press a to add the first value"
        self.query_one("#measure-title", Static).update(
            Text(f"{title}  ·  a add  ·  e or Enter edit  ·  d delete")
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
        pace = describe_pace(reading, self.goal_app.clock.today())
        if pace:
            text.append(f" · {pace}", style="dim")
        text.append("\n")
        text.append_text(legend(reading))
        return text

    # -- measurements ----------------------------------------------------------------------
    def selected_measurement(self) -> Measurement | None:
        """The measurement under the table cursor, if any."""
        if self.facts is None:
            return None
        key = self.query_one("#measure-table", LineTable).selected_key
        return next((m for m in self.facts.measurements if m.id == key), None)

    def on_line_table_selected(self, event: LineTable.Selected) -> None:
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
                lambda saved: self.goal_app.changed(
                    "KPI saved; the new pace line starts today."
                    if "target" in result.values and saved.kind not in BOUNDED
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

        def recorded(rec: Recorded) -> None:
            from goaltui.ui.screens.checkin.save import offer_checkpoints

            self.goal_app.changed(
                f"Recorded {format_value(rec.value)} on {rec.measurement_day.isoformat()}."
                + (" Target reached!" if rec.reached_target else "")
            )
            offer_checkpoints(self, list(rec.checkpoints))

        def save(result: MeasurementInput | None) -> None:
            if result is None:
                return
            self.goal_app.background(
                lambda svc: svc.record(kpi, result.value, result.day, result.note), recorded
            )

        today = self.goal_app.clock.today()
        self.app.push_screen(MeasurementFormScreen(self._heading("Add"), today, kpi=kpi), save)

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
                lambda svc: svc.kpi_service.edit_measurement(m.id, changes),
                lambda _: self.goal_app.changed("Measurement corrected."),
            )

        today = self.goal_app.clock.today()
        kpi = self.facts.reading.kpi if self.facts is not None else None
        self.app.push_screen(
            MeasurementFormScreen(self._heading("Correct"), today, m, kpi=kpi), save
        )

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
                    lambda svc: svc.kpi_service.delete_measurement(m.id),
                    lambda _: self.goal_app.changed("Value deleted: ctrl+z brings it back."),
                )

        self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), confirmed)

    def action_back(self) -> None:
        self.dismiss()
