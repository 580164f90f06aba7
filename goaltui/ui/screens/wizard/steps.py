"""The steps of the new-goal wizard, and those of them that hold only fields.

Each step is one scrolling page of the wizard's ContentSwitcher (``#step-<n>``):
its heading, its hint, its fields and, for the SMART letters, the verdict on it.
The screen checks everything typed once per refresh and hands each step the
outcome (a :class:`View`); a step shows its field messages and whatever else it
has from it. The steps with blocks to add live in ``measurable``, ``plan`` and
``summary``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Input, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.parse import DATE_HELP
from goaltui.domain.smart import SmartReport
from goaltui.domain.wizard import STEP_NAMES, Checked, signed, step_of
from goaltui.ui.safe import safe, safe_block
from goaltui.ui.screens.wizard.parts import Notes, field

LAST = len(STEP_NAMES) - 1


@dataclass(frozen=True)
class View:
    """What every step shows from, worked out once per refresh."""

    result: Checked
    report: SmartReport
    today: date
    #: The goal this one serves (``None``: a top-level goal), and its title.
    parent_id: int | None
    parent_title: str | None
    #: Fields typed in since the wizard opened: their errors show.
    touched: set[str]
    #: Steps whose errors all show (one left with Next while wrong, or all at the end).
    shown: set[int]

    def error_shown(self, key: str) -> bool:
        """Whether field ``key`` shows its error (if it has one) rather than its note."""
        return key in self.touched or step_of(key) in self.shown

    def parent(self) -> Text:
        """The line saying which goal this one serves."""
        if self.parent_id is None:
            return Text("Serves: nothing yet (a top-level goal)", style="dim")
        text = Text("Serves: ")
        text.append_text(safe(self.parent_title or f"goal {self.parent_id}", "bold", limit=60))
        return text


def verdict_text(report: SmartReport, letter: str) -> Text:
    """One verdict: a glyph and a word (never colour alone), then the hint."""
    verdict = report.by_letter(letter)
    glyph, word, style = ("✓", "yes", "green") if verdict.ok else ("✗", "not yet", "yellow")
    text = Text(f"{glyph} {verdict.name}: {word}. ", style=f"bold {style}")
    # The hint may quote what was typed (a KPI's name): shown literally.
    text.append_text(safe_block(verdict.hint))
    return text


def progress_text(step: int, editing: bool) -> Text:
    """The line at the top: every step's number, the current one named and highlighted."""
    text = Text("Edit goal  " if editing else "New goal  ", style="bold")
    for index, name in enumerate(STEP_NAMES):
        if index:
            text.append(" · ", style="dim")
        if index == step:
            text.append(f" {index + 1} {name} ", style="bold reverse")
        else:
            text.append(str(index + 1))
    return text


class WizardStep(VerticalScroll):
    """One step: heading, hint, the fields of :meth:`compose_fields`, then its verdict."""

    INDEX: ClassVar[int] = 0
    HINT: ClassVar[str] = ""
    #: The SMART letter this step is judged on, if any.
    VERDICT: ClassVar[str] = ""
    #: The id of the step's line saying which goal this one serves, if it has one.
    PARENT: ClassVar[str] = ""

    def __init__(self, stored: Mapping[str, str] | None = None) -> None:
        super().__init__(id=f"step-{self.INDEX}", classes="wiz-step")
        #: The text of the fields as stored (an edit); none for a new goal.
        self.stored: Mapping[str, str] = stored or {}

    def compose(self) -> ComposeResult:
        heading = Text(f"Step {self.INDEX + 1} of 8 · {STEP_NAMES[self.INDEX]}", style="bold")
        yield Static(heading, classes="step-title")
        yield Static(self.hint(), classes="hint")
        yield from self.compose_fields()
        if self.VERDICT:
            yield Static("", id=f"verdict-{self.VERDICT}", classes="verdict")

    def hint(self) -> str:
        """What the step asks for, under its heading."""
        return self.HINT

    def compose_fields(self) -> ComposeResult:
        """The step's own widgets."""
        yield from ()

    def field(
        self, key: str, label: str, placeholder: str = "", default: str = ""
    ) -> ComposeResult:
        """A :func:`field` with its stored text (an edit), else ``default``.

        Fields are built with their text rather than filled in once mounted:
        setting a mounted field restyles it, and an edit has many.
        """
        yield from field(key, label, placeholder, self.stored.get(key, default))

    def focus_target(self) -> Widget | None:
        """What gets the focus when the step is shown: its first field, else its first button."""
        target: Widget | None = next((w for w in self.query(Input) if w.focusable), None)
        if target is None:
            target = next((w for w in self.query(Button) if w.focusable), None)
        return target

    def show(self, view: View, notes: Notes) -> None:
        """Show the message of each field (its error, or else its note) and the verdict."""
        result = view.result
        for note in self.query(".field-note").results(Static):
            key = (note.id or "n-")[2:]
            if key in result.errors and view.error_shown(key):
                notes.put(note, Text(f"✗ {result.errors[key]}", style="bold red"), True)
            else:
                notes.put(note, Text(result.notes.get(key, ""), style="dim"))
        if self.VERDICT:
            verdict = self.query_one(f"#verdict-{self.VERDICT}", Static)
            notes.put(verdict, verdict_text(view.report, self.VERDICT))
        if self.PARENT:
            notes.put(self.query_one(f"#{self.PARENT}", Static), view.parent())


def parent_row(ident: str) -> ComposeResult:
    """The line saying which goal this one serves, with the button to choose it."""
    with Horizontal(classes="row parent-row"):
        yield Static("", id=ident, classes="parent-line")
        yield Button("Choose parent (ctrl+g)", compact=True, id=f"pick-{ident}")


class IntentionStep(WizardStep):
    """Step 1: the goal in one's own words, and the goal it serves."""

    INDEX = 0
    HINT = "What do you want to achieve? Say it in your own words; we'll sharpen it next."
    PARENT = "parent-0"

    def compose_fields(self) -> ComposeResult:
        yield from self.field("intention", "Your goal, in your own words", "e.g. get better at...")
        yield from parent_row(self.PARENT)


class SpecificStep(WizardStep):
    """Step 2: the title (what, how often, by when) and a description."""

    INDEX = 1
    HINT = "Make it specific: what will you do, how often, and by when?"
    VERDICT = "S"

    def compose_fields(self) -> ComposeResult:
        yield from self.field("title", "Title: what will be done, how often, by when")
        yield from self.field("description", "Description (optional)")


class AchievableStep(WizardStep):
    """Step 4: confidence and support, and the weekly rate the first KPI asks for."""

    INDEX = 3
    HINT = "How sure are you, and what help will you need?"
    VERDICT = "A"

    def __init__(
        self, stored: Mapping[str, str], achieved: float | None, obstacles: Widget
    ) -> None:
        super().__init__(stored)
        #: The first KPI's rate per week so far (a stored goal with history).
        self.achieved = achieved
        #: The likely obstacles and their plans (``ObstacleList``).
        self.obstacles = obstacles

    def compose_fields(self) -> ComposeResult:
        yield from self.field("confidence", "Confidence, 1 to 10", "how sure are you?")
        yield from self.field("resources", "Resources or support needed (optional)")
        yield Static(
            Text("What could get in the way, and what will you do then? (optional)"),
            classes="field-label",
        )
        yield self.obstacles
        yield Button("Add another obstacle (ctrl+o)", compact=True, id="add-obstacle")
        yield Static("", id="rate-info", classes="info")

    def show(self, view: View, notes: Notes) -> None:
        super().show(view, notes)
        notes.put(self.query_one("#rate-info", Static), self.rate_text(view))

    def rate_text(self, view: View) -> Text:
        """The rate per week the first KPI asks for, beside the pace so far."""
        draft = view.result.draft
        kpi = draft.kpis[0] if draft.kpis else None
        if kpi is None or kpi.baseline is None or kpi.target is None or draft.deadline is None:
            return Text(
                "Once a KPI (step 3) and a deadline (step 6) are set, the weekly rate "
                "they ask for shows here.",
                style="dim",
            )
        start = draft.start or view.today
        weeks = max((draft.deadline - start).days, 1) / 7
        rate = (kpi.target - kpi.baseline) / weeks
        text = Text("Required: ", style="bold")
        text.append(f"{signed(rate)} ")
        text.append_text(safe(kpi.unit or "", limit=20))
        text.append(" a week, to go from ")
        text.append(f"{format_number(kpi.baseline)} to {format_number(kpi.target)} ")
        text.append(f"by {draft.deadline}.\n")
        achieved = self.achieved
        if achieved is None:
            text.append(
                "No pace recorded yet to compare with: "
                "your check-ins will show how fast you really go.",
                style="dim",
            )
            return text
        text.append("So far: ", style="bold")
        text.append(f"{signed(achieved)} ")
        text.append_text(safe(kpi.unit or "", limit=20))
        text.append(" a week.")
        if far_above(rate, achieved):
            text.append(
                "\n⚠ That is far above the pace so far: give it more time, "
                "more support, or a nearer target.",
                style="bold",
            )
        return text


def far_above(required: float, achieved: float) -> bool:
    """The required weekly rate asks much more (twice, or the other way) than so far."""
    if required == 0:
        return False
    if achieved == 0 or (required > 0) != (achieved > 0):
        return True
    return abs(required) > 2 * abs(achieved)


class RelevantStep(WizardStep):
    """Step 5: why it matters, the goal it serves and (a stored goal) its weight there."""

    INDEX = 4
    HINT = "Why does this matter to you? A goal that serves a bigger one is easier to keep."
    VERDICT = "R"
    PARENT = "parent-4"

    def __init__(self, stored: Mapping[str, str], editing: bool) -> None:
        super().__init__(stored)
        self.editing = editing

    def compose_fields(self) -> ComposeResult:
        yield from self.field("why", "Why it matters to you")
        yield from self.field(
            "partner", "Who will you agree this with? (partner or manager, optional)", "e.g. Maria"
        )
        yield from parent_row(self.PARENT)
        if self.editing:
            yield from self.field("weight", "Weight in the parent goal's progress", "e.g. 1")


class TimeBoundStep(WizardStep):
    """Step 6: start and deadline, and the first KPI's rate (any two give the third)."""

    INDEX = 5
    HINT = (
        "When do you start and when is it done? For the first KPI, give any two of "
        "target, deadline and rate per week and ctrl+y works out the third."
    )
    VERDICT = "T"

    def __init__(self, stored: Mapping[str, str], today: date) -> None:
        super().__init__(stored)
        self.today = today

    def compose_fields(self) -> ComposeResult:
        today = self.today.isoformat()
        yield from self.field("start", f"Start ({DATE_HELP})", default=today)
        yield from self.field("deadline", f"Deadline ({DATE_HELP}, end of Q2)")
        yield from self.field("rate", "Rate per week for the first KPI (optional)", "e.g. 50")
        yield Button("Work out the third (ctrl+y)", compact=True, id="solve")
