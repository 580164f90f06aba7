"""Agreeing a goal with a partner or manager: acknowledgments kept in the revision ledger.

See :mod:`goaltui.domain.agreement` for the version of a goal's plan and when an
agreement goes out of date.
"""

from __future__ import annotations

from typing import Any

from goaltui.domain import agreement as rules
from goaltui.domain.agreement import Agreement
from goaltui.domain.models import Goal
from goaltui.domain.text import one_line
from goaltui.services.context import ServiceContext, check
from goaltui.services.errors import ServiceError

#: Longest name of who acknowledged, and of their words, kept.
WHO_LIMIT = 80
WORDS_LIMIT = 500


class AgreementService:
    """Who agreed to a goal's plan, and whether the plan has changed since.

    Reached as ``AgreementService(svc.context)`` from a :class:`GoalService` ``svc``.
    """

    def __init__(self, ctx: ServiceContext) -> None:
        self.ctx = ctx

    def agreement(self, goal_id: int) -> Agreement:
        """The agreement state of goal ``goal_id``."""
        return rules.agreement(self.ctx.repo.revisions(goal_id))

    def acknowledge(self, goal_id: int, who: str = "", words: str = "") -> Agreement:
        """Record that ``who`` (the goal's partner when empty) acknowledged its plan as it
        is now, with their ``words``; the agreement after it."""
        repo = self.ctx.repo

        def run() -> Agreement:
            goal: Goal = repo.get("goal", goal_id)
            name = " ".join(who.split()) or " ".join(goal.partner.split())
            if not name:
                raise ServiceError(
                    "this goal has no partner: type who agreed to it "
                    "(or set a partner when you edit the goal)"
                )
            if len(name) > WHO_LIMIT:
                raise ServiceError(f"the name is too long (at most {WHO_LIMIT} characters)")
            said = one_line(words.strip()) if words.strip() else rules.DEFAULT_WORDS
            if len(said) > WORDS_LIMIT:
                raise ServiceError(f"the words are too long (at most {WORDS_LIMIT} characters)")
            revisions = repo.revisions(goal_id)
            fields: dict[str, Any] = {
                "goal_id": goal_id,
                "entity": "goal",
                "entity_id": goal_id,
                "field": rules.ACKNOWLEDGED,
                "old": str(rules.goal_version(revisions)),
                "new": name,
                "reason": said,
                "at": self.ctx.clock.now(),
            }
            check("revision", fields)
            repo.add("revision", **fields)
            return rules.agreement(repo.revisions(goal_id))

        return repo.atomic(run)
