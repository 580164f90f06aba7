"""Screen 2: every open goal's milestones and steps on a time axis."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from goaltui.domain.models import Milestone, Step
from goaltui.domain.text import one_line
from goaltui.domain.urgency import NEXT_IMPORTANCE
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.widgets.timeline import TimelineView
from goaltui.ui.widgets.timeline_rows import LEGEND, STATE_WORD, Row

if TYPE_CHECKING:
    from collections.abc import Callable

    from goaltui.services import GoalService
    from goaltui.services.plan import TimelineGoal


def _days(day: date, today: date) -> str:
    """'today', 'in 3 days', '5 days ago'."""
    n = (day - today).days
    if n == 0:
        return "today"
    word = "day" if abs(n) == 1 else "days"
    return f"in {n} {word}" if n > 0 else f"{-n} {word} ago"


def describe(row: Row, today: date) -> Text:
    """Two lines about the selected row, user text kept literal."""
    goal = row.goal
    if row.item is None:
        text = Text("Goal: ", style="bold", end="")
        text.append_text(safe(goal.title, limit=90))
        text.append("\n")
        deadline = "no deadline"
        if goal.deadline is not None:
            deadline = f"deadline {goal.deadline.isoformat()} ({_days(goal.deadline, today)})"
        text.append(f"from {goal.start.isoformat()}, {deadline}")
        planned = f"{row.count} planned item{'s' if row.count != 1 else ''}"
        text.append(f" · {planned}" if row.count else " · no milestones yet")
        if row.paused:
            word = "day" if row.paused == 1 else "days"
            text.append(
                f" · paused {row.paused} {word}: its pace lines run {row.paused} {word} "
                "later; the deadline has not moved",
                style="italic",
            )
        return text
    state = row.state(today)
    kind = "Milestone" if row.kind == "milestone" else "Step"
    text = Text(f"{row.glyph(today)} {kind}: ", style="bold", end="")
    text.append_text(safe(row.title, limit=90))
    text.append(f" · {STATE_WORD[state]}", style="italic")
    text.append("\n")
    when = row.when
    if when is None:
        text.append("no due date")
    else:
        text.append(
            f"{'due' if row.kind == 'step' else 'target'} {when.isoformat()} ({_days(when, today)})"
        )
    if row.item.done_on is not None:
        text.append(f" · done on {row.item.done_on.isoformat()}")
    if row.checkpoint:
        text.append(" · checkpoint: ")
        text.append_text(safe(row.checkpoint, limit=60))
    if isinstance(row.item, Step):
        text.append(f" · {row.item.importance.value} importance (i changes it)")
    if row.moved is not None:
        text.append(" · moved from ")
        text.append_text(safe(row.moved.old, limit=20))
        text.append(": ")
        text.append_text(safe(row.moved.reason, limit=50))
    text.append(" · goal: ")
    text.append_text(safe(goal.title, limit=80))
    if goal.deadline is not None:
        text.append(f" (deadline {goal.deadline.isoformat()})")
    return text


class TimelineScreen(BaseScreen):
    """The plan in time: what comes next, what slipped, and how it leads to each deadline."""

    MODE = "timeline"
    AUTO_FOCUS = "#timeline"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "toggle_done", "Done", id="timeline.done"),
        Binding("r", "reschedule", "Reschedule", id="timeline.reschedule"),
        Binding("c", "fold_all", "Fold all", id="timeline.fold_all"),
        Binding("k", "checkpoint", "Checkpoint", id="timeline.checkpoint"),
        Binding("i", "importance", "Importance", id="timeline.importance"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.plan: list[TimelineGoal] = []
        self._all_folded = False

    def compose_body(self) -> ComposeResult:
        yield TimelineView(self.goal_app.clock.today(), id="timeline")
        yield Static(Text("Loading the timeline…"), id="timeline-detail")
        yield Static(Text(LEGEND), id="timeline-legend")

    @property
    def view(self) -> TimelineView:
        """The timeline grid."""
        return self.query_one(TimelineView)

    # -- loading -------------------------------------------------------------------------
    @staticmethod
    def fetch_first(svc: GoalService) -> list[TimelineGoal]:
        """The plan of every open goal."""
        return svc.timeline()

    def show_first(self, data: list[TimelineGoal]) -> None:
        self._show(data)

    def reload(self) -> None:
        self.goal_app.background(
            self.fetch_first, self._show, group="timeline-load", exclusive=True
        )

    def _show(self, plan: list[TimelineGoal]) -> None:
        self.plan = plan
        self.view.set_plan(plan, self.goal_app.clock.today())

    def on_timeline_view_changed(self, _message: TimelineView.Changed) -> None:
        detail = self.query_one("#timeline-detail", Static)
        row = self.view.selected
        if row is None:
            detail.update(
                Text(
                    "No active goal has milestones yet. Press n to plan a goal backward "
                    "from its deadline."
                )
            )
            return
        detail.update(describe(row, self.view.today))

    # -- actions ---------------------------------------------------------------------------
    def _selected_item(self) -> Row | None:
        row = self.view.selected
        if row is None or row.item is None:
            self.notify("Select a milestone or a step first (up/down).", markup=False, timeout=3)
            return None
        return row

    def action_fold_all(self) -> None:
        """Fold every goal, or unfold them all."""
        self._all_folded = not self._all_folded
        self.view.set_all_folded(self._all_folded)

    def action_toggle_done(self) -> None:
        """Mark the selected milestone or step done today, or not done."""
        row = self._selected_item()
        if row is None or row.item is None:
            return
        item = row.item
        today = self.goal_app.clock.today()
        done_on = None if item.done_on is not None else today
        what = "Milestone" if isinstance(item, Milestone) else "Step"
        state = f"done on {today.isoformat()}" if done_on else "open again"
        if isinstance(item, Milestone) and done_on is not None:
            self._save(item, {"done_on": done_on}, "", then=lambda: self._celebrate(item))
            return
        self._save(item, {"done_on": done_on}, f"{what} “{item.title}” is {state}.")

    def action_checkpoint(self) -> None:
        """Set or clear the selected milestone's checkpoint (a KPI value to reach by its date)."""
        row = self._selected_item()
        if row is None or row.item is None:
            return
        if not isinstance(row.item, Milestone):
            self.notify("A checkpoint belongs to a milestone: select one.", markup=False)
            return
        from goaltui.ui.screens.checkpoint_form import ask_checkpoint

        ask_checkpoint(self, row.item)

    def action_importance(self) -> None:
        """Give the selected step the next importance: normal → high → low → normal."""
        row = self._selected_item()
        if row is None:
            return
        if not isinstance(row.item, Step):
            self.notify("Importance is a step's: select a step.", markup=False, timeout=3)
            return
        step = row.item
        new = NEXT_IMPORTANCE[step.importance]
        title = one_line(step.title, 60)
        self._save(step, {"importance": new}, f"Step “{title}” is of {new.value} importance.")

    def _celebrate(self, milestone: Milestone) -> None:
        """Mark the moment a milestone is reached."""
        self.notify(
            f"{one_line(milestone.title, 60)} is reached. One more stretch of the road behind you.",
            title="🏁 Milestone reached",
            markup=False,
            timeout=12,
        )

    def action_reschedule(self) -> None:
        """Ask a new date (confirm past the deadline) and a reason, then move the item."""
        row = self._selected_item()
        if row is None or row.item is None:
            return
        from goaltui.ui.screens.date_ask import AskDateScreen

        item = row.item
        question = Text("New date for ", end="")
        question.append_text(safe(item.title, style="bold", limit=60))
        today = self.goal_app.clock.today()

        def got_date(new: date | None) -> None:
            if new is None:
                return
            if new == row.when:
                self.notify("That is already its date: nothing changed.", markup=False, timeout=3)
                return
            self._check_deadline(row, new)

        self.app.push_screen(AskDateScreen(question, today, row.when), got_date)

    def _check_deadline(self, row: Row, new: date) -> None:
        from goaltui.ui.screens.dialogs import ConfirmScreen

        late: list[str] = []
        deadline = row.goal.deadline
        if deadline is not None and new > deadline:
            late.append(f"after the goal's deadline ({deadline.isoformat()})")
        milestone = row.milestone
        if isinstance(row.item, Step) and milestone is not None and new > milestone.target_date:
            late.append(f"after its milestone ({milestone.target_date.isoformat()})")
        if not late:
            self._ask_reason(row, new)
            return
        question = Text(f"{new.isoformat()} is {' and '.join(late)}. Move it there anyway?")

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._ask_reason(row, new)
            else:
                self.notify("Not moved.", markup=False, timeout=3)

        self.app.push_screen(ConfirmScreen(question, yes="Move", no="Keep"), confirmed)

    def _ask_reason(self, row: Row, new: date) -> None:
        from goaltui.ui.screens.dialogs import ReasonScreen

        item = row.item
        assert item is not None
        old = row.when.isoformat() if row.when is not None else "no date"
        what = Text("Move ", end="")
        what.append_text(safe(item.title, style="bold", limit=60))
        what.append(f" from {old} to {new.isoformat()}.")

        def got_reason(reason: str | None) -> None:
            if not reason:
                self.notify("Not moved: a reason is needed.", markup=False, timeout=3)
                return

            field = "target_date" if isinstance(item, Milestone) else "due"
            self._save(item, {field: new}, f"Moved “{item.title}” to {new.isoformat()}.", reason)

        self.app.push_screen(ReasonScreen(what), got_reason)

    def _save(
        self,
        item: Milestone | Step,
        changes: dict[str, object],
        message: str,
        reason: str = "",
        then: Callable[[], None] | None = None,
    ) -> None:
        """Change a milestone or a step, then say ``message`` and call ``then``.

        A new date needs a reason.
        """

        def save(svc: GoalService) -> None:
            if isinstance(item, Milestone):
                svc.edit_milestone(item.id, changes, reason)
            else:
                svc.edit_step(item.id, changes, reason)

        def saved(_result: None) -> None:
            self.goal_app.changed(message)
            if then is not None:
                then()

        self.goal_app.background(save, saved, group="timeline-save")
