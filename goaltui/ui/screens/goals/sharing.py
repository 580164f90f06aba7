"""The goals screen and other people's goals: picking the selected goal, refusing to
change a goal someone shared to be read, and sharing one's own (PostgreSQL only)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text

from goaltui.domain.sharing import NEEDS_POSTGRES, read_only_line
from goaltui.ui.safe import safe
from goaltui.ui.screens.base import BaseScreen
from goaltui.ui.widgets.goal_tree import GoalTree

if TYPE_CHECKING:
    from goaltui.domain.models import Goal
    from goaltui.domain.progress import GoalSummary
    from goaltui.services import GoalService
    from goaltui.ui.screens.goals.share_dialog import ShareChoice


class ShareActions(BaseScreen):
    """Selecting a goal on the tree, and whether it may be changed or shared."""

    #: The goals on the tree, with their place in it (set by the goals screen).
    summaries: list[GoalSummary]
    #: The goals others shared with me, read-only: goal id -> its owner's role.
    shared: dict[int, str]

    def _selected(self) -> GoalSummary | None:
        node = self.query_one(GoalTree).cursor_node
        if node is None or node.data is None:
            self.notify("Select a goal first.", markup=False)
            return None
        return next((s for s in self.summaries if s.goal.id == node.data), None)

    def _editable(self, what: str = "change") -> GoalSummary | None:
        """The selected goal, if it is mine to change; else one line saying whose it is."""
        s = self._selected()
        if s is not None and s.goal.id in self.shared:
            self.notify(read_only_line(self.shared[s.goal.id], what), markup=False)
            return None
        return s

    def with_sharing(self, text: Text, goal_id: int, grantees: list[str]) -> Text:
        """The detail ``text`` of a goal, headed by whom it is shared with or by."""
        owner = self.shared.get(goal_id)
        if owner is None and not grantees:
            return text
        head = Text(end="")
        if owner is not None:
            head.append("Shared with you by ", style="bold")
            head.append_text(safe(owner, style="bold", limit=40))
            head.append(": you can read it, and only they can change it.\n\n")
        else:
            head.append("Shared with ", style="bold")
            head.append_text(safe(", ".join(grantees), style="bold", limit=200))
            head.append(" (to read; s to share or stop).\n\n")
        return Text.assemble(head, text, end="")

    def action_share(self) -> None:
        """Share the selected goal with another person's role, or stop sharing it."""
        s = self._editable("share")
        if s is None:
            return
        goal = s.goal

        def ask(grantees: list[str] | None) -> None:
            from goaltui.ui.screens.goals.share_dialog import ShareScreen

            if grantees is None:
                self.notify(NEEDS_POSTGRES[:1].upper() + NEEDS_POSTGRES[1:] + ".", markup=False)
                return
            heading = Text("Share ", style="bold")
            heading.append_text(safe(goal.title, limit=50))
            self.app.push_screen(ShareScreen(heading, grantees), lambda c: self._shared(goal, c))

        def grantees(svc: GoalService) -> list[str] | None:
            sharing = svc.sharing_service
            return sharing.grantees(goal.id) if sharing.available() else None

        self.goal_app.background(grantees, ask)

    def _shared(self, goal: Goal, choice: ShareChoice | None) -> None:
        if choice is None:
            return
        role = choice.role

        def run(svc: GoalService) -> str:
            if choice.share:
                svc.sharing_service.share(goal.id, role)
                return f"Shared with {role}: they can read this goal, and change none of it."
            svc.sharing_service.unshare(goal.id, role)
            return f"Stopped sharing this goal with {role}."

        self.goal_app.background(run, self.goal_app.changed)
