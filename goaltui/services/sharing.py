"""Sharing a goal with another person, read-only, and knowing whose goal is whose.

Only a PostgreSQL database has several people, each connected as a role of
their own; there every goal has an owner, and the server's row-level security
lets a role read the goals shared with it and change none of them. On SQLite
every goal is its one person's, and sharing says it needs PostgreSQL.
"""

from __future__ import annotations

from goaltui.domain.models import Goal
from goaltui.domain.sharing import NEEDS_POSTGRES as NEEDS_POSTGRES
from goaltui.domain.sharing import read_only_line as read_only_line
from goaltui.domain.text import one_line
from goaltui.services.context import ServiceContext
from goaltui.services.errors import ServiceError
from goaltui.services.goals import GoalsService
from goaltui.storage.pg_access import valid_role
from goaltui.storage.repository.sharing import SharingStore


class SharingService:
    """Who owns each goal, and sharing one's own goals with other roles."""

    def __init__(self, ctx: ServiceContext, goals: GoalsService) -> None:
        self.ctx = ctx
        self.goals = goals
        self.store = SharingStore(ctx.repo)

    def available(self) -> bool:
        """True on PostgreSQL, where goals can be shared."""
        return self.store.available()

    def me(self) -> str:
        """The role goaltui is connected as (empty on SQLite)."""
        if not self.available():
            return ""
        return self.ctx.kept(("sharing-me",), self.store.me)

    def shared_with_me(self) -> dict[int, str]:
        """The goals others shared with me: goal id -> its owner's role (kept until a write)."""
        return self.goals.shared_with_me()

    def read_only_reason(self, goal_id: int, what: str = "change") -> str | None:
        """Why I cannot change the goal ``goal_id`` (None: it is mine)."""
        owner = self.shared_with_me().get(goal_id)
        return None if owner is None else read_only_line(owner, what)

    def check_editable(self, goal_id: int) -> None:
        """:class:`ServiceError` with one clear line when the goal is someone else's."""
        reason = self.read_only_reason(goal_id)
        if reason is not None:
            raise ServiceError(reason)

    def grantees(self, goal_id: int) -> list[str]:
        """The roles my goal is shared with (none on SQLite)."""
        return self.store.grantees(goal_id) if self.available() else []

    def _own_goal(self, ref: int | str, role: str, what: str) -> Goal:
        if not self.available():
            raise ServiceError(NEEDS_POSTGRES)
        role = role.strip()
        if not valid_role(role):
            raise ServiceError(
                f"{one_line(role, 40)!r} is not a role name: letters, digits and _, "
                "63 at most, as the database's administrator created it"
            )
        goal = self.goals.find_goal(ref)
        owner = self.store.owner_of(goal.id)
        me = self.store.me()
        if owner is not None and owner != me:
            raise ServiceError(read_only_line(owner, what))
        if role == me:
            raise ServiceError(
                f"{role} is you: your goals are always yours to see; name another role"
            )
        if not self.store.role_exists(role):
            raise ServiceError(
                f"the database knows no role {role!r}; its administrator creates one with "
                f"'goaltui setup-postgres --role {role}'"
            )
        return goal

    def share(self, ref: int | str, role: str) -> Goal:
        """Let ``role`` read my goal ``ref`` (an id or part of its title); returns the goal."""
        role = role.strip()
        goal = self._own_goal(ref, role, "share")
        if not self.store.share(goal.id, role):
            raise ServiceError(f"{one_line(goal.title, 60)!r} is already shared with {role}")
        return goal

    def unshare(self, ref: int | str, role: str) -> Goal:
        """Take back ``role``'s access to my goal ``ref`` at once; returns the goal."""
        role = role.strip()
        goal = self._own_goal(ref, role, "stop sharing")
        if not self.store.unshare(goal.id, role):
            raise ServiceError(f"{one_line(goal.title, 60)!r} is not shared with {role}")
        return goal
