"""A form to add or edit a goal's own fields; a new deadline asks for a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from goaltui.domain.models import Goal
from goaltui.domain.parse import parse_date, parse_int_in_range, parse_number

if TYPE_CHECKING:
    from goaltui.ui.app import GoalApp

FIELDS = (
    ("title", "Title: what will be done, how often, by when"),
    ("description", "Description"),
    ("why", "Why it matters"),
    ("start", "Start (YYYY-MM-DD, today, -2w)"),
    ("deadline", "Deadline (YYYY-MM-DD, +6w, +3m, eoq, eoy)"),
    ("confidence", "Confidence 1-10"),
    ("resources", "Resources or support needed"),
    ("weight", "Weight in the parent's progress"),
    ("reason", "Reason for a new start or deadline"),
)


@dataclass(frozen=True)
class GoalFormResult:
    """What the form gathered: field changes and the reason for them."""

    values: dict[str, Any]
    reason: str


def _initial(goal: Goal | None, today: date) -> dict[str, str]:
    if goal is None:
        return {"start": today.isoformat(), "weight": "1"}
    return {
        "title": goal.title,
        "description": goal.description,
        "why": goal.why,
        "start": goal.start.isoformat(),
        "deadline": goal.deadline.isoformat() if goal.deadline else "",
        "confidence": "" if goal.confidence is None else str(goal.confidence),
        "resources": goal.resources,
        "weight": f"{goal.weight:g}",
    }


class GoalFormScreen(ModalScreen[GoalFormResult | None]):
    """Edit a goal (or add one under ``parent_title``): ctrl+s saves, Escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(self, goal: Goal | None, today: date, *, parent_title: str | None = None) -> None:
        super().__init__(classes="dialog-screen")
        self.goal = goal
        self.today = today
        self.parent_title = parent_title
        self.initial = _initial(goal, today)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog dialog-wide form"):
            if self.goal is not None:
                heading = Text("Edit goal", style="bold")
            else:
                heading = Text("New goal", style="bold")
                if self.parent_title:
                    heading.append("  under  ")
                    heading.append(Text(self.parent_title[:80], style="italic"))
            yield Static(heading, classes="dialog-title")
            for name, label in FIELDS:
                if name == "reason" and self.goal is None:
                    continue
                yield Label(label, classes="field-label")
                yield Input(self.initial.get(name, ""), id=f"f-{name}")
                yield Static("", id=f"e-{name}", classes="field-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def on_input_submitted(self) -> None:
        self.focus_next()

    def _value(self, name: str) -> str:
        return self.query_one(f"#f-{name}", Input).value.strip()

    def _error(self, name: str, message: str) -> None:
        self.query_one(f"#e-{name}", Static).update(Text(message))

    def validate(self) -> dict[str, Any] | None:
        """The typed values, or ``None`` after showing each problem at its field."""
        for name, _ in FIELDS:
            if name != "reason" or self.goal is not None:
                self._error(name, "")
        values: dict[str, Any] = {}
        ok = True
        title = self._value("title")
        if not title:
            self._error("title", "A goal needs a title.")
            ok = False
        values["title"] = title
        values["description"] = self._value("description")
        values["why"] = self._value("why")
        values["resources"] = self._value("resources")
        for name in ("start", "deadline"):
            raw = self._value(name)
            if not raw and name == "deadline":
                values[name] = None
                continue
            try:
                values[name] = parse_date(raw or "today", self.today)
            except ValueError as exc:
                self._error(name, str(exc))
                ok = False
        if ok and values.get("deadline") is not None:
            if values["deadline"] < values["start"]:
                self._error("deadline", "The deadline comes before the start.")
                ok = False
            elif self.goal is None and values["deadline"] < self.today:
                self._error("deadline", "The deadline is in the past.")
                ok = False
            else:
                self._error("deadline", f"→ {values['deadline']:%a %d %b %Y}")
        raw = self._value("confidence")
        if raw:
            try:
                values["confidence"] = parse_int_in_range(raw, 1, 10, "confidence")
            except ValueError as exc:
                self._error("confidence", str(exc))
                ok = False
        else:
            values["confidence"] = None
        try:
            weight = parse_number(self._value("weight") or "1")
            if weight < 0:
                raise ValueError("the weight cannot be negative")
            values["weight"] = weight
        except ValueError as exc:
            self._error("weight", str(exc))
            ok = False
        return values if ok else None

    def action_save(self) -> None:
        values = self.validate()
        if values is None:
            return
        reason = ""
        if self.goal is not None:
            values = {k: v for k, v in values.items() if getattr(self.goal, k) != v}
            reason = self._value("reason")
            moved = [k for k in ("start", "deadline") if k in values]
            if moved and not reason:
                self._error(
                    "reason",
                    f"Changing the {' and '.join(moved)} needs a reason: "
                    "it is kept in the history.",
                )
                self.query_one("#f-reason", Input).focus()
                return
        self.dismiss(GoalFormResult(values, reason))

    def action_cancel(self) -> None:
        self.dismiss(None)


def open_new_goal(
    app: GoalApp, parent_id: int | None = None, parent_title: str | None = None
) -> None:
    """Open the new-goal wizard (under ``parent_id``); it saves the goal itself."""
    from goaltui.ui.screens.wizard import WizardScreen

    app.push_screen(WizardScreen(parent_id, parent_title))
