"""Writing a markdown report beside the database, from the palette or the review screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from goaltui.services import GoalService
    from goaltui.ui.jobs import Jobs


def export_report(
    app: Jobs, make: Callable[[GoalService], str] | None = None, name: str = "report"
) -> None:
    """Write a markdown report beside the database (a new private file) and say where.

    ``make`` writes the text (the general report of every goal by default).
    """
    from goaltui.services import exchange as export
    from goaltui.storage.paths import report_folder

    def write(svc: GoalService) -> str:
        import os

        text = (make or export.to_markdown)(svc)
        stamp = svc.clock.now().strftime("%Y%m%d-%H%M%S")
        path = report_folder(app.db_path) / f"goaltui-{name}-{stamp}.md"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        return str(path)

    app.background(write, lambda path: app.notify(f"Report written to {path}", markup=False))
