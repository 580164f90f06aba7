"""The repeatable blocks of the new-goal wizard: a KPI, a milestone, a step row."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from goaltui.domain.models import Aggregation, Cadence, KpiKind
from goaltui.domain.parse import DATE_HELP

KINDS = (
    ("go up to the target", KpiKind.INCREASE.value),
    ("go down to the target", KpiKind.DECREASE.value),
    ("stay above the target", KpiKind.STAY_ABOVE.value),
    ("stay below the target", KpiKind.STAY_BELOW.value),
)
CADENCES = (
    ("measured daily", Cadence.DAILY.value),
    ("measured weekly", Cadence.WEEKLY.value),
    ("measured monthly", Cadence.MONTHLY.value),
)
AGGREGATIONS = (
    ("period: last value", Aggregation.LAST.value),
    ("period: sum of values", Aggregation.SUM.value),
    ("period: mean of values", Aggregation.MEAN.value),
)


def field(key: str, label: str, placeholder: str = "", value: str = "") -> ComposeResult:
    """A label, an input ``#f-<key>`` and the line under it ``#n-<key>`` for its message."""
    yield Label(label, classes="field-label")
    yield Input(value, placeholder=placeholder, id=f"f-{key}", compact=True)
    yield Static("", id=f"n-{key}", classes="field-note")


def small_field(key: str, placeholder: str, classes: str = "", label: str = "") -> ComposeResult:
    """A label, an input and its message line below it, for a row of fields."""
    with Vertical(classes=f"cell {classes}".strip()):
        if label:
            yield Label(label, classes="cell-label")
        yield Input(placeholder=placeholder, id=f"f-{key}", tooltip=placeholder, compact=True)
        yield Static("", id=f"n-{key}", classes="field-note")


class KpiBlock(Vertical):
    """One KPI: name, unit, baseline, target, kind, cadence and how a period combines."""

    def __init__(self, key: str) -> None:
        super().__init__(classes="block kpi-block", id=f"block-{key}")
        self.key = key

    def compose(self) -> ComposeResult:
        key = self.key
        with Horizontal(classes="row"):
            yield from small_field(f"{key}-name", "e.g. Monthly visits", "wide", "KPI name")
            yield from small_field(f"{key}-unit", "e.g. visits", label="Unit")
        with Horizontal(classes="row"):
            yield from small_field(f"{key}-baseline", "value today", label="Baseline")
            yield from small_field(f"{key}-target", "value to reach", label="Target")
        with Horizontal(classes="row"):
            yield Select(
                KINDS,
                value=KpiKind.INCREASE.value,
                allow_blank=False,
                compact=True,
                id=f"s-{key}-kind",
            )
            yield Select(
                CADENCES,
                value=Cadence.WEEKLY.value,
                allow_blank=False,
                compact=True,
                id=f"s-{key}-cadence",
            )
            yield Select(
                AGGREGATIONS,
                value=Aggregation.LAST.value,
                allow_blank=False,
                compact=True,
                id=f"s-{key}-aggregation",
            )
        yield Static("", classes="gap")
        yield Button("Remove this KPI", compact=True, id=f"remove-{key}", classes="remove")


class StepRow(Vertical):
    """An actionable step under a milestone: what, and by when."""

    def __init__(self, key: str) -> None:
        super().__init__(classes="step-row", id=f"block-{key}")
        self.key = key

    def compose(self) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Static("·", classes="bullet")
            yield from small_field(
                f"{self.key}-title", "a step you can do, e.g. Write post", "wide"
            )
            yield from small_field(f"{self.key}-due", "due (optional)")


class MilestoneBlock(Vertical):
    """A milestone: what is true by then, its date, and the steps that lead to it."""

    def __init__(self, key: str, number: int, step_keys: Sequence[str] = ()) -> None:
        super().__init__(classes="block milestone-block", id=f"block-{key}")
        self.key = key
        self.number = number
        self.step_keys: list[str] = list(step_keys)

    def compose(self) -> ComposeResult:
        yield Static(self.heading(), classes="block-title")
        with Horizontal(classes="row"):
            yield from small_field(f"{self.key}-title", "what is true by then?", "wide", "Title")
            yield from small_field(f"{self.key}-date", DATE_HELP, label="Date")
        yield Vertical(
            *(StepRow(k) for k in self.step_keys), classes="steps", id=f"steps-{self.key}"
        )
        with Horizontal(classes="row buttons"):
            yield Button("Add a step (ctrl+t)", compact=True, id=f"addstep-{self.key}")
            yield Button(
                "Remove milestone", compact=True, id=f"remove-{self.key}", classes="remove"
            )

    def heading(self) -> Text:
        """'Milestone 1: the last one before the deadline', and so on."""
        text = Text(f"Milestone {self.number}", style="bold")
        if self.number == 1:
            text.append(": the last one, just before the deadline", style="dim")
        else:
            text.append(f": what must be true before milestone {self.number - 1}?", style="dim")
        return text

    def renumber(self, number: int) -> None:
        """Show a new position after a milestone above it was removed."""
        self.number = number
        if self.is_mounted:
            self.query_one(".block-title", Static).update(self.heading())
