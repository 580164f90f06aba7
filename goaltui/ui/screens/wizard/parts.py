"""The repeatable blocks of the new-goal wizard: a KPI, a milestone, a step row."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from goaltui.domain.models import Aggregation, Cadence, KpiKind
from goaltui.domain.parse import DATE_HELP
from goaltui.domain.wizard import RawKpi, RawMilestone, RawStep

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
    # The wizard checks its fields itself (wizard_check). Textual's validation would
    # only add a "-valid" class, restyling each field as its text is first set.
    yield Input(value, placeholder=placeholder, id=f"f-{key}", compact=True, validate_on=())
    yield Static("", id=f"n-{key}", classes="field-note")


def small_field(
    key: str, placeholder: str, classes: str = "", label: str = "", value: str = ""
) -> ComposeResult:
    """A label, an input and its message line below it, for a row of fields."""
    with Vertical(classes=f"cell {classes}".strip()):
        if label:
            yield Label(label, classes="cell-label")
        yield Input(
            value,
            placeholder=placeholder,
            id=f"f-{key}",
            tooltip=placeholder,
            compact=True,
            validate_on=(),  # see field()
        )
        yield Static("", id=f"n-{key}", classes="field-note")


class KpiBlock(Vertical):
    """One KPI: name, unit, baseline, target, kind, cadence and how a period combines.

    Built with what it shows (``kpi``; empty fields for a new one).
    """

    def __init__(self, kpi: RawKpi) -> None:
        super().__init__(classes="block kpi-block", id=f"block-{kpi.key}")
        self.key = kpi.key
        self.kpi = kpi

    def compose(self) -> ComposeResult:
        key, kpi = self.key, self.kpi
        with Horizontal(classes="row"):
            yield from small_field(
                f"{key}-name", "e.g. Monthly visits", "wide", "KPI name", kpi.name
            )
            yield from small_field(f"{key}-unit", "e.g. visits", label="Unit", value=kpi.unit)
        with Horizontal(classes="row"):
            yield from small_field(
                f"{key}-baseline", "value today", label="Baseline", value=kpi.baseline
            )
            yield from small_field(
                f"{key}-target", "value to reach", label="Target", value=kpi.target
            )
        with Horizontal(classes="row"):
            for name, options in (
                ("kind", KINDS),
                ("cadence", CADENCES),
                ("aggregation", AGGREGATIONS),
            ):
                yield Select(
                    options,
                    value=getattr(kpi, name),
                    allow_blank=False,
                    compact=True,
                    id=f"s-{key}-{name}",
                )
        yield Static("", classes="gap")
        yield Button("Remove this KPI", compact=True, id=f"remove-{key}", classes="remove")


class StepRow(Vertical):
    """An actionable step under a milestone: what, and by when."""

    def __init__(self, step: RawStep) -> None:
        super().__init__(classes="step-row", id=f"block-{step.key}")
        self.key = step.key
        self.step = step

    def compose(self) -> ComposeResult:
        key, step = self.key, self.step
        with Horizontal(classes="row"):
            yield Static("·", classes="bullet")
            yield from small_field(
                f"{key}-title", "a step you can do, e.g. Write post", "wide", value=step.title
            )
            yield from small_field(f"{key}-due", "due (optional)", value=step.due)


class MilestoneBlock(Vertical):
    """A milestone: what is true by then, its date, and the steps that lead to it.

    Built with what it shows (``milestone``), so its fields hold their text from the start.
    """

    def __init__(self, milestone: RawMilestone, number: int) -> None:
        super().__init__(classes="block milestone-block", id=f"block-{milestone.key}")
        self.key = milestone.key
        self.number = number
        self.milestone = milestone
        #: Keys of the step rows mounted in this block, in order.
        self.step_keys: list[str] = [step.key for step in milestone.steps]

    def compose(self) -> ComposeResult:
        key, milestone = self.key, self.milestone
        yield Static(self.heading(), classes="block-title")
        with Horizontal(classes="row"):
            yield from small_field(
                f"{key}-title", "what is true by then?", "wide", "Title", milestone.title
            )
            yield from small_field(f"{key}-date", DATE_HELP, label="Date", value=milestone.date)
        yield Vertical(
            *(StepRow(step) for step in milestone.steps), classes="steps", id=f"steps-{key}"
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
