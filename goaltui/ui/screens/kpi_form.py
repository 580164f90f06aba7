"""Add a KPI to a goal, or change one; a new target, baseline or high end needs a reason.

Choosing "stay between" shows a second value, the range's high end; the target
is then its low end.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, Select, Static

from goaltui.domain.bounds import range_message
from goaltui.domain.fmt import format_number
from goaltui.domain.models import Aggregation, Cadence, Kpi, KpiKind
from goaltui.domain.parse import parse_number
from goaltui.ui.screens.dialogs import FormScreen

KINDS = (
    ("increase to the target", KpiKind.INCREASE.value),
    ("decrease to the target", KpiKind.DECREASE.value),
    ("stay above the target", KpiKind.STAY_ABOVE.value),
    ("stay below the target", KpiKind.STAY_BELOW.value),
    ("stay between the target and a high end", KpiKind.BETWEEN.value),
)
#: A cadence's name, and for fortnights what they are counted from.
CADENCES = tuple(
    (
        "biweekly: every two weeks from the goal's start" if c == Cadence.BIWEEKLY else c.value,
        c.value,
    )
    for c in Cadence
)
LOW_LABEL = "Low end: the lowest value that still counts"
HIGH_LABEL = "High end: the highest value that still counts"
COMBINE = (
    ("last value of the period", Aggregation.LAST.value),
    ("sum of the period", Aggregation.SUM.value),
    ("mean of the period", Aggregation.MEAN.value),
    ("lowest value of the period", Aggregation.MIN.value),
    ("highest value of the period", Aggregation.MAX.value),
    ("number of values in the period", Aggregation.COUNT.value),
)


@dataclass(frozen=True)
class KpiFormResult:
    """The fields that changed (or all, for a new KPI) and the reason given."""

    values: dict[str, Any]
    reason: str


class KpiFormScreen(FormScreen[KpiFormResult]):
    """ctrl+s saves, Escape cancels (asking first if anything was typed); problems are
    shown at their field."""

    DISCARD = "Throw away this KPI form? What you typed is not saved."

    def __init__(self, heading: Text, kpi: Kpi | None = None) -> None:
        super().__init__()
        self.heading = heading
        self.kpi = kpi

    def compose(self) -> ComposeResult:
        k = self.kpi
        with VerticalScroll(classes="dialog dialog-wide form"):
            yield Static(self.heading, classes="dialog-title")
            for name, label, value in (
                ("name", "Name: what is counted", "" if k is None else k.name),
                ("unit", "Unit (visits, %, min…)", "" if k is None else k.unit),
                ("baseline", "Baseline: where it stands now", _num(k, "baseline")),
                ("target", "Target", _num(k, "target")),
            ):
                yield Label(label, classes="field-label", id=f"l-{name}")
                yield Input(value, id=f"f-{name}")
                yield Static("", id=f"e-{name}", classes="field-error")
            kind = k.kind.value if k else "increase"
            yield Label("Kind", classes="field-label")
            yield Select(KINDS, value=kind, allow_blank=False, id="f-kind")
            # Shown only for a range (see _show_kind).
            yield Label(HIGH_LABEL, classes="field-label range-high")
            high = "" if k is None or k.high is None else format_number(k.high)
            yield Input(high, id="f-high", classes="range-high")
            yield Static("", id="e-high", classes="field-error range-high")
            for name, label, options, value in (
                (
                    "cadence",
                    "Cadence: how often it is measured",
                    CADENCES,
                    k.cadence.value if k else "weekly",
                ),
                (
                    "aggregation",
                    "How a period's values combine",
                    COMBINE,
                    k.aggregation.value if k else "last",
                ),
            ):
                yield Label(label, classes="field-label")
                yield Select(options, value=value, allow_blank=False, id=f"f-{name}")
            if k is not None:
                yield Label("Reason for a new target, baseline or high end", classes="field-label")
                yield Input("", id="f-reason")
                yield Static("", id="e-reason", classes="field-error")
            yield self.buttons()

    def on_mount(self) -> None:  # after FormScreen.on_mount: Textual calls each class's
        self._show_kind(str(self.query_one("#f-kind", Select).value))

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "f-kind":
            self._show_kind(str(event.value))

    def _show_kind(self, kind: str) -> None:
        """A range shows its high end; the target is then its low end."""
        between = kind == KpiKind.BETWEEN.value
        for widget in self.query(".range-high"):
            widget.display = between
        self.query_one("#l-target", Label).update(LOW_LABEL if between else "Target")

    def _text(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value.strip()

    def _error(self, name: str, message: str) -> None:
        self.query_one(f"#e-{name}", Static).update(Text(message))

    async def action_save(self) -> None:
        await self.caught_up()  # the keys typed before ctrl+s count
        values: dict[str, Any] = {}
        ok = True
        for name in ("name", "unit", "baseline", "target", "high"):
            self._error(name, "")
        values["name"] = self._text("name")
        values["unit"] = self._text("unit")
        if not values["name"]:
            self._error("name", "A KPI needs a name.")
            ok = False
        for name in ("baseline", "target"):
            try:
                values[name] = parse_number(self._text(name), values["unit"])
            except ValueError as exc:
                self._error(name, str(exc))
                ok = False
        for name in ("kind", "cadence", "aggregation"):
            values[name] = str(self.query_one(f"#f-{name}", Select).value)
        values["high"] = None
        if values["kind"] == KpiKind.BETWEEN.value:
            try:
                values["high"] = parse_number(self._text("high"), values["unit"])
            except ValueError as exc:
                self._error("high", str(exc))
                ok = False
            low = values.get("target")
            problem = range_message(values["kind"], low, values["high"]) if ok else None
            if problem is not None:
                self._error("high", problem)
                ok = False
        if (
            ok
            and values["kind"] in ("increase", "decrease")
            and values["baseline"] == values["target"]
        ):
            self._error("target", "The target equals the baseline: nothing to measure.")
            ok = False
        if not ok:
            return
        reason = ""
        if self.kpi is not None:
            current = self.kpi
            values = {
                k: v
                for k, v in values.items()
                if (
                    getattr(current, k).value
                    if k in ("kind", "cadence", "aggregation")
                    else getattr(current, k)
                )
                != v
            }
            reason = self._text("reason")
            self._error("reason", "")
            moved: list[str] = [k for k in ("target", "baseline") if k in values]
            if "high" in values:
                moved.append("high end")
            if moved and not reason:
                self._error(
                    "reason",
                    f"A new {' and '.join(moved)} needs a reason: it is kept in the history.",
                )
                self.query_one("#f-reason", Input).focus()
                return
        self.dismiss(KpiFormResult(values, reason))


def _num(kpi: Kpi | None, name: str) -> str:
    return "" if kpi is None else format_number(getattr(kpi, name))
