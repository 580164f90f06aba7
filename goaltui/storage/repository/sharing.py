"""Who owns each goal and whom it is shared with (PostgreSQL only).

On PostgreSQL every row has an ``owner`` and row-level security decides who
sees it (:mod:`goaltui.storage.pg_access`); SQLite has neither, and every goal
there is its one person's. The server checks every change itself: what is
checked here first only gives a person a clear line instead of a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import delete, exists, func, insert, select, true
from sqlalchemy.orm import Session

from goaltui.storage.pg_access import GOAL_OWNER, GOAL_SHARE
from goaltui.storage.repository.base import Store

T = TypeVar("T")


class SharingStore:
    """The owners of goals and the goals' shares, read and written through ``store``."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def available(self) -> bool:
        """True on PostgreSQL, where goals have owners and can be shared."""
        engine = getattr(self.store, "engine", None)
        return engine is not None and engine.dialect.name == "postgresql"

    def _read(self, fn: Callable[[Session], T]) -> T:
        return self.store._read(fn)

    def me(self) -> str:
        """The role this connection acts as."""
        return str(self._read(lambda s: s.scalar(select(func.current_user()))))

    def others_goals(self) -> dict[int, str]:
        """The goals I can see but do not own (shared with me): goal id -> its owner."""
        if not self.available():
            return {}
        g = GOAL_OWNER.c
        query = select(g.id, g.owner).where(g.owner != func.current_user())
        return self._read(lambda s: {int(i): str(o) for i, o in s.execute(query)})

    def owner_of(self, goal_id: int) -> str | None:
        """The role that owns the goal ``goal_id`` (None: I cannot see it)."""
        g = GOAL_OWNER.c
        query = select(g.owner).where(g.id == goal_id)
        found = self._read(lambda s: s.scalar(query))
        return None if found is None else str(found)

    def role_exists(self, role: str) -> bool:
        """True when the server knows the role ``role``."""
        from sqlalchemy import column, table

        roles = table("pg_roles", column("rolname"))
        query = select(exists().where(roles.c.rolname == role).select_from(roles))
        return bool(self._read(lambda s: s.scalar(query)))

    def grantees(self, goal_id: int) -> list[str]:
        """The roles my goal ``goal_id`` is shared with, by name."""
        sh = GOAL_SHARE.c
        query = select(sh.grantee).where(sh.goal_id == goal_id).order_by(sh.grantee)
        return self._read(lambda s: [str(r) for r in s.scalars(query)])

    def share(self, goal_id: int, role: str) -> bool:
        """Share my goal with ``role``; False if it already was."""

        def run(session: Session) -> bool:
            sh = GOAL_SHARE.c
            query = select(true()).where(sh.goal_id == goal_id, sh.grantee == role)
            if session.scalar(query):
                return False
            session.execute(insert(GOAL_SHARE).values(goal_id=goal_id, grantee=role))
            return True

        return self.store._write(run)

    def unshare(self, goal_id: int, role: str) -> bool:
        """Stop sharing my goal with ``role``; False if it was not shared with it."""

        def run(session: Session) -> bool:
            sh = GOAL_SHARE.c
            done = session.execute(
                delete(GOAL_SHARE).where(sh.goal_id == goal_id, sh.grantee == role)
            )
            return bool(getattr(done, "rowcount", 0))

        return self.store._write(run)
