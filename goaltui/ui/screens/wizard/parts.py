"""The pieces of the new-goal wizard's steps: fields, the repeatable blocks (a KPI,
a milestone, a step row), the keys of those blocks and the lines that show messages."""

from __future__ import annotations

import time
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.dom import DOMNode
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static

from goaltui.domain.models import Aggregation, Cadence, Importance, KpiKind
from goaltui.domain.parse import DATE_HELP
from goaltui.domain.urgency import NEXT_IMPORTANCE
from goaltui.domain.wizard import RawKpi, RawMilestone, RawStep

KINDS = (
    ("go up to the target", KpiKind.INCREASE.value),
    ("go down to the target", KpiKind.DECREASE.value),
    ("stay above the target", KpiKind.STAY_ABOVE.value),
    ("stay below the target", KpiKind.STAY_BELOW.value),
    ("stay between two values", KpiKind.BETWEEN.value),
)
CADENCES = (
    ("measured daily", Cadence.DAILY.value),
    ("measured weekly", Cadence.WEEKLY.value),
    ("measured every two weeks", Cadence.BIWEEKLY.value),
    ("measured monthly", Cadence.MONTHLY.value),
    ("measured quarterly", Cadence.QUARTERLY.value),
)
AGGREGATIONS = (
    ("period: last value", Aggregation.LAST.value),
    ("period: sum of values", Aggregation.SUM.value),
    ("period: mean of values", Aggregation.MEAN.value),
    ("period: lowest value", Aggregation.MIN.value),
    ("period: highest value", Aggregation.MAX.value),
    ("period: number of values", Aggregation.COUNT.value),
)


class BlockKeys:
    """Makes the keys of the repeatable blocks (``k1``, ``m2``, ``s3``), one number for all.

    A block filled from a stored row keeps that row's id under its key (:attr:`ids`).
    """

    def __init__(self) -> None:
        self.count = 0
        #: Block key -> id of the stored row it shows.
        self.ids: dict[str, int] = {}

    def new(self, prefix: str, row_id: int | None = None) -> str:
        """The next key starting with ``prefix``; ``row_id`` is the stored row it shows."""
        self.count += 1
        key = f"{prefix}{self.count}"
        if row_id is not None:
            self.ids[key] = row_id
        return key


class Notes:
    """Updates the lines that show messages only when what they show changes.

    Updating a line restyles and repaints it: the wizard checks everything as one
    types, and most lines stay the same from one key to the next.
    """

    def __init__(self) -> None:
        self._shown: dict[str, str] = {}

    def put(self, note: Static, text: Text, error: bool = False) -> None:
        """Show ``text`` in ``note``, marked as an error (``-error``) or not."""
        key = note.id or ""
        shown = f"{error}{text.plain}"
        if self._shown.get(key) != shown:
            self._shown[key] = shown
            note.update(text)
            note.set_class(error, "-error")


class Toasts:
    """Remembers the toasts shown until they go away, so the same one is not stacked."""

    def __init__(self) -> None:
        #: (title, message) of a toast -> when it goes away.
        self._until: dict[tuple[str, str], float] = {}

    def fresh(self, title: str, message: str, shown_for: float) -> bool:
        """Whether this toast is not showing already; if not, it counts as shown from now."""
        now = time.monotonic()
        self._until = {k: until for k, until in self._until.items() if until > now}
        if (title, message) in self._until:
            return False
        self._until[title, message] = now + shown_for
        return True


class ImportanceToggle(Static, can_focus=True):
    """A step's importance: space changes it (normal → high → low), Enter moves on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "Importance", id="wizard.importance"),
        Binding("enter", "app.focus_next", "Next", show=False, id="wizard.importance_next"),
    ]

    class Changed(Message):
        """The importance was changed."""

    def __init__(self, value: str, *, id: str) -> None:
        super().__init__(id=id, classes="importance")
        self.value = Importance(value)
        self.tooltip = "importance: space changes it"

    def render(self) -> Text:
        mark = {"high": "▲", "normal": "■", "low": "▼"}[self.value.value]
        return Text(f"{mark} {self.value.value}")

    def action_cycle(self) -> None:
        """The next importance."""
        self.value = NEXT_IMPORTANCE[self.value]
        self.refresh()
        self.post_message(self.Changed())


def importance_of(node: DOMNode, key: str) -> str:
    """The importance chosen for step ``key`` under ``node``."""
    return node.query_one(f"#s-{key}-importance", ImportanceToggle).value.value


def typed(node: DOMNode, key: str) -> str:
    """The text of field ``#f-<key>`` under ``node``."""
    return node.query_one(f"#f-{key}", Input).value


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
            yield from small_field(
                f"{key}-high",
                "highest value that counts",
                "range-high",
                label="High end",
                value=kpi.high,
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

    def on_mount(self) -> None:
        self.show_kind(self.kpi.kind)

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == f"s-{self.key}-kind":
            self.show_kind(str(event.value))

    def show_kind(self, kind: str) -> None:
        """A range shows its high end beside the target, which becomes its low end."""
        between = kind == KpiKind.BETWEEN.value
        high = self.query_one(f"#f-{self.key}-high", Input)
        if high.parent is not None:
            high.parent.display = between
        target = self.query_one(f"#f-{self.key}-target", Input)
        if target.parent is not None:
            target.parent.query_one(Label).update("Low end" if between else "Target")
        target.placeholder = "lowest value that counts" if between else "value to reach"
        target.tooltip = target.placeholder


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
            yield ImportanceToggle(step.importance, id=f"s-{key}-importance")


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
        with Horizontal(classes="row"):
            yield from small_field(
                f"{key}-kpi",
                "a KPI's name (optional)",
                label="Checkpoint: KPI",
                value=milestone.kpi,
            )
            yield from small_field(
                f"{key}-kpiv", "its value by then", label="Value", value=milestone.kpi_value
            )
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


def show_focused(screen: Screen[object]) -> None:
    """Scroll the focused field into view with its label; a block's first field, its heading."""
    widget = screen.focused
    if widget is None or not widget.is_mounted:
        return
    target: Widget = widget
    for ancestor in widget.ancestors:
        if isinstance(ancestor, KpiBlock | MilestoneBlock):
            if ancestor.query(Input).first() is widget:
                target = ancestor
            break
        if isinstance(ancestor, Widget) and ancestor.has_class("cell"):
            target = ancestor
    screen.scroll_to_widget(target, animate=False, immediate=True)
    if target is not widget:
        screen.scroll_to_widget(widget, animate=False, immediate=True)
