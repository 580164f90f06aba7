"""Schema 3, a goal's pauses as intervals.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import _v2_to_v3

    _v2_to_v3(op.get_bind())
