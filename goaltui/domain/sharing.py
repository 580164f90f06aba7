"""What a person is told about goals others own (the words only: no database here).

Kept apart from the sharing service so the goals screen, drawn before the
database layers are imported, can say them without importing those layers.
"""

from __future__ import annotations

from goaltui.domain.text import one_line

NEEDS_POSTGRES = (
    "sharing a goal needs a PostgreSQL database (--db postgresql+psycopg://...), "
    "where each person connects as a role of their own"
)


def read_only_line(owner: str, what: str = "change") -> str:
    """The one line that says why a goal shared by ``owner`` cannot be changed."""
    who = one_line(owner, 40)
    return f"{who} shared this goal with you to read; only {who} can {what} it"
