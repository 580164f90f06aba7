"""A small form to add or correct one measurement: day, value, note."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.models import Kpi, Measurement
from goaltui.domain.parse import TIME_UNITS, parse_date, parse_number, value_warning
from goaltui.domain.text import one_line
from goaltui.ui.screens.dialogs import FormScreen


@dataclass(frozen=True, slots=True)
class MeasurementInput:
    """A validated measurement as typed in the form."""

    day: date
    value: float
    note: str


class MeasurementFormScreen(FormScreen[MeasurementInput]):
    """Add (``measurement`` None) or edit a measurement; ctrl+s saves, Escape cancels
    (asking first if anything was typed)."""

    DISCARD = "Throw away this value? What you typed is not saved."

    def __init__(
        self,
        heading: Text,
        today: date,
        measurement: Measurement | None = None,
        kpi: Kpi | None = None,
    ) -> None:
        super().__init__()
        self.heading = heading
        self.today = today
        self.measurement = measurement
        #: The KPI the value is for: its unit reads durations, its range warns.
        self.kpi = kpi

    def compose(self) -> ComposeResult:
        m = self.measurement
        with Vertical(classes="dialog measurement-form"):
            yield Static(self.heading, classes="dialog-title")
            yield Label(self._value_label(), classes="field-label")
            yield Input("" if m is None else format_number(m.value), id="f-value")
            yield Static("", id="e-value", classes="field-error")
            yield Label("Day (YYYY-MM-DD, today, yesterday, -3d)", classes="field-label")
            yield Input(self.today.isoformat() if m is None else m.day.isoformat(), id="f-day")
            yield Static("", id="e-day", classes="field-error")
            yield Label("Note (optional)", classes="field-label")
            yield Input("" if m is None else one_line(m.note), id="f-note")
            yield self.buttons()

    def field_submitted(self, field: Input) -> None:
        """Enter: on to the next field; from the last (the note), save."""
        if field.id == "f-note":
            self.run_worker(self.action_save(), exclusive=True, group="save")
        else:
            self.focus_next()

    def validate(self) -> MeasurementInput | None:
        """The typed measurement, or ``None`` after showing each problem at its field."""
        value_text = self.query_one("#f-value", Input).value
        day_text = self.query_one("#f-day", Input).value
        value: float | None = None
        day: date | None = None
        try:
            value = parse_number(value_text, self.kpi.unit if self.kpi else "")
            self._error("value", "")
        except ValueError as exc:
            self._error("value", str(exc))
        try:
            day = parse_date(day_text, self.today)
            if day > self.today:
                day = None
                self._error("day", "That day is still to come: values are recorded up to today.")
            else:
                self._error("day", "")
        except ValueError as exc:
            self._error("day", str(exc))
        if value is None or day is None:
            return None
        note = self.query_one("#f-note", Input).value.strip()
        return MeasurementInput(day=day, value=value, note=note)

    def _error(self, name: str, message: str) -> None:
        self.query_one(f"#e-{name}", Static).update(Text(message))

    def _value_label(self) -> str:
        if self.kpi is not None and self.kpi.unit.strip().lower() in TIME_UNITS:
            return f"Value in {one_line(self.kpi.unit, 14)} (e.g. 42, 3.5 or 28:10)"
        return "Value (a number, e.g. 42 or 3.5)"

    async def action_save(self) -> None:
        await self.caught_up()  # the keys typed before ctrl+s count
        result = self.validate()
        if result is None:
            return
        warning = value_warning(self.kpi, result.value) if self.kpi else None
        if warning:
            self.app.notify(warning, title="Check this value", severity="warning", markup=False)
        self.dismiss(result)
