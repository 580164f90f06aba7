"""Schema 2, a goal's roll-up weight and checks on confidence and status.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from goaltui.storage.migrations import _v1_to_v2

    _v1_to_v2(op.get_bind())
