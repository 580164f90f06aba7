"""Leaving the new-goal wizard: saving what it holds, or throwing it away.

Saving waits until everything typed checks out. A new goal is stored at once.
Saving a stored goal first lists the writes; if any delete something it asks
to confirm, and if any move a date or a target it asks for one reason, kept
with each revision. The wizard closes once the goal is stored; if that fails
it stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text

from goaltui.domain.parse import parse_number
from goaltui.services.wizard import (
    EditPlan,
    EditSource,
    apply_edit,
    plan_edit,
    plan_rows,
    status_after,
)
from goaltui.ui.safe import safe

if TYPE_CHECKING:
    from goaltui.domain.models import Goal
    from goaltui.domain.wizard import Checked
    from goaltui.services import GoalService
    from goaltui.ui.screens.wizard.screen import WizardScreen


async def save(screen: WizardScreen, status: str) -> None:
    """Save what the wizard holds as ``status``; else show the first step with an error."""
    result = screen.checked()
    errors = screen.blocking(result)
    if errors:
        first = await screen.go_to_error(errors)
        screen.notify(
            f"Not saved yet: fix the marked field in step {first + 1}.",
            severity="warning",
            markup=False,
        )
        return
    if screen.source is None:
        save_new(screen, result, status)
    else:
        save_edit(screen, screen.source, result, status)


def cancel(screen: WizardScreen) -> None:
    """Close the wizard; if anything was typed, once the person confirms to throw it away."""
    if not screen.dirty:
        screen.dismiss(None)
        return
    from goaltui.ui.screens.dialogs import ConfirmScreen

    def answered(yes: bool | None) -> None:
        if yes:
            screen.dismiss(None)

    question = (
        "Throw away your changes to this goal? The stored goal stays as it was."
        if screen.source is not None
        else "Throw away this new goal? What you typed will be lost."
    )
    screen.app.push_screen(ConfirmScreen(question, yes="Throw away", no="Keep editing"), answered)


def save_new(screen: WizardScreen, result: Checked, status: str) -> None:
    """Store a new goal with its KPIs, milestones and steps, as ``status``."""
    rows = plan_rows(result, status)
    word = "Draft saved" if status == "draft" else "Goal created"
    _store(screen, lambda svc: svc.create_goal(rows), word)


def save_edit(screen: WizardScreen, source: EditSource, result: Checked, status: str) -> None:
    """Save the changes to a stored goal; moved dates and targets ask for one reason."""
    extra = {
        "weight": parse_number(screen.pages.typed("weight") or "1"),
        "status": status_after(source.goal, status),
    }
    today = screen.goal_app.clock.today()
    plan = plan_edit(source, screen.raw(), result, screen.pages.block_keys.ids, extra, today)
    if plan.empty:
        screen.notify("Nothing changed.", markup=False)
        screen.dismiss(None)
        return
    from goaltui.ui.screens.dialogs import ConfirmScreen

    if plan.removed:
        question = Text("Saving deletes ", style="bold")
        question.append_text(safe("; ".join(plan.removed), limit=300))
        question.append(". Go on?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                _ask_reason(screen, plan)

        screen.app.push_screen(
            ConfirmScreen(question, yes="Delete and save", no="Keep editing"), confirmed
        )
        return
    _ask_reason(screen, plan)


def _ask_reason(screen: WizardScreen, plan: EditPlan) -> None:
    if not plan.revised:
        _write(screen, plan, "")
        return
    from goaltui.ui.screens.dialogs import ReasonScreen

    what = Text("You changed ")
    what.append_text(safe(", ".join(plan.revised), limit=300))
    what.append(".")

    def answered(reason: str | None) -> None:
        if reason is None:
            screen.notify("Not saved yet: your changes are still here.", markup=False)
            return
        _write(screen, plan, reason)

    screen.app.push_screen(ReasonScreen(what), answered)


def _write(screen: WizardScreen, plan: EditPlan, reason: str) -> None:
    _store(screen, lambda svc: apply_edit(svc, plan, reason), "Goal saved")


def _store(screen: WizardScreen, work: Callable[[GoalService], Goal], word: str) -> None:
    """Run ``work`` in the background; close the wizard once it stored the goal."""
    screen.saving = True

    def done(goal: Goal) -> None:
        screen.dismiss(None)
        screen.goal_app.changed(f"{word}: {goal.title[:60]}")

    def failed(message: str) -> None:
        screen.saving = False
        screen.notify(message, title="Not saved", severity="error", markup=False)

    screen.goal_app.background(work, done, failed=failed)
