"""Leaving the new-goal wizard: saving what it holds, or throwing it away.

Saving waits until everything typed checks out. A new goal is stored at once.
Saving a stored goal first lists the writes; if any delete something it asks
to confirm, and if any move a date or a target it asks for one reason, kept
with each revision. The wizard closes once the goal is stored; if that fails
it stays open with everything typed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.notifications import SeverityLevel

from goaltui.domain.parse import parse_number
from goaltui.services.wizard import EditSource, plan_rows, status_after
from goaltui.services.wizard_edit import EditPlan, apply_edit, plan_edit
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.screens.wizard.parts import Toasts

if TYPE_CHECKING:
    from goaltui.domain.models import Goal
    from goaltui.domain.wizard import Checked, RawWizard
    from goaltui.services import GoalService
    from goaltui.ui.screens.wizard.pages import WizardPages


class WizardSaving(BaseScreen):
    """Saving and cancelling, for :class:`~goaltui.ui.screens.wizard.screen.WizardScreen`.

    The screen provides what is declared here: the stored goal being changed (or
    None), the pages of fields, and reading and checking what they hold.
    """

    #: Not while a goal is being written: undo waits until the wizard is closed.
    UNDOES: ClassVar[bool] = False

    source: EditSource | None
    pages: WizardPages
    saving: bool
    #: The toasts shown lately: a key pressed again does not stack the same one.
    _toasts: Toasts

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Show a toast, unless the same one is still showing (a key pressed again)."""
        shown_for = self.app.NOTIFICATION_TIMEOUT if timeout is None else timeout
        if self._toasts.fresh(title, message, shown_for):
            super().notify(message, title=title, severity=severity, timeout=timeout, markup=markup)

    def raw(self) -> RawWizard:
        raise NotImplementedError

    def checked(self) -> Checked:
        raise NotImplementedError

    def blocking(self, result: Checked) -> dict[str, str]:
        raise NotImplementedError

    async def go_to_error(self, errors: dict[str, str]) -> int:
        raise NotImplementedError

    @property
    def dirty(self) -> bool:
        raise NotImplementedError

    async def save(self, status: str) -> None:
        """Save what the wizard holds as ``status``; else show the first step with an error."""
        result = self.checked()
        errors = self.blocking(result)
        if errors:
            first = await self.go_to_error(errors)
            self.notify(
                f"Not saved yet: fix the marked field in step {first + 1}.",
                severity="warning",
                markup=False,
            )
            return
        if self.source is None:
            self.save_new(result, status)
        else:
            self.save_edit(self.source, result, status)

    def action_cancel(self) -> None:
        """Close the wizard; if anything was typed, once the person confirms to throw it away."""
        if not self.dirty:
            self.dismiss(None)
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(None)

        question = (
            "Throw away your changes to this goal? The stored goal stays as it was."
            if self.source is not None
            else "Throw away this new goal? What you typed will be lost."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Throw away", no="Keep editing"), answered)

    def save_new(self, result: Checked, status: str) -> None:
        """Store a new goal with its KPIs, milestones and steps, as ``status``."""
        rows = plan_rows(result, status)
        word = "Draft saved" if status == "draft" else "Goal created"
        self._store(lambda svc: svc.create_goal(rows), word)

    def save_edit(self, source: EditSource, result: Checked, status: str) -> None:
        """Save the changes to a stored goal; moved dates and targets ask for one reason."""
        extra = {
            "weight": parse_number(self.pages.typed("weight") or "1"),
            "status": status_after(source.goal, status),
        }
        today = self.goal_app.clock.today()
        plan = plan_edit(source, self.raw(), result, self.pages.block_keys.ids, extra, today)
        if plan.empty:
            self.notify("Nothing changed.", markup=False)
            self.dismiss(None)
            return
        from goaltui.ui.screens.dialogs import ConfirmScreen

        if plan.removed:
            question = Text("Saving deletes ", style="bold")
            question.append_text(safe("; ".join(plan.removed), limit=300))
            question.append(". Go on?")

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self._ask_reason(plan)

            self.app.push_screen(
                ConfirmScreen(question, yes="Delete and save", no="Keep editing"), confirmed
            )
            return
        self._ask_reason(plan)

    def _ask_reason(self, plan: EditPlan) -> None:
        if not plan.revised:
            self._write(plan, "")
            return
        from goaltui.ui.screens.dialogs import ReasonScreen

        what = Text("You changed ")
        what.append_text(safe(", ".join(plan.revised), limit=300))
        what.append(".")

        def answered(reason: str | None) -> None:
            if reason is None:
                self.notify("Not saved yet: your changes are still here.", markup=False)
                return
            self._write(plan, reason)

        self.app.push_screen(ReasonScreen(what), answered)

    def _write(self, plan: EditPlan, reason: str) -> None:
        self._store(lambda svc: apply_edit(svc, plan, reason), "Goal saved")

    def _store(self, work: Callable[[GoalService], Goal], word: str) -> None:
        """Run ``work`` in the background; close the wizard once it stored the goal."""
        self.saving = True

        def done(goal: Goal) -> None:
            self.dismiss(None)
            self.goal_app.changed(f"{word}: {goal.title[:60]}")

        def failed(message: str) -> None:
            self.saving = False
            self.notify(message, title="Not saved", severity="error", markup=False)

        self.goal_app.background(work, done, failed=failed)
