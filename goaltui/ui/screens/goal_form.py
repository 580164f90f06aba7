"""Opening the new-goal wizard, from the app (``n``) or under a goal (``a``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goaltui.ui.app import GoalApp


def open_new_goal(
    app: GoalApp, parent_id: int | None = None, parent_title: str | None = None
) -> None:
    """Open the new-goal wizard (under ``parent_id``); it saves the goal itself."""
    from goaltui.ui.screens.wizard.screen import WizardScreen

    app.push_screen(WizardScreen(parent_id, parent_title))
