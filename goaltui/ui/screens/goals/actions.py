"""What the goals screen does to the selected goal: add a sub-goal or a KPI, edit,
archive, pause, delete and move it, and copy what it has reached to share."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from goaltui.domain.models import Goal, GoalStatus
from goaltui.domain.text import one_line
from goaltui.ui.safe import safe
from goaltui.ui.screens.goals.sharing import ShareActions

if TYPE_CHECKING:
    from goaltui.domain.agreement import Agreement
    from goaltui.domain.progress import GoalSummary
    from goaltui.domain.wins import Win
    from goaltui.services import GoalService
    from goaltui.storage.repository import Footprint


def delete_question(goal: Goal, fp: Footprint) -> Text:
    """Asks whether to delete ``goal``, saying all that goes with it (``fp``)."""
    question = Text("Delete ", end="")
    question.append_text(safe(goal.title, style="bold", limit=80))
    question.append("?\n\nThis also deletes ")
    parts = [
        f"{fp.kpis} KPI{'s' if fp.kpis != 1 else ''}",
        f"{fp.measurements} measurement{'s' if fp.measurements != 1 else ''}",
        f"{fp.milestones} milestone{'s' if fp.milestones != 1 else ''}",
        f"{fp.steps} step{'s' if fp.steps != 1 else ''}",
        f"{fp.checkins} check-in{'s' if fp.checkins != 1 else ''}",
    ]
    question.append(", ".join(parts) + ".")
    if fp.children:
        question.append(
            f"\nIts {fp.children} sub-goal{'s move' if fp.children != 1 else ' moves'}"
            " up a level and stay."
        )
    question.append("\n\nArchiving (x) keeps everything instead; ctrl+z brings it all back after.")
    return question


class GoalActions(ShareActions):
    """The goal tree's actions on the selected goal (the goals screen's base class).

    A goal someone else shared is read-only: each action that would change it
    says so in one line instead (:meth:`ShareActions._editable`)."""

    #: The goals on the tree, with their place in it (set by the goals screen).
    summaries: list[GoalSummary]
    #: The goal whose detail is shown.
    selected_id: int | None

    def action_add_child(self) -> None:
        s = self._editable()
        if s is not None:
            self.goal_app.action_new_goal(s.goal.id, s.goal.title)

    def action_add_kpi(self) -> None:
        """Give the selected goal another KPI."""
        from goaltui.ui.screens.kpi_form import KpiFormResult, KpiFormScreen

        s = self._editable()
        if s is None:
            return
        goal_id = s.goal.id

        def save(result: KpiFormResult | None) -> None:
            if result is None:
                return
            self.goal_app.background(
                lambda svc: svc.add_kpi(goal_id, **result.values),
                lambda k: self.goal_app.changed(f"KPI added: {k.name}"),
            )

        heading = Text("Add a KPI to ", style="bold")
        heading.append_text(safe(s.goal.title, limit=50))
        self.app.push_screen(KpiFormScreen(heading), save)

    def action_obstacles(self) -> None:
        """Plan for the selected goal's likely obstacles: "if this happens, I will …"."""
        from goaltui.ui.screens.obstacles_form import ObstacleRowText, ObstaclesFormScreen

        s = self._editable()
        if s is None:
            return
        goal_id = s.goal.id
        heading = Text("Likely obstacles of ", style="bold")
        heading.append_text(safe(s.goal.title, limit=50))

        def save(rows: list[ObstacleRowText] | None) -> None:
            if rows is None:
                return
            self.goal_app.background(
                lambda svc: svc.set_obstacles(goal_id, rows),
                lambda kept: self.goal_app.changed(
                    f"{len(kept)} obstacle{'s' if len(kept) != 1 else ''} planned for."
                ),
            )

        self.goal_app.background(
            lambda svc: svc.obstacles([goal_id]),
            lambda found: self.app.push_screen(ObstaclesFormScreen(heading, found), save),
        )

    def action_edit(self) -> None:
        s = self._editable()
        if s is None:
            return
        self.goal_app.action_edit_goal(s.goal.id)

    def action_archive(self) -> None:
        s = self._editable()
        if s is None:
            return
        archived = not s.goal.archived
        goal_id = s.goal.id
        word = "archived" if archived else "brought back"
        self.goal_app.background(
            lambda svc: svc.set_archived(goal_id, archived),
            lambda g: self.goal_app.changed(f"Goal {word}."),
        )

    def action_pause(self) -> None:
        s = self._editable()
        if s is None:
            return
        goal = s.goal
        if goal.status not in (GoalStatus.ACTIVE, GoalStatus.PAUSED):
            self.notify(f"A {goal.status.value} goal cannot be paused.", markup=False)
            return
        new = GoalStatus.ACTIVE if goal.status == GoalStatus.PAUSED else GoalStatus.PAUSED
        self.goal_app.background(
            lambda svc: svc.set_status(goal.id, new),
            lambda g: self.goal_app.changed(
                "Goal paused: its pace lines wait for you."
                if new == GoalStatus.PAUSED
                else "Goal resumed."
            ),
        )

    def action_delete(self) -> None:
        from goaltui.ui.screens.dialogs import ConfirmScreen

        s = self._editable()
        if s is None:
            return
        goal = s.goal

        def ask(fp: Footprint) -> None:
            question = delete_question(goal, fp)

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.selected_id = goal.parent_id
                    self.goal_app.background(
                        lambda svc: svc.delete_goal(goal.id),
                        lambda _: self.goal_app.changed("Goal deleted: ctrl+z brings it back."),
                    )

            self.app.push_screen(ConfirmScreen(question, yes="Delete", no="Keep"), confirmed)

        self.goal_app.background(lambda svc: svc.footprint(goal.id), ask)

    def action_move(self) -> None:
        from goaltui.ui.screens.dialogs import TOP_LEVEL, PickGoalScreen

        s = self._editable()
        if s is None:
            return
        goal = s.goal
        choices = [
            (x.goal.id, x.goal.title, x.depth) for x in self.summaries if x.goal.id != goal.id
        ]

        def chosen(parent: int | None) -> None:
            if parent is None:
                return
            new_parent = None if parent == TOP_LEVEL else parent
            if new_parent == goal.parent_id:
                return
            self.goal_app.background(
                lambda svc: svc.goals_service.reparent(goal.id, new_parent),
                lambda _: self.goal_app.changed("Goal moved."),
            )

        title = f"Move “{goal.title[:50]}” under…"
        self.app.push_screen(PickGoalScreen(title, choices), chosen)

    def action_acknowledge(self) -> None:
        """Record that the selected goal's partner (or someone typed) agreed to its plan."""
        from goaltui.ui.screens.acknowledge_form import AcknowledgeScreen, Acknowledgment

        s = self._editable()
        if s is None:
            return
        goal_id = s.goal.id

        def save(result: Acknowledgment | None) -> None:
            if result is None:
                return

            def run(svc: GoalService) -> Agreement:
                from goaltui.services.agreements import AgreementService

                return AgreementService(svc.context).acknowledge(goal_id, result.who, result.words)

            self.goal_app.background(
                run,
                lambda a: self.goal_app.changed(
                    f"Acknowledged by {one_line(a.by, 40)} (version {a.agreed_version})."
                ),
            )

        heading = Text("Agreed: ", style="bold")
        heading.append_text(safe(s.goal.title, limit=50))
        self.app.push_screen(AcknowledgeScreen(heading, s.goal.partner), save)

    def action_share_win(self) -> None:
        """Copy the selected goal's win summary to the clipboard, once it has reached something."""
        s = self._selected()
        if s is None:
            return
        goal_id = s.goal.id

        def got(win: Win) -> None:
            if not win.reached:
                self.notify(
                    "Nothing reached on this goal yet. A target, a milestone or the goal "
                    "itself will give you something to share.",
                    markup=False,
                    timeout=6,
                )
                return
            self.app.copy_to_clipboard(win.text)
            self.notify(
                "Copied the win summary: paste it anywhere.",
                title="Share your win",
                markup=False,
                timeout=6,
            )

        self.goal_app.background(lambda svc: svc.win(goal_id), got)
