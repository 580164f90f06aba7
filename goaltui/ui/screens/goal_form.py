"""Opening the goal wizard: a new goal (``n``), a sub-goal (``a``) or a change (``e``).

The app opens it on its screens' behalf, so that no other screen depends on it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goaltui.ui.jobs import Jobs


def open_new_goal(app: Jobs, parent_id: int | None = None, parent_title: str | None = None) -> None:
    """Open the new-goal wizard (under ``parent_id``); it saves the goal itself."""
    from goaltui.ui.screens.wizard.screen import WizardScreen

    app.push_screen(WizardScreen(parent_id, parent_title))


def open_goal_edit(app: Jobs, goal_id: int) -> None:
    """Open the wizard on goal ``goal_id``, filled with it; it saves the changes itself."""
    from goaltui.ui.screens.wizard.screen import WizardScreen

    WizardScreen.open_edit(app, goal_id)
