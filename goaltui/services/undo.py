"""Undo and redo: taking back a change made on a screen or from the command line.

Every write is journaled in the database (see :mod:`goaltui.storage.change_log`),
so undo works after a restart too. The dashboard undoes its own changes (and
the command line its own); ``goaltui undo N`` takes back any change still kept.
"""

from __future__ import annotations

from goaltui.domain.changes import Change, Origin
from goaltui.services.context import ServiceContext
from goaltui.services.errors import ServiceError
from goaltui.storage.repository import UndoRefused

#: Why there is nothing to undo, where the person asked.
NOTHING_TO_UNDO = {
    Origin.TUI: "nothing changed in the dashboard is left to undo "
    "('goaltui undo --list' shows every change kept)",
    Origin.CLI: "nothing changed from the command line is left to undo "
    "('goaltui undo --list' shows every change kept)",
}


class UndoService:
    """The journal of changes: what can be undone, undoing and redoing."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def changes(self) -> list[Change]:
        """The changes still kept (the last 100 of the past 30 days), newest first."""
        return self.ctx.repo.changes()

    def undo(self, change_id: int | None = None) -> Change:
        """Undo change ``change_id``, or the newest one made where this service runs.

        A :class:`ServiceError` says why when there is nothing to undo, or when a
        later change depends on it (then nothing is changed).
        """
        origin = None if change_id is not None else self.ctx.repo.origin
        try:
            return self.ctx.repo.undo(origin, change_id)
        except LookupError as exc:
            if change_id is None:
                raise ServiceError(NOTHING_TO_UNDO[self.ctx.repo.origin]) from None
            raise ServiceError(str(exc)) from None
        except UndoRefused as exc:
            raise ServiceError(str(exc)) from None

    def redo(self) -> Change:
        """Make again the change undone last here, unless a new change was made since."""
        try:
            return self.ctx.repo.redo(self.ctx.repo.origin)
        except (LookupError, UndoRefused) as exc:
            raise ServiceError(str(exc)) from None
