"""Screen placeholder: review, and the report export shared with the palette."""

from __future__ import annotations

from typing import TYPE_CHECKING

from goaltui.ui.screens.soon import ComingScreen

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.ui.app import GoalApp


class ReviewScreen(ComingScreen):
    """Reviews: evidence per goal for a period, and the reflection on it."""

    MODE = "review"
    DESCRIPTION = (
        "The review will gather the evidence for a period (each KPI against its target, "
        "milestones hit and missed, your check-in notes and revisions) and let you write "
        "what worked, the obstacles, lessons and next steps."
    )


def export_report(app: GoalApp) -> None:
    """Write the markdown report beside the database and say where."""
    from goaltui import export

    def write(svc: GoalService) -> str:
        import os

        stamp = svc.clock.now().strftime("%Y%m%d-%H%M%S")
        path = app.db_path.with_name(f"goaltui-report-{stamp}.md")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(export.to_markdown(svc))
        return str(path)

    app.background(write, lambda path: app.notify(f"Report written to {path}", markup=False))
