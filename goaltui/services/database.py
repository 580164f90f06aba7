"""The database as a whole: whether it holds anything, its file, backups and imports."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from goaltui.services.context import ServiceContext
from goaltui.services.errors import ServiceError
from goaltui.storage.db import backup_to, engine_read_only, location_of
from goaltui.storage.paths import Location
from goaltui.storage.repository import NotFound, labelled


class DatabaseService:
    """What concerns the whole database rather than one goal."""

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def close(self) -> None:
        """Release the database."""
        self.ctx.repo.engine.dispose()

    def is_empty(self) -> bool:
        """True when the database holds no goal."""
        return self.ctx.repo.is_empty()

    def read_only(self) -> bool:
        """True for a database its owner made read-only: nothing can be saved."""
        return engine_read_only(self.ctx.repo.engine)

    def database_path(self) -> Location:
        """Where the database is: its file, or its URL (without a password)."""
        return location_of(self.ctx.repo.engine)

    def backup(self, target: Path) -> None:
        """Copy the whole database to ``target``, which must not exist yet."""
        backup_to(self.ctx.repo.engine, target)

    def write_stamp(self) -> int:
        """A number that changes with every write: what was read under another may be stale."""
        return self.ctx.repo.stamp

    def forget(self) -> None:
        """Another program changed the database: drop what was kept for reuse."""
        self.ctx.repo.bump()

    def set_before_read(self, hook: Callable[[], None] | None) -> None:
        """Call ``hook`` before every read from now on (``None``: no longer).

        A background reader waits there while the process has more urgent work.
        """
        self.ctx.repo.before_read = hook

    def load_export(self, tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
        """Add the rows of an export (checked by :func:`goaltui.services.exchange.read_document`).

        One transaction: all rows or none. Into an empty database the ids are
        kept; otherwise (or where other people's rows hold ids) every row gets a
        new id. Returns the goals added.
        """
        repo = self.ctx.repo
        try:
            with labelled("an import"):
                return repo.load(tables, replace_ids=not repo.ids_free())
        except (NotFound, KeyError, TypeError, ValueError) as exc:
            # Checked rows should never get here; if one does, nothing was written.
            raise ServiceError(f"the export could not be loaded ({exc})") from None
