"""Step 8 of the new-goal wizard: the goal and its plan at a glance, and the save buttons."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Button, Static

from goaltui.domain.fmt import format_number
from goaltui.domain.models import KpiKind
from goaltui.domain.obstacles import if_then
from goaltui.domain.wizard import step_of
from goaltui.ui.safe import safe
from goaltui.ui.screens.wizard.parts import Notes
from goaltui.ui.screens.wizard.steps import LAST, View, WizardStep, verdict_text


class SummaryStep(WizardStep):
    """The title, the goal it serves, the SMART verdicts, the KPIs, the plan, what to fix."""

    INDEX = LAST
    HINT = "Check the goal and its plan, then save it as active or as a draft."

    def __init__(self, editing: bool, draft_allowed: bool) -> None:
        super().__init__()
        self.editing = editing
        self.draft_allowed = draft_allowed

    def hint(self) -> str:
        if self.editing:
            return "Check the goal and its plan, then save your changes."
        return self.HINT

    def compose_fields(self) -> ComposeResult:
        yield Static("", id="summary")
        with Horizontal(classes="row buttons"):
            yield Button(
                "Save changes (ctrl+s)" if self.editing else "Save as active (ctrl+s)",
                compact=True,
                id="save-active",
                variant="primary",
            )
            draft = Button("Save as draft (ctrl+r)", compact=True, id="save-draft")
            draft.display = self.draft_allowed
            yield draft

    def focus_target(self) -> Widget | None:
        return self.query_one("#save-active", Button)

    def show(self, view: View, notes: Notes) -> None:
        super().show(view, notes)
        notes.put(self.query_one("#summary", Static), summary_text(view))


def summary_text(view: View) -> Text:
    """Everything the wizard holds, as the goal it makes, then up to four fields to fix."""
    result, report = view.result, view.report
    draft = result.draft
    text = Text()
    text.append_text(safe(draft.title or "(no title yet)", "bold", limit=100))
    text.append("\n")
    text.append_text(view.parent())
    text.append("\n\n")
    for verdict in report.verdicts:
        text.append_text(verdict_text(report, verdict.letter))
        text.append("\n")
    text.append("\nMeasured by\n", style="bold")
    if not draft.kpis:
        text.append("  the milestones you finish\n")
    for kpi in draft.kpis:
        text.append("  ")
        text.append_text(safe(kpi.name, limit=40))
        base = "?" if kpi.baseline is None else format_number(kpi.baseline)
        goal = "?" if kpi.target is None else format_number(kpi.target)
        if kpi.kind == KpiKind.BETWEEN:
            high = "?" if kpi.high is None else format_number(kpi.high)
            text.append(f": {goal}–{high} ")
        else:
            text.append(f": {base} → {goal} ")
        text.append_text(safe(kpi.unit, limit=20))
        text.append(f" ({kpi.kind.value.replace('_', ' ')}, {kpi.cadence.value})\n")
    text.append("\nPlan\n", style="bold")
    text.append(f"  {draft.start}  start\n")
    for milestone in draft.milestones:
        text.append(f"  {milestone.target_date or '?'!s:<10}  ◆ ")
        text.append_text(safe(milestone.title, limit=70))
        if milestone.kpi is not None and milestone.kpi_value is not None:
            kpi = draft.kpis[milestone.kpi]
            text.append("  checkpoint: ", style="dim")
            text.append_text(
                safe(
                    f"{kpi.name} {format_number(milestone.kpi_value)} {kpi.unit}".strip(),
                    "dim",
                    limit=60,
                )
            )
        text.append("\n")
        # Steps by date, those without one last: the order they are to be done in.
        for step in sorted(milestone.steps, key=lambda s: s.due or date.max):
            text.append("              · ")
            text.append_text(safe(step.title, limit=60))
            if step.importance != "normal":
                text.append(f"  [{step.importance.value}]", style="bold")
            text.append(f"  (by {step.due})\n" if step.due else "\n", style="dim")
    text.append(f"  {draft.deadline or '?'!s:<10}  ⚑ deadline\n")
    if draft.obstacles:
        text.append("\nIf this happens, then\n", style="bold")
        for o in draft.obstacles:
            text.append("  • ")
            text.append_text(safe(if_then(o.obstacle, o.plan), limit=100))
            text.append("\n")
    if result.errors:
        count = len(result.errors)
        text.append(f"\n⚠ {count} field{'s' if count > 1 else ''} to fix:\n", style="bold red")
        for key, message in list(result.errors.items())[:4]:
            text.append(f"  step {step_of(key) + 1}: ", style="bold")
            text.append(f"{message}\n")
    return text
